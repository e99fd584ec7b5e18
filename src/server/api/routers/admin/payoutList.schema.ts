import "server-only";
import { z } from "zod";
import { PAYOUT_STATUSES } from "~/shared/statuses";
import { day, page } from "../common.schema";

export const ZPayoutListInputSchema = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(PAYOUT_STATUSES).optional(),
  from: day,
  to: day,
  ...page,
});
export type TPayoutListInputSchema = z.infer<typeof ZPayoutListInputSchema>;
