import "server-only";
import { z } from "zod";

export const ZMarkReadInputSchema = z.object({
  ids: z.union([z.literal("all"), z.array(z.string().uuid("ids: each must be a notification id")).min(1).max(200)]),
});
export type TMarkReadInputSchema = z.infer<typeof ZMarkReadInputSchema>;
