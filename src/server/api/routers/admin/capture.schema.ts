import "server-only";
import { z } from "zod";
import { amount, lessonId, reason } from "../common.schema";

// Without an amount, the capture takes what the lesson's rules settle on (the full price, or the late-cancel share).
export const ZCaptureInputSchema = z.object({ lessonId, reason, amount: amount.optional() });
export type TCaptureInputSchema = z.infer<typeof ZCaptureInputSchema>;
