import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";

export type Db = PrismaClient;

export function createDb(connectionString: string, opts: { max?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString, max: opts.max ?? 10 });
  return new PrismaClient({ adapter });
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
