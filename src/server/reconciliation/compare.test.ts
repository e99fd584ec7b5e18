// The pure comparisons at their edges: which disagreements are named, which are repaired, and what is left alone
// (an operation in flight, a payout still being sent, a PayPal item the payouts run will follow, a dispute not ours).
import { describe, expect, it } from "vitest";
import type { PaymentIntentSnapshot } from "~/server/providers/stripe";
import { compareForeignIntent, comparePayment, moneyOnIntent, type PaymentRow } from "./compare-payment";
import { compareDispute, compareForeignTransfer, comparePayPalItem, compareTransfer, type PayoutRow } from "./compare-payout";

const pi = (o: Partial<PaymentIntentSnapshot>): PaymentIntentSnapshot => ({
  paymentIntentId: "pi_1",
  status: "requires_capture",
  amount: 450,
  amountCapturable: 450,
  amountReceived: 0,
  currency: "usd",
  customerId: null,
  captureBefore: null,
  cancellationReason: null,
  applicationFeeAmount: null,
  latestChargeId: "ch_1",
  amountRefunded: 0,
  metadata: { paymentId: "pay_1" },
  lastErrorCode: null,
  ...o,
});
const captured = pi({ status: "succeeded", amountCapturable: 0, amountReceived: 450 });
const payment = (o: Partial<PaymentRow>): PaymentRow => ({
  id: "pay_1",
  lessonId: "les_1",
  status: "AUTHORIZED",
  currency: "USD",
  amountCaptured: 0,
  amountRefunded: 0,
  platformFee: 0,
  tutorShare: 0,
  providerPaymentIntentId: "pi_1",
  liveOperations: 0,
  ...o,
});
const capturedRow = payment({ status: "CAPTURED", amountCaptured: 450, platformFee: 90, tutorShare: 360 });
const kinds = (c: { check: { findings: { kind: string }[] } } | null) => c?.check.findings.map((f) => f.kind);

describe("a payment against its PaymentIntent", () => {
  it("agrees when both say held, or both say captured with the same amounts", () => {
    expect(kinds(comparePayment(payment({}), pi({})))).toEqual([]);
    expect(kinds(comparePayment(capturedRow, captured))).toEqual([]);
  });

  it("waits while an operation is in flight", () => {
    expect(comparePayment(payment({ liveOperations: 1 }), captured)).toBeNull();
  });

  it("repairs ours AUTHORIZED from the provider's state through the one mapping", () => {
    expect(comparePayment(payment({}), captured)!.repair?.command).toEqual({ type: "CAPTURE_SUCCEEDED", amountCaptured: 450 });
    expect(comparePayment(payment({}), pi({ status: "canceled", cancellationReason: "automatic" }))!.repair?.command).toEqual({
      type: "AUTHORIZATION_EXPIRED",
    });
    expect(comparePayment(payment({}), pi({ status: "canceled", cancellationReason: "requested_by_customer" }))!.repair?.command.type).toBe(
      "VOID_SUCCEEDED",
    );
  });

  it("names money held or taken on a payment we released, without a repair", () => {
    const held = comparePayment(payment({ status: "VOIDED" }), pi({}))!;
    expect(held.check.findings).toMatchObject([{ kind: "STATUS_MISMATCH", severity: "CRITICAL" }]);
    expect(held.repair).toBeNull();
    expect(kinds(comparePayment(payment({ status: "EXPIRED" }), captured))).toEqual(["STATUS_MISMATCH"]);
    expect(kinds(comparePayment(payment({ status: "FAILED" }), pi({ status: "canceled", amountCapturable: 0 })))).toEqual([]);
  });

  it("repairs a refund made at the provider; less refunded there, or another captured amount, only alerts", () => {
    const more = comparePayment(capturedRow, { ...captured, amountRefunded: 100 })!;
    expect(more.repair?.command).toEqual({ type: "REFUND_SUCCEEDED", amount: 100, totalRefunded: 100 });
    const less = comparePayment(
      { ...capturedRow, status: "PARTIALLY_REFUNDED", amountRefunded: 200 },
      { ...captured, amountRefunded: 100 },
    )!;
    expect(less.repair).toBeNull();
    expect(kinds(less)).toEqual(["AMOUNT_MISMATCH"]);
    const both = comparePayment(capturedRow, { ...captured, amountReceived: 400, amountRefunded: 50 })!;
    expect(both.repair).toBeNull(); // two disagreements at once: a person looks
    expect(kinds(both)).toEqual(["AMOUNT_MISMATCH", "AMOUNT_MISMATCH"]);
  });

  it("compares the provider's platform fee when it recorded one", () => {
    expect(kinds(comparePayment(capturedRow, { ...captured, applicationFeeAmount: 91 }))).toEqual(["FEE_SPLIT_MISMATCH"]);
    expect(kinds(comparePayment(capturedRow, { ...captured, applicationFeeAmount: 90 }))).toEqual([]);
  });

  it("names a foreign PaymentIntent only while it holds or kept money, and not while its release is on its way", () => {
    expect(moneyOnIntent({ ...captured, amountRefunded: 450 })).toBe(0);
    expect(compareForeignIntent(pi({}), null, false).findings).toMatchObject([{ kind: "PROVIDER_ONLY" }]);
    expect(compareForeignIntent(pi({}), null, true).findings).toEqual([]);
    expect(
      compareForeignIntent(pi({ status: "canceled", amountCapturable: 0 }), { id: "pay_1", lessonId: "les_1" }, false).findings,
    ).toEqual([]);
  });
});

describe("a payout against its transfer or PayPal item", () => {
  const row = (o: Partial<PayoutRow>): PayoutRow => ({
    id: "po_1",
    method: "STRIPE",
    status: "PAID",
    amount: 1000,
    currency: "USD",
    providerId: "tr_1",
    amountReturned: 0,
    clawedBack: 0,
    ...o,
  });
  const transfer = {
    transferId: "tr_1",
    amount: 1000,
    amountReversed: 0,
    currency: "usd",
    destination: "acct_1",
    transferGroup: "payout_po_1",
    sourceTransaction: null,
    reversals: [],
    reversed: false,
  };
  const item = {
    itemId: "it_1",
    batchId: "b_1",
    senderBatchId: "po_1",
    senderItemId: null,
    transactionStatus: "SUCCESS",
    transactionId: null,
    receiver: "t@paid.test",
    amount: 1000,
    currency: "USD",
    errorName: null,
    timeProcessed: null,
  };

  it("counts returns and clawbacks as what came back", () => {
    expect(compareTransfer(row({}), transfer)!.findings).toEqual([]);
    expect(compareTransfer(row({ clawedBack: 300 }), { ...transfer, amountReversed: 300 })!.findings).toEqual([]);
    expect(compareTransfer(row({ status: "RETURNED" }), { ...transfer, amountReversed: 1000, reversed: true })!.findings).toEqual([]);
    expect(compareTransfer(row({}), { ...transfer, amountReversed: 1 })!.findings).toMatchObject([{ kind: "AMOUNT_MISMATCH" }]);
    expect(compareTransfer(row({ status: "FAILED" }), transfer)!.findings).toMatchObject([
      { kind: "STATUS_MISMATCH", severity: "CRITICAL" },
    ]);
    expect(compareTransfer(row({ status: "SENDING" }), transfer)).toBeNull();
  });

  it("names a transfer under no payout of ours unless it came back whole", () => {
    expect(compareForeignTransfer(transfer, null).findings).toMatchObject([{ kind: "PROVIDER_ONLY" }]);
    expect(compareForeignTransfer({ ...transfer, amountReversed: 1000, reversed: true }, null).findings).toEqual([]);
  });

  it("leaves a SENT PayPal payout to the payouts run; compares final outcomes", () => {
    const paypal = row({ method: "PAYPAL", providerId: "b_1" });
    expect(comparePayPalItem({ ...paypal, status: "SENT" }, item)!.findings).toEqual([]);
    expect(comparePayPalItem(paypal, item)!.findings).toEqual([]);
    expect(comparePayPalItem({ ...paypal, status: "PARTIALLY_RETURNED" }, { ...item, transactionStatus: "REVERSED" })!.findings).toEqual(
      [],
    );
    expect(comparePayPalItem(paypal, { ...item, transactionStatus: "RETURNED" })!.findings).toMatchObject([{ kind: "STATUS_MISMATCH" }]);
    expect(comparePayPalItem({ ...paypal, status: "FAILED" }, item)!.findings).toMatchObject([{ severity: "CRITICAL" }]);
  });
});

describe("a dispute against our row", () => {
  const d = { disputeId: "dp_1", chargeId: "ch_1", paymentIntentId: "pi_1", amount: 450, currency: "usd", status: "needs_response" };
  it("names a dispute on our charge we have no row for, compares ours, ignores one not ours", () => {
    expect(compareDispute(d, null, { id: "pay_1", lessonId: "les_1" })!.findings).toMatchObject([
      { kind: "PROVIDER_ONLY", severity: "CRITICAL" },
    ]);
    expect(
      compareDispute(d, { providerDisputeId: "dp_1", lessonId: "les_1", status: "NEEDS_RESPONSE", amount: 450, currency: "USD" }, null)!
        .findings,
    ).toEqual([]);
    expect(
      compareDispute(
        { ...d, status: "lost" },
        { providerDisputeId: "dp_1", lessonId: "les_1", status: "UNDER_REVIEW", amount: 400, currency: "USD" },
        null,
      )!.findings.map((f) => f.kind),
    ).toEqual(["STATUS_MISMATCH", "AMOUNT_MISMATCH"]);
    expect(compareDispute(d, null, null)).toBeNull();
  });
});
