import "server-only";
import { applyCommand } from "~/server/lifecycle/apply-command";
import type { Services } from "~/server/services";
import { type JobBudget, runEach } from "./run-each";
import { LIVE_OPERATION_STATES } from "~/shared/statuses";

const CRON = { type: "CRON" as const, id: "authorize-scheduled" };

/** Far-ahead bookings whose off-session authorization is due (48 h before start, or a retry). */
export async function authorizeScheduledPayments(services: Services, budget: JobBudget = {}) {
  const now = services.now();
  const due = await services.db.payment.findMany({
    where: {
      status: "AWAITING_AUTHORIZATION",
      authorizationMode: "OFF_SESSION",
      OR: [{ authorizeAt: { lte: now } }, { authorizeAt: null }],
      lesson: { status: "SCHEDULED" },
      operations: { none: { kind: "AUTHORIZE", state: { in: [...LIVE_OPERATION_STATES] } } },
    },
    select: { lessonId: true },
    take: budget.batchSize ?? 200,
  });
  const counts = { requested: 0, gaveUp: 0, unchanged: 0 };
  await runEach(due, budget.concurrency ?? 8, budget.stopAt, async ({ lessonId }) => {
    const r = await applyCommand(services, lessonId, { type: "AUTHORIZE_SCHEDULED" }, CRON);
    if (!r.ok || !r.changed) counts.unchanged += 1;
    else if (r.state.payment.status === "FAILED") counts.gaveUp += 1;
    else counts.requested += 1;
  });
  return counts;
}
