import "server-only";
import { z } from "zod";

export const ZListInputSchema = z.object({ take: z.number().int().min(1).max(200).optional() }).optional();
export type TListInputSchema = z.infer<typeof ZListInputSchema>;
