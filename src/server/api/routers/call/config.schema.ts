import { z } from "zod";
import { ZCallLessonId } from "./call-common.schema";

export const ZConfigInputSchema = z.object({ lessonId: ZCallLessonId });
export type TConfigInputSchema = z.infer<typeof ZConfigInputSchema>;
