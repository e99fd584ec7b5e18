import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { demoFeatures, type Env, parseEnv } from "~/env";
import { createServices, type Services, servicesConfigFromEnv } from "~/server/services";
import { offsetClock, readClockOffsetMs } from "~/server/time-travel";
import { ensureDatabase } from "~/server/db/ensure-database";

export interface Runtime {
  appUrl?: string;
  databaseUrl?: string;
  stripeSandboxUrl?: string | null;
  paypalSandboxUrl?: string | null;
  cronSecret?: string;
  /** the runner started the embedded PostgreSQL (written by scripts/lib/app-runner.ts) */
  embedded?: boolean;
}

/** The running `npm run dev` / `npm start`, if any (it writes .data/runtime.json). */
export function readRuntime(): Runtime | null {
  const file = path.resolve(".data/runtime.json");
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, "utf8")) as Runtime & { pid?: number };
  try {
    if (r.pid) process.kill(r.pid, 0);
    return r;
  } catch {
    return null; // stale file from a crashed run
  }
}

/**
 * The app's provider and policy settings for the CLI, without a mailer: the CLI runs under the react-server condition,
 * where react-dom/server (the email renderer) refuses to load. The messages its commands cause (a finalize tick's
 * receipts) stay PENDING, and the running app's worker sends them on its next tick, instead of this process failing
 * attempts on them.
 */
export function cliServicesConfig(e: Env, runtime: Runtime | null) {
  return {
    ...servicesConfigFromEnv(e, { stripeUrl: runtime?.stripeSandboxUrl, paypalUrl: runtime?.paypalSandboxUrl }),
    notify: null,
  };
}

/** The same services the app uses, pointed at the running app's database and sandboxes when there is one. */
export async function cliServices(): Promise<{ services: Services; runtime: Runtime | null; close: () => Promise<void> }> {
  const e = parseEnv(process.env);
  const runtime = readRuntime();
  const handle =
    process.env.DATABASE_URL || !runtime?.databaseUrl ? await ensureDatabase() : { url: runtime.databaseUrl, stop: async () => {} };
  const base = createServices({
    databaseUrl: handle.url,
    ...cliServicesConfig(e, runtime),
  });
  // The app's moved clock applies only where the app itself honours it: the embedded database or demo mode.
  const offset = await readClockOffsetMs(base.db, demoFeatures(e).timeTravel || Boolean(runtime?.embedded && !process.env.DATABASE_URL));
  return {
    services: { ...base, now: offsetClock(offset) },
    runtime,
    close: async () => {
      await base.db.$disconnect();
      await handle.stop();
    },
  };
}

/** "73h", "30m", "2d", "90s" → milliseconds */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) throw new Error(`"${text}" is not a duration: use e.g. 30m, 73h or 2d`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as "ms" | "s" | "m" | "h" | "d"];
  return Math.round(Number(m[1]) * unit);
}
