import "server-only";
import { z } from "zod";
import { reason } from "../common.schema";

export const ZResolveAlertInputSchema = z.object({ alertId: z.string().uuid("alertId: must be an alert id"), reason });
export type TResolveAlertInputSchema = z.infer<typeof ZResolveAlertInputSchema>;
