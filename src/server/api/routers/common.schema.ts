// The zod pieces more than one procedure (or the admin CSV export) takes, written once so the same field is checked
// with the same words everywhere. A procedure's own `<action>.schema.ts` composes them.
import "server-only";
import { z } from "zod";
import { LESSON_STATUSES, PAYMENT_STATUSES } from "~/shared/statuses";

/** For a procedure that takes nothing: anything sent is refused rather than silently ignored. */
export const ZNoInputSchema = z.void();

export const lessonId = z.string().uuid("lessonId: must be a lesson id");
export const ZLessonIdInputSchema = z.object({ lessonId });
export type TLessonIdInputSchema = z.infer<typeof ZLessonIdInputSchema>;

export const tutorId = z.string().min(1, "tutorId: choose a tutor");

/** Why an admin acts: it goes in the audit log next to their name. */
export const reason = z.string().trim().min(3, "say why (at least 3 characters): it goes in the audit log").max(500);

/** Money in integer minor units of the lesson's currency (450 = $4.50); never a float. */
export const amount = z.number().int().positive("must be a positive amount in minor units");

/** Keyset pagination: the last row's id and a page size. */
export const page = { cursor: z.string().max(100).optional(), take: z.number().int().min(1).max(200).optional() };

/** A calendar day in the viewer's time zone (the service turns it into instants). */
export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use a date like 2026-11-26")
  .optional();

/** The admin lessons filter: the list (`admin.lessons`) and the CSV export (`/api/admin/export`) read the same rows. */
export const lessonFilterShape = {
  q: z.string().trim().max(200).optional(),
  status: z.enum(LESSON_STATUSES).optional(),
  paymentStatus: z.enum(PAYMENT_STATUSES).optional(),
  from: day,
  to: day,
};
export const ZLessonExportInputSchema = z.object(lessonFilterShape);
export type TLessonExportInputSchema = z.infer<typeof ZLessonExportInputSchema>;

/** A lesson page's random session id (crypto.randomUUID in the browser), for the call's signalling. */
export const ZPeerId = z.string().regex(/^[A-Za-z0-9-]{8,64}$/, "must be a page id (letters, digits and dashes)");
