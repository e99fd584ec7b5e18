import "server-only";
import { z } from "zod";
import { lessonId, reason } from "../common.schema";

export const ZSubmitDisputeEvidenceInputSchema = z.object({ lessonId, reason });
export type TSubmitDisputeEvidenceInputSchema = z.infer<typeof ZSubmitDisputeEvidenceInputSchema>;
