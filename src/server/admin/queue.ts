import "server-only";
// "Needs attention": every stuck payment, payout, report and alert in one queue, each
// with the reason it is there and the moment something is lost. Read-only; the fixes
// are the admin actions (capture, void, refund, retry payout, resolve …).
//
// At size (10,000 open alerts) the queue is built in two steps: every item from light reads (ids, statuses, times:
// what the order and the counts need), then the people, payment and lesson of only the page shown (queue-page.ts).
// Loading relations for every item was most of the queue's time, and a cap per source hid items.
//
// One item per (reason, subject); an open alert about a subject already in the queue is
// shown with that item instead of twice. Items leave the queue when the cause is gone:
// a hold is captured or voided; a failed payout is retried (a newer payout exists) or its
// alert is resolved; an expired hold's alert is resolved; a report is decided.
import type { Prisma } from "~/generated/prisma/client";
import type { Policy } from "~/server/lifecycle/policy";
import {
  type QueueAlert,
  type QueueCategory,
  type QueueItem,
  type QueueLesson,
  type QueueOperation,
  type Severity,
  inCategory,
  orderQueue,
} from "./queue-types";
import { isOneOf, LIVE_OPERATION_STATES, RETURNED_PAYOUT_STATUSES, TERMINAL_LESSON_STATUSES } from "~/shared/statuses";
import type { Services } from "~/server/services";
import { disputeItemFields, openDisputes } from "./queue-disputes";

/** PayPal returns an unclaimed payout to the sender after 30 days. */
export const UNCLAIMED_RETURN_MS = 30 * 24 * 3_600_000;
/**
 * Rows read per source at most. Far above any queue a person works through; when reached the answer says so
 * (`truncated`) rather than silently dropping items.
 */
export const SOURCE_CAP = 20_000;

const userSelect = { select: { name: true, email: true } } as const;
const lessonInclude = { student: userSelect, tutor: userSelect } as const;

type LessonRow = Prisma.LessonGetPayload<{ include: typeof lessonInclude }>;
type PaymentRow = Prisma.PaymentGetPayload<object>;

/** An item before its lesson is loaded: everything the order, the filter and the counts need. */
export type DraftItem = QueueItem & { lessonId: string | null };

export interface AttentionIndex {
  now: Date;
  /** every item, in queue order, lessons not yet loaded */
  drafts: DraftItem[];
  /** a source reached SOURCE_CAP: more items exist than were read */
  truncated: boolean;
}

function lessonRef(l: LessonRow, p: PaymentRow | null): QueueLesson {
  return {
    id: l.id,
    status: l.status,
    scheduledStart: l.scheduledStart,
    scheduledEnd: l.scheduledEnd,
    finalizedAt: l.finalizedAt,
    priceAmount: l.priceAmount,
    currency: l.currency,
    student: l.student,
    tutor: l.tutor,
    payment: p && {
      id: p.id,
      status: p.status,
      amount: p.amount,
      currency: p.currency,
      amountCaptured: p.amountCaptured,
      amountRefunded: p.amountRefunded,
      settlementAmount: p.settlementAmount,
      captureBefore: p.captureBefore,
      providerPaymentIntentId: p.providerPaymentIntentId,
      lastError: p.lastError,
    },
  };
}

const opRef = (o: QueueOperation): QueueOperation => ({
  id: o.id,
  kind: o.kind,
  state: o.state,
  attempts: o.attempts,
  lastError: o.lastError,
  nextAttemptAt: o.nextAttemptAt,
  createdAt: o.createdAt,
});

function item(
  lessonId: string | null,
  partial: Pick<QueueItem, "key" | "category" | "severity" | "since" | "deadline"> & Partial<QueueItem>,
): DraftItem {
  return { lesson: null, operation: null, payout: null, report: null, dispute: null, alert: null, alerts: [], ...partial, lessonId };
}

/** The payment-side reason a lesson is in the queue, if any (the most specific one wins). */
export function classifyPayment(
  p: { status: string; captureBefore: Date | null; settlementAmount: number | null },
  lessonStatus: string,
  operations: readonly QueueOperation[],
  now: Date,
  policy: Pick<Policy, "captureDeadlineWarningMs">,
): { category: Exclude<QueueCategory, "PAYOUT_PROBLEM" | "PROBLEM_REPORT" | "OPEN_ALERT">; operation: QueueOperation | null } | null {
  const capture = operations.filter((o) => o.kind === "CAPTURE").sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0] ?? null;
  const live = operations.some((o) => isOneOf(LIVE_OPERATION_STATES, o.state));
  if (p.status === "AUTHORIZED") {
    if (capture && (capture.state === "UNKNOWN" || (capture.state === "PENDING" && capture.attempts >= 1)))
      return { category: "CAPTURE_RETRYING", operation: capture };
    if (capture && capture.state === "FAILED" && !live) return { category: "CAPTURE_FAILED", operation: capture };
    if (isOneOf(TERMINAL_LESSON_STATUSES, lessonStatus) && !live) return { category: "ORPHANED_AUTHORIZATION", operation: null };
    if (p.captureBefore && p.captureBefore.getTime() - now.getTime() <= policy.captureDeadlineWarningMs)
      return { category: "DEADLINE_NEAR", operation: capture };
    return null;
  }
  // An expired hold matters when money was (or may have been) due: not when the lesson settled at nothing.
  if (p.status === "EXPIRED" && p.settlementAmount !== 0) return { category: "AUTHORIZATION_EXPIRED", operation: null };
  return null;
}

function alertRef(a: {
  id: string;
  type: string;
  severity: string;
  message: string;
  subjectType: string;
  subjectId: string;
  lessonId: string | null;
  openedAt: Date;
}): QueueAlert {
  return {
    id: a.id,
    type: a.type,
    severity: a.severity as Severity,
    message: a.message,
    subjectType: a.subjectType,
    subjectId: a.subjectId,
    lessonId: a.lessonId,
    openedAt: a.openedAt,
  };
}

/** Every item in queue order, from light reads only (no people, no payment details). */
export async function attentionIndex(services: Pick<Services, "db" | "now" | "policy">): Promise<AttentionIndex> {
  const { db, policy } = services;
  const now = services.now();
  const warnBy = new Date(now.getTime() + policy.captureDeadlineWarningMs);
  const [payments, payouts, reports, openAlerts, disputes] = await Promise.all([
    db.payment.findMany({
      where: {
        OR: [
          { status: "AUTHORIZED", lesson: { status: { in: [...TERMINAL_LESSON_STATUSES] } } },
          { status: "AUTHORIZED", captureBefore: { lte: warnBy } },
          {
            status: "AUTHORIZED",
            operations: {
              some: { kind: "CAPTURE", OR: [{ state: "UNKNOWN" }, { state: "FAILED" }, { state: "PENDING", attempts: { gte: 1 } }] },
            },
          },
          { status: "EXPIRED", OR: [{ settlementAmount: null }, { settlementAmount: { gt: 0 } }] },
        ],
      },
      select: {
        lessonId: true,
        status: true,
        captureBefore: true,
        settlementAmount: true,
        updatedAt: true,
        lesson: { select: { status: true, finalizedAt: true, scheduledEnd: true } },
        operations: {
          select: { id: true, kind: true, state: true, attempts: true, lastError: true, nextAttemptAt: true, createdAt: true },
        },
      },
      orderBy: { updatedAt: "desc" },
      take: SOURCE_CAP,
    }),
    db.payout.findMany({
      where: { OR: [{ status: { in: [...RETURNED_PAYOUT_STATUSES] } }, { status: "SENT", providerStatus: "UNCLAIMED" }] },
      orderBy: { createdAt: "desc" },
      take: SOURCE_CAP,
    }),
    db.problemReport.findMany({
      where: { status: "OPEN" },
      select: { id: true, lessonId: true, reason: true, createdAt: true },
      orderBy: { createdAt: "asc" },
      take: SOURCE_CAP,
    }),
    db.alert.findMany({
      where: { resolvedAt: null },
      select: { id: true, type: true, severity: true, message: true, subjectType: true, subjectId: true, lessonId: true, openedAt: true },
      orderBy: { openedAt: "asc" },
      take: SOURCE_CAP,
    }),
    openDisputes(db, SOURCE_CAP),
  ]);
  const truncated = [payments, payouts, reports, openAlerts, disputes].some((rows) => rows.length >= SOURCE_CAP);

  const items: DraftItem[] = [];

  // 1. payments: orphans, retrying/failed captures, holds near their deadline, expired holds
  const expiredLessonIds = payments.filter((p) => p.status === "EXPIRED").map((p) => p.lessonId);
  const acknowledgedExpiries = new Set(
    expiredLessonIds.length
      ? (
          await db.alert.findMany({
            where: { type: "AUTHORIZATION_EXPIRED", lessonId: { in: expiredLessonIds }, resolvedAt: { not: null } },
            select: { lessonId: true },
          })
        ).map((a) => a.lessonId)
      : [],
  );
  const openExpiryAlerts = new Set(openAlerts.filter((a) => a.type === "AUTHORIZATION_EXPIRED").map((a) => a.lessonId));
  for (const p of payments) {
    const c = classifyPayment(p, p.lesson.status, p.operations, now, policy);
    if (!c) continue;
    if (c.category === "AUTHORIZATION_EXPIRED" && acknowledgedExpiries.has(p.lessonId) && !openExpiryAlerts.has(p.lessonId)) continue;
    const deadline = p.status === "AUTHORIZED" ? p.captureBefore : null;
    const soon = deadline !== null && deadline.getTime() - now.getTime() <= policy.captureDeadlineWarningMs;
    const base = {
      key: `${c.category}:${p.lessonId}`,
      category: c.category,
      operation: c.operation && opRef(c.operation),
      deadline,
    };
    switch (c.category) {
      case "ORPHANED_AUTHORIZATION":
        items.push(
          item(p.lessonId, { ...base, severity: soon ? "CRITICAL" : "WARNING", since: p.lesson.finalizedAt ?? p.lesson.scheduledEnd }),
        );
        break;
      case "CAPTURE_RETRYING":
        items.push(item(p.lessonId, { ...base, severity: soon ? "CRITICAL" : "WARNING", since: c.operation!.createdAt }));
        break;
      case "CAPTURE_FAILED":
        items.push(item(p.lessonId, { ...base, severity: "CRITICAL", since: c.operation!.createdAt }));
        break;
      case "DEADLINE_NEAR": {
        // finalize captures it in time only if the lesson is over (plus grace) before the hold lapses
        const finalizeAt = p.lesson.scheduledEnd.getTime() + policy.finalizeGraceMs;
        const inTime = deadline !== null && finalizeAt < deadline.getTime();
        items.push(
          item(p.lessonId, {
            ...base,
            severity: inTime ? "WARNING" : "CRITICAL",
            since: new Date(deadline!.getTime() - policy.captureDeadlineWarningMs),
          }),
        );
        break;
      }
      case "AUTHORIZATION_EXPIRED":
        items.push(item(p.lessonId, { ...base, severity: "WARNING", since: p.captureBefore ?? p.updatedAt }));
        break;
    }
  }

  // 2. payouts that came back or wait for the receiver
  const tutorIds = [...new Set(payouts.map((p) => p.tutorId))];
  const [tutors, newer, resolvedPayoutAlerts] = await Promise.all([
    db.user.findMany({ where: { id: { in: tutorIds } }, select: { id: true, name: true, email: true } }),
    tutorIds.length
      ? db.payout.groupBy({ by: ["tutorId"], where: { tutorId: { in: tutorIds } }, _max: { createdAt: true } })
      : Promise.resolve([]),
    payouts.length
      ? db.alert.findMany({
          where: { subjectType: "PAYOUT", subjectId: { in: payouts.map((p) => p.id) }, resolvedAt: { not: null } },
          select: { subjectId: true },
        })
      : Promise.resolve([]),
  ]);
  const tutorById = new Map(tutors.map((t) => [t.id, { name: t.name, email: t.email }]));
  const latestPayoutAt = new Map(newer.map((n) => [n.tutorId, n._max.createdAt]));
  const openPayoutAlerts = new Set(openAlerts.filter((a) => a.subjectType === "PAYOUT").map((a) => a.subjectId));
  const resolvedPayouts = new Set(resolvedPayoutAlerts.map((a) => a.subjectId));
  for (const p of payouts) {
    const unclaimed = p.status === "SENT";
    if (!unclaimed) {
      const retried = (latestPayoutAt.get(p.tutorId)?.getTime() ?? 0) > p.createdAt.getTime();
      const acknowledged = resolvedPayouts.has(p.id) && !openPayoutAlerts.has(p.id);
      if (retried || acknowledged) continue;
    }
    items.push(
      item(null, {
        key: `PAYOUT_PROBLEM:${p.id}`,
        category: "PAYOUT_PROBLEM",
        severity: "WARNING",
        since: unclaimed ? (p.sentAt ?? p.createdAt) : p.updatedAt,
        deadline: unclaimed ? new Date((p.sentAt ?? p.createdAt).getTime() + UNCLAIMED_RETURN_MS) : null,
        payout: {
          id: p.id,
          tutorId: p.tutorId,
          tutor: tutorById.get(p.tutorId) ?? null,
          amount: p.amount,
          currency: p.currency,
          method: p.method,
          status: p.status,
          providerStatus: p.providerStatus,
          destination: p.destination,
          lastError: p.lastError,
          createdAt: p.createdAt,
          sentAt: p.sentAt,
        },
      }),
    );
  }

  // 3. problem reports awaiting a decision
  for (const r of reports) {
    items.push(
      item(r.lessonId, {
        key: `PROBLEM_REPORT:${r.lessonId}`,
        category: "PROBLEM_REPORT",
        severity: "WARNING",
        since: r.createdAt,
        deadline: null,
        report: { id: r.id, reason: r.reason, createdAt: r.createdAt },
      }),
    );
  }

  // 3b. disputes: evidence due (its deadline) or waiting for the card network's decision
  for (const d of disputes) items.push(item(d.lessonId, disputeItemFields(d)));

  // 4. open alerts: with their subject's item when it is in the queue, else on their own
  const byLesson = new Map<string, DraftItem>();
  const byPayout = new Map<string, DraftItem>();
  for (const it of items) {
    if (it.lessonId && it.category !== "PROBLEM_REPORT" && (it.category === "DISPUTE" || !byLesson.has(it.lessonId)))
      byLesson.set(it.lessonId, it);
    if (it.lessonId && it.category === "PROBLEM_REPORT" && !byLesson.has(it.lessonId)) byLesson.set(it.lessonId, it);
    if (it.payout) byPayout.set(it.payout.id, it);
  }
  for (const a of openAlerts) {
    const ref = alertRef(a);
    const owner = (a.lessonId && byLesson.get(a.lessonId)) || (a.subjectType === "PAYOUT" ? byPayout.get(a.subjectId) : undefined);
    if (owner) {
      owner.alerts.push(ref);
      continue;
    }
    items.push(
      item(a.lessonId, {
        key: `OPEN_ALERT:${a.id}`,
        category: "OPEN_ALERT",
        severity: ref.severity,
        since: a.openedAt,
        deadline: null,
        alert: ref,
      }),
    );
  }

  return { now, drafts: orderQueue(items, now), truncated };
}

/** The drafts with their lessons (people and payment): one read for all of them. */
export async function withLessons(db: Services["db"], drafts: readonly DraftItem[]): Promise<QueueItem[]> {
  const ids = [...new Set(drafts.flatMap((d) => (d.lessonId ? [d.lessonId] : [])))];
  const lessons = ids.length ? await db.lesson.findMany({ where: { id: { in: ids } }, include: { ...lessonInclude, payment: true } }) : [];
  const byId = new Map(lessons.map((l) => [l.id, lessonRef(l, l.payment)]));
  return drafts.map(({ lessonId, ...rest }) => ({ ...rest, lesson: lessonId ? (byId.get(lessonId) ?? null) : null }));
}

/** The whole queue, every item with its lesson (tests and small queues; the admin page reads it a page at a time). */
export async function needsAttention(services: Pick<Services, "db" | "now" | "policy">): Promise<QueueItem[]> {
  const { drafts } = await attentionIndex(services);
  return withLessons(services.db, drafts);
}

export function filterQueue<T extends QueueItem>(items: readonly T[], category: QueueCategory | undefined): T[] {
  return category ? items.filter((i) => inCategory(i, category)) : [...items];
}
