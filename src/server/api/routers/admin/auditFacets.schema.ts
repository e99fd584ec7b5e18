import "server-only";
import { type z } from "zod";
import { ZNoInputSchema } from "../common.schema";

export const ZAuditFacetsInputSchema = ZNoInputSchema;
export type TAuditFacetsInputSchema = z.infer<typeof ZAuditFacetsInputSchema>;
