// A throwaway stack for benchmarks: embedded PostgreSQL in a temp folder, the schema
// migrated, both sandboxes, and the app's services pointed at them.
import { rmSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { createDb, type Db } from "../../src/server/db/client";
import { startEmbeddedPostgres } from "../../src/server/db/embedded-postgres";
import { ensureDatabaseExists, migrateDatabase } from "../../src/server/db/migrate";
import { fixedClock } from "../../src/server/clock";
import { createServices, type Services } from "../../src/server/services";
import { type RemoteSandboxes, startRemoteSandboxes } from "../../src/sandbox/remote";

export interface Stack {
  db: Db;
  url: string;
  sandboxes: RemoteSandboxes;
  services(opts?: { perSecond?: number; now?: Date }): Services & { clock: ReturnType<typeof fixedClock> };
  freshDatabase(): Promise<{ db: Db; url: string; drop: () => Promise<void> }>;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  // inside the project (not a 0700 temp dir): as root, PostgreSQL runs as its own user and must reach it
  const dir = path.resolve(`.data/bench-postgres-${process.pid}`);
  const pg = await startEmbeddedPostgres({ dataDir: dir, persistent: false });
  await ensureDatabaseExists(pg.adminUrl, "bench_template");
  await migrateDatabase(pg.urlFor("bench_template"));
  const sandboxes = await startRemoteSandboxes();
  const main = await fresh();
  async function fresh() {
    const name = `bench_${randomUUID().slice(0, 8)}`;
    const { default: pgLib } = await import("pg");
    const c = new pgLib.Client(pg.adminUrl);
    await c.connect();
    await c.query(`CREATE DATABASE ${name} TEMPLATE bench_template`);
    await c.end();
    const url = pg.urlFor(name);
    const db = createDb(url, { max: 20 });
    return {
      db,
      url,
      drop: async () => {
        await db.$disconnect();
        const d = new pgLib.Client(pg.adminUrl);
        await d.connect();
        await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await d.end();
      },
    };
  }
  const services =
    (db: Db) =>
    (opts: { perSecond?: number; now?: Date } = {}) => {
      const clock = fixedClock(opts.now ?? new Date());
      const built = createServices({
        db,
        now: clock.now,
        // the app's own limiter settings (one budget in the database) when a rate is asked for; otherwise effectively unlimited
        stripe: {
          sandboxUrl: sandboxes.stripe.url,
          timeoutMs: 30_000,
          limiter: opts.perSecond ? { perSecond: opts.perSecond, shared: true } : { perSecond: 5_000, maxConcurrent: 200 },
        },
        paypal: { sandboxUrl: sandboxes.paypal.url, timeoutMs: 30_000 },
      });
      return { ...built, clock };
    };
  return {
    db: main.db,
    url: main.url,
    sandboxes,
    services: services(main.db),
    freshDatabase: fresh,
    close: async () => {
      await main.db.$disconnect();
      await sandboxes.close();
      await pg.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function servicesFor(stack: Stack, db: Db, opts: { perSecond?: number; now?: Date } = {}) {
  const s = stack.services(opts);
  return { ...s, db };
}
