import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { listPayouts } from "~/server/payouts/tutor-payouts";
import type { TListInputSchema } from "./list.schema";

type ListOptions = { ctx: AuthedContext; input: TListInputSchema };

export const listHandler = ({ ctx }: ListOptions) => listPayouts(ctx.services, ctx.user.id);
