import "server-only";
import { z } from "zod";
import { amount, lessonId, reason } from "../common.schema";

export const ZRefundInputSchema = z.object({ lessonId, reason, amount });
export type TRefundInputSchema = z.infer<typeof ZRefundInputSchema>;
