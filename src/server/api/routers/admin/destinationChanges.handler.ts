import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { listPayoutDestinationChanges } from "~/server/payouts/payout-destination";
import type { TDestinationChangesInputSchema } from "./destinationChanges.schema";

type DestinationChangesOptions = { ctx: AdminContext; input: TDestinationChangesInputSchema };

export const destinationChangesHandler = ({ ctx }: DestinationChangesOptions) => listPayoutDestinationChanges(ctx.services);
