import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { getProfile } from "~/server/users/profile";
import type { TGetInputSchema } from "./get.schema";

type GetOptions = { ctx: AuthedContext; input: TGetInputSchema };

export const getHandler = ({ ctx }: GetOptions) => getProfile(ctx.services, ctx.user.id);
