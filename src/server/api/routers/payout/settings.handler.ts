import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { getPayoutSettings } from "~/server/payouts/payout-accounts";
import type { TSettingsInputSchema } from "./settings.schema";

type SettingsOptions = { ctx: AuthedContext; input: TSettingsInputSchema };

export const settingsHandler = ({ ctx }: SettingsOptions) => getPayoutSettings(ctx.services, ctx.user.id);
