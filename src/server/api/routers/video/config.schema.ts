import "server-only";
import { z } from "zod";
import { lessonId } from "../common.schema";

export const ZConfigInputSchema = z.object({ lessonId });
export type TConfigInputSchema = z.infer<typeof ZConfigInputSchema>;
