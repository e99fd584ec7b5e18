import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { adminListPayoutsFiltered } from "~/server/admin/lists";
import { savedTimeZone } from "~/server/users/saved-time-zone";
import type { TPayoutListInputSchema } from "./payoutList.schema";

type PayoutListOptions = { ctx: AdminContext; input: TPayoutListInputSchema };

export const payoutListHandler = async ({ ctx, input }: PayoutListOptions) =>
  adminListPayoutsFiltered(ctx.services, { ...input, timeZone: await savedTimeZone(ctx.services, ctx.user) });
