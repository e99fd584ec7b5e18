import "server-only";
import { integrationModes, type Env } from "~/env";
import type { Db } from "~/server/db/client";
import { migrationState } from "~/server/db/migration-state";
import { cronHealth } from "~/server/jobs/cron-runs";

export type HealthStatus = "ok" | "degraded" | "down";

/**
 * What /api/health knows. `status` is "down" when the database is unreachable or its migrations are behind, "degraded"
 * when a cron job is overdue (nothing is being finalized, swept or paid). Never includes a secret or a connection string.
 */
export async function checkHealth(db: Db, e: Env, now: Date) {
  const started = performance.now();
  let database: { up: boolean; latencyMs?: number; error?: string } = { up: false };
  let migrations: { applied: number; pending: string[]; failed: string[] } | null = null;
  let cron: Awaited<ReturnType<typeof cronHealth>> = [];
  try {
    await db.$queryRaw`SELECT 1`;
    database = { up: true, latencyMs: Math.round(performance.now() - started) };
    const state = await migrationState((sql) => db.$queryRawUnsafe(sql));
    migrations = { applied: state.applied.length, pending: state.pending, failed: state.failed };
    if (migrations.pending.length === 0) cron = await cronHealth(db, now);
  } catch (err) {
    database = {
      up: false,
      error: err instanceof Error ? err.message.split("\n")[0]?.replace(/postgres(ql)?:\/\/\S+/g, "<url>") : "unknown",
    };
  }
  const current = database.up && migrations !== null && migrations.pending.length === 0 && migrations.failed.length === 0;
  const status: HealthStatus = !current ? "down" : cron.some((c) => c.overdue) ? "degraded" : "ok";
  return { ok: status === "ok", status, database, migrations, cron, integrations: integrationModes(e) };
}

export type HealthReport = Awaited<ReturnType<typeof checkHealth>>;

/** What anyone may see: the verdict and which part is unwell — no versions, job or migration names, or error text. */
export function publicHealth(report: HealthReport) {
  return {
    ok: report.ok,
    status: report.status,
    checks: {
      database: report.database.up ? "up" : "down",
      migrations: report.migrations && report.migrations.pending.length + report.migrations.failed.length === 0 ? "current" : "not current",
      cron: report.cron.some((c) => c.overdue) ? "overdue" : report.cron.length ? "on schedule" : "unknown",
    },
  };
}
