// `tsx scripts/sandbox-journey.ts`: one whole payment journey through the official
// SDKs (via the app's provider gateways) against freshly started sandboxes:
// save a card, authorize, capture with the platform fee, onboard a tutor on
// Connect, transfer the tutor's share, pay a tutor through PayPal. Prints each
// object's final status; exits 0 when every step ended where it should.
import { startSandboxes } from "../src/sandbox/start";
import { browserCreatePaymentMethod } from "../src/sandbox/control-client";
import { startWebhookReceiver } from "../src/sandbox/webhook-receiver";
import { MINUTE_MS } from "../src/sandbox/clock";
import { createStripeClient, createStripeGateway } from "../src/server/providers/stripe";
import { createPayPalClient, createPayPalGateway } from "../src/server/providers/paypal";

const PRICE = 450; // the $4.50 lesson from the incident
const FEE = Math.floor((PRICE * 2000 + 5000) / 10000); // 20 %, half-up: 90
const TUTOR_SHARE = PRICE - FEE; // 360
const SECRET = "whsec_sandbox";

const rows: Array<[string, string, string]> = [];
function record(object: string, id: string, status: string, expected: string) {
  rows.push([object, id, status]);
  if (status !== expected) throw new Error(`${object} ${id} ended as ${status}, expected ${expected}`);
}

async function main() {
  const receiver = await startWebhookReceiver("/api/webhooks/stripe");
  const sandboxes = await startSandboxes({ stripe: { webhookUrl: receiver.url, webhookSecret: SECRET } });
  try {
    const stripe = createStripeGateway(createStripeClient({ sandboxUrl: sandboxes.stripe.url }), { webhookSecret: SECRET });
    const paypal = createPayPalGateway(createPayPalClient({ sandboxUrl: sandboxes.paypal.url }));

    // 1. Save a card: the browser creates the payment method with the publishable key (Stripe.js),
    //    our server only sees its id and confirms a SetupIntent for off-session use.
    const { customerId } = await stripe.createCustomer({ email: "student@example.com", idempotencyKey: "journey:customer" });
    const pm = await browserCreatePaymentMethod(sandboxes.stripe.url, "pk_test_sandbox", {
      number: "4242424242424242",
      expMonth: 12,
      expYear: 2034,
      cvc: "123",
    });
    if (!pm.body.id) throw new Error(`card creation failed: ${JSON.stringify(pm.body)}`);
    const setup = await stripe.createSetupIntent({ customerId, paymentMethodId: pm.body.id, idempotencyKey: "journey:setup" });
    record("SetupIntent", setup.setupIntentId, setup.status, "succeeded");

    // 2. Authorize (manual capture).
    const auth = await stripe.authorize({
      amount: PRICE,
      currency: "usd",
      customerId,
      paymentMethodId: pm.body.id,
      offSession: false,
      idempotencyKey: "journey:authorize",
      transferGroup: "lesson_journey",
      metadata: { lessonId: "lesson_journey", paymentId: "payment_journey" },
    });
    if (auth.outcome !== "authorized") throw new Error(`authorization: ${auth.outcome}`);
    console.log(`authorized ${auth.paymentIntentId}; capture before ${auth.captureBefore?.toISOString()}`);

    // 3. Capture with the platform fee.
    const capture = await stripe.capture({
      paymentIntentId: auth.paymentIntentId,
      amountToCapture: PRICE,
      applicationFeeAmount: FEE,
      idempotencyKey: "journey:capture",
    });
    const pi = await stripe.retrievePaymentIntent(auth.paymentIntentId);
    record(
      "PaymentIntent",
      pi.paymentIntentId,
      `${pi.status} (${pi.amountReceived} captured, fee ${pi.applicationFeeAmount})`,
      `succeeded (${PRICE} captured, fee ${FEE})`,
    );

    // 4. The tutor's Express account, onboarded by visiting its account link.
    const { accountId } = await stripe.createExpressAccount({ email: "tutor@example.com", idempotencyKey: "journey:account" });
    const link = await stripe.createAccountLink({
      accountId,
      refreshUrl: "http://localhost:3000/connect/refresh",
      returnUrl: "http://localhost:3000/connect/done",
    });
    const visit = await fetch(link.url, { redirect: "manual" });
    console.log(`onboarding link ${link.url} -> ${visit.status} ${visit.headers.get("location")}`);
    const account = await stripe.retrieveAccount(accountId);
    record("Account", accountId, `payouts_enabled=${account.payoutsEnabled}`, "payouts_enabled=true");

    // 5. Transfer the tutor's share from the captured charge.
    const transfer = await stripe.createTransfer({
      amount: TUTOR_SHARE,
      currency: "usd",
      destination: accountId,
      transferGroup: "lesson_journey",
      sourceTransaction: capture.chargeId ?? undefined,
      idempotencyKey: "journey:transfer",
    });
    const t = await stripe.retrieveTransfer(transfer.transferId);
    record(
      "Transfer",
      t.transferId,
      `${t.amount} ${t.currency} to ${t.destination}${t.reversed ? " (reversed)" : ""}`,
      `${TUTOR_SHARE} usd to ${accountId}`,
    );

    // 6. A PayPal payout, settled by moving the shared sandbox clock.
    const batch = await paypal.createBatchPayout({
      senderBatchId: "payout_journey",
      items: [{ receiverEmail: "tutor@example.com", amount: 1000, currency: "USD", senderItemId: "earning_journey" }],
    });
    console.log(`payout batch ${batch.batchId} created: ${batch.batchStatus}`);
    await sandboxes.paypal.control.advanceClock(2 * MINUTE_MS);
    const settled = await paypal.getBatch(batch.batchId);
    record("PayPal batch", settled.batchId, settled.batchStatus, "SUCCESS");
    for (const item of settled.items) record("PayPal item", item.itemId, item.transactionStatus, "SUCCESS");

    // Webhooks: every delivery verifies with the signing secret.
    await sandboxes.stripe.control.waitForDeliveries(
      (d) => d.length > 0 && d.every((x) => x.ok || x.gaveUp) && receiver.received.length >= d.filter((x) => x.ok).length,
    );
    const types = receiver.received.map((w) => stripe.constructWebhookEvent(w.body, String(w.headers["stripe-signature"])).type);
    record(
      "Webhooks",
      `${types.length} verified`,
      types.includes("payment_intent.succeeded") && types.includes("transfer.created") ? "ok" : "missing",
      "ok",
    );

    const counters = await sandboxes.stripe.control.counters();
    record("Captures of the PI", auth.paymentIntentId, String(counters.captures[auth.paymentIntentId] ?? 0), "1");

    const width = Math.max(...rows.map((r) => r[0].length));
    console.log("\nfinal status");
    for (const [object, id, status] of rows) console.log(`  ${object.padEnd(width)}  ${id}  ${status}`);
  } finally {
    await sandboxes.close();
    await receiver.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error("journey failed:", err);
    process.exit(1);
  },
);
