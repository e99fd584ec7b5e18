// Full-book reconciliation against the sandboxes: nothing found on a clean book after a mixed history, then each
// discrepancy kind injected through the providers' control planes (or done behind our back with the SDK, as a person
// in the Dashboard would) and found, alerted once, seen again without a second row, and resolved when it disappears.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runPayouts } from "~/server/payouts/run-payouts";
import { stripeOnboardingLink } from "~/server/payouts/payout-accounts";
import { setPayoutDestination } from "~/test/payout-destination";
import { checkLedger } from "~/server/ledger/check-invariants";
import { act } from "~/test/lifecycle-helpers";
import { DAY, HOUR } from "~/test/lifecycle-harness";
import { type PayoutHarness, startPayoutHarness } from "~/test/payout-harness";
import { adminPaymentAction } from "~/server/admin/payment-actions";
import { runDueOperations } from "~/server/payments/operation-worker";
import { reconcile, type ReconcileReport } from "./index";

let h: PayoutHarness;
beforeAll(async () => {
  h = await startPayoutHarness({ now: "2026-11-02T08:00:00Z", poolSize: 10 });
});
afterAll(() => h.close());

type Done = Extract<ReconcileReport, { state: "finished" | "paused" }>;
/** A pass a second after the last one (the test clock stands still otherwise; a pass tells "seen" by its start). */
async function pass(): Promise<Done> {
  await h.advance(1000);
  const r = await reconcile(h.services, { force: true });
  if (r.state !== "finished") throw new Error(`reconciliation did not finish: ${JSON.stringify(r)}`);
  return r;
}
const open = (subjectId: string) => h.t.db.discrepancy.findMany({ where: { subjectId, resolvedAt: null } });
const alertsOf = async (subjectId: string) => {
  const ids = (await h.t.db.discrepancy.findMany({ where: { subjectId }, select: { id: true } })).map((d) => d.id);
  return h.t.db.alert.findMany({ where: { subjectType: "DISCREPANCY", subjectId: { in: ids } } });
};
const paymentOf = (lessonId: string) => h.t.db.payment.findUniqueOrThrow({ where: { lessonId } });
const admin = { type: "ADMIN" as const, id: "admin-test" };

let capturedLessonId = "";
let stripePayoutId = "";
let paypalPayoutId = "";

describe("a clean book", () => {
  it("finds nothing after captures, a void, a refund and payouts by Stripe and PayPal", async () => {
    const student = await h.student();
    const paypalTutor = await h.tutor({ price25: 1250 });
    await setPayoutDestination(h.services, paypalTutor.id, { method: "PAYPAL", paypalEmail: "tara@paid.test" });
    const stripeTutor = await h.tutor({ price25: 900 });
    const link = await stripeOnboardingLink(h.services, stripeTutor, "http://localhost:3000");
    await fetch(link.url, { redirect: "manual" });

    capturedLessonId = await h.capturedLesson(student, paypalTutor);
    await h.capturedLesson(student, stripeTutor);
    const refunded = await h.capturedLesson(student, stripeTutor);
    await adminPaymentAction(h.services, admin, refunded, { type: "ADMIN_REFUND", reason: "partly unhappy", amount: 300 });
    await runDueOperations(h.services, { workerId: "test" });
    const cancelled = await h.book(student, stripeTutor, 3 * DAY);
    await act(h.services, student, cancelled, "CANCEL", "plans changed");
    await h.payOutAfterHold();
    const payouts = await h.t.db.payout.findMany();
    stripePayoutId = payouts.find((p) => p.method === "STRIPE")!.id;
    paypalPayoutId = payouts.find((p) => p.method === "PAYPAL")!.id;
    expect(payouts.map((p) => p.status).sort()).toEqual(["PAID", "PAID"]);
    expect((await paymentOf(cancelled)).status).toBe("VOIDED");

    const r = await pass();
    expect(r).toMatchObject({ opened: 0, repaired: 0, phase: "done" });
    expect(r.objectsSeen).toBeGreaterThanOrEqual(5);
    expect(await h.t.db.discrepancy.count()).toBe(0);
    // one list call per kind of object (each fits a page), one read per PayPal batch
    expect(r.providerCalls).toBe(3 + 1);
  });
});

describe("each discrepancy kind, injected", () => {
  it("PROVIDER_ONLY: a hold nobody here asked for; one row and one alert however often seen; resolved once released", async () => {
    const { customerId } = await h.services.stripe.createCustomer({});
    const auth = await h.services.stripe.authorize({
      amount: 700,
      currency: "usd",
      customerId,
      paymentMethodId: "pm_card_visa",
      offSession: false,
      idempotencyKey: "by-hand-1",
      metadata: { lessonId: "nobody", paymentId: "no-such-payment" },
    });
    const pi = auth.paymentIntentId!;
    expect((await pass()).opened).toBe(1);
    expect(await open(pi)).toMatchObject([{ kind: "PROVIDER_ONLY", subjectType: "PROVIDER_OBJECT" }]);
    expect((await pass()).opened).toBe(0);
    expect(await open(pi)).toHaveLength(1);
    expect(await alertsOf(pi)).toMatchObject([{ type: "RECONCILE_PROVIDER_ONLY", severity: "CRITICAL", resolvedAt: null }]);

    await h.services.stripe.cancel({ paymentIntentId: pi, idempotencyKey: "by-hand-1-cancel" });
    expect((await pass()).resolved).toBe(1);
    expect(await open(pi)).toEqual([]);
    expect((await alertsOf(pi))[0]!.resolvedAt).not.toBeNull();
  });

  it("PROVIDER_ONLY: a transfer under a payout group that is not ours", async () => {
    const { accountId } = await h.services.stripe.createExpressAccount({ email: "stranger@example.com" });
    const t = await h.services.stripe.createTransfer({
      amount: 500,
      currency: "usd",
      destination: accountId,
      transferGroup: "payout_not-ours",
      idempotencyKey: "stray-transfer",
    });
    expect((await pass()).opened).toBe(1);
    expect(await open(t.transferId)).toMatchObject([{ kind: "PROVIDER_ONLY" }]);
    await h.services.stripe.reverseTransfer({ transferId: t.transferId, idempotencyKey: "stray-transfer-back" });
    expect((await pass()).resolved).toBe(1);
  });

  it("AMOUNT_MISMATCH (refunded) repaired: a refund made in the Dashboard is recorded through the lifecycle", async () => {
    const p = await paymentOf(capturedLessonId);
    await h.services.stripe.refund({ paymentIntentId: p.providerPaymentIntentId!, amount: 250, idempotencyKey: "dashboard-refund" });
    const r = await pass();
    expect(r).toMatchObject({ opened: 0, repaired: 1 });
    expect(await paymentOf(capturedLessonId)).toMatchObject({ status: "PARTIALLY_REFUNDED", amountRefunded: 250 });
    expect(await h.t.db.discrepancy.findMany({ where: { subjectId: p.id } })).toMatchObject([
      { kind: "AMOUNT_MISMATCH", resolution: expect.stringContaining("REFUND_SUCCEEDED") },
    ]);
    expect(await checkLedger(h.t.db)).toEqual([]);
    expect((await pass()).repaired).toBe(0);
  });

  it("AMOUNT_MISMATCH (captured) and FEE_SPLIT_MISMATCH: the provider's amounts differ from ours", async () => {
    const p = await paymentOf(capturedLessonId);
    await h.stripe.control.tamperObject("payment_intents", p.providerPaymentIntentId!, {
      amount_received: 1000,
      application_fee_amount: 99,
    });
    expect((await pass()).opened).toBe(2);
    expect((await open(p.id)).map((d) => d.kind).sort()).toEqual(["AMOUNT_MISMATCH", "FEE_SPLIT_MISMATCH"]);
    await h.stripe.control.tamperObject("payment_intents", p.providerPaymentIntentId!, {
      amount_received: 1250,
      application_fee_amount: null,
    });
    expect((await pass()).resolved).toBe(2);
  });

  it("STATUS_MISMATCH: ours VOIDED while the provider still holds the money (no repair: a person releases it)", async () => {
    const student = await h.student();
    const tutor = await h.tutor();
    const lessonId = await h.book(student, tutor, 3 * DAY);
    await act(h.services, student, lessonId, "CANCEL", "plans changed");
    const p = await paymentOf(lessonId);
    expect(p.status).toBe("VOIDED");
    await h.stripe.control.tamperObject("payment_intents", p.providerPaymentIntentId!, {
      status: "requires_capture",
      amount_capturable: 450,
      cancellation_reason: null,
    });
    const r = await pass();
    expect(r).toMatchObject({ opened: 1, repaired: 0 });
    expect(await open(p.id)).toMatchObject([{ kind: "STATUS_MISMATCH", lessonId }]);
    expect(await alertsOf(p.id)).toMatchObject([{ type: "RECONCILE_STATUS_MISMATCH", severity: "CRITICAL", lessonId }]);
    expect((await paymentOf(lessonId)).status).toBe("VOIDED");
  });

  it("STATUS_MISMATCH repaired: a hold cancelled behind our back is recorded as released", async () => {
    const student = await h.student();
    const tutor = await h.tutor();
    const lessonId = await h.book(student, tutor, 2 * DAY);
    const p = await paymentOf(lessonId);
    expect(p.status).toBe("AUTHORIZED");
    await h.services.stripe.cancel({ paymentIntentId: p.providerPaymentIntentId!, idempotencyKey: "dashboard-cancel" });
    const r = await pass();
    expect(r.repaired).toBe(1);
    expect((await paymentOf(lessonId)).status).toBe("VOIDED");
    expect(await open(p.id)).toEqual([]);
  });

  it("OURS_ONLY: a PaymentIntent the provider does not have", async () => {
    const student = await h.student();
    const tutor = await h.tutor();
    const lessonId = await h.book(student, tutor, 2 * DAY);
    const p = await paymentOf(lessonId);
    await h.stripe.control.deleteObject("payment_intents", p.providerPaymentIntentId!);
    expect((await pass()).opened).toBe(1);
    expect(await open(p.id)).toMatchObject([{ kind: "OURS_ONLY", providerObjectId: p.providerPaymentIntentId }]);
  });

  it("transfers: an amount changed (AMOUNT_MISMATCH), then the transfer forgotten (OURS_ONLY)", async () => {
    const payout = await h.t.db.payout.findUniqueOrThrow({ where: { id: stripePayoutId } });
    await h.stripe.control.tamperObject("transfers", payout.providerId!, { amount: payout.amount + 1 });
    expect((await pass()).opened).toBe(1);
    expect(await open(payout.id)).toMatchObject([{ kind: "AMOUNT_MISMATCH", subjectType: "PAYOUT" }]);
    await h.stripe.control.deleteObject("transfers", payout.providerId!);
    const r = await pass();
    expect(r).toMatchObject({ opened: 1, resolved: 1 });
    expect(await open(payout.id)).toMatchObject([{ kind: "OURS_ONLY" }]);
  });

  it("PayPal: an item returned behind our back (STATUS_MISMATCH) with another amount (AMOUNT_MISMATCH), then the batch gone", async () => {
    const payout = await h.t.db.payout.findUniqueOrThrow({ where: { id: paypalPayoutId } });
    await h.paypal.control.tamperObject("payouts-item", payout.providerItemId!, { transaction_status: "RETURNED", value: "9.00" });
    expect((await pass()).opened).toBe(2);
    expect((await open(payout.id)).map((d) => d.kind).sort()).toEqual(["AMOUNT_MISMATCH", "STATUS_MISMATCH"]);
    await h.paypal.control.deleteObject("payouts", payout.providerId!);
    const r = await pass();
    expect(r).toMatchObject({ opened: 1, resolved: 2 });
    expect(await open(payout.id)).toMatchObject([{ kind: "OURS_ONLY" }]);
  });
});

describe("the pass itself", () => {
  it("is bounded per invocation and resumes from its cursor; an overlapping invocation is told it is busy", async () => {
    const first = await reconcile(h.services, { force: true, budget: { maxPages: 1 } });
    expect(first).toMatchObject({ state: "paused", phase: "transfers", pages: 1 });
    const runId = (first as Done).runId;
    const [a, b] = await Promise.all([reconcile(h.services), reconcile(h.services)]);
    expect([a.state, b.state].sort()).toEqual(["busy", "finished"]);
    expect(a.state === "finished" ? (a as Done).runId : (b as Done).runId).toBe(runId);
    const run = await h.t.db.reconciliationRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run).toMatchObject({ status: "DONE", leasedUntil: null });
  });

  it("starts a new pass only once a day unless asked", async () => {
    expect((await reconcile(h.services)).state).toBe("not_due");
    await h.advance(25 * HOUR);
    expect((await reconcile(h.services)).state).toBe("finished");
  });

  it("never lists the whole book twice per pass: provider calls stay at one per page", async () => {
    const before = (await h.stripe.control.counters()).requests;
    await pass();
    const after = (await h.stripe.control.counters()).requests;
    expect((after["GET /v1/payment_intents"] ?? 0) - (before["GET /v1/payment_intents"] ?? 0)).toBe(1);
    expect((after["GET /v1/payment_intents/:id"] ?? 0) - (before["GET /v1/payment_intents/:id"] ?? 0)).toBe(0);
  });
});

describe("a dispute our books do not know", () => {
  it("PROVIDER_ONLY repaired through commandFromDispute → applyCommand: recorded, the earning frozen; lost later, settled", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 2000 });
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "dora@paid.test" });
    const lessonId = await h.capturedLesson(student, tutor);
    const p = await paymentOf(lessonId);
    expect(p).toMatchObject({ status: "CAPTURED", amountCaptured: 2000, platformFee: 400, tutorShare: 1600 });
    // Opened at the sandbox by the cardholder's bank; its webhook never reached us.
    const dp = await h.stripe.control.openDispute({ payment_intent: p.providerPaymentIntentId!, reason: "fraudulent" });
    expect(await h.t.db.dispute.count({ where: { providerDisputeId: dp.id } })).toBe(0);

    const r = await pass();
    expect(r).toMatchObject({ opened: 0, repaired: 1 });
    expect(await h.t.db.dispute.findUniqueOrThrow({ where: { providerDisputeId: dp.id } })).toMatchObject({
      lessonId,
      paymentId: p.id,
      status: "NEEDS_RESPONSE",
      amount: 2000,
    });
    expect(await h.t.db.discrepancy.findMany({ where: { subjectId: dp.id } })).toMatchObject([
      { kind: "PROVIDER_ONLY", resolution: expect.stringContaining("DISPUTE_REPORTED"), resolvedAt: expect.any(Date) },
    ]);
    const audit = await h.t.db.auditEvent.findMany({ where: { lessonId }, orderBy: { at: "asc" } });
    // Recorded by the reconciler, in the lifecycle's own words.
    expect([...new Set(audit.filter((a) => a.actorId === "reconciliation").map((a) => a.reason))]).toEqual([
      expect.stringContaining("the tutor's earning is frozen"),
    ]);
    // Frozen: the earning is never paid out while the dispute is open.
    await h.payOutAfterHold();
    expect(await h.t.db.payout.count({ where: { tutorId: tutor.id } })).toBe(0);
    expect((await pass()).repaired).toBe(0);

    // Lost at the card network, again without a webhook: the next pass records it, both sides reversed to the cent.
    await h.stripe.control.decideDispute(dp.id, "lost");
    const lost = await pass();
    expect(lost).toMatchObject({ opened: 0, repaired: 1 });
    expect(await h.t.db.dispute.findUniqueOrThrow({ where: { providerDisputeId: dp.id } })).toMatchObject({ status: "LOST" });
    const ledger = await h.t.db.ledgerEntry.findMany({ where: { lessonId } });
    const sum = (kind: string) => ledger.filter((e) => e.kind === kind).reduce((s, e) => s + e.amount, 0);
    expect([sum("EARNING"), sum("EARNING_REVERSAL"), sum("PLATFORM_FEE"), sum("FEE_REVERSAL")]).toEqual([1600, -1600, 400, -400]);
    expect(await checkLedger(h.t.db)).toEqual([]);
    expect(await pass()).toMatchObject({ opened: 0, repaired: 0 });
    expect(await h.t.db.discrepancy.count({ where: { subjectId: dp.id, resolvedAt: null } })).toBe(0);
  });
});

void runPayouts;
