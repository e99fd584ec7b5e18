import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createCaller } from "~/server/api/root";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { testServices } from "~/test/services";
import { testContext } from "~/test/trpc-caller";
import { DEFAULT_REQUEST_LIMITS, requestKind, waitInWords } from "./limits";
import { createRequestLimiter } from "./request-limiter";
import { statementsDuring } from "~/test/app-routes";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.user.createMany({
    data: ["ann", "bob"].map((id) => ({ id, name: id, email: `${id}@limits.test`, role: "STUDENT" as const })),
  });
});
afterAll(() => t.drop());

const user = (id: string) => ({ id, email: `${id}@limits.test`, name: id, role: "STUDENT" as const, timeZone: "UTC" });
const small = {
  ...DEFAULT_REQUEST_LIMITS,
  mutationPerUser: { points: 3, durationSeconds: 600 },
  mutationPerAddress: { points: 5, durationSeconds: 600 },
  expensiveQueryPerAddress: { points: 2, durationSeconds: 600 },
};

async function refusal(call: Promise<unknown>) {
  try {
    await call;
    return null;
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    return { code: e.code, message: e.message };
  }
}

describe("the cost of a budget", () => {
  it("a mutation spends its user's and its address's budget with one statement each, and a window that ran out starts over", async () => {
    const limiter = createRequestLimiter(t.db, small);
    const who = { userId: "cost-user", address: "192.0.2.9" };
    const { statements } = await statementsDuring(() => limiter.spend("mutation", who));
    expect(statements).toHaveLength(2);
    expect(statements.every((s) => /INSERT INTO "request_budget"/.test(s))).toBe(true);
    // a window that has expired counts from zero again (the store's upsert), in the same one statement
    await t.db.requestBudget.update({ where: { key: "mutation:user:cost-user" }, data: { points: 3, expire: BigInt(Date.now() - 1) } });
    await limiter.spend("mutation", who);
    expect((await t.db.requestBudget.findUniqueOrThrow({ where: { key: "mutation:user:cost-user" } })).points).toBe(1);
  });
});

describe("request limits through tRPC", () => {
  it("a user's mutations stop at the budget with TOO_MANY_REQUESTS saying when to retry; other users are unaffected", async () => {
    const limiter = createRequestLimiter(t.db, small);
    const services = testServices(t.db);
    const as = (id: string, address: string) =>
      createCaller(testContext(services, user(id), { requestLimiter: limiter, clientAddress: address }));
    const ann = as("ann", "198.51.100.1");
    for (let i = 0; i < 3; i++) expect(await refusal(ann.me.updateTimeZone({ timeZone: "Europe/Paris" }))).toBeNull();
    const r = await refusal(ann.me.updateTimeZone({ timeZone: "Europe/Paris" }));
    expect(r?.code).toBe("TOO_MANY_REQUESTS");
    expect(r?.message).toMatch(/^Too many requests from your account\. Try again in (\d+ seconds|10 minutes)\.$/);
    // a cheap query is not counted; bob, from another address, still has his budget
    expect(await refusal(ann.me.get())).toBeNull();
    expect(await refusal(as("bob", "198.51.100.2").me.updateTimeZone({ timeZone: "Europe/Paris" }))).toBeNull();
  });

  it("an address's budget is shared by every account and signed-out visitor behind it", async () => {
    const limiter = createRequestLimiter(t.db, { ...small, mutationPerUser: { points: 100, durationSeconds: 600 } });
    const services = testServices(t.db);
    const from = (id: string | null, address: string) =>
      createCaller(testContext(services, id ? user(id) : null, { requestLimiter: limiter, clientAddress: address }));
    for (let i = 0; i < 5; i++)
      expect(await refusal(from(i % 2 ? "ann" : "bob", "203.0.113.9").me.updateTimeZone({ timeZone: "UTC" }))).toBeNull();
    expect((await refusal(from("ann", "203.0.113.9").me.updateTimeZone({ timeZone: "UTC" })))?.message).toMatch(
      /Too many requests from your network address/,
    );
    // expensive public queries: per address, signed out
    for (let i = 0; i < 2; i++) expect(await refusal(from(null, "203.0.113.10").tutor.list())).toBeNull();
    expect((await refusal(from(null, "203.0.113.10").tutor.list()))?.code).toBe("TOO_MANY_REQUESTS");
    expect(await refusal(from(null, "203.0.113.11").tutor.list())).toBeNull();
  });

  it("sorts calls into budgets: signalling apart, mutations, expensive queries, the rest free", () => {
    expect(requestKind("video.send", "mutation")).toBe("signalling");
    expect(requestKind("video.poll", "query")).toBe("signalling");
    expect(requestKind("lesson.book", "mutation")).toBe("mutation");
    expect(requestKind("tutor.list", "query")).toBe("expensive-query");
    expect(requestKind("lesson.get", "query")).toBe("unlimited");
    expect([waitInWords(1), waitInWords(42), waitInWords(89), waitInWords(90), waitInWords(600)]).toEqual([
      "1 second",
      "42 seconds",
      "89 seconds",
      "2 minutes",
      "10 minutes",
    ]);
  });
});

const WORKER = path.resolve(__dirname, "../../test/request-limit-worker.ts");

function startWorker(env: Record<string, string>) {
  const child = spawn("npx", ["tsx", "--conditions=react-server", WORKER], {
    cwd: path.resolve(__dirname, "../../.."),
    env: { ...process.env, DATABASE_URL: t.url, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const ready = new Promise<void>((resolve) =>
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("ready\n")) resolve();
    }),
  );
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const done = new Promise<{ allowed: number; refused: number }>((resolve, reject) =>
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{")) reject(new Error(`worker exited ${code}: ${err}`));
      else resolve(JSON.parse(line) as { allowed: number; refused: number });
    }),
  );
  return { ready, done, go: () => child.stdin.end("go\n") };
}

describe("one budget for every app instance", () => {
  it("two app processes with their own clients spend one user's budget together, exactly", async () => {
    const env = { USER_ID: "shared-user", ATTEMPTS: "15", POINTS: "20" };
    const a = startWorker(env);
    const b = startWorker(env);
    await Promise.all([a.ready, b.ready]);
    a.go();
    b.go();
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.allowed + rb.allowed).toBe(20);
    expect(ra.refused + rb.refused).toBe(10); // a counter per process would have let all 30 through
    const row = await t.db.requestBudget.findUniqueOrThrow({ where: { key: "mutation:user:shared-user" } });
    expect(row.points).toBe(30);
  }, 120_000);
});
