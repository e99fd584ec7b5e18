import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminPaymentAction } from "~/server/admin/payment-actions";
import { checkLedger } from "~/server/ledger/check-invariants";
import { CLAWBACK_RECOVERING_STATES, tutorBalances } from "~/server/ledger/balances";
import { applyCommand } from "~/server/lifecycle/apply-command";
import { runDueClawbacks } from "~/server/payouts/clawbacks";
import { stripeOnboardingLink } from "~/server/payouts/payout-accounts";
import { applyPayoutUpdate } from "~/server/payouts/payout-state";
import { commandFromDispute, payoutUpdateFromTransfer } from "~/server/providers/mapping";
import { createPayoutForTutor } from "~/server/payouts/create-payout";
import { setPayoutDestination } from "~/test/payout-destination";
import { reportProblem, resolveProblem } from "~/server/payouts/problem-reports";
import { runPayouts } from "~/server/payouts/run-payouts";
import { HOUR, MIN } from "~/test/lifecycle-harness";
import { type PayoutHarness, startPayoutHarness } from "~/test/payout-harness";

// Random sequences of captures, refunds, reports, resolutions, payout runs, provider outcomes (receivers that succeed,
// fail or never claim), chargebacks (opened for all or part of what is left, won or lost) and transfer reversals of a
// Stripe Connect payout (1 ¢, half or all of what is left, each applied twice) → after every step each payment's
// split holds (captured = fee + tutor share) and what refunds and lost disputes took back is reversed on both sides to
// the cent; every payout's returns add up to exactly what came back; the invariant checker passes after every
// sequence, and the balances add up to what was earned.

let h: PayoutHarness;
beforeAll(async () => {
  h = await startPayoutHarness({ now: "2026-10-01T08:00:00Z", poolSize: 20 });
});
afterAll(() => h.close());

const action = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "lesson" as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("refund" as const), pick: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("report" as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("resolve" as const),
      pick: fc.nat(),
      decision: fc.constantFrom("RELEASE", "PARTIAL_REFUND", "FULL_REFUND"),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("advance" as const), hours: fc.integer({ min: 1, max: 800 }) }) },
  { weight: 3, arbitrary: fc.constant({ kind: "run" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "request" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("receiver" as const),
      to: fc.constantFrom("ok@paid.test", "gone@fail.test", "later@unclaimed.test"),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("dispute" as const),
      pick: fc.nat(),
      part: fc.constantFrom(100, 50, 1),
      // decided by the card network right away, or left open (a later "decide" may close it)
      then: fc.constantFrom("open", "won", "lost"),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: "payday" as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("decide" as const), pick: fc.nat(), outcome: fc.constantFrom("won", "lost") }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("reverse" as const),
      pick: fc.nat(),
      // one or several reversals of the same transfer, each 1 ¢, half or all of what is left
      sizes: fc.array(fc.constantFrom("cent", "half", "all"), { minLength: 1, maxLength: 3 }),
    }),
  },
);

const WEBHOOK = { type: "WEBHOOK" as const, id: "prop-webhook" };

/** What the dispute's webhook does: the sandbox's dispute, read again, through the one mapping into the lifecycle. */
async function recordDisputes(lessonId: string, paymentIntentId: string) {
  for (const dp of await h.services.stripe.disputesOfPaymentIntent(paymentIntentId)) {
    const command = commandFromDispute(dp);
    // delivered twice: the second changes nothing
    if (command) for (let i = 0; i < 2; i++) await applyCommand(h.services, lessonId, command, WEBHOOK);
  }
}

/** Time passed: disputes the sandbox closed at their evidence deadline (lost without evidence) arrive as their events. */
async function syncOpenDisputes(tutorId: string) {
  const open = await h.t.db.dispute.findMany({
    where: { lesson: { tutorId }, status: { in: ["NEEDS_RESPONSE", "UNDER_REVIEW"] } },
    include: { payment: true },
  });
  for (const d of open) await recordDisputes(d.lessonId, d.payment.providerPaymentIntentId!);
}

/** What a transfer.reversed webhook does: the transfer, read again, as the payout update it implies (applied twice). */
async function recordTransfer(payoutId: string, transferId: string) {
  const update = payoutUpdateFromTransfer(await h.services.stripe.retrieveTransfer(transferId));
  for (let i = 0; i < 2; i++) await applyPayoutUpdate(h.services, payoutId, { ...update, reason: "property test" }, WEBHOOK);
}

/**
 * The money invariants of one tutor's rows, checked after every step: each payment's split, the reversals of what
 * refunds and lost disputes took back (proportional, one cumulative half-up rounding on the fee side, to the cent),
 * and each payout's returns (rows, ledger credits and status agree with the amount that came back).
 */
async function stepInvariants(tutorId: string) {
  const payments = await h.t.db.payment.findMany({ where: { lesson: { tutorId } } });
  const entries = await h.t.db.ledgerEntry.groupBy({
    by: ["paymentId", "kind"],
    where: { tutorId, kind: { in: ["EARNING_REVERSAL", "FEE_REVERSAL"] } },
    _sum: { amount: true },
  });
  const sum = (paymentId: string, kind: string) =>
    0 - (entries.find((e) => e.paymentId === paymentId && e.kind === kind)?._sum.amount ?? 0);
  for (const p of payments) {
    expect(p.amountCaptured).toBe(p.platformFee + p.tutorShare);
    const takenBack = p.amountRefunded + p.amountDisputed;
    expect(takenBack).toBeLessThanOrEqual(p.amountCaptured);
    // Computed here, not by the code under test: the fee side of everything taken back so far, rounded half-up once.
    const fee = p.amountCaptured === 0 ? 0 : Math.floor((2 * takenBack * p.platformFee + p.amountCaptured) / (2 * p.amountCaptured));
    expect({ payment: p.id, fee: sum(p.id, "FEE_REVERSAL"), tutor: sum(p.id, "EARNING_REVERSAL") }).toEqual({
      payment: p.id,
      fee,
      tutor: takenBack - fee,
    });
  }
  const payouts = await h.t.db.payout.findMany({ where: { tutorId }, include: { returns: true } });
  const credits = await h.t.db.ledgerEntry.groupBy({
    by: ["payoutId"],
    where: { tutorId, kind: "PAYOUT_RETURN" },
    _sum: { amount: true },
  });
  for (const po of payouts) {
    const returned = po.returns.reduce((s, r) => s + r.amount, 0);
    const credited = credits.find((c) => c.payoutId === po.id)?._sum.amount ?? 0;
    // a payout that failed gave all of it back in one credit; otherwise each return is credited once, to the cent
    const expectedCredit = po.status === "FAILED" ? po.amount : po.amountReturned;
    expect({ payout: po.id, returned, credited }).toEqual({ payout: po.id, returned: po.amountReturned, credited: expectedCredit });
    expect(po.amountReturned).toBeLessThanOrEqual(po.amount);
    if (po.status === "RETURNED" && po.returns.length > 0) expect(po.amountReturned).toBe(po.amount);
    if (po.status === "PARTIALLY_RETURNED") expect([po.amountReturned > 0, po.amountReturned < po.amount]).toEqual([true, true]);
  }
}

describe("ledger invariants under random histories", () => {
  it("hold for every sequence", async () => {
    const admin = { type: "ADMIN" as const, id: "prop-admin" };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("PAYPAL", "STRIPE"), fc.array(action, { minLength: 3, maxLength: 9 }), async (method, rest) => {
        // every history starts with a captured lesson, so the money actions have something to act on
        const actions: (typeof rest)[number][] = [{ kind: "lesson" }, ...rest];
        const student = await h.student();
        const tutor = await h.tutor({ price25: 1375 });
        if (method === "STRIPE") {
          const link = await stripeOnboardingLink(h.services, tutor, "http://localhost:3000");
          await fetch(link.url, { redirect: "manual" });
        } else await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "ok@paid.test" });
        const lessons: string[] = [];
        for (const a of actions) {
          const pick = (n: number) => lessons[n % lessons.length]!;
          switch (a.kind) {
            case "lesson":
              lessons.push(await h.capturedLesson(student, tutor, { startsInMs: 30 * MIN }));
              break;
            case "refund": {
              if (!lessons.length) break;
              const p = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId: pick(a.pick) } });
              const left = p.amountCaptured - p.amountRefunded;
              // (refused while a chargeback is open: the lifecycle's answer, not a failure of the property)
              if (left > 0)
                await adminPaymentAction(h.services, admin, pick(a.pick), {
                  type: "ADMIN_REFUND",
                  amount: Math.max(1, Math.floor((left * a.part) / 100)),
                  reason: "property test",
                }).catch(() => null);
              break;
            }
            case "report":
              if (lessons.length) await reportProblem(h.services, student, pick(a.pick), "Something went wrong here").catch(() => null);
              break;
            case "resolve": {
              if (!lessons.length) break;
              const p = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId: pick(a.pick) } });
              const left = p.amountCaptured - p.amountRefunded;
              const resolution =
                a.decision === "PARTIAL_REFUND"
                  ? left > 1
                    ? { decision: "PARTIAL_REFUND" as const, amount: Math.floor(left / 2) }
                    : { decision: "RELEASE" as const }
                  : a.decision === "FULL_REFUND" && left > 0
                    ? { decision: "FULL_REFUND" as const }
                    : { decision: "RELEASE" as const };
              await resolveProblem(h.services, admin, pick(a.pick), resolution, "property test").catch(() => null);
              break;
            }
            case "advance":
              await h.advance(a.hours * HOUR);
              await syncOpenDisputes(tutor.id);
              break;
            case "run":
              await runPayouts(h.services);
              await runDueClawbacks(h.services);
              break;
            case "request":
              await createPayoutForTutor(h.services, tutor.id, tutor.id);
              break;
            case "receiver":
              if (method === "PAYPAL") await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: a.to });
              break;
            case "dispute": {
              // The cardholder's bank opens a chargeback for all, half or 1 ¢ of what refunds left (one per charge).
              if (!lessons.length) break;
              const p = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId: pick(a.pick) }, include: { disputes: true } });
              const left = p.amountCaptured - p.amountRefunded;
              if (left <= 0 || p.disputes.length > 0 || !p.providerPaymentIntentId) break;
              await h.stripe.control.openDispute({
                payment_intent: p.providerPaymentIntentId,
                amount: Math.max(1, Math.floor((left * a.part) / 100)),
              });
              await recordDisputes(p.lessonId, p.providerPaymentIntentId);
              if (a.then !== "open") {
                await stepInvariants(tutor.id);
                const [d] = await h.t.db.dispute.findMany({ where: { paymentId: p.id } });
                await h.stripe.control.decideDispute(d!.providerDisputeId, a.then);
                await recordDisputes(p.lessonId, p.providerPaymentIntentId);
              }
              break;
            }
            case "payday":
              // past the earnings hold: what is available is paid out
              await h.advance(73 * HOUR);
              await syncOpenDisputes(tutor.id);
              await runPayouts(h.services);
              await runDueClawbacks(h.services);
              break;
            case "decide": {
              const open = await h.t.db.dispute.findMany({
                where: { lesson: { tutorId: tutor.id }, status: { in: ["NEEDS_RESPONSE", "UNDER_REVIEW"] } },
                include: { payment: true },
                orderBy: { id: "asc" },
              });
              const d = open[a.pick % Math.max(1, open.length)];
              if (!d) break;
              await h.stripe.control.decideDispute(d.providerDisputeId, a.outcome);
              await recordDisputes(d.lessonId, d.payment.providerPaymentIntentId!);
              break;
            }
            case "reverse": {
              // Money pulled back from a Stripe Connect payout by hand: 1 ¢, half or all of what is left of its transfer.
              const paid = await h.t.db.payout.findMany({
                where: { tutorId: tutor.id, method: "STRIPE", providerId: { not: null }, status: { in: ["PAID", "PARTIALLY_RETURNED"] } },
                orderBy: { id: "asc" },
              });
              const po = paid[a.pick % Math.max(1, paid.length)];
              if (!po) break;
              for (const size of a.sizes) {
                const t = await h.services.stripe.retrieveTransfer(po.providerId!);
                const left = t.amount - t.amountReversed;
                if (left <= 0) break;
                const amount = size === "cent" ? 1 : size === "half" ? Math.max(1, Math.floor(left / 2)) : left;
                await h.services.stripe.reverseTransfer({ transferId: t.transferId, amount, idempotencyKey: randomUUID() });
                await recordTransfer(po.id, t.transferId);
                // Exactly what came back by hand is credited (a clawback's own reversals are not a return).
                const after = await h.services.stripe.retrieveTransfer(t.transferId);
                const byHand = after.reversals.filter((r) => !r.metadata.clawbackId).reduce((s, r) => s + r.amount, 0);
                expect((await h.t.db.payout.findUniqueOrThrow({ where: { id: po.id } })).amountReturned).toBe(byHand);
                await stepInvariants(tutor.id);
              }
              break;
            }
          }
          await stepInvariants(tutor.id);
        }
        await h.advance(HOUR);
        await runPayouts(h.services);
        await runDueClawbacks(h.services);
        await stepInvariants(tutor.id);
        const stripe = await h.stripe.control.counters();
        const paypal = await h.paypal.control.counters();
        const violations = await checkLedger(h.t.db, {
          captures: stripe.captures,
          transfersByGroup: stripe.transfersByGroup,
          batchesBySenderBatchId: paypal.batchesBySenderBatchId,
        });
        expect(violations).toEqual([]);
        // Where the tutor's money is always adds up to what they earned, net of refunds: a payout
        // that failed or came back covers its entries, and its return credit is uncovered again.
        const b = await tutorBalances(h.services, tutor.id);
        const earned = await h.t.db.ledgerEntry.aggregate({
          where: { tutorId: tutor.id, kind: { in: ["EARNING", "EARNING_REVERSAL"] } },
          _sum: { amount: true },
        });
        // A reversal being pulled back by a clawback (or already pulled back) is not in the balances: it left through
        // the transfer reversal instead.
        const clawing = await h.t.db.clawback.aggregate({
          where: { tutorId: tutor.id, state: { in: [...CLAWBACK_RECOVERING_STATES] } },
          _sum: { amount: true },
        });
        expect(b.pending + b.available + b.onHold + b.inFlight + b.paid).toBe((earned._sum.amount ?? 0) + (clawing._sum.amount ?? 0));
      }),
      { numRuns: 30, endOnFailure: true },
    );
  }, 240_000);
});
