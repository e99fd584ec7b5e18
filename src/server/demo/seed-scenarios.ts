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

const MARKER = "demo.scenarios_seeded";
const SEED = { type: "OPS" as const, id: "demo-seed" };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function user(services: Services, email: string) {
  const u = await services.db.user.findUniqueOrThrow({ where: { email } });
  return { id: u.id, email: u.email, name: u.name, role: u.role, timeZone: u.timeZone };
}

async function testCard(stripeUrl: string): Promise<string> {
  const res = await fetch(`${stripeUrl}/v1/payment_methods`, {
    method: "POST",
    headers: { Authorization: "Bearer pk_test_sandbox", "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      type: "card",
      "card[number]": "4242424242424242",
      "card[exp_month]": "12",
      "card[exp_year]": "2035",
      "card[cvc]": "123",
    }),
  });
  const body = (await res.json()) as { id?: string };
  if (!body.id) throw new Error("demo seed: the Stripe sandbox did not create a card");
  return body.id;
}

/** Move a booked lesson into the past as a finished lesson whose payment is still held (the incident's shape). */
async function shapeAsPastLesson(services: Services, lessonId: string, endedAgoMs: number, status: "COMPLETED") {
  const now = services.now();
  const lesson = await services.db.lesson.findUniqueOrThrow({ where: { id: lessonId } });
  const end = new Date(now.getTime() - endedAgoMs);
  const start = new Date(end.getTime() - lesson.durationMinutes * 60_000);
  await services.db.$executeRaw`
    UPDATE "Lesson" SET status = ${status}::"LessonStatus", "scheduledStart" = ${start}, "scheduledEnd" = ${end},
      "studentJoinedAt" = ${start}, "tutorJoinedAt" = ${start}, "studentLastJoinedAt" = ${start}, "tutorLastJoinedAt" = ${start},
      "callStartedAt" = ${start}, "callEndedAt" = ${new Date(start.getTime() + 60_000)}, "endedBy" = 'TUTOR', "finalizedAt" = ${end}
    WHERE id = ${lessonId}`;
  await services.db.auditEvent.create({
    data: auditEventData({
      action: "demo.legacy_import",
      at: now,
      actor: SEED,
      subject: { type: "LESSON", id: lessonId },
      lessonId,
      from: "SCHEDULED",
      to: status,
      reason: "Demo data shaped like the original incident (imported history)",
    }),
  });
}

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
  const done = await services.db.auditEvent.findFirst({ where: { action: MARKER } });
  if (done) return { scenarios: "already seeded", openLessonId };
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
  };
}
