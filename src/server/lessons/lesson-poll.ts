import "server-only";
// The lesson page's poll (every 1.5 s while something can change). Most polls find nothing new, so the answer
// "unchanged" costs one indexed read that also checks participation; only a changed lesson (or one whose view the
// clock alone has made stale) pays for the full view.
import type { SessionUser } from "~/server/auth";
import { AppError } from "~/server/errors";
import type { Services } from "~/server/services";
import { getLessonView, type LessonView, viewToken } from "./lesson-view";
import { pollRowOf } from "./poll-lookups";

export interface PollInput {
  lessonId: string;
  /** the page's copy's `token` */
  token: string;
  /** the page's copy's `validUntil` */
  validUntil: Date | null;
}

export type PollAnswer = { changed: false; serverNow: Date } | { changed: true; lesson: LessonView };

export async function pollLesson(services: Services, user: Pick<SessionUser, "id" | "role">, input: PollInput): Promise<PollAnswer> {
  // One indexed read, shared with the other polls that arrive at the same moment (see poll-lookups)
  const row = await pollRowOf(services.db, input.lessonId);
  const mine = row && ((user.role === "STUDENT" && row.studentId === user.id) || (user.role === "TUTOR" && row.tutorId === user.id));
  // Someone else's lesson answers as a missing one does, as lesson.get does.
  if (!mine) throw new AppError("NOT_FOUND", "We couldn't find that lesson in your lessons.");
  const now = services.now();
  const fresh = viewToken(row.version, row.studentUpdatedAt, row.tutorUpdatedAt) === input.token;
  const stillValid = input.validUntil === null || now.getTime() < input.validUntil.getTime();
  if (fresh && stillValid) return { changed: false, serverNow: now };
  return { changed: true, lesson: await getLessonView(services, user as SessionUser, input.lessonId) };
}
