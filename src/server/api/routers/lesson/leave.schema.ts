import "server-only";
import { type z } from "zod";
import { ZLessonIdInputSchema } from "../common.schema";

export const ZLeaveInputSchema = ZLessonIdInputSchema;
export type TLeaveInputSchema = z.infer<typeof ZLeaveInputSchema>;
