import "server-only";
// The moments the rules hinge on, computed in one place so the transition, the cron queries and the UI agree to the
// millisecond (every boundary is inclusive on the side named "at": at exactly joinWindowOpensAt the room is open).

import type { Policy } from "./policy";
import type { AlertRequest, LessonSnapshot, LessonState, Participant } from "./types";
import { isTerminalLesson } from "./graph";
import { instantToken } from "~/shared/message-tokens";

type Times = Pick<LessonSnapshot, "scheduledStart" | "scheduledEnd">;

const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);

/** First moment a participant may join. */
export function joinWindowOpensAt(lesson: Times, policy: Policy): Date {
  return plus(lesson.scheduledStart, -policy.joinWindowOpensBeforeStartMs);
}

/** First moment joining is refused again (the scheduled end itself). */
export function joinWindowClosesAt(lesson: Times): Date {
  return lesson.scheduledEnd;
}

/** First moment FINALIZE is accepted. */
export function finalizeDueAt(lesson: Times, policy: Policy): Date {
  return plus(lesson.scheduledEnd, policy.finalizeGraceMs);
}

/** A student cancelling at or before this moment pays nothing. */
export function freeCancellationUntil(lesson: Times, policy: Policy): Date {
  return plus(lesson.scheduledStart, -policy.freeCancellationNoticeMs);
}

/** From this moment on, an off-session authorization that has not succeeded cancels the lesson. */
export function authorizationGiveUpAt(lesson: Times, policy: Policy): Date {
  return plus(lesson.scheduledStart, -policy.authorizationGiveUpBeforeStartMs);
}

/** When a far-ahead booking's off-session authorization is first attempted. */
export function scheduledAuthorizationAt(lesson: Times, policy: Policy): Date {
  return plus(lesson.scheduledStart, -policy.scheduledAuthorizationLeadMs);
}

/** Students may report a problem until this moment. */
export function problemReportDeadline(lesson: Times, policy: Policy): Date {
  return plus(lesson.scheduledEnd, policy.problemReportWindowMs);
}

/** The tutor's earning for the lesson becomes available at this moment unless a report holds it. */
export function earningsAvailableAt(lesson: Times, policy: Policy): Date {
  return plus(lesson.scheduledEnd, policy.earningsHoldMs);
}

/** Whether the hold can be placed at booking (on-session) rather than scheduled for later (off-session). */
export function authorizesAtBooking(lesson: Times, now: Date, policy: Policy): boolean {
  return finalizeDueAt(lesson, policy).getTime() < now.getTime() + policy.authorizationHorizonMs;
}

/**
 * Presence = joined more recently than left. Ties cannot be ordered by time alone, so JOIN and LEAVE nudge their
 * recorded time past the other one (see presence-preserving clamps in participant commands).
 */
export function isPresent(lesson: LessonSnapshot, who: Participant): boolean {
  const lastJoined = who === "STUDENT" ? lesson.studentLastJoinedAt : lesson.tutorLastJoinedAt;
  const left = who === "STUDENT" ? lesson.studentLeftAt : lesson.tutorLeftAt;
  return lastJoined !== null && (left === null || left.getTime() < lastJoined.getTime());
}

export function hasJoined(lesson: LessonSnapshot, who: Participant): boolean {
  return (who === "STUDENT" ? lesson.studentJoinedAt : lesson.tutorJoinedAt) !== null;
}

/**
 * For the sweep job's deadline watch: an alert when an authorization is within captureDeadlineWarningMs of the
 * provider's captureBefore and the lesson is not over yet (once it is over, finalize or the orphan sweep captures it).
 * Pure so the job can dedupe alerts itself; returns null when nothing is wrong.
 */
export function captureDeadlineAlert(state: LessonState, now: Date, policy: Policy): AlertRequest | null {
  const { lesson, payment } = state;
  if (payment.status !== "AUTHORIZED" || payment.captureBefore === null || isTerminalLesson(lesson.status)) return null;
  const remaining = payment.captureBefore.getTime() - now.getTime();
  if (remaining > policy.captureDeadlineWarningMs) return null;
  const lessonOverBeforeDeadline = finalizeDueAt(lesson, policy).getTime() < payment.captureBefore.getTime();
  return {
    type: "CAPTURE_DEADLINE_NEAR",
    severity: lessonOverBeforeDeadline ? "WARNING" : "CRITICAL",
    message:
      `The card hold for lesson ${lesson.id} expires at ${instantToken(payment.captureBefore)} and is not captured yet` +
      (lessonOverBeforeDeadline
        ? `; it will be captured at finalize (${instantToken(finalizeDueAt(lesson, policy))}). Check that the finalize cron is running.`
        : `, but the lesson is only finalized at ${instantToken(finalizeDueAt(lesson, policy))}. Capture or re-authorize it by hand before the hold lapses.`),
  };
}
