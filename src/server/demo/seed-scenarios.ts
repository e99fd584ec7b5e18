import "server-only";
// Demo scenarios for the embedded app (npm run dev), created once through the real
// services and sandboxes: something for the admin to look at on day one. Where a
// scenario needs a history that cannot be produced today (a lesson that ended three
// days ago), the booking is made for real and its times are then moved into the past
// with plain SQL, as if imported from the system this one replaces — and marked so.
import { recordIntentObservation } from "~/server/payments/stray-objects";
import type { SessionUser } from "~/server/auth";
import { applyCommand } from "~/server/lifecycle/apply-command";
import { bookLesson } from "~/server/lessons/book-lesson";
import { runDueOperations } from "~/server/payments/operation-worker";
import { createPayoutForTutor } from "~/server/payouts/create-payout";
import { sendDuePayouts, runPayouts } from "~/server/payouts/run-payouts";
import type { Services } from "~/server/services";
import { auditEventData } from "~/server/audit/audit-event";
import { DAY, HOUR, SEED, shapeAsPastLesson, testCard, user } from "./demo-lessons";
import { seedDemoDispute } from "./seed-dispute";

const MARKER = "demo.scenarios_seeded";

/**
 * On every start: a lesson of student@demo.test with tutor@demo.test whose room is open now (it starts in five
 * minutes), unless one is open already, so two browser windows can try the video call right away.
 */
async function ensureOpenDemoLesson(services: Services, stripeUrl: string): Promise<string | null> {
  const now = services.now();
  const [student, tutor] = await Promise.all([user(services, "student@demo.test"), user(services, "tutor@demo.test")]);
  const open = await services.db.lesson.findFirst({
    where: {
      studentId: student.id,
      tutorId: tutor.id,
      status: { in: ["SCHEDULED", "IN_PROGRESS"] },
      scheduledStart: { lte: new Date(now.getTime() + services.policy.joinWindowOpensBeforeStartMs) },
      scheduledEnd: { gt: new Date(now.getTime() + 10 * 60_000) },
    },
  });
  if (open) return open.id;
  const start = new Date(Math.ceil(now.getTime() / 60_000) * 60_000 + 5 * 60_000);
  // A lesson the person booked themselves may overlap: then that one is the lesson to try.
  const booked = await bookLesson(services, student, {
    tutorId: tutor.id,
    scheduledStart: start,
    durationMinutes: 25,
    paymentMethodId: await testCard(stripeUrl),
  }).catch(() => null);
  return booked?.id ?? null;
}

export async function seedDemoScenarios(services: Services, stripeUrl: string) {
  const openLessonId = await ensureOpenDemoLesson(services, stripeUrl);
  // its own guard (no dispute yet), so databases seeded before disputes existed get one too
  const disputeLessonId = await seedDemoDispute(services, stripeUrl);
  const done = await services.db.auditEvent.findFirst({ where: { action: MARKER } });
  if (done) return { scenarios: "already seeded", openLessonId, disputeLessonId };
  const now = services.now();
  const [student2, student3, tutor, tutor2] = await Promise.all([
    user(services, "student2@demo.test"),
    user(services, "student3@demo.test"),
    user(services, "tutor@demo.test"),
    user(services, "tutor2@demo.test"),
  ]);
  const hourAligned = (ms: number) => new Date(Math.ceil((now.getTime() + ms) / HOUR) * HOUR);
  /** A lesson booked with a sandbox test card, starting on the hour at least `startsInMs` from now. */
  const book = async (student: SessionUser, tutorId: string, startsInMs: number, durationMinutes: 25 | 50) =>
    bookLesson(services, student, {
      tutorId,
      scheduledStart: hourAligned(startsInMs),
      durationMinutes,
      paymentMethodId: await testCard(stripeUrl),
    });

  // 1. An orphan like the incident: a $4.50 lesson that ended three days ago, payment still authorized, nothing queued.
  const orphan = await book(student2, tutor.id, 3 * HOUR, 25);
  await shapeAsPastLesson(services, orphan.id, 3 * DAY, "COMPLETED");

  // 2. An authorization two hours from its capture deadline on a lesson that has not happened yet.
  const nearing = await book(student3, tutor2.id, 20 * HOUR, 50);
  await services.db.payment.update({ where: { lessonId: nearing.id }, data: { captureBefore: new Date(now.getTime() + 2 * HOUR) } });

  // 3. A failed payout: tutor2's PayPal address bounces.
  const earned = await book(student3, tutor2.id, 30 * HOUR, 50);
  await shapeAsPastLesson(services, earned.id, 5 * DAY, "COMPLETED");
  const swept = await applyCommand(services, earned.id, { type: "SWEEP" }, SEED);
  if (swept.ok) await runDueOperations(services, { onlyIds: swept.operationIds, workerId: "demo-seed" });
  await services.db.payoutAccount.upsert({
    where: { tutorId: tutor2.id },
    create: { tutorId: tutor2.id, method: "PAYPAL", paypalEmail: "omar@fail.test" },
    update: { method: "PAYPAL", paypalEmail: "omar@fail.test" },
  });
  const payout = await createPayoutForTutor(services, tutor2.id, "demo-seed", { actor: { type: "OPS", id: "demo-seed" } });
  if (payout.created) {
    await sendDuePayouts(services, { onlyIds: [payout.payoutId] });
    // the dev PayPal sandbox settles items after ~2 s; then the run sees the failure
    await new Promise((r) => setTimeout(r, 2_500));
    await runPayouts(services);
  }

  // 4. A stray hold: a second PaymentIntent holding the card for a booked lesson (as a retry or a hand-made intent in
  //    the Dashboard would), noticed and queued for release — the admin sees the CRITICAL alert; the lesson's own
  //    payment stays AUTHORIZED.
  const strayFor = await book(student2, tutor.id, 40 * HOUR, 25);
  await runDueOperations(services, { workerId: "demo-seed" });
  const p = await services.db.payment.findUniqueOrThrow({ where: { lessonId: strayFor.id } });
  if (p.providerCustomerId && p.providerPaymentMethodId) {
    const stray = await services.stripe.authorize({
      amount: p.amount,
      currency: p.currency,
      customerId: p.providerCustomerId,
      paymentMethodId: p.providerPaymentMethodId,
      offSession: true,
      idempotencyKey: `demo-stray:${p.id}`,
      metadata: { lessonId: strayFor.id, paymentId: p.id },
    });
    if (stray.outcome === "authorized") {
      const pi = await services.stripe.retrievePaymentIntent(stray.paymentIntentId);
      await services.db.$transaction((tx) =>
        recordIntentObservation(tx, { pi, relation: "STRAY", payment: { id: p.id, lessonId: strayFor.id }, release: true }, now),
      );
    }
  }

  await services.db.auditEvent.create({
    data: auditEventData({
      action: MARKER,
      at: now,
      actor: SEED,
      subject: { type: "SYSTEM", id: "demo" },
      reason: "orphan, near-deadline authorization, failed payout, stray hold",
    }),
  });
  return {
    orphanLessonId: orphan.id,
    nearDeadlineLessonId: nearing.id,
    failedPayoutTutor: tutor2.email,
    strayHoldLessonId: strayFor.id,
    openLessonId,
    disputeLessonId,
  };
}
