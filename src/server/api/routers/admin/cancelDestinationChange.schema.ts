import "server-only";
import { z } from "zod";
import { reason } from "../common.schema";

export const ZCancelDestinationChangeInputSchema = z.object({
  changeId: z.string().uuid("changeId: must be a destination change id"),
  reason,
});
export type TCancelDestinationChangeInputSchema = z.infer<typeof ZCancelDestinationChangeInputSchema>;
