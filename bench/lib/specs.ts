// What each benchmark reports, and how docs/benchmarks.md shows it (keys are those its function returns).
import type { BenchmarkSpec } from "./results";

export const RACE: BenchmarkSpec = {
  id: "race",
  title: "Race storm",
  what:
    "Every actor hits each lesson at once (2 × end, 2 × leave, 2 × finalize, sweep, admin capture) while 3 workers run; " +
    "lessons in waves of 50. No baseline: the storm is the measurement.",
  unit: "lessons",
  figures: [
    { key: "settlementsPerSecond", label: "settlements/s", kind: "result" },
    { key: "seconds", label: "seconds", kind: "result" },
    { key: "duplicates", label: "duplicate captures at the provider", kind: "correctness", expect: 0, digits: 0 },
    { key: "orphans", label: "orphans left", kind: "correctness", expect: 0, digits: 0 },
    { key: "uncaptured", label: "lessons left uncaptured", kind: "correctness", expect: 0, digits: 0 },
  ],
};

export const FINALIZE: BenchmarkSpec = {
  id: "finalize",
  title: "Finalize",
  what:
    "The finalize job over due lessons: batches of 500 claimed with `FOR UPDATE SKIP LOCKED`, the lifecycle's transition for " +
    "each, audit and a capture operation per lesson written set-wise, one transaction per batch, two batches at once. Baseline: " +
    "one set-based `UPDATE` over the same rows (the floor: no audit, no outbox, no rules).",
  unit: "due lessons",
  figures: [
    { key: "jobLessonsPerSecond", label: "lessons/s (the job)", kind: "result" },
    { key: "floorLessonsPerSecond", label: "lessons/s (set-based UPDATE)", kind: "baseline", digits: 0 },
    { key: "ratio", label: "job ÷ floor", kind: "ratio", digits: 3 },
    { key: "finalized", label: "lessons finalized", kind: "correctness", expect: (n) => n, digits: 0 },
    { key: "captureOpsQueued", label: "capture operations queued", kind: "correctness", expect: (n) => n, digits: 0 },
  ],
};

export const CAPTURE: BenchmarkSpec = {
  id: "capture",
  title: "Capture throughput",
  what:
    "The outbox worker capturing, with the sandbox answering each capture after 200 ms and allowing 100 requests/s (target " +
    "≥ 90/s, no 429). Baseline: the same captures straight through the SDK and the same limiter, no database.",
  unit: "captures",
  figures: [
    { key: "capturesPerSecond", label: "captures/s (pipeline)", kind: "result" },
    { key: "rawCapturesPerSecond", label: "captures/s (SDK + limiter only)", kind: "baseline" },
    { key: "ratio", label: "pipeline ÷ baseline", kind: "ratio", digits: 2 },
    { key: "captured", label: "captured", kind: "correctness", expect: (n) => n, digits: 0 },
    { key: "rateLimited429", label: "429s (pipeline)", kind: "correctness", expect: 0, digits: 0 },
    { key: "raw429", label: "429s (baseline)", kind: "correctness", expect: 0, digits: 0 },
  ],
};

export const SHARED_LIMIT: BenchmarkSpec = {
  id: "shared-limit",
  title: "One provider limit for three worker processes",
  what:
    "Three worker processes (the app's operation worker and Stripe limiter, whose budget is one row in PostgreSQL) capturing " +
    "together, the sandbox answering each capture after 200 ms and allowing 100 requests/s (target ≥ 90/s combined, no 429, " +
    "none captured twice). Baselines: the same captures straight through the SDK and the same shared limiter from one process; " +
    "and the same three workers with no budget of ours against a sandbox with no limit (what the machine allows them). " +
    "The margin: the most requests the sandbox let through in one rolling second while the workers ran (the limiter " +
    "promises at most 97 at 95/s; 100 means the limit was reached). Requests start from each worker's sender thread; the " +
    "sandbox process runs ahead of the others where the OS allows (a provider's clock does not stall with our machine's).",
  unit: "captures",
  figures: [
    { key: "capturesPerSecond", label: "captures/s (3 workers together)", kind: "result" },
    { key: "rawCapturesPerSecond", label: "captures/s (SDK + shared limiter, one process)", kind: "baseline" },
    { key: "ratio", label: "workers ÷ baseline", kind: "ratio", digits: 2 },
    { key: "unlimitedCapturesPerSecond", label: "captures/s (3 workers, no budget, no provider limit)", kind: "baseline" },
    { key: "overUnlimited", label: "workers ÷ unlimited workers", kind: "ratio", digits: 2 },
    { key: "busiestWorkerShare", label: "share of the busiest worker", kind: "result", digits: 2 },
    { key: "workerCpuMsPerCapture", label: "worker CPU ms per capture (3 workers)", kind: "result", digits: 1 },
    { key: "unlimitedWorkerCpuMsPerCapture", label: "worker CPU ms per capture (unlimited workers)", kind: "baseline", digits: 1 },
    { key: "busiestSecond", label: "most requests in one rolling second (workers; limit 100)", kind: "result", digits: 0 },
    { key: "lostSlots", label: "send instants given up (late for their window)", kind: "result", digits: 0 },
    { key: "captured", label: "captured", kind: "correctness", expect: (n) => n, digits: 0 },
    { key: "capturedTwice", label: "captured twice", kind: "correctness", expect: 0, digits: 0 },
    { key: "rateLimited429", label: "429s (workers)", kind: "correctness", expect: 0, digits: 0 },
    { key: "raw429", label: "429s (baseline)", kind: "correctness", expect: 0, digits: 0 },
  ],
};

export const PAYOUTS: BenchmarkSpec = {
  id: "payouts",
  title: "Payout run",
  what:
    "Two payout runs racing plus a tutor's own request, creating and sending PayPal batches. Baseline: one set-based " +
    "`INSERT` of the same payout rows (no locks, no ledger, no provider).",
  unit: "tutors",
  figures: [
    { key: "payoutsPerSecond", label: "payouts/s (create + send)", kind: "result" },
    { key: "floorPerSecond", label: "payout rows/s (set-based INSERT)", kind: "baseline", digits: 0 },
    { key: "ratio", label: "run ÷ floor", kind: "ratio", digits: 4 },
    { key: "payoutsCreated", label: "payouts created", kind: "correctness", expect: (n) => n, digits: 0 },
    { key: "duplicateTutors", label: "tutors with two payouts", kind: "correctness", expect: 0, digits: 0 },
    { key: "batchesSentTwice", label: "batches sent twice", kind: "correctness", expect: 0, digits: 0 },
  ],
};

/** The objects injected into the reconciliation benchmark's book: 3 stray holds + 3 PaymentIntents the provider forgot. */
export const RECONCILE_INJECTED = 6;

export const RECONCILE: BenchmarkSpec = {
  id: "reconcile",
  title: "Reconciliation",
  what:
    "A full-book pass over N payments against N PaymentIntents at the Stripe sandbox (list pages of 100, both directions, " +
    "a ProviderObject upsert and a discrepancy read per page), on a clean book and again after injecting " +
    `${RECONCILE_INJECTED} discrepancies (3 stray holds, 3 PaymentIntents deleted at the provider). Baseline: the raw list ` +
    "walk through the same gateway and limiter, without our checks.",
  unit: "payments",
  figures: [
    { key: "seconds", label: "seconds (clean pass)", kind: "result", digits: 2 },
    { key: "injectedSeconds", label: "seconds (pass with injections)", kind: "result", digits: 2 },
    { key: "baselineSeconds", label: "seconds (raw list walk)", kind: "baseline", digits: 2 },
    { key: "ratio", label: "raw walk ÷ pass", kind: "ratio", digits: 3 },
    { key: "providerCalls", label: "provider calls (clean pass)", kind: "correctness", expect: (n) => Math.ceil(n / 100) + 2, digits: 0 },
    { key: "clean", label: "discrepancies on the clean book", kind: "correctness", expect: 0, digits: 0 },
    { key: "found", label: "discrepancies found after injection", kind: "correctness", expect: RECONCILE_INJECTED, digits: 0 },
  ],
};

export const ADMIN_QUEUE: BenchmarkSpec = {
  id: "admin-queue",
  title: "Admin queue and lesson search at size",
  what:
    "Lessons seeded set-wise (1% with a hold near its deadline, 0.5% expired) and one open alert per ten lessons; each admin " +
    "read timed through the service its procedure calls, p50/p99 over 50 calls (target ≤ 300 ms p99); the queue is what " +
    "admin.queue answers: every item ordered and counted, one page of 50 with its lessons. Baseline: a " +
    "primary-key read of one lesson in the same database.",
  unit: "lessons",
  figures: [
    { key: "queueP99", label: "queue p99 ms", kind: "result" },
    { key: "queueP50", label: "queue p50 ms", kind: "result" },
    { key: "queueAlertsP99", label: "queue, open alerts only, p99 ms", kind: "result" },
    { key: "queueLastPageP99", label: "queue, last page (cursor) p99 ms", kind: "result" },
    { key: "listFirstP99", label: "lesson list first page p99 ms", kind: "result" },
    { key: "listDeepP99", label: "lesson list page 41 (cursor) p99 ms", kind: "result" },
    { key: "searchStatusP99", label: "search by lesson + payment status p99 ms", kind: "result" },
    { key: "searchEmailP99", label: "search by email p99 ms", kind: "result" },
    { key: "searchNameP99", label: "search by name p99 ms", kind: "result" },
    { key: "searchIdPrefixP99", label: "search by id prefix p99 ms", kind: "result" },
    { key: "searchIdP99", label: "search by full id p99 ms", kind: "result" },
    { key: "baselineP99", label: "primary-key read p99 ms", kind: "baseline", digits: 2 },
    { key: "slowestP99", label: "slowest read p99 ms", kind: "result" },
    { key: "slowestOverBaseline", label: "slowest ÷ primary-key read", kind: "ratio", digits: 1 },
    { key: "queueItems", label: "queue items reached page by page", kind: "correctness", digits: 0 },
  ],
};

export const STORM: BenchmarkSpec = {
  id: "storm",
  title: "The 8,000-command storm at once",
  what:
    "Every actor hits every lesson at the same moment: both participants' end and leave and an admin's Capture now " +
    "as tRPC calls (in-process, with the procedures' error mapping), two finalize passes and a sweep as the cron's " +
    "commands — 8 per lesson, all at once, on the app's database pool, outbox workers running. A refused call is " +
    "retried after the Retry-After it was given. Times are from the storm's start to each command's answer. Baseline: " +
    "the same storm on fresh lessons in waves of 50 lessons.",
  unit: "lessons",
  figures: [
    { key: "p50Ms", label: "answer p50 ms (all at once)", kind: "result", digits: 0 },
    { key: "p99Ms", label: "answer p99 ms (all at once)", kind: "result", digits: 0 },
    { key: "seconds", label: "storm seconds (all at once)", kind: "result" },
    { key: "refused", label: "commands refused at least once (then retried)", kind: "result", digits: 0 },
    { key: "refusals", label: "refusals in all", kind: "result", digits: 0 },
    { key: "wavesP99Ms", label: "answer p99 ms (waves of 50 lessons)", kind: "baseline", digits: 0 },
    { key: "wavesSeconds", label: "storm seconds (waves of 50 lessons)", kind: "baseline" },
    { key: "secondsOverWaves", label: "all at once ÷ waves", kind: "ratio", digits: 2 },
    { key: "commands", label: "commands answered (must be 8 per lesson)", kind: "correctness", expect: (n) => 8 * n, digits: 0 },
    { key: "internalErrors", label: "internal errors (500s)", kind: "correctness", expect: 0, digits: 0 },
    { key: "duplicates", label: "captured twice", kind: "correctness", expect: 0, digits: 0 },
    { key: "orphans", label: "orphans", kind: "correctness", expect: 0, digits: 0 },
    { key: "uncaptured", label: "lessons not captured", kind: "correctness", expect: 0, digits: 0 },
  ],
};

export const LIVE_PAGES: BenchmarkSpec = {
  id: "live-pages",
  title: "Live lesson pages",
  what:
    "Simulated lesson pages (a student's and a tutor's per lesson, each signed in) polling every 1.5 s against one `next start` " +
    "process (target ≤ 250 ms p99, no errors, ≤ 1 SQL statement per unchanged poll, counted with pg_stat_statements): " +
    "GET /api/lessons/[id]/poll (a Pages Router API route) with the page's copy, which is current; a poll counts when it " +
    "was sent inside the measured window, however long it took. Baselines in the same run: " +
    "the same pages polling the tRPC lesson.poll it replaced and lesson.get (the path before either), and the floors with no " +
    "session: a constant App Router route handler (/api/bench-floor), a constant Pages Router API route " +
    "(/api/bench-floor-pages), the poll route refusing the anonymous page (401, no query: its path minus the poll's work), and /api/health (a route handler with a few small queries). The CPU the " +
    "Next.js process and PostgreSQL spend per answer (from /proc) gives each path's ceiling for one process, whatever else " +
    "the machine runs.",
  unit: "pages",
  figures: [
    { key: "pollP99", label: "poll p99 ms", kind: "result" },
    { key: "pollP50", label: "poll p50 ms", kind: "result" },
    { key: "pollPerSecond", label: "polls answered/s", kind: "result" },
    { key: "pollErrors", label: "poll errors", kind: "correctness", expect: 0, digits: 0 },
    {
      key: "statementsPerPoll",
      label: "SQL statements per unchanged poll (polls that arrive together share one)",
      kind: "result",
      digits: 3,
    },
    { key: "trpcPollP99", label: "tRPC lesson.poll p99 ms", kind: "baseline" },
    { key: "trpcPollP50", label: "tRPC lesson.poll p50 ms", kind: "baseline" },
    { key: "trpcPollPerSecond", label: "tRPC lesson.poll answered/s", kind: "baseline" },
    { key: "statementsPerTrpcPoll", label: "SQL statements per tRPC lesson.poll", kind: "baseline", digits: 3 },
    { key: "trpcPollAppCpuMs", label: "server CPU ms per tRPC lesson.poll", kind: "baseline", digits: 2 },
    { key: "trpcPollErrors", label: "tRPC lesson.poll errors (baseline)", kind: "result", digits: 0 },
    { key: "getP99", label: "lesson.get p99 ms", kind: "baseline" },
    { key: "getP50", label: "lesson.get p50 ms", kind: "baseline" },
    { key: "getPerSecond", label: "lesson.get answered/s", kind: "baseline" },
    { key: "statementsPerGet", label: "SQL statements per lesson.get", kind: "baseline", digits: 2 },
    { key: "p99Ratio", label: "poll p99 ÷ lesson.get p99", kind: "ratio", digits: 3 },
    { key: "appFloorP99", label: "floor: constant App Router route p99 ms", kind: "baseline" },
    { key: "appFloorP50", label: "floor: constant App Router route p50 ms", kind: "baseline" },
    { key: "appFloorPerSecond", label: "floor: constant App Router route answered/s", kind: "baseline" },
    { key: "appFloorAppCpuMs", label: "server CPU ms per constant App Router answer", kind: "baseline", digits: 2 },
    { key: "appFloorErrors", label: "floor: constant App Router route errors", kind: "result", digits: 0 },
    { key: "pagesFloorP99", label: "floor: constant Pages Router API route p99 ms", kind: "baseline" },
    { key: "pagesFloorP50", label: "floor: constant Pages Router API route p50 ms", kind: "baseline" },
    { key: "pagesFloorPerSecond", label: "floor: constant Pages Router API route answered/s", kind: "baseline" },
    { key: "pagesFloorAppCpuMs", label: "server CPU ms per constant Pages Router answer", kind: "baseline", digits: 2 },
    { key: "pagesFloorErrors", label: "floor: constant Pages Router API route errors", kind: "result", digits: 0 },
    { key: "anonFloorP99", label: "floor: poll route, anonymous (401) p99 ms", kind: "baseline" },
    { key: "anonFloorP50", label: "floor: poll route, anonymous (401) p50 ms", kind: "baseline" },
    { key: "anonFloorPerSecond", label: "floor: poll route, anonymous (401) answered/s", kind: "baseline" },
    { key: "anonFloorAppCpuMs", label: "server CPU ms per anonymous poll (401)", kind: "baseline", digits: 2 },
    { key: "anonFloorErrors", label: "floor: poll route, anonymous errors", kind: "result", digits: 0 },
    { key: "floorP99", label: "floor: anonymous /api/health p99 ms", kind: "baseline" },
    { key: "floorP50", label: "floor: anonymous /api/health p50 ms", kind: "baseline" },
    { key: "floorPerSecond", label: "floor: /api/health answered/s", kind: "baseline" },
    { key: "floorErrors", label: "floor: /api/health errors", kind: "result", digits: 0 },
    { key: "pollAppCpuMs", label: "server CPU ms per poll (Next.js process)", kind: "result", digits: 2 },
    { key: "pollDbCpuMs", label: "database CPU ms per poll", kind: "result", digits: 2 },
    { key: "getAppCpuMs", label: "server CPU ms per lesson.get", kind: "baseline", digits: 2 },
    { key: "getDbCpuMs", label: "database CPU ms per lesson.get", kind: "baseline", digits: 2 },
    { key: "floorAppCpuMs", label: "server CPU ms per /api/health", kind: "baseline", digits: 2 },
    { key: "floorDbCpuMs", label: "database CPU ms per /api/health", kind: "baseline", digits: 2 },
    { key: "cpuRatio", label: "CPU per poll ÷ CPU per lesson.get (app + database)", kind: "ratio", digits: 3 },
    {
      key: "pollCeilingPerSecond",
      label: "polls/s one process can answer at most (1000 ÷ its CPU ms per poll)",
      kind: "result",
      digits: 0,
    },
    { key: "floorCeilingPerSecond", label: "/api/health answers/s one process can give at most", kind: "baseline", digits: 0 },
    { key: "offeredPerSecond", label: "requests/s the pages ask for", kind: "result", digits: 0 },
    { key: "pollErrors", label: "poll errors", kind: "correctness", expect: 0, digits: 0 },
    { key: "pollChanged", label: "polls answered 'changed' (nothing changed)", kind: "correctness", expect: 0, digits: 0 },
    { key: "getErrors", label: "lesson.get errors (baseline)", kind: "result", digits: 0 },
  ],
};

const httpTargets = [
  ["health", "/api/health", "baseline"],
  ["meGet", "me.get", "result"],
  ["lessonGet", "lesson.get", "result"],
  ["lessonJoin", "lesson.join", "result"],
  ["endCall", "lesson.endCall (fresh lessons)", "result"],
  ["adminQueue", "admin.queue", "result"],
  ["floorNone", "floor: a tRPC query sending no statement", "baseline"],
  ["floorRead1", "floor: a tRPC query sending 1 read", "baseline"],
  ["floorRead2", "floor: a tRPC query sending 2 reads", "baseline"],
  ["floorMutationLeast", "floor: a tRPC mutation sending 2 reads + a transaction of 2", "baseline"],
  ["floorAsJoin", "floor: a tRPC mutation sending 5 reads + a transaction of 3 (as lesson.join)", "baseline"],
] as const;
const httpFloors = httpTargets.filter(([key]) => key.startsWith("floor"));

export const HTTP: BenchmarkSpec = {
  id: "http",
  title: "The app over HTTP",
  what:
    "autocannon, 100 connections for 10 s per target, against one `next start` of the build on embedded defaults; every " +
    "request from its own signed-in person and client address (the product's request limits apply). Baseline: " +
    "/api/health in the same run. Targets: authenticated procedures ≥ 0.8× the baseline's requests/s, lesson.endCall " +
    "p99 ≤ 3× me.get's. Per target also the SQL statements one request sends (pg_stat_statements, 10 calls one at a time " +
    "after the load, what runs after the response included) and the CPU the Next.js process spent per answer (/proc). " +
    "Each target is warmed for 1 s at 10 connections first. Last, what one primary-key read costs a Node.js client in " +
    "CPU through Prisma (the stack's) and through pg alone, one at a time: the per-statement part that is not our code. " +
    "The floors: the same stack with our code removed — tRPC procedures of a bench-only router (/api/bench-floor/trpc: " +
    "Next's route handler, tRPC's fetch adapter, superjson, zod, the app's Prisma client) that send only primary-key " +
    "reads and one transaction of `SELECT … FOR UPDATE`: none, as many as a procedure needs at least under the " +
    "product's rules (a query: its session, its rows; a mutation: session, request budget, lock, write), and as many as " +
    "lesson.join sends. A floor's ratio to /api/health bounds what any procedure sending those statements can reach.",
  unit: "connections",
  figures: [
    ...httpTargets.flatMap(([key, label, kind]) => [
      { key: `${key}Rps`, label: `${label} requests/s`, kind },
      { key: `${key}P50`, label: `${label} p50 ms`, kind, digits: 0 },
      { key: `${key}P99`, label: `${label} p99 ms`, kind, digits: 0 },
      { key: `${key}Statements`, label: `${label} SQL statements per request`, kind, digits: 1 },
      { key: `${key}AppCpuMs`, label: `${label} server CPU ms per answer (Next.js process)`, kind, digits: 2 },
      { key: `${key}DbCpuMs`, label: `${label} database CPU ms per answer (PostgreSQL)`, kind, digits: 2 },
    ]),
    ...httpFloors.map(([key, label]) => ({
      key: `${key}OverHealthRps`,
      label: `${label} ÷ /api/health requests/s`,
      kind: "ratio" as const,
      digits: 2,
    })),
    { key: "slowestAuthedOverHealthRps", label: "slowest authenticated ÷ /api/health requests/s", kind: "ratio", digits: 2 },
    { key: "prismaCpuMsPerStatement", label: "client CPU ms per statement: Prisma findUnique", kind: "result", digits: 3 },
    { key: "prismaRawCpuMsPerStatement", label: "client CPU ms per statement: Prisma $queryRaw", kind: "result", digits: 3 },
    { key: "prismaTxCpuMsPerTransaction", label: "client CPU ms per one-statement Prisma transaction", kind: "result", digits: 3 },
    { key: "pgCpuMsPerStatement", label: "client CPU ms per statement: pg alone", kind: "baseline", digits: 3 },
    { key: "endCallP99OverMeGet", label: "lesson.endCall p99 ÷ me.get p99", kind: "ratio", digits: 2 },
    { key: "lessonJoinReusedCalls", label: "lesson.join calls past the fresh pool", kind: "result", digits: 0 },
    { key: "endCallReusedCalls", label: "lesson.endCall calls past the fresh pool", kind: "result", digits: 0 },
    { key: "errors", label: "non-2xx, 429s and errors, all targets", kind: "correctness", expect: 0, digits: 0 },
  ],
};

export const ALL = [RACE, STORM, FINALIZE, CAPTURE, SHARED_LIMIT, PAYOUTS, RECONCILE, ADMIN_QUEUE, LIVE_PAGES, HTTP] as const;
