import "server-only";
import type { z } from "zod";
import { ZNoInputSchema } from "../common.schema";

export const ZDestinationChangesInputSchema = ZNoInputSchema;
export type TDestinationChangesInputSchema = z.infer<typeof ZDestinationChangesInputSchema>;
