import "server-only";
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
    await engine.close();
  }
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
