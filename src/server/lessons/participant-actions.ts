import "server-only";
import type { SessionUser } from "~/server/auth";
import type { Command } from "~/server/lifecycle/types";
import type { Services } from "~/server/services";
import { participantSide } from "./lesson-access";
import { getLessonView } from "./lesson-view";
import { runCommand } from "./run-command";

type ParticipantCommand = "JOIN" | "LEAVE" | "END_CALL" | "CANCEL";

/** join / leave / endCall / cancel for the signed-in participant. A late repeat returns the current state. */
export async function participantAction(
  services: Services,
  user: SessionUser,
  lessonId: string,
  type: ParticipantCommand,
  reason?: string,
) {
  const by = await participantSide(services.db, user, lessonId);
  const command: Command = type === "CANCEL" ? { type, by, reason } : { type, by };
  const result = await runCommand(services, lessonId, command, { type: by, id: user.id }, reason);
  return {
    changed: result.changed,
    operationIds: result.operationIds,
    notifications: result.notifications,
    lesson: await getLessonView(services, user, lessonId),
  };
}
