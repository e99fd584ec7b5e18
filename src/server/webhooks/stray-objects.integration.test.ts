// An event is about one provider object, and it may change a payment only when that object is the payment's current
// one. Stripe sends correctly signed events for other PaymentIntents that carry our paymentId (an earlier attempt, one
// made or cancelled by hand in the Dashboard, a retry's second object): they are recorded, a stray hold or charge is
// released (and alerted), and the current payment never moves because of them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sweep } from "~/server/jobs/sweep";
import { releaseStrayObjects } from "~/server/payments/stray-objects";
import { type Harness, startHarness } from "~/test/lifecycle-harness";
import { deliver, EventLog, providerCounts, story } from "~/test/lifecycle-helpers";

let h: Harness;
let events: EventLog;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T08:00:00Z", poolSize: 20 });
  events = new EventLog(h.stripe.url);
});
afterAll(() => h.close());

/** A lesson under way (payment AUTHORIZED on its own intent) and a second intent holding the same card for it. */
async function lessonWithStrayHold(key: string) {
  const { lessonId } = await h.startedLesson();
  const before = await story(h, lessonId);
  expect(before.payment.status).toBe("AUTHORIZED");
  const p = before.payment;
  const stray = await h.services.stripe.authorize({
    amount: p.amount,
    currency: p.currency,
    customerId: p.providerCustomerId!,
    paymentMethodId: p.providerPaymentMethodId!,
    offSession: true,
    idempotencyKey: `by-hand:${key}`,
    metadata: { lessonId, paymentId: p.id },
  });
  if (stray.outcome !== "authorized") throw new Error(`stray intent not authorized: ${stray.outcome}`);
  await events.refresh();
  return { lessonId, before, current: p.providerPaymentIntentId!, stray: stray.paymentIntentId };
}

const unchanged = async (lessonId: string, before: Awaited<ReturnType<typeof story>>) => {
  const s = await story(h, lessonId);
  expect(s.payment).toEqual({ ...before.payment, updatedAt: s.payment.updatedAt });
  expect(s.payment.updatedAt).toEqual(before.payment.updatedAt);
  expect(s.audit).toHaveLength(before.audit.length);
  expect(s.ledger).toEqual(before.ledger);
  return s;
};

describe("events about an intent that is not the payment's current one", () => {
  it("payment_intent.canceled for another intent of the payment leaves it AUTHORIZED (the issue's report)", async () => {
    const { lessonId, before, current, stray } = await lessonWithStrayHold("cancel");
    await h.services.stripe.cancel({ paymentIntentId: stray, idempotencyKey: "dashboard-cancel", reason: "abandoned" });
    await events.refresh();
    const canceled = events.about(stray).find((e) => e.type === "payment_intent.canceled")!;
    expect(canceled).toBeDefined();

    expect(await deliver(h.services, canceled)).toMatchObject({ status: "recorded", releaseRequested: false });
    expect(await deliver(h.services, canceled)).toMatchObject({ status: "duplicate" });
    const s = await unchanged(lessonId, before);
    expect(s.payment.status).toBe("AUTHORIZED");
    expect((await h.services.stripe.retrievePaymentIntent(current)).status).toBe("requires_capture");
    expect(await h.t.db.providerObject.findUnique({ where: { id: stray } })).toMatchObject({
      relation: "STRAY",
      paymentId: before.payment.id,
      status: "canceled",
      releaseRequestedAt: null,
    });
    expect(s.alerts).toEqual([]);
  });

  it("a stray hold is released (the sandbox shows it canceled), alerted once, and the current hold is untouched", async () => {
    const { lessonId, before, current, stray } = await lessonWithStrayHold("release");
    const held = events.about(stray).find((e) => e.type === "payment_intent.amount_capturable_updated")!;
    expect(await deliver(h.services, held)).toMatchObject({ status: "recorded", releaseRequested: true });

    const s1 = await story(h, lessonId);
    expect(s1.alerts.map((a) => [a.type, a.severity])).toEqual([["STRAY_HOLD", "CRITICAL"]]);
    expect(await releaseStrayObjects(h.services)).toMatchObject({ released: 1, failed: 0 });
    expect(await releaseStrayObjects(h.services)).toMatchObject({ attempted: 0 });

    expect((await h.services.stripe.retrievePaymentIntent(stray)).status).toBe("canceled");
    expect((await h.services.stripe.retrievePaymentIntent(current)).status).toBe("requires_capture");
    expect(await providerCounts(h, stray)).toMatchObject({ cancels: 1, captures: 0 });
    expect(await providerCounts(h, current)).toMatchObject({ cancels: 0, captures: 0 });
    expect((await h.t.db.providerObject.findUniqueOrThrow({ where: { id: stray } })).releasedAt).not.toBeNull();

    // Every event about the stray intent (including the cancel we caused), newest first and then again in order.
    await events.refresh();
    const all = events.about(stray);
    expect(all.map((e) => e.type)).toEqual(expect.arrayContaining(["payment_intent.amount_capturable_updated", "payment_intent.canceled"]));
    for (const e of [...all].reverse()) expect(["recorded", "duplicate"]).toContain((await deliver(h.services, e)).status);
    for (const e of all) expect((await deliver(h.services, e)).status).toBe("duplicate");
    const s = await unchanged(lessonId, before);
    expect(s.payment.status).toBe("AUTHORIZED");
    expect(s.alerts).toHaveLength(1);
  });

  it("a stray charge (captured by hand) is refunded; its events, charge events included, change nothing current", async () => {
    const { lessonId, before, current, stray } = await lessonWithStrayHold("charge");
    await h.services.stripe.capture({
      paymentIntentId: stray,
      amountToCapture: before.payment.amount,
      idempotencyKey: "dashboard-capture",
    });
    await events.refresh();
    const all = events.about(stray);
    expect(all.map((e) => e.type)).toContain("payment_intent.succeeded");
    const results = [];
    for (const e of [...all].reverse()) results.push((await deliver(h.services, e)).status);
    expect(results.every((r) => r === "recorded")).toBe(true);

    const s1 = await story(h, lessonId);
    expect(s1.alerts.map((a) => a.type)).toEqual(["STRAY_CHARGE"]);
    expect(await releaseStrayObjects(h.services)).toMatchObject({ released: 1 });
    const pi = await h.services.stripe.retrievePaymentIntent(stray);
    expect(pi.amountRefunded).toBe(before.payment.amount);
    expect(await providerCounts(h, stray)).toMatchObject({ refunds: 1 });
    expect((await h.services.stripe.retrievePaymentIntent(current)).status).toBe("requires_capture");

    // The refund's own events (charge.refunded …) are about the stray intent's charge: recorded, never applied.
    await events.refresh();
    for (const e of events.about(stray)) await deliver(h.services, e);
    for (const e of [...events.about(stray)].reverse()) expect((await deliver(h.services, e)).status).toBe("duplicate");
    const s = await unchanged(lessonId, before);
    expect(s.payment).toMatchObject({ status: "AUTHORIZED", amountCaptured: 0, amountRefunded: 0 });
    expect(await h.t.db.providerObject.count({ where: { paymentId: before.payment.id, relation: "STRAY" } })).toBeGreaterThanOrEqual(2);
  });

  it("an intent with no payment of ours is recorded as unknown and ignored", async () => {
    const { before } = await lessonWithStrayHold("unknown");
    const unknown = await h.services.stripe.authorize({
      amount: 700,
      currency: "usd",
      customerId: before.payment.providerCustomerId!,
      paymentMethodId: before.payment.providerPaymentMethodId!,
      offSession: true,
      idempotencyKey: "not-ours",
      metadata: { lessonId: "nobody", paymentId: "no-such-payment" },
    });
    if (unknown.outcome !== "authorized") throw new Error("not authorized");
    await events.refresh();
    for (const e of events.about(unknown.paymentIntentId)) expect((await deliver(h.services, e)).status).toBe("ignored");
    expect(await h.t.db.providerObject.findUnique({ where: { id: unknown.paymentIntentId } })).toMatchObject({
      relation: "UNKNOWN",
      paymentId: null,
      releaseRequestedAt: null,
    });
    expect((await h.services.stripe.retrievePaymentIntent(unknown.paymentIntentId)).status).toBe("requires_capture");
  });
});

describe("the sweep looks past AUTHORIZED", () => {
  it("a payment our books call VOIDED while its intent still holds the card: alert + release, the payment stays VOIDED", async () => {
    const { lessonId } = await h.startedLesson();
    const s0 = await story(h, lessonId);
    const pi = s0.payment.providerPaymentIntentId!;
    // What the bug this guards against left behind (a foreign event voided the payment in our books only), injected
    // directly: the row says VOIDED, Stripe still holds the money.
    await h.t.db.payment.update({ where: { id: s0.payment.id }, data: { status: "VOIDED" } });
    expect((await h.services.stripe.retrievePaymentIntent(pi)).status).toBe("requires_capture");

    const first = await sweep(h.services);
    expect(first.strayHolds).toMatchObject({ strayHoldsFound: 1, releases: 1 });
    expect((await h.services.stripe.retrievePaymentIntent(pi)).status).toBe("canceled");
    expect(await providerCounts(h, pi)).toMatchObject({ cancels: 1, captures: 0 });
    const s = await story(h, lessonId);
    expect(s.payment.status).toBe("VOIDED");
    expect(s.alerts.map((a) => [a.type, a.severity])).toEqual([["STRAY_HOLD", "CRITICAL"]]);
    expect(s.alerts[0]!.message).toMatch(/our payment says VOIDED but Stripe says requires_capture/);

    // Checked once: later sweeps do not call Stripe for it again, and nothing is released twice.
    const again = await sweep(h.services);
    expect(again.strayHolds).toMatchObject({ releasedPaymentsChecked: 0, strayHoldsFound: 0, releases: 0 });
    expect(await providerCounts(h, pi)).toMatchObject({ cancels: 1 });
  });

  it("a released payment whose intent is canceled at Stripe is checked once and left alone", async () => {
    const { lessonId } = await h.startedLesson();
    const s0 = await story(h, lessonId);
    const pi = s0.payment.providerPaymentIntentId!;
    await h.services.stripe.cancel({ paymentIntentId: pi, idempotencyKey: "by-hand-void" });
    await h.t.db.payment.update({ where: { id: s0.payment.id }, data: { status: "VOIDED" } });
    const r = await sweep(h.services);
    expect(r.strayHolds.strayHoldsFound).toBe(0);
    expect((await story(h, lessonId)).alerts.filter((a) => a.type.startsWith("STRAY"))).toEqual([]);
    expect((await h.t.db.providerObject.findUniqueOrThrow({ where: { id: pi } })).releasedAt).not.toBeNull();
  });
});

describe("a hold its own authorization just bound", () => {
  it("is never released, even when an earlier read took it for a stray (the booking's events raced its commit)", async () => {
    const { lessonId } = await h.startedLesson();
    const before = await story(h, lessonId);
    const current = before.payment.providerPaymentIntentId!;
    // What a payment_intent event read before the worker committed the authorization would have left behind.
    const now = h.services.now();
    await h.t.db.providerObject.create({
      data: {
        id: current,
        provider: "stripe",
        type: "payment_intent",
        paymentId: before.payment.id,
        relation: "STRAY",
        status: "requires_capture",
        amount: before.payment.amount,
        currency: before.payment.currency,
        releaseRequestedAt: now,
        firstSeenAt: now,
        lastSeenAt: now,
      },
    });

    expect(await releaseStrayObjects(h.services)).toMatchObject({ released: 0 });
    expect((await h.services.stripe.retrievePaymentIntent(current)).status).toBe("requires_capture");
    expect((await story(h, lessonId)).payment.status).toBe("AUTHORIZED");
    expect(await h.t.db.providerObject.findUniqueOrThrow({ where: { id: current } })).toMatchObject({
      relation: "CURRENT",
      releaseRequestedAt: null,
    });
  });
});
