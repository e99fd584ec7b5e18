import "server-only";
import { Prisma } from "~/generated/prisma/client";
import { sqlIn } from "~/server/db/status-sql";
import { applyCommandBatch } from "~/server/lifecycle/apply-command-batch";
import type { Services } from "~/server/services";
import { ACTIVE_LESSON_STATUSES } from "~/shared/statuses";
import type { JobBudget } from "./run-each";

const CRON = { type: "CRON" as const, id: "finalize" };

/**
 * Lessons whose scheduled end + grace has passed and that are not terminal yet → FINALIZE, a batch of lessons per
 * transaction (applyCommandBatch). `concurrency` batches run at once; each claims lessons no other transaction holds,
 * so lanes of this run and of an overlapping run share the due lessons instead of waiting for each other.
 */
export async function finalizeDueLessons(services: Services, budget: JobBudget = {}) {
  const dueBefore = new Date(services.now().getTime() - services.policy.finalizeGraceMs);
  const claim = {
    where: Prisma.sql`status ${sqlIn(ACTIVE_LESSON_STATUSES)} AND "scheduledEnd" <= ${dueBefore}`,
    orderBy: Prisma.sql`"scheduledEnd", id`,
    limit: budget.batchSize ?? 200,
  };
  const counts = { finalized: 0, unchanged: 0, rejected: 0 };
  const lane = async () => {
    for (;;) {
      if (budget.stopAt !== undefined && performance.now() >= budget.stopAt) return;
      const r = await applyCommandBatch(services, claim, { type: "FINALIZE" }, CRON);
      counts.finalized += r.changed;
      counts.unchanged += r.unchanged;
      counts.rejected += r.rejected;
      // A batch that finalized nothing (empty, or only lessons the rules refuse) ends this lane.
      if (r.changed === 0) return;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, budget.concurrency ?? 2) }, lane));
  return counts;
}
