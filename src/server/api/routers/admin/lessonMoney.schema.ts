import "server-only";
import { z } from "zod";

export const adminLessonMoneyInput = z.object({ lessonId: z.string().uuid("lessonId: must be a lesson id") });
