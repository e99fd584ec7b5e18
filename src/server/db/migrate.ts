import { readFileSync } from "node:fs";
import pg from "pg";
import { MIGRATIONS_DIR, readMigrationList, SCHEMA_PATH } from "./migrations-folder";
import { openSchemaEngine } from "./schema-engine";

/** Apply every pending migration in prisma/migrations; returns the names applied. */
export async function migrateDatabase(connectionString: string, migrationsDir = MIGRATIONS_DIR): Promise<string[]> {
  const engine = await openSchemaEngine(connectionString, readFileSync(SCHEMA_PATH, "utf8"));
  try {
    return await engine.applyMigrations(readMigrationList(migrationsDir));
  } finally {
    engine.close();
  }
}

export interface MigrationState {
  applied: string[];
  pending: string[];
  failed: string[];
}

/** Read _prisma_migrations directly (no engine): cheap enough for /api/health. */
export async function migrationState(client: { query: pg.Client["query"] }, migrationsDir = MIGRATIONS_DIR): Promise<MigrationState> {
  const onDisk = readMigrationList(migrationsDir).migrationDirectories.map((d) => d.path);
  let rows: { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }[] = [];
  try {
    rows = (await client.query("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations")).rows;
  } catch {
    rows = []; // table missing: nothing applied yet
  }
  const applied = rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name);
  const failed = rows.filter((r) => !r.finished_at && !r.rolled_back_at).map((r) => r.migration_name);
  return { applied, failed, pending: onDisk.filter((n) => !applied.includes(n)) };
}

export async function ensureDatabaseExists(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, "")}"`);
  } finally {
    await client.end();
  }
}
