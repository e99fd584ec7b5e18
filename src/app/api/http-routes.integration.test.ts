import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, TEST_APP_URL, testAuth } from "~/test/auth";
import { createTestDatabase, type TestDatabase } from "~/test/database";

// The real Next.js route handlers, called with Request objects.
let t: TestDatabase;
type RouteHandler = (req: Request) => Promise<Response>;
let trpcRoute: { POST: RouteHandler };
let healthRoute: { GET: () => Promise<Response> };
let cookie: string;

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  process.env.APP_URL = TEST_APP_URL;
  process.env.BETTER_AUTH_SECRET = "test-secret-0123456789-0123456789-xx";
  trpcRoute = await import("./trpc/[trpc]/route");
  healthRoute = await import("./health/route");
  cookie = (await signUp(testAuth(t.db), { email: "csrf@example.test", role: "STUDENT", timeZone: "UTC" })).cookie;
});
afterAll(() => t.drop());

const mutation = (origin: string) =>
  new Request(`${TEST_APP_URL}/api/trpc/me.updateTimeZone`, {
    method: "POST",
    headers: { "content-type": "application/json", origin, cookie, host: "localhost:3000" },
    body: JSON.stringify({ json: { timeZone: "Europe/Rome" } }),
  });

describe("/api/trpc", () => {
  it("refuses a cross-site mutation carrying the user's cookie, and changes nothing", async () => {
    const res = await trpcRoute.POST(mutation("https://evil.example"));
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(/Cross-site request refused/);
    expect((await t.db.user.findUniqueOrThrow({ where: { email: "csrf@example.test" } })).timeZone).toBe("UTC");
  });

  it("accepts the same mutation from the app's own origin", async () => {
    const res = await trpcRoute.POST(mutation(TEST_APP_URL));
    expect(res.status).toBe(200);
    expect((await t.db.user.findUniqueOrThrow({ where: { email: "csrf@example.test" } })).timeZone).toBe("Europe/Rome");
  });
});

describe("/api/health", () => {
  it("reports the database up, migrations applied, integration modes, and no secret", async () => {
    const res = await healthRoute.GET();
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ ok: true, database: { up: true }, migrations: { pending: [], failed: [] } });
    expect(body.migrations.applied).toBeGreaterThan(0);
    expect(body.integrations).toEqual({ database: "configured", stripe: "sandbox", paypal: "local-sandbox" });
    const text = JSON.stringify(body);
    expect(text).not.toContain(t.url);
    expect(text).not.toMatch(/secret|password|whsec_/i);
  });
});
