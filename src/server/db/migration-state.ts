import "server-only";
import { MIGRATIONS_DIR, readMigrationList } from "./migrations-folder";

// Kept apart from migrate.ts so the app (e.g. /api/health) can read the migration
// state without bundling the wasm schema engine.

export interface MigrationState {
  applied: string[];
  pending: string[];
  failed: string[];
}

/** Read _prisma_migrations directly (no engine): cheap enough for /api/health. */
type Row = { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null };

/** `query` runs one SQL string and returns its rows (pg, Prisma's $queryRawUnsafe…). */
export async function migrationState(query: (sql: string) => Promise<Row[]>, migrationsDir = MIGRATIONS_DIR): Promise<MigrationState> {
  const onDisk = readMigrationList(migrationsDir).migrationDirectories.map((d) => d.path);
  let rows: Row[] = [];
  try {
    rows = await query("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations");
  } catch {
    rows = []; // table missing: nothing applied yet
  }
  const applied = rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name);
  const failed = rows.filter((r) => !r.finished_at && !r.rolled_back_at).map((r) => r.migration_name);
  return { applied, failed, pending: onDisk.filter((n) => !applied.includes(n)) };
}
