import "server-only";
// Commands a student or tutor gives from the lesson page: JOIN, LEAVE, END_CALL, CANCEL.
// The incident lives here: a late END_CALL (or LEAVE) on a lesson that already ended must change nothing.

import type { Draft } from "./draft";
import type { Participant, Rejection } from "./types";
import { isTerminalLesson } from "./graph";
import { iso, reject } from "./rejections";
import { cancellationSettlement } from "./finalize-rules";
import { finalizeAndSettle, settle } from "./settlement";
import { finalizeDueAt, freeCancellationUntil, isPresent, joinWindowOpensAt, problemReportDeadline } from "./schedule";
import { formatMoney } from "../money";
import { instantToken } from "~/shared/message-tokens";

const later = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);
const justAfter = (date: Date) => new Date(date.getTime() + 1);

export function join(d: Draft, by: Participant): Rejection | void {
  const lesson = d.lesson;
  if (lesson.status === "ENDED_EARLY" || isTerminalLesson(lesson.status)) return;
  const now = d.now.getTime();
  const opens = joinWindowOpensAt(lesson, d.policy);
  if (now < opens.getTime()) {
    return reject(
      "JOIN_WINDOW_NOT_OPEN",
      `The lesson room opens at ${instantToken(opens)}, ${d.policy.joinWindowOpensBeforeStartMs / 60_000} minutes before the start. Come back then.`,
    );
  }
  if (now >= lesson.scheduledEnd.getTime()) {
    return reject(
      "JOIN_WINDOW_CLOSED",
      `This lesson was scheduled to end at ${instantToken(lesson.scheduledEnd)}, so it can no longer be joined. ` +
        `It is settled automatically at ${instantToken(finalizeDueAt(lesson, d.policy))}.`,
    );
  }
  if (isPresent(lesson, by)) return;

  // If a leave was stamped at or after this moment (same millisecond, or another server's clock a little ahead),
  // stamp the join just after it: the latest command must decide presence.
  const left = by === "STUDENT" ? lesson.studentLeftAt : lesson.tutorLeftAt;
  const at = left !== null && left.getTime() >= now ? justAfter(left) : d.now;
  const first = by === "STUDENT" ? lesson.studentJoinedAt === null : lesson.tutorJoinedAt === null;
  if (by === "STUDENT") {
    lesson.studentJoinedAt ??= at;
    lesson.studentLastJoinedAt = at;
  } else {
    lesson.tutorJoinedAt ??= at;
    lesson.tutorLastJoinedAt = at;
  }
  d.noteLesson("lesson.joined", { metadata: { participant: by, at: iso(at), firstJoin: first } });

  if (lesson.status === "SCHEDULED" && isPresent(lesson, "STUDENT") && isPresent(lesson, "TUTOR")) {
    lesson.callStartedAt = at;
    d.moveLesson("IN_PROGRESS", { reason: "both participants are present" });
  }
}

export function leave(d: Draft, by: Participant): void {
  const lesson = d.lesson;
  if (!isPresent(lesson, by)) return;
  const lastJoined = by === "STUDENT" ? lesson.studentLastJoinedAt : lesson.tutorLastJoinedAt;
  // Never before the join it closes (see join): a leave must always end presence.
  const at = lastJoined !== null ? later(d.now, justAfter(lastJoined)) : d.now;
  if (by === "STUDENT") lesson.studentLeftAt = at;
  else lesson.tutorLeftAt = at;
  d.noteLesson("lesson.left", { metadata: { participant: by, at: iso(at) } });
}

export function endCall(d: Draft, by: Participant): Rejection | void {
  const lesson = d.lesson;
  if (lesson.status === "SCHEDULED") {
    return reject(
      "CALL_NOT_STARTED",
      "The call has not started yet, so there is nothing to end. To call the lesson off, cancel it instead.",
    );
  }
  // ENDED_EARLY or terminal: someone already ended it. Changing nothing is the whole point (the incident).
  if (lesson.status !== "IN_PROGRESS") return;

  lesson.callEndedAt = d.now;
  lesson.endedBy = by;
  if (d.now.getTime() < lesson.scheduledEnd.getTime()) {
    d.moveLesson("ENDED_EARLY", { metadata: { endedBy: by } });
    return;
  }
  // At or after the scheduled end the call is simply over: settle now instead of waiting for the cron.
  finalizeAndSettle(d, { metadata: { endedBy: by } });
}

export function cancel(d: Draft, by: Participant, reason: string | undefined): Rejection | void {
  const lesson = d.lesson;
  const policy = d.policy;
  if (lesson.status === "CANCELLED") return;
  if (lesson.status === "IN_PROGRESS" || lesson.status === "ENDED_EARLY") {
    return reject(
      "ALREADY_STARTED",
      `The call has already started, so the lesson can no longer be cancelled. ` +
        `If something went wrong, end the call; the lesson is settled at ${instantToken(finalizeDueAt(lesson, policy))} ` +
        `and the student can report a problem until ${instantToken(problemReportDeadline(lesson, policy))}.`,
    );
  }
  if (lesson.status !== "SCHEDULED") {
    return reject(
      "ALREADY_STARTED",
      `This lesson is already over (${lesson.status}) and can no longer be cancelled. ` +
        `To dispute it, report a problem before ${instantToken(problemReportDeadline(lesson, policy))}.`,
    );
  }
  if (d.now.getTime() >= lesson.scheduledStart.getTime()) {
    return reject(
      "ALREADY_STARTED",
      `The lesson started at ${instantToken(lesson.scheduledStart)} and can no longer be cancelled. ` +
        `If the other participant does not come, nothing needs doing: the lesson is settled automatically at ` +
        `${instantToken(finalizeDueAt(lesson, policy))} by the no-show rules.`,
    );
  }

  const amount = cancellationSettlement(lesson, by, d.now, policy);
  lesson.cancelReason = by === "STUDENT" ? "CANCELLED_BY_STUDENT" : "CANCELLED_BY_TUTOR";
  // finalizedAt = when the lesson became terminal; the sweep uses it to re-derive a late-cancel fee.
  lesson.finalizedAt = d.now;
  const noticeMs = lesson.scheduledStart.getTime() - d.now.getTime();
  d.moveLesson("CANCELLED", {
    ...(reason ? { reason } : {}),
    metadata: {
      cancelledBy: by,
      noticeMinutes: Math.floor(noticeMs / 60_000),
      // A tutor's short-notice cancellation costs the student nothing but is held against the tutor.
      withinNotice: noticeMs < policy.freeCancellationNoticeMs,
      freeCancellationUntil: iso(freeCancellationUntil(lesson, policy)),
      fee: amount > 0 ? formatMoney(amount, lesson.currency) : null,
    },
  });
  settle(d, amount);
}
