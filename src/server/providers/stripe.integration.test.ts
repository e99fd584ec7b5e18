// The Stripe gateway against the Stripe sandbox: configuration, plain results,
// error mapping, webhook event mapping.
import { describe, expect, it } from "vitest";
import Stripe from "stripe";
import type { RunningStripeSandbox } from "~/sandbox/start";
import type { WebhookReceiver } from "~/sandbox/webhook-receiver";
import { setupStripeSandbox } from "~/test/sandbox-suite";
import {
  createStripeClient,
  isProviderError,
  stripeFromEnv,
  toStripeProviderError,
  type StripeGateway,
  type StripeWebhookEvent,
} from "./stripe";

let receiver: WebhookReceiver;
let gw: StripeGateway;
let sb: RunningStripeSandbox;
setupStripeSandbox({ timeoutMs: 1_500, receiver: true, sandbox: { webhookSecret: "whsec_sandbox" } }, (s) => ({ sb, gw, receiver } = s));

describe("client configuration", () => {
  it("points at the sandbox without a key and at api.stripe.com with one", () => {
    const sandbox = createStripeClient({ sandboxUrl: "http://127.0.0.1:4567" }) as unknown as { getApiField(k: string): unknown };
    expect(sandbox.getApiField("host")).toBe("127.0.0.1");
    expect(String(sandbox.getApiField("port"))).toBe("4567");
    expect(sandbox.getApiField("protocol")).toBe("http");
    expect(sandbox.getApiField("maxNetworkRetries")).toBe(0);
    expect(sandbox.getApiField("timeout")).toBe(10_000);
    const real = createStripeClient({ secretKey: "sk_test_123", timeoutMs: 5_000 }) as unknown as { getApiField(k: string): unknown };
    expect(real.getApiField("host")).toBe("api.stripe.com");
    expect(real.getApiField("protocol")).toBe("https");
    expect(real.getApiField("timeout")).toBe(5_000);
  });

  it("stripeFromEnv() uses the sandbox on STRIPE_SANDBOX_PORT when no secret key is set", async () => {
    delete process.env.STRIPE_SECRET_KEY;
    process.env.STRIPE_SANDBOX_PORT = String(sb.port);
    const fromEnv = stripeFromEnv();
    expect(fromEnv.mode).toBe("sandbox");
    expect(stripeFromEnv()).toBe(fromEnv);
    const { customerId } = await fromEnv.createCustomer({ email: "env@example.com" });
    expect(customerId).toMatch(/^cus_/);
  });
});

describe("gateway results", () => {
  it("walks save card -> authorize -> capture -> refund with plain results, idempotently", async () => {
    const { customerId } = await gw.createCustomer({ email: "s@example.com", idempotencyKey: "cust-1" });
    expect((await gw.createCustomer({ email: "s@example.com", idempotencyKey: "cust-1" })).customerId).toBe(customerId);
    const si = await gw.createSetupIntent({ customerId, paymentMethodId: "pm_card_visa", idempotencyKey: "si-1" });
    expect(si).toMatchObject({ status: "succeeded", nextActionUrl: null });
    const input = {
      amount: 450,
      currency: "USD",
      customerId,
      paymentMethodId: si.paymentMethodId ?? "",
      offSession: true,
      idempotencyKey: "authorize:pay_1",
      metadata: { lessonId: "les_1", paymentId: "pay_1" },
    };
    const auth = await gw.authorize(input);
    expect(auth).toMatchObject({ outcome: "authorized", status: "requires_capture", amountCapturable: 450 });
    expect(await gw.authorize(input)).toEqual(auth);

    const captured = await gw.capture({
      paymentIntentId: auth.paymentIntentId ?? "",
      amountToCapture: 450,
      applicationFeeAmount: 90,
      idempotencyKey: "capture:pay_1",
    });
    expect(captured).toMatchObject({ status: "succeeded", amountReceived: 450, applicationFeeAmount: 90 });
    const refund = await gw.refund({ paymentIntentId: captured.paymentIntentId, amount: 450, idempotencyKey: "refund:pay_1" });
    expect(refund).toMatchObject({
      status: "succeeded",
      amount: 450,
      chargeId: captured.chargeId,
      paymentIntentId: captured.paymentIntentId,
    });
    const snap = await gw.retrievePaymentIntent(captured.paymentIntentId);
    expect(snap).toMatchObject({
      status: "succeeded",
      amountReceived: 450,
      amountRefunded: 450,
      metadata: { lessonId: "les_1", paymentId: "pay_1" },
    });
    expect((await sb.control.counters()).captures[captured.paymentIntentId]).toBe(1);
  });

  it("returns requires_action with the 3-D Secure URL for an on-session card that needs it", async () => {
    const { customerId } = await gw.createCustomer({});
    const result = await gw.authorize({
      amount: 1000,
      currency: "usd",
      customerId,
      paymentMethodId: "pm_card_authenticationRequired",
      offSession: false,
      returnUrl: "http://localhost:3000/return",
      idempotencyKey: "a",
      metadata: { lessonId: "l", paymentId: "p" },
    });
    expect(result).toMatchObject({ outcome: "requires_action", status: "requires_action" });
    if (result.outcome !== "requires_action") return;
    expect(result.clientSecret).toMatch(/_secret_/);
    expect(result.nextActionUrl).toMatch(/\/3ds\/authenticate\//);
    const failed = await fetch(`${result.nextActionUrl}?outcome=fail`, { redirect: "manual" });
    expect(failed.status).toBe(302);
    const snap = await gw.retrievePaymentIntent(result.paymentIntentId);
    expect(snap).toMatchObject({ status: "requires_payment_method", lastErrorCode: "payment_intent_authentication_failure" });
  });

  it("refuses search values that would break the query", async () => {
    await expect(gw.findPaymentIntentByMetadata({ lessonId: "x' OR status:'succeeded" })).rejects.toThrow(/quotes/);
    await expect(gw.findPaymentIntentByMetadata({})).rejects.toThrow(/lessonId/);
  });
});

describe("error mapping", () => {
  it("maps every Stripe error family to one ProviderError kind", () => {
    const E = Stripe.errors;
    const cases: Array<[InstanceType<typeof E.StripeError>, string]> = [
      [new E.StripeConnectionError({ message: "Request aborted due to timeout being reached (1000ms)" }), "ambiguous"],
      [new E.StripeAPIError({ message: "boom", statusCode: 502 }), "ambiguous"],
      [new E.StripeRateLimitError({ message: "slow down", statusCode: 429, code: "rate_limit" }), "rate_limited"],
      [new E.StripeAuthenticationError({ message: "bad key", statusCode: 401 }), "auth"],
      [new E.StripePermissionError({ message: "nope", statusCode: 403 }), "auth"],
      [new E.StripeCardError({ message: "declined", statusCode: 402, code: "card_declined", decline_code: "generic_decline" }), "declined"],
      [new E.StripeInvalidRequestError({ message: "x", statusCode: 400, code: "resource_missing", param: "id" }), "invalid_request"],
      [
        new E.StripeInvalidRequestError({
          message: "state",
          statusCode: 400,
          code: "payment_intent_unexpected_state",
          payment_intent: { id: "pi_1", status: "canceled" } as Stripe.PaymentIntent,
        }),
        "invalid_state",
      ],
    ];
    for (const [err, kind] of cases) {
      const mapped = toStripeProviderError(err);
      expect(isProviderError(mapped), String(err.message)).toBe(true);
      expect((mapped as { failure: { kind: string } }).failure.kind).toBe(kind);
    }
    const timeout = toStripeProviderError(cases[0]?.[0]);
    expect(timeout).toMatchObject({ failure: { code: "timeout" } });
    expect(toStripeProviderError(cases[7]?.[0])).toMatchObject({ failure: { paymentIntentStatus: "canceled", paymentIntentId: "pi_1" } });
    const plain = new TypeError("a bug");
    expect(toStripeProviderError(plain)).toBe(plain);
  });

  it("maps unknown objects to invalid_request with the param", async () => {
    await expect(gw.retrievePaymentIntent("pi_missing")).rejects.toMatchObject({
      failure: { kind: "invalid_request", code: "resource_missing", statusCode: 404 },
    });
    await expect(
      gw.createTransfer({ amount: 100, currency: "usd", destination: "acct_nope", transferGroup: "g", idempotencyKey: "t" }),
    ).rejects.toMatchObject({
      failure: { kind: "invalid_request", param: "destination" },
    });
  });
});

describe("webhook events", () => {
  it("turns verified deliveries into typed events for intents, charges, accounts and transfers", async () => {
    const { customerId } = await gw.createCustomer({});
    const { accountId } = await gw.createExpressAccount({ email: "t@example.com" });
    const link = await gw.createAccountLink({ accountId, refreshUrl: "http://localhost/r", returnUrl: "http://localhost/d" });
    await fetch(link.url, { redirect: "manual" });
    const auth = await gw.authorize({
      amount: 1000,
      currency: "usd",
      customerId,
      paymentMethodId: "pm_card_visa",
      offSession: false,
      idempotencyKey: "w",
      metadata: { lessonId: "l", paymentId: "p" },
    });
    const cap = await gw.capture({ paymentIntentId: auth.paymentIntentId ?? "", amountToCapture: 1000, idempotencyKey: "wc" });
    await gw.refund({ paymentIntentId: cap.paymentIntentId, amount: 100, idempotencyKey: "wr" });
    await gw.createTransfer({
      amount: 700,
      currency: "usd",
      destination: accountId,
      transferGroup: "g1",
      sourceTransaction: cap.chargeId ?? "",
      idempotencyKey: "wt",
    });

    const deliveries = await sb.control.waitForDeliveries((d) => d.filter((x) => x.ok).length >= 10);
    expect(deliveries.length).toBeGreaterThanOrEqual(10);
    await receiver.waitFor(deliveries.filter((d) => d.ok).length);
    const events: StripeWebhookEvent[] = receiver.received.map((w) =>
      gw.constructWebhookEvent(w.body, String(w.headers["stripe-signature"])),
    );
    const byType = new Map(events.map((e) => [e.type, e]));
    expect(byType.get("account.updated")).toMatchObject({ object: "account", account: { accountId, payoutsEnabled: true } });
    expect(byType.get("payment_intent.succeeded")).toMatchObject({
      object: "payment_intent",
      paymentIntent: { status: "succeeded", amountReceived: 1000 },
    });
    expect(byType.get("charge.refunded")).toMatchObject({
      object: "charge",
      charge: { amountRefunded: 100, refunded: false, captured: true },
    });
    expect(byType.get("transfer.created")).toMatchObject({
      object: "transfer",
      transfer: { amount: 700, destination: accountId, transferGroup: "g1" },
    });
    expect(byType.get("customer.created")).toMatchObject({ object: "other", objectType: "customer" });
    expect(events.every((e) => e.created instanceof Date && e.eventId.startsWith("evt_"))).toBe(true);
  });
});
