import "server-only";
import { type z } from "zod";
import { ZNoInputSchema } from "../common.schema";

export const ZMineInputSchema = ZNoInputSchema;
export type TMineInputSchema = z.infer<typeof ZMineInputSchema>;
