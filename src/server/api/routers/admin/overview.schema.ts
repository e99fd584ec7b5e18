import "server-only";
import { z } from "zod";

// The overview takes no input: windows and days are the admin's saved time zone.
export const ZOverviewInputSchema = z.object({}).optional();
export type TOverviewInputSchema = z.infer<typeof ZOverviewInputSchema>;
