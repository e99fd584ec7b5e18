// Disputes in the Stripe sandbox, through stripe-node: the dispute test cards, evidence and submission, accepting the
// loss, the network's decision through the control plane, the events, the balance transactions, and listing.
import { describe, expect, it } from "vitest";
import type Stripe from "stripe";
import type { RunningStripeSandbox } from "../start";
import { DAY_MS } from "../clock";
import type { StripeGateway } from "~/server/providers/stripe";
import { authorizedHold, rejectionOf, setupStripeSandbox } from "~/test/sandbox-suite";

let sb: RunningStripeSandbox;
let stripe: Stripe;
let gw: StripeGateway;
setupStripeSandbox({ timeoutMs: 2_000 }, (s) => ({ sb, stripe, gw } = s));

let seq = 0;
async function captured(paymentMethodId: string, amount = 1000) {
  seq++;
  const auth = await authorizedHold(gw, {
    amount,
    paymentMethodId,
    idempotencyKey: `auth-${seq}`,
    metadata: { lessonId: `les_${seq}`, paymentId: `pay_${seq}` },
  });
  await stripe.paymentIntents.capture(auth.paymentIntentId, { application_fee_amount: amount / 5 });
  const pi = await stripe.paymentIntents.retrieve(auth.paymentIntentId);
  return { paymentIntentId: pi.id, chargeId: String(pi.latest_charge) };
}

async function onlyDispute(paymentIntentId: string) {
  const list = await stripe.disputes.list({ payment_intent: paymentIntentId });
  expect(list.data).toHaveLength(1);
  return list.data[0] as Stripe.Dispute;
}

const types = async () => (await stripe.events.list({ type: "charge.dispute.*", limit: 100 })).data.map((e) => e.type).reverse();

describe("dispute test cards", () => {
  it("4000000000000259 opens a fraudulent chargeback after capture, withdrawing the amount and a fee", async () => {
    const { paymentIntentId, chargeId } = await captured("pm_card_createDispute", 1000);
    const dp = await onlyDispute(paymentIntentId);
    expect(dp).toMatchObject({
      object: "dispute",
      charge: chargeId,
      amount: 1000,
      currency: "usd",
      reason: "fraudulent",
      status: "needs_response",
    });
    expect(dp.evidence_details.due_by).toBe(dp.created + (7 * DAY_MS) / 1000); // a week to answer
    expect(dp.balance_transactions).toHaveLength(1);
    expect(dp.balance_transactions[0]).toMatchObject({ amount: -1000, fee: 1500, net: -2500, reporting_category: "dispute" });
    expect((await stripe.charges.retrieve(chargeId)).disputed).toBe(true);
    expect(await types()).toEqual(["charge.dispute.created", "charge.dispute.funds_withdrawn"]);
  });

  it("4000000000001976 opens an inquiry: warning_needs_response, no money moves", async () => {
    const { paymentIntentId } = await captured("pm_card_createDisputeInquiry");
    const dp = await onlyDispute(paymentIntentId);
    expect(dp.status).toBe("warning_needs_response");
    expect(dp.balance_transactions).toEqual([]);
    expect(await types()).toEqual(["charge.dispute.created"]);
  });

  it("a hold on a dispute card is not disputed until it is captured", async () => {
    const auth = await authorizedHold(gw, { paymentMethodId: "pm_card_createDispute", idempotencyKey: "hold-only" });
    expect((await stripe.disputes.list({ payment_intent: auth.paymentIntentId })).data).toEqual([]);
  });
});

describe("refunds of a disputed charge", () => {
  it("a chargeback open or lost refuses refunds (charge_disputed); an inquiry and a won chargeback do not", async () => {
    const open = await captured("pm_card_createDispute");
    const refuse = async (paymentIntentId: string) =>
      (await rejectionOf<Stripe.errors.StripeError>(stripe.refunds.create({ payment_intent: paymentIntentId, amount: 100 }))).code;
    expect(await refuse(open.paymentIntentId)).toBe("charge_disputed");
    await stripe.disputes.close((await onlyDispute(open.paymentIntentId)).id);
    expect(await refuse(open.paymentIntentId)).toBe("charge_disputed");

    const inquiry = await captured("pm_card_createDisputeInquiry");
    expect((await stripe.refunds.create({ payment_intent: inquiry.paymentIntentId, amount: 100 })).status).toBe("succeeded");

    const won = await captured("pm_card_createDispute");
    await sb.control.decideDispute((await onlyDispute(won.paymentIntentId)).id, "won");
    expect((await stripe.refunds.create({ payment_intent: won.paymentIntentId, amount: 100 })).status).toBe("succeeded");
  });
});

describe("evidence, submission and outcomes", () => {
  it("saves evidence, submits it (under_review), and the network's decision closes it won with the amount reinstated", async () => {
    const { paymentIntentId } = await captured("pm_card_createDispute");
    const dp = await onlyDispute(paymentIntentId);
    const saved = await stripe.disputes.update(dp.id, { evidence: { service_date: "2026-12-01", uncategorized_text: "joined at 10:00" } });
    expect(saved).toMatchObject({
      status: "needs_response",
      evidence: { service_date: "2026-12-01", uncategorized_text: "joined at 10:00" },
    });
    expect(saved.evidence_details.has_evidence).toBe(true);
    const submitted = await stripe.disputes.update(dp.id, { submit: true });
    expect(submitted.status).toBe("under_review");
    expect(submitted.evidence_details.submission_count).toBe(1);
    const late = await rejectionOf<Stripe.errors.StripeError>(stripe.disputes.update(dp.id, { evidence: { uncategorized_text: "more" } }));
    expect(late.statusCode).toBe(400);

    await sb.control.decideDispute(dp.id, "won");
    const won = await stripe.disputes.retrieve(dp.id);
    expect(won.status).toBe("won");
    expect(won.balance_transactions.map((t) => [t.amount, t.fee])).toEqual([
      [-1000, 1500],
      [1000, 0],
    ]);
    expect(await types()).toEqual([
      "charge.dispute.created",
      "charge.dispute.funds_withdrawn",
      "charge.dispute.updated",
      "charge.dispute.updated",
      "charge.dispute.closed",
      "charge.dispute.funds_reinstated",
    ]);
  });

  it("close accepts the loss; a closed dispute cannot be closed or changed again", async () => {
    const { paymentIntentId } = await captured("pm_card_createDispute");
    const dp = await onlyDispute(paymentIntentId);
    const lost = await stripe.disputes.close(dp.id);
    expect(lost.status).toBe("lost");
    expect(lost.balance_transactions).toHaveLength(1);
    expect((await rejectionOf<Stripe.errors.StripeError>(stripe.disputes.close(dp.id))).statusCode).toBe(400);
    expect((await rejectionOf<Stripe.errors.StripeError>(stripe.disputes.update(dp.id, { submit: true }))).statusCode).toBe(400);
    const closed = (await stripe.events.list({ type: "charge.dispute.closed" })).data;
    expect(closed.map((e) => (e.data.object as Stripe.Dispute).status)).toEqual(["lost"]);
  });

  it("Stripe's magic evidence texts decide a test-mode dispute on submission", async () => {
    const a = await onlyDispute((await captured("pm_card_createDispute")).paymentIntentId);
    expect((await stripe.disputes.update(a.id, { evidence: { uncategorized_text: "winning_evidence" }, submit: true })).status).toBe("won");
    const b = await onlyDispute((await captured("pm_card_createDispute")).paymentIntentId);
    expect((await stripe.disputes.update(b.id, { evidence: { uncategorized_text: "losing_evidence" }, submit: true })).status).toBe("lost");
  });

  it("an inquiry answered moves to warning_under_review and closes as warning_closed", async () => {
    const dp = await onlyDispute((await captured("pm_card_createDisputeInquiry")).paymentIntentId);
    expect((await stripe.disputes.update(dp.id, { evidence: { uncategorized_text: "lesson held" }, submit: true })).status).toBe(
      "warning_under_review",
    );
    await sb.control.decideDispute(dp.id, "won");
    expect((await stripe.disputes.retrieve(dp.id)).status).toBe("warning_closed");
  });

  it("at the deadline saved evidence is submitted for you, and a chargeback with none is lost", async () => {
    const withEvidence = await onlyDispute((await captured("pm_card_createDispute")).paymentIntentId);
    const without = await onlyDispute((await captured("pm_card_createDispute")).paymentIntentId);
    await stripe.disputes.update(withEvidence.id, { evidence: { uncategorized_text: "facts" } });
    await sb.control.advanceClock(7 * DAY_MS);
    expect((await stripe.disputes.retrieve(withEvidence.id)).status).toBe("under_review");
    const lost = await stripe.disputes.retrieve(without.id);
    expect(lost).toMatchObject({ status: "lost", evidence_details: { past_due: true } });
  });

  it("refuses unknown evidence fields, naming the field", async () => {
    const dp = await onlyDispute((await captured("pm_card_createDispute")).paymentIntentId);
    const err = await rejectionOf<Stripe.errors.StripeError>(
      stripe.disputes.update(dp.id, { evidence: { nonsense: "x" } as Stripe.DisputeUpdateParams.Evidence }),
    );
    expect(err.param).toBe("evidence[nonsense]");
  });
});

describe("listing and the control plane", () => {
  it("lists newest first with limit/starting_after/has_more, and filters by charge, payment_intent and created", async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { chargeId } = await captured("pm_card_visa");
      made.push((await sb.control.openDispute({ charge: chargeId, reason: "product_not_received" })).id);
      await sb.control.advanceClock(60_000);
    }
    const first = await stripe.disputes.list({ limit: 2 });
    expect(first.data.map((d) => d.id)).toEqual([made[4], made[3]]);
    expect(first.has_more).toBe(true);
    const all = await stripe.disputes.list({ limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(all.map((d) => d.id)).toEqual([...made].reverse());
    const one = await stripe.disputes.retrieve(made[2] ?? "");
    expect((await stripe.disputes.list({ charge: String(one.charge) })).data.map((d) => d.id)).toEqual([made[2]]);
    const window = await stripe.disputes.list({ created: { gte: one.created, lt: one.created + 120 } });
    expect(window.data.map((d) => d.id)).toEqual([made[3], made[2]]);
    const bad = await rejectionOf<Stripe.errors.StripeError>(stripe.disputes.list({ created: { gte: "soon" as unknown as number } }));
    expect(bad.param).toBe("created[gte]");
  });

  it("opens partial disputes by PaymentIntent and refuses a second dispute, an uncaptured charge, or a bad outcome", async () => {
    const { paymentIntentId } = await captured("pm_card_visa", 2000);
    const dp = await sb.control.openDispute({ payment_intent: paymentIntentId, amount: 700 });
    expect((await stripe.disputes.retrieve(dp.id)).amount).toBe(700);
    await expect(sb.control.openDispute({ payment_intent: paymentIntentId })).rejects.toThrow(/already has a dispute/);
    const hold = await authorizedHold(gw, { idempotencyKey: "uncaptured" });
    await expect(sb.control.openDispute({ payment_intent: hold.paymentIntentId })).rejects.toThrow(/not been captured/);
    await expect(sb.control.decideDispute(dp.id, "maybe" as "won")).rejects.toThrow(/outcome/);
  });
});

describe("the app's Stripe gateway on disputes", () => {
  it("reads, lists by page, submits evidence and closes, as plain snapshots with the money from the balance transactions", async () => {
    const { paymentIntentId, chargeId } = await captured("pm_card_createDispute", 1000);
    const [listed] = await gw.disputesOfPaymentIntent(paymentIntentId);
    expect(listed).toMatchObject({
      chargeId,
      paymentIntentId,
      amount: 1000,
      status: "needs_response",
      fundsWithdrawn: 1000,
      feeAmount: 1500,
    });
    const sent = await gw.submitDisputeEvidence({
      disputeId: listed!.disputeId,
      evidence: { access_activity_log: "joined 10:00", uncategorized_text: "timeline" },
      submit: true,
      idempotencyKey: "dispute-evidence:1",
    });
    expect(sent).toMatchObject({ status: "under_review", submissionCount: 1 });
    // the same key again is Stripe's replay, not a second submission
    const replay = await gw.submitDisputeEvidence({
      disputeId: listed!.disputeId,
      evidence: { access_activity_log: "joined 10:00", uncategorized_text: "timeline" },
      submit: true,
      idempotencyKey: "dispute-evidence:1",
    });
    expect(replay.submissionCount).toBe(1);
    await sb.control.decideDispute(listed!.disputeId, "won");
    expect(await gw.retrieveDispute(listed!.disputeId)).toMatchObject({ status: "won", fundsReinstated: 1000, feeAmount: 1500 });

    for (let i = 0; i < 3; i++) await captured("pm_card_createDispute");
    const page1 = await gw.listDisputes({ limit: 2 });
    expect(page1.data).toHaveLength(2);
    expect(page1.hasMore).toBe(true);
    const page2 = await gw.listDisputes({ limit: 2, startingAfter: page1.lastId! });
    expect(page2).toMatchObject({ hasMore: false });
    expect(new Set([...page1.data, ...page2.data].map((d) => d.disputeId)).size).toBe(4);

    const other = page1.data[0]!;
    expect(await gw.closeDispute({ disputeId: other.disputeId, idempotencyKey: "close-1" })).toMatchObject({ status: "lost" });
    await expect(gw.retrieveDispute("dp_missing")).rejects.toMatchObject({ failure: { code: "resource_missing" } });
  });
});
