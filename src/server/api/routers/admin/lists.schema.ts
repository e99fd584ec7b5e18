import "server-only";
import { z } from "zod";
import { LESSON_STATUS_VALUES, PAYMENT_STATUS_VALUES, PAYOUT_STATUS_VALUES } from "~/server/admin/statuses";

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use a date like 2026-11-26")
  .optional();
const page = { cursor: z.string().max(100).optional(), take: z.number().int().min(1).max(200).optional() };

export const lessonFilterShape = {
  q: z.string().trim().max(200).optional(),
  status: z.enum(LESSON_STATUS_VALUES).optional(),
  paymentStatus: z.enum(PAYMENT_STATUS_VALUES).optional(),
  from: day,
  to: day,
};

export const adminLessonsInput = z.object({ ...lessonFilterShape, ...page });
export const adminLessonExportInput = z.object(lessonFilterShape);

export const adminPayoutListInput = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(PAYOUT_STATUS_VALUES).optional(),
  from: day,
  to: day,
  ...page,
});
