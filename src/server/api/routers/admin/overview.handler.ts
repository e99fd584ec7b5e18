import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { adminOverview } from "~/server/admin/overview";
import { savedTimeZone } from "~/server/users/saved-time-zone";
import type { TOverviewInputSchema } from "./overview.schema";

type OverviewOptions = { ctx: AdminContext; input: TOverviewInputSchema };

export const overviewHandler = async ({ ctx }: OverviewOptions) => adminOverview(ctx.services, await savedTimeZone(ctx.services, ctx.user));
