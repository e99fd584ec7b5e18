import "server-only";
import type { Db } from "~/server/db/client";

// Every cron route records its last run, so /api/health can tell "nothing is being finalized" from "all is well": when
// CRON_SECRET is missing on Vercel, every cron call answers 401 and no run is recorded.

/** Minutes between runs, as vercel.json schedules them (a unit test keeps the two in step). */
export const CRON_INTERVAL_MINUTES = { finalize: 1, sweep: 15, payouts: 60, reconcile: 60 } as const;
export type CronJob = keyof typeof CRON_INTERVAL_MINUTES;

/** A job is overdue when it has not succeeded within two of its intervals plus this margin (one missed tick is not news). */
const OVERDUE_MARGIN_MINUTES = 5;

export function overdueAfterMs(job: CronJob): number {
  return (2 * CRON_INTERVAL_MINUTES[job] + OVERDUE_MARGIN_MINUTES) * 60_000;
}

export async function recordCronRun(db: Db, job: string, at: Date, ok: boolean): Promise<void> {
  const outcome = ok ? { lastSuccessAt: at } : { lastFailureAt: at };
  await db.cronRun.upsert({ where: { job }, create: { job, lastRunAt: at, ...outcome }, update: { lastRunAt: at, ...outcome } });
}

export interface CronJobHealth {
  job: CronJob;
  everyMinutes: number;
  lastRunAt: string | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  overdue: boolean;
}

export async function cronHealth(db: Db, now: Date): Promise<CronJobHealth[]> {
  const rows = new Map((await db.cronRun.findMany()).map((r) => [r.job, r]));
  return (Object.keys(CRON_INTERVAL_MINUTES) as CronJob[]).map((job) => {
    const row = rows.get(job);
    const success = row?.lastSuccessAt ?? null;
    return {
      job,
      everyMinutes: CRON_INTERVAL_MINUTES[job],
      lastRunAt: row?.lastRunAt.toISOString() ?? null,
      lastSuccessAt: success?.toISOString() ?? null,
      lastFailureAt: row?.lastFailureAt?.toISOString() ?? null,
      overdue: !success || now.getTime() - success.getTime() > overdueAfterMs(job),
    };
  });
}
