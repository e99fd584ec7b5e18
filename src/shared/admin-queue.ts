// The "needs attention" queue: its item shape and its order. Pure (no I/O), so the
// order is unit-tested and the browser can import the types and the category list.

export const QUEUE_CATEGORIES = [
  "DEADLINE_NEAR",
  "ORPHANED_AUTHORIZATION",
  "CAPTURE_RETRYING",
  "CAPTURE_FAILED",
  "AUTHORIZATION_EXPIRED",
  "PAYOUT_PROBLEM",
  "PROBLEM_REPORT",
  "DISPUTE",
  "OPEN_ALERT",
] as const;
export type QueueCategory = (typeof QUEUE_CATEGORIES)[number];

export type Severity = "CRITICAL" | "WARNING" | "INFO";

export interface QueueLesson {
  id: string;
  status: string;
  scheduledStart: Date;
  scheduledEnd: Date;
  finalizedAt: Date | null;
  priceAmount: number;
  currency: string;
  student: { name: string; email: string };
  tutor: { name: string; email: string };
  payment: {
    id: string;
    status: string;
    amount: number;
    currency: string;
    amountCaptured: number;
    amountRefunded: number;
    settlementAmount: number | null;
    captureBefore: Date | null;
    providerPaymentIntentId: string | null;
    lastError: string | null;
  } | null;
}

export interface QueueOperation {
  id: string;
  kind: string;
  state: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  createdAt: Date;
}

export interface QueuePayout {
  id: string;
  tutorId: string;
  tutor: { name: string; email: string } | null;
  amount: number;
  currency: string;
  method: string;
  status: string;
  providerStatus: string | null;
  destination: string;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export interface QueueDispute {
  id: string;
  providerDisputeId: string;
  status: string;
  amount: number;
  currency: string;
  reason: string;
  evidenceDueBy: Date | null;
  evidenceSubmittedAt: Date | null;
}

export interface QueueAlert {
  id: string;
  type: string;
  severity: Severity;
  message: string;
  subjectType: string;
  subjectId: string;
  lessonId: string | null;
  openedAt: Date;
}

export interface QueueItem {
  /** stable across reloads: category + subject id */
  key: string;
  category: QueueCategory;
  severity: Severity;
  /** when it started needing attention */
  since: Date;
  /** when something is lost if nobody acts (the hold lapses, the payout returns); null when nothing lapses */
  deadline: Date | null;
  lesson: QueueLesson | null;
  operation: QueueOperation | null;
  payout: QueuePayout | null;
  report: { id: string; reason: string; createdAt: Date } | null;
  /** the lesson's dispute (DISPUTE items) */
  dispute: QueueDispute | null;
  /** the alert itself (OPEN_ALERT items) */
  alert: QueueAlert | null;
  /** open alerts about the same lesson or payout, shown with this item rather than as items of their own */
  alerts: QueueAlert[];
}

/**
 * Three tiers, then time:
 *   0 — something lapses at a known moment still ahead (a hold, an unclaimed payout): soonest deadline first;
 *   1 — a decision or a repair is needed and nothing lapses by itself (failed captures and payouts, problem
 *       reports, critical alerts, a deadline already passed on a hold we still think is live): gravest, then oldest first;
 *   2 — for the record (expired holds, warnings): gravest, then oldest first.
 */
export function queueTier(item: Pick<QueueItem, "category" | "severity" | "deadline">, now: Date): 0 | 1 | 2 {
  if (item.deadline && item.deadline.getTime() > now.getTime()) return 0;
  if (item.category === "AUTHORIZATION_EXPIRED") return 2;
  if (item.category === "OPEN_ALERT") return item.severity === "CRITICAL" ? 1 : 2;
  return 1;
}

const SEVERITY_RANK: Record<Severity, number> = { CRITICAL: 0, WARNING: 1, INFO: 2 };

/** Where an item stands in the queue: all the order looks at (a page cursor carries exactly this). */
export type QueuePosition = Pick<QueueItem, "key" | "category" | "severity" | "since" | "deadline">;

export function compareQueueItems(a: QueuePosition, b: QueuePosition, now: Date): number {
  const ta = queueTier(a, now);
  const tb = queueTier(b, now);
  if (ta !== tb) return ta - tb;
  if (ta === 0) {
    const d = a.deadline!.getTime() - b.deadline!.getTime();
    if (d !== 0) return d;
  } else {
    const s = SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity];
    if (s !== 0) return s;
  }
  const since = a.since.getTime() - b.since.getTime();
  return since !== 0 ? since : a.key.localeCompare(b.key);
}

export function orderQueue<T extends QueueItem>(items: readonly T[], now: Date): T[] {
  return [...items].sort((a, b) => compareQueueItems(a, b, now));
}

/** Whether an item belongs in a category's view: alerts count there whether shown alone or with their subject. */
export function inCategory(item: Pick<QueueItem, "category" | "alerts">, category: QueueCategory): boolean {
  return item.category === category || (category === "OPEN_ALERT" && item.alerts.length > 0);
}

export function countByCategory(items: readonly Pick<QueueItem, "category" | "alerts">[]): Record<QueueCategory, number> {
  const counts = Object.fromEntries(QUEUE_CATEGORIES.map((c) => [c, 0])) as Record<QueueCategory, number>;
  for (const item of items) {
    counts[item.category] += 1;
    if (item.category !== "OPEN_ALERT" && item.alerts.length > 0) counts.OPEN_ALERT += 1;
  }
  return counts;
}
