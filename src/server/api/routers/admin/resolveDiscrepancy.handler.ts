import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { resolveDiscrepancy } from "~/server/admin/discrepancies";
import type { TResolveDiscrepancyInputSchema } from "./resolveDiscrepancy.schema";

type ResolveDiscrepancyOptions = { ctx: AdminContext; input: TResolveDiscrepancyInputSchema };

export const resolveDiscrepancyHandler = ({ ctx, input }: ResolveDiscrepancyOptions) =>
  resolveDiscrepancy(ctx.services, ctx.actor, input.discrepancyId, input.reason);
