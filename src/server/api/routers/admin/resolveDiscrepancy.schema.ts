import "server-only";
import { z } from "zod";
import { reason } from "../common.schema";

export const ZResolveDiscrepancyInputSchema = z.object({
  discrepancyId: z.string().uuid("discrepancyId: must be a discrepancy id"),
  reason,
});
export type TResolveDiscrepancyInputSchema = z.infer<typeof ZResolveDiscrepancyInputSchema>;
