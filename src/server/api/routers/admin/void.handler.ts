import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { adminPaymentAction } from "~/server/admin/payment-actions";
import type { TVoidInputSchema } from "./void.schema";

type VoidOptions = { ctx: AdminContext; input: TVoidInputSchema };

export const voidHandler = ({ ctx, input }: VoidOptions) =>
  adminPaymentAction(ctx.services, ctx.actor, input.lessonId, { type: "ADMIN_VOID", reason: input.reason });
