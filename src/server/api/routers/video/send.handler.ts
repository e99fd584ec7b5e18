import "server-only";
import type { SessionUser } from "~/server/auth";
import { postSignals } from "~/server/call";
import type { Services } from "~/server/services";
import type { TSendInputSchema } from "./send.schema";

type SendOptions = { ctx: { user: SessionUser; services: Services }; input: TSendInputSchema };

export const sendHandler = ({ ctx, input }: SendOptions) => postSignals(ctx.services, ctx.user, input);
