import "server-only";
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import { captureDeadlineAlert } from "~/server/lifecycle/schedule";
import { loadLockedState } from "~/server/lifecycle/state-rows";
import type { Services } from "~/server/services";
import { ACTIVE_LESSON_STATUSES } from "~/shared/statuses";
import type { SweepRun } from "./index";

/** Holds near their capture deadline on lessons not over yet (once over, finalize or the orphan sweep captures them). */
export async function watchCaptureDeadlines(services: Services, { now, budget }: SweepRun): Promise<number> {
  const nearing = await services.db.payment.findMany({
    where: {
      status: "AUTHORIZED",
      captureBefore: { lte: new Date(now.getTime() + services.policy.captureDeadlineWarningMs) },
      lesson: { status: { in: [...ACTIVE_LESSON_STATUSES] } },
    },
    select: { lessonId: true },
    take: budget.batchSize ?? 500,
  });
  let raised = 0;
  for (const { lessonId } of nearing) {
    if (await raiseDeadlineAlert(services, lessonId, now)) raised += 1;
  }
  return raised;
}

/** Decided and raised under the lesson's row lock, so it sees the state the lifecycle last wrote. */
async function raiseDeadlineAlert(services: Services, lessonId: string, now: Date): Promise<boolean> {
  return services.db.$transaction(async (tx) => {
    const state = await loadLockedState(tx, lessonId);
    if (!state) return false;
    const alert = captureDeadlineAlert(state, now, services.policy);
    if (!alert) return false;
    return (await raiseAlertOnce(tx, { ...alert, subjectType: "LESSON", subjectId: lessonId, lessonId }, now)) !== "already_open";
  });
}
