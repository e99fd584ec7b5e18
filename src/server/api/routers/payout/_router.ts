import "server-only";
import { env } from "~/env";
import { createTRPCRouter, tutorProcedure } from "~/server/api/trpc";
import { getPayoutSettings, stripeOnboardingLink, updatePayoutSettings } from "~/server/payouts/payout-accounts";
import { sendDuePayouts } from "~/server/payouts/run-payouts";
import { listPayouts, requestPayout } from "~/server/payouts/tutor-payouts";
import { updateSettingsInput } from "./payout.schema";

export const payoutRouter = createTRPCRouter({
  list: tutorProcedure.query(({ ctx }) => listPayouts(ctx.services, ctx.user.id)),
  settings: tutorProcedure.query(({ ctx }) => getPayoutSettings(ctx.services, ctx.user.id)),
  updateSettings: tutorProcedure
    .input(updateSettingsInput)
    .mutation(({ ctx, input }) => updatePayoutSettings(ctx.services, ctx.user.id, input)),
  onboardingLink: tutorProcedure.mutation(({ ctx }) => stripeOnboardingLink(ctx.services, ctx.user, env().APP_URL)),
  request: tutorProcedure.mutation(async ({ ctx }) => {
    const result = await requestPayout(ctx.services, ctx.user.id);
    if (result.created) ctx.afterResponse(() => sendDuePayouts(ctx.services, { onlyIds: [result.payoutId] }));
    return result;
  }),
});
