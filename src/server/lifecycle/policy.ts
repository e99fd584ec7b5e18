import "server-only";
// Every number the lifecycle depends on lives here and nowhere else, so a rule change is a one-line diff
// that the rendered docs/lifecycle.md table and the tests both pick up. Sources are in docs/domain.md's rule table.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type PayoutMethod = "STRIPE" | "PAYPAL";
export type LessonDuration = 25 | 50;

export interface OperationRetryPolicy {
  /** first retry delay; doubles per attempt */
  baseMs: number;
  /** ceiling for the doubled delay */
  maxMs: number;
  /** raise an OPERATION_RETRYING alert once an operation has failed this many times */
  alertAfterAttempts: number;
}

export interface NotificationPolicy {
  /** the student's reminder goes this long before the scheduled start */
  reminderBeforeStartMs: number;
  /** first retry of a message that could not be sent; doubles per attempt */
  retryBaseMs: number;
  /** ceiling for the doubled delay */
  retryMaxMs: number;
  /** after this many failed attempts the message is given up (FAILED) and an alert is raised */
  maxAttempts: number;
  /** a SENDING claim older than this belongs to a worker that died: its message is looked up or re-sent */
  stuckSendingMs: number;
  /** alert digests (admins' email, the Slack webhook) go at most once per this window */
  alertDigestWindowMs: number;
}

export interface Policy {
  /** platform fee in basis points of the captured amount (2000 = 20 %) */
  platformFeeBps: number;
  /** the lesson room opens this long before the scheduled start */
  joinWindowOpensBeforeStartMs: number;
  /** a lesson is finalized this long after its scheduled end */
  finalizeGraceMs: number;
  /** share of the price captured when only the tutor joined */
  studentNoShowCaptureBps: number;
  /** share of the price captured when the student cancels with less notice than freeCancellationNoticeMs */
  lateCancelCaptureBps: number;
  /** a student cancelling at least this long before the start pays nothing */
  freeCancellationNoticeMs: number;
  /** authorize at booking only if scheduled end + grace falls within this horizon from now */
  authorizationHorizonMs: number;
  /** far-ahead bookings are authorized off-session this long before the start */
  scheduledAuthorizationLeadMs: number;
  /** after a declined off-session authorization, try again this much later */
  authorizationRetryIntervalMs: number;
  /** stop retrying (and cancel the lesson) once the start is this close */
  authorizationGiveUpBeforeStartMs: number;
  /** alert when an uncaptured authorization is this close to the provider's captureBefore */
  captureDeadlineWarningMs: number;
  /** students may report a problem until this long after the scheduled end */
  problemReportWindowMs: number;
  /** a tutor's earning becomes available this long after the scheduled end unless held */
  earningsHoldMs: number;
  /** alert when a tutor's available balance (a reversal after payout, PayPal: no pull) stays negative this long */
  negativeBalanceAlertAfterMs: number;
  /** smallest payout per method, in minor units of the payout currency */
  payoutMinimums: Readonly<Record<PayoutMethod, number>>;
  /** the windowless orphan sweep runs this often */
  orphanSweepIntervalMinutes: number;
  /** the finalize cron runs this often */
  finalizeIntervalMinutes: number;
  /** the payout run happens this often */
  payoutIntervalMinutes: number;
  /** reconciliation walks provider objects created this far back (refunds and disputes arrive months after a capture) */
  reconcileLookbackMs: number;
  /** a new reconciliation pass starts this long after the previous one started (an unfinished one resumes first) */
  reconcileIntervalMs: number;
  operationRetry: Readonly<OperationRetryPolicy>;
  notifications: Readonly<NotificationPolicy>;
  allowedDurations: readonly LessonDuration[];
  /** a student may have at most this many lessons booked and not yet over */
  maxUpcomingLessonsPerStudent: number;
  /** of those, at most this many booked far ahead with the card only saved (no hold yet) */
  maxUnheldLessonsPerStudent: number;
  /** at most this many lessons between one student and one tutor in any 7 days */
  maxWeeklyLessonsWithTutor: number;
  /** after a tutor replaces their payout destination, no payout is made for this long (time to notice a theft) */
  payoutDestinationCoolOffMs: number;
}

export const defaultPolicy: Readonly<Policy> = Object.freeze({
  platformFeeBps: 2000,
  joinWindowOpensBeforeStartMs: 15 * MINUTE,
  finalizeGraceMs: 15 * MINUTE,
  studentNoShowCaptureBps: 5000,
  lateCancelCaptureBps: 5000,
  freeCancellationNoticeMs: 24 * HOUR,
  authorizationHorizonMs: 6 * DAY,
  scheduledAuthorizationLeadMs: 48 * HOUR,
  // Four tries fit between the 48 h lead and the 24 h give-up point, spread so a card topped up during the day counts.
  authorizationRetryIntervalMs: 6 * HOUR,
  authorizationGiveUpBeforeStartMs: 24 * HOUR,
  captureDeadlineWarningMs: 24 * HOUR,
  problemReportWindowMs: 72 * HOUR,
  earningsHoldMs: 72 * HOUR,
  negativeBalanceAlertAfterMs: 30 * DAY,
  payoutMinimums: Object.freeze({ STRIPE: 100, PAYPAL: 1000 }),
  orphanSweepIntervalMinutes: 15,
  finalizeIntervalMinutes: 1,
  payoutIntervalMinutes: 60,
  // Stripe accepts refunds for up to 180 days after a charge and card networks allow disputes for about 120 days.
  reconcileLookbackMs: 180 * DAY,
  reconcileIntervalMs: 24 * HOUR,
  operationRetry: Object.freeze({ baseMs: 30_000, maxMs: 30 * MINUTE, alertAfterAttempts: 5 }),
  notifications: Object.freeze({
    reminderBeforeStartMs: 1 * HOUR,
    retryBaseMs: MINUTE,
    retryMaxMs: HOUR,
    maxAttempts: 8,
    stuckSendingMs: 2 * MINUTE,
    alertDigestWindowMs: 5 * MINUTE,
  }),
  allowedDurations: Object.freeze([25, 50] as const),
  // Hoarding limits: room for a lesson every day with one tutor and several tutors at once, but not for holding
  // every free slot two weeks out with no card hold and free cancellation.
  maxUpcomingLessonsPerStudent: 20,
  maxUnheldLessonsPerStudent: 8,
  maxWeeklyLessonsWithTutor: 7,
  payoutDestinationCoolOffMs: 72 * HOUR,
});

export type PolicyOverrides = Partial<Omit<Policy, "payoutMinimums" | "operationRetry" | "notifications">> & {
  payoutMinimums?: Partial<Record<PayoutMethod, number>>;
  operationRetry?: Partial<OperationRetryPolicy>;
  notifications?: Partial<NotificationPolicy>;
};

/** A policy with some numbers changed (tests, env such as PLATFORM_FEE_BPS). Throws on a nonsensical value. */
export function policyWith(overrides: PolicyOverrides, base: Readonly<Policy> = defaultPolicy): Readonly<Policy> {
  const policy: Policy = {
    ...base,
    ...overrides,
    payoutMinimums: Object.freeze({ ...base.payoutMinimums, ...overrides.payoutMinimums }),
    operationRetry: Object.freeze({ ...base.operationRetry, ...overrides.operationRetry }),
    notifications: Object.freeze({ ...base.notifications, ...overrides.notifications }),
    allowedDurations: Object.freeze([...(overrides.allowedDurations ?? base.allowedDurations)]),
  };
  assertValidPolicy(policy);
  return Object.freeze(policy);
}

/** Numbers that would make the rules contradict themselves are refused at start-up, not discovered at capture time. */
export function assertValidPolicy(policy: Policy): void {
  const problems: string[] = [];
  const nonNegativeInt = (name: string, value: number) => {
    if (!Number.isSafeInteger(value) || value < 0) problems.push(`${name} must be a non-negative integer (got ${value})`);
  };
  const bps = (name: string, value: number) => {
    if (!Number.isInteger(value) || value < 0 || value > 10_000) {
      problems.push(`${name} must be an integer between 0 and 10000 basis points (got ${value})`);
    }
  };
  bps("platformFeeBps", policy.platformFeeBps);
  bps("studentNoShowCaptureBps", policy.studentNoShowCaptureBps);
  bps("lateCancelCaptureBps", policy.lateCancelCaptureBps);
  for (const key of [
    "joinWindowOpensBeforeStartMs",
    "finalizeGraceMs",
    "freeCancellationNoticeMs",
    "authorizationHorizonMs",
    "scheduledAuthorizationLeadMs",
    "authorizationRetryIntervalMs",
    "authorizationGiveUpBeforeStartMs",
    "captureDeadlineWarningMs",
    "problemReportWindowMs",
    "earningsHoldMs",
    "negativeBalanceAlertAfterMs",
    "orphanSweepIntervalMinutes",
    "finalizeIntervalMinutes",
    "payoutIntervalMinutes",
    "reconcileLookbackMs",
    "reconcileIntervalMs",
    "payoutDestinationCoolOffMs",
  ] as const) {
    nonNegativeInt(key, policy[key]);
  }
  for (const key of ["maxUpcomingLessonsPerStudent", "maxUnheldLessonsPerStudent", "maxWeeklyLessonsWithTutor"] as const) {
    if (!Number.isSafeInteger(policy[key]) || policy[key] < 1)
      problems.push(`${key} must be a whole number of lessons, at least 1 (got ${policy[key]})`);
  }
  nonNegativeInt("payoutMinimums.STRIPE", policy.payoutMinimums.STRIPE);
  nonNegativeInt("payoutMinimums.PAYPAL", policy.payoutMinimums.PAYPAL);
  nonNegativeInt("operationRetry.baseMs", policy.operationRetry.baseMs);
  nonNegativeInt("operationRetry.maxMs", policy.operationRetry.maxMs);
  nonNegativeInt("operationRetry.alertAfterAttempts", policy.operationRetry.alertAfterAttempts);
  if (policy.operationRetry.maxMs < policy.operationRetry.baseMs) problems.push("operationRetry.maxMs must be ≥ baseMs");
  for (const [key, value] of Object.entries(policy.notifications)) nonNegativeInt(`notifications.${key}`, value);
  if (policy.notifications.retryMaxMs < policy.notifications.retryBaseMs) problems.push("notifications.retryMaxMs must be ≥ retryBaseMs");
  if (policy.notifications.maxAttempts < 1) problems.push("notifications.maxAttempts must be at least 1");
  if (policy.authorizationRetryIntervalMs === 0) problems.push("authorizationRetryIntervalMs must be positive");
  if (policy.scheduledAuthorizationLeadMs <= policy.authorizationGiveUpBeforeStartMs) {
    problems.push("scheduledAuthorizationLeadMs must be longer than authorizationGiveUpBeforeStartMs, or no attempt is ever made");
  }
  if (policy.allowedDurations.length === 0 || policy.allowedDurations.some((d) => d !== 25 && d !== 50)) {
    problems.push("allowedDurations must be a non-empty subset of [25, 50]");
  }
  if (problems.length > 0) throw new RangeError(`Invalid lifecycle policy: ${problems.join("; ")}`);
}

/** Delay before retry number `attempt` (1-based) of a failed payment operation: exponential, capped. */
export function operationRetryDelayMs(attempt: number, policy: Readonly<Policy> = defaultPolicy): number {
  const { baseMs, maxMs } = policy.operationRetry;
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(maxMs, baseMs * 2 ** exponent);
}

/** Delay before retry number `attempt` (1-based) of a message that could not be sent: exponential, capped. */
export function notificationRetryDelayMs(attempt: number, policy: Readonly<Policy> = defaultPolicy): number {
  const { retryBaseMs, retryMaxMs } = policy.notifications;
  return Math.min(retryMaxMs, retryBaseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
}
