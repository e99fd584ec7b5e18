import "server-only";
import { z } from "zod";
import { localeField } from "~/server/users/user-fields";

export const ZUpdateLocaleInputSchema = z.object({ locale: localeField });
export type TUpdateLocaleInputSchema = z.infer<typeof ZUpdateLocaleInputSchema>;
