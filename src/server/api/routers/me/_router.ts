import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { getProfile, updateTimeZone } from "~/server/users/profile";
import { updateTimeZoneInput } from "./updateTimeZone.schema";

export const meRouter = createTRPCRouter({
  get: protectedProcedure.query(({ ctx }) => getProfile(ctx.services, ctx.user.id)),
  updateTimeZone: protectedProcedure
    .input(updateTimeZoneInput)
    .mutation(({ ctx, input }) => updateTimeZone(ctx.services, ctx.user.id, input.timeZone)),
});
