import { describe, it, expect } from "vitest";
import { DAY, HOUR, MIN, START, at, lessonState, run } from "~/test/lifecycle-fixtures";
import { canMove } from "./graph";
import { REJECTION_CODES } from "./rejections";
import { LESSON_STATUSES, PAYMENT_STATUSES } from "./types";
import type { Command, DisputeFacts, LessonState, LessonStatus, LiveOperation, PaymentStatus, TransitionOutcome } from "./types";

// Two views of every command against every status: readable tables of expected outcomes for the statuses that
// matter, and a brute-force sweep over all combinations checking the invariants every outcome must satisfy.

const COMMANDS: Record<string, Command> = {
  "JOIN student": { type: "JOIN", by: "STUDENT" },
  "JOIN tutor": { type: "JOIN", by: "TUTOR" },
  "LEAVE student": { type: "LEAVE", by: "STUDENT" },
  "END_CALL tutor": { type: "END_CALL", by: "TUTOR" },
  "CANCEL student": { type: "CANCEL", by: "STUDENT" },
  "CANCEL tutor": { type: "CANCEL", by: "TUTOR" },
  FINALIZE: { type: "FINALIZE" },
  AUTHORIZE_SCHEDULED: { type: "AUTHORIZE_SCHEDULED" },
  SWEEP: { type: "SWEEP" },
  ADMIN_CAPTURE: { type: "ADMIN_CAPTURE", reason: "r" },
  "ADMIN_CAPTURE 100": { type: "ADMIN_CAPTURE", reason: "r", amount: 100 },
  ADMIN_VOID: { type: "ADMIN_VOID", reason: "r" },
  "ADMIN_REFUND 100": { type: "ADMIN_REFUND", reason: "r", amount: 100 },
  AUTHORIZATION_SUCCEEDED: { type: "AUTHORIZATION_SUCCEEDED", paymentIntentId: "pi_1", captureBefore: at(7 * DAY) },
  AUTHORIZATION_FAILED: { type: "AUTHORIZATION_FAILED", code: "card_declined", message: "declined" },
  CAPTURE_SUCCEEDED: { type: "CAPTURE_SUCCEEDED", amountCaptured: 450 },
  CAPTURE_FAILED: { type: "CAPTURE_FAILED", code: "api_error", message: "boom" },
  VOID_SUCCEEDED: { type: "VOID_SUCCEEDED" },
  AUTHORIZATION_EXPIRED: { type: "AUTHORIZATION_EXPIRED" },
  REFUND_SUCCEEDED: { type: "REFUND_SUCCEEDED", amount: 100 },
  "DISPUTE_REPORTED needs_response": { type: "DISPUTE_REPORTED", dispute: disputeFacts("NEEDS_RESPONSE") },
  "DISPUTE_REPORTED lost": { type: "DISPUTE_REPORTED", dispute: disputeFacts("LOST") },
  "DISPUTE_REPORTED won": { type: "DISPUTE_REPORTED", dispute: disputeFacts("WON") },
  ADMIN_SUBMIT_DISPUTE_EVIDENCE: { type: "ADMIN_SUBMIT_DISPUTE_EVIDENCE", reason: "r" },
  DISPUTE_EVIDENCE_SUBMITTED: { type: "DISPUTE_EVIDENCE_SUBMITTED", dispute: disputeFacts("UNDER_REVIEW") },
  DISPUTE_EVIDENCE_FAILED: { type: "DISPUTE_EVIDENCE_FAILED", code: "resource_missing", message: "closed" },
};

function disputeFacts(status: DisputeFacts["status"]): DisputeFacts {
  return {
    providerDisputeId: "dp_1",
    providerChargeId: "ch_1",
    amount: 100,
    currency: "USD",
    reason: "fraudulent",
    status,
    evidenceDueBy: at(7 * DAY),
    fundsWithdrawn: 100,
    fundsReinstated: status === "WON" ? 100 : 0,
    feeAmount: 1500,
    openedAt: at(2 * HOUR),
  };
}

/** A plausible state per lesson status: who joined and left matches the status. */
function stateIn(status: LessonStatus, payment: PaymentStatus = "AUTHORIZED", extra: Partial<LessonState> = {}): LessonState {
  const both = { studentJoinedAt: START, tutorJoinedAt: START, studentLastJoinedAt: START, tutorLastJoinedAt: START };
  const left = { studentLeftAt: at(30 * MIN), tutorLeftAt: at(30 * MIN) };
  const lesson = {
    SCHEDULED: {},
    IN_PROGRESS: { ...both, callStartedAt: START },
    ENDED_EARLY: { ...both, callStartedAt: START, callEndedAt: at(MIN), endedBy: "TUTOR" as const },
    COMPLETED: { ...both, ...left, callStartedAt: START, finalizedAt: at(40 * MIN) },
    CANCELLED: { cancelReason: "NOBODY_JOINED" as const, finalizedAt: at(40 * MIN) },
    NO_SHOW: {
      tutorJoinedAt: START,
      tutorLastJoinedAt: START,
      tutorLeftAt: at(30 * MIN),
      noShowParty: "STUDENT" as const,
      finalizedAt: at(40 * MIN),
    },
  }[status];
  const settlementAmount = { COMPLETED: 450, CANCELLED: 0, NO_SHOW: 225 }[status as string] ?? null;
  const captured = ["CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED"].includes(payment);
  return {
    ...lessonState({
      lesson: { status, ...lesson },
      payment: {
        status: payment,
        settlementAmount,
        ...(payment === "AWAITING_AUTHORIZATION" ? { captureBefore: null, providerPaymentIntentId: null } : {}),
        ...(captured ? { amountCaptured: 450, platformFee: 90, tutorShare: 360 } : {}),
        ...(payment === "PARTIALLY_REFUNDED" ? { amountRefunded: 100 } : {}),
        ...(payment === "REFUNDED" ? { amountRefunded: 450 } : {}),
      },
    }),
    ...extra,
  };
}

/** "=" for a no-op, "!CODE" for a rejection, else "LESSON/PAYMENT" after, plus requested operations. */
function summary(outcome: TransitionOutcome): string {
  if (!outcome.ok) return `!${outcome.code}`;
  if (!outcome.changed) return "=";
  const ops = outcome.operations.map((o) => ` +${o.kind}`).join("");
  return `${outcome.next.lesson.status}/${outcome.next.payment.status}${ops}`;
}

const LESSON_COLUMNS: LessonStatus[] = [...LESSON_STATUSES];

describe("lesson commands × lesson status (payment AUTHORIZED)", () => {
  // columns follow LESSON_COLUMNS
  const during: Record<string, string[]> = {
    "JOIN student": ["SCHEDULED/AUTHORIZED", "=", "=", "=", "=", "="],
    "LEAVE student": ["=", "IN_PROGRESS/AUTHORIZED", "ENDED_EARLY/AUTHORIZED", "=", "=", "="],
    "END_CALL tutor": ["!CALL_NOT_STARTED", "ENDED_EARLY/AUTHORIZED", "=", "=", "=", "="],
    "CANCEL student": ["!ALREADY_STARTED", "!ALREADY_STARTED", "!ALREADY_STARTED", "!ALREADY_STARTED", "=", "!ALREADY_STARTED"],
    FINALIZE: ["!NOT_DUE", "!NOT_DUE", "!NOT_DUE", "=", "=", "="],
    AUTHORIZE_SCHEDULED: ["=", "=", "=", "=", "=", "="],
    SWEEP: ["=", "=", "=", "COMPLETED/AUTHORIZED +CAPTURE", "CANCELLED/AUTHORIZED +VOID", "NO_SHOW/AUTHORIZED +CAPTURE"],
    ADMIN_CAPTURE: [
      "!LESSON_NOT_OVER",
      "!LESSON_NOT_OVER",
      "!LESSON_NOT_OVER",
      "COMPLETED/AUTHORIZED +CAPTURE",
      "!INVALID_AMOUNT",
      "NO_SHOW/AUTHORIZED +CAPTURE",
    ],
    ADMIN_VOID: [
      "CANCELLED/AUTHORIZED +VOID",
      "CANCELLED/AUTHORIZED +VOID",
      "CANCELLED/AUTHORIZED +VOID",
      "COMPLETED/AUTHORIZED +VOID",
      "CANCELLED/AUTHORIZED +VOID",
      "NO_SHOW/AUTHORIZED +VOID",
    ],
    "ADMIN_REFUND 100": Array(6).fill("!NOT_CAPTURED"),
  };
  const afterGrace: Record<string, string[]> = {
    "JOIN student": ["!JOIN_WINDOW_CLOSED", "!JOIN_WINDOW_CLOSED", "=", "=", "=", "="],
    "END_CALL tutor": ["!CALL_NOT_STARTED", "COMPLETED/AUTHORIZED +CAPTURE", "=", "=", "=", "="],
    FINALIZE: ["CANCELLED/AUTHORIZED +VOID", "COMPLETED/AUTHORIZED +CAPTURE", "COMPLETED/AUTHORIZED +CAPTURE", "=", "=", "="],
    SWEEP: [
      "CANCELLED/AUTHORIZED +VOID",
      "COMPLETED/AUTHORIZED +CAPTURE",
      "COMPLETED/AUTHORIZED +CAPTURE",
      "COMPLETED/AUTHORIZED +CAPTURE",
      "CANCELLED/AUTHORIZED +VOID",
      "NO_SHOW/AUTHORIZED +CAPTURE",
    ],
    ADMIN_CAPTURE: [
      "!INVALID_AMOUNT",
      "COMPLETED/AUTHORIZED +CAPTURE",
      "COMPLETED/AUTHORIZED +CAPTURE",
      "COMPLETED/AUTHORIZED +CAPTURE",
      "!INVALID_AMOUNT",
      "NO_SHOW/AUTHORIZED +CAPTURE",
    ],
    "ADMIN_CAPTURE 100": [
      "CANCELLED/AUTHORIZED +CAPTURE",
      "COMPLETED/AUTHORIZED +CAPTURE",
      "COMPLETED/AUTHORIZED +CAPTURE",
      "COMPLETED/AUTHORIZED +CAPTURE",
      "CANCELLED/AUTHORIZED +CAPTURE",
      "NO_SHOW/AUTHORIZED +CAPTURE",
    ],
  };
  const beforeStart: Record<string, string[]> = {
    "CANCEL student": ["CANCELLED/AUTHORIZED +VOID", "!ALREADY_STARTED", "!ALREADY_STARTED", "!ALREADY_STARTED", "=", "!ALREADY_STARTED"],
    "CANCEL tutor": ["CANCELLED/AUTHORIZED +VOID", "!ALREADY_STARTED", "!ALREADY_STARTED", "!ALREADY_STARTED", "=", "!ALREADY_STARTED"],
    // the window is checked before presence, so even an (impossible) early IN_PROGRESS is told when it opens
    "JOIN tutor": ["!JOIN_WINDOW_NOT_OPEN", "!JOIN_WINDOW_NOT_OPEN", "=", "=", "=", "="],
  };

  for (const [label, now, table] of [
    ["5 min into the lesson", at(5 * MIN), during],
    ["after the grace period", at(40 * MIN), afterGrace],
    ["2 days before the start", at(-2 * DAY), beforeStart],
  ] as const) {
    describe(label, () => {
      for (const [name, row] of Object.entries(table)) {
        it(`${name}: ${LESSON_COLUMNS.map((s, i) => `${s} → ${row[i]}`).join(", ")}`, () => {
          const command = COMMANDS[name]!;
          expect(LESSON_COLUMNS.map((status) => summary(run(stateIn(status), command, now)))).toEqual(row);
        });
      }
    });
  }
});

describe("payment commands × payment status (lesson COMPLETED, settlement 450)", () => {
  const COLUMNS: PaymentStatus[] = [...PAYMENT_STATUSES];
  const table: Record<string, string[]> = {
    // AWAITING, AUTHORIZED, CAPTURED, PARTIALLY_REFUNDED, REFUNDED, VOIDED, EXPIRED, FAILED
    AUTHORIZATION_SUCCEEDED: ["COMPLETED/AUTHORIZED +CAPTURE", "=", "=", "=", "=", "=", "=", "COMPLETED/FAILED +VOID"],
    AUTHORIZATION_FAILED: ["COMPLETED/FAILED", "=", "=", "=", "=", "=", "=", "="],
    CAPTURE_SUCCEEDED: [
      "COMPLETED/AWAITING_AUTHORIZATION",
      "COMPLETED/CAPTURED",
      "=",
      "=",
      "=",
      "COMPLETED/VOIDED",
      "COMPLETED/EXPIRED",
      "COMPLETED/FAILED",
    ],
    CAPTURE_FAILED: ["=", "COMPLETED/AUTHORIZED", "=", "=", "=", "=", "=", "="],
    VOID_SUCCEEDED: ["=", "COMPLETED/VOIDED", "COMPLETED/CAPTURED", "COMPLETED/PARTIALLY_REFUNDED", "COMPLETED/REFUNDED", "=", "=", "="],
    AUTHORIZATION_EXPIRED: ["=", "COMPLETED/EXPIRED", "=", "=", "=", "=", "=", "="],
    REFUND_SUCCEEDED: ["=", "=", "COMPLETED/PARTIALLY_REFUNDED", "COMPLETED/PARTIALLY_REFUNDED", "=", "=", "=", "="],
    ADMIN_CAPTURE: [
      "!NOT_AUTHORIZED_YET",
      "COMPLETED/AUTHORIZED +CAPTURE",
      "=",
      "=",
      "=",
      "!AUTHORIZATION_GONE",
      "!AUTHORIZATION_GONE",
      "!AUTHORIZATION_GONE",
    ],
    ADMIN_VOID: [
      "COMPLETED/VOIDED",
      "COMPLETED/AUTHORIZED +VOID",
      "!ALREADY_CAPTURED",
      "!ALREADY_CAPTURED",
      "!ALREADY_CAPTURED",
      "=",
      "=",
      "=",
    ],
    "ADMIN_REFUND 100": [
      "!NOT_CAPTURED",
      "!NOT_CAPTURED",
      "COMPLETED/CAPTURED +REFUND",
      "COMPLETED/PARTIALLY_REFUNDED +REFUND",
      "!NOTHING_TO_REFUND",
      "!NOT_CAPTURED",
      "!NOT_CAPTURED",
      "!NOT_CAPTURED",
    ],
    SWEEP: ["COMPLETED/VOIDED", "COMPLETED/AUTHORIZED +CAPTURE", "=", "=", "=", "=", "=", "="],
  };
  for (const [name, row] of Object.entries(table)) {
    it(`${name}: ${COLUMNS.map((s, i) => `${s} → ${row[i]}`).join(", ")}`, () => {
      const command = COMMANDS[name]!;
      expect(COLUMNS.map((status) => summary(run(stateIn("COMPLETED", status), command, at(2 * HOUR))))).toEqual(row);
    });
  }
});

describe("every command × every lesson status × every payment status × live operations × times", () => {
  const LIVE: LiveOperation[][] = [
    [],
    [{ kind: "AUTHORIZE", amount: 450 }],
    [{ kind: "CAPTURE", amount: 450 }],
    [{ kind: "VOID", amount: null }],
    [{ kind: "REFUND", amount: 100 }],
  ];
  const TIMES = [at(-30 * HOUR), at(-20 * MIN), at(-15 * MIN), at(5 * MIN), at(25 * MIN), at(40 * MIN), at(8 * DAY)];
  const codes = new Set<string>(REJECTION_CODES);

  it("never throws, never mutates its input, and every result obeys the transition contract", () => {
    // Plain checks collected into a list: 67 200 outcomes are too many for one expect() each.
    const failures: string[] = [];
    const check = (condition: boolean, context: () => string) => {
      if (!condition && failures.length < 20) failures.push(context());
    };
    let checked = 0;
    for (const lessonStatus of LESSON_STATUSES) {
      for (const paymentStatus of PAYMENT_STATUSES) {
        for (const live of LIVE) {
          for (const mode of ["ON_SESSION", "OFF_SESSION"] as const) {
            const state = stateIn(lessonStatus, paymentStatus, {
              liveOperations: live,
              pendingRefundAmount: live.some((o) => o.kind === "REFUND") ? 100 : 0,
            });
            state.payment.authorizationMode = mode;
            if (mode === "OFF_SESSION" && paymentStatus === "AWAITING_AUTHORIZATION") state.payment.authorizeAt = at(-48 * HOUR);
            const frozen = structuredClone(state);
            const liveKindsBefore = new Set(live.map((o) => o.kind));
            for (const command of Object.values(COMMANDS)) {
              for (const now of TIMES) {
                const where = (what: string) => () =>
                  `${lessonStatus}/${paymentStatus} live=[${[...liveKindsBefore]}] ${mode} ${command.type} @${now.toISOString()}: ${what}`;
                let outcome: TransitionOutcome;
                try {
                  outcome = run(state, command, now);
                } catch (error) {
                  check(false, where(`threw ${String(error)}`));
                  continue;
                }
                checked += 1;
                if (!outcome.ok) {
                  check(codes.has(outcome.code), where(`unknown code ${outcome.code}`));
                  check(outcome.message.length > 20, where("message too short to act on"));
                  continue;
                }
                if (!outcome.changed) {
                  check(outcome.next === state, where("no-op did not return the same object"));
                  check(outcome.operations.length + outcome.audit.length + outcome.alerts.length === 0, where("no-op with effects"));
                  continue;
                }
                const next = outcome.next;
                check(next.lesson.version === state.lesson.version + 1, where("version not bumped by one"));
                check(outcome.audit.length > 0, where("change without audit"));
                check(
                  next.lesson.status === state.lesson.status || canMove("LESSON", state.lesson.status, next.lesson.status, command.type),
                  where(`lesson ${state.lesson.status} → ${next.lesson.status} not in graph`),
                );
                check(
                  next.payment.status === state.payment.status ||
                    canMove("PAYMENT", state.payment.status, next.payment.status, command.type),
                  where(`payment ${state.payment.status} → ${next.payment.status} not in graph`),
                );
                const kinds = outcome.operations.map((o) => o.kind);
                check(new Set(kinds).size === kinds.length, where("two operations of one kind"));
                for (const op of outcome.operations) {
                  check(!liveKindsBefore.has(op.kind), where(`${op.kind} requested while one is live`));
                  check(/^(authorize|capture|void|refund):pay_1(:\d+)?$/.test(op.idempotencyKey), where(`bad key ${op.idempotencyKey}`));
                }
                const liveAfter = new Set(next.liveOperations.map((o) => o.kind));
                check(
                  !(liveAfter.has("CAPTURE") && liveAfter.has("VOID")) || (liveKindsBefore.has("CAPTURE") && liveKindsBefore.has("VOID")),
                  where("capture and void live together"),
                );
                check(
                  next.liveOperations.length === live.length + outcome.operations.length,
                  where("liveOperations is not input + requested"),
                );
                if (["CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED"].includes(next.payment.status)) {
                  check(
                    next.payment.platformFee + next.payment.tutorShare === next.payment.amountCaptured,
                    where("fee + share ≠ captured"),
                  );
                }
                for (const fact of outcome.audit) {
                  if (fact.from !== fact.to && fact.from !== null && fact.to !== null) {
                    const legal =
                      fact.subject === "LESSON"
                        ? canMove("LESSON", fact.from as LessonStatus, fact.to as LessonStatus, command.type)
                        : canMove("PAYMENT", fact.from as PaymentStatus, fact.to as PaymentStatus, command.type);
                    check(legal, where(`audit ${fact.action} ${fact.from} → ${fact.to} not in graph`));
                  }
                }
              }
            }
            check(JSON.stringify(state) === JSON.stringify(frozen), () => `${lessonStatus}/${paymentStatus} input was mutated`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(6 * 8 * 5 * 2 * Object.keys(COMMANDS).length * TIMES.length);
  }, 120_000);
});
