import "server-only";
import { type z } from "zod";
import { ZNoInputSchema } from "../common.schema";

export const ZInvariantsInputSchema = ZNoInputSchema;
export type TInvariantsInputSchema = z.infer<typeof ZInvariantsInputSchema>;
