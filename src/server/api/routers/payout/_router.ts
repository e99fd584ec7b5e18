import "server-only";
import { createTRPCRouter, tutorProcedure } from "~/server/api/trpc";
import { listHandler } from "./list.handler";
import { ZListInputSchema } from "./list.schema";
import { settingsHandler } from "./settings.handler";
import { ZSettingsInputSchema } from "./settings.schema";
import { updateSettingsHandler } from "./updateSettings.handler";
import { ZUpdateSettingsInputSchema } from "./updateSettings.schema";
import { onboardingLinkHandler } from "./onboardingLink.handler";
import { ZOnboardingLinkInputSchema } from "./onboardingLink.schema";
import { requestHandler } from "./request.handler";
import { ZRequestInputSchema } from "./request.schema";

export const payoutRouter = createTRPCRouter({
  list: tutorProcedure.input(ZListInputSchema).query(({ ctx, input }) => listHandler({ ctx, input })),
  settings: tutorProcedure.input(ZSettingsInputSchema).query(({ ctx, input }) => settingsHandler({ ctx, input })),
  updateSettings: tutorProcedure.input(ZUpdateSettingsInputSchema).mutation(({ ctx, input }) => updateSettingsHandler({ ctx, input })),
  onboardingLink: tutorProcedure.input(ZOnboardingLinkInputSchema).mutation(({ ctx, input }) => onboardingLinkHandler({ ctx, input })),
  request: tutorProcedure.input(ZRequestInputSchema).mutation(({ ctx, input }) => requestHandler({ ctx, input })),
});
