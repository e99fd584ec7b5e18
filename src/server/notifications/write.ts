import "server-only";
// The writer of notification rows. Always runs in the caller's transaction — the one that makes the change the
// message is about — so a message exists exactly when its cause committed. The unique key (event, recipient,
// channel) makes a repeated write (a retried command, a webhook replay, two racing transactions) one row.
import { randomUUID } from "node:crypto";
import type { Payout, PayoutStatus, Prisma } from "~/generated/prisma/client";
import { insertFromArrays, insertFromArraysSql } from "~/server/lifecycle/set-wise-sql";
import type { Tx } from "~/server/lifecycle/state-rows";
import { categoryOf } from "./kinds";
import { type NotificationChannel, type NotificationRequest, notificationKey } from "./request";

const NOTIFICATION_COLUMN_TYPES = {
  id: "text",
  key: "text",
  kind: "text",
  category: "text",
  channel: '"NotificationChannel"',
  userId: "text",
  toAddress: "text",
  lessonId: "text",
  data: "jsonb",
  state: '"NotificationState"',
  sentAt: "timestamp",
  groupKey: "text",
  nextAttemptAt: "timestamp",
  createdAt: "timestamp",
} satisfies Partial<Record<keyof Prisma.NotificationCreateManyInput, string>>;

const DEFAULT_CHANNELS: readonly NotificationChannel[] = ["EMAIL", "IN_APP"];

export async function writeNotifications(tx: Tx, requests: readonly NotificationRequest[], now: Date): Promise<number> {
  // one statement whatever the number of rows (see insertFromArrays); a key already written is skipped
  return insertFromArrays(tx, "Notification", NOTIFICATION_COLUMN_TYPES, notificationRows(requests, now), { skipDuplicates: true });
}

/** writeNotifications' statement, for a writer that sends its rows together (see executeTogether). */
export function writeNotificationsSql(requests: readonly NotificationRequest[], now: Date) {
  return insertFromArraysSql("Notification", NOTIFICATION_COLUMN_TYPES, notificationRows(requests, now), { skipDuplicates: true });
}

function notificationRows(requests: readonly NotificationRequest[], now: Date) {
  const channelsOf = (r: NotificationRequest): readonly NotificationChannel[] =>
    r.userId === null ? ["SLACK"] : r.toAddress ? ["EMAIL"] : (r.channels ?? DEFAULT_CHANNELS);
  return requests.flatMap((r) =>
    channelsOf(r).map((channel) => ({
      id: randomUUID(),
      key: notificationKey(r.event, r.userId, channel, r.toAddress),
      kind: r.kind,
      category: categoryOf(r.kind),
      channel,
      userId: r.userId,
      toAddress: r.toAddress ?? null,
      lessonId: r.lessonId ?? null,
      data: r.facts,
      // An in-app entry needs no sending: it exists (and shows from sendAt on) once its cause committed.
      state: channel === "IN_APP" ? ("SENT" as const) : ("PENDING" as const),
      sentAt: channel === "IN_APP" ? (r.sendAt ?? now) : null,
      groupKey: r.groupKey ?? null,
      nextAttemptAt: r.sendAt ?? now,
      createdAt: now,
    })),
  );
}

const PAYOUT_KINDS: Partial<Record<PayoutStatus, NotificationRequest["kind"]>> = {
  SENT: "payout_sent",
  PAID: "payout_paid",
  FAILED: "payout_failed",
  RETURNED: "payout_returned",
  PARTIALLY_RETURNED: "payout_returned",
};

/** The tutor hears of a payout that went, arrived, failed or came back (in the payout writer's transaction). */
export async function notifyPayoutStatus(tx: Tx, payout: Payout, status: PayoutStatus, now: Date, providerStatus?: string | null) {
  const kind = PAYOUT_KINDS[status];
  if (!kind) return 0;
  return writeNotifications(
    tx,
    [
      {
        kind,
        event: `payout:${payout.id}:${status.toLowerCase()}`,
        userId: payout.tutorId,
        facts: {
          payoutId: payout.id,
          amount: payout.amount,
          currency: payout.currency,
          method: payout.method,
          providerStatus: providerStatus ?? payout.providerStatus ?? null,
          lastError: payout.lastError ?? null,
        },
      },
    ],
    now,
  );
}

/**
 * The security message: the tutor's payout destination changed (always sent, cannot be turned off). Call it in the
 * transaction that stores the new destination; `changeId` names that change (e.g. its audit event id) so the message
 * is written once per change. It goes to the account's email and the app and, when a PayPal address is being
 * replaced, to that previous address too (whoever holds it is the one a thief takes the money from); that message
 * does not name the new destination.
 */
export async function notifyPayoutDestinationChanged(
  tx: Tx,
  change: {
    tutorId: string;
    changeId: string;
    method: string;
    destination: string;
    at: Date;
    /** when payouts to the new destination may start (the cool-off's end); default: at once */
    effectiveAt?: Date;
    previous?: { method: string | null; destination: string | null } | null;
  },
) {
  const event = `payout-destination:${change.changeId}`;
  const effectiveAt = (change.effectiveAt ?? change.at).toISOString();
  const requests: NotificationRequest[] = [
    {
      kind: "payout_destination_changed",
      event,
      userId: change.tutorId,
      facts: { method: change.method, destination: change.destination, changedAt: change.at.toISOString(), effectiveAt },
    },
  ];
  const previous = change.previous?.method === "PAYPAL" ? change.previous.destination?.trim().toLowerCase() : null;
  if (previous && previous !== change.destination.trim().toLowerCase()) {
    const tutor = await tx.user.findUnique({ where: { id: change.tutorId }, select: { email: true } });
    // The account's own email already has the full message above.
    if (tutor && tutor.email.trim().toLowerCase() !== previous) {
      requests.push({
        kind: "payout_destination_replaced",
        event,
        userId: change.tutorId,
        toAddress: previous,
        facts: { method: change.method, previousDestination: previous, changedAt: change.at.toISOString(), effectiveAt },
      });
    }
  }
  return writeNotifications(tx, requests, change.at);
}

/** Problem report received (the student's confirmation) or resolved (its outcome). */
export async function notifyProblemReport(
  tx: Tx,
  report: { id: string; lessonId: string; studentId: string; status: string; resolution?: string | null },
  now: Date,
) {
  const resolved = report.status !== "OPEN";
  return writeNotifications(
    tx,
    [
      {
        kind: resolved ? "problem_resolved" : "problem_received",
        event: `problem:${report.id}:${resolved ? "resolved" : "received"}`,
        userId: report.studentId,
        lessonId: report.lessonId,
        facts: { lessonId: report.lessonId, status: report.status, resolution: report.resolution ?? null },
      },
    ],
    now,
  );
}

/**
 * A CRITICAL alert was opened (or escalated to CRITICAL): every admin by email (grouped per admin) and in-app, and
 * the Slack-compatible webhook (grouped). Groups are sent at most once per digest window, so a storm is one message.
 */
export async function notifyCriticalAlert(
  tx: Tx,
  alert: { id: string; type: string; message: string; lessonId?: string | null },
  now: Date,
) {
  const admins = await tx.user.findMany({ where: { role: "ADMIN" }, select: { id: true } });
  const facts = {
    alertId: alert.id,
    type: alert.type,
    message: alert.message,
    lessonId: alert.lessonId ?? null,
    openedAt: now.toISOString(),
  };
  const event = `alert:${alert.id}:critical`;
  const requests: NotificationRequest[] = admins.flatMap((a) => [
    { kind: "critical_alert" as const, event, userId: a.id, facts, channels: ["EMAIL"] as const, groupKey: `alerts:${a.id}` },
    { kind: "critical_alert" as const, event, userId: a.id, facts, channels: ["IN_APP"] as const },
  ]);
  requests.push({ kind: "critical_alert", event, userId: null, facts, groupKey: "alerts:webhook" });
  return writeNotifications(tx, requests, now);
}
