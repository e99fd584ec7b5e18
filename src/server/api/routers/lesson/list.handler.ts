import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { listLessonViews } from "~/server/lessons/lesson-view";
import type { TListInputSchema } from "./list.schema";

type ListOptions = { ctx: AuthedContext; input: TListInputSchema };

export const listHandler = ({ ctx, input }: ListOptions) => listLessonViews(ctx.services, ctx.user, input.scope);
