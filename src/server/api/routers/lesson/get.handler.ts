import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { getLessonView } from "~/server/lessons/lesson-view";
import type { TGetInputSchema } from "./get.schema";

type GetOptions = { ctx: AuthedContext; input: TGetInputSchema };

export const getHandler = ({ ctx, input }: GetOptions) => getLessonView(ctx.services, ctx.user, input.lessonId);
