import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { updatePayoutSettings } from "~/server/payouts/payout-accounts";
import type { TUpdateSettingsInputSchema } from "./updateSettings.schema";

type UpdateSettingsOptions = { ctx: AuthedContext; input: TUpdateSettingsInputSchema };

export const updateSettingsHandler = ({ ctx, input }: UpdateSettingsOptions) =>
  updatePayoutSettings(
    ctx.services,
    ctx.user.id,
    input.method === "PAYPAL" ? { method: "PAYPAL", paypalEmail: input.paypalEmail } : { method: "STRIPE" },
    input.currentPassword,
  );
