import "server-only";
import { type z } from "zod";
import { ZLessonIdInputSchema } from "../common.schema";

export const ZGetInputSchema = ZLessonIdInputSchema;
export type TGetInputSchema = z.infer<typeof ZGetInputSchema>;
