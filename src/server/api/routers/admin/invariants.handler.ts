import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { runInvariants } from "~/server/admin/invariants";
import type { TInvariantsInputSchema } from "./invariants.schema";

type InvariantsOptions = { ctx: AdminContext; input: TInvariantsInputSchema };

export const invariantsHandler = ({ ctx }: InvariantsOptions) => runInvariants(ctx.services.db, ctx.services.now());
