// One `next start` of this worktree's build for the HTTP benchmarks (live-pages, http): signed-in cookies made from
// session rows, requests with a keep-alive agent, the server's and PostgreSQL's CPU from /proc.
import { type ChildProcess, spawn } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import superjson from "superjson";
import { createAuth } from "../../src/server/auth/auth";
import type { Db } from "../../src/server/db/client";

/** The port the benchmarks' `next start` listens on (one at a time). */
export const BENCH_APP_PORT = Number(process.env.LIVE_PAGES_PORT ?? 3501);
export const BENCH_SECRET = "live-pages-bench-secret-0123456789-abcdef";
const TIMEOUT_MS = 15_000;

export const trpcUrl = (procedure: string, input: unknown) =>
  // as the browser's httpBatchLink sends a single call
  `/api/trpc/${procedure}?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: superjson.serialize(input) }))}`;

export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

// Idle pooled sockets are closed after 4 s, before `next start`'s 5 s keep-alive timeout: otherwise a request may go out
// on a socket the server is closing at that moment and fail with ECONNRESET (a browser retries such a GET unseen; this
// client counts it as an error, so it must not cause it).
const agent = new http.Agent({ keepAlive: true, maxSockets: 2_000, timeout: 4_000 });

export function request(url: string, cookie: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port: BENCH_APP_PORT, path: url, agent, headers: { cookie }, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
  });
}

export function resultOf<T>(body: string): T {
  const [first] = JSON.parse(body) as { result: { data: Parameters<typeof superjson.deserialize>[0] } }[];
  return superjson.deserialize<T>(first!.result.data);
}

/** Signed-in pages: session rows, the signed token cookie, and the signed session copy better-auth itself issues. */
export async function signedInCookies(db: Db, appUrl: string, userIds: string[]): Promise<Map<string, string>> {
  const auth = createAuth({ db, baseURL: appUrl, secret: BENCH_SECRET, signInFreeFailures: 1000, signInLimitPerAddress: 1000 });
  const tokens = userIds.map((userId) => ({ userId, token: randomBytes(24).toString("base64url") }));
  const expiresAt = new Date(Date.now() + 7 * 24 * 3_600_000);
  await db.session.createMany({ data: tokens.map((t) => ({ id: randomUUID(), token: t.token, userId: t.userId, expiresAt })) });
  const cookies = new Map<string, string>();
  for (const t of tokens) {
    const signed = encodeURIComponent(`${t.token}.${createHmac("sha256", BENCH_SECRET).update(t.token).digest("base64")}`);
    const tokenCookie = `better-auth.session_token=${signed}`;
    // what a browser holds after signing in: the token and the session copy (set by sign-in, and by any session read)
    const r = await auth.api.getSession({ headers: new Headers({ cookie: tokenCookie }), returnHeaders: true });
    const copy = r.headers
      .getSetCookie()
      .map((c) => c.split(";")[0]!)
      .filter((c) => c.startsWith("better-auth.session_data"));
    if (!r.response || copy.length === 0) throw new Error("live-pages: better-auth issued no session copy cookie");
    cookies.set(t.userId, [tokenCookie, ...copy].join("; "));
  }
  return cookies;
}

export async function startNext(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const nextBin = new URL("../../node_modules/next/dist/bin/next", import.meta.url).pathname;
  // LIVE_PAGES_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": to see where the server's time goes
  const nodeArgs = (process.env.LIVE_PAGES_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, nextBin, "start", "-p", String(BENCH_APP_PORT)], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`live-pages: next start exited (${child.exitCode})`);
    const ok = await request("/api/health", "").then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return child;
    if (Date.now() > deadline) throw new Error("live-pages: next start did not answer /api/health within 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** CPU seconds (user + system) the process has used, from /proc (Linux); 0 when unreadable. */
/** `withReaped`: also the CPU of the process's children that have exited (cutime, cstime). */
function cpuSeconds(pid: number, withReaped = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime, stime (and cutime, cstime) in clock ticks (CLK_TCK 100)
    const ticks = Number(fields[11]) + Number(fields[12]) + (withReaped ? Number(fields[13]) + Number(fields[14]) : 0);
    return ticks / 100;
  } catch {
    return 0;
  }
}

/** The server's CPU: the Next.js process, and PostgreSQL's (the postmaster's children: backends and workers). */
export function serverCpu(nextPid: number, postmasterPid: number): { app: number; db: number } {
  let db = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === postmasterPid) db += cpuSeconds(Number(entry));
    } catch {
      // gone
    }
  }
  // the backends alive now, plus the ones that have exited (a closed connection's CPU stays counted in the
  // postmaster's cutime/cstime; without it a backend that exited during a measurement made the figure negative)
  return { app: cpuSeconds(nextPid), db: db + cpuSeconds(postmasterPid, true) };
}

/**
 * The environment of a benchmark's `next start`: the embedded defaults `npm start` uses, pointed at the bench's
 * database and sandboxes. Nothing inherited but PATH and HOME: no ALLOW_TIME_TRAVEL or DEMO_MODE from the caller's shell.
 */
export function benchServerEnv(o: { databaseUrl: string; appUrl: string; stripeUrl: string; paypalUrl: string; name: string }) {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: o.databaseUrl,
    EMBEDDED_DATABASE: "true",
    APP_URL: o.appUrl,
    BETTER_AUTH_SECRET: BENCH_SECRET,
    CRON_SECRET: `${o.name}-bench-cron-secret-0123456789`,
    STRIPE_SANDBOX_PORT: new URL(o.stripeUrl).port,
    PAYPAL_SANDBOX_PORT: new URL(o.paypalUrl).port,
  } satisfies NodeJS.ProcessEnv;
}
