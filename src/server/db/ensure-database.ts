import "server-only";
import path from "node:path";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { ensureDatabaseExists } from "./migrate";

// DATABASE_URL selects a PostgreSQL server; without it, an embedded one is started
// with its data in .data/postgres (gitignored) and reused on the next start.
// Shared by the dev/start runners (scripts/) and the ops CLI (src/cli/).

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export const EMBEDDED_DB_NAME = "lessonpay";

export async function ensureDatabase(opts: { dataDir?: string; port?: number; log?: (l: string) => void } = {}): Promise<DatabaseHandle> {
  const configured = process.env.DATABASE_URL;
  if (configured) return { url: configured, embedded: false, stop: async () => {} };
  const dataDir = opts.dataDir ?? path.resolve(".data/postgres");
  const port = opts.port ?? (process.env.EMBEDDED_DB_PORT ? Number(process.env.EMBEDDED_DB_PORT) : undefined);
  const db = await startEmbeddedPostgres({ dataDir, port, log: opts.log });
  await ensureDatabaseExists(db.adminUrl, EMBEDDED_DB_NAME);
  return { url: db.urlFor(EMBEDDED_DB_NAME), embedded: true, stop: () => db.stop() };
}
