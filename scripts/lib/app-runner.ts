import { type ChildProcess, spawn } from "node:child_process";
import { createAuth } from "../../src/server/auth/auth";
import { createDb } from "../../src/server/db/client";
import { migrateDatabase } from "../../src/server/db/migrate";
import { seedDemo } from "../../src/server/demo/seed";
import { readClockOffsetMs } from "../../src/server/time-travel";
import { seedDemoScenarios } from "../../src/server/demo/seed-scenarios";
import { seedServices } from "./seed-services";
import { type DatabaseHandle, ensureDatabase, onShutdown } from "./database";
import { startSandboxesIfNeeded, writeRuntimeFile } from "./sandboxes";
import { rmSync } from "node:fs";
import path from "node:path";
import { startCronTicker } from "./cron-ticker";
import { startMailCatcherIfNeeded } from "./mail";

// Shared by `npm run dev`, `npm start` and the e2e server: embedded defaults for
// everything that is not configured, then Next.js with the resulting environment.

export interface RunOptions {
  mode: "dev" | "start";
  port: number;
  dataDir?: string;
  /** run the local Vercel-Cron stand-in (dev and start; e2e tests call cron routes themselves) */
  ticker: boolean;
  /** e2e: demo accounts only, no pre-made lessons */
  skipScenarios?: boolean;
  extraEnv?: Record<string, string>;
}

/** `.data/runtime.json` (dev/start) — what the ops CLI reads to reach the running app. */
export function runtimeFile(dataDir?: string): string {
  return dataDir ? path.join(path.dirname(dataDir), `${path.basename(dataDir)}.runtime.json`) : path.resolve(".data/runtime.json");
}

export async function runApp(opts: RunOptions) {
  const log = (m: string) => console.log(`[lessonpay] ${m}`);
  const db: DatabaseHandle = await ensureDatabase({ dataDir: opts.dataDir });
  const cleanups: (() => Promise<void>)[] = [() => db.stop()];
  const children: ChildProcess[] = [];
  onShutdown(async () => {
    for (const c of children) c.kill("SIGTERM");
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });

  log(db.embedded ? `embedded PostgreSQL on ${new URL(db.url).port} (data in .data/)` : "using DATABASE_URL");
  const applied = await migrateDatabase(db.url);
  if (applied.length) log(`migrations applied: ${applied.join(", ")}`);

  const appUrl = process.env.APP_URL ?? `http://localhost:${opts.port}`;
  const client = createDb(db.url);
  const clockOffsetMs = db.embedded ? await readClockOffsetMs(client, true) : 0;
  const sandboxes = await startSandboxesIfNeeded(`${appUrl}/api/webhooks/stripe`, {
    clockOffsetMs,
    // dev keeps sandbox objects across restarts, like its database; e2e starts fresh
    stateDir: opts.dataDir ? undefined : path.resolve(".data/sandboxes"),
    paypalProcessingDelayMs: 2_000,
  });
  cleanups.push(sandboxes.stop);
  const mail = await startMailCatcherIfNeeded();
  cleanups.push(mail.stop);
  if (mail.inboxUrl) log(`mail: local SMTP server at ${mail.env.SMTP_URL}; read the demo mails at ${mail.inboxUrl}`);
  else log("mail: sent through SMTP_URL");

  if (db.embedded) {
    const auth = createAuth({
      db: client,
      baseURL: appUrl,
      secret: "seed-only-secret-000000000000000000",
      signInFreeFailures: 1000,
      signInLimitPerAddress: 1000,
    });
    const seeded = await seedDemo(client, auth, new Date());
    if (sandboxes.urls.stripe && sandboxes.urls.paypal && !opts.skipScenarios) {
      const services = seedServices(client, sandboxes.urls.stripe, sandboxes.urls.paypal, clockOffsetMs);
      Object.assign(
        seeded,
        await seedDemoScenarios(services, sandboxes.urls.stripe).catch((e: Error) => ({ scenarios: `not seeded: ${e.message}` })),
      );
    }
    log(`demo data ready (${JSON.stringify(seeded)}); sign in as student@demo.test / demo-password`);
  }
  await client.$disconnect();

  writeRuntimeFile(runtimeFile(opts.dataDir), {
    pid: process.pid,
    appUrl,
    databaseUrl: db.url,
    embedded: db.embedded,
    stripeSandboxUrl: sandboxes.urls.stripe ?? null,
    paypalSandboxUrl: sandboxes.urls.paypal ?? null,
    cronSecret: process.env.CRON_SECRET ?? "embedded-cron-secret-0000",
  });
  cleanups.push(async () => rmSync(runtimeFile(opts.dataDir), { force: true }));

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    APP_URL: appUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    ...(db.embedded ? { DEMO_MODE: "true", ALLOW_TIME_TRAVEL: "true", EMBEDDED_DATABASE: "true" } : {}),
    ...sandboxes.env,
    ...mail.env,
    ...opts.extraEnv,
  };
  const nextBin = new URL("../../node_modules/next/dist/bin/next", import.meta.url).pathname;
  const next = spawn(process.execPath, [nextBin, opts.mode, "-p", String(opts.port)], { env, stdio: "inherit" });
  children.push(next);
  next.on("exit", (code) => {
    log(`next ${opts.mode} exited (${code ?? "signal"})`);
    process.kill(process.pid, "SIGTERM");
  });
  if (opts.ticker) cleanups.push(startCronTicker(appUrl, env.CRON_SECRET ?? "embedded-cron-secret-0000"));
  log(`app: ${appUrl}`);
  if (mail.inboxUrl) log(`inbox: ${mail.inboxUrl}`);
}
