import "server-only";
// The first state of a lesson and its payment. The caller has already computed the price from the tutor's profile
// (never from the client) and generated the ids; this decides whether the card is held now or later.

import type { LessonSnapshot, LessonState, Rejection, TransitionOutcome, TransitionResult } from "./types";
import type { TransitionContext } from "./draft";
import { iso, reject } from "./rejections";
import { authorizesAtBooking, scheduledAuthorizationAt } from "./schedule";
import { currencyExponent, formatMoney } from "../money";
import { instantToken } from "~/shared/message-tokens";

export interface BookingInput {
  lessonId: string;
  paymentId: string;
  studentId: string;
  tutorId: string;
  scheduledStart: Date;
  scheduledEnd: Date;
  durationMinutes: number;
  /** minor units, computed server-side from the tutor's profile */
  priceAmount: number;
  currency: string;
}

function validate(input: BookingInput, ctx: TransitionContext): Rejection | null {
  const { policy, now } = ctx;
  if (!policy.allowedDurations.some((d) => d === input.durationMinutes)) {
    return reject(
      "DURATION_NOT_ALLOWED",
      `Lessons last ${policy.allowedDurations.join(" or ")} minutes; ${input.durationMinutes} minutes is not offered. Pick one of those lengths.`,
    );
  }
  if (Number.isNaN(input.scheduledStart.getTime()) || input.scheduledStart.getTime() <= now.getTime()) {
    return reject("START_IN_PAST", `The start time ${instantToken(input.scheduledStart)} has already passed. Pick a time in the future.`);
  }
  const expectedEnd = input.scheduledStart.getTime() + input.durationMinutes * 60_000;
  if (input.scheduledEnd.getTime() !== expectedEnd) {
    return reject(
      "END_MISMATCH",
      `A ${input.durationMinutes}-minute lesson starting at ${instantToken(input.scheduledStart)} ends at ${instantToken(new Date(expectedEnd))}, ` +
        `not ${Number.isNaN(input.scheduledEnd.getTime()) ? "an invalid time" : instantToken(input.scheduledEnd)}. Reload the page and book again.`,
    );
  }
  if (!/^[A-Z]{3}$/.test(input.currency)) {
    return reject("INVALID_CURRENCY", `"${input.currency}" is not an upper-case ISO 4217 currency code such as USD.`);
  }
  try {
    currencyExponent(input.currency);
  } catch {
    return reject("INVALID_CURRENCY", `"${input.currency}" is not a currency we can charge in.`);
  }
  if (!Number.isSafeInteger(input.priceAmount) || input.priceAmount <= 0) {
    return reject(
      "INVALID_PRICE",
      `The lesson price must be a positive whole number of minor units; got ${input.priceAmount}. The tutor needs to set a price for this lesson length.`,
    );
  }
  return null;
}

/** The facts a lesson is booked with; everything else about it starts empty. */
export type BookedFacts = Pick<
  LessonSnapshot,
  "id" | "studentId" | "tutorId" | "scheduledStart" | "scheduledEnd" | "durationMinutes" | "priceAmount" | "currency"
>;

/** A booked lesson nobody has joined yet: SCHEDULED, version 0, every presence, call and settlement fact empty. */
export function unstartedLesson(facts: BookedFacts): LessonSnapshot {
  return {
    ...facts,
    status: "SCHEDULED",
    studentJoinedAt: null,
    tutorJoinedAt: null,
    studentLastJoinedAt: null,
    tutorLastJoinedAt: null,
    studentLeftAt: null,
    tutorLeftAt: null,
    callStartedAt: null,
    callEndedAt: null,
    endedBy: null,
    cancelReason: null,
    noShowParty: null,
    finalizedAt: null,
    version: 0,
  };
}

/**
 * A booked lesson (SCHEDULED) with its payment (AWAITING_AUTHORIZATION). Within the authorization horizon the card is
 * authorized now, on-session, while the student is present for 3-D Secure; further out the hold would lapse before
 * capture, so the card is saved and authorized off-session scheduledAuthorizationLeadMs before the start.
 */
export function planBooking(input: BookingInput, ctx: TransitionContext): TransitionOutcome {
  const problem = validate(input, ctx);
  if (problem) return problem;
  const { now, policy } = ctx;
  const onSession = authorizesAtBooking(input, now, policy);
  const scheduledAt = scheduledAuthorizationAt(input, policy);
  const authorizeAt = onSession ? null : scheduledAt.getTime() > now.getTime() ? scheduledAt : now;

  const state: LessonState = {
    lesson: unstartedLesson({
      id: input.lessonId,
      studentId: input.studentId,
      tutorId: input.tutorId,
      scheduledStart: new Date(input.scheduledStart),
      scheduledEnd: new Date(input.scheduledEnd),
      durationMinutes: input.durationMinutes as 25 | 50,
      priceAmount: input.priceAmount,
      currency: input.currency,
    }),
    payment: {
      id: input.paymentId,
      status: "AWAITING_AUTHORIZATION",
      amount: input.priceAmount,
      currency: input.currency,
      authorizationMode: onSession ? "ON_SESSION" : "OFF_SESSION",
      authorizeAt,
      authorizationAttempts: onSession ? 1 : 0,
      captureBefore: null,
      settlementAmount: null,
      amountCaptured: 0,
      platformFee: 0,
      tutorShare: 0,
      amountRefunded: 0,
      amountDisputed: 0,
      providerPaymentIntentId: null,
      lastError: null,
    },
    liveOperations: onSession ? [{ kind: "AUTHORIZE", amount: input.priceAmount }] : [],
    refundOperationCount: 0,
    pendingRefundAmount: 0,
    captureOperationCount: 0,
    voidOperationCount: 0,
    disputeEvidenceOperationCount: 0,
    dispute: null,
  };

  const idempotencyKey = `authorize:${input.paymentId}:1`;
  const result: TransitionResult = {
    ok: true,
    changed: true,
    next: state,
    operations: onSession ? [{ kind: "AUTHORIZE", amount: input.priceAmount, idempotencyKey }] : [],
    audit: [
      {
        action: "lesson.booked",
        subject: "LESSON",
        from: null,
        to: "SCHEDULED",
        metadata: {
          scheduledStart: iso(input.scheduledStart),
          durationMinutes: input.durationMinutes,
          price: formatMoney(input.priceAmount, input.currency),
        },
      },
      {
        action: "payment.created",
        subject: "PAYMENT",
        from: null,
        to: "AWAITING_AUTHORIZATION",
        metadata: { amount: input.priceAmount, currency: input.currency, mode: state.payment.authorizationMode },
      },
      onSession
        ? {
            action: "payment.authorization_requested",
            subject: "PAYMENT",
            from: "AWAITING_AUTHORIZATION",
            to: "AWAITING_AUTHORIZATION",
            metadata: { amount: input.priceAmount, idempotencyKey, mode: "ON_SESSION", attempt: 1 },
          }
        : {
            action: "payment.authorization_scheduled",
            subject: "PAYMENT",
            from: "AWAITING_AUTHORIZATION",
            to: "AWAITING_AUTHORIZATION",
            reason: "the lesson is too far ahead for a hold to last until capture",
            metadata: { authorizeAt: iso(authorizeAt ?? now), mode: "OFF_SESSION" },
          },
    ],
    alerts: [],
  };
  return result;
}
