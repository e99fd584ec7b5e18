import "server-only";
import { type z } from "zod";
import { ZNoInputSchema } from "../common.schema";

export const ZListInputSchema = ZNoInputSchema;
export type TListInputSchema = z.infer<typeof ZListInputSchema>;
