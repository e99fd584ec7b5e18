import { rmSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "~/server/db/embedded-postgres";
import { ensureDatabaseExists, migrateDatabase } from "~/server/db/migrate";

// One embedded PostgreSQL for the whole integration run (or DATABASE_URL's server
// when set). The migrations folder is applied once to a template database; every
// test file then gets its own copy (CREATE DATABASE … TEMPLATE), so files can run
// in parallel without seeing each other's rows.

import { TEMPLATE_DB } from "./template";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stop = async () => {};
  if (process.env.TEST_DATABASE_ADMIN_URL) {
    adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  } else {
    const dataDir = path.resolve(`.data/test-postgres-${process.pid}`);
    const pg = await startEmbeddedPostgres({ dataDir, persistent: false });
    adminUrl = pg.adminUrl;
    stop = async () => {
      await pg.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DB}`;
  const pg = await import("pg");
  const admin = new pg.default.Client(adminUrl);
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.end();
  await ensureDatabaseExists(adminUrl, TEMPLATE_DB);
  await migrateDatabase(templateUrl.toString());
  project.provide("pgAdminUrl", adminUrl);
  return stop;
}
