import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { reconcileNow } from "~/server/admin/discrepancies";
import type { TReconcileNowInputSchema } from "./reconcileNow.schema";

type ReconcileNowOptions = { ctx: AdminContext; input: TReconcileNowInputSchema };

export const reconcileNowHandler = ({ ctx, input }: ReconcileNowOptions) => reconcileNow(ctx.services, ctx.actor, input?.reason ?? null);
