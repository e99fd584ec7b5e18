// "Nothing found on a clean book": after random histories of lessons, refunds, problem reports, payouts by Stripe and
// PayPal (paid, failed, unclaimed and returned) and long gaps, a reconciliation pass opens no discrepancy and repairs
// nothing. The generator is the ledger property test's, with Stripe Connect tutors added.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminPaymentAction } from "~/server/admin/payment-actions";
import { createPayoutForTutor } from "~/server/payouts/create-payout";
import { stripeOnboardingLink, updatePayoutSettings } from "~/server/payouts/payout-accounts";
import { resolveProblem, reportProblem } from "~/server/payouts/problem-reports";
import { runPayouts } from "~/server/payouts/run-payouts";
import { HOUR, MIN } from "~/test/lifecycle-harness";
import { type PayoutHarness, startPayoutHarness } from "~/test/payout-harness";
import { reconcile } from "./index";

let h: PayoutHarness;
beforeAll(async () => {
  h = await startPayoutHarness({ now: "2026-11-02T08:00:00Z", poolSize: 10 });
});
afterAll(() => h.close());

const action = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: "lesson" as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("refund" as const), pick: fc.nat(), part: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("report" as const), pick: fc.nat(), refund: fc.boolean() }) },
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

describe("reconciliation on a clean book", () => {
  it("finds nothing after any history", async () => {
    const admin = { type: "ADMIN" as const, id: "prop-admin" };
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 3, maxLength: 8 }), fc.boolean(), async (actions, viaStripe) => {
        const student = await h.student();
        const tutor = await h.tutor({ price25: 1375 });
        if (viaStripe) await fetch((await stripeOnboardingLink(h.services, tutor, "http://localhost:3000")).url, { redirect: "manual" });
        else await updatePayoutSettings(h.services, tutor.id, { method: "PAYPAL", paypalEmail: "ok@paid.test" });
        const lessons: string[] = [];
        const pick = (n: number) => lessons[n % lessons.length]!;
        for (const a of actions) {
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
              if (!lessons.length) break;
              await reportProblem(h.services, student, pick(a.pick), "Something went wrong here").catch(() => null);
              await resolveProblem(
                h.services,
                admin,
                pick(a.pick),
                { decision: a.refund ? "FULL_REFUND" : "RELEASE" },
                "property test",
              ).catch(() => null);
              break;
            case "advance":
              await h.advance(a.hours * HOUR);
              break;
            case "run":
              await runPayouts(h.services);
              break;
            case "request":
              await createPayoutForTutor(h.services, tutor.id, tutor.id).catch(() => null);
              break;
            case "receiver":
              if (!viaStripe) await updatePayoutSettings(h.services, tutor.id, { method: "PAYPAL", paypalEmail: a.to });
              break;
          }
        }
        await h.advance(HOUR);
        await runPayouts(h.services);
        await h.advance(1000);
        const r = await reconcile(h.services, { force: true });
        const open = await h.t.db.discrepancy.findMany({ where: { resolvedAt: null } });
        expect(open.map((d) => `${d.kind} ${d.subjectType}: ${d.message}`)).toEqual([]);
        expect(r).toMatchObject({ state: "finished", opened: 0, repaired: 0 });
      }),
      { numRuns: 15, endOnFailure: true },
    );
  }, 240_000);
});
