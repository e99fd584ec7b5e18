import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { adminPaymentAction } from "~/server/admin/payment-actions";
import type { TCaptureInputSchema } from "./capture.schema";

type CaptureOptions = { ctx: AdminContext; input: TCaptureInputSchema };

export const captureHandler = ({ ctx, input }: CaptureOptions) =>
  adminPaymentAction(ctx.services, ctx.actor, input.lessonId, { type: "ADMIN_CAPTURE", reason: input.reason, amount: input.amount });
