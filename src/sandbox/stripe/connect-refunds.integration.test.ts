// Refunds and Connect (Express onboarding, transfers, reversals) through stripe-node.
import { describe, expect, it } from "vitest";
import type Stripe from "stripe";
import { startStripeSandbox, type RunningStripeSandbox } from "../start";
import { MINUTE_MS } from "../clock";
import { createStripeClient, createStripeGateway, type StripeGateway } from "~/server/providers/stripe";
import { authorizedHold, holdInput, rejectionOf, setupStripeSandbox } from "~/test/sandbox-suite";

let sb: RunningStripeSandbox;
let stripe: Stripe;
let gw: StripeGateway;
setupStripeSandbox({ timeoutMs: 2_000 }, (s) => ({ sb, stripe, gw } = s));

let seq = 0;
async function capturedPayment(amount = 1000, capture = amount) {
  seq++;
  const auth = await authorizedHold(gw, {
    amount,
    idempotencyKey: `auth-${seq}`,
    metadata: { lessonId: `les_${seq}`, paymentId: `pay_${seq}` },
  });
  const cap = await gw.capture({
    paymentIntentId: auth.paymentIntentId,
    amountToCapture: capture,
    applicationFeeAmount: Math.round(capture * 0.2),
    idempotencyKey: `cap-${seq}`,
  });
  return { paymentIntentId: auth.paymentIntentId, chargeId: cap.chargeId ?? "" };
}

async function onboardedAccount() {
  const { accountId } = await gw.createExpressAccount({ email: "tutor@example.com" });
  const link = await gw.createAccountLink({
    accountId,
    refreshUrl: "http://localhost:3000/connect/refresh",
    returnUrl: "http://localhost:3000/connect/done",
  });
  await fetch(link.url, { redirect: "manual" });
  return accountId;
}

const stripeError = (p: Promise<unknown>) => rejectionOf<Stripe.errors.StripeError>(p);

describe("refunds", () => {
  it("refunds partially then fully, never more than captured, with charge.refunded events", async () => {
    const { paymentIntentId, chargeId } = await capturedPayment(1000, 800);
    const first = await gw.refund({ paymentIntentId, amount: 300, idempotencyKey: "r1" });
    expect(first).toMatchObject({ status: "succeeded", amount: 300, chargeId });
    const tooMuch = await stripeError(stripe.refunds.create({ payment_intent: paymentIntentId, amount: 501 }));
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.code).toBe("amount_too_large");
    const rest = await stripe.refunds.create({ charge: chargeId });
    expect(rest.amount).toBe(500);
    const charge = await stripe.charges.retrieve(chargeId);
    expect(charge).toMatchObject({ amount_refunded: 800, refunded: true });
    await expect(gw.refund({ paymentIntentId, amount: 1, idempotencyKey: "r3" })).rejects.toMatchObject({
      failure: { kind: "invalid_state", code: "charge_already_refunded" },
    });
    const events = await stripe.events.list({ type: "charge.refunded" });
    expect(events.data).toHaveLength(2);
    expect((events.data[0]?.data.object as Stripe.Charge).amount_refunded).toBe(800);
    expect((await sb.control.counters()).refunds[paymentIntentId]).toBe(2);
    expect((await stripe.refunds.list({ payment_intent: paymentIntentId })).data).toHaveLength(2);
  });

  it("refuses to refund an uncaptured hold (cancel it instead)", async () => {
    const { customerId } = await gw.createCustomer({});
    const auth = await gw.authorize(holdInput({ customerId, idempotencyKey: "hold" }));
    await expect(gw.refund({ paymentIntentId: auth.paymentIntentId ?? "", amount: 100, idempotencyKey: "r" })).rejects.toMatchObject({
      failure: { kind: "invalid_state", code: "charge_not_refundable" },
    });
  });
});

describe("Connect onboarding", () => {
  it("completes onboarding when the account link is visited and redirects to return_url", async () => {
    const { accountId } = await gw.createExpressAccount({ email: "tutor@example.com", metadata: { tutorId: "t1" } });
    expect(await gw.retrieveAccount(accountId)).toMatchObject({ detailsSubmitted: false, chargesEnabled: false, payoutsEnabled: false });
    const link = await gw.createAccountLink({
      accountId,
      refreshUrl: "http://localhost:3000/refresh",
      returnUrl: "http://localhost:3000/done",
    });
    expect(link.url.startsWith(sb.url)).toBe(true);
    expect(link.expiresAt.getTime()).toBeGreaterThan(Date.now());

    const visit = await fetch(link.url, { redirect: "manual" });
    expect(visit.status).toBe(302);
    expect(visit.headers.get("location")).toBe("http://localhost:3000/done");
    expect(await gw.retrieveAccount(accountId)).toMatchObject({
      detailsSubmitted: true,
      chargesEnabled: true,
      payoutsEnabled: true,
      transfersCapability: "active",
    });
    const updated = await stripe.events.list({ type: "account.updated" });
    expect(updated.data).toHaveLength(1);
    expect(updated.data[0]?.data.previous_attributes).toMatchObject({ payouts_enabled: false });

    const reused = await fetch(link.url, { redirect: "manual" });
    expect(reused.headers.get("location")).toBe("http://localhost:3000/refresh");
  });

  it("sends an expired link to refresh_url without onboarding", async () => {
    const { accountId } = await gw.createExpressAccount({});
    const link = await gw.createAccountLink({
      accountId,
      refreshUrl: "http://localhost:3000/refresh",
      returnUrl: "http://localhost:3000/done",
    });
    await sb.control.advanceClock(6 * MINUTE_MS);
    const visit = await fetch(link.url, { redirect: "manual" });
    expect(visit.headers.get("location")).toBe("http://localhost:3000/refresh");
    expect((await gw.retrieveAccount(accountId)).detailsSubmitted).toBe(false);
  });
});

describe("transfers", () => {
  it("transfers from a captured charge, validates source_transaction, and reverses", async () => {
    const accountId = await onboardedAccount();
    const { chargeId } = await capturedPayment(1000);
    const t = await gw.createTransfer({
      amount: 800,
      currency: "usd",
      destination: accountId,
      transferGroup: "lesson_1",
      sourceTransaction: chargeId,
      idempotencyKey: "tr-1",
    });
    expect(t).toMatchObject({
      amount: 800,
      destination: accountId,
      transferGroup: "lesson_1",
      sourceTransaction: chargeId,
      reversed: false,
    });
    expect(await gw.retrieveTransfer(t.transferId)).toMatchObject({ transferId: t.transferId, amountReversed: 0 });

    const over = await stripeError(
      stripe.transfers.create({
        amount: 201,
        currency: "usd",
        destination: accountId,
        source_transaction: chargeId,
        transfer_group: "lesson_1",
      }),
    );
    expect(over.statusCode).toBe(400);
    expect(over.param).toBe("amount");
    const wrongCurrency = await stripeError(
      stripe.transfers.create({ amount: 100, currency: "eur", destination: accountId, source_transaction: chargeId }),
    );
    expect(wrongCurrency.param).toBe("currency");
    const noAccount = await stripeError(stripe.transfers.create({ amount: 100, currency: "usd", destination: "acct_missing" }));
    expect(noAccount.param).toBe("destination");

    const partial = await gw.reverseTransfer({ transferId: t.transferId, amount: 300, idempotencyKey: "rev-1" });
    expect(partial).toMatchObject({ amountReversed: 300, reversed: false });
    const full = await gw.reverseTransfer({ transferId: t.transferId, idempotencyKey: "rev-2" });
    expect(full).toMatchObject({ amountReversed: 800, reversed: true });
    const more = await stripeError(stripe.transfers.createReversal(t.transferId, { amount: 1 }));
    expect(more.code).toBe("transfer_already_reversed");

    expect((await stripe.events.list({ type: "transfer.created" })).data).toHaveLength(1);
    expect((await stripe.events.list({ type: "transfer.reversed" })).data).toHaveLength(2);
    const counters = await sb.control.counters();
    expect(counters.transfersByGroup.lesson_1).toBe(1);
    expect(counters.transfersByIdempotencyKey["tr-1"]).toBe(1);
    expect((await gw.listTransfersByGroup("lesson_1")).map((x) => x.transferId)).toEqual([t.transferId]);
  });

  it("rejects an uncaptured charge as source_transaction", async () => {
    const accountId = await onboardedAccount();
    const { customerId } = await gw.createCustomer({});
    const auth = await gw.authorize(holdInput({ customerId, idempotencyKey: "hold-2" }));
    const pi = await gw.retrievePaymentIntent(auth.paymentIntentId ?? "");
    await expect(
      gw.createTransfer({
        amount: 100,
        currency: "usd",
        destination: accountId,
        transferGroup: "g",
        sourceTransaction: pi.latestChargeId ?? "",
        idempotencyKey: "t",
      }),
    ).rejects.toMatchObject({ failure: { kind: "invalid_request", param: "source_transaction" } });
  });

  it("allows transfers to a not-yet-onboarded account by default, and refuses them in strict mode", async () => {
    const { accountId } = await gw.createExpressAccount({});
    const loose = await gw.createTransfer({
      amount: 100,
      currency: "usd",
      destination: accountId,
      transferGroup: "g",
      idempotencyKey: "loose",
    });
    expect(loose.amount).toBe(100);

    const strict = await startStripeSandbox({ port: 0, strictConnectCapabilities: true });
    try {
      const strictGw = createStripeGateway(createStripeClient({ sandboxUrl: strict.url }));
      const acct = await strictGw.createExpressAccount({});
      await expect(
        strictGw.createTransfer({ amount: 100, currency: "usd", destination: acct.accountId, transferGroup: "g", idempotencyKey: "s" }),
      ).rejects.toMatchObject({
        failure: { kind: "invalid_request", code: "insufficient_capabilities_for_transfer" },
      });
    } finally {
      await strict.close();
    }
  });

  it("creates the transfer at capture for destination charges", async () => {
    const accountId = await onboardedAccount();
    const { customerId } = await gw.createCustomer({});
    const pi = await stripe.paymentIntents.create({
      amount: 1000,
      currency: "usd",
      customer: customerId,
      payment_method: "pm_card_visa",
      capture_method: "manual",
      confirm: true,
      transfer_data: { destination: accountId },
      transfer_group: "dest_1",
    });
    expect((await stripe.transfers.list({ transfer_group: "dest_1" })).data).toHaveLength(0);
    await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 900, application_fee_amount: 180 });
    const transfers = await stripe.transfers.list({ transfer_group: "dest_1" });
    expect(transfers.data).toHaveLength(1);
    expect(transfers.data[0]).toMatchObject({ amount: 900, destination: accountId });
    const charge = await stripe.charges.retrieve((await stripe.paymentIntents.retrieve(pi.id)).latest_charge as string);
    expect(charge.transfer).toBe(transfers.data[0]?.id);
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 450, reverse_transfer: true });
    expect(refund.transfer_reversal).toBeTruthy();
    expect((await stripe.transfers.retrieve(transfers.data[0]?.id ?? "")).amount_reversed).toBe(450);
  });
});
