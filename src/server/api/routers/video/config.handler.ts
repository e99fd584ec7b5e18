import "server-only";
import { env } from "~/env";
import type { SessionUser } from "~/server/auth";
import { callClientConfig, iceConfigFromEnv } from "~/server/call";
import type { Services } from "~/server/services";
import type { TConfigInputSchema } from "./config.schema";

type ConfigOptions = { ctx: { user: SessionUser; services: Services }; input: TConfigInputSchema };

export const configHandler = ({ ctx, input }: ConfigOptions) =>
  callClientConfig(ctx.services, ctx.user, input.lessonId, iceConfigFromEnv(env()));
