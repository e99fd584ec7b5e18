import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { cancelPayoutDestinationChange } from "~/server/payouts/payout-destination";
import type { TCancelDestinationChangeInputSchema } from "./cancelDestinationChange.schema";

type CancelDestinationChangeOptions = { ctx: AdminContext; input: TCancelDestinationChangeInputSchema };

export const cancelDestinationChangeHandler = ({ ctx, input }: CancelDestinationChangeOptions) =>
  cancelPayoutDestinationChange(ctx.services, ctx.actor, input.changeId, input.reason);
