import "server-only";
// The lesson page's poll (every 1.5 s while something can change). Most polls find nothing new, so the answer
// "unchanged" costs one indexed read that also checks participation; only a changed lesson (or one whose view the
// clock alone has made stale) pays for the full view.
import type { SessionUser } from "~/server/auth";
import { AppError } from "~/server/errors";
import type { Services } from "~/server/services";
import { getLessonView, type LessonView, viewToken } from "./lesson-view";

export interface PollInput {
  lessonId: string;
  /** the page's copy's `token` */
  token: string;
  /** the page's copy's `validUntil` */
  validUntil: Date | null;
}

export type PollAnswer = { changed: false; serverNow: Date } | { changed: true; lesson: LessonView };

interface PollRow {
  version: number;
  studentId: string;
  tutorId: string;
  studentUpdatedAt: Date;
  tutorUpdatedAt: Date;
}

export async function pollLesson(services: Services, user: Pick<SessionUser, "id" | "role">, input: PollInput): Promise<PollAnswer> {
  // One statement, three primary-key lookups: the lesson's version, whose lesson it is, when the people last changed.
  const [row] = await services.db.$queryRaw<PollRow[]>`
    SELECT l.version, l."studentId", l."tutorId", s."updatedAt" AS "studentUpdatedAt", t."updatedAt" AS "tutorUpdatedAt"
    FROM "Lesson" l JOIN "user" s ON s.id = l."studentId" JOIN "user" t ON t.id = l."tutorId"
    WHERE l.id = ${input.lessonId}`;
  const mine = row && ((user.role === "STUDENT" && row.studentId === user.id) || (user.role === "TUTOR" && row.tutorId === user.id));
  // Someone else's lesson answers as a missing one does, as lesson.get does.
  if (!mine) throw new AppError("NOT_FOUND", "We couldn't find that lesson in your lessons.");
  const now = services.now();
  const fresh = viewToken(row.version, row.studentUpdatedAt, row.tutorUpdatedAt) === input.token;
  const stillValid = input.validUntil === null || now.getTime() < input.validUntil.getTime();
  if (fresh && stillValid) return { changed: false, serverNow: now };
  return { changed: true, lesson: await getLessonView(services, user as SessionUser, input.lessonId) };
}
