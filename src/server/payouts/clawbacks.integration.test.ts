// A refund after the tutor was paid: a Stripe Connect tutor's share is pulled back by exactly one transfer reversal,
// whatever the sandbox does to the request; a PayPal tutor (no pull) shows a negative balance that is netted from the
// next payout and never paid out while negative. The ledger checks stay clean throughout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FaultSpec } from "~/sandbox/control-client";
import { adminPaymentAction } from "~/server/admin/payment-actions";
import { checkLedger } from "~/server/ledger/check-invariants";
import { tutorBalances } from "~/server/ledger/balances";
import { runDueOperations } from "~/server/payments/operation-worker";
import { sweep } from "~/server/jobs/sweep";
import { DAY, HOUR, MIN } from "~/test/lifecycle-harness";
import { makeAdmin } from "~/test/lifecycle-helpers";
import { type PayoutHarness, startPayoutHarness } from "~/test/payout-harness";
import { runDueClawbacks } from "./clawbacks";
import { stripeOnboardingLink } from "./payout-accounts";
import { setPayoutDestination } from "~/test/payout-destination";
import { runPayouts } from "./run-payouts";
import { earningsSummary } from "./tutor-payouts";
import { adminLessonMoney } from "~/server/admin/lesson-money";

let h: PayoutHarness;
beforeAll(async () => {
  h = await startPayoutHarness({ now: "2026-11-02T08:00:00Z", poolSize: 20, timeoutMs: 2_000 });
});
afterAll(() => h.close());

async function ledgerOk() {
  const stripe = await h.stripe.control.counters();
  const paypal = await h.paypal.control.counters();
  return checkLedger(h.t.db, {
    captures: stripe.captures,
    transfersByGroup: stripe.transfersByGroup,
    batchesBySenderBatchId: paypal.batchesBySenderBatchId,
  });
}

async function refund(lessonId: string, amount: number) {
  const admin = await makeAdmin(h);
  const r = await adminPaymentAction(h.services, { type: "ADMIN", id: admin.id }, lessonId, {
    type: "ADMIN_REFUND",
    reason: "test",
    amount,
  });
  await runDueOperations(h.services, {});
  return r;
}

/** A Stripe Connect tutor paid one lesson (1250 → 1000 for the tutor), then the student refunded 500 (tutor's part 400). */
async function refundedAfterStripePayout() {
  const student = await h.student();
  const tutor = await h.tutor({ price25: 1250 });
  const link = await stripeOnboardingLink(h.services, tutor, "http://localhost:3000");
  await fetch(link.url, { redirect: "manual" });
  const lessonId = await h.capturedLesson(student, tutor);
  await h.payOutAfterHold();
  const payout = await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id } });
  expect(payout).toMatchObject({ status: "PAID", amount: 1000 });
  await refund(lessonId, 500);
  const clawback = await h.t.db.clawback.findFirstOrThrow({ where: { lessonId } });
  expect(clawback).toMatchObject({ amount: 400, state: "PENDING", payoutId: payout.id });
  return { tutor, lessonId, payout, clawback };
}

const FAULTS: { name: string; fault: Omit<FaultSpec, "method" | "path"> }[] = [
  { name: "none", fault: { mode: "latency", latencyMs: 0 } },
  { name: "500 before the request ran", fault: { mode: "error500" } },
  { name: "500 stored under the idempotency key", fault: { mode: "error500", stored: true } },
  { name: "hang until the client times out", fault: { mode: "hang" } },
  { name: "connection reset", fault: { mode: "reset", count: 2 } },
  { name: "applied but the response lost", fault: { mode: "lost_response", count: 2 } },
  { name: "applied after the client gave up", fault: { mode: "latency", latencyMs: 2_500, count: 1 } },
  { name: "429 rate limited", fault: { mode: "rate_limit" } },
];

describe("Stripe Connect: a refund after the payout is clawed back by one transfer reversal", () => {
  it.each(FAULTS)("fault: $name", async ({ fault }) => {
    const { tutor, payout, clawback } = await refundedAfterStripePayout();
    await h.stripe.control.injectFault({ method: "POST", path: "/v1/transfers/*/reversals", ...fault });
    for (let round = 0; round < 12; round++) {
      await runDueClawbacks(h.services);
      const c = await h.t.db.clawback.findUniqueOrThrow({ where: { id: clawback.id } });
      if (c.state === "SUCCEEDED" || c.state === "FAILED") break;
      await h.advance(31 * MIN);
      // The sandbox clock moves, but a late-applied request is late in real time: let it land before the next round.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await h.stripe.control.clearFaults();
    const c = await h.t.db.clawback.findUniqueOrThrow({ where: { id: clawback.id } });
    expect([c.state, c.lastError]).toEqual(["SUCCEEDED", null]);
    const t = await h.services.stripe.retrieveTransfer(payout.providerId!);
    expect(t.reversals.map((r) => [r.amount, r.metadata.clawbackId])).toEqual([[400, clawback.id]]);
    expect(c.providerReversalId).toBe(t.reversals[0]!.reversalId);
    // Not a return of the payout, and not netted again from the next payout.
    expect(await h.t.db.payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({ status: "PAID", amountReturned: 0 });
    expect(await tutorBalances(h.services, tutor.id)).toMatchObject({ available: 0, paid: 1000 });
    await runPayouts(h.services);
    expect(await h.t.db.payout.count({ where: { tutorId: tutor.id } })).toBe(1);
    expect(await ledgerOk()).toEqual([]);
  });
});

/** What the tutor's earnings page and the admin's lesson page say is owed back for a lesson, and recovered so far. */
async function shownClawback(tutorId: string, lessonId: string) {
  const tutorView = (await earningsSummary(h.services, tutorId)).clawbacks;
  const adminView = (await adminLessonMoney(h.services, lessonId)).clawbacks;
  const pick = (v: typeof tutorView) => ({
    owed: v.owed,
    recovered: v.recovered,
    outstanding: v.outstanding,
    lines: v.lines.map((l) => [l.lessonId, l.how, l.owed, l.recovered, l.status]),
  });
  expect(pick(adminView)).toEqual(pick(tutorView));
  return pick(tutorView);
}

describe("the clawback's state is shown to the tutor and the admin", () => {
  it("Stripe: owed 400 with nothing recovered while the reversal is pending, then recovered 400", async () => {
    const { tutor, lessonId } = await refundedAfterStripePayout();
    expect(await shownClawback(tutor.id, lessonId)).toEqual({
      owed: 400,
      recovered: 0,
      outstanding: 400,
      lines: [[lessonId, "transfer_reversal", 400, 0, "reversal_pending"]],
    });
    await runDueClawbacks(h.services);
    expect(await shownClawback(tutor.id, lessonId)).toEqual({
      owed: 400,
      recovered: 400,
      outstanding: 0,
      lines: [[lessonId, "transfer_reversal", 400, 400, "recovered"]],
    });
  });

  it("a refund before the payout is no clawback: nothing owed back", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 2500 });
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "before@paid.test" });
    const lessonId = await h.capturedLesson(student, tutor);
    await refund(lessonId, 500);
    await h.payOutAfterHold();
    expect(await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id } })).toMatchObject({ amount: 1600 });
    expect(await shownClawback(tutor.id, lessonId)).toEqual({ owed: 0, recovered: 0, outstanding: 0, lines: [] });
  });
});

describe("PayPal: no pull, a negative balance netted from the next payout", () => {
  it("shows −400 available, pays nothing while negative, and nets it from the next earning", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 2500 });
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "net@paid.test" });
    const first = await h.capturedLesson(student, tutor);
    await h.payOutAfterHold();
    expect(await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id } })).toMatchObject({ status: "PAID", amount: 2000 });
    await refund(first, 500);
    expect(await h.t.db.clawback.count({ where: { lessonId: first } })).toBe(0);
    expect(await tutorBalances(h.services, tutor.id)).toMatchObject({ available: -400, paid: 2000 });
    const owedLine = [first, "netting", 400, 0, "owed"];
    expect(await shownClawback(tutor.id, first)).toEqual({ owed: 400, recovered: 0, outstanding: 400, lines: [owedLine] });
    await runPayouts(h.services);
    expect(await h.t.db.payout.count({ where: { tutorId: tutor.id } })).toBe(1);
    // Negative for longer than the policy's 30 days: one alert for the admin, not one per sweep.
    expect((await sweep(h.services)).negativeBalanceAlerts).toBe(0);
    await h.advance(31 * DAY);
    expect((await sweep(h.services)).negativeBalanceAlerts).toBe(1);
    expect((await sweep(h.services)).negativeBalanceAlerts).toBe(0);
    expect(await h.t.db.alert.count({ where: { type: "NEGATIVE_BALANCE", subjectId: tutor.id, resolvedAt: null } })).toBe(1);

    // A second lesson (2000 for the tutor): the next payout is 2000 − 400.
    await h.capturedLesson(student, tutor, { startsInMs: 2 * HOUR });
    await h.payOutAfterHold();
    const payouts = await h.t.db.payout.findMany({ where: { tutorId: tutor.id }, orderBy: { createdAt: "asc" } });
    expect(payouts.map((p) => [p.amount, p.status])).toEqual([
      [2000, "PAID"],
      [1600, "PAID"],
    ]);
    expect(await tutorBalances(h.services, tutor.id)).toMatchObject({ available: 0, paid: 3600 });
    expect(await shownClawback(tutor.id, first)).toEqual({
      owed: 400,
      recovered: 400,
      outstanding: 0,
      lines: [[first, "netting", 400, 400, "recovered"]],
    });
    expect(await ledgerOk()).toEqual([]);
  });
});
