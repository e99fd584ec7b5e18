import "server-only";
import type { SessionUser } from "~/server/auth";
import { readSignals } from "~/server/call";
import type { Services } from "~/server/services";
import type { TPollInputSchema } from "./poll.schema";

type PollOptions = { ctx: { user: SessionUser; services: Services }; input: TPollInputSchema };

export const pollHandler = ({ ctx, input }: PollOptions) => readSignals(ctx.services, ctx.user, input);
