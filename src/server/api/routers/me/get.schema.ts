import "server-only";
import { type z } from "zod";
import { ZNoInputSchema } from "../common.schema";

export const ZGetInputSchema = ZNoInputSchema;
export type TGetInputSchema = z.infer<typeof ZGetInputSchema>;
