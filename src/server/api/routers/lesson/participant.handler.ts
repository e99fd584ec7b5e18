import "server-only";
import { runDueOperations } from "~/server/payments/operation-worker";
import { participantAction } from "~/server/lessons/participant-actions";
import type { Context } from "~/server/api/trpc";
import type { SessionUser } from "~/server/auth";

type Ctx = Context & { user: SessionUser };

/** Thin: run the lifecycle command; perform any operation it created after the response. */
export async function participantHandler(ctx: Ctx, lessonId: string, type: "JOIN" | "LEAVE" | "END_CALL" | "CANCEL", reason?: string) {
  const result = await participantAction(ctx.services, ctx.user, lessonId, type, reason);
  if (result.operationIds.length) {
    ctx.afterResponse(() => runDueOperations(ctx.services, { onlyIds: result.operationIds, workerId: "after-response" }));
  }
  return result.lesson;
}
