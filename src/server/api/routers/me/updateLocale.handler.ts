import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { updateLocale } from "~/server/users/profile";
import type { TUpdateLocaleInputSchema } from "./updateLocale.schema";

type UpdateLocaleOptions = { ctx: AuthedContext; input: TUpdateLocaleInputSchema };

export const updateLocaleHandler = ({ ctx, input }: UpdateLocaleOptions) => updateLocale(ctx.services, ctx.user.id, input.locale);
