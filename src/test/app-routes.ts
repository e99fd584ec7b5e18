// For tests that drive the app's own routes (which build their services and auth from the environment, as in
// production): a harness on the machine's clock with the environment pointed at it, and the SQL a call sends.
import pg from "pg";
import { vi } from "vitest";
import { TEST_APP_URL } from "./auth";
import { type Harness, startHarness } from "./lifecycle-harness";

/** A harness the app's routes use: its database, its Stripe sandbox, the test origin and this secret. */
export async function startAppHarness(secret: string): Promise<Harness> {
  // The routes' app services use the machine's clock: the harness starts there too, so its bookings are in the future.
  const h = await startHarness({ now: new Date().toISOString() });
  process.env.STRIPE_SANDBOX_PORT = String(h.stripe.port);
  process.env.DATABASE_URL = h.t.url;
  process.env.APP_URL = TEST_APP_URL;
  process.env.BETTER_AUTH_SECRET = secret;
  process.env.CRON_SECRET = "cron-secret-for-tests-0123456789";
  return h;
}

/** The SQL statements any pg client of this process sends while `f` runs. */
export async function statementsDuring<T>(f: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const spy = vi.spyOn(pg.Client.prototype, "query");
  try {
    const result = await f();
    const statements = spy.mock.calls.map(([q]) => (typeof q === "string" ? q : ((q as { text?: string })?.text ?? String(q))));
    return { result, statements };
  } finally {
    spy.mockRestore();
  }
}
