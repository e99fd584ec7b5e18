import "server-only";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { MigrationList } from "./schema-engine";

// Prisma's migrations folder format: prisma/migrations/<timestamp>_<name>/migration.sql
// plus migration_lock.toml. Each of our migration folders also keeps
// `schema.prisma.snapshot`, the schema it brings the database to: the wasm engine
// cannot introspect a live database, so the next migration is diffed from that
// snapshot (Prisma ignores files other than migration.sql).

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");
export const SCHEMA_PATH = path.resolve(process.cwd(), "prisma/schema.prisma");
export const SNAPSHOT_FILE = "schema.prisma.snapshot";

export function migrationNames(dir = MIGRATIONS_DIR): string[] {
  if (!existsSync(/*turbopackIgnore: true*/ dir)) return [];
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

export function readMigrationList(dir = MIGRATIONS_DIR): MigrationList {
  const lock = path.join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(/*turbopackIgnore: true*/ lock) ? readFileSync(/*turbopackIgnore: true*/ lock, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: migrationNames(dir).map((name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8") },
      },
    })),
  };
}

/** The schema the newest migration brings a database to ("" when there is none). */
export function latestSnapshot(dir = MIGRATIONS_DIR): string {
  const names = migrationNames(dir);
  const last = names[names.length - 1];
  if (!last) return "";
  const p = path.join(dir, last, SNAPSHOT_FILE);
  if (!existsSync(/*turbopackIgnore: true*/ p))
    throw new Error(`Migration ${last} has no ${SNAPSHOT_FILE}; cannot diff the next migration from it.`);
  return readFileSync(/*turbopackIgnore: true*/ p, "utf8");
}

export function migrationTimestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}
