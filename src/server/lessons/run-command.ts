import "server-only";
import { applyCommand, type ApplyResult } from "~/server/lifecycle/apply-command";
import type { Actor, Command } from "~/server/lifecycle/types";
import { AppError } from "~/server/errors";
import type { Services } from "~/server/services";

/**
 * Run a lifecycle command for a person and turn a rejection into an AppError whose
 * message says what to do. Returns the operations to perform after commit.
 */
export async function runCommand(services: Services, lessonId: string, command: Command, actor: Actor, reason?: string) {
  const result: ApplyResult = await applyCommand(services, lessonId, command, actor, { reason });
  if (!result.ok) {
    if (result.rejection.code === "NOT_FOUND") throw new AppError("NOT_FOUND", result.rejection.message);
    throw new AppError("RULE_VIOLATION", result.rejection.message, { rule: result.rejection.code });
  }
  return result;
}
