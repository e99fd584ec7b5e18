import "server-only";
import { z } from "zod";
import { reason } from "../common.schema";

// The button needs no reason (a pass only compares, and repairs what the rules allow); one given goes in the audit log.
export const ZReconcileNowInputSchema = z.object({ reason: reason.optional() }).optional();
export type TReconcileNowInputSchema = z.infer<typeof ZReconcileNowInputSchema>;
