import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { participantCommand } from "./participant.util";
import type { TCancelInputSchema } from "./cancel.schema";

type CancelOptions = { ctx: AuthedContext; input: TCancelInputSchema };

export const cancelHandler = ({ ctx, input }: CancelOptions) => participantCommand(ctx, input.lessonId, "CANCEL", input.reason);
