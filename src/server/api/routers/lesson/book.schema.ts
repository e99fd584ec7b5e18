import "server-only";
import { z } from "zod";

export const ZBookInputSchema = z.object({
  tutorId: z.string().min(1, "choose a tutor"),
  scheduledStart: z.coerce.date({ error: "must be a date and time" }),
  durationMinutes: z.union([z.literal(25), z.literal(50)], { error: "must be 25 or 50" }),
  paymentMethodId: z.string().regex(/^pm_/, "must be a card saved with the payment form (pm_…)"),
});
export type TBookInputSchema = z.infer<typeof ZBookInputSchema>;
