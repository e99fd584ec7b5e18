import "server-only";
import { z } from "zod";
import { reason } from "../common.schema";

export const ZRetryPayoutInputSchema = z.object({ payoutId: z.string().uuid("payoutId: must be a payout id"), reason });
export type TRetryPayoutInputSchema = z.infer<typeof ZRetryPayoutInputSchema>;
