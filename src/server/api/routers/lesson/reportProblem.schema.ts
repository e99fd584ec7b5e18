import "server-only";
import { z } from "zod";
import { ZLessonIdInputSchema } from "../common.schema";

export const ZReportProblemInputSchema = ZLessonIdInputSchema.extend({
  reason: z.string().trim().min(10, "describe what went wrong (at least 10 characters)").max(2000),
});
export type TReportProblemInputSchema = z.infer<typeof ZReportProblemInputSchema>;
