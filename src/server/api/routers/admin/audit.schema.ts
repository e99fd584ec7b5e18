import "server-only";
import { z } from "zod";
import { page } from "../common.schema";

const text = z.string().trim().max(200).optional();

export const ZAuditInputSchema = z.object({
  actorType: text,
  actor: text,
  action: text,
  subjectType: text,
  subjectId: text,
  ...page,
});
export type TAuditInputSchema = z.infer<typeof ZAuditInputSchema>;
