import "server-only";
import { type z } from "zod";
import { ZLessonIdInputSchema } from "../common.schema";

export const ZJoinInputSchema = ZLessonIdInputSchema;
export type TJoinInputSchema = z.infer<typeof ZJoinInputSchema>;
