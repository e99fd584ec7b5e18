import { describe, it, expect } from "vitest";
import { DAY, HOUR, MIN, SAVED_CARD, START, actions, at, inProgress, lessonState, ok, rejected, run } from "~/test/lifecycle-fixtures";
import type { LessonStatus, PaymentSnapshot } from "./types";
import { ACTIVE_LESSON_STATUSES, TERMINAL_LESSON_STATUSES } from "~/shared/statuses";

const FINALIZE_AT = at(40 * MIN);
const joined = { studentJoinedAt: START, tutorJoinedAt: START };

describe("FINALIZE", () => {
  it.each([...ACTIVE_LESSON_STATUSES])("from %s with both joined → COMPLETED + capture", (status) => {
    const r = ok(run(inProgress({ lesson: { status } }), { type: "FINALIZE" }, FINALIZE_AT));
    expect(r.next.lesson).toMatchObject({ status: "COMPLETED", finalizedAt: FINALIZE_AT });
    expect(r.audit[0]).toMatchObject({ action: "lesson.completed", from: status, to: "COMPLETED" });
    expect(r.next.captureOperationCount).toBe(1);
    expect(r.next.liveOperations).toEqual([{ kind: "CAPTURE", amount: 450 }]);
  });

  it.each([...TERMINAL_LESSON_STATUSES])("on %s is a no-op", (status) => {
    const s = lessonState({ lesson: { status } });
    expect(ok(run(s, { type: "FINALIZE" }, FINALIZE_AT)).next).toBe(s);
  });

  it("with an unauthorized off-session payment and nobody joined voids the payment directly", () => {
    const r = ok(run(lessonState({ payment: SAVED_CARD }), { type: "FINALIZE" }, FINALIZE_AT));
    expect(r.next.lesson.status).toBe("CANCELLED");
    expect(r.next.payment).toMatchObject({ status: "VOIDED", settlementAmount: 0 });
    expect(r.operations).toEqual([]);
  });

  it("with an expired hold on a lesson that should be charged raises a CRITICAL alert and requests nothing", () => {
    const r = ok(run(inProgress({ payment: { status: "EXPIRED" } }), { type: "FINALIZE" }, FINALIZE_AT));
    expect(r.operations).toEqual([]);
    expect(r.alerts).toMatchObject([{ type: "AUTHORIZATION_EXPIRED", severity: "CRITICAL" }]);
  });

  it("with a capture already live (e.g. admin captured) does not ask again", () => {
    const s = inProgress({
      lesson: { status: "ENDED_EARLY" },
      liveOperations: [{ kind: "CAPTURE", amount: 450 }],
      captureOperationCount: 1,
    });
    const r = ok(run(s, { type: "FINALIZE" }, FINALIZE_AT));
    expect(r.next.lesson.status).toBe("COMPLETED");
    expect(r.operations).toEqual([]);
  });

  it("refuses before the grace period ends", () => {
    expect(rejected(run(inProgress(), { type: "FINALIZE" }, at(26 * MIN))).code).toBe("NOT_DUE");
  });
});

describe("AUTHORIZE_SCHEDULED", () => {
  it("requests the attempt with a key numbered by attempt, and counts it", () => {
    const s = lessonState({ payment: { ...SAVED_CARD, authorizationAttempts: 2, authorizeAt: at(-36 * HOUR) } });
    const r = ok(run(s, { type: "AUTHORIZE_SCHEDULED" }, at(-36 * HOUR)));
    expect(r.operations).toEqual([{ kind: "AUTHORIZE", amount: 450, idempotencyKey: "authorize:pay_1:3" }]);
    expect(r.next.payment.authorizationAttempts).toBe(3);
    expect(actions(r)).toEqual(["payment.authorization_requested"]);
  });

  it("does nothing while an attempt is live, even past the give-up point (its outcome decides)", () => {
    const s = lessonState({ payment: SAVED_CARD, liveOperations: [{ kind: "AUTHORIZE", amount: 450 }] });
    expect(ok(run(s, { type: "AUTHORIZE_SCHEDULED" }, at(-47 * HOUR))).changed).toBe(false);
    expect(ok(run(s, { type: "AUTHORIZE_SCHEDULED" }, at(-1 * HOUR))).changed).toBe(false);
  });

  it.each([
    ["an authorized payment", { status: "AUTHORIZED" as const }, {}],
    ["an on-session payment", { ...SAVED_CARD, authorizationMode: "ON_SESSION" as const }, {}],
    ["a lesson no longer scheduled", SAVED_CARD, { status: "CANCELLED" as const }],
  ])("is a no-op for %s", (_name, payment, lesson) => {
    const s = lessonState({ payment, lesson });
    expect(ok(run(s, { type: "AUTHORIZE_SCHEDULED" }, at(-47 * HOUR))).next).toBe(s);
  });

  it("treats a missing authorizeAt as due rather than stranding the payment", () => {
    const s = lessonState({ payment: { ...SAVED_CARD, authorizeAt: null } });
    expect(ok(run(s, { type: "AUTHORIZE_SCHEDULED" }, at(-3 * DAY))).operations).toHaveLength(1);
  });

  it("gives up at start − 24 h with the last error in the reason", () => {
    const s = lessonState({ payment: { ...SAVED_CARD, lastError: "card_declined: insufficient funds" } });
    const r = ok(run(s, { type: "AUTHORIZE_SCHEDULED" }, at(-24 * HOUR)));
    expect(r.next.payment).toMatchObject({ status: "FAILED", authorizeAt: null });
    expect(r.next.lesson).toMatchObject({ status: "CANCELLED", cancelReason: "PAYMENT_FAILED", finalizedAt: at(-24 * HOUR) });
    expect(r.audit[0]?.reason).toMatch(/insufficient funds/);
    expect(r.alerts).toMatchObject([{ type: "AUTHORIZATION_FAILED", severity: "WARNING" }]);
  });
});

describe("SWEEP", () => {
  const orphan = (status: LessonStatus, extra: Partial<PaymentSnapshot> = {}) =>
    lessonState({ lesson: { status, ...joined, finalizedAt: FINALIZE_AT }, payment: extra });

  it("captures an orphaned COMPLETED lesson's recorded settlement, with an alert", () => {
    const r = ok(run(orphan("COMPLETED", { settlementAmount: 450 }), { type: "SWEEP" }, at(3 * HOUR)));
    expect(r.alerts).toMatchObject([{ type: "ORPHANED_AUTHORIZATION", severity: "WARNING" }]);
    expect(r.operations).toEqual([{ kind: "CAPTURE", amount: 450, idempotencyKey: "capture:pay_1" }]);
  });

  it.each([
    ["COMPLETED", {}, 450],
    ["NO_SHOW", { noShowParty: "STUDENT" as const }, 225],
    ["NO_SHOW", { noShowParty: "TUTOR" as const }, 0],
    ["CANCELLED", { cancelReason: "NOBODY_JOINED" as const }, 0],
    ["CANCELLED", { cancelReason: "CANCELLED_BY_STUDENT" as const, finalizedAt: at(-2 * HOUR) }, 225],
    ["CANCELLED", { cancelReason: "CANCELLED_BY_STUDENT" as const, finalizedAt: at(-2 * DAY) }, 0],
    ["CANCELLED", { cancelReason: "CANCELLED_BY_STUDENT" as const, finalizedAt: null }, 0],
    ["CANCELLED", { cancelReason: "CANCELLED_BY_TUTOR" as const }, 0],
  ] as const)("re-derives the settlement of old %s rows %o without one → %i", (status, lesson, amount) => {
    const s = lessonState({ lesson: { status, ...lesson } });
    const r = ok(run(s, { type: "SWEEP" }, at(3 * DAY)));
    expect(r.next.payment.settlementAmount).toBe(amount);
    expect(r.operations).toEqual([
      amount > 0
        ? { kind: "CAPTURE", amount, idempotencyKey: "capture:pay_1" }
        : { kind: "VOID", amount: null, idempotencyKey: "void:pay_1" },
    ]);
    expect(r.alerts[0]?.message).toMatch(/re-derived/);
  });

  it("uses a fresh capture key after an earlier capture failed (the provider replays errors per key)", () => {
    const s = orphan("COMPLETED", { settlementAmount: 450, lastError: "api_error: boom" });
    const second = ok(run({ ...s, captureOperationCount: 1 }, { type: "SWEEP" }, at(2 * HOUR)));
    expect(second.operations[0]?.idempotencyKey).toBe("capture:pay_1:2");
    expect(second.next.captureOperationCount).toBe(2);
    const third = ok(run({ ...s, captureOperationCount: 2 }, { type: "SWEEP" }, at(3 * HOUR)));
    expect(third.operations[0]?.idempotencyKey).toBe("capture:pay_1:3");
    const voidRetry = ok(run({ ...orphan("CANCELLED", { settlementAmount: 0 }), voidOperationCount: 1 }, { type: "SWEEP" }, at(2 * HOUR)));
    expect(voidRetry.operations[0]?.idempotencyKey).toBe("void:pay_1:2");
  });

  it.each([
    ["a live capture", [{ kind: "CAPTURE" as const, amount: 450 }]],
    ["a live void", [{ kind: "VOID" as const, amount: null }]],
  ])("leaves a terminal lesson with %s alone", (_name, liveOperations) => {
    const s = { ...orphan("COMPLETED", { settlementAmount: 450 }), liveOperations };
    expect(ok(run(s, { type: "SWEEP" }, at(2 * HOUR))).next).toBe(s);
  });

  it.each(["CAPTURED", "VOIDED", "EXPIRED", "FAILED", "REFUNDED"] as const)(
    "leaves a terminal lesson with a %s payment alone",
    (status) => {
      const s = orphan("COMPLETED", { status, settlementAmount: 450 });
      expect(ok(run(s, { type: "SWEEP" }, at(2 * HOUR))).changed).toBe(false);
    },
  );

  it("finalizes an overdue lesson the finalize cron missed, and leaves one that is not due", () => {
    const overdue = ok(run(inProgress({ lesson: { status: "ENDED_EARLY" } }), { type: "SWEEP" }, FINALIZE_AT));
    expect(overdue.next.lesson.status).toBe("COMPLETED");
    expect(overdue.operations.map((o) => o.kind)).toEqual(["CAPTURE"]);
    const s = inProgress();
    expect(ok(run(s, { type: "SWEEP" }, at(39 * MIN))).next).toBe(s);
  });

  it("voids a never-authorized payment left waiting on a terminal lesson", () => {
    const s = lessonState({ lesson: { status: "CANCELLED", cancelReason: "CANCELLED_BY_TUTOR" }, payment: SAVED_CARD });
    const r = ok(run(s, { type: "SWEEP" }, at(-3 * DAY)));
    expect(r.next.payment.status).toBe("VOIDED");
    const live = { ...s, liveOperations: [{ kind: "AUTHORIZE" as const, amount: 450 }] };
    expect(ok(run(live, { type: "SWEEP" }, at(-3 * DAY))).changed).toBe(false);
  });
});
