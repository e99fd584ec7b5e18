// The payment worker meets a second PaymentIntent of ours that holds the student's money (a retry's second object, one
// made by hand in the Dashboard). It records it as a stray intent, alerts and releases it, and the current payment is
// changed only by the operation's own outcome.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { finalizeTick, sweepTick } from "~/server/jobs/cron-ticks";
import { LIVE_OPERATION_STATES } from "~/shared/statuses";
import { type Harness, HOUR, MIN, startHarness } from "~/test/lifecycle-harness";
import { act, providerCounts, story } from "~/test/lifecycle-helpers";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T08:00:00Z", timeoutMs: 1_500 });
});
afterAll(() => h.close());

type Kind = "capture" | "void";

/** A lesson due for finalize (played for a capture, not for a void) and a second intent holding the same card for it. */
async function dueLessonWithSecondHold(kind: Kind, key: string) {
  const student = await h.student();
  const tutor = await h.tutor({ price25: 450 });
  const lessonId = await h.book(student, tutor, 1 * HOUR);
  const p = (await story(h, lessonId)).payment;
  expect(p.status).toBe("AUTHORIZED");
  const second = await h.services.stripe.authorize({
    amount: p.amount,
    currency: p.currency,
    customerId: p.providerCustomerId!,
    paymentMethodId: p.providerPaymentMethodId!,
    offSession: true,
    idempotencyKey: `second:${key}`,
    metadata: { lessonId, paymentId: p.id },
  });
  if (second.outcome !== "authorized") throw new Error(`second intent not authorized: ${second.outcome}`);
  await h.advance(1 * HOUR);
  if (kind === "capture") {
    await act(h.services, student, lessonId, "JOIN");
    await act(h.services, tutor, lessonId, "JOIN");
  }
  await h.advance(40 * MIN);
  return { lessonId, payment: p, current: p.providerPaymentIntentId!, second: second.paymentIntentId };
}

async function untilSettled(paymentId: string) {
  for (let round = 0; round < 8; round++) {
    const next = await h.t.db.paymentOperation.findFirst({ where: { paymentId, state: { in: [...LIVE_OPERATION_STATES] } } });
    if (!next) return;
    await h.advance(Math.max(0, next.nextAttemptAt.getTime() - h.services.now().getTime()) + 1_000);
    await finalizeTick(h.services, {});
  }
}

describe("the worker meets a second intent of the payment holding money", () => {
  it("on the cancel: the payment is VOIDED on its own intent, the second hold is recorded stray, alerted once and released", async () => {
    const { lessonId, payment, current, second } = await dueLessonWithSecondHold("void", "void");
    await finalizeTick(h.services, {});

    const s = await story(h, lessonId);
    expect(s.payment).toMatchObject({ status: "VOIDED", providerPaymentIntentId: current, amountCaptured: 0 });
    expect(s.live).toEqual([]);
    expect((await h.services.stripe.retrievePaymentIntent(current)).status).toBe("canceled");
    expect((await h.services.stripe.retrievePaymentIntent(second)).status).toBe("canceled");
    expect(await providerCounts(h, second)).toMatchObject({ cancels: 1, captures: 0 });
    expect(await h.t.db.providerObject.findUniqueOrThrow({ where: { id: second } })).toMatchObject({
      relation: "STRAY",
      paymentId: payment.id,
      status: "canceled",
    });
    expect((await h.t.db.providerObject.findUniqueOrThrow({ where: { id: second } })).releasedAt).not.toBeNull();
    expect(s.alerts.filter((a) => a.type.startsWith("STRAY")).map((a) => [a.type, a.severity])).toEqual([["STRAY_HOLD", "CRITICAL"]]);
    expect(s.actions.filter((a) => a === "payment.voided")).toHaveLength(1);

    // Later ticks find nothing more to do about it.
    await sweepTick(h.services, {});
    expect(await providerCounts(h, second)).toMatchObject({ cancels: 1 });
    expect((await story(h, lessonId)).alerts.filter((a) => a.type.startsWith("STRAY"))).toHaveLength(1);
  });

  it("on a capture retried after a lost answer: captured once on its own intent, the second hold released, amounts unchanged", async () => {
    const { lessonId, payment, current, second } = await dueLessonWithSecondHold("capture", "capture");
    await h.stripe.control.injectFault({ method: "POST", path: "/v1/payment_intents/*/capture", mode: "lost_response", count: 2 });
    await finalizeTick(h.services, {});
    expect((await story(h, lessonId)).operations.find((o) => o.kind === "CAPTURE")).toMatchObject({ state: "UNKNOWN" });
    // Nothing is looked at before the retry: the first attempt's own answer never mentions other intents.
    expect((await h.services.stripe.retrievePaymentIntent(second)).status).toBe("requires_capture");

    await untilSettled(payment.id);
    const s = await story(h, lessonId);
    expect(s.live).toEqual([]);
    expect(s.payment).toMatchObject({
      status: "CAPTURED",
      providerPaymentIntentId: current,
      amountCaptured: 450,
      platformFee: 90,
      tutorShare: 360,
    });
    expect(await providerCounts(h, current)).toMatchObject({ captures: 1, cancels: 0 });
    expect(await providerCounts(h, second)).toMatchObject({ captures: 0, cancels: 1 });
    expect((await h.services.stripe.retrievePaymentIntent(second)).status).toBe("canceled");
    expect(s.alerts.filter((a) => a.type.startsWith("STRAY")).map((a) => a.type)).toEqual(["STRAY_HOLD"]);
    expect(s.actions.filter((a) => a === "payment.captured")).toHaveLength(1);
  });

  it("a second intent that holds nothing any more is left alone (no alert, no call)", async () => {
    const { lessonId, second } = await dueLessonWithSecondHold("void", "gone");
    await h.services.stripe.cancel({ paymentIntentId: second, idempotencyKey: "gone-by-hand" });
    await finalizeTick(h.services, {});
    const s = await story(h, lessonId);
    expect(s.payment.status).toBe("VOIDED");
    expect(s.alerts.filter((a) => a.type.startsWith("STRAY"))).toEqual([]);
    expect(await providerCounts(h, second)).toMatchObject({ cancels: 1 });
  });
});
