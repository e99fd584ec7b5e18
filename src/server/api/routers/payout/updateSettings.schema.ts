import "server-only";
import { z } from "zod";

// Where payouts go can only change with the current password (a stolen session alone must not redirect money).
const currentPassword = z.string().min(1, "currentPassword: enter your current password to change where payouts go").max(1000);

export const ZUpdateSettingsInputSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("STRIPE"), currentPassword }),
  z.object({
    method: z.literal("PAYPAL"),
    paypalEmail: z.email("must be the email address of your PayPal account").max(254),
    currentPassword,
  }),
]);
export type TUpdateSettingsInputSchema = z.infer<typeof ZUpdateSettingsInputSchema>;
