// An operation that keeps failing raises OPERATION_RETRYING; once it succeeds the alert is resolved in the same
// transaction, so the admin queue does not show a payment as stuck that is in fact settled.
import { afterAll, beforeAll, expect, it } from "vitest";
import { finalizeTick } from "~/server/jobs/cron-ticks";
import { type Harness, startHarness } from "~/test/lifecycle-harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T08:00:00Z" });
});
afterAll(() => h.close());

it("a capture that failed five times and then succeeded leaves no open alert", async () => {
  const { lessonId } = await h.playedLesson();
  await h.stripe.control.injectFault({ method: "POST", path: "/v1/payment_intents/*/capture", mode: "error500", count: 10_000 });
  const alert = () => h.t.db.alert.findFirst({ where: { type: "OPERATION_RETRYING", lessonId } });
  for (let round = 0; round < 12 && !(await alert()); round++) {
    await finalizeTick(h.services, {});
    const op = await h.t.db.paymentOperation.findFirst({ where: { kind: "CAPTURE", payment: { lessonId } } });
    if (op) await h.advance(Math.max(0, op.nextAttemptAt.getTime() - h.services.now().getTime()) + 1_000);
  }
  expect(await alert()).toMatchObject({ resolvedAt: null });

  await h.stripe.control.clearFaults();
  await finalizeTick(h.services, {});
  const payment = await h.t.db.payment.findUniqueOrThrow({ where: { lessonId } });
  expect(payment.status).toBe("CAPTURED");
  expect(await alert()).toMatchObject({ resolvedBy: "lifecycle", resolution: "the operation succeeded" });
  expect((await alert())!.resolvedAt).not.toBeNull();
});
