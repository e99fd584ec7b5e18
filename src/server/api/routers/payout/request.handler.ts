import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { sendDuePayouts } from "~/server/payouts/run-payouts";
import { requestPayout } from "~/server/payouts/tutor-payouts";
import type { TRequestInputSchema } from "./request.schema";

type RequestOptions = { ctx: AuthedContext; input: TRequestInputSchema };

/** The payout is created now; it is sent after the response (the hourly run is the guarantee). */
export const requestHandler = async ({ ctx }: RequestOptions) => {
  const result = await requestPayout(ctx.services, ctx.user.id);
  if (result.created) ctx.afterResponse(() => sendDuePayouts(ctx.services, { onlyIds: [result.payoutId] }));
  return result;
};
