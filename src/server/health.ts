import "server-only";
import { integrationModes, type Env } from "~/env";
import type { Db } from "~/server/db/client";
import { migrationState } from "~/server/db/migration-state";

/** What /api/health reports. Never includes a secret or a connection string. */
export async function checkHealth(db: Db, e: Env) {
  const started = performance.now();
  let database: { up: boolean; latencyMs?: number; error?: string } = { up: false };
  let migrations: { applied: number; pending: string[]; failed: string[] } | null = null;
  try {
    await db.$queryRaw`SELECT 1`;
    database = { up: true, latencyMs: Math.round(performance.now() - started) };
    const state = await migrationState((sql) => db.$queryRawUnsafe(sql));
    migrations = { applied: state.applied.length, pending: state.pending, failed: state.failed };
  } catch (err) {
    database = {
      up: false,
      error: err instanceof Error ? err.message.split("\n")[0]?.replace(/postgres(ql)?:\/\/\S+/g, "<url>") : "unknown",
    };
  }
  const ok = database.up && migrations !== null && migrations.pending.length === 0 && migrations.failed.length === 0;
  return { ok, database, migrations, integrations: integrationModes(e) };
}
