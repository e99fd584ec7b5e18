import "server-only";
import { z } from "zod";
import { lessonFilterShape, page } from "../common.schema";

export const ZLessonsInputSchema = z.object({ ...lessonFilterShape, ...page });
export type TLessonsInputSchema = z.infer<typeof ZLessonsInputSchema>;
