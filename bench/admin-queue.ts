// The admin queue and the lesson search at size: 100,000 lessons and 10,000 open alerts seeded set-wise, then each read
// timed through the service the procedure calls (p50/p99 over repeated calls). Baseline: a primary-key read of one lesson
// in the same database (one round trip: what any admin read costs at least).
import { attentionPage } from "../src/server/admin/queue-page";
import { adminListLessons } from "../src/server/admin/lists";
import { seedAdminWorld } from "./lib/seed-admin";
import { type Stack, servicesFor } from "./lib/stack";
import { percentile } from "./lib/stats";

async function timed(times: number, f: () => Promise<unknown>) {
  await f(); // warm the plan cache and the buffers
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await f();
    ms.push(performance.now() - t);
  }
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

export async function adminQueueBench(stack: Stack, lessons: number, opts: { times?: number } = {}) {
  const times = opts.times ?? 50;
  const now = new Date("2026-11-26T12:00:00Z");
  const fresh = await stack.freshDatabase();
  try {
    await seedAdminWorld(fresh.db, { lessons, alerts: Math.round(lessons / 10), now });
    const services = servicesFor(stack, fresh.db, { now });
    const tz = { timeZone: "UTC" };
    const some = await fresh.db.lesson.findFirstOrThrow({ select: { id: true }, orderBy: { scheduledStart: "asc" } });
    let deepCursor: string | undefined;
    for (let i = 0; i < 40; i++)
      deepCursor = (await adminListLessons(services, { ...tz, cursor: deepCursor, take: 25 })).nextCursor ?? undefined;
    // the cursor of the queue's last page of 50: the deepest page an admin can reach
    let lastCursor: string | null = null;
    let queueItems = 0;
    for (let cursor: string | null = null; ;) {
      const page = await attentionPage(services, { cursor });
      queueItems += page.items.length;
      if (!page.nextCursor) break;
      lastCursor = cursor = page.nextCursor;
    }
    const reads: Record<string, () => Promise<unknown>> = {
      baseline: () => fresh.db.lesson.findUnique({ where: { id: some.id } }),
      // what admin.queue answers: the whole queue ordered and counted, the page's 50 items with their lessons
      queue: () => attentionPage(services, {}),
      queueAlerts: () => attentionPage(services, { category: "OPEN_ALERT" }),
      queueLastPage: () => attentionPage(services, { cursor: lastCursor }),
      listFirst: () => adminListLessons(services, { ...tz, take: 25 }),
      listDeep: () => adminListLessons(services, { ...tz, cursor: deepCursor, take: 25 }),
      searchStatus: () => adminListLessons(services, { ...tz, status: "COMPLETED", paymentStatus: "AUTHORIZED", take: 25 }),
      searchEmail: () => adminListLessons(services, { ...tz, q: "student-77@bench.test", take: 25 }),
      searchName: () => adminListLessons(services, { ...tz, q: "Tutor Bench 42", take: 25 }),
      searchIdPrefix: () => adminListLessons(services, { ...tz, q: some.id.slice(0, 8), take: 25 }),
      searchId: () => adminListLessons(services, { ...tz, q: some.id, take: 25 }),
    };
    const out: Record<string, number> = { queueItems };
    for (const [name, f] of Object.entries(reads)) {
      const r = await timed(times, f);
      out[`${name}P50`] = r.p50;
      out[`${name}P99`] = r.p99;
    }
    const slowest = Math.max(
      ...Object.keys(reads)
        .filter((k) => k !== "baseline")
        .map((k) => out[`${k}P99`]!),
    );
    out.slowestP99 = slowest;
    out.slowestOverBaseline = slowest / out.baselineP99!;
    return out;
  } finally {
    await fresh.drop();
  }
}
