import "server-only";
import { z } from "zod";
import { amount, lessonId, reason } from "../common.schema";

export const ZResolveProblemInputSchema = z.object({
  lessonId,
  reason,
  resolution: z.discriminatedUnion("decision", [
    z.object({ decision: z.literal("RELEASE") }),
    z.object({ decision: z.literal("PARTIAL_REFUND"), amount }),
    z.object({ decision: z.literal("FULL_REFUND") }),
  ]),
});
export type TResolveProblemInputSchema = z.infer<typeof ZResolveProblemInputSchema>;
