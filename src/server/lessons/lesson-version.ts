import "server-only";
import type { Tx } from "~/server/lifecycle/state-rows";

/**
 * For a write outside the lifecycle that changes what the lesson page shows (a problem report and its resolution):
 * bump the lesson's version in the same transaction, as every lifecycle transition does, so lesson.poll sees it. The
 * row lock this takes orders it with applyCommand's (which reads the version under the same lock).
 */
export async function bumpLessonVersion(tx: Tx, lessonId: string): Promise<void> {
  await tx.$executeRaw`UPDATE "Lesson" SET version = version + 1 WHERE id = ${lessonId}`;
}
