import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { listInbox } from "~/server/notifications/inbox";
import type { TListInputSchema } from "./list.schema";

type ListOptions = { ctx: AuthedContext; input: TListInputSchema };

export const listHandler = ({ ctx, input }: ListOptions) => listInbox(ctx.services, ctx.user.id, input?.take);
