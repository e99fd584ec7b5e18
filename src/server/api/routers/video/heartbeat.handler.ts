import "server-only";
import type { SessionUser } from "~/server/auth";
import { recordHeartbeat } from "~/server/call";
import type { Services } from "~/server/services";
import type { THeartbeatInputSchema } from "./heartbeat.schema";

type HeartbeatOptions = { ctx: { user: SessionUser; services: Services }; input: THeartbeatInputSchema };

export const heartbeatHandler = ({ ctx, input }: HeartbeatOptions) => recordHeartbeat(ctx.services, ctx.user, input);
