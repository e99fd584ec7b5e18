import "server-only";
import { createTRPCRouter, tutorProcedure } from "~/server/api/trpc";
import { summaryHandler } from "./summary.handler";
import { ZSummaryInputSchema } from "./summary.schema";

export const earningsRouter = createTRPCRouter({
  summary: tutorProcedure.input(ZSummaryInputSchema).query(({ ctx, input }) => summaryHandler({ ctx, input })),
});
