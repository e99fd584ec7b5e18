import "server-only";
import type { Context } from "~/server/api/trpc";
import type { SessionUser } from "~/server/auth";
import { assertSlotOffered } from "~/server/availability/availability-service";
import { bookLesson, type BookLessonInput } from "~/server/lessons/book-lesson";

/**
 * A student books only a time the tutor offers (weekly hours, the 30-minute grid, at
 * least an hour ahead). The booking service itself stays usable by operators and the
 * seed for any time the lifecycle accepts; overlaps are refused by the database either way.
 */
export async function bookHandler(ctx: Context & { user: SessionUser }, input: BookLessonInput) {
  await assertSlotOffered(ctx.services, input.tutorId, input.scheduledStart, input.durationMinutes);
  return bookLesson(ctx.services, ctx.user, input);
}
