import "server-only";
import type { SessionUser } from "~/server/auth";
import { AppError } from "~/server/errors";
import { participantSide } from "~/server/lessons/lesson-access";
import { joinWindowClosesAt, joinWindowOpensAt } from "~/server/lifecycle/schedule";
import type { Participant } from "~/server/lifecycle/types";
import type { Services } from "~/server/services";
import { instantToken } from "~/shared/message-tokens";

export interface CallAccess {
  side: Participant;
  other: Participant;
  now: Date;
}

/**
 * Who may use a lesson's call: exactly its two participants (everyone else gets the NOT_FOUND that lesson.get gives),
 * and only while the room is open (join window to scheduled end) and nobody has ended the call. Checked before
 * anything is read or stored.
 */
export async function callAccess(services: Services, user: Pick<SessionUser, "id" | "role">, lessonId: string): Promise<CallAccess> {
  const [side, lesson] = await Promise.all([
    participantSide(services.db, user, lessonId),
    services.db.lesson.findUnique({ where: { id: lessonId }, select: { status: true, scheduledStart: true, scheduledEnd: true } }),
  ]);
  if (!lesson) throw new AppError("NOT_FOUND", "We couldn't find that lesson in your lessons.");
  const now = services.now();
  const opens = joinWindowOpensAt(lesson, services.policy);
  const closes = joinWindowClosesAt(lesson);
  if (lesson.status !== "SCHEDULED" && lesson.status !== "IN_PROGRESS") {
    throw new AppError("RULE_VIOLATION", "The call for this lesson is over.", { rule: "CALL_OVER" });
  }
  if (now < opens || now >= closes) {
    throw new AppError("RULE_VIOLATION", `The call for this lesson is open from ${instantToken(opens)} until ${instantToken(closes)}.`, {
      rule: "CALL_NOT_OPEN",
    });
  }
  return { side, other: side === "STUDENT" ? "TUTOR" : "STUDENT", now };
}
