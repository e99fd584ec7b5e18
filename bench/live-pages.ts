// Live lesson pages: N simulated lesson pages (the student's and the tutor's page of N/2 lessons, each with its own
// session) polling every 1.5 s, as the page does, against ONE `next start` process of this worktree's build on port
// 3501, with a PostgreSQL of its own (pg_stat_statements loaded, so every SQL statement the app sends is counted).
// Phases in the same run, on the same pages: the page's poll (GET /api/lessons/[id]/poll with the copy it has:
// "unchanged"), the tRPC lesson.poll it replaced, and, as the baseline, the path before either (lesson.get every time);
// then the floors: a constant App Router route handler (/api/bench-floor), a constant Pages Router API route
// (/api/bench-floor-pages), the poll route answering an anonymous page (its path minus its work: 401 before any
// query), and /api/health. Per phase: latency p50/p99 and answers/s over the measured
// window, errors (non-200, network errors, 15 s timeouts), and SQL statements per answer. Needs `npx next build`.
//
// The server runs on the embedded defaults `npm start` uses, except time travel, which production never reads (with it
// on, the clock offset adds one statement per second per process, not per poll).
import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import superjson from "superjson";
import { createDb, type Db } from "../src/server/db/client";
import { startEmbeddedPostgres } from "../src/server/db/embedded-postgres";
import { ensureDatabaseExists, migrateDatabase } from "../src/server/db/migrate";
import {
  BENCH_APP_PORT,
  benchServerEnv,
  portFree,
  request,
  resultOf,
  serverCpu,
  signedInCookies,
  startNext,
  trpcUrl,
} from "./lib/next-server";
import { createLessons, createUsers } from "./lib/seed-rows";
import { STATEMENT_SETTINGS, enableStatements, printStatements, resetStatements, statementCount } from "./lib/statements";
import type { Stack } from "./lib/stack";

export const LIVE_PAGES_PORT = BENCH_APP_PORT;
const POLL_MS = 1_500;

const percentile = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

interface Page {
  lessonId: string;
  cookie: string;
  pollUrl: string;
  trpcPollUrl: string;
  getUrl: string;
}

interface PhaseResult {
  p50: number;
  p99: number;
  perSecond: number;
  errors: number;
  statementsPerAnswer: number;
  appCpuMsPerAnswer: number;
  dbCpuMsPerAnswer: number;
  changed: number;
  answers: number;
}

/** Every page polls `urlOf(page)` every 1.5 s (never two at once, as the page's query); measured after a warm-up. */
async function phase(
  pages: Page[],
  urlOf: (p: Page) => string,
  opts: {
    warmMs: number;
    measureMs: number;
    admin: pg.Client;
    dbName: string;
    cpu: () => { app: number; db: number };
    isChanged?: (body: string) => boolean;
    /** the status a right answer has (the anonymous floor's is 401) */
    okStatus?: number;
  },
): Promise<PhaseResult> {
  const latencies: number[] = [];
  const timeline: [number, number][] = [];
  let errors = 0;
  /** what went wrong, per kind (printed after the phase: an error figure must say what it counts) */
  const errorKinds = new Map<string, number>();
  const failed = (what: string) => {
    errors++;
    errorKinds.set(what, (errorKinds.get(what) ?? 0) + 1);
  };
  let changed = 0;
  let measuring = false;
  let stopped = false;
  const inFlight = new Set<Promise<void>>();
  const timers: NodeJS.Timeout[] = [];
  for (const page of pages) {
    let busy = false;
    const tick = () => {
      if (busy || stopped) return;
      busy = true;
      const t0 = performance.now();
      // counted when it was sent inside the measured window, however long it then takes: a poll sent during the warm-up
      // carries the start-up's backlog, and one still unanswered when the window closes is waited for, not dropped
      const counted = measuring;
      const p = request(urlOf(page), page.cookie)
        .then(
          (r) => {
            const ok = r.status === (opts.okStatus ?? 200);
            if (counted) {
              if (!ok) failed(`${r.status} ${r.body.slice(0, 200)}`);
              else {
                latencies.push(performance.now() - t0);
                if (process.env.LIVE_PAGES_TIMELINE) timeline.push([t0, performance.now() - t0]);
                if (opts.isChanged?.(r.body)) changed++;
              }
            }
          },
          (e: unknown) => {
            if (counted) failed(e instanceof Error ? e.message : String(e));
          },
        )
        .finally(() => {
          busy = false;
          inFlight.delete(p);
        });
      inFlight.add(p);
    };
    // pages opened at random moments, then every 1.5 s
    const first = setTimeout(() => {
      tick();
      timers.push(setInterval(tick, POLL_MS));
    }, Math.random() * POLL_MS);
    timers.push(first);
  }
  await new Promise((r) => setTimeout(r, opts.warmMs));
  await resetStatements(opts.admin);
  measuring = true;
  const t0 = performance.now();
  const cpu0 = opts.cpu();
  await new Promise((r) => setTimeout(r, opts.measureMs));
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = opts.cpu();
  const statements = await statementCount(opts.admin, opts.dbName);
  if (process.env.LIVE_PAGES_STATEMENTS) await printStatements(opts.admin, opts.dbName, "statements sent");
  stopped = true;
  for (const t of timers) {
    clearTimeout(t);
    clearInterval(t);
  }
  await Promise.allSettled([...inFlight]);
  const answers = latencies.length;
  if (errorKinds.size) console.error("  errors:", Object.fromEntries(errorKinds));
  // LIVE_PAGES_TIMELINE=1: the slowest answer per second of sending, to tell a start-up backlog from a stall
  if (process.env.LIVE_PAGES_TIMELINE && timeline.length) {
    const slowest = new Map<number, { n: number; max: number }>();
    for (const [t, ms] of timeline) {
      const sec = Math.floor((t - t0) / 1000);
      const s = slowest.get(sec) ?? { n: 0, max: 0 };
      slowest.set(sec, { n: s.n + 1, max: Math.max(s.max, ms) });
    }
    console.log([...slowest].map(([sec, s]) => `${sec}s n=${s.n} max=${Math.round(s.max)}ms`).join(" | "));
  }
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond: answers / seconds,
    errors,
    statementsPerAnswer: answers + errors > 0 ? statements / (answers + errors) : NaN,
    // CPU the server spent per answer, whatever else the machine runs: what one answer costs, and so how many one core
    // could give at most
    appCpuMsPerAnswer: answers > 0 ? ((cpu1.app - cpu0.app) * 1000) / answers : NaN,
    dbCpuMsPerAnswer: answers > 0 ? ((cpu1.db - cpu0.db) * 1000) / answers : NaN,
    changed,
    answers,
  };
}

export async function livePagesBench(
  stack: Stack,
  pageCount: number,
  /** pollOnly: skip the baselines (for profiling the poll with LIVE_PAGES_NODE_ARGS) */
  opts: { warmMs?: number; measureMs?: number; pollOnly?: boolean } = {},
): Promise<Record<string, number>> {
  const quick = process.argv.includes("--quick");
  const warmMs = opts.warmMs ?? (quick ? 3_000 : 5_000);
  const measureMs = opts.measureMs ?? (quick ? 10_000 : 30_000);
  if (!existsSync(new URL("../.next/BUILD_ID", import.meta.url))) throw new Error("live-pages: run `npx next build` first");
  if (!(await portFree(LIVE_PAGES_PORT))) throw new Error(`live-pages: port ${LIVE_PAGES_PORT} is taken (set LIVE_PAGES_PORT)`);

  const dir = path.resolve(`.data/bench-live-pages-${process.pid}`);
  const pgServer = await startEmbeddedPostgres({
    dataDir: dir,
    persistent: false,
    settings: STATEMENT_SETTINGS,
  });
  const dbName = "live_pages";
  const admin = new pg.Client(pgServer.adminUrl);
  let next: ChildProcess | null = null;
  let db: Db | null = null;
  try {
    await ensureDatabaseExists(pgServer.adminUrl, dbName);
    const url = pgServer.urlFor(dbName);
    await migrateDatabase(url);
    await admin.connect();
    await enableStatements(admin);
    db = createDb(url);
    const appUrl = `http://localhost:${LIVE_PAGES_PORT}`;

    // N/2 lessons in three hours (nothing about them changes on its own until then), a student and a tutor each
    const lessonCount = Math.ceil(pageCount / 2);
    const students = await createUsers(db, lessonCount, "STUDENT", "Live Student");
    const tutors = await createUsers(db, lessonCount, "TUTOR", "Live Tutor");
    const start = new Date(Math.ceil((Date.now() + 3 * 3_600_000) / 60_000) * 60_000);
    const lessonIds = await createLessons(
      db,
      students.map((studentId, i) => ({
        studentId,
        tutorId: tutors[i]!,
        start,
        status: "SCHEDULED" as const,
        bothJoined: false,
        paymentIntentId: null,
      })),
    );
    const cookies = await signedInCookies(db, appUrl, [...students, ...tutors]);

    const env = benchServerEnv({
      databaseUrl: url,
      appUrl,
      stripeUrl: stack.sandboxes.stripe.url,
      paypalUrl: stack.sandboxes.paypal.url,
      name: "live-pages",
    });
    // BENCH_FLOOR_ROUTE: /api/bench-floor answers (404 otherwise; see its route)
    next = await startNext({ ...env, BENCH_FLOOR_ROUTE: "1" });

    // Each page loads once (the view it then polls with), as the lesson page's server render does.
    const pages: Page[] = [];
    const specs = lessonIds.flatMap((lessonId, i) => [
      { lessonId, userId: students[i]! },
      { lessonId, userId: tutors[i]! },
    ]);
    for (let i = 0; i < specs.length; i += 20) {
      await Promise.all(
        specs.slice(i, i + 20).map(async ({ lessonId, userId }) => {
          const cookie = cookies.get(userId)!;
          const getUrl = trpcUrl("lesson.get", { lessonId });
          const r = await request(getUrl, cookie);
          if (r.status !== 200) throw new Error(`live-pages: lesson.get answered ${r.status}: ${r.body.slice(0, 300)}`);
          const view = resultOf<{ token: string; validUntil: Date | null }>(r.body);
          pages.push({
            lessonId,
            cookie,
            getUrl,
            pollUrl: `/api/lessons/${lessonId}/poll?${new URLSearchParams({
              token: view.token,
              validUntil: view.validUntil ? String(view.validUntil.getTime()) : "",
            })}`,
            trpcPollUrl: trpcUrl("lesson.poll", { lessonId, token: view.token, validUntil: view.validUntil }),
          });
        }),
      );
    }
    pages.splice(pageCount);

    const postmasterPid = Number(readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]);
    const nextPid = next.pid!;
    const common = { warmMs, measureMs, admin, dbName, cpu: () => serverCpu(nextPid, postmasterPid) };
    const poll = await phase(pages, (p) => p.pollUrl, {
      ...common,
      isChanged: (body) => superjson.parse<{ changed: boolean }>(body).changed,
    });
    if (opts.pollOnly)
      return {
        pollP50: poll.p50,
        pollP99: poll.p99,
        pollPerSecond: poll.perSecond,
        pollErrors: poll.errors,
        pollAppCpuMs: poll.appCpuMsPerAnswer,
      };
    const trpcPoll = await phase(pages, (p) => p.trpcPollUrl, {
      ...common,
      isChanged: (body) => resultOf<{ changed: boolean }>(body).changed,
    });
    const get = await phase(pages, (p) => p.getUrl, common);
    const anonymous = pages.map((p) => ({ ...p, cookie: "" }));
    // The floors, with no session: a route handler that does nothing (what the App Router's path costs by itself)…
    const appFloor = await phase(anonymous, () => "/api/bench-floor", common);
    // …a Pages Router API route that does nothing (Node's req/res: what that path costs by itself)…
    const pagesFloor = await phase(anonymous, () => "/api/bench-floor-pages", common);
    // …and the poll route refusing the anonymous page before any query (the poll's path minus its work)
    const anonFloor = await phase(anonymous, (p) => p.pollUrl, { ...common, okStatus: 401 });
    // The floor: the same pages asking an anonymous /api/health (a route handler and its few small queries; no tRPC, no
    // session) — what one process of this build answers at all at this load on this machine.
    const floor = await phase(anonymous, () => "/api/health", common);
    return {
      pages: pages.length,
      offeredPerSecond: pages.length / (POLL_MS / 1000),
      pollP50: poll.p50,
      pollP99: poll.p99,
      pollPerSecond: poll.perSecond,
      pollErrors: poll.errors,
      statementsPerPoll: poll.statementsPerAnswer,
      pollChanged: poll.changed,
      trpcPollP50: trpcPoll.p50,
      trpcPollP99: trpcPoll.p99,
      trpcPollPerSecond: trpcPoll.perSecond,
      trpcPollErrors: trpcPoll.errors,
      statementsPerTrpcPoll: trpcPoll.statementsPerAnswer,
      trpcPollAppCpuMs: trpcPoll.appCpuMsPerAnswer,
      getP50: get.p50,
      getP99: get.p99,
      getPerSecond: get.perSecond,
      getErrors: get.errors,
      statementsPerGet: get.statementsPerAnswer,
      p99Ratio: poll.p99 / get.p99,
      appFloorP50: appFloor.p50,
      appFloorP99: appFloor.p99,
      appFloorPerSecond: appFloor.perSecond,
      appFloorErrors: appFloor.errors,
      appFloorAppCpuMs: appFloor.appCpuMsPerAnswer,
      pagesFloorP50: pagesFloor.p50,
      pagesFloorP99: pagesFloor.p99,
      pagesFloorPerSecond: pagesFloor.perSecond,
      pagesFloorErrors: pagesFloor.errors,
      pagesFloorAppCpuMs: pagesFloor.appCpuMsPerAnswer,
      anonFloorP50: anonFloor.p50,
      anonFloorP99: anonFloor.p99,
      anonFloorPerSecond: anonFloor.perSecond,
      anonFloorErrors: anonFloor.errors,
      anonFloorAppCpuMs: anonFloor.appCpuMsPerAnswer,
      floorP50: floor.p50,
      floorP99: floor.p99,
      floorPerSecond: floor.perSecond,
      floorErrors: floor.errors,
      pollAppCpuMs: poll.appCpuMsPerAnswer,
      pollDbCpuMs: poll.dbCpuMsPerAnswer,
      getAppCpuMs: get.appCpuMsPerAnswer,
      getDbCpuMs: get.dbCpuMsPerAnswer,
      floorAppCpuMs: floor.appCpuMsPerAnswer,
      floorDbCpuMs: floor.dbCpuMsPerAnswer,
      cpuRatio: (poll.appCpuMsPerAnswer + poll.dbCpuMsPerAnswer) / (get.appCpuMsPerAnswer + get.dbCpuMsPerAnswer),
      // One Next.js process runs its JavaScript on one thread: answers/s it can give at most, by its CPU per answer
      pollCeilingPerSecond: 1000 / poll.appCpuMsPerAnswer,
      floorCeilingPerSecond: 1000 / floor.appCpuMsPerAnswer,
    };
  } finally {
    if (next && next.exitCode === null) {
      const exited = new Promise((r) => next!.once("exit", r));
      next.kill("SIGTERM");
      await exited;
    }
    await db?.$disconnect();
    await admin.end().catch(() => {});
    await pgServer.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
