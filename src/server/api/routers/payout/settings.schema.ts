import "server-only";
import { type z } from "zod";
import { ZNoInputSchema } from "../common.schema";

export const ZSettingsInputSchema = ZNoInputSchema;
export type TSettingsInputSchema = z.infer<typeof ZSettingsInputSchema>;
