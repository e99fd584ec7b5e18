import "server-only";
import { z } from "zod";
import { timeZoneField } from "~/server/users/user-fields";

export const ZUpdateTimeZoneInputSchema = z.object({ timeZone: timeZoneField });
export type TUpdateTimeZoneInputSchema = z.infer<typeof ZUpdateTimeZoneInputSchema>;
