import "server-only";
import { type z } from "zod";
import { ZNoInputSchema } from "../common.schema";

export const ZSummaryInputSchema = ZNoInputSchema;
export type TSummaryInputSchema = z.infer<typeof ZSummaryInputSchema>;
