import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { pollLesson } from "~/server/lessons/lesson-poll";
import type { TPollInputSchema } from "./poll.schema";

type PollOptions = { ctx: AuthedContext; input: TPollInputSchema };

export const pollHandler = ({ ctx, input }: PollOptions) => pollLesson(ctx.services, ctx.user, input);
