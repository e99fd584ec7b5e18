import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "~/server/db/migrate";
import { migrationState } from "~/server/db/migration-state";
import { readMigrationList } from "~/server/db/migrations-folder";
import { isEmptyMigration, openSchemaEngine } from "~/server/db/schema-engine";
import { createScratchDatabase, type ScratchDatabase } from "~/test/database";

// Every call we make into Prisma's internal wasm schema engine, on a scratch
// database: if a Prisma bump changes that API, this file is where it shows.

const v1 = `datasource db {
  provider = "postgresql"
}
model Note {
  id   Int    @id @default(autoincrement())
  body String
}`;
const v2 = v1.replace("body String", "body String\n  pinned Boolean @default(false)");

let scratch: ScratchDatabase;
let url: string;

beforeAll(async () => {
  scratch = await createScratchDatabase("engine");
  url = scratch.url;
});
afterAll(() => scratch.drop());

describe("wasm schema engine wrapper", () => {
  it("diffs schemas without a live introspection, applies a folder and records it like Prisma", async () => {
    const engine = await openSchemaEngine(url, v2);
    const create = await engine.sqlFromEmpty(v1);
    const change = await engine.sqlBetween(v1, v2);
    const none = await engine.sqlBetween(v2, v2);
    await engine.close();
    expect(create).toContain('CREATE TABLE "Note"');
    expect(change).toContain('ADD COLUMN     "pinned" BOOLEAN NOT NULL DEFAULT false');
    expect(isEmptyMigration(none)).toBe(true);

    const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
    mkdirSync(path.join(dir, "20260101000000_one"));
    // a plpgsql body with semicolons: the pg adapter alone would split it and fail
    writeFileSync(
      path.join(dir, "20260101000000_one", "migration.sql"),
      `${create}\nCREATE FUNCTION noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;`,
    );
    expect(await migrateDatabase(url, dir)).toEqual(["20260101000000_one"]);
    mkdirSync(path.join(dir, "20260102000000_two"));
    writeFileSync(path.join(dir, "20260102000000_two", "migration.sql"), change);
    expect(await migrateDatabase(url, dir)).toEqual(["20260102000000_two"]);
    expect(await migrateDatabase(url, dir)).toEqual([]);

    const c = new pg.Client(url);
    await c.connect();
    const state = await migrationState(async (sql) => (await c.query(sql)).rows, dir);
    const cols = await c.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'Note' ORDER BY 1`);
    await c.end();
    expect(state).toEqual({ applied: ["20260101000000_one", "20260102000000_two"], pending: [], failed: [] });
    expect(cols.rows.map((r) => r.column_name)).toEqual(["body", "id", "pinned"]);
    expect(readMigrationList(dir).migrationDirectories).toHaveLength(2);
  });
});
