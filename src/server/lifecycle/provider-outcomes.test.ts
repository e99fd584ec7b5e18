import { describe, it, expect } from "vitest";
import { DAY, HOUR, MIN, START, actions, at, lessonState, ok, run, step } from "~/test/lifecycle-fixtures";
import type { Command, LessonState, PaymentSnapshot, PaymentStatus } from "./types";
import { renderMessage } from "~/shared/message-tokens";

const joined = { studentJoinedAt: START, tutorJoinedAt: START };
const awaiting: Partial<PaymentSnapshot> = {
  status: "AWAITING_AUTHORIZATION",
  captureBefore: null,
  providerPaymentIntentId: null,
  authorizationAttempts: 1,
};
const authorized = (captureBefore = at(7 * DAY)) =>
  ({ type: "AUTHORIZATION_SUCCEEDED", paymentIntentId: "pi_new", captureBefore }) as const satisfies Command;
const declined = { type: "AUTHORIZATION_FAILED", code: "card_declined", message: "Your card was declined." } as const;

describe("AUTHORIZATION_SUCCEEDED", () => {
  it("moves an awaiting payment to AUTHORIZED with the provider's id and deadline", () => {
    const s = lessonState({
      payment: { ...awaiting, authorizationMode: "OFF_SESSION", authorizeAt: at(-2 * DAY), lastError: "card_declined: x" },
    });
    const r = ok(run(s, authorized(), at(-2 * DAY)));
    expect(r.next.payment).toMatchObject({
      status: "AUTHORIZED",
      providerPaymentIntentId: "pi_new",
      captureBefore: at(7 * DAY),
      authorizeAt: null,
      lastError: null,
    });
    expect(r.audit).toMatchObject([{ action: "payment.authorized", from: "AWAITING_AUTHORIZATION", to: "AUTHORIZED" }]);
    expect(r.operations).toEqual([]);
  });

  it("on a lesson that became terminal meanwhile, settles right away", () => {
    const s = lessonState({
      lesson: { status: "COMPLETED", ...joined },
      payment: { ...awaiting, settlementAmount: 450 },
      liveOperations: [{ kind: "AUTHORIZE", amount: 450 }],
    });
    const r = ok(run(s, authorized(), at(1 * HOUR)));
    expect(r.operations).toEqual([{ kind: "CAPTURE", amount: 450, idempotencyKey: "capture:pay_1" }]);
    const cancelled = lessonState({
      lesson: { status: "CANCELLED", cancelReason: "CANCELLED_BY_TUTOR" },
      payment: { ...awaiting, settlementAmount: 0 },
    });
    expect(ok(run(cancelled, authorized(), at(-1 * HOUR))).operations).toEqual([
      { kind: "VOID", amount: null, idempotencyKey: "void:pay_1" },
    ]);
  });

  it("is a no-op when repeated, and on captured, refunded or expired payments", () => {
    const s = lessonState({ payment: { providerPaymentIntentId: "pi_new" } });
    expect(ok(run(s, authorized(), at(0))).next).toBe(s);
    for (const status of ["CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED", "EXPIRED"] as PaymentStatus[]) {
      const t = lessonState({ payment: { status } });
      expect(ok(run(t, authorized(), at(0))).next).toBe(t);
    }
    // a replay after a real hold was voided
    const voided = lessonState({ payment: { status: "VOIDED", providerPaymentIntentId: "pi_new" } });
    expect(ok(run(voided, authorized(), at(0))).next).toBe(voided);
  });

  it("a second, different hold on an authorized payment is a CRITICAL mismatch", () => {
    const r = ok(run(lessonState(), authorized(), at(0)));
    expect(r.alerts).toMatchObject([{ type: "PROVIDER_MISMATCH", severity: "CRITICAL" }]);
    expect(r.next.payment.providerPaymentIntentId).toBe("pi_1");
  });

  it.each([
    ["FAILED", { status: "FAILED" as const, providerPaymentIntentId: "pi_new" }],
    ["VOIDED (never held)", { status: "VOIDED" as const, captureBefore: null, providerPaymentIntentId: null }],
  ])("a late hold on a %s payment is released with a void and an alert", (_name, payment) => {
    const s = lessonState({ lesson: { status: "CANCELLED", cancelReason: "PAYMENT_FAILED" }, payment });
    const r = ok(run(s, authorized(), at(-2 * HOUR)));
    expect(r.next.payment.status).toBe(payment.status);
    expect(r.next.payment.providerPaymentIntentId).toBe("pi_new");
    expect(r.operations).toEqual([{ kind: "VOID", amount: null, idempotencyKey: "void:pay_1" }]);
    expect(r.alerts).toMatchObject([{ type: "PROVIDER_MISMATCH", severity: "WARNING" }]);
    expect(actions(r)).toEqual(["payment.late_authorization", "payment.void_requested"]);
  });
});

describe("AUTHORIZATION_FAILED", () => {
  it("on-session: payment FAILED, lesson CANCELLED (PAYMENT_FAILED), error kept, no admin alert", () => {
    const s = lessonState({ payment: { ...awaiting, authorizationMode: "ON_SESSION" } });
    const r = ok(run(s, { ...declined, paymentIntentId: "pi_x" }, at(-2 * DAY)));
    expect(r.next.payment).toMatchObject({
      status: "FAILED",
      lastError: "card_declined: Your card was declined.",
      providerPaymentIntentId: "pi_x",
    });
    expect(r.next.lesson).toMatchObject({ status: "CANCELLED", cancelReason: "PAYMENT_FAILED" });
    expect(r.alerts).toEqual([]);
  });

  it("off-session: records the error and schedules the next attempt", () => {
    const s = lessonState({ payment: { ...awaiting, authorizationMode: "OFF_SESSION", authorizeAt: at(-48 * HOUR) } });
    const r = ok(run(s, declined, at(-47 * HOUR)));
    expect(r.next.payment).toMatchObject({ status: "AWAITING_AUTHORIZATION", authorizeAt: at(-41 * HOUR) });
    expect(actions(r)).toEqual(["payment.authorization_retry_scheduled"]);
  });

  it("on a lesson already settled with a fee raises an alert that the fee is lost", () => {
    const s = lessonState({
      lesson: { status: "CANCELLED", cancelReason: "CANCELLED_BY_STUDENT" },
      payment: { ...awaiting, settlementAmount: 225 },
    });
    const r = ok(run(s, declined, at(-2 * HOUR)));
    expect(r.next.payment.status).toBe("FAILED");
    expect(r.next.lesson.cancelReason).toBe("CANCELLED_BY_STUDENT");
    expect(r.alerts).toMatchObject([{ type: "AUTHORIZATION_FAILED" }]);
    expect(renderMessage(r.alerts[0]!.message)).toMatch(/\$2\.25/);
  });

  it.each(["AUTHORIZED", "FAILED", "CAPTURED", "VOIDED"] as PaymentStatus[])("is a stale no-op on a %s payment", (status) => {
    const s = lessonState({ payment: { status } });
    expect(ok(run(s, declined, at(0))).next).toBe(s);
  });
});

describe("CAPTURE_SUCCEEDED", () => {
  const done = (payment: Partial<PaymentSnapshot> = {}): LessonState =>
    lessonState({
      lesson: { status: "COMPLETED", ...joined },
      payment: { settlementAmount: 450, ...payment },
      liveOperations: [{ kind: "CAPTURE", amount: 450 }],
    });

  it("records the captured amount and splits it", () => {
    const r = ok(run(done({ lastError: "api_error: x" }), { type: "CAPTURE_SUCCEEDED", amountCaptured: 450 }, at(1 * HOUR)));
    expect(r.next.payment).toMatchObject({ status: "CAPTURED", amountCaptured: 450, platformFee: 90, tutorShare: 360, lastError: null });
    expect(r.audit).toMatchObject([
      { action: "payment.captured", from: "AUTHORIZED", to: "CAPTURED", metadata: { platformFee: 90, tutorShare: 360 } },
    ]);
    expect(r.alerts).toEqual([]);
  });

  it("warns when the provider captured a different amount from the settlement", () => {
    const r = ok(run(done(), { type: "CAPTURE_SUCCEEDED", amountCaptured: 400 }, at(1 * HOUR)));
    expect(r.next.payment.amountCaptured).toBe(400);
    expect(r.alerts).toMatchObject([{ type: "PROVIDER_MISMATCH", severity: "WARNING" }]);
  });

  it("is a no-op when repeated", () => {
    const s = done({ status: "CAPTURED", amountCaptured: 450, platformFee: 90, tutorShare: 360 });
    expect(ok(run(s, { type: "CAPTURE_SUCCEEDED", amountCaptured: 450 }, at(2 * HOUR))).next).toBe(s);
  });

  it.each(["VOIDED", "EXPIRED", "FAILED", "AWAITING_AUTHORIZATION"] as PaymentStatus[])(
    "on a %s payment keeps the status and raises a CRITICAL mismatch",
    (status) => {
      const r = ok(run(done({ status }), { type: "CAPTURE_SUCCEEDED", amountCaptured: 450 }, at(1 * HOUR)));
      expect(r.next.payment.status).toBe(status);
      expect(r.alerts).toMatchObject([{ type: "PROVIDER_MISMATCH", severity: "CRITICAL" }]);
    },
  );

  it("rejects an amount that is not whole minor units", () => {
    expect(run(done(), { type: "CAPTURE_SUCCEEDED", amountCaptured: 4.5 }, at(1 * HOUR))).toMatchObject({
      ok: false,
      code: "INVALID_AMOUNT",
    });
  });
});

describe("CAPTURE_FAILED", () => {
  it("keeps the hold, records the error and alerts; the sweep later retries with a new key", () => {
    let s = lessonState({
      lesson: { status: "COMPLETED", ...joined },
      payment: { settlementAmount: 450 },
      captureOperationCount: 1,
      liveOperations: [{ kind: "CAPTURE", amount: 450 }],
    });
    const r = ok(run(s, { type: "CAPTURE_FAILED", code: "api_error", message: "Something went wrong" }, at(1 * HOUR)));
    expect(r.next.payment).toMatchObject({ status: "AUTHORIZED", lastError: "api_error: Something went wrong" });
    expect(r.alerts).toMatchObject([{ type: "CAPTURE_FAILED" }]);
    expect(r.operations).toEqual([]);
    s = { ...r.next, liveOperations: [] }; // the worker marked the operation FAILED
    expect(ok(run(s, { type: "SWEEP" }, at(2 * HOUR))).operations[0]?.idempotencyKey).toBe("capture:pay_1:2");
  });

  it("is a stale no-op once the payment has moved on", () => {
    const s = lessonState({ payment: { status: "CAPTURED" } });
    expect(ok(run(s, { type: "CAPTURE_FAILED", code: "x", message: "y" }, at(0))).next).toBe(s);
  });
});

describe("VOID_SUCCEEDED", () => {
  it("moves AUTHORIZED to VOIDED, then ignores replays", () => {
    const s = lessonState({ lesson: { status: "CANCELLED" }, payment: { settlementAmount: 0 } });
    const next = step(s, { type: "VOID_SUCCEEDED" }, at(0));
    expect(next.payment.status).toBe("VOIDED");
    expect(ok(run(next, { type: "VOID_SUCCEEDED" }, at(1))).next).toBe(next);
  });

  it("on a captured payment raises a CRITICAL mismatch without moving it", () => {
    const r = ok(run(lessonState({ payment: { status: "CAPTURED" } }), { type: "VOID_SUCCEEDED" }, at(0)));
    expect(r.next.payment.status).toBe("CAPTURED");
    expect(r.alerts).toMatchObject([{ type: "PROVIDER_MISMATCH", severity: "CRITICAL" }]);
  });
});

describe("AUTHORIZATION_EXPIRED", () => {
  it.each([
    ["a lesson owing money", { status: "COMPLETED" as const }, 450, "CRITICAL"],
    ["a lesson not over yet", { status: "SCHEDULED" as const }, null, "WARNING"],
    ["a lesson settled at 0", { status: "CANCELLED" as const }, 0, "INFO"],
  ] as const)("on %s → EXPIRED with a %s-appropriate alert", (_name, lesson, settlementAmount, severity) => {
    const r = ok(run(lessonState({ lesson, payment: { settlementAmount } }), { type: "AUTHORIZATION_EXPIRED" }, at(7 * DAY)));
    expect(r.next.payment.status).toBe("EXPIRED");
    expect(r.alerts).toMatchObject([{ type: "AUTHORIZATION_EXPIRED", severity }]);
  });

  it.each(["CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED", "EXPIRED", "VOIDED", "AWAITING_AUTHORIZATION"] as PaymentStatus[])(
    "never moves a %s payment",
    (status) => {
      const s = lessonState({ payment: { status } });
      expect(ok(run(s, { type: "AUTHORIZATION_EXPIRED" }, at(7 * DAY))).next).toBe(s);
    },
  );
});

describe("REFUND_SUCCEEDED", () => {
  const captured = (payment: Partial<PaymentSnapshot> = {}, pendingRefundAmount = 0) =>
    lessonState({
      lesson: { status: "COMPLETED" },
      payment: { status: "CAPTURED", amountCaptured: 450, platformFee: 90, tutorShare: 360, ...payment },
      pendingRefundAmount,
    });

  it("partial, then the rest: PARTIALLY_REFUNDED then REFUNDED, reversing both sides proportionally", () => {
    const first = ok(run(captured({}, 150), { type: "REFUND_SUCCEEDED", amount: 150 }, at(DAY)));
    expect(first.next.payment).toMatchObject({ status: "PARTIALLY_REFUNDED", amountRefunded: 150 });
    expect(first.next.pendingRefundAmount).toBe(0);
    expect(first.audit[0]?.metadata).toMatchObject({ refunded: 150, platformFeeReversed: 30, tutorShareReversed: 120 });
    const second = ok(run(first.next, { type: "REFUND_SUCCEEDED", amount: 100, totalRefunded: 250 }, at(DAY)));
    expect(second.audit[0]).toMatchObject({ from: "PARTIALLY_REFUNDED", to: "PARTIALLY_REFUNDED" });
    const rest = ok(run(second.next, { type: "REFUND_SUCCEEDED", amount: 200, totalRefunded: 450 }, at(DAY)));
    expect(rest.next.payment).toMatchObject({ status: "REFUNDED", amountRefunded: 450 });
  });

  it("a webhook replay with the provider's total does not double count", () => {
    const once = step(captured(), { type: "REFUND_SUCCEEDED", amount: 100, totalRefunded: 100 }, at(DAY));
    const replay = ok(run(once, { type: "REFUND_SUCCEEDED", amount: 100, totalRefunded: 100 }, at(DAY)));
    expect(replay.changed).toBe(false);
    // an older total arriving late never lowers the count
    expect(
      ok(
        run(
          step(once, { type: "REFUND_SUCCEEDED", amount: 50, totalRefunded: 150 }, at(DAY)),
          { type: "REFUND_SUCCEEDED", amount: 100, totalRefunded: 100 },
          at(DAY),
        ),
      ).changed,
    ).toBe(false);
  });

  it("never counts more than was captured, and says so", () => {
    const r = ok(run(captured({ status: "PARTIALLY_REFUNDED", amountRefunded: 400 }), { type: "REFUND_SUCCEEDED", amount: 100 }, at(DAY)));
    expect(r.next.payment).toMatchObject({ status: "REFUNDED", amountRefunded: 450 });
    expect(r.alerts).toMatchObject([{ type: "PROVIDER_MISMATCH" }]);
  });

  it.each(["AUTHORIZED", "REFUNDED", "VOIDED"] as PaymentStatus[])("is a no-op on a %s payment", (status) => {
    const s = captured({ status });
    expect(ok(run(s, { type: "REFUND_SUCCEEDED", amount: 10 }, at(DAY))).next).toBe(s);
  });
});

describe("version", () => {
  it("is bumped by exactly one per change, including payment-only changes", () => {
    const s = lessonState({ lesson: { status: "COMPLETED", version: 7 }, liveOperations: [{ kind: "CAPTURE", amount: 450 }] });
    expect(step(s, { type: "CAPTURE_SUCCEEDED", amountCaptured: 450 }, at(MIN)).lesson.version).toBe(8);
  });
});
