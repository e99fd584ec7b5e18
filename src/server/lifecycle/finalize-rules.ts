import "server-only";
// What a lesson turns into once it is over, and what that costs the student. Kept free of the Draft machinery so the
// rule table can be tested cell by cell, and so the sweep can re-derive a settlement for old rows that lack one.

import type { CancelReason, LessonSnapshot, Participant } from "./types";
import type { Policy } from "./policy";
import { percentOf } from "../money";
import { freeCancellationUntil, hasJoined } from "./schedule";

export type FinalOutcome =
  | { status: "COMPLETED"; settlementAmount: number }
  | { status: "CANCELLED"; cancelReason: "NOBODY_JOINED"; settlementAmount: 0 }
  | { status: "NO_SHOW"; noShowParty: Participant; settlementAmount: number };

/** docs/domain.md: both joined → full price; nobody → void; only the tutor → 50 %; only the student → void + alert. */
export function finalOutcome(lesson: LessonSnapshot, policy: Policy): FinalOutcome {
  const student = hasJoined(lesson, "STUDENT");
  const tutor = hasJoined(lesson, "TUTOR");
  if (student && tutor) return { status: "COMPLETED", settlementAmount: lesson.priceAmount };
  if (!student && !tutor) return { status: "CANCELLED", cancelReason: "NOBODY_JOINED", settlementAmount: 0 };
  if (tutor) {
    return {
      status: "NO_SHOW",
      noShowParty: "STUDENT",
      settlementAmount: percentOf(lesson.priceAmount, policy.studentNoShowCaptureBps),
    };
  }
  return { status: "NO_SHOW", noShowParty: "TUTOR", settlementAmount: 0 };
}

/** Student cancellations inside the free-cancellation notice pay lateCancelCaptureBps; everything else is free. */
export function cancellationSettlement(lesson: LessonSnapshot, by: Participant, at: Date, policy: Policy): number {
  if (by === "TUTOR") return 0;
  const late = at.getTime() > freeCancellationUntil(lesson, policy).getTime();
  return late ? percentOf(lesson.priceAmount, policy.lateCancelCaptureBps) : 0;
}

/**
 * The settlement a terminal lesson implies, for rows that became terminal without one recorded (older data reaching
 * the orphan sweep). A student cancellation is judged by finalizedAt (when it became terminal); without that the
 * student gets the benefit of the doubt. Returns null for a lesson that is not over.
 */
export function impliedSettlement(lesson: LessonSnapshot, policy: Policy): number | null {
  switch (lesson.status) {
    case "COMPLETED":
      return lesson.priceAmount;
    case "NO_SHOW":
      return lesson.noShowParty === "STUDENT" ? percentOf(lesson.priceAmount, policy.studentNoShowCaptureBps) : 0;
    case "CANCELLED":
      return studentCancellationFee(lesson, lesson.cancelReason, policy);
    default:
      return null;
  }
}

function studentCancellationFee(lesson: LessonSnapshot, reason: CancelReason | null, policy: Policy): number {
  if (reason !== "CANCELLED_BY_STUDENT" || lesson.finalizedAt === null) return 0;
  return cancellationSettlement(lesson, "STUDENT", lesson.finalizedAt, policy);
}
