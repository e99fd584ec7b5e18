import "server-only";
import { sqlIn } from "~/server/db/status-sql";
import { applyCommand } from "~/server/lifecycle/apply-command";
import type { Services } from "~/server/services";
import {
  ACTIVE_LESSON_STATUSES,
  isOneOf,
  LIVE_OPERATION_STATES,
  TERMINAL_LESSON_STATUSES,
  UNSETTLED_PAYMENT_STATUSES,
} from "~/shared/statuses";
import { runEach } from "../run-each";
import type { SweepRun } from "./index";

const SWEEP = { type: "CRON" as const, id: "sweep" };

/**
 * Orphans, however old: a terminal lesson whose payment is still held or awaiting authorization with nothing in
 * flight, or a lesson past its finalize time that the finalize cron missed. Each gets the SWEEP command.
 */
export async function sweepOrphans(services: Services, { now, budget }: SweepRun) {
  const { db, policy } = services;
  const report = { orphansSwept: 0, overdueFinalized: 0 };
  const orphans = await db.$queryRaw<{ id: string }[]>`
    SELECT l.id FROM "Lesson" l JOIN "Payment" p ON p."lessonId" = l.id
    WHERE (
        (l.status ${sqlIn(TERMINAL_LESSON_STATUSES)} AND p.status ${sqlIn(UNSETTLED_PAYMENT_STATUSES)})
        OR (l.status ${sqlIn(ACTIVE_LESSON_STATUSES)} AND l."scheduledEnd" < ${new Date(now.getTime() - policy.finalizeGraceMs)})
      )
      AND NOT EXISTS (
        SELECT 1 FROM "PaymentOperation" o
        WHERE o."paymentId" = p.id AND o.state ${sqlIn(LIVE_OPERATION_STATES)}
      )
    ORDER BY l."scheduledEnd" ASC
    LIMIT ${budget.batchSize ?? 500}`;
  await runEach(orphans, budget.concurrency ?? 8, budget.stopAt, async ({ id }) => {
    const before = await db.lesson.findUnique({ where: { id }, select: { status: true } });
    const r = await applyCommand(services, id, { type: "SWEEP" }, SWEEP);
    if (r.ok && r.changed) {
      if (before && isOneOf(ACTIVE_LESSON_STATUSES, before.status)) report.overdueFinalized += 1;
      else report.orphansSwept += 1;
    }
  });
  return report;
}
