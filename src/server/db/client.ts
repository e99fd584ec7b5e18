import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";

export type Db = PrismaClient;

// On globalThis: Next.js may load this module more than once (one copy per server layer), and a client made by one
// copy is used by the others (see db()).
const pools = ((globalThis as unknown as { __dbPools?: WeakMap<Db, pg.Pool> }).__dbPools ??= new WeakMap<Db, pg.Pool>());

export function createDb(connectionString: string, opts: { max?: number } = {}): Db {
  // The pool is ours (not the adapter's own) so that a library with a PostgreSQL store of its own (the request
  // budgets) counts on the same connections instead of opening more.
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10 });
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

/** The pg pool under `db` (made by createDb): for statements a library sends itself, without the ORM. */
export function poolOf(db: Db): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error("poolOf: this client was not made by createDb");
  return pool;
}

// One client per process; survives Next.js dev hot reloads.
const globalForDb = globalThis as unknown as { __db?: Db };

export function db(): Db {
  if (!globalForDb.__db) {
    const url = process.env.DATABASE_URL;
    if (!url) {
      throw new Error(
        "DATABASE_URL is not set. Start the app with `npm run dev` or `npm start` (they start an embedded PostgreSQL), or set DATABASE_URL to a postgres:// URL.",
      );
    }
    globalForDb.__db = createDb(url);
  }
  return globalForDb.__db;
}
