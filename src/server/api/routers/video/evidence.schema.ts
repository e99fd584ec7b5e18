import "server-only";
import { z } from "zod";
import { lessonId } from "../common.schema";

export const ZEvidenceInputSchema = z.object({ lessonId });
export type TEvidenceInputSchema = z.infer<typeof ZEvidenceInputSchema>;
