import "server-only";
import { type z } from "zod";
import { ZLessonIdInputSchema } from "../common.schema";

export const ZLessonInputSchema = ZLessonIdInputSchema;
export type TLessonInputSchema = z.infer<typeof ZLessonInputSchema>;
