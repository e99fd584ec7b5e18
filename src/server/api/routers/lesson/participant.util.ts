import "server-only";
import type { AuthedContext } from "~/server/api/trpc";
import { participantAction } from "~/server/lessons/participant-actions";
import { sendDueNotifications } from "~/server/notifications/worker";
import { runDueOperations } from "~/server/payments/operation-worker";

/**
 * join / endCall / leave / cancel: run the participant's lifecycle command, and perform any outbox operation it
 * created after the response, so the person does not wait for the provider (the cron tick is the guarantee).
 */
export async function participantCommand(
  ctx: AuthedContext,
  lessonId: string,
  type: "JOIN" | "LEAVE" | "END_CALL" | "CANCEL",
  reason?: string,
) {
  const result = await participantAction(ctx.services, ctx.user, lessonId, type, reason);
  // Only when there is something to do: a change that wrote no message (a join) sends nothing.
  if (result.operationIds.length || result.notifications) {
    // The operations first: their outcomes (a capture, a void) write the receipts the second step sends.
    ctx.afterResponse(async () => {
      if (result.operationIds.length) await runDueOperations(ctx.services, { onlyIds: result.operationIds, workerId: "after-response" });
      await sendDueNotifications(ctx.services, { workerId: "after-response", max: 50 });
    });
  }
  return result.lesson;
}
