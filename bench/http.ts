// The app over HTTP (issue 15, point 5): autocannon with 100 connections for 10 s per target against one `next start`
// of this build on the embedded defaults `npm start` uses, with a PostgreSQL of its own. Targets, each measured in the
// same run: /api/health (the baseline: a route handler, no tRPC, no session), me.get, lesson.get, lesson.join,
// lesson.endCall (each request a fresh lesson, ended by its student) and admin.queue. Every request comes from its own
// signed-in person and client address, as 100 browsers would: the per-user and per-address request limits are the
// product's and apply, but no single user or address makes more requests than a person would. Prints rps, p50, p99,
// non-2xx (429s apart) and errors; the CPU the Next.js process spent per answer (from /proc); and the SQL statements one
// request sends (pg_stat_statements; HTTP_STATEMENTS=1 prints them). Targets: authenticated procedures ≥ 0.8× the
// baseline's rps, lesson.endCall p99 ≤ 3× me.get's. Needs `npx next build`.
import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import superjson from "superjson";
import { createDb, type Db } from "../src/server/db/client";
import { startEmbeddedPostgres } from "../src/server/db/embedded-postgres";
import { ensureDatabaseExists, migrateDatabase } from "../src/server/db/migrate";
import { authorizeMany } from "./lib/authorize-many";
import { BENCH_APP_PORT, benchServerEnv, portFree, serverCpu, signedInCookies, startNext, trpcUrl } from "./lib/next-server";
import { startMailCatcherIfNeeded } from "../scripts/lib/mail";
import { createLessons, createUsers } from "./lib/seed-rows";
import { STATEMENT_SETTINGS, enableStatements, printStatements, resetStatements, statementCount } from "./lib/statements";
import { type Stack, servicesFor } from "./lib/stack";

interface Caller {
  cookie: string;
  lessonId?: string;
}

interface Target {
  name: string;
  method: "GET" | "POST";
  /** the request for the i-th call: its path, body and the person making it */
  build: (i: number) => { path: string; body?: string; caller: Caller | null };
}

/** A client address per call (x-forwarded-for, as the platform's proxy sets it): 100 browsers, not one. */
const addressOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

async function hit(appUrl: string, target: Target, connections: number, seconds: number) {
  let i = 0;
  const result = await autocannon({
    url: appUrl,
    connections,
    duration: seconds,
    requests: [
      {
        method: target.method,
        setupRequest: (req) => {
          const call = target.build(i);
          const headers: Record<string, string> = { "x-forwarded-for": addressOf(i) };
          i += 1;
          if (call.caller) headers.cookie = call.caller.cookie;
          if (target.method === "POST") {
            headers["content-type"] = "application/json";
            headers.origin = appUrl;
          }
          return { ...req, path: call.path, headers, body: call.body };
        },
      },
    ],
  });
  const statuses = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    tooMany: statuses["429"]?.count ?? 0,
    errors: result.errors + result.timeouts,
    calls: i,
    answered: result.requests.total,
  };
}

const STATEMENT_CALLS = 10;

/** This process's CPU ms per call of `run`, one call at a time, after a warm-up. */
async function cpuPerCall(run: () => Promise<unknown>, n = 2_000) {
  for (let k = 0; k < 200; k++) await run();
  const before = process.cpuUsage();
  for (let k = 0; k < n; k++) await run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / n;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One call of `target` (the i-th), as autocannon makes it; refuses anything but a 2xx. */
async function callOnce(appUrl: string, target: Target, i: number) {
  const call = target.build(i);
  const headers: Record<string, string> = { "x-forwarded-for": addressOf(i) };
  if (call.caller) headers.cookie = call.caller.cookie;
  if (target.method === "POST") Object.assign(headers, { "content-type": "application/json", origin: appUrl });
  const res = await fetch(new URL(call.path, appUrl), { method: target.method, headers, body: call.body });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`http: ${target.name} answered ${res.status} outside the load`);
}

/**
 * The floors, each a tRPC procedure of /api/bench-floor/trpc sending only `reads` primary-key reads and, if any, one
 * transaction of `inTransaction` statements. What a procedure needs at least (the product's rules): the session (one
 * statement, its user joined); a mutation also its request budget (one statement for the user's and the address's),
 * the lesson locked with its payment (one) and the change written (one) in a transaction; a page read its rows (one).
 */
const FLOORS = [
  { name: "floorNone", method: "GET", reads: 0, inTransaction: 0 },
  { name: "floorRead1", method: "GET", reads: 1, inTransaction: 0 },
  { name: "floorRead2", method: "GET", reads: 2, inTransaction: 0 },
  { name: "floorMutationLeast", method: "POST", reads: 2, inTransaction: 2 },
  { name: "floorAsJoin", method: "POST", reads: 5, inTransaction: 3 },
] as const;

/** A call of the floor router, batched as the browser's httpBatchLink sends one call (as the app's targets are). */
const floorCall = (method: "GET" | "POST", input: unknown) => {
  const batch = JSON.stringify({ 0: superjson.serialize(input) });
  return method === "GET"
    ? { path: `/api/bench-floor/trpc/read?batch=1&input=${encodeURIComponent(batch)}` }
    : { path: "/api/bench-floor/trpc/write?batch=1", body: batch };
};

const mutation = (procedure: string, input: unknown) => ({
  path: `/api/trpc/${procedure}?batch=1`,
  body: JSON.stringify({ 0: superjson.serialize(input) }),
});

export async function httpBench(stack: Stack, connections: number): Promise<Record<string, number>> {
  const quick = process.argv.includes("--quick");
  const seconds = quick ? 5 : 10;
  // fresh lessons for the mutations: more than a 10 s run asks for (a call past the pool wraps around to a lesson
  // already ended, an idempotent no-op, and is counted in reusedCalls)
  const pool = quick ? 800 : 2_500;
  // lesson.join answered ~360/s on a fast day: its lessons cost no provider hold, so it gets more of them
  const joinPool = quick ? 2_500 : 8_000;
  if (!existsSync(new URL("../.next/BUILD_ID", import.meta.url))) throw new Error("http: run `npx next build` first");
  if (!(await portFree(BENCH_APP_PORT))) throw new Error(`http: port ${BENCH_APP_PORT} is taken (set LIVE_PAGES_PORT)`);

  const dir = path.resolve(`.data/bench-http-${process.pid}`);
  const pgServer = await startEmbeddedPostgres({ dataDir: dir, persistent: false, settings: STATEMENT_SETTINGS });
  const dbName = "http_bench";
  const pgAdmin = new pg.Client(pgServer.adminUrl);
  let next: ChildProcess | null = null;
  let mail: Awaited<ReturnType<typeof startMailCatcherIfNeeded>> | null = null;
  let db: Db | null = null;
  try {
    await ensureDatabaseExists(pgServer.adminUrl, dbName);
    const url = pgServer.urlFor(dbName);
    await migrateDatabase(url);
    await pgAdmin.connect();
    await enableStatements(pgAdmin);
    db = createDb(url);
    const appUrl = `http://localhost:${BENCH_APP_PORT}`;
    const now = Date.now();
    const minute = (ms: number) => new Date(Math.floor(ms / 60_000) * 60_000);

    // lessons: to read (in three hours), to join (starting in five minutes), to end (under way for ten minutes, held
    // at the sandbox); one tutor each (a tutor's lessons cannot overlap)
    const lessonsOf = async (n: number, prefix: string, start: Date, status: "SCHEDULED" | "IN_PROGRESS", pis: (string | null)[]) => {
      const students = await createUsers(db!, n, "STUDENT", `${prefix} Student`);
      const tutors = await createUsers(db!, n, "TUTOR", `${prefix} Tutor`);
      const ids = await createLessons(
        db!,
        students.map((studentId, i) => ({
          studentId,
          tutorId: tutors[i]!,
          start,
          status,
          bothJoined: status === "IN_PROGRESS",
          paymentIntentId: pis[i] ?? null,
        })),
      );
      return students.map((studentId, i) => ({ studentId, lessonId: ids[i]! }));
    };
    const readers = await lessonsOf(connections, "Read", minute(now + 3 * 3_600_000), "SCHEDULED", []);
    const joiners = await lessonsOf(joinPool, "Join", minute(now + 5 * 60_000), "SCHEDULED", []);
    const pis = await authorizeMany(servicesFor(stack, db), stack.sandboxes.stripe.url, pool);
    const enders = await lessonsOf(pool, "End", minute(now - 10 * 60_000), "IN_PROGRESS", pis);
    const admins = await createUsers(db, connections, "STUDENT", "Bench Admin");
    await db.user.updateMany({ where: { id: { in: admins } }, data: { role: "ADMIN" } });
    const cookies = await signedInCookies(db, appUrl, [
      ...readers.map((r) => r.studentId),
      ...joiners.map((r) => r.studentId),
      ...enders.map((r) => r.studentId),
      ...admins,
    ]);
    const caller = (r: { studentId: string; lessonId: string }) => ({ cookie: cookies.get(r.studentId)!, lessonId: r.lessonId });
    const read = readers.map(caller);
    const join = joiners.map(caller);
    const end = enders.map(caller);
    const admin = admins.map((id) => ({ cookie: cookies.get(id)! }));

    // the local mail server `npm start` runs: lessons ended send their emails (the mutations' after-response work)
    mail = await startMailCatcherIfNeeded();
    next = await startNext({
      ...benchServerEnv({
        databaseUrl: url,
        appUrl,
        stripeUrl: stack.sandboxes.stripe.url,
        paypalUrl: stack.sandboxes.paypal.url,
        name: "http",
      }),
      ...mail.env,
      // the floors' route answers (404 otherwise; see src/app/api/bench-floor/trpc)
      BENCH_FLOOR_ROUTE: "1",
    });

    const targets: Target[] = [
      { name: "health", method: "GET", build: () => ({ path: "/api/health", caller: null }) },
      { name: "meGet", method: "GET", build: (i) => ({ path: trpcUrl("me.get", undefined), caller: read[i % read.length]! }) },
      {
        name: "lessonGet",
        method: "GET",
        build: (i) => {
          const c = read[i % read.length]!;
          return { path: trpcUrl("lesson.get", { lessonId: c.lessonId }), caller: c };
        },
      },
      {
        name: "lessonJoin",
        method: "POST",
        build: (i) => {
          const c = join[i % join.length]!;
          return { ...mutation("lesson.join", { lessonId: c.lessonId }), caller: c };
        },
      },
      {
        name: "endCall",
        method: "POST",
        build: (i) => {
          const c = end[i % end.length]!;
          return { ...mutation("lesson.endCall", { lessonId: c.lessonId }), caller: c };
        },
      },
      { name: "adminQueue", method: "GET", build: (i) => ({ path: trpcUrl("admin.queue", {}), caller: admin[i % admin.length]! }) },
      // The floors: the same stack with our code removed (see /api/bench-floor/trpc): a tRPC procedure of the same
      // kind (query or mutation) that only sends statements — none; as many as a procedure needs at least; as many,
      // inside and outside a transaction, as lesson.join sends.
      ...FLOORS.map(({ name, method, reads, inTransaction }): Target => {
        const call = floorCall(method, { lessonId: read[0]!.lessonId, reads, inTransaction });
        return { name, method, build: () => ({ ...call, caller: null }) };
      }),
    ];
    // warm the build's routes and the connection pool once
    await hit(appUrl, targets[0]!, 10, 1);
    const postmasterPid = Number(readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]);
    const cpu = () => serverCpu(next!.pid!, postmasterPid);
    const out: Record<string, number> = { connections };
    // Calls made outside the measured load (warm-up, statement counts) use lessons past the measured ones' pool share.
    let offset = 0;
    // HTTP_ONLY=health,meGet: measure only these (e.g. under a profiler); the ratios need health among them
    const only = process.env.HTTP_ONLY?.split(",");
    const measured = only ? targets.filter((t) => only.includes(t.name)) : targets;
    for (const t of measured) {
      // each target warmed on its own first (its route's code compiled and optimized), as a server in service is
      const size = t.name === "lessonJoin" ? joinPool : pool;
      await hit(appUrl, { ...t, build: (i) => t.build(size - 1 - (i % 50) - offset) }, 10, 1);
      offset += 50;
      const cpuBefore = cpu();
      const r = await hit(appUrl, t, connections, seconds);
      const cpuAfter = cpu();
      // the CPU the Next.js process spent per answer, whatever the machine's load did to the timings
      out[`${t.name}AppCpuMs`] = ((cpuAfter.app - cpuBefore.app) * 1000) / Math.max(1, r.answered);
      out[`${t.name}DbCpuMs`] = ((cpuAfter.db - cpuBefore.db) * 1000) / Math.max(1, r.answered);
      // statements per request, exactly: a few more calls one at a time once the load is over (each on a lesson of its
      // own, after the ones the load used), with what runs after the response (notifications) included
      await sleep(2_000);
      await resetStatements(pgAdmin);
      for (let k = 0; k < STATEMENT_CALLS; k++) await callOnce(appUrl, t, r.calls + k);
      await sleep(1_000);
      out[`${t.name}Statements`] = (await statementCount(pgAdmin, dbName)) / STATEMENT_CALLS;
      if (process.env.HTTP_STATEMENTS) await printStatements(pgAdmin, dbName, `${t.name}: statements sent`);
      out[`${t.name}Rps`] = r.rps;
      out[`${t.name}P50`] = r.p50;
      out[`${t.name}P99`] = r.p99;
      out[`${t.name}Non2xx`] = r.non2xx - r.tooMany;
      out[`${t.name}429`] = r.tooMany;
      out[`${t.name}Errors`] = r.errors;
      if (t.name === "lessonJoin" || t.name === "endCall") out[`${t.name}ReusedCalls`] = Math.max(0, r.calls - size);
    }
    // What one SQL statement costs a Node.js process (CPU, not time) through the stack's Prisma and through pg alone,
    // the same primary-key read one at a time: the per-statement part of the targets' server CPU that is not our code.
    const lessonId = read[0]!.lessonId;
    out.prismaCpuMsPerStatement = await cpuPerCall(() => db!.lesson.findUnique({ where: { id: lessonId } }));
    out.prismaRawCpuMsPerStatement = await cpuPerCall(() => db!.$queryRaw`SELECT * FROM "Lesson" WHERE id = ${lessonId}`);
    out.prismaTxCpuMsPerTransaction = await cpuPerCall(() =>
      db!.$transaction(async (tx) => tx.$queryRaw`SELECT * FROM "Lesson" WHERE id = ${lessonId} FOR UPDATE`),
    );
    const plain = new pg.Client(url);
    await plain.connect();
    out.pgCpuMsPerStatement = await cpuPerCall(() => plain.query('SELECT * FROM "Lesson" WHERE id = $1', [lessonId]));
    await plain.end();
    const authed = ["meGet", "lessonGet", "lessonJoin", "endCall", "adminQueue"];
    for (const f of FLOORS) out[`${f.name}OverHealthRps`] = out[`${f.name}Rps`]! / out.healthRps!;
    out.slowestAuthedOverHealthRps = Math.min(...authed.map((n) => out[`${n}Rps`]! / out.healthRps!));
    out.endCallP99OverMeGet = out.endCallP99! / out.meGetP99!;
    out.errors = [...authed, "health", ...FLOORS.map((f) => f.name)].reduce(
      (n, t) => n + out[`${t}Non2xx`]! + out[`${t}429`]! + out[`${t}Errors`]!,
      0,
    );
    return out;
  } finally {
    if (next && next.exitCode === null) {
      const exited = new Promise((r) => next!.once("exit", r));
      next.kill("SIGTERM");
      await exited;
    }
    await db?.$disconnect();
    await pgAdmin.end().catch(() => undefined);
    await mail?.stop();
    await pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
