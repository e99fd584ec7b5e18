import "server-only";
import { createTRPCRouter, tutorProcedure } from "~/server/api/trpc";
import { earningsSummary } from "~/server/payouts/tutor-payouts";

export const earningsRouter = createTRPCRouter({
  summary: tutorProcedure.query(({ ctx }) => earningsSummary(ctx.services, ctx.user.id)),
});
