import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { adminAuditLog } from "~/server/admin/audit-log";
import type { TAuditInputSchema } from "./audit.schema";

type AuditOptions = { ctx: AdminContext; input: TAuditInputSchema };

export const auditHandler = ({ ctx, input }: AuditOptions) => adminAuditLog(ctx.services, input);
