import "server-only";
import { z } from "zod";

export const lessonIdInput = z.object({ lessonId: z.string().uuid("lessonId: must be a lesson id") });

export const bookInput = z.object({
  tutorId: z.string().min(1, "choose a tutor"),
  scheduledStart: z.coerce.date({ error: "must be a date and time" }),
  durationMinutes: z.union([z.literal(25), z.literal(50)], { error: "must be 25 or 50" }),
  paymentMethodId: z.string().regex(/^pm_/, "must be a card saved with the payment form (pm_…)"),
});

export const listInput = z.object({ scope: z.enum(["upcoming", "past", "all"]).default("all") }).default({ scope: "all" });

export const cancelInput = lessonIdInput.extend({ reason: z.string().max(500).optional() });

export const reportProblemInput = lessonIdInput.extend({
  reason: z.string().trim().min(10, "describe what went wrong (at least 10 characters)").max(2000),
});
