import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { earningsSummary } from "~/server/payouts/tutor-payouts";
import type { TSummaryInputSchema } from "./summary.schema";

type SummaryOptions = { ctx: AuthedContext; input: TSummaryInputSchema };

export const summaryHandler = ({ ctx }: SummaryOptions) => earningsSummary(ctx.services, ctx.user.id);
