import "server-only";
import { type z } from "zod";
import { ZLessonIdInputSchema } from "../common.schema";

export const ZEndCallInputSchema = ZLessonIdInputSchema;
export type TEndCallInputSchema = z.infer<typeof ZEndCallInputSchema>;
