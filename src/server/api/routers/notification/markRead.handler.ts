import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { markInboxRead } from "~/server/notifications/inbox";
import type { TMarkReadInputSchema } from "./markRead.schema";

type MarkReadOptions = { ctx: AuthedContext; input: TMarkReadInputSchema };

export const markReadHandler = ({ ctx, input }: MarkReadOptions) => markInboxRead(ctx.services, ctx.user.id, input.ids);
