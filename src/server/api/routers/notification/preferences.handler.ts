import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { notificationPreferences } from "~/server/notifications/inbox";
import type { TPreferencesInputSchema } from "./preferences.schema";

type PreferencesOptions = { ctx: AuthedContext; input: TPreferencesInputSchema };

export const preferencesHandler = ({ ctx }: PreferencesOptions) => notificationPreferences(ctx.services, ctx.user.id);
