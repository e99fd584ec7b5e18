import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { participantCommand } from "./participant.util";
import type { TLeaveInputSchema } from "./leave.schema";

type LeaveOptions = { ctx: AuthedContext; input: TLeaveInputSchema };

export const leaveHandler = ({ ctx, input }: LeaveOptions) => participantCommand(ctx, input.lessonId, "LEAVE");
