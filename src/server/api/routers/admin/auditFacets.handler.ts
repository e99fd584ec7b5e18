import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { auditFacets } from "~/server/admin/audit-log";
import type { TAuditFacetsInputSchema } from "./auditFacets.schema";

type AuditFacetsOptions = { ctx: AdminContext; input: TAuditFacetsInputSchema };

export const auditFacetsHandler = ({ ctx }: AuditFacetsOptions) => auditFacets(ctx.services);
