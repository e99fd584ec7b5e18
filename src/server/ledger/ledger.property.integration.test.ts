import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminPaymentAction } from "~/server/admin/payment-actions";
import { checkLedger } from "~/server/ledger/check-invariants";
import { tutorBalances } from "~/server/ledger/balances";
import { createPayoutForTutor } from "~/server/payouts/create-payout";
import { setPayoutDestination } from "~/test/payout-destination";
import { reportProblem, resolveProblem } from "~/server/payouts/problem-reports";
import { runPayouts } from "~/server/payouts/run-payouts";
import { HOUR, MIN } from "~/test/lifecycle-harness";
import { type PayoutHarness, startPayoutHarness } from "~/test/payout-harness";

// Random sequences of captures, refunds, reports, resolutions, payout runs and provider
// outcomes (receivers that succeed, fail or never claim) → the invariant checker passes
// after every sequence, and the balances add up to what was earned.

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
);

describe("ledger invariants under random histories", () => {
  it("hold for every sequence", async () => {
    const admin = { type: "ADMIN" as const, id: "prop-admin" };
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: 9 }), async (actions) => {
        const student = await h.student();
        const tutor = await h.tutor({ price25: 1375 });
        await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "ok@paid.test" });
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
              if (left > 0)
                await adminPaymentAction(h.services, admin, pick(a.pick), {
                  type: "ADMIN_REFUND",
                  amount: Math.max(1, Math.floor((left * a.part) / 100)),
                  reason: "property test",
                });
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
              break;
            case "run":
              await runPayouts(h.services);
              break;
            case "request":
              await createPayoutForTutor(h.services, tutor.id, tutor.id);
              break;
            case "receiver":
              await setPayoutDestination(h.services, tutor.id, { method: "PAYPAL", paypalEmail: a.to });
              break;
          }
        }
        await h.advance(HOUR);
        await runPayouts(h.services);
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
        expect(b.pending + b.available + b.onHold + b.inFlight + b.paid).toBe(earned._sum.amount ?? 0);
      }),
      { numRuns: 50, endOnFailure: true },
    );
  }, 240_000);
});
