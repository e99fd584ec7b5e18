// Every status list the product speaks, in one place: the lifecycle, the jobs' queries, the admin filters and the
// pages all read these. Plain data (importable by the browser); the values equal the Prisma enums of the same
// names, which a unit test checks against the generated client. Raw-SQL fragments built from them live in
// src/server/db/status-sql.ts.

export const LESSON_STATUSES = ["SCHEDULED", "IN_PROGRESS", "ENDED_EARLY", "COMPLETED", "CANCELLED", "NO_SHOW"] as const;
export type LessonStatus = (typeof LESSON_STATUSES)[number];

/** A lesson that is over: settled by the lifecycle, never moves again. */
export const TERMINAL_LESSON_STATUSES = ["COMPLETED", "CANCELLED", "NO_SHOW"] as const satisfies readonly LessonStatus[];
/** A lesson not settled yet: finalize (or a cancel) will move it. */
export const ACTIVE_LESSON_STATUSES = ["SCHEDULED", "IN_PROGRESS", "ENDED_EARLY"] as const satisfies readonly LessonStatus[];

export const PAYMENT_STATUSES = [
  "AWAITING_AUTHORIZATION",
  "AUTHORIZED",
  "CAPTURED",
  "PARTIALLY_REFUNDED",
  "REFUNDED",
  "VOIDED",
  "EXPIRED",
  "FAILED",
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** A payment whose money is not settled yet: a hold exists or is still to be placed. */
export const UNSETTLED_PAYMENT_STATUSES = ["AWAITING_AUTHORIZATION", "AUTHORIZED"] as const satisfies readonly PaymentStatus[];
/** A payment whose money was taken (and perhaps partly or wholly given back). */
export const CAPTURED_PAYMENT_STATUSES = ["CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED"] as const satisfies readonly PaymentStatus[];
/** A payment whose money was (partly or wholly) given back. */
export const REFUNDED_PAYMENT_STATUSES = ["PARTIALLY_REFUNDED", "REFUNDED"] as const satisfies readonly PaymentStatus[];
/** A hold that is gone without a capture: released by us, or lapsed at the provider. */
export const RELEASED_PAYMENT_STATUSES = ["VOIDED", "EXPIRED"] as const satisfies readonly PaymentStatus[];

export const OPERATION_STATES = ["PENDING", "IN_FLIGHT", "SUCCEEDED", "FAILED", "UNKNOWN"] as const;
export type OperationState = (typeof OPERATION_STATES)[number];
/** An outbox operation that is not finished: it may still act at the provider. */
export const LIVE_OPERATION_STATES = ["PENDING", "IN_FLIGHT", "UNKNOWN"] as const satisfies readonly OperationState[];
/** An operation the worker may claim: due to run, or to be reconciled after an unknown outcome. */
export const CLAIMABLE_OPERATION_STATES = ["PENDING", "UNKNOWN"] as const satisfies readonly OperationState[];

export const PAYOUT_STATUSES = ["QUEUED", "SENDING", "UNKNOWN", "SENT", "PAID", "FAILED", "RETURNED", "PARTIALLY_RETURNED"] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];
/** A payout on its way: at most one per tutor (a partial unique index in the database). */
export const LIVE_PAYOUT_STATUSES = ["QUEUED", "SENDING", "UNKNOWN", "SENT"] as const satisfies readonly PayoutStatus[];
/** A payout the sender may claim: queued, or to be reconciled after an unknown outcome. */
export const CLAIMABLE_PAYOUT_STATUSES = ["QUEUED", "UNKNOWN"] as const satisfies readonly PayoutStatus[];
/** A payout that did not arrive or came back: its money is in the tutor's balance again. */
export const RETURNED_PAYOUT_STATUSES = ["FAILED", "RETURNED"] as const satisfies readonly PayoutStatus[];
/** A payout that has left us (the provider accepted it). */
export const SENT_PAYOUT_STATUSES = ["SENT", "PAID"] as const satisfies readonly PayoutStatus[];
/** A payout whose outcome is known: paid, or the money came back. */
export const SETTLED_PAYOUT_STATUSES = ["PAID", ...RETURNED_PAYOUT_STATUSES] as const satisfies readonly PayoutStatus[];

export const DISPUTE_STATUSES = [
  "WARNING_NEEDS_RESPONSE",
  "WARNING_UNDER_REVIEW",
  "WARNING_CLOSED",
  "NEEDS_RESPONSE",
  "UNDER_REVIEW",
  "WON",
  "LOST",
] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];
/** A dispute (or inquiry) not decided yet: it freezes the lesson's tutor earning. */
export const OPEN_DISPUTE_STATUSES = [
  "WARNING_NEEDS_RESPONSE",
  "WARNING_UNDER_REVIEW",
  "NEEDS_RESPONSE",
  "UNDER_REVIEW",
] as const satisfies readonly DisputeStatus[];
/** A dispute that waits for our evidence (the admin's "Submit evidence"). */
export const RESPONSE_DUE_DISPUTE_STATUSES = ["WARNING_NEEDS_RESPONSE", "NEEDS_RESPONSE"] as const satisfies readonly DisputeStatus[];
/** A dispute decided: its money is settled (lost: taken back from both sides; won or an inquiry closed: released). */
export const CLOSED_DISPUTE_STATUSES = ["WARNING_CLOSED", "WON", "LOST"] as const satisfies readonly DisputeStatus[];

/** `value` is one of `list` (narrows the type). */
export function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}
