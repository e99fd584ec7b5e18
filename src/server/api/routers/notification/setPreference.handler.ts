import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { setNotificationPreference } from "~/server/notifications/inbox";
import type { TSetPreferenceInputSchema } from "./setPreference.schema";

type SetPreferenceOptions = { ctx: AuthedContext; input: TSetPreferenceInputSchema };

export const setPreferenceHandler = ({ ctx, input }: SetPreferenceOptions) =>
  setNotificationPreference(ctx.services, ctx.user.id, input.category, input.enabled);
