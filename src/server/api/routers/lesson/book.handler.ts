import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { assertSlotOffered } from "~/server/availability/availability-service";
import { bookLesson } from "~/server/lessons/book-lesson";
import { sendDueNotifications } from "~/server/notifications/worker";
import type { TBookInputSchema } from "./book.schema";

type BookOptions = { ctx: AuthedContext; input: TBookInputSchema };

/**
 * A student books only a time the tutor offers (weekly hours, the 30-minute grid, at least an hour ahead). The
 * booking service itself stays usable by operators and the seed for any time the lifecycle accepts; overlaps are
 * refused by the database either way.
 */
export const bookHandler = async ({ ctx, input }: BookOptions) => {
  await assertSlotOffered(ctx.services, input.tutorId, input.scheduledStart, input.durationMinutes);
  const lesson = await bookLesson(ctx.services, ctx.user, input);
  // The confirmation and the tutor's new-booking message, after the response (the cron tick is the guarantee).
  ctx.afterResponse(() => sendDueNotifications(ctx.services, { workerId: "after-response", max: 50 }));
  return lesson;
};
