import { createTRPCRouter, publicProcedure, tutorProcedure } from "~/server/api/trpc";
import { getWeeklyWindows, saveWeeklyWindows, tutorFreeSlots } from "~/server/availability/availability-service";
import { saveWindowsInput } from "./save.schema";
import { slotsInput } from "./slots.schema";

export const availabilityRouter = createTRPCRouter({
  /** the signed-in tutor's weekly windows, in their own time zone */
  mine: tutorProcedure.query(({ ctx }) => getWeeklyWindows(ctx.services, ctx.user.id)),
  save: tutorProcedure.input(saveWindowsInput).mutation(({ ctx, input }) => saveWeeklyWindows(ctx.services, ctx.user.id, input.windows)),
  /** free slots as instants; pages show them in the viewer's time zone */
  slots: publicProcedure.input(slotsInput).query(({ ctx, input }) => tutorFreeSlots(ctx.services, input.tutorId, input.durationMinutes)),
});
