import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, TEST_APP_URL, testAuth } from "~/test/auth";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { type RunningStripeSandbox, startStripeSandbox } from "~/sandbox/start";

// The real Next.js route handlers, called with Request objects.
let t: TestDatabase;
// reconciliation lists Stripe's objects even on an empty book
let stripe: RunningStripeSandbox;
type RouteHandler = (req: Request) => Promise<Response>;
let trpcRoute: { POST: RouteHandler };
let healthRoute: { GET: RouteHandler };
let cronRoutes: Record<"finalize" | "sweep" | "payouts" | "reconcile", RouteHandler>;
const CRON_SECRET = "cron-secret-for-tests-0123456789";
let cookie: string;

beforeAll(async () => {
  t = await createTestDatabase();
  stripe = await startStripeSandbox({ port: 0 });
  process.env.STRIPE_SANDBOX_PORT = String(stripe.port);
  process.env.DATABASE_URL = t.url;
  process.env.APP_URL = TEST_APP_URL;
  process.env.BETTER_AUTH_SECRET = "test-secret-0123456789-0123456789-xx";
  process.env.CRON_SECRET = CRON_SECRET;
  trpcRoute = await import("./trpc/[trpc]/route");
  healthRoute = await import("./health/route");
  cronRoutes = {
    finalize: (await import("./cron/finalize/route")).GET,
    sweep: (await import("./cron/sweep/route")).GET,
    payouts: (await import("./cron/payouts/route")).GET,
    reconcile: (await import("./cron/reconcile/route")).GET,
  };
  cookie = (await signUp(testAuth(t.db), { email: "csrf@example.test", role: "STUDENT", timeZone: "UTC" })).cookie;
});
afterAll(async () => {
  await stripe.close();
  await t.drop();
});

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

const health = async (headers: Record<string, string> = {}) => {
  const res = await healthRoute.GET(new Request(`${TEST_APP_URL}/api/health`, { headers }));
  return { status: res.status, body: await res.json() };
};
const withSecret = { authorization: `Bearer ${CRON_SECRET}` };
const cron = (job: keyof typeof cronRoutes, secret = CRON_SECRET) =>
  cronRoutes[job](new Request(`${TEST_APP_URL}/api/cron/${job}`, { headers: { authorization: `Bearer ${secret}` } }));

describe("/api/health", () => {
  it("is degraded while no cron job has run (as when CRON_SECRET is missing and every cron call gets 401)", async () => {
    expect((await cron("finalize", "not-the-secret-000000000000000")).status).toBe(401);
    const { status, body } = await health();
    expect(status).toBe(200);
    // the public answer: a verdict and which part is unwell, nothing else
    expect(body).toEqual({ ok: false, status: "degraded", checks: { database: "up", migrations: "current", cron: "overdue" } });
    expect(await t.db.cronRun.count()).toBe(0);
  });

  it("gives details only with the cron secret, and never a secret or the connection string", async () => {
    const { body } = await health(withSecret);
    expect(body).toMatchObject({ ok: false, status: "degraded", database: { up: true }, migrations: { pending: [], failed: [] } });
    expect(body.migrations.applied).toBeGreaterThan(0);
    expect(body.integrations).toEqual({ database: "configured", stripe: "sandbox", paypal: "local-sandbox" });
    expect(body.cron.map((c: { job: string; overdue: boolean }) => [c.job, c.overdue])).toEqual([
      ["finalize", true],
      ["sweep", true],
      ["payouts", true],
      ["reconcile", true],
    ]);
    const text = JSON.stringify(body);
    expect(text).not.toContain(t.url);
    expect(text).not.toMatch(/secret|password|whsec_/i);
    expect((await health({ authorization: "Bearer wrong" })).body).not.toHaveProperty("migrations");
    expect((await health({ cookie })).body).not.toHaveProperty("migrations"); // a student is not an admin
    await t.db.user.update({ where: { email: "csrf@example.test" }, data: { role: "ADMIN" } });
    expect((await health({ cookie })).body).toHaveProperty("migrations"); // an admin sees the details
  });

  it("is ok once every cron job ran on schedule, and degraded again when one falls behind", async () => {
    for (const job of ["finalize", "sweep", "payouts", "reconcile"] as const) expect((await cron(job)).status).toBe(200);
    expect((await health()).body).toEqual({
      ok: true,
      status: "ok",
      checks: { database: "up", migrations: "current", cron: "on schedule" },
    });

    // finalize runs every minute: a last success 8 minutes ago (over 2 × 1 min + 5 min) is overdue
    await t.db.cronRun.update({ where: { job: "finalize" }, data: { lastSuccessAt: new Date(Date.now() - 8 * 60_000) } });
    const { body } = await health(withSecret);
    expect(body.status).toBe("degraded");
    expect(body.cron.filter((c: { overdue: boolean }) => c.overdue).map((c: { job: string }) => c.job)).toEqual(["finalize"]);
    // payouts run hourly: 60 minutes without a run is not yet news
    await t.db.cronRun.update({ where: { job: "finalize" }, data: { lastSuccessAt: new Date() } });
    await t.db.cronRun.update({ where: { job: "payouts" }, data: { lastSuccessAt: new Date(Date.now() - 60 * 60_000) } });
    expect((await health()).body.status).toBe("ok");
  });
});
