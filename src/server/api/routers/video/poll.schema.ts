import "server-only";
import { z } from "zod";
import { lessonId } from "../common.schema";

export const ZPollInputSchema = z.object({
  lessonId,
  /** the last message id this page has seen (0 at first) */
  after: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export type TPollInputSchema = z.infer<typeof ZPollInputSchema>;
