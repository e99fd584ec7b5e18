import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { resolveAlert } from "~/server/admin/alerts";
import type { TResolveAlertInputSchema } from "./resolveAlert.schema";

type ResolveAlertOptions = { ctx: AdminContext; input: TResolveAlertInputSchema };

export const resolveAlertHandler = ({ ctx, input }: ResolveAlertOptions) =>
  resolveAlert(ctx.services, ctx.actor, input.alertId, input.reason);
