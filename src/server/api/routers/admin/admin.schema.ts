import { z } from "zod";

const reason = z.string().trim().min(3, "say why (at least 3 characters): it goes in the audit log").max(500);
const lessonId = z.string().uuid("lessonId: must be a lesson id");

export const adminLessonInput = z.object({ lessonId });
export const adminCaptureInput = z.object({ lessonId, reason, amount: z.number().int().positive("must be a positive amount in minor units").optional() });
export const adminVoidInput = z.object({ lessonId, reason });
export const adminRefundInput = z.object({ lessonId, reason, amount: z.number().int().positive("must be a positive amount in minor units") });
