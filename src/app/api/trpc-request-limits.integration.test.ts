import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_REQUEST_LIMITS } from "~/server/request-limits/limits";
import { signUp, TEST_APP_URL, testAuth } from "~/test/auth";
import { createTestDatabase, type TestDatabase } from "~/test/database";

// The real tRPC route with the production budgets: a budget already spent (its row written as the limiter writes it)
// answers 429 with Retry-After and a message that says when to retry.
let t: TestDatabase;
let trpcRoute: { GET: (req: Request) => Promise<Response>; POST: (req: Request) => Promise<Response> };
let cookie: string;
let userId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.APP_URL = TEST_APP_URL;
  process.env.BETTER_AUTH_SECRET = "test-secret-0123456789-0123456789-xx";
  trpcRoute = await import("./trpc/[trpc]/route");
  cookie = (await signUp(testAuth(t.db), { email: "busy@example.test", role: "STUDENT", timeZone: "UTC" })).cookie;
  userId = (await t.db.user.findUniqueOrThrow({ where: { email: "busy@example.test" } })).id;
});
afterAll(() => t.drop());

const spent = (key: string, points: number, seconds: number) =>
  t.db.requestBudget.create({ data: { key, points, expire: BigInt(Date.now() + seconds * 1000) } });

const mutation = (address: string) =>
  new Request(`${TEST_APP_URL}/api/trpc/me.updateTimeZone`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: TEST_APP_URL, cookie, host: "localhost:3000", "x-forwarded-for": address },
    body: JSON.stringify({ json: { timeZone: "Europe/Rome" } }),
  });

describe("/api/trpc request limits", () => {
  it("a user over the mutation budget gets 429, Retry-After and words; nothing changes", async () => {
    await spent(`mutation:user:${userId}`, DEFAULT_REQUEST_LIMITS.mutationPerUser.points, 40);
    const res = await trpcRoute.POST(mutation("198.51.100.20"));
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(40);
    expect((await res.json()).error.json.message).toMatch(/^Too many requests from your account\. Try again in \d+ seconds?\.$/);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: userId } })).timeZone).toBe("UTC");
    await t.db.requestBudget.deleteMany({ where: { key: `mutation:user:${userId}` } });
    expect((await trpcRoute.POST(mutation("198.51.100.20"))).status).toBe(200);
  });

  it("a signed-out address over the expensive-query budget gets 429 for the tutors list; another address does not", async () => {
    await spent("expensive:address:203.0.113.77", DEFAULT_REQUEST_LIMITS.expensiveQueryPerAddress.points, 120);
    const list = (address: string) =>
      trpcRoute.GET(new Request(`${TEST_APP_URL}/api/trpc/tutor.list`, { headers: { "x-forwarded-for": `${address}, 10.0.0.1` } }));
    const refused = await list("203.0.113.77");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(60);
    expect((await refused.json()).error.json.message).toMatch(/your network address\. Try again in 2 minutes\./);
    expect((await list("203.0.113.78")).status).toBe(200);
  });
});
