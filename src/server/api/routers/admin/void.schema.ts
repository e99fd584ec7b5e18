import "server-only";
import { z } from "zod";
import { lessonId, reason } from "../common.schema";

export const ZVoidInputSchema = z.object({ lessonId, reason });
export type TVoidInputSchema = z.infer<typeof ZVoidInputSchema>;
