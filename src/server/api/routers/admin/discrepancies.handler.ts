import "server-only";
import type { AdminContext } from "~/server/api/trpc";
import { listDiscrepancies } from "~/server/admin/discrepancies";
import type { TDiscrepanciesInputSchema } from "./discrepancies.schema";

type DiscrepanciesOptions = { ctx: AdminContext; input: TDiscrepanciesInputSchema };

export const discrepanciesHandler = ({ ctx, input }: DiscrepanciesOptions) => listDiscrepancies(ctx.services, input);
