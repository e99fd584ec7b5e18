// Webhooks from the Stripe sandbox: signed like Stripe (verified with
// stripe.webhooks.constructEvent), at least once, retried with backoff, and on
// request duplicated or out of order; plus GET /v1/events.
import { beforeEach, describe, expect, it } from "vitest";
import Stripe from "stripe";
import type { RunningStripeSandbox } from "../start";
import { startWebhookReceiver, type WebhookReceiver } from "../webhook-receiver";
import type { StripeGateway } from "~/server/providers/stripe";
import { authorizedHold, setupStripeSandbox } from "~/test/sandbox-suite";

const SECRET = "whsec_test_secret";
let sb: RunningStripeSandbox;
let receiver: WebhookReceiver;
let stripe: Stripe;
let gw: StripeGateway;
setupStripeSandbox(
  { timeoutMs: 2_000, receiver: true, sandbox: { webhookSecret: SECRET, webhook: { baseDelayMs: 20, maxDelayMs: 200 } } },
  (s) => ({ sb, stripe, gw, receiver } = s),
);
beforeEach(async () => {
  receiver.respondWith(() => 200);
  await sb.control.configureWebhooks({
    url: receiver.url,
    secret: SECRET,
    duplicate: false,
    outOfOrder: false,
    maxAttempts: 5,
    enabledEvents: ["payment_intent.*", "charge.refunded", "account.updated", "transfer.created"],
  });
});

async function authorize(key: string) {
  return (await authorizedHold(gw, { idempotencyKey: key, metadata: { lessonId: "l", paymentId: key } })).paymentIntentId;
}

const types = (r: WebhookReceiver) => r.received.map((w) => (JSON.parse(w.body) as { type: string }).type);

describe("delivery and signatures", () => {
  it("signs every delivery so stripe.webhooks.constructEvent accepts it, and rejects tampering", async () => {
    const pi = await authorize("a1");
    await receiver.waitFor(2);
    expect(types(receiver)).toEqual(["payment_intent.created", "payment_intent.amount_capturable_updated"]);
    for (const w of receiver.received) {
      const sig = String(w.headers["stripe-signature"]);
      expect(sig).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const event = stripe.webhooks.constructEvent(w.body, sig, SECRET);
      expect((event.data.object as Stripe.PaymentIntent).id).toBe(pi);
    }
    const last = receiver.received[1];
    const mapped = gw.constructWebhookEvent(last?.body ?? "", String(last?.headers["stripe-signature"]));
    expect(mapped).toMatchObject({
      type: "payment_intent.amount_capturable_updated",
      object: "payment_intent",
      paymentIntent: { paymentIntentId: pi, status: "requires_capture" },
    });
    if (mapped.object === "payment_intent") expect(mapped.paymentIntent.captureBefore).toBeNull(); // latest_charge is not expanded in events

    expect(() => stripe.webhooks.constructEvent(`${last?.body} `, String(last?.headers["stripe-signature"]), SECRET)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => gw.constructWebhookEvent(last?.body ?? "", String(last?.headers["stripe-signature"]), "whsec_other")).toThrow(
      /webhook_signature_invalid|signature/,
    );
    let thrown: unknown;
    try {
      gw.constructWebhookEvent(last?.body ?? "", "t=1,v1=00");
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({ failure: { kind: "auth", code: "webhook_signature_invalid" } });
    // The signing secret can be changed through the control plane.
    await sb.control.configureWebhooks({ secret: "whsec_rotated" });
    await gw.cancel({ paymentIntentId: pi, idempotencyKey: "c1" });
    const [, , rotated] = await receiver.waitFor(3);
    expect(stripe.webhooks.constructEvent(rotated?.body ?? "", String(rotated?.headers["stripe-signature"]), "whsec_rotated").type).toBe(
      "payment_intent.canceled",
    );
  });

  it("retries non-2xx answers with backoff until one succeeds", async () => {
    receiver.respondWith((n) => (n <= 2 ? 500 : 200));
    await stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    await receiver.waitFor(3);
    const deliveries = await sb.control.waitForDeliveries((d) => d.some((x) => x.ok));
    expect(deliveries.map((d) => [d.attempt, d.status, d.ok])).toEqual([
      [1, 500, false],
      [2, 500, false],
      [3, 200, true],
    ]);
    // Exponential backoff: 20 ms, then 40 ms (baseDelayMs 20).
    const at = deliveries.map((d) => Date.parse(d.at));
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(15);
    expect((at[2] ?? 0) - (at[1] ?? 0)).toBeGreaterThanOrEqual(35);
    expect(new Set(receiver.received.map((w) => (JSON.parse(w.body) as { id: string }).id)).size).toBe(1);
    const counters = await sb.control.counters();
    expect(counters.webhookAttempts).toEqual({ total: 3, succeeded: 1, failed: 2 });
  });

  it("gives up after maxAttempts and lists the event under delivery_success=false", async () => {
    receiver.respondWith(() => 503);
    await sb.control.configureWebhooks({ maxAttempts: 3 });
    await stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    const deliveries = await sb.control.waitForDeliveries((d) => d.some((x) => x.gaveUp));
    expect(deliveries).toHaveLength(3);
    const failed = await stripe.events.list({ delivery_success: false });
    expect(failed.data.map((e) => e.type)).toEqual(["payment_intent.created"]);
  });

  it("survives an endpoint that is down (connection refused) and keeps retrying quietly", async () => {
    const down = await startWebhookReceiver();
    const downUrl = down.url;
    await down.close();
    await sb.control.configureWebhooks({ url: downUrl, maxAttempts: 3 });
    await stripe.paymentIntents.create({ amount: 1000, currency: "usd" });
    const deliveries = await sb.control.waitForDeliveries((d) => d.some((x) => x.gaveUp));
    expect(deliveries.every((d) => d.status === null && d.error)).toBe(true);
    expect((await stripe.customers.create({})).object).toBe("customer");
  });

  it("delivers every event twice in duplicate mode", async () => {
    await sb.control.configureWebhooks({ duplicate: true });
    await authorize("dup");
    await receiver.waitFor(4);
    const ids = receiver.received.map((w) => (JSON.parse(w.body) as { id: string }).id);
    expect(new Set(ids).size).toBe(2);
    for (const id of new Set(ids)) expect(ids.filter((x) => x === id)).toHaveLength(2);
  });

  it("delivers newest first in out-of-order mode", async () => {
    await sb.control.configureWebhooks({ outOfOrder: true, reorderWindowMs: 100 });
    const pi = await authorize("ooo");
    await gw.capture({ paymentIntentId: pi, amountToCapture: 1000, idempotencyKey: "cap" });
    await receiver.waitFor(3);
    expect(types(receiver)).toEqual(["payment_intent.succeeded", "payment_intent.amount_capturable_updated", "payment_intent.created"]);
  });

  it("sends only the enabled event types", async () => {
    await sb.control.configureWebhooks({ enabledEvents: ["charge.refunded"] });
    const pi = await authorize("only-refunds");
    await gw.capture({ paymentIntentId: pi, amountToCapture: 1000, idempotencyKey: "cap" });
    await gw.refund({ paymentIntentId: pi, amount: 100, idempotencyKey: "ref" });
    await receiver.waitFor(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(types(receiver)).toEqual(["charge.refunded"]);
  });
});

describe("GET /v1/events", () => {
  it("lists events newest first with limit, type filter and pagination", async () => {
    const pi = await authorize("ev");
    await gw.capture({ paymentIntentId: pi, amountToCapture: 1000, idempotencyKey: "cap" });
    const all = await stripe.events.list({ limit: 100 });
    const order = all.data.map((e) => e.type);
    expect(order.indexOf("payment_intent.succeeded")).toBeLessThan(order.indexOf("payment_intent.created"));
    expect(all.data.every((e) => e.id.startsWith("evt_") && typeof e.created === "number")).toBe(true);
    const two = await stripe.events.list({ limit: 2 });
    expect(two.data).toHaveLength(2);
    expect(two.has_more).toBe(true);
    const next = await stripe.events.list({ limit: 2, starting_after: two.data[1]?.id });
    expect(next.data[0]?.id).toBe(all.data[2]?.id);
    const wildcard = await stripe.events.list({ type: "charge.*" });
    expect(wildcard.data.map((e) => e.type).sort()).toEqual(["charge.captured", "charge.succeeded"]);
    const one = await stripe.events.retrieve(all.data[0]?.id ?? "");
    expect(one.request?.idempotency_key).toBe("cap");
  });
});
