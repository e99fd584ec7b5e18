import "server-only";
import { z } from "zod";

export const ZListInputSchema = z.object({ scope: z.enum(["upcoming", "past", "all"]).default("all") }).default({ scope: "all" });
export type TListInputSchema = z.infer<typeof ZListInputSchema>;
