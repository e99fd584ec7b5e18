import "server-only";
import { z } from "zod";
import { tutorId } from "../common.schema";

export const ZSlotsInputSchema = z.object({
  tutorId,
  durationMinutes: z.union([z.literal(25), z.literal(50)], { error: "durationMinutes: must be 25 or 50" }),
});
export type TSlotsInputSchema = z.infer<typeof ZSlotsInputSchema>;
