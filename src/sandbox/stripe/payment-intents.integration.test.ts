// The Stripe sandbox's card and PaymentIntent rules, exercised through stripe-node.
import { describe, expect, it } from "vitest";
import Stripe from "stripe";
import type { RunningStripeSandbox } from "../start";
import { browserCreatePaymentMethod } from "../control-client";
import { DAY_MS, HOUR_MS } from "../clock";
import { createStripeGateway, type StripeGateway } from "~/server/providers/stripe";
import { holdInput, rejectionOf, setupStripeSandbox } from "~/test/sandbox-suite";

let sb: RunningStripeSandbox;
let stripe: Stripe;
let gw: StripeGateway;
setupStripeSandbox({ timeoutMs: 2_000 }, (s) => ({ sb, stripe, gw } = s));

async function customerWithCard(card = "pm_card_visa") {
  const { customerId } = await gw.createCustomer({ email: "student@example.com" });
  const pm = await gw.attachPaymentMethod({ paymentMethodId: card, customerId });
  return { customerId, paymentMethodId: pm.paymentMethodId };
}

async function authorizedIntent(amount = 1000, card = "pm_card_visa") {
  const { customerId, paymentMethodId } = await customerWithCard(card);
  const result = await gw.authorize(
    holdInput({
      amount,
      customerId,
      paymentMethodId,
      idempotencyKey: `auth-${Math.random()}`,
      metadata: { lessonId: "les_1", paymentId: `pay_${Math.random()}` },
    }),
  );
  if (result.outcome !== "authorized") throw new Error(`expected authorized, got ${result.outcome}`);
  return { ...result, customerId, paymentMethodId };
}

const gatewayFor = (client: Stripe) => createStripeGateway(client);

const expectStripeError = (p: Promise<unknown>) => rejectionOf<Stripe.errors.StripeError>(p);

describe("customers, cards and saved cards", () => {
  it("creates a payment method in the browser with the publishable key (CORS) and saves it with a SetupIntent", async () => {
    const created = await browserCreatePaymentMethod(sb.url, "pk_test_sandbox", {
      number: "4242424242424242",
      expMonth: 12,
      expYear: 2040,
      cvc: "123",
    });
    expect(created.status).toBe(200);
    expect(created.cors).toBe("*");
    expect(created.body.card).toMatchObject({ brand: "visa", last4: "4242" });
    const pmId = created.body.id ?? "";

    const preflight = await fetch(`${sb.url}/v1/payment_methods`, { method: "OPTIONS", headers: { Origin: "http://localhost:3000" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Authorization");

    const { customerId } = await gw.createCustomer({ email: "s@example.com", metadata: { userId: "u1" } });
    const si = await gw.createSetupIntent({ customerId, paymentMethodId: pmId, idempotencyKey: "si-1" });
    expect(si.status).toBe("succeeded");
    const pm = await stripe.paymentMethods.retrieve(pmId);
    expect(pm.customer).toBe(customerId);
    const events = await stripe.events.list({ type: "setup_intent.succeeded" });
    expect(events.data).toHaveLength(1);
  });

  it("keeps card numbers away from server keys and rejects bad cards and keys", async () => {
    const raw = await expectStripeError(
      stripe.paymentMethods.create({
        type: "card",
        card: { number: "4242424242424242", exp_month: 12, exp_year: 2040 },
      } as Stripe.PaymentMethodCreateParams),
    );
    expect(raw.statusCode).toBe(400);
    expect(raw.message).toMatch(/unsafe/);

    const bad = await browserCreatePaymentMethod(sb.url, "pk_test_sandbox", { number: "4242424242424241", expMonth: 12, expYear: 2040 });
    expect(bad.status).toBe(402);
    expect(bad.body.error?.code).toBe("incorrect_number");
    const expired = await browserCreatePaymentMethod(sb.url, "pk_test_sandbox", { number: "4242424242424242", expMonth: 1, expYear: 2001 });
    expect(expired.body.error?.code).toBe("invalid_expiry_year");

    const withKey = (key: string) => new Stripe(key, { host: "127.0.0.1", port: sb.port, protocol: "http", maxNetworkRetries: 0 });
    const live = await expectStripeError(withKey("sk_live_real").customers.create({}));
    expect(live).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    await expect(gatewayFor(withKey("nonsense")).createCustomer({})).rejects.toMatchObject({ failure: { kind: "auth" } });
    const pk = await expectStripeError(withKey("pk_test_abc").customers.create({}));
    expect(pk.statusCode).toBe(401);
    expect(pk.message).toMatch(/publishable/);
    expect(await withKey("rk_test_restricted").customers.create({ email: "ok@example.com" })).toMatchObject({ object: "customer" });
  });

  it("saves a 4000002500003155 card after 3-D Secure, after which off-session payments need no authentication", async () => {
    const { customerId } = await gw.createCustomer({});
    const si = await gw.createSetupIntent({
      customerId,
      paymentMethodId: "pm_card_authenticationRequiredOnSetup",
      returnUrl: "http://localhost:3000/cards/done",
    });
    expect(si.status).toBe("requires_action");
    expect(si.nextActionUrl).toContain(sb.url);
    const visit = await fetch(si.nextActionUrl ?? "", { redirect: "manual" });
    expect(visit.status).toBe(302);
    expect(visit.headers.get("location")).toContain(`setup_intent=${si.setupIntentId}`);
    const after = await stripe.setupIntents.retrieve(si.setupIntentId);
    expect(after.status).toBe("succeeded");

    const auth = await gw.authorize(
      holdInput({ amount: 2000, customerId, paymentMethodId: si.paymentMethodId ?? "", offSession: true, idempotencyKey: "k-3155" }),
    );
    expect(auth.outcome).toBe("authorized");
  });
});

describe("authorization (manual capture)", () => {
  it("authorizes on-session with a 7-day capture_before and emits amount_capturable_updated", async () => {
    const now = Date.now();
    const auth = await authorizedIntent(1500);
    expect(auth.amountCapturable).toBe(1500);
    const ms = (auth.captureBefore?.getTime() ?? 0) - now;
    expect(ms).toBeGreaterThan(7 * DAY_MS - 60_000);
    expect(ms).toBeLessThan(7 * DAY_MS + 60_000);
    const pi = await stripe.paymentIntents.retrieve(auth.paymentIntentId, { expand: ["latest_charge"] });
    expect(pi.status).toBe("requires_capture");
    expect(pi.capture_method).toBe("manual");
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge.captured).toBe(false);
    expect(charge.payment_method_details?.card?.capture_before).toBe(Math.floor((auth.captureBefore?.getTime() ?? 0) / 1000));
    const events = await stripe.events.list({ type: "payment_intent.amount_capturable_updated" });
    expect(events.data.map((e) => (e.data.object as Stripe.PaymentIntent).id)).toContain(auth.paymentIntentId);
  });

  it("gives merchant-initiated (off-session) Visa holds 4 days 18 hours", async () => {
    const { customerId, paymentMethodId } = await customerWithCard();
    const now = Date.now();
    const auth = await gw.authorize(holdInput({ customerId, paymentMethodId, offSession: true, idempotencyKey: "mit-1" }));
    if (auth.outcome !== "authorized") throw new Error(auth.outcome);
    const ms = (auth.captureBefore?.getTime() ?? 0) - now;
    expect(Math.abs(ms - (4 * DAY_MS + 18 * HOUR_MS))).toBeLessThan(60_000);
  });

  it("declines 4000000000000002 (generic_decline) and 4000000000009995 (insufficient_funds) with the intent attached", async () => {
    for (const [card, decline] of [
      ["pm_card_chargeDeclined", "generic_decline"],
      ["pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds"],
    ] as const) {
      const { customerId, paymentMethodId } = await customerWithCard(card);
      const err = await expectStripeError(
        stripe.paymentIntents.create({
          amount: 1000,
          currency: "usd",
          customer: customerId,
          payment_method: paymentMethodId,
          capture_method: "manual",
          confirm: true,
        }),
      );
      expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
      expect(err.statusCode).toBe(402);
      expect(err.code).toBe("card_declined");
      expect(err.decline_code).toBe(decline);
      expect(err.payment_intent?.status).toBe("requires_payment_method");
      expect(err.payment_intent?.last_payment_error?.decline_code).toBe(decline);

      const viaGateway = await gw.authorize(holdInput({ customerId, paymentMethodId, idempotencyKey: `gw-${card}` }));
      expect(viaGateway).toMatchObject({ outcome: "declined", code: "card_declined", declineCode: decline });
    }
    const failed = await stripe.events.list({ type: "payment_intent.payment_failed" });
    expect(failed.data.length).toBe(4);
  });

  it("needs 3-D Secure on-session (requires_action, then capturable) and fails off-session with authentication_required", async () => {
    const { customerId, paymentMethodId } = await customerWithCard("pm_card_authenticationRequiredOnSetup");
    const onSession = await gw.authorize(
      holdInput({ customerId, paymentMethodId, idempotencyKey: "3ds-on", returnUrl: "http://localhost:3000/pay/return" }),
    );
    if (onSession.outcome !== "requires_action") throw new Error(onSession.outcome);
    const events = await stripe.events.list({ type: "payment_intent.requires_action" });
    expect(events.data).toHaveLength(1);
    await fetch(onSession.nextActionUrl ?? "", { redirect: "manual" });
    expect((await gw.retrievePaymentIntent(onSession.paymentIntentId)).status).toBe("requires_capture");

    const fresh = await customerWithCard("pm_card_authenticationRequiredOnSetup");
    const err = await expectStripeError(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: "usd",
        customer: fresh.customerId,
        payment_method: fresh.paymentMethodId,
        capture_method: "manual",
        confirm: true,
        off_session: true,
      }),
    );
    expect(err.statusCode).toBe(402);
    expect(err.type).toBe("StripeCardError");
    expect(err.code).toBe("authentication_required");
    expect(err.payment_intent?.status).toBe("requires_payment_method");
  });

  it("4000002760003184 always requires authentication, even after being saved", async () => {
    const { customerId } = await gw.createCustomer({});
    const si = await gw.createSetupIntent({ customerId, paymentMethodId: "pm_card_authenticationRequired" });
    await fetch(si.nextActionUrl ?? "", { redirect: "manual" });
    const result = await gw.authorize(
      holdInput({ customerId, paymentMethodId: si.paymentMethodId ?? "", offSession: true, idempotencyKey: "3184-off" }),
    );
    expect(result).toMatchObject({ outcome: "declined", code: "authentication_required" });
  });

  it("enforces Stripe's minimum amount and required params", async () => {
    const small = await expectStripeError(stripe.paymentIntents.create({ amount: 49, currency: "usd" }));
    expect(small.code).toBe("amount_too_small");
    const missing = await expectStripeError(stripe.paymentIntents.create({ currency: "usd" } as Stripe.PaymentIntentCreateParams));
    expect(missing.code).toBe("parameter_missing");
    expect(missing.param).toBe("amount");
    const gone = await expectStripeError(stripe.paymentIntents.retrieve("pi_nope"));
    expect(gone.statusCode).toBe(404);
    expect(gone.code).toBe("resource_missing");
  });
});

describe("capture and cancel", () => {
  it("captures part of the hold with the application fee capped at the captured amount, once", async () => {
    const auth = await authorizedIntent(1000);
    const captured = await gw.capture({
      paymentIntentId: auth.paymentIntentId,
      amountToCapture: 600,
      applicationFeeAmount: 800,
      idempotencyKey: "cap-1",
    });
    expect(captured).toMatchObject({ status: "succeeded", amountReceived: 600, applicationFeeAmount: 600 });
    const pi = await stripe.paymentIntents.retrieve(auth.paymentIntentId, { expand: ["latest_charge"] });
    expect(pi.amount_capturable).toBe(0);
    expect((pi.latest_charge as Stripe.Charge).amount_captured).toBe(600);

    const again = await expectStripeError(stripe.paymentIntents.capture(auth.paymentIntentId));
    expect(again.statusCode).toBe(400);
    expect(again.code).toBe("payment_intent_unexpected_state");
    expect(again.payment_intent?.status).toBe("succeeded");
    await expect(
      gw.capture({ paymentIntentId: auth.paymentIntentId, amountToCapture: 600, idempotencyKey: "cap-2" }),
    ).rejects.toMatchObject({
      failure: { kind: "invalid_state", code: "payment_intent_unexpected_state", paymentIntentStatus: "succeeded" },
    });
    expect((await sb.control.counters()).captures[auth.paymentIntentId]).toBe(1);
    const succeeded = await stripe.events.list({ type: "payment_intent.succeeded" });
    expect(succeeded.data).toHaveLength(1);
  });

  it("refuses to capture more than amount_capturable", async () => {
    const auth = await authorizedIntent(1000);
    const err = await expectStripeError(stripe.paymentIntents.capture(auth.paymentIntentId, { amount_to_capture: 1001 }));
    expect(err.statusCode).toBe(400);
    expect(err.param).toBe("amount_to_capture");
  });

  it("cancels with a reason; a canceled intent cannot be captured and a succeeded one cannot be canceled", async () => {
    const auth = await authorizedIntent(1000);
    const canceled = await gw.cancel({ paymentIntentId: auth.paymentIntentId, idempotencyKey: "void-1", reason: "requested_by_customer" });
    expect(canceled).toMatchObject({ status: "canceled", cancellationReason: "requested_by_customer", amountCapturable: 0 });
    await expect(
      gw.capture({ paymentIntentId: auth.paymentIntentId, amountToCapture: 1000, idempotencyKey: "cap-x" }),
    ).rejects.toMatchObject({
      failure: { kind: "invalid_state", paymentIntentStatus: "canceled" },
    });
    const other = await authorizedIntent(1000);
    await gw.capture({ paymentIntentId: other.paymentIntentId, amountToCapture: 1000, idempotencyKey: "cap-y" });
    const err = await expectStripeError(stripe.paymentIntents.cancel(other.paymentIntentId));
    expect(err.code).toBe("payment_intent_unexpected_state");
    expect(err.payment_intent?.status).toBe("succeeded");
    const counters = await sb.control.counters();
    expect(counters.cancels[auth.paymentIntentId]).toBe(1);
    expect((await stripe.events.list({ type: "payment_intent.canceled" })).data).toHaveLength(1);
  });

  it("lets an uncaptured hold lapse when the sandbox clock passes capture_before", async () => {
    const auth = await authorizedIntent(1000);
    await sb.control.advanceClock(7 * DAY_MS - 60_000);
    expect((await gw.retrievePaymentIntent(auth.paymentIntentId)).status).toBe("requires_capture");
    await sb.control.advanceClock(2 * 60_000);
    // The advance itself applied the expiry and emitted the event (no API call needed).
    const events = await stripe.events.list({ type: "payment_intent.canceled" });
    expect(events.data).toHaveLength(1);
    const evPi = events.data[0]?.data.object as Stripe.PaymentIntent;
    expect(evPi).toMatchObject({ id: auth.paymentIntentId, status: "canceled", cancellation_reason: "automatic" });
    expect(events.data[0]?.created).toBe(Math.floor((auth.captureBefore?.getTime() ?? 0) / 1000));
    expect((await stripe.events.list({ type: "charge.expired" })).data).toHaveLength(1);
    const snap = await gw.retrievePaymentIntent(auth.paymentIntentId);
    expect(snap).toMatchObject({ status: "canceled", cancellationReason: "automatic", amountCapturable: 0 });
    await expect(
      gw.capture({ paymentIntentId: auth.paymentIntentId, amountToCapture: 1000, idempotencyKey: "late" }),
    ).rejects.toMatchObject({
      failure: { kind: "invalid_state", paymentIntentStatus: "canceled" },
    });
  });
});

describe("reading intents back", () => {
  it("retrieves with expand, lists by customer and searches by metadata", async () => {
    const a = await authorizedIntent(1000);
    const pi = await stripe.paymentIntents.retrieve(a.paymentIntentId, { expand: ["latest_charge", "payment_method"] });
    expect(typeof pi.latest_charge).toBe("object");
    expect((pi.payment_method as Stripe.PaymentMethod).card?.last4).toBe("4242");

    const { customerId, paymentMethodId } = await customerWithCard();
    const mine = await gw.authorize(
      holdInput({
        amount: 2500,
        customerId,
        paymentMethodId,
        idempotencyKey: "find-me",
        metadata: { lessonId: "les_42", paymentId: "pay_42" },
      }),
    );
    const list = await stripe.paymentIntents.list({ customer: customerId });
    expect(list.data.map((x) => x.id)).toEqual([mine.paymentIntentId]);

    const search = await stripe.paymentIntents.search({ query: "metadata['lessonId']:'les_42' AND status:'requires_capture'" });
    expect(search.data.map((x) => x.id)).toEqual([mine.paymentIntentId]);
    const none = await stripe.paymentIntents.search({ query: "metadata['lessonId']:'les_42' AND -status:'requires_capture'" });
    expect(none.data).toHaveLength(0);

    const bySearch = await gw.findPaymentIntentByMetadata({ lessonId: "les_42", paymentId: "pay_42" });
    expect(bySearch.map((x) => x.paymentIntentId)).toEqual([mine.paymentIntentId]);
    expect(bySearch[0]?.captureBefore).toBeInstanceOf(Date);
    const byList = await gw.findPaymentIntentByMetadata({ paymentId: "pay_42", customerId });
    expect(byList.map((x) => x.paymentIntentId)).toEqual([mine.paymentIntentId]);
    const bad = await expectStripeError(stripe.paymentIntents.search({ query: "lessonId = 1" }));
    expect(bad.statusCode).toBe(400);
  });
});
