import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { participantCommand } from "./participant.util";
import type { TJoinInputSchema } from "./join.schema";

type JoinOptions = { ctx: AuthedContext; input: TJoinInputSchema };

export const joinHandler = ({ ctx, input }: JoinOptions) => participantCommand(ctx, input.lessonId, "JOIN");
