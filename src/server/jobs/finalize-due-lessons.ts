import "server-only";
import { applyCommand } from "~/server/lifecycle/apply-command";
import type { Services } from "~/server/services";
import { type JobBudget, runEach } from "./run-each";
import { ACTIVE_LESSON_STATUSES } from "~/shared/statuses";

const CRON = { type: "CRON" as const, id: "finalize" };

/** Lessons whose scheduled end + grace has passed and that are not terminal yet → FINALIZE. */
export async function finalizeDueLessons(services: Services, budget: JobBudget = {}) {
  const dueBefore = new Date(services.now().getTime() - services.policy.finalizeGraceMs);
  const counts = { finalized: 0, unchanged: 0, rejected: 0 };
  for (;;) {
    if (budget.stopAt !== undefined && performance.now() >= budget.stopAt) break;
    const due = await services.db.lesson.findMany({
      where: { status: { in: [...ACTIVE_LESSON_STATUSES] }, scheduledEnd: { lte: dueBefore } },
      select: { id: true },
      orderBy: { scheduledEnd: "asc" },
      take: budget.batchSize ?? 200,
    });
    const finalizedBefore = counts.finalized;
    await runEach(due, budget.concurrency ?? 8, budget.stopAt, async ({ id }) => {
      const r = await applyCommand(services, id, { type: "FINALIZE" }, CRON);
      counts[!r.ok ? "rejected" : r.changed ? "finalized" : "unchanged"] += 1;
    });
    // A batch that finalized nothing (empty, or rows another run is finishing) ends this run.
    if (counts.finalized === finalizedBefore) break;
  }
  return counts;
}
