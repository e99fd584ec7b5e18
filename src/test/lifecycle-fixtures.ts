import "server-only";
// Builders for lifecycle unit tests: a lesson at a fixed instant with overridable fields, and a `run` that picks the
// natural actor for each command, so tests read as "who did what, when".

import type {
  DisputeSnapshot,
  Actor,
  Command,
  LessonSnapshot,
  LessonState,
  LiveOperation,
  PaymentSnapshot,
  Rejection,
  TransitionOutcome,
  TransitionResult,
} from "~/server/lifecycle/types";
import type { Policy } from "~/server/lifecycle/policy";
import { defaultPolicy } from "~/server/lifecycle/policy";
import { unstartedLesson } from "~/server/lifecycle/booking";
import { transition } from "~/server/lifecycle/transition";

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const DAY = 24 * HOUR;

/** The incident's lesson: 23:00–23:25 UTC, $4.50. */
export const START = new Date("2030-03-14T23:00:00.000Z");
export const at = (offsetMs: number, from: Date = START) => new Date(from.getTime() + offsetMs);

export interface StateOverrides {
  lesson?: Partial<LessonSnapshot>;
  payment?: Partial<PaymentSnapshot>;
  liveOperations?: LiveOperation[];
  refundOperationCount?: number;
  pendingRefundAmount?: number;
  captureOperationCount?: number;
  voidOperationCount?: number;
  disputeEvidenceOperationCount?: number;
  dispute?: DisputeSnapshot | null;
}

/** A 25-minute, 450-cent lesson starting at START whose card is already authorized (the common case). */
export function lessonState(overrides: StateOverrides = {}): LessonState {
  const lesson: LessonSnapshot = {
    ...unstartedLesson({
      id: "lesson_1",
      studentId: "student_1",
      tutorId: "tutor_1",
      scheduledStart: START,
      scheduledEnd: at(25 * MIN),
      durationMinutes: 25,
      priceAmount: 450,
      currency: "USD",
    }),
    version: 3,
    ...overrides.lesson,
  };
  const payment: PaymentSnapshot = {
    id: "pay_1",
    status: "AUTHORIZED",
    amount: lesson.priceAmount,
    currency: lesson.currency,
    authorizationMode: "ON_SESSION",
    authorizeAt: null,
    authorizationAttempts: 1,
    captureBefore: at(6 * DAY),
    settlementAmount: null,
    amountCaptured: 0,
    platformFee: 0,
    tutorShare: 0,
    amountRefunded: 0,
    amountDisputed: 0,
    providerPaymentIntentId: "pi_1",
    lastError: null,
    ...overrides.payment,
  };
  return {
    lesson,
    payment,
    liveOperations: overrides.liveOperations ?? [],
    refundOperationCount: overrides.refundOperationCount ?? 0,
    pendingRefundAmount: overrides.pendingRefundAmount ?? 0,
    captureOperationCount: overrides.captureOperationCount ?? 0,
    voidOperationCount: overrides.voidOperationCount ?? 0,
    disputeEvidenceOperationCount: overrides.disputeEvidenceOperationCount ?? 0,
    dispute: overrides.dispute ?? null,
  };
}

/** A far-ahead booking's payment: card saved, the off-session authorization due 48 h before the start, no hold yet. */
export const SAVED_CARD: Partial<PaymentSnapshot> = {
  status: "AWAITING_AUTHORIZATION",
  authorizationMode: "OFF_SESSION",
  authorizeAt: at(-48 * HOUR),
  authorizationAttempts: 0,
  captureBefore: null,
  providerPaymentIntentId: null,
};

/** Both participants joined at the start and are present: the call is running. */
export function inProgress(overrides: StateOverrides = {}): LessonState {
  return lessonState({
    ...overrides,
    lesson: {
      status: "IN_PROGRESS",
      studentJoinedAt: START,
      tutorJoinedAt: START,
      studentLastJoinedAt: START,
      tutorLastJoinedAt: START,
      callStartedAt: START,
      ...overrides.lesson,
    },
  });
}

export function naturalActor(command: Command): Actor {
  switch (command.type) {
    case "JOIN":
    case "LEAVE":
    case "END_CALL":
    case "CANCEL":
      return { type: command.by, id: command.by === "STUDENT" ? "student_1" : "tutor_1" };
    case "ADMIN_CAPTURE":
    case "ADMIN_VOID":
    case "ADMIN_REFUND":
    case "ADMIN_SUBMIT_DISPUTE_EVIDENCE":
      return { type: "ADMIN", id: "admin_1" };
    case "FINALIZE":
    case "AUTHORIZE_SCHEDULED":
    case "SWEEP":
      return { type: "CRON", id: "test-cron" };
    default:
      return { type: "WEBHOOK", id: "stripe" };
  }
}

export function run(
  state: LessonState,
  command: Command,
  now: Date,
  options: { policy?: Readonly<Policy>; actor?: Actor } = {},
): TransitionOutcome {
  return transition(state, command, {
    now,
    policy: options.policy ?? defaultPolicy,
    actor: options.actor ?? naturalActor(command),
  });
}

export function ok(outcome: TransitionOutcome): TransitionResult {
  if (!outcome.ok) throw new Error(`expected success, got ${outcome.code}: ${outcome.message}`);
  return outcome;
}

export function rejected(outcome: TransitionOutcome): Rejection {
  if (outcome.ok) throw new Error(`expected a rejection, got success (changed: ${outcome.changed})`);
  return outcome;
}

/** Apply a command that must succeed and return the next state. */
export function step(state: LessonState, command: Command, now: Date, options?: { policy?: Readonly<Policy> }) {
  return ok(run(state, command, now, options)).next;
}

export const actions = (result: TransitionResult) => result.audit.map((fact) => fact.action);
