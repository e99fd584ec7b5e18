import "server-only";
import { randomUUID } from "node:crypto";
import { Prisma } from "~/generated/prisma/client";
import type { SessionUser } from "~/server/auth";
import { AppError } from "~/server/errors";
import { TX_OPTIONS, writeTransition } from "~/server/lifecycle/apply-command";
import { planBooking } from "~/server/lifecycle/transition";
import { isProviderError } from "~/server/providers/errors";
import { runDueOperations } from "~/server/payments/operation-worker";
import type { Services } from "~/server/services";
import { assertWithinBookingLimits } from "./booking-limits";
import { getLessonView } from "./lesson-view";

export interface BookLessonInput {
  tutorId: string;
  scheduledStart: Date;
  durationMinutes: 25 | 50;
  /** pm_… created in the browser with the publishable key: the card number never reaches us */
  paymentMethodId: string;
}

/**
 * Book a lesson: the price comes from the tutor's profile (never from the client).
 * Provider calls (customer, card attach) happen before the transaction; the lesson,
 * payment, audit and AUTHORIZE operation are written in one transaction; the
 * on-session authorization then runs right away so the student sees a decline now.
 */
export async function bookLesson(services: Services, student: SessionUser, input: BookLessonInput) {
  const { db, stripe } = services;
  const tutor = await db.user.findUnique({ where: { id: input.tutorId }, include: { tutorProfile: true } });
  if (!tutor || tutor.role !== "TUTOR" || !tutor.tutorProfile) {
    throw new AppError("NOT_FOUND", "tutorId: this tutor does not exist or does not take bookings.", { field: "tutorId" });
  }
  const profile = tutor.tutorProfile;
  const price = input.durationMinutes === 25 ? profile.price25 : profile.price50;
  const scheduledEnd = new Date(input.scheduledStart.getTime() + input.durationMinutes * 60_000);
  const lessonId = randomUUID();
  const paymentId = randomUUID();
  const now = services.now();

  // Check the rules before touching the provider, so bad input leaves nothing behind anywhere.
  const plan = planBooking(
    {
      lessonId,
      paymentId,
      studentId: student.id,
      tutorId: tutor.id,
      scheduledStart: input.scheduledStart,
      scheduledEnd,
      durationMinutes: input.durationMinutes,
      priceAmount: price,
      currency: profile.currency,
    },
    { now, policy: services.policy, actor: { type: "STUDENT", id: student.id } },
  );
  if (!plan.ok) throw new AppError("BAD_INPUT", plan.message, { rule: plan.code });
  await assertSlotFree(services, tutor.id, input.scheduledStart, scheduledEnd);
  const limitCheck = {
    studentId: student.id,
    tutorId: tutor.id,
    scheduledStart: input.scheduledStart,
    withoutHold: plan.next.payment.authorizationMode === "OFF_SESSION",
    now,
  };
  // Early and unlocked, so a refused booking leaves nothing at the provider; repeated under the lock below.
  await assertWithinBookingLimits(db, services.policy, limitCheck, { lockStudent: false });

  const customerId = await ensureCustomer(services, student);
  try {
    await stripe.attachPaymentMethod({ paymentMethodId: input.paymentMethodId, customerId });
  } catch (err) {
    if (isProviderError(err)) {
      throw new AppError("PROVIDER_ERROR", `paymentMethodId: the card could not be saved (${err.failure.message}). Enter the card again.`, {
        field: "paymentMethodId",
      });
    }
    throw err;
  }
  if (plan.next.payment.authorizationMode === "OFF_SESSION") {
    // Saved for a later, merchant-initiated authorization 48 h before the lesson.
    const si = await stripe
      .createSetupIntent({ customerId, paymentMethodId: input.paymentMethodId, idempotencyKey: `setup:${paymentId}` })
      .catch((err) => {
        throw isProviderError(err)
          ? new AppError("PROVIDER_ERROR", `The card could not be saved for later: ${err.failure.message}`, { field: "paymentMethodId" })
          : err;
      });
    if (si.status !== "succeeded") {
      throw new AppError("PROVIDER_ERROR", "Your bank wants to confirm this card before it can be charged later. Use another card.", {
        field: "paymentMethodId",
      });
    }
  }

  let operationIds: string[] = [];
  try {
    await db.$transaction(async (tx) => {
      await assertWithinBookingLimits(tx, services.policy, limitCheck, { lockStudent: true });
      const { lesson, payment } = plan.next;
      await tx.lesson.create({
        data: {
          id: lesson.id,
          studentId: lesson.studentId,
          tutorId: lesson.tutorId,
          status: lesson.status,
          scheduledStart: lesson.scheduledStart,
          scheduledEnd: lesson.scheduledEnd,
          durationMinutes: lesson.durationMinutes,
          priceAmount: lesson.priceAmount,
          currency: lesson.currency,
          version: lesson.version,
        },
      });
      await tx.payment.create({
        data: {
          id: payment.id,
          lessonId: lesson.id,
          status: payment.status,
          amount: payment.amount,
          currency: payment.currency,
          authorizationMode: payment.authorizationMode,
          authorizeAt: payment.authorizeAt,
          providerCustomerId: customerId,
          providerPaymentMethodId: input.paymentMethodId,
        },
      });
      ({ operationIds } = await writeTransition(tx, null, plan, { type: "STUDENT", id: student.id }, now, undefined, services.policy));
    }, TX_OPTIONS);
  } catch (err) {
    if (isOverlap(err)) {
      throw new AppError("CONFLICT", "This slot was just taken by another student. Pick another time.", { rule: "SLOT_TAKEN" });
    }
    throw err;
  }

  if (operationIds.length) await runDueOperations(services, { onlyIds: operationIds, workerId: "booking" });
  return getLessonView(services, student, lessonId);
}

async function assertSlotFree(services: Services, tutorId: string, start: Date, end: Date) {
  // A friendly early answer; the database's exclusion constraint is the real guarantee.
  const clash = await services.db.lesson.findFirst({
    where: { tutorId, status: { not: "CANCELLED" }, scheduledStart: { lt: end }, scheduledEnd: { gt: start } },
    select: { id: true },
  });
  if (clash) throw new AppError("CONFLICT", "This slot was just taken by another student. Pick another time.", { rule: "SLOT_TAKEN" });
}

async function ensureCustomer(services: Services, student: SessionUser): Promise<string> {
  const user = await services.db.user.findUniqueOrThrow({ where: { id: student.id } });
  if (user.stripeCustomerId) return user.stripeCustomerId;
  const { customerId } = await services.stripe.createCustomer({
    email: user.email,
    name: user.name,
    metadata: { userId: user.id },
    idempotencyKey: `customer:${user.id}`,
  });
  // Two concurrent first bookings get the same customer (same idempotency key), so this write is idempotent.
  await services.db.user.update({ where: { id: user.id }, data: { stripeCustomerId: customerId } });
  return customerId;
}

function isOverlap(err: unknown): boolean {
  const text = err instanceof Prisma.PrismaClientKnownRequestError ? JSON.stringify(err.meta ?? {}) + err.message : String(err);
  return /manual_lesson_tutor_no_overlap|23P01|exclusion/i.test(text);
}
