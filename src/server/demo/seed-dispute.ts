import "server-only";
// The demo's dispute: a lesson paid with Stripe's dispute test card (4000 0000 0000 0259), finished two days ago and
// captured through the sweep, so the sandbox opens a fraudulent chargeback on it. The dispute is read back from the
// sandbox and recorded by the lifecycle the way reconciliation would, so the admin finds it in the queue with its
// evidence deadline and can press "Submit evidence". Seeded once (while no dispute exists).
import { applyCommand } from "~/server/lifecycle/apply-command";
import { bookLesson } from "~/server/lessons/book-lesson";
import { runDueOperations } from "~/server/payments/operation-worker";
import { commandFromDispute } from "~/server/providers/mapping";
import type { Services } from "~/server/services";
import { DAY, HOUR, SEED, shapeAsPastLesson, testCard, user } from "./demo-lessons";

const DISPUTE_CARD = "4000000000000259";

export async function seedDemoDispute(services: Services, stripeUrl: string): Promise<string | null> {
  if ((await services.db.dispute.count()) > 0) return null;
  const [student, tutor] = await Promise.all([user(services, "student3@demo.test"), user(services, "tutor@demo.test")]);
  const start = new Date(Math.ceil((services.now().getTime() + 40 * HOUR) / HOUR) * HOUR);
  const lesson = await bookLesson(services, student, {
    tutorId: tutor.id,
    scheduledStart: start,
    durationMinutes: 25,
    paymentMethodId: await testCard(stripeUrl, DISPUTE_CARD),
  });
  await shapeAsPastLesson(services, lesson.id, 2 * DAY, "COMPLETED");
  const swept = await applyCommand(services, lesson.id, { type: "SWEEP" }, SEED);
  if (swept.ok) await runDueOperations(services, { onlyIds: swept.operationIds, workerId: "demo-seed" });
  const payment = await services.db.payment.findUniqueOrThrow({ where: { lessonId: lesson.id } });
  if (!payment.providerPaymentIntentId) return null;
  const disputes = await services.stripe.disputesOfPaymentIntent(payment.providerPaymentIntentId);
  for (const dp of disputes) {
    const command = commandFromDispute(dp);
    if (command) await applyCommand(services, lesson.id, command, SEED, { reason: "demo: a chargeback on a finished lesson" });
  }
  return lesson.id;
}
