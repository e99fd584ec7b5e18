// The demo's dispute is real: seeded through the booking, the sweep's capture and the sandbox's dispute test card,
// recorded by the lifecycle, and waiting in the admin queue with its evidence deadline. Seeded once.
import { afterAll, beforeAll, expect, it } from "vitest";
import { needsAttention } from "~/server/admin/queue";
import { type Harness, startHarness } from "~/test/lifecycle-harness";
import { seedDemoDispute } from "./seed-dispute";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T10:00:00Z" });
  await h.student("student3@demo.test");
  await h.tutor({ email: "tutor@demo.test" });
});
afterAll(() => h.close());

it("seeds one open chargeback the admin sees in the queue, and only once", async () => {
  const lessonId = await seedDemoDispute(h.services, h.stripe.url);
  expect(lessonId).not.toBeNull();
  const dispute = await h.t.db.dispute.findFirstOrThrow({ where: { lessonId: lessonId! } });
  expect(dispute).toMatchObject({ status: "NEEDS_RESPONSE", reason: "fraudulent", amount: 450, feeAmount: 1500 });
  const item = (await needsAttention(h.services)).find((i) => i.key === `DISPUTE:${lessonId}`);
  expect(item).toMatchObject({ category: "DISPUTE", deadline: dispute.evidenceDueBy });
  expect(await seedDemoDispute(h.services, h.stripe.url)).toBeNull();
  expect(await h.t.db.dispute.count()).toBe(1);
});
