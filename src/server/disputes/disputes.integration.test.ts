// Disputes end to end: the Stripe sandbox opens a chargeback after capture (the dispute test card, or the control
// plane after a payout), its charge.dispute.* events reach the webhook handler, the lifecycle records the dispute and
// freezes the earning; "Submit evidence" sends the lesson's facts through the Disputes API; the network's decision
// (control plane) arrives as events: won releases the earning, lost reverses both sides to the cent. Stripe and
// PayPal tutors, before and after payout; the ledger invariants stay clean throughout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Stripe from "stripe";
import type { SessionUser } from "~/server/auth";
import { finalizeTick } from "~/server/jobs/cron-ticks";
import { tutorBalances } from "~/server/ledger/balances";
import { checkLedger } from "~/server/ledger/check-invariants";
import { runPayouts } from "~/server/payouts/run-payouts";
import { stripeOnboardingLink } from "~/server/payouts/payout-accounts";
import { setPayoutDestination } from "~/test/payout-destination";
import { adminPaymentAction } from "~/server/admin/payment-actions";
import { act, deliver, EventLog, makeAdmin, settle } from "~/test/lifecycle-helpers";
import { HOUR, MIN } from "~/test/lifecycle-harness";
import { type PayoutHarness, startPayoutHarness } from "~/test/payout-harness";
import { needsAttention } from "~/server/admin/queue";
import { adminLessonMoney } from "~/server/admin/lesson-money";
import { submitDisputeEvidence } from "./submit-evidence";

const DISPUTE_CARD = "4000000000000259";
const INQUIRY_CARD = "4000000000001976";

let h: PayoutHarness;
let events: EventLog;
let admin: SessionUser;
let sdk: Stripe;
beforeAll(async () => {
  h = await startPayoutHarness({ now: "2026-11-02T08:00:00Z", poolSize: 20 });
  events = new EventLog(h.stripe.url);
  admin = await makeAdmin(h);
  const url = new URL(h.stripe.url);
  sdk = new Stripe("sk_test_sandbox", { host: url.hostname, port: Number(url.port), protocol: "http" });
});
afterAll(() => h.close());

const adminActor = () => ({ type: "ADMIN" as const, id: admin.id });
let slot = 0;

/** Book with `card`, both join, finalize: captured (and, for the dispute cards, disputed at the sandbox). */
async function captured(tutor: SessionUser, card: string) {
  slot += 1;
  const student = await h.student();
  const startsIn = HOUR * slot;
  const lessonId = await h.book(student, tutor, startsIn, { card });
  await h.advance(startsIn);
  await act(h.services, student, lessonId, "JOIN");
  await act(h.services, tutor, lessonId, "JOIN");
  await h.advance(41 * MIN);
  await finalizeTick(h.services, {});
  const payment = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId } });
  expect(payment.status).toBe("CAPTURED");
  return { lessonId, payment };
}

/** Every sandbox event about this PaymentIntent not delivered yet, delivered in order (or as told). */
const delivered = new Set<string>();
async function deliverNew(paymentIntentId: string, order: (e: unknown[]) => unknown[] = (e) => e) {
  await events.refresh();
  const fresh = events.about(paymentIntentId).filter((e) => !delivered.has(e.id) && e.type.startsWith("charge.dispute."));
  for (const e of order(fresh) as typeof fresh) {
    delivered.add(e.id);
    await deliver(h.services, e);
  }
  return fresh;
}

async function paypalTutor(price25: number) {
  const tutor = await h.tutor({ price25 });
  await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: `${tutor.id.slice(0, 6)}@paid.test` });
  return tutor;
}

async function stripeTutor(price25: number) {
  const tutor = await h.tutor({ price25 });
  const link = await stripeOnboardingLink(h.services, tutor, "http://localhost:3000");
  await fetch(link.url, { redirect: "manual" });
  return tutor;
}

async function ledgerOk() {
  const stripe = await h.stripe.control.counters();
  const paypal = await h.paypal.control.counters();
  return checkLedger(h.t.db, {
    captures: stripe.captures,
    transfersByGroup: stripe.transfersByGroup,
    batchesBySenderBatchId: paypal.batchesBySenderBatchId,
  });
}

async function entries(lessonId: string) {
  const rows = await h.t.db.ledgerEntry.findMany({ where: { lessonId }, orderBy: [{ createdAt: "asc" }, { kind: "asc" }] });
  return rows.map((e) => [e.kind, e.amount]);
}

async function onlyStripeDispute(paymentIntentId: string) {
  const list = await sdk.disputes.list({ payment_intent: paymentIntentId });
  expect(list.data).toHaveLength(1);
  return list.data[0]!;
}

describe("a chargeback opened after capture", () => {
  it("is recorded from its events, freezes the earning (not paid out while open), and asks the admin for evidence by its deadline", async () => {
    const tutor = await paypalTutor(1250);
    const { lessonId, payment } = await captured(tutor, DISPUTE_CARD);
    const sent = await deliverNew(payment.providerPaymentIntentId!);
    expect(sent.map((e) => e.type)).toEqual(["charge.dispute.created", "charge.dispute.funds_withdrawn"]);
    const dispute = await h.t.db.dispute.findFirstOrThrow({ where: { lessonId } });
    const atStripe = await onlyStripeDispute(payment.providerPaymentIntentId!);
    expect(dispute).toMatchObject({
      providerDisputeId: atStripe.id,
      status: "NEEDS_RESPONSE",
      amount: 1250,
      currency: "USD",
      reason: "fraudulent",
      fundsWithdrawn: 1250,
      feeAmount: 1500,
      evidenceDueBy: new Date(atStripe.evidence_details.due_by! * 1000),
    });
    const alert = await h.t.db.alert.findFirstOrThrow({ where: { lessonId, type: "DISPUTE_OPENED", resolvedAt: null } });
    expect(alert.severity).toBe("CRITICAL");
    expect(alert.message).toContain("Submit evidence");
    expect(alert.message).toContain(dispute.evidenceDueBy!.toISOString().slice(0, 16)); // the deadline, as a token
    expect(await entries(lessonId)).toEqual(
      expect.arrayContaining([
        ["EARNING", 1000],
        ["PLATFORM_FEE", 250],
        ["DISPUTE_FEE", -1500],
      ]),
    );

    // in the admin queue, with the evidence deadline as the moment something is lost and the alert that says what to do
    const item = (await needsAttention(h.services)).find((i) => i.key === `DISPUTE:${lessonId}`);
    expect(item).toMatchObject({
      category: "DISPUTE",
      severity: "CRITICAL",
      deadline: dispute.evidenceDueBy,
      dispute: { status: "NEEDS_RESPONSE" },
    });
    expect(item!.alerts.map((a) => a.type)).toContain("DISPUTE_OPENED");

    // frozen: past the report window the earning is on hold, and the payout run leaves it alone
    await h.advance(73 * HOUR);
    expect(await tutorBalances(h.services, tutor.id)).toMatchObject({ onHold: 1000, available: 0, pending: 0 });
    await runPayouts(h.services);
    expect(await h.t.db.payout.count({ where: { tutorId: tutor.id } })).toBe(0);
    expect(await ledgerOk()).toEqual([]);

    // a replay of the same events, and an older event after a newer one, change nothing
    const before = await h.t.db.dispute.findFirstOrThrow({ where: { lessonId } });
    for (const e of [...sent].reverse()) await deliver(h.services, e);
    expect(await h.t.db.dispute.findFirstOrThrow({ where: { lessonId } })).toEqual(before);
  });

  it("Submit evidence sends the lesson's own facts once, audited; the dispute goes under review; won releases the earning to the payout", async () => {
    const tutor = await paypalTutor(1250);
    const { lessonId, payment } = await captured(tutor, DISPUTE_CARD);
    await deliverNew(payment.providerPaymentIntentId!);

    const [first, second] = await Promise.all([
      submitDisputeEvidence(h.services, adminActor(), lessonId, "the lesson took place"),
      submitDisputeEvidence(h.services, adminActor(), lessonId, "double click"),
    ]);
    expect([first.outcome, second.outcome]).toContain("submitted");
    const ops = await h.t.db.paymentOperation.findMany({ where: { paymentId: payment.id, kind: "DISPUTE_EVIDENCE" } });
    expect(ops).toHaveLength(1);
    expect(ops[0]).toMatchObject({ state: "SUCCEEDED" });
    const atStripe = await onlyStripeDispute(payment.providerPaymentIntentId!);
    expect(atStripe.status).toBe("under_review");
    expect(atStripe.evidence_details.submission_count).toBe(1);
    const lesson = await h.t.db.lesson.findUniqueOrThrow({ where: { id: lessonId } });
    expect(atStripe.evidence.access_activity_log).toContain(`Student joined ${lesson.studentJoinedAt!.toISOString()}`);
    expect(atStripe.evidence.access_activity_log).toContain(`Tutor joined ${lesson.tutorJoinedAt!.toISOString()}`);
    expect(atStripe.evidence.access_activity_log).toContain("Media connection");
    expect(atStripe.evidence.uncategorized_text).toContain("lesson.completed");
    expect(atStripe.evidence.service_date).toBe(lesson.scheduledStart.toISOString().slice(0, 10));
    const dispute = await h.t.db.dispute.findFirstOrThrow({ where: { lessonId } });
    expect(dispute).toMatchObject({ status: "UNDER_REVIEW", evidenceSubmittedBy: admin.id });
    // under review: still in the queue, waiting for the network, nothing lapses
    expect((await needsAttention(h.services)).find((i) => i.key === `DISPUTE:${lessonId}`)).toMatchObject({
      deadline: null,
      severity: "INFO",
    });
    expect(dispute.evidenceSubmittedAt).not.toBeNull();
    const audit = await h.t.db.auditEvent.findMany({ where: { lessonId, action: { startsWith: "payment.dispute_evidence" } } });
    expect(audit.map((a) => [a.action, a.actorType])).toEqual([
      ["payment.dispute_evidence_requested", "ADMIN"],
      ["payment.dispute_evidence_submitted", "WORKER"],
    ]);
    // once sent, another click is a no-op that reports it sent
    expect((await submitDisputeEvidence(h.services, adminActor(), lessonId, "again")).outcome).toBe("submitted");

    await h.stripe.control.decideDispute(atStripe.id, "won");
    await deliverNew(payment.providerPaymentIntentId!);
    expect(await h.t.db.dispute.findFirstOrThrow({ where: { lessonId } })).toMatchObject({ status: "WON", fundsReinstated: 1250 });
    // nothing left to answer: the "submit evidence" alert closed with the dispute, and the queue no longer lists it
    expect(await h.t.db.alert.count({ where: { lessonId, type: "DISPUTE_OPENED", resolvedAt: null } })).toBe(0);
    expect((await needsAttention(h.services)).some((i) => i.lesson?.id === lessonId)).toBe(false);
    await h.payOutAfterHold();
    const payout = await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id } });
    expect(payout).toMatchObject({ amount: 1000, status: "PAID" });
    expect(await entries(lessonId)).toEqual(expect.arrayContaining([["DISPUTE_FEE", -1500]]));
    expect(await h.t.db.ledgerEntry.count({ where: { lessonId, kind: { in: ["EARNING_REVERSAL", "FEE_REVERSAL"] } } })).toBe(0);
    expect(await ledgerOk()).toEqual([]);
  });

  it("lost before payout (PayPal tutor): the disputed amount comes back off both sides, exact cents, and nothing is paid", async () => {
    const tutor = await paypalTutor(1999); // fee 400 (19.99 × 20 % = 399.8 → 400), share 1599
    const { lessonId, payment } = await captured(tutor, DISPUTE_CARD);
    expect(payment).toMatchObject({ amountCaptured: 1999, platformFee: 400, tutorShare: 1599 });
    await deliverNew(payment.providerPaymentIntentId!);
    await sdk.disputes.close((await onlyStripeDispute(payment.providerPaymentIntentId!)).id); // accept the loss
    // closed and lost arrive out of order with the earlier events: the result is the same
    await deliverNew(payment.providerPaymentIntentId!, (e) => [...e].reverse());
    expect(await h.t.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      amountDisputed: 1999,
      amountRefunded: 0,
    });
    expect(await h.t.db.dispute.findFirstOrThrow({ where: { lessonId } })).toMatchObject({ status: "LOST" });
    expect(await entries(lessonId)).toEqual(
      expect.arrayContaining([
        ["EARNING_REVERSAL", -1599],
        ["FEE_REVERSAL", -400],
        ["DISPUTE_FEE", -1500],
      ]),
    );
    await h.payOutAfterHold();
    expect(await h.t.db.payout.count({ where: { tutorId: tutor.id } })).toBe(0);
    expect(await tutorBalances(h.services, tutor.id)).toMatchObject({ available: 0, onHold: 0, paid: 0 });
    expect(await h.t.db.alert.count({ where: { lessonId, type: "DISPUTE_LOST" } })).toBe(1);
    // What the chargeback took back went to the student through their bank: nothing is left to refund.
    expect((await adminLessonMoney(h.services, lessonId)).refundable).toBe(0);
    const admin = await makeAdmin(h);
    await expect(
      adminPaymentAction(h.services, { type: "ADMIN", id: admin.id }, lessonId, { type: "ADMIN_REFUND", reason: "again?", amount: 1 }),
    ).rejects.toMatchObject({ details: { rule: "NOTHING_TO_REFUND" } });
    expect(await ledgerOk()).toEqual([]);
  });

  it("an inquiry is frozen too, needs no money back, and releases the earning when it closes", async () => {
    const tutor = await paypalTutor(1250);
    const { lessonId, payment } = await captured(tutor, INQUIRY_CARD);
    await deliverNew(payment.providerPaymentIntentId!);
    expect(await h.t.db.dispute.findFirstOrThrow({ where: { lessonId } })).toMatchObject({
      status: "WARNING_NEEDS_RESPONSE",
      feeAmount: 0,
    });
    expect((await h.t.db.alert.findFirstOrThrow({ where: { lessonId, type: "DISPUTE_OPENED" } })).severity).toBe("WARNING");
    await h.advance(73 * HOUR);
    expect(await tutorBalances(h.services, tutor.id)).toMatchObject({ onHold: 1000 });
    await h.stripe.control.decideDispute((await onlyStripeDispute(payment.providerPaymentIntentId!)).id, "won");
    await deliverNew(payment.providerPaymentIntentId!);
    expect(await h.t.db.dispute.findFirstOrThrow({ where: { lessonId } })).toMatchObject({ status: "WARNING_CLOSED" });
    expect(await tutorBalances(h.services, tutor.id)).toMatchObject({ onHold: 0, available: 1000 });
    expect(await ledgerOk()).toEqual([]);
  });
});

describe("a dispute after the tutor was paid", () => {
  for (const method of ["STRIPE", "PAYPAL"] as const) {
    it(`lost (${method} tutor): the reversal leaves the tutor owing exactly the share, and the books stay exact`, async () => {
      const tutor = method === "STRIPE" ? await stripeTutor(1250) : await paypalTutor(1250);
      const { lessonId, payment } = await captured(tutor, "4242424242424242");
      await h.payOutAfterHold();
      expect(await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id } })).toMatchObject({
        amount: 1000,
        status: "PAID",
        method,
      });
      await h.stripe.control.openDispute({ payment_intent: payment.providerPaymentIntentId!, reason: "product_not_received" });
      await deliverNew(payment.providerPaymentIntentId!);
      await h.stripe.control.decideDispute((await onlyStripeDispute(payment.providerPaymentIntentId!)).id, "lost");
      await deliverNew(payment.providerPaymentIntentId!);
      expect(await entries(lessonId)).toEqual(
        expect.arrayContaining([
          ["EARNING_REVERSAL", -1000],
          ["FEE_REVERSAL", -250],
          ["DISPUTE_FEE", -1500],
        ]),
      );
      // what is recovered from the tutor (transfer reversal or netting from later earnings) is the clawback's work
      const b = await tutorBalances(h.services, tutor.id);
      expect(b.paid).toBe(1000);
      expect(b.available + b.pending + b.onHold).toBeLessThanOrEqual(0);
      expect(await ledgerOk()).toEqual([]);
    });

    it(`won (${method} tutor): nothing is taken back, only the fee is the platform's cost`, async () => {
      const tutor = method === "STRIPE" ? await stripeTutor(1250) : await paypalTutor(1250);
      const { lessonId, payment } = await captured(tutor, "4242424242424242");
      await h.payOutAfterHold();
      const dp = await h.stripe.control.openDispute({ payment_intent: payment.providerPaymentIntentId! });
      await deliverNew(payment.providerPaymentIntentId!);
      await h.stripe.control.decideDispute(dp.id, "won");
      await deliverNew(payment.providerPaymentIntentId!);
      expect(await entries(lessonId)).toEqual([
        ["EARNING", 1000],
        ["PLATFORM_FEE", 250],
        ["DISPUTE_FEE", -1500],
      ]);
      expect(await tutorBalances(h.services, tutor.id)).toMatchObject({ paid: 1000, available: 0 });
      expect(await ledgerOk()).toEqual([]);
    });
  }
});

describe("the evidence operation under provider faults", () => {
  it("a lost answer to the submission: the retry looks at the dispute first and records the one submission", async () => {
    const tutor = await paypalTutor(1250);
    const { lessonId, payment } = await captured(tutor, DISPUTE_CARD);
    await deliverNew(payment.providerPaymentIntentId!);
    // the SDK retries a dropped connection once (same key): lose both answers
    await h.stripe.control.injectFault({ method: "POST", path: "/v1/disputes/*", mode: "lost_response", count: 2 });
    const first = await submitDisputeEvidence(h.services, adminActor(), lessonId, "the lesson took place");
    expect(first.outcome).toBe("pending");
    expect(await h.t.db.paymentOperation.findFirstOrThrow({ where: { paymentId: payment.id, kind: "DISPUTE_EVIDENCE" } })).toMatchObject({
      state: "UNKNOWN",
    });
    await settle(h);
    const op = await h.t.db.paymentOperation.findFirstOrThrow({ where: { paymentId: payment.id, kind: "DISPUTE_EVIDENCE" } });
    expect(op).toMatchObject({ state: "SUCCEEDED" });
    expect((await h.t.db.dispute.findFirstOrThrow({ where: { lessonId } })).evidenceSubmittedAt).not.toBeNull();
    const atStripe = await onlyStripeDispute(payment.providerPaymentIntentId!);
    expect(atStripe.evidence_details.submission_count).toBe(1);
    expect(await ledgerOk()).toEqual([]);
  });

  it("a dispute closed before the evidence got there: the refusal is recorded with an alert to answer elsewhere", async () => {
    const tutor = await paypalTutor(1250);
    const { lessonId, payment } = await captured(tutor, DISPUTE_CARD);
    await deliverNew(payment.providerPaymentIntentId!);
    await h.stripe.control.decideDispute((await onlyStripeDispute(payment.providerPaymentIntentId!)).id, "lost"); // not delivered yet
    const r = await submitDisputeEvidence(h.services, adminActor(), lessonId, "too late");
    expect(r.outcome).toBe("failed");
    expect(await h.t.db.alert.count({ where: { lessonId, type: "DISPUTE_EVIDENCE_FAILED", resolvedAt: null } })).toBe(1);
    await deliverNew(payment.providerPaymentIntentId!);
    expect(await h.t.db.dispute.findFirstOrThrow({ where: { lessonId } })).toMatchObject({ status: "LOST" });
    expect(await ledgerOk()).toEqual([]);
  });
});

describe("refunds and disputes on one capture", () => {
  it("a partial refund, then a lost dispute on the rest: both sides reversed exactly once in total", async () => {
    const tutor = await paypalTutor(1999);
    const { lessonId, payment } = await captured(tutor, "4242424242424242");
    await adminPaymentAction(h.services, adminActor(), lessonId, { type: "ADMIN_REFUND", reason: "goodwill", amount: 333 });
    const dp = await h.stripe.control.openDispute({ payment_intent: payment.providerPaymentIntentId! });
    await deliverNew(payment.providerPaymentIntentId!);
    expect(await h.t.db.dispute.findFirstOrThrow({ where: { lessonId } })).toMatchObject({ amount: 1666 });
    await h.stripe.control.decideDispute(dp.id, "lost");
    await deliverNew(payment.providerPaymentIntentId!);
    const rows = await h.t.db.ledgerEntry.groupBy({ by: ["kind"], where: { lessonId }, _sum: { amount: true } });
    const sum = Object.fromEntries(rows.map((r) => [r.kind, r._sum.amount]));
    expect(sum).toMatchObject({ EARNING: 1599, PLATFORM_FEE: 400, EARNING_REVERSAL: -1599, FEE_REVERSAL: -400, DISPUTE_FEE: -1500 });
    expect(await h.t.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({
      amountRefunded: 333,
      amountDisputed: 1666,
    });
    expect(await ledgerOk()).toEqual([]);
  });

  it("refuses evidence for a payment without a dispute, and by anyone but an admin", async () => {
    const tutor = await paypalTutor(1250);
    const { lessonId } = await captured(tutor, "4242424242424242");
    await expect(submitDisputeEvidence(h.services, adminActor(), lessonId, "x")).rejects.toMatchObject({ details: { rule: "NO_DISPUTE" } });
    await expect(submitDisputeEvidence(h.services, { type: "TUTOR", id: tutor.id }, lessonId, "x")).rejects.toMatchObject({
      details: { rule: "ACTOR_NOT_ALLOWED" },
    });
  });
});
