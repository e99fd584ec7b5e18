import "server-only";
import { z } from "zod";
import { lessonId } from "../common.schema";

export const ZPollInputSchema = z.object({
  lessonId,
  /** the `token` of the view the page has */
  token: z.string().max(64),
  /** the `validUntil` of the view the page has */
  validUntil: z.date().nullable(),
});
export type TPollInputSchema = z.infer<typeof ZPollInputSchema>;
