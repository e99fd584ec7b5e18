import "server-only";
import { type z } from "zod";
import { ZNoInputSchema } from "../common.schema";

export const ZRequestInputSchema = ZNoInputSchema;
export type TRequestInputSchema = z.infer<typeof ZRequestInputSchema>;
