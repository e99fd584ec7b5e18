import "server-only";
import { z } from "zod";

export const ZUpdateSettingsInputSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("STRIPE") }),
  z.object({ method: z.literal("PAYPAL"), paypalEmail: z.email("must be the email address of your PayPal account") }),
]);
export type TUpdateSettingsInputSchema = z.infer<typeof ZUpdateSettingsInputSchema>;
