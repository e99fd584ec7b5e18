import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "~/server/db/client";
import { TEMPLATE_DB } from "./template";

export interface TestDatabase {
  url: string;
  name: string;
  db: Db;
  drop(): Promise<void>;
}

export interface ScratchDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export function adminUrl(): string {
  return inject("pgAdminUrl");
}

/** One statement on the server's maintenance connection (CREATE/DROP DATABASE cannot run in a pool's transaction). */
async function onServer(sql: string): Promise<void> {
  const admin = new pg.Client(adminUrl());
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

function urlOf(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A database of this test file's own, named `<prefix>_<random>`: empty, or a copy of `template`. Dropped (even with
 * connections still open) by `drop()`.
 */
export async function createScratchDatabase(prefix: string, template?: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  await onServer(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  return { url: urlOf(name), name, drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A freshly migrated database of this test file's own (a copy of the migrated template). */
export async function createTestDatabase(opts: { poolSize?: number } = {}): Promise<TestDatabase> {
  const scratch = await createScratchDatabase("t", TEMPLATE_DB);
  const db = createDb(scratch.url, { max: opts.poolSize ?? 10 });
  return {
    ...scratch,
    db,
    async drop() {
      await db.$disconnect();
      await scratch.drop();
    },
  };
}
