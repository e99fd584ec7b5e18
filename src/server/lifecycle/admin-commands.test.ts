import { describe, it, expect } from "vitest";
import { HOUR, MIN, START, at, inProgress, lessonState, ok, rejected, run } from "~/test/lifecycle-fixtures";
import type { LessonState, PaymentStatus } from "./types";
import { renderMessage } from "~/shared/message-tokens";

const joined = { studentJoinedAt: START, tutorJoinedAt: START };
const completed = (payment: Partial<LessonState["payment"]> = {}, rest: Partial<LessonState> = {}) => ({
  ...lessonState({ lesson: { status: "COMPLETED", ...joined, finalizedAt: at(40 * MIN) }, payment: { settlementAmount: 450, ...payment } }),
  ...rest,
});
const capture = (amount?: number) => ({
  type: "ADMIN_CAPTURE" as const,
  reason: "capture failed overnight",
  ...(amount !== undefined ? { amount } : {}),
});

describe("ADMIN_CAPTURE", () => {
  it("captures the settlement on a terminal lesson, with reason and actor in the audit", () => {
    const r = ok(run(completed({ lastError: "api_error" }, { captureOperationCount: 1 }), capture(), at(2 * HOUR)));
    expect(r.operations).toEqual([{ kind: "CAPTURE", amount: 450, idempotencyKey: "capture:pay_1:2" }]);
    expect(r.audit).toMatchObject([
      { action: "payment.capture_requested", reason: "capture failed overnight", metadata: { actorType: "ADMIN", actorId: "admin_1" } },
    ]);
  });

  it("captures a chosen amount and records it as the settlement", () => {
    const r = ok(run(completed(), capture(300), at(2 * HOUR)));
    expect(r.next.payment.settlementAmount).toBe(300);
    expect(r.operations[0]).toMatchObject({ kind: "CAPTURE", amount: 300 });
  });

  it("defaults to the price when no settlement was recorded", () => {
    expect(ok(run(completed({ settlementAmount: null }), capture(), at(2 * HOUR))).operations[0]?.amount).toBe(450);
  });

  it.each([0, -1, 451, 2.5])("refuses amount %d, naming the authorized maximum", (amount) => {
    const r = rejected(run(completed(), capture(amount), at(2 * HOUR)));
    expect(r.code).toBe("INVALID_AMOUNT");
    expect(renderMessage(r.message)).toMatch(/between 1 and 450 \(\$4\.50/);
  });

  it("refuses a settlement of 0 without an explicit amount", () => {
    const s = lessonState({ lesson: { status: "CANCELLED", cancelReason: "NOBODY_JOINED" }, payment: { settlementAmount: 0 } });
    expect(rejected(run(s, capture(), at(2 * HOUR))).message).toMatch(/give an explicit amount/);
    expect(ok(run(s, capture(100), at(2 * HOUR))).operations[0]).toMatchObject({ kind: "CAPTURE", amount: 100 });
  });

  it("is a no-op while a capture is live, and when the payment is already captured or refunded", () => {
    for (const s of [
      completed({}, { liveOperations: [{ kind: "CAPTURE", amount: 450 }] }),
      completed({ status: "CAPTURED" }),
      completed({ status: "PARTIALLY_REFUNDED" }),
      completed({ status: "REFUNDED" }),
    ]) {
      expect(ok(run(s, capture(), at(2 * HOUR))).next).toBe(s);
    }
  });

  it.each([
    ["VOIDED", "AUTHORIZATION_GONE", /voided/],
    ["EXPIRED", "AUTHORIZATION_GONE", /expired/],
    ["FAILED", "AUTHORIZATION_GONE", /never placed/],
    ["AWAITING_AUTHORIZATION", "NOT_AUTHORIZED_YET", /not been authorized yet/],
  ] as const)("refuses on a %s payment (%s)", (status, code, message) => {
    const r = rejected(run(completed({ status }), capture(), at(2 * HOUR)));
    expect(r.code).toBe(code);
    expect(r.message).toMatch(message);
  });

  it("refuses while a void is in progress", () => {
    expect(rejected(run(completed({}, { liveOperations: [{ kind: "VOID", amount: null }] }), capture(), at(2 * HOUR))).code).toBe(
      "VOID_IN_PROGRESS",
    );
  });

  it("finalizes a lesson past its scheduled end first, then captures", () => {
    const r = ok(run(inProgress({ lesson: { status: "ENDED_EARLY" } }), capture(), at(25 * MIN)));
    expect(r.next.lesson).toMatchObject({ status: "COMPLETED", finalizedAt: at(25 * MIN) });
    expect(r.audit.map((f) => f.action)).toEqual(["lesson.completed", "payment.settlement_decided", "payment.capture_requested"]);
    expect(r.audit[0]).toMatchObject({ reason: "capture failed overnight" });
    expect(r.operations).toEqual([{ kind: "CAPTURE", amount: 450, idempotencyKey: "capture:pay_1" }]);
  });

  it("refuses on a lesson before its scheduled end (LESSON_NOT_OVER)", () => {
    for (const s of [lessonState(), inProgress(), inProgress({ lesson: { status: "ENDED_EARLY" } })]) {
      const r = rejected(run(s, capture(), at(25 * MIN - 1)));
      expect(r.code).toBe("LESSON_NOT_OVER");
      expect(r.message).toMatch(/captured automatically/);
    }
  });

  it("needs an admin (or ops) actor and a reason", () => {
    expect(rejected(run(completed(), capture(), at(2 * HOUR), { actor: { type: "TUTOR", id: "tutor_1" } })).code).toBe("ACTOR_NOT_ALLOWED");
    expect(ok(run(completed(), capture(), at(2 * HOUR), { actor: { type: "OPS", id: "alice" } })).changed).toBe(true);
    expect(rejected(run(completed(), { type: "ADMIN_CAPTURE", reason: "  " }, at(2 * HOUR))).code).toBe("REASON_REQUIRED");
  });
});

describe("ADMIN_VOID", () => {
  const voidCmd = { type: "ADMIN_VOID" as const, reason: "tutor was ill" };

  it("cancels a lesson that is not over and voids its hold", () => {
    const r = ok(run(inProgress(), voidCmd, at(5 * MIN)));
    expect(r.next.lesson).toMatchObject({ status: "CANCELLED", cancelReason: "CANCELLED_BY_ADMIN", finalizedAt: at(5 * MIN) });
    expect(r.next.payment.settlementAmount).toBe(0);
    expect(r.operations).toEqual([{ kind: "VOID", amount: null, idempotencyKey: "void:pay_1" }]);
    expect(r.audit[0]).toMatchObject({ action: "lesson.cancelled", reason: "tutor was ill", metadata: { actorType: "ADMIN" } });
  });

  it("voids a terminal lesson's uncaptured hold without touching the lesson", () => {
    const r = ok(run(completed(), voidCmd, at(2 * HOUR)));
    expect(r.next.lesson.status).toBe("COMPLETED");
    expect(r.operations.map((o) => o.kind)).toEqual(["VOID"]);
  });

  it("releases a never-authorized payment directly", () => {
    const s = lessonState({ payment: { status: "AWAITING_AUTHORIZATION", authorizationMode: "OFF_SESSION", captureBefore: null } });
    const r = ok(run(s, voidCmd, at(-3 * 24 * HOUR)));
    expect(r.next.payment.status).toBe("VOIDED");
    expect(r.operations).toEqual([]);
  });

  it.each(["CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED"] as PaymentStatus[])("refuses on a %s payment: refund instead", (status) => {
    const r = rejected(run(completed({ status }), voidCmd, at(2 * HOUR)));
    expect(r.code).toBe("ALREADY_CAPTURED");
    expect(r.message).toMatch(/Refund it instead/);
  });

  it("refuses while a capture is in flight", () => {
    expect(rejected(run(completed({}, { liveOperations: [{ kind: "CAPTURE", amount: 450 }] }), voidCmd, at(2 * HOUR))).code).toBe(
      "CAPTURE_IN_PROGRESS",
    );
  });

  it("is a no-op when already voided, when a void is live, or when the hold is gone on a finished lesson", () => {
    for (const s of [
      completed({ status: "VOIDED" }),
      completed({}, { liveOperations: [{ kind: "VOID", amount: null }] }),
      completed({ status: "EXPIRED" }),
      completed({ status: "FAILED" }),
    ]) {
      expect(ok(run(s, voidCmd, at(2 * HOUR))).next).toBe(s);
    }
  });
});

describe("ADMIN_REFUND", () => {
  const refund = (amount: number) => ({ type: "ADMIN_REFUND" as const, reason: "audio was broken", amount });
  const captured = (rest: Partial<LessonState> = {}, payment: Partial<LessonState["payment"]> = {}) =>
    completed({ status: "CAPTURED", amountCaptured: 450, platformFee: 90, tutorShare: 360, ...payment }, rest);

  it("requests a refund with a numbered key and counts it as pending", () => {
    const r = ok(
      run(
        captured({ refundOperationCount: 1, pendingRefundAmount: 0 }, { status: "PARTIALLY_REFUNDED", amountRefunded: 100 }),
        refund(50),
        at(3 * HOUR),
      ),
    );
    expect(r.operations).toEqual([{ kind: "REFUND", amount: 50, idempotencyKey: "refund:pay_1:2" }]);
    expect(r.next).toMatchObject({ refundOperationCount: 2, pendingRefundAmount: 50 });
    expect(r.next.payment.status).toBe("PARTIALLY_REFUNDED"); // moves only when the provider confirms
    expect(r.audit[0]).toMatchObject({ action: "payment.refund_requested", reason: "audio was broken" });
  });

  it("refuses more than captured − refunded − pending, naming the maximum", () => {
    const s = captured({ pendingRefundAmount: 100 }, { amountRefunded: 50 });
    const r = rejected(run(s, refund(301), at(3 * HOUR)));
    expect(r.code).toBe("INVALID_AMOUNT");
    expect(renderMessage(r.message)).toMatch(/between 1 and 300 \(\$3\.00/);
    expect(ok(run(s, refund(300), at(3 * HOUR))).operations).toHaveLength(1);
    expect(rejected(run(s, refund(0), at(3 * HOUR))).code).toBe("INVALID_AMOUNT");
  });

  it("refuses when everything is refunded or being refunded", () => {
    expect(rejected(run(captured({ pendingRefundAmount: 450 }), refund(1), at(3 * HOUR))).code).toBe("NOTHING_TO_REFUND");
    expect(rejected(run(captured({}, { status: "REFUNDED", amountRefunded: 450 }), refund(1), at(3 * HOUR))).code).toBe(
      "NOTHING_TO_REFUND",
    );
  });

  it.each(["AUTHORIZED", "AWAITING_AUTHORIZATION"] as PaymentStatus[])("on an uncaptured %s payment says to void instead", (status) => {
    const r = rejected(run(completed({ status }), refund(10), at(3 * HOUR)));
    expect(r.code).toBe("NOT_CAPTURED");
    expect(r.message).toMatch(/Void it instead/);
  });

  it("refuses a second refund while one is in flight (never two live operations of one kind)", () => {
    const s = captured({ liveOperations: [{ kind: "REFUND", amount: 100 }], pendingRefundAmount: 100, refundOperationCount: 1 });
    const r = rejected(run(s, refund(50), at(3 * HOUR)));
    expect(r.code).toBe("REFUND_IN_PROGRESS");
    expect(renderMessage(r.message)).toMatch(/\$1\.00 is still in progress/);
  });
});
