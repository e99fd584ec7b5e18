import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { participantCommand } from "./participant.util";
import type { TEndCallInputSchema } from "./endCall.schema";

type EndCallOptions = { ctx: AuthedContext; input: TEndCallInputSchema };

export const endCallHandler = ({ ctx, input }: EndCallOptions) => participantCommand(ctx, input.lessonId, "END_CALL");
