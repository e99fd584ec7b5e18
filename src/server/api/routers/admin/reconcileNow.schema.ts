import "server-only";
import { type z } from "zod";
import { ZNoInputSchema } from "../common.schema";

export const ZReconcileNowInputSchema = ZNoInputSchema;
export type TReconcileNowInputSchema = z.infer<typeof ZReconcileNowInputSchema>;
