import "server-only";
import { z } from "zod";
import { isTimeZone } from "~/server/auth/auth";

export const ZUpdateTimeZoneInputSchema = z.object({
  timeZone: z.string().refine(isTimeZone, "must be an IANA time zone such as Europe/Paris"),
});
export type TUpdateTimeZoneInputSchema = z.infer<typeof ZUpdateTimeZoneInputSchema>;
