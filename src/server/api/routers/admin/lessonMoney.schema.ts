import "server-only";
import { type z } from "zod";
import { ZLessonIdInputSchema } from "../common.schema";

export const ZLessonMoneyInputSchema = ZLessonIdInputSchema;
export type TLessonMoneyInputSchema = z.infer<typeof ZLessonMoneyInputSchema>;
