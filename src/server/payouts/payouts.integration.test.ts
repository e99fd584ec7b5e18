import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkLedger } from "~/server/ledger/check-invariants";
import { tutorBalances } from "~/server/ledger/balances";
import { HOUR, DAY } from "~/test/lifecycle-harness";
import { type PayoutHarness, startPayoutHarness } from "~/test/payout-harness";
import { createPayoutForTutor } from "./create-payout";
import { setPayoutDestination } from "~/test/payout-destination";
import { stripeOnboardingLink } from "./payout-accounts";
import { reportProblem, resolveProblem } from "./problem-reports";
import { runPayouts, sendDuePayouts } from "./run-payouts";

let h: PayoutHarness;
beforeAll(async () => {
  h = await startPayoutHarness({ now: "2026-11-02T08:00:00Z", poolSize: 20 });
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

describe("earnings and payouts", () => {
  it("credits 80 % on capture, holds it 72 h, then pays it once by PayPal", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 1250 });
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "tara@paid.test" });
    const lessonId = await h.capturedLesson(student, tutor);

    let b = await tutorBalances(h.services, tutor.id);
    expect(b).toMatchObject({ pending: 1000, available: 0, paid: 0 });
    await runPayouts(h.services);
    expect(await h.t.db.payout.count({ where: { tutorId: tutor.id } })).toBe(0); // still inside the report window

    await h.advance(72 * HOUR);
    b = await tutorBalances(h.services, tutor.id);
    expect(b).toMatchObject({ pending: 0, available: 1000 });
    await runPayouts(h.services);
    const payout = await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id } });
    expect(payout).toMatchObject({ status: "SENT", amount: 1000, method: "PAYPAL" });

    await h.advance(5 * 60_000); // PayPal's item moves PENDING → SUCCESS on its clock
    await runPayouts(h.services);
    expect(await h.t.db.payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({
      status: "PAID",
      providerStatus: "SUCCESS",
    });
    b = await tutorBalances(h.services, tutor.id);
    expect(b).toMatchObject({ available: 0, inFlight: 0, paid: 1000 });
    expect((await h.paypal.control.counters()).batchesBySenderBatchId[payout.id]).toBe(1);
    expect(await ledgerOk()).toEqual([]);
    expect(lessonId).toBeTruthy();
  });

  it("concurrent payout runs, tutor requests and retries create one payout and one Stripe transfer", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 900 });
    const link = await stripeOnboardingLink(h.services, tutor, "http://localhost:3000");
    const visit = await fetch(link.url, { redirect: "manual" }); // the sandbox completes onboarding when visited
    expect([302, 303]).toContain(visit.status);
    await h.capturedLesson(student, tutor);
    await h.capturedLesson(student, tutor);
    await h.advance(73 * HOUR);

    const results = await Promise.all([
      runPayouts(h.services),
      runPayouts(h.services),
      createPayoutForTutor(h.services, tutor.id, tutor.id),
      createPayoutForTutor(h.services, tutor.id, tutor.id),
      sendDuePayouts(h.services),
    ]);
    expect(results).toHaveLength(5);
    await sendDuePayouts(h.services);
    const payouts = await h.t.db.payout.findMany({ where: { tutorId: tutor.id } });
    expect(payouts).toHaveLength(1);
    expect(payouts[0]).toMatchObject({ status: "PAID", amount: 1440, method: "STRIPE" });
    const counters = await h.stripe.control.counters();
    expect(counters.transfersByGroup[`payout_${payouts[0]!.id}`]).toBe(1);
    // a second run finds nothing new to pay
    await runPayouts(h.services);
    expect(await h.t.db.payout.count({ where: { tutorId: tutor.id } })).toBe(1);
    expect(await ledgerOk()).toEqual([]);
  });

  it("a PayPal batch whose response is lost is retried with the same sender_batch_id and paid once", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 1500 });
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "lost@paid.test" });
    await h.capturedLesson(student, tutor);
    await h.advance(73 * HOUR);
    // lost twice: the SDK's own single retry must not hide it
    await h.paypal.control.injectFault({ method: "POST", path: "/v1/payments/payouts", mode: "lost_response", count: 2 });
    await runPayouts(h.services);
    const payout = await h.t.db.payout.findFirstOrThrow({ where: { tutorId: tutor.id } });
    expect(payout.status).toBe("UNKNOWN");
    await h.advance(HOUR);
    await runPayouts(h.services);
    await h.advance(5 * 60_000);
    await runPayouts(h.services);
    expect(await h.t.db.payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({ status: "PAID" });
    expect((await h.paypal.control.counters()).batchesBySenderBatchId[payout.id]).toBe(1);
    expect(await ledgerOk()).toEqual([]);
  });

  it("UNCLAIMED → RETURNED after 30 days, and FAILED, put the money back with an alert", async () => {
    const student = await h.student();
    const unclaimed = await h.tutor({ price25: 2000 });
    const failing = await h.tutor({ price25: 2000 });
    await setPayoutDestination(h.services, unclaimed.id, { method: "PAYPAL", paypalEmail: "nobody@unclaimed.test" });
    await setPayoutDestination(h.services, failing.id, { method: "PAYPAL", paypalEmail: "broken@fail.test" });
    await h.capturedLesson(student, unclaimed);
    await h.capturedLesson(student, failing);
    await h.payOutAfterHold();
    const failed = await h.t.db.payout.findFirstOrThrow({ where: { tutorId: failing.id } });
    expect(failed.status).toBe("FAILED");
    expect(await tutorBalances(h.services, failing.id)).toMatchObject({ available: 1600, paid: 0 });
    const pending = await h.t.db.payout.findFirstOrThrow({ where: { tutorId: unclaimed.id } });
    expect(pending).toMatchObject({ status: "SENT", providerStatus: "UNCLAIMED" });

    await h.advance(31 * DAY);
    await runPayouts(h.services);
    expect(await h.t.db.payout.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({ status: "RETURNED" });
    expect(await tutorBalances(h.services, unclaimed.id)).toMatchObject({ available: 1600, paid: 0 });
    const alerts = await h.t.db.alert.findMany({ where: { subjectId: { in: [failed.id, pending.id] } } });
    expect(alerts.map((a) => a.type).sort()).toEqual(["PAYOUT_FAILED", "PAYOUT_RETURNED"]);
    // the hourly run does not resend to a destination that just failed…
    await runPayouts(h.services);
    expect(await h.t.db.payout.count({ where: { tutorId: failing.id } })).toBe(1);
    // …until the tutor fixes their settings
    await setPayoutDestination(h.services, failing.id, { method: "PAYPAL", paypalEmail: "fixed@paid.test" });
    // a replaced destination first waits out the cool-off (payoutDestinationCoolOffMs)
    await runPayouts(h.services);
    expect(await h.t.db.payout.count({ where: { tutorId: failing.id } })).toBe(1);
    await h.advance(h.services.policy.payoutDestinationCoolOffMs);
    await runPayouts(h.services);
    expect(await h.t.db.payout.findFirstOrThrow({ where: { tutorId: failing.id, status: { notIn: ["FAILED"] } } })).toMatchObject({
      amount: 1600,
      destination: "fixed@paid.test",
    });
    expect(await ledgerOk()).toEqual([]);
  });

  it("a problem reported inside the window holds the money across runs; release pays it, a partial refund reverses 80/20", async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 1000 });
    await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "held@paid.test" });
    const a = await h.capturedLesson(student, tutor);
    const b = await h.capturedLesson(student, tutor);
    await reportProblem(h.services, student, a, "The tutor's audio never worked.");
    await reportProblem(h.services, student, b, "The tutor left after five minutes.");
    await expect(reportProblem(h.services, student, a, "Reporting the same lesson twice")).rejects.toThrow(/already reported/);

    await h.advance(80 * HOUR);
    await expect(reportProblem(h.services, student, a, "Too late now, after the window")).rejects.toThrow(/until/);
    expect(await tutorBalances(h.services, tutor.id)).toMatchObject({ onHold: 1600, available: 0 });
    await runPayouts(h.services);
    await runPayouts(h.services);
    expect(await h.t.db.payout.count({ where: { tutorId: tutor.id } })).toBe(0);

    const admin = { type: "ADMIN" as const, id: "admin-1" };
    await resolveProblem(h.services, admin, a, { decision: "RELEASE" }, "Audio logs show the lesson happened");
    await resolveProblem(h.services, admin, b, { decision: "PARTIAL_REFUND", amount: 500 }, "Half the lesson was lost");
    const reversal = await h.t.db.ledgerEntry.findMany({ where: { lessonId: b, kind: { in: ["EARNING_REVERSAL", "FEE_REVERSAL"] } } });
    expect(reversal.map((e) => [e.kind, e.amount]).sort()).toEqual([
      ["EARNING_REVERSAL", -400],
      ["FEE_REVERSAL", -100],
    ]);
    expect(await tutorBalances(h.services, tutor.id)).toMatchObject({ onHold: 0, available: 800 + 400 });
    await runPayouts(h.services);
    expect(await h.t.db.payout.findMany({ where: { tutorId: tutor.id }, select: { amount: true } })).toEqual([{ amount: 1200 }]);
    const again = await resolveProblem(h.services, admin, a, { decision: "FULL_REFUND" }, "changed my mind");
    expect(again.alreadyResolved).toBe(true);
    expect(await ledgerOk()).toEqual([]);
  });
});
