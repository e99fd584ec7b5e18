import "server-only";
import { z } from "zod";

const text = z.string().trim().max(200).optional();

export const adminAuditInput = z.object({
  actorType: text,
  actor: text,
  action: text,
  subjectType: text,
  subjectId: text,
  cursor: z.string().max(100).optional(),
  take: z.number().int().min(1).max(200).optional(),
});
