// `npx tsx --conditions=react-server bench/admin-explain.ts [lessons]`: seeds the admin-queue world and prints
// EXPLAIN (ANALYZE, BUFFERS) for every SQL statement the slowest admin reads send (the lesson search by name, the queue).
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../src/generated/prisma/client";
import { needsAttention } from "../src/server/admin/queue";
import { adminListLessons } from "../src/server/admin/lists";
import { seedAdminWorld } from "./lib/seed-admin";
import { servicesFor, startStack } from "./lib/stack";

const lessons = Number(process.argv[2] ?? 100_000);
const now = new Date("2026-11-26T12:00:00Z");
const stack = await startStack();
const fresh = await stack.freshDatabase();
try {
  await seedAdminWorld(fresh.db, { lessons, alerts: lessons / 10, now });
  const logged = new PrismaClient({ adapter: new PrismaPg({ connectionString: fresh.url }), log: [{ emit: "event", level: "query" }] });
  const queries: { query: string; params: unknown[] }[] = [];
  logged.$on("query", (e) => queries.push({ query: e.query, params: JSON.parse(e.params) as unknown[] }));
  const services = servicesFor(stack, logged, { now });
  const client = new pg.Client(fresh.url);
  await client.connect();
  for (const [name, read] of [
    ["search by name", () => adminListLessons(services, { timeZone: "UTC", q: "Tutor Bench 42", take: 25 })],
    ["search by id prefix", () => adminListLessons(services, { timeZone: "UTC", q: "0a1b", take: 25 })],
    ["queue", () => needsAttention(services)],
  ] as const) {
    queries.length = 0;
    await read();
    for (const q of [...queries]) {
      if (/^(BEGIN|COMMIT|SELECT 1)/.test(q.query)) continue;
      const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.query}`, q.params);
      console.log(`\n--- ${name}\n${q.query}\n${plan.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n")}`);
    }
  }
  await client.end();
  await logged.$disconnect();
} finally {
  await fresh.drop();
  await stack.close();
}
