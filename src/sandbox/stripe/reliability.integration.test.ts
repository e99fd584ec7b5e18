// Idempotency, injected faults and rate limiting on the Stripe sandbox, as seen
// through stripe-node and the provider gateway.
import { describe, expect, it } from "vitest";
import Stripe from "stripe";
import { startStripeSandbox, type RunningStripeSandbox } from "../start";
import { HOUR_MS } from "../clock";
import { createStripeClient, createStripeGateway, type StripeGateway } from "~/server/providers/stripe";
import { authorizedHold, rejectionOf as rejection, setupStripeSandbox } from "~/test/sandbox-suite";

let sb: RunningStripeSandbox;
let stripe: Stripe;
let gw: StripeGateway;
// A short timeout so the "hang" fault costs about a second.
setupStripeSandbox({ timeoutMs: 1_000 }, (s) => ({ sb, stripe, gw } = s));

let n = 0;
async function hold(amount = 1000) {
  n++;
  return (await authorizedHold(gw, { amount, idempotencyKey: `auth-${n}`, metadata: { lessonId: `l${n}`, paymentId: `p${n}` } }))
    .paymentIntentId;
}

const CAPTURE = "/v1/payment_intents/*/capture";

describe("idempotency keys", () => {
  it("replays the stored response for the same key and parameters", async () => {
    const params = { amount: 1000, currency: "usd", metadata: { lessonId: "x" } };
    const a = await stripe.paymentIntents.create(params, { idempotencyKey: "same" });
    const b = await stripe.paymentIntents.create(params, { idempotencyKey: "same" });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers["idempotent-replayed"]).toBe("true");
    const counters = await sb.control.counters();
    expect(counters.executionsByIdempotencyKey.same).toBe(1);
    expect(counters.idempotentReplays).toBe(1);
    expect((await stripe.paymentIntents.list()).data).toHaveLength(1);
  });

  it("rejects the same key with different parameters (idempotency_error)", async () => {
    await stripe.paymentIntents.create({ amount: 1000, currency: "usd" }, { idempotencyKey: "k" });
    const err = await rejection(stripe.paymentIntents.create({ amount: 999, currency: "usd" }, { idempotencyKey: "k" }));
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    await expect(gw.capture({ paymentIntentId: "pi_x", amountToCapture: 1, idempotencyKey: "k" })).rejects.toMatchObject({
      failure: { kind: "invalid_request", code: "idempotency_error" },
    });
  });

  it("replays errors too (a decline stays a decline) but does not store parameter-validation failures", async () => {
    const { customerId } = await gw.createCustomer({});
    const declineParams = {
      amount: 1000,
      currency: "usd",
      customer: customerId,
      payment_method: "pm_card_chargeDeclined",
      confirm: true,
      capture_method: "manual" as const,
    };
    const first = (await rejection(stripe.paymentIntents.create(declineParams, { idempotencyKey: "dec" }))) as Stripe.errors.StripeError;
    const second = (await rejection(stripe.paymentIntents.create(declineParams, { idempotencyKey: "dec" }))) as Stripe.errors.StripeError;
    expect(second.code).toBe("card_declined");
    expect(second.payment_intent?.id).toBe(first.payment_intent?.id);
    expect((await stripe.charges.list()).data).toHaveLength(1);

    const invalid = (await rejection(
      stripe.paymentIntents.create({ currency: "usd" } as Stripe.PaymentIntentCreateParams, { idempotencyKey: "fixme" }),
    )) as Stripe.errors.StripeError;
    expect(invalid.code).toBe("parameter_missing");
    const fixed = await stripe.paymentIntents.create({ amount: 1000, currency: "usd" }, { idempotencyKey: "fixme" });
    expect(fixed.status).toBe("requires_payment_method");
  });

  it("answers 409 idempotency_key_in_use while the first request with the key is still running", async () => {
    await sb.control.injectFault({ method: "POST", path: "/v1/payment_intents", mode: "latency", latencyMs: 400 });
    const slow = stripe.paymentIntents.create({ amount: 1000, currency: "usd" }, { idempotencyKey: "busy" });
    await new Promise((r) => setTimeout(r, 100));
    const err = (await rejection(
      stripe.paymentIntents.create({ amount: 1000, currency: "usd" }, { idempotencyKey: "busy" }),
    )) as Stripe.errors.StripeError;
    expect(err.statusCode).toBe(409);
    expect(err.code).toBe("idempotency_key_in_use");
    const done = await slow;
    const replay = await stripe.paymentIntents.create({ amount: 1000, currency: "usd" }, { idempotencyKey: "busy" });
    expect(replay.id).toBe(done.id);

    await sb.control.injectFault({ method: "POST", path: CAPTURE, mode: "latency", latencyMs: 400 });
    const pi = await hold();
    const capturing = gw.capture({ paymentIntentId: pi, amountToCapture: 1000, idempotencyKey: "cap-busy" });
    await new Promise((r) => setTimeout(r, 100));
    await expect(gw.capture({ paymentIntentId: pi, amountToCapture: 1000, idempotencyKey: "cap-busy" })).rejects.toMatchObject({
      failure: { kind: "ambiguous", code: "idempotency_key_in_use" },
    });
    await capturing;
    expect((await sb.control.counters()).captures[pi]).toBe(1);
  });

  it("forgets keys after 24 sandbox hours", async () => {
    const a = await stripe.paymentIntents.create({ amount: 1000, currency: "usd" }, { idempotencyKey: "old" });
    await sb.control.advanceClock(23 * HOUR_MS);
    expect((await stripe.paymentIntents.create({ amount: 1000, currency: "usd" }, { idempotencyKey: "old" })).id).toBe(a.id);
    await sb.control.advanceClock(2 * HOUR_MS);
    const b = await stripe.paymentIntents.create({ amount: 2000, currency: "usd" }, { idempotencyKey: "old" });
    expect(b.id).not.toBe(a.id);
  });
});

describe("injected faults", () => {
  it("applied but response lost: ambiguous to the caller, captured once, and a retry with the same key replays", async () => {
    const pi = await hold();
    // stripe-node retries a dropped connection once by itself (same Idempotency-Key),
    // so the response must be lost twice for the caller to see the failure.
    await sb.control.injectFault({ method: "POST", path: CAPTURE, mode: "lost_response", count: 2 });
    const err = await rejection(
      gw.capture({ paymentIntentId: pi, amountToCapture: 1000, applicationFeeAmount: 200, idempotencyKey: "cap-lost" }),
    );
    expect(err).toMatchObject({ failure: { kind: "ambiguous", code: "connection_error" } });

    expect((await gw.retrievePaymentIntent(pi)).status).toBe("succeeded");
    let counters = await sb.control.counters();
    expect(counters.captures[pi]).toBe(1);
    expect(counters.requests["POST /v1/payment_intents/:id/capture"]).toBe(2);

    const retry = await gw.capture({ paymentIntentId: pi, amountToCapture: 1000, applicationFeeAmount: 200, idempotencyKey: "cap-lost" });
    expect(retry).toMatchObject({ status: "succeeded", amountReceived: 1000 });
    counters = await sb.control.counters();
    expect(counters.captures[pi]).toBe(1);
    expect(counters.executionsByIdempotencyKey["cap-lost"]).toBe(1);
    expect((await stripe.events.list({ type: "payment_intent.succeeded" })).data).toHaveLength(1);
  });

  it("a single lost response is absorbed by stripe-node's own retry and the idempotent replay", async () => {
    const pi = await hold();
    await sb.control.injectFault({ method: "POST", path: CAPTURE, mode: "lost_response", count: 1 });
    const ok = await gw.capture({ paymentIntentId: pi, amountToCapture: 1000, idempotencyKey: "cap-once" });
    expect(ok.status).toBe("succeeded");
    const counters = await sb.control.counters();
    expect(counters.captures[pi]).toBe(1);
    expect(counters.idempotentReplays).toBe(1);
  });

  it("connection reset before the request lands: ambiguous, and nothing happened", async () => {
    const pi = await hold();
    await sb.control.injectFault({ method: "POST", path: CAPTURE, mode: "reset", count: 2 });
    await expect(gw.capture({ paymentIntentId: pi, amountToCapture: 1000, idempotencyKey: "cap-reset" })).rejects.toMatchObject({
      failure: { kind: "ambiguous" },
    });
    expect((await gw.retrievePaymentIntent(pi)).status).toBe("requires_capture");
    expect((await sb.control.counters()).captures[pi]).toBeUndefined();
    expect((await gw.capture({ paymentIntentId: pi, amountToCapture: 1000, idempotencyKey: "cap-reset" })).status).toBe("succeeded");
  });

  it("HTTP 500 before execution: ambiguous, not applied, and the same key works afterwards", async () => {
    const pi = await hold();
    await sb.control.injectFault({ method: "POST", path: CAPTURE, mode: "error500" });
    const err = await rejection(gw.capture({ paymentIntentId: pi, amountToCapture: 1000, idempotencyKey: "cap-500" }));
    expect(err).toMatchObject({ failure: { kind: "ambiguous", statusCode: 500 } });
    expect((err as { cause?: unknown }).cause).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect((await gw.retrievePaymentIntent(pi)).status).toBe("requires_capture");
    expect((await gw.capture({ paymentIntentId: pi, amountToCapture: 1000, idempotencyKey: "cap-500" })).status).toBe("succeeded");
  });

  it("a stored 500 is replayed for its key (as Stripe documents); a new key is needed", async () => {
    const pi = await hold();
    await sb.control.injectFault({ method: "POST", path: CAPTURE, mode: "error500", stored: true });
    await expect(gw.capture({ paymentIntentId: pi, amountToCapture: 1000, idempotencyKey: "cap-s500" })).rejects.toMatchObject({
      failure: { kind: "ambiguous" },
    });
    await expect(gw.capture({ paymentIntentId: pi, amountToCapture: 1000, idempotencyKey: "cap-s500" })).rejects.toMatchObject({
      failure: { kind: "ambiguous" },
    });
    expect((await sb.control.counters()).captures[pi]).toBeUndefined();
    expect((await gw.capture({ paymentIntentId: pi, amountToCapture: 1000, idempotencyKey: "cap-s500-2" })).status).toBe("succeeded");
  });

  it("with SDK retries enabled, stripe-node retries a 500 under the same key and the capture happens once", async () => {
    const pi = await hold();
    const retrying = createStripeGateway(createStripeClient({ sandboxUrl: sb.url, timeoutMs: 1_000, maxNetworkRetries: 2 }));
    await sb.control.injectFault({ method: "POST", path: CAPTURE, mode: "error500" });
    expect((await retrying.capture({ paymentIntentId: pi, amountToCapture: 1000, idempotencyKey: "cap-sdk-retry" })).status).toBe(
      "succeeded",
    );
    const counters = await sb.control.counters();
    expect(counters.requests["POST /v1/payment_intents/:id/capture"]).toBe(2);
    expect(counters.captures[pi]).toBe(1);
  });

  it("hang: the request never answers and the client timeout turns it into an ambiguous timeout", async () => {
    const pi = await hold();
    await sb.control.injectFault({ method: "POST", path: CAPTURE, mode: "hang" });
    const started = Date.now();
    await expect(gw.capture({ paymentIntentId: pi, amountToCapture: 1000, idempotencyKey: "cap-hang" })).rejects.toMatchObject({
      failure: { kind: "ambiguous", code: "timeout" },
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect((await gw.retrievePaymentIntent(pi)).status).toBe("requires_capture");
  });

  it("added latency delays but completes", async () => {
    await sb.control.injectFault({ method: "GET", path: "/v1/payment_intents/*", mode: "latency", latencyMs: 300 });
    const pi = await hold();
    const started = Date.now();
    expect((await gw.retrievePaymentIntent(pi)).status).toBe("requires_capture");
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(await sb.control.faults()).toHaveLength(0);
  });

  it("429 fault maps to rate_limited", async () => {
    await sb.control.injectFault({ method: "POST", path: "/v1/customers", mode: "rate_limit" });
    const err = await rejection(gw.createCustomer({}));
    expect(err).toMatchObject({ failure: { kind: "rate_limited", code: "rate_limit" } });
    expect((err as { cause?: unknown }).cause).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect((await sb.control.counters()).faultsInjected.rate_limit).toBe(1);
  });

  it("matches faults by method and path pattern only", async () => {
    await sb.control.injectFault({ method: "POST", path: "/v1/refunds", mode: "error500", count: 3 });
    await gw.createCustomer({});
    expect(await sb.control.faults()).toMatchObject([{ path: "/v1/refunds", remaining: 3 }]);
    await sb.control.clearFaults();
    expect(await sb.control.faults()).toEqual([]);
    await expect(sb.control.injectFault({ method: "POST", path: "/x", mode: "explode" as never })).rejects.toThrow(/unknown fault mode/);
  });
});

describe("rate limit", () => {
  it("answers 429 beyond the configured operations per second, then recovers", async () => {
    await sb.control.setRateLimit(5);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => stripe.customers.create({})));
    const limited = results.filter((r) => r.status === "rejected");
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(limited).toHaveLength(3);
    for (const r of limited) expect((r as PromiseRejectedResult).reason).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect((await sb.control.counters()).rateLimited).toBe(3);
    // Sandbox time does not refill the window; only real time does.
    await sb.control.advanceClock(HOUR_MS);
    await expect(gw.createCustomer({})).rejects.toMatchObject({ failure: { kind: "rate_limited" } });
    await new Promise((r) => setTimeout(r, 1_050));
    await expect(gw.createCustomer({})).resolves.toMatchObject({ customerId: expect.stringMatching(/^cus_/) });
  });
});

describe("server lifecycle", () => {
  it("closes promptly while a request is hanging", async () => {
    const other = await startStripeSandbox({ port: 0 });
    const client = createStripeClient({ sandboxUrl: other.url, timeoutMs: 30_000 });
    await other.control.injectFault({ method: "GET", path: "/v1/customers/*", mode: "hang" });
    const pending = client.customers.retrieve("cus_1").catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Stripe.errors.StripeConnectionError);
  });

  it("answers 404 for unknown API paths and control routes", async () => {
    const err = (await rejection(stripe.rawRequest("GET", "/v1/nothing_here", {}))) as Stripe.errors.StripeError;
    expect(err.statusCode).toBe(404);
    const res = await fetch(`${sb.url}/_sandbox/nope`);
    expect(res.status).toBe(404);
  });
});
