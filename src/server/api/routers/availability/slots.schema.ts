import "server-only";
import { z } from "zod";

export const slotsInput = z.object({
  tutorId: z.string().min(1, "tutorId: choose a tutor"),
  durationMinutes: z.union([z.literal(25), z.literal(50)], { error: "durationMinutes: must be 25 or 50" }),
});
