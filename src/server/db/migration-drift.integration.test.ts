import { readFileSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestSnapshot, SCHEMA_PATH } from "~/server/db/migrations-folder";
import { isEmptyMigration, openSchemaEngine } from "~/server/db/schema-engine";
import { catalogSnapshot } from "~/test/catalog-snapshot";
import { createScratchDatabase, createTestDatabase, type ScratchDatabase, type TestDatabase } from "~/test/database";

// schema.prisma and prisma/migrations must describe the same database. If this fails,
// run `npm run db:migration -- <name>` to write the migration for your schema change.

let fromMigrations: TestDatabase;
let fromSchema: ScratchDatabase;
let fromSchemaUrl: string;

beforeAll(async () => {
  fromMigrations = await createTestDatabase(); // the template = the migrations folder applied
  fromSchema = await createScratchDatabase("drift");
  fromSchemaUrl = fromSchema.url;
  const schema = readFileSync(SCHEMA_PATH, "utf8");
  const engine = await openSchemaEngine(fromSchemaUrl, schema);
  const sql = await engine.sqlFromEmpty(schema);
  await engine.close();
  const c = new pg.Client(fromSchemaUrl);
  await c.connect();
  await c.query(sql);
  await c.end();
});

afterAll(async () => {
  await fromMigrations.drop();
  await fromSchema.drop();
});

describe("schema.prisma vs prisma/migrations", () => {
  it("a database built from the migrations folder equals one built from schema.prisma", async () => {
    const a = await catalogSnapshot(fromMigrations.url);
    const b = await catalogSnapshot(fromSchemaUrl);
    const onlyInMigrations = a.filter((x) => !b.includes(x));
    const onlyInSchema = b.filter((x) => !a.includes(x));
    expect(
      { onlyInMigrations, onlyInSchema },
      "schema.prisma and the migrations folder disagree: run `npm run db:migration -- <name>`",
    ).toEqual({ onlyInMigrations: [], onlyInSchema: [] });
    expect(a.length).toBeGreaterThan(50); // the snapshot really read the catalogs
  });

  it("the newest migration's snapshot is the current schema (so the next diff starts from the truth)", async () => {
    const engine = await openSchemaEngine(fromSchemaUrl, readFileSync(SCHEMA_PATH, "utf8"));
    const sql = await engine.sqlBetween(latestSnapshot(), readFileSync(SCHEMA_PATH, "utf8"));
    await engine.close();
    expect(isEmptyMigration(sql), `pending schema change:\n${sql}`).toBe(true);
  });

  it("the hand-written rules exist in the migrated database", async () => {
    const rows = await fromMigrations.db.$queryRaw<{ conname: string }[]>`
      SELECT conname FROM pg_constraint WHERE conname LIKE 'manual_%' ORDER BY conname`;
    expect(rows.map((r) => r.conname)).toEqual(expect.arrayContaining(["manual_lesson_tutor_no_overlap", "manual_payment_split"]));
  });
});
