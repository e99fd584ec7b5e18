import { type Browser, type Page, expect } from "@playwright/test";
import pg from "pg";
import { E2E } from "./env";

/** Query the e2e server's database directly (seed and assert). */
export async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client(E2E.databaseUrl);
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

export async function signInAs(page: Page, email: string, password = "demo-password") {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

export async function newSignedInPage(browser: Browser, email: string, timezoneId = "America/New_York") {
  const context = await browser.newContext({ timezoneId, locale: "en-US" });
  const page = await context.newPage();
  await signInAs(page, email);
  return { context, page };
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

// --- users, clocks and cron for the lesson & payment specs --------------------

export interface E2EUser {
  id: string;
  email: string;
  name: string;
}

let userSeq = 0;

/** A fresh account through the real sign-up endpoint (so the password hash is better-auth's own). */
export async function createUser(opts: { role: "STUDENT" | "TUTOR"; name: string; timeZone: string }): Promise<E2EUser> {
  const email = `${opts.role.toLowerCase()}-${Date.now()}-${++userSeq}@e2e.test`;
  const res = await fetch(`${E2E.appUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: E2E.appUrl },
    body: JSON.stringify({ email, password: "demo-password", name: opts.name, role: opts.role, timeZone: opts.timeZone }),
  });
  if (!res.ok) throw new Error(`sign-up failed (${res.status}): ${await res.text()}`);
  const [row] = await sql<{ id: string }>(`SELECT id FROM "user" WHERE email = $1`, [email]);
  return { id: row!.id, email, name: opts.name };
}

/** A tutor who takes bookings: prices, and (by default) every day 00:00–24:00 in their zone, so a slot is always an hour away. */
export async function createTutor(opts: {
  name: string;
  timeZone: string;
  price25?: number;
  price50?: number;
  headline?: string;
  allDay?: boolean;
}): Promise<E2EUser> {
  const tutor = await createUser({ role: "TUTOR", name: opts.name, timeZone: opts.timeZone });
  await sql(
    `INSERT INTO "TutorProfile" ("userId", headline, price25, price50, currency, "updatedAt") VALUES ($1, $2, $3, $4, 'USD', now())`,
    [tutor.id, opts.headline ?? "Conversation practice", opts.price25 ?? 450, opts.price50 ?? 850],
  );
  for (let weekday = 0; weekday < 7 && opts.allDay !== false; weekday++) {
    await sql(
      `INSERT INTO "AvailabilityWindow" (id, "tutorId", weekday, "startMinute", "endMinute") VALUES (gen_random_uuid()::text, $1, $2, 0, 1440)`,
      [tutor.id, weekday],
    );
  }
  return tutor;
}

async function clockOffsetMs(): Promise<number> {
  const [row] = await sql<{ offsetMs: string }>(`SELECT "offsetMs"::text AS "offsetMs" FROM "ClockOffset" WHERE id = 'app'`);
  return row ? Number(row.offsetMs) : 0;
}

/** The app's "now" (the machine's clock plus the time-travel offset the server reads). */
export async function appNow(): Promise<Date> {
  return new Date(Date.now() + (await clockOffsetMs()));
}

/** Moves the app clock and the Stripe sandbox clock forward together (never back: specs share one server). */
export async function advanceClocks(ms: number): Promise<void> {
  if (ms <= 0) return;
  const offset = (await clockOffsetMs()) + Math.round(ms);
  await sql(
    `INSERT INTO "ClockOffset" (id, "offsetMs", "updatedAt") VALUES ('app', $1, now())
     ON CONFLICT (id) DO UPDATE SET "offsetMs" = EXCLUDED."offsetMs", "updatedAt" = now()`,
    [offset],
  );
  const res = await fetch(`http://127.0.0.1:${E2E.stripePort}/_sandbox/clock/advance`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ms: Math.round(ms) }),
  });
  if (!res.ok) throw new Error(`sandbox clock advance failed: ${res.status}`);
}

/** Moves both clocks to `at` (plus nothing if already past it). */
export async function advanceClocksTo(at: Date): Promise<void> {
  await advanceClocks(at.getTime() - (await appNow()).getTime());
}

/** Calls a Vercel Cron route as Vercel would. */
export async function runCron(job: "finalize" | "sweep"): Promise<Record<string, unknown>> {
  const res = await fetch(`${E2E.appUrl}/api/cron/${job}`, { headers: { Authorization: `Bearer ${E2E.cronSecret}` } });
  const body = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`cron ${job} failed (${res.status}): ${JSON.stringify(body)}`);
  return body;
}

export async function stripeCounters(): Promise<{
  captures: Record<string, number>;
  authorizations: Record<string, number>;
  cancels: Record<string, number>;
}> {
  return (await fetch(`http://127.0.0.1:${E2E.stripePort}/_sandbox/counters`)).json() as never;
}

export const TEST_CARDS = {
  ok: "4242 4242 4242 4242",
  declined: "4000 0000 0000 0002",
  insufficientFunds: "4000 0000 0000 9995",
  authRequired: "4000 0025 0000 3155",
} as const;

/** On a tutor's page: choose the length and a slot (the first one, or the one starting at `startIso`); returns its start. */
export async function pickSlot(page: Page, opts: { duration?: 25 | 50; startIso?: string } = {}): Promise<string> {
  if (opts.duration === 50) await page.locator("label.choice", { has: page.locator('input[name="duration"][value="50"]') }).click();
  if (opts.startIso) {
    // Days are the viewer's calendar days; the page's zone is the viewer's in these specs.
    const day = await page.evaluate(
      (iso) => new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso)),
      opts.startIso,
    );
    await page.locator("label.choice", { has: page.locator(`input[name="day"][value="${day}"]`) }).click();
  }
  const startIso = opts.startIso ?? (await page.locator('input[name="slot"]').first().getAttribute("value"))!;
  const input = page.locator(`input[name="slot"][value="${startIso}"]`);
  await page.locator("label.choice", { has: input }).click();
  await expect(input).toBeChecked();
  return startIso;
}

/** Types a card into the sandbox card form and presses the book button. */
export async function payWithCard(page: Page, number: string) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiry (MM/YY)").fill("12/34");
  await page.getByLabel("CVC").fill("123");
  await page.getByRole("button", { name: /^Book for / }).click();
}

/** The first slot start (ISO) on the 30-minute grid at least `aheadMs` after the app's now (tutors from createTutor are always free). */
export async function gridSlotAfter(aheadMs: number): Promise<string> {
  const t = (await appNow()).getTime() + aheadMs;
  const grid = 30 * 60_000;
  return new Date(Math.ceil(t / grid) * grid).toISOString();
}

/**
 * A tutor and a student, each signed in on their own page in their own zone, and a lesson the student booked and paid
 * for in the browser (the first free slot, or `startIso`). The setup most lesson specs share.
 */
export async function bookedInBrowser(
  browser: Browser,
  opts: { tutor: { name: string; timeZone: string }; student: { name: string; timeZone: string }; startIso?: string },
) {
  const tutor = await createTutor(opts.tutor);
  const student = await createUser({ role: "STUDENT", ...opts.student });
  const s = await newSignedInPage(browser, student.email, opts.student.timeZone);
  const t = await newSignedInPage(browser, tutor.email, opts.tutor.timeZone);
  await s.page.goto(`/tutors/${tutor.id}`);
  const startIso = await pickSlot(s.page, opts.startIso ? { startIso: opts.startIso } : {});
  await payWithCard(s.page, TEST_CARDS.ok);
  await expect(s.page.getByTestId("booking-confirmed")).toBeVisible();
  const [lesson] = await sql<{ id: string }>(`SELECT id FROM "Lesson" WHERE "studentId" = $1`, [student.id]);
  return { tutor, student, s, t, startIso, lessonId: lesson!.id };
}
