import "server-only";
import { z } from "zod";
import { OPTIONAL_CATEGORIES } from "~/server/notifications/kinds";

export const ZSetPreferenceInputSchema = z.object({
  category: z.enum(OPTIONAL_CATEGORIES, {
    error: `category: one of ${OPTIONAL_CATEGORIES.join(", ")} (receipts and security messages always go)`,
  }),
  enabled: z.boolean(),
});
export type TSetPreferenceInputSchema = z.infer<typeof ZSetPreferenceInputSchema>;
