import "server-only";
import { type z } from "zod";
import { ZNoInputSchema } from "../common.schema";

export const ZPreferencesInputSchema = ZNoInputSchema;
export type TPreferencesInputSchema = z.infer<typeof ZPreferencesInputSchema>;
