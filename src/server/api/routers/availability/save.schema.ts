import "server-only";
import { z } from "zod";
const minute = z.number().int("must be whole minutes").min(0, "must be 00:00 or later").max(1440, "must be 24:00 or earlier");

// Shape only; the week's rules (grid, overlaps, order) are checked by the service with messages naming the day.
export const ZSaveInputSchema = z.object({
  windows: z
    .array(z.object({ weekday: z.number().int().min(0).max(6), startMinute: minute, endMinute: minute }))
    .max(7 * 12, "at most 12 windows per day"),
});
export type TSaveInputSchema = z.infer<typeof ZSaveInputSchema>;
