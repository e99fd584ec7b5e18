import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { adminPaymentAction } from "~/server/admin/payment-actions";
import type { TRefundInputSchema } from "./refund.schema";

type RefundOptions = { ctx: AdminContext; input: TRefundInputSchema };

export const refundHandler = ({ ctx, input }: RefundOptions) =>
  adminPaymentAction(ctx.services, ctx.actor, input.lessonId, { type: "ADMIN_REFUND", reason: input.reason, amount: input.amount });
