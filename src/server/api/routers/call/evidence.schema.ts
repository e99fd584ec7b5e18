import { z } from "zod";
import { ZCallLessonId } from "./call-common.schema";

export const ZEvidenceInputSchema = z.object({ lessonId: ZCallLessonId });
export type TEvidenceInputSchema = z.infer<typeof ZEvidenceInputSchema>;
