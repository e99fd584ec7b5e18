import "server-only";
import { z } from "zod";
import { ZLessonIdInputSchema } from "../common.schema";

// The participant's own words, optional (an admin's reason is required: see common.schema.ts).
export const ZCancelInputSchema = ZLessonIdInputSchema.extend({ reason: z.string().max(500).optional() });
export type TCancelInputSchema = z.infer<typeof ZCancelInputSchema>;
