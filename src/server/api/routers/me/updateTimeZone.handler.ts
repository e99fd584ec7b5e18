import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { updateTimeZone } from "~/server/users/profile";
import type { TUpdateTimeZoneInputSchema } from "./updateTimeZone.schema";

type UpdateTimeZoneOptions = { ctx: AuthedContext; input: TUpdateTimeZoneInputSchema };

export const updateTimeZoneHandler = ({ ctx, input }: UpdateTimeZoneOptions) => updateTimeZone(ctx.services, ctx.user.id, input.timeZone);
