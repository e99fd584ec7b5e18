import "server-only";
import { createTRPCRouter, protectedProcedure } from "~/server/api/trpc";
import { getHandler } from "./get.handler";
import { ZGetInputSchema } from "./get.schema";
import { updateLocaleHandler } from "./updateLocale.handler";
import { ZUpdateLocaleInputSchema } from "./updateLocale.schema";
import { updateTimeZoneHandler } from "./updateTimeZone.handler";
import { ZUpdateTimeZoneInputSchema } from "./updateTimeZone.schema";

export const meRouter = createTRPCRouter({
  get: protectedProcedure.input(ZGetInputSchema).query(({ ctx, input }) => getHandler({ ctx, input })),
  updateTimeZone: protectedProcedure.input(ZUpdateTimeZoneInputSchema).mutation(({ ctx, input }) => updateTimeZoneHandler({ ctx, input })),
  updateLocale: protectedProcedure.input(ZUpdateLocaleInputSchema).mutation(({ ctx, input }) => updateLocaleHandler({ ctx, input })),
});
