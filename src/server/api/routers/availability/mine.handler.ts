import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { getWeeklyWindows } from "~/server/availability/availability-service";
import type { TMineInputSchema } from "./mine.schema";

type MineOptions = { ctx: AuthedContext; input: TMineInputSchema };

/** The signed-in tutor's weekly windows, in their own time zone. */
export const mineHandler = ({ ctx }: MineOptions) => getWeeklyWindows(ctx.services, ctx.user.id);
