import "server-only";
import type { SessionUser } from "~/server/auth";
import type { Db } from "~/server/db/client";
import { AppError } from "~/server/errors";
import type { Participant } from "~/server/lifecycle/types";

/**
 * The viewer's side of a lesson. Someone else's lesson answers NOT_FOUND — the same
 * answer as a lesson that does not exist, so ids cannot be probed.
 */
export async function participantSide(db: Db, user: Pick<SessionUser, "id" | "role">, lessonId: string): Promise<Participant> {
  const lesson = await db.lesson.findUnique({ where: { id: lessonId }, select: { studentId: true, tutorId: true } });
  return sideOf(user, lesson);
}

/** participantSide for a lesson row already read (null: there is none). */
export function sideOf(user: Pick<SessionUser, "id" | "role">, lesson: { studentId: string; tutorId: string } | null): Participant {
  if (lesson && user.role === "STUDENT" && lesson.studentId === user.id) return "STUDENT";
  if (lesson && user.role === "TUTOR" && lesson.tutorId === user.id) return "TUTOR";
  throw new AppError("NOT_FOUND", "We couldn't find that lesson in your lessons.");
}
