import "server-only";
import { z } from "zod";

const reason = z.string().trim().min(3, "say why (at least 3 characters): it goes in the audit log").max(500);
const lessonId = z.string().uuid("lessonId: must be a lesson id");

export const adminLessonInput = z.object({ lessonId });
export const adminCaptureInput = z.object({
  lessonId,
  reason,
  amount: z.number().int().positive("must be a positive amount in minor units").optional(),
});
export const adminVoidInput = z.object({ lessonId, reason });
export const adminRefundInput = z.object({
  lessonId,
  reason,
  amount: z.number().int().positive("must be a positive amount in minor units"),
});

export const adminPayoutsInput = z.object({
  status: z.enum(["QUEUED", "SENDING", "UNKNOWN", "SENT", "PAID", "FAILED", "RETURNED"]).optional(),
  cursor: z.string().optional(),
  take: z.number().int().min(1).max(200).optional(),
});
export const adminRetryPayoutInput = z.object({ payoutId: z.string().uuid("payoutId: must be a payout id"), reason });
export const adminResolveProblemInput = z.object({
  lessonId,
  reason,
  resolution: z.discriminatedUnion("decision", [
    z.object({ decision: z.literal("RELEASE") }),
    z.object({ decision: z.literal("PARTIAL_REFUND"), amount: z.number().int().positive("must be a positive amount in minor units") }),
    z.object({ decision: z.literal("FULL_REFUND") }),
  ]),
});
