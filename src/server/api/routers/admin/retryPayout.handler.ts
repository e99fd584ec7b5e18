import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { adminRetryPayout } from "~/server/payouts/admin-payouts";
import type { TRetryPayoutInputSchema } from "./retryPayout.schema";

type RetryPayoutOptions = { ctx: AdminContext; input: TRetryPayoutInputSchema };

export const retryPayoutHandler = ({ ctx, input }: RetryPayoutOptions) =>
  adminRetryPayout(ctx.services, ctx.actor, input.payoutId, input.reason);
