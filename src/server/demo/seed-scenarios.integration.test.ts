// The demo data the admin finds on day one in npm run dev includes an open chargeback and a stray hold (a second
// PaymentIntent holding a student's card for a booked lesson), each alerted in the queue; the lesson's own payment
// stays AUTHORIZED. Seeded once.
import { afterAll, beforeAll, expect, it } from "vitest";
import { type PayoutHarness, startPayoutHarness } from "~/test/payout-harness";
import { seedDemoScenarios } from "./seed-scenarios";

let h: PayoutHarness;
beforeAll(async () => {
  h = await startPayoutHarness({ now: "2026-11-26T10:00:00Z", poolSize: 10 });
  for (const email of ["student@demo.test", "student2@demo.test", "student3@demo.test"]) await h.student(email);
  for (const email of ["tutor@demo.test", "tutor2@demo.test"]) await h.tutor({ email });
});
afterAll(() => h.close());

it("seeds a dispute and a stray hold, both alerted for the admin, and only once", async () => {
  const first = await seedDemoScenarios(h.services, h.stripe.url);
  expect(first.disputeLessonId).toBeTruthy();
  expect(await h.t.db.dispute.findFirstOrThrow({ where: { lessonId: first.disputeLessonId! } })).toMatchObject({
    status: "NEEDS_RESPONSE",
  });

  const strays = await h.t.db.providerObject.findMany({ where: { type: "payment_intent", relation: "STRAY" } });
  expect(strays).toHaveLength(1);
  const stray = strays[0]!;
  expect(stray.releaseRequestedAt).not.toBeNull();
  expect((await h.services.stripe.retrievePaymentIntent(stray.id)).status).toBe("requires_capture");
  const payment = await h.t.db.payment.findUniqueOrThrow({ where: { id: stray.paymentId! } });
  expect(payment.status).toBe("AUTHORIZED");
  expect(payment.providerPaymentIntentId).not.toBe(stray.id);
  expect(
    await h.t.db.alert.findMany({
      where: { type: "STRAY_HOLD", lessonId: payment.lessonId, resolvedAt: null },
      select: { severity: true },
    }),
  ).toEqual([{ severity: "CRITICAL" }]);

  expect((await seedDemoScenarios(h.services, h.stripe.url)).scenarios).toBe("already seeded");
  expect(await h.t.db.providerObject.count({ where: { relation: "STRAY" } })).toBe(1);
  expect(await h.t.db.dispute.count()).toBe(1);
});
