import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { saveWeeklyWindows } from "~/server/availability/availability-service";
import type { TSaveInputSchema } from "./save.schema";

type SaveOptions = { ctx: AuthedContext; input: TSaveInputSchema };

export const saveHandler = ({ ctx, input }: SaveOptions) => saveWeeklyWindows(ctx.services, ctx.user.id, input.windows);
