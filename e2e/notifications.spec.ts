import { expect, test } from "@playwright/test";
import { E2E } from "./env";
import { advanceClocksTo, bookedInBrowser, gridSlotAfter, runCron, shot, sql } from "./support";

const MIN = 60_000;

interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
  calendars: string[];
}

/** The local inbox the e2e server started (the mail catcher): messages to one address. */
async function inbox(email: string): Promise<CaughtMail[]> {
  const res = await fetch(`${E2E.inboxUrl}/api/messages`);
  return ((await res.json()) as CaughtMail[]).filter((m) => m.to.includes(email));
}

test("booking in the browser puts the confirmation, with its invite, in the local inbox and in the account page", async ({ browser }) => {
  const { student, tutor, s } = await bookedInBrowser(browser, {
    tutor: { name: "Nora Notify", timeZone: "Europe/Berlin" },
    student: { name: "Sam Inbox", timeZone: "America/New_York" },
  });
  // Sent after the response; the finalize tick is the guarantee if that is slow.
  await expect
    .poll(async () => {
      const mails = await inbox(student.email);
      if (mails.length === 0) await runCron("finalize");
      return mails.map((m) => m.subject);
    })
    .toEqual([expect.stringMatching(/^Booked: lesson with Nora Notify, /)]);
  const [confirmation] = await inbox(student.email);
  expect(confirmation!.text).toContain("Price: $");
  expect(confirmation!.text).toContain("(America/New_York)");
  expect(confirmation!.calendars[0]).toContain("METHOD:REQUEST");
  await expect
    .poll(async () => (await inbox(tutor.email)).map((m) => m.subject))
    .toEqual([expect.stringMatching(/^New booking: Sam Inbox, /)]);

  await s.page.goto("/account");
  const panel = s.page.getByTestId("notifications");
  await expect(panel.getByRole("link", { name: /^Booked: lesson with Nora Notify/ })).toBeVisible();
  await expect(panel.getByRole("heading", { name: "Notifications (1 unread)" })).toBeVisible();
  await panel.getByRole("button", { name: "Mark all read" }).click();
  await expect(panel.getByRole("heading", { name: "Notifications", exact: true })).toBeVisible();
  await shot(s.page, "account-notifications");
});

test("the demo journey: booking, a reminder, the tutor ending the call and the capture put exactly these mails in the local inbox", async ({
  browser,
}) => {
  test.setTimeout(150_000);
  // Booked three hours ahead, so the reminder (one hour before the start) has its turn too.
  const { student, tutor, s, t, startIso, lessonId } = await bookedInBrowser(browser, {
    tutor: { name: "Tess Settled", timeZone: "Europe/Berlin" },
    student: { name: "Rob Receipt", timeZone: "America/New_York" },
    startIso: await gridSlotAfter(3 * 60 * MIN),
  });
  const start = new Date(startIso);
  const subjects = async (email: string) => {
    await runCron("finalize"); // sends what is due (the ticker does this every minute in npm run dev)
    return (await inbox(email)).map((m) => m.subject).sort();
  };
  await expect.poll(() => subjects(student.email)).toEqual([expect.stringMatching(/^Booked: lesson with Tess Settled, /)]);

  // The reminder, an hour before the start.
  await advanceClocksTo(new Date(start.getTime() - 59 * MIN));
  await expect
    .poll(() => subjects(student.email))
    .toEqual([expect.stringMatching(/^Booked: /), expect.stringMatching(/^Reminder: lesson with Tess Settled at /)]);

  // Both join; the tutor ends the call early.
  await advanceClocksTo(new Date(start.getTime() + MIN));
  await t.page.goto(`/lessons/${lessonId}`);
  await s.page.goto(`/lessons/${lessonId}`);
  await t.page.getByRole("button", { name: "Join lesson" }).click();
  await s.page.getByRole("button", { name: "Join lesson" }).click();
  await expect(t.page.getByTestId("lesson-state")).toHaveText("In progress", { timeout: 5_000 });
  await t.page.getByRole("button", { name: "End call" }).click();
  await t.page.getByRole("dialog", { name: "End the call for both of you?" }).getByRole("button", { name: "End call" }).click();
  await expect(t.page.getByTestId("lesson-state")).toHaveText("Ended early — settled after the scheduled end");

  // After the scheduled end and the grace, the finalize tick captures and the receipt and "settled" go out.
  await advanceClocksTo(new Date(start.getTime() + 41 * MIN));
  await runCron("finalize");
  const [payment] = await sql<{ status: string; amountCaptured: number }>(
    `SELECT status, "amountCaptured" FROM "Payment" WHERE "lessonId" = $1`,
    [lessonId],
  );
  expect(payment).toEqual({ status: "CAPTURED", amountCaptured: 450 });
  await expect
    .poll(() => subjects(student.email))
    .toEqual([
      expect.stringMatching(/^Booked: lesson with Tess Settled, /),
      "Receipt: $4.50 for your lesson with Tess Settled",
      expect.stringMatching(/^Reminder: /),
      "Your lesson was ended early",
    ]);
  await expect
    .poll(() => subjects(tutor.email))
    .toEqual(["Lesson settled: you earned $3.60", expect.stringMatching(/^New booking: Rob Receipt, /)]);

  const mails = [...(await inbox(student.email)), ...(await inbox(tutor.email))];
  const find = (prefix: string) => mails.find((m) => m.subject.startsWith(prefix))!;
  const confirmation = find("Booked");
  expect(confirmation.calendars).toHaveLength(1);
  expect(confirmation.calendars[0]).toContain("METHOD:REQUEST");
  expect(confirmation.calendars[0]).toContain(`UID:lesson-${lessonId}@`);
  expect(confirmation.calendars[0]).toMatch(new RegExp(`DTSTART[^:]*:${startIso.replace(/[-:]/g, "").replace(/\.000/, "")}`));
  expect(find("Receipt").text).toContain("We charged $4.50 for the lesson");
  expect(find("Your lesson was ended early").text).toContain("Tess Settled ended the call");
  const settled = find("Lesson settled");
  expect(settled.text).toContain("your earning is $3.60 (platform fee $0.90)");
  expect(settled.text).toContain("It becomes available for payout on");
  // Only the reminder can be unsubscribed from; the others link to why they cannot.
  for (const m of mails) {
    const optional = m.subject.startsWith("Reminder");
    expect(Boolean(m.headers["list-unsubscribe"]), m.subject).toBe(optional);
    expect(m.text, m.subject).toContain(optional ? "Unsubscribe from these messages" : "Why you always get these messages");
  }

  // The student chooses de-DE on the account page: the pages write amounts its way from then on.
  await s.page.goto("/account");
  const localeForm = s.page.locator("form", { has: s.page.getByLabel("Dates and amounts") });
  await localeForm.getByLabel("Dates and amounts").selectOption("de-DE");
  await localeForm.getByRole("button", { name: "Save" }).click();
  await expect(localeForm.getByText("Saved.")).toBeVisible();
  // the in-app list is read again, now written the de-DE way
  await expect(s.page.getByTestId("notifications")).toContainText("We charged 4,50\u00a0$ for the lesson");
  await expect(s.page.getByText("Loading notifications…")).toHaveCount(0);
  await shot(s.page, "account-locale");
  await s.page.goto("/lessons");
  const item = s.page.getByTestId("lesson-item").filter({ hasText: "Tess Settled" });
  await expect(item.getByTestId("payment-state")).toHaveText("Charged 4,50\u00a0$");
  await s.context.close();
  await t.context.close();
});

test("signing up in a German browser saves de-DE: dates and amounts are written the German way from the start", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "Europe/Vienna", locale: "de-AT" });
  const page = await context.newPage();
  const email = `locale-${Date.now()}@e2e.test`;
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Lena Locale");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password (at least 10 characters)").fill("correct-horse-battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect
    .poll(async () => (await sql<{ locale: string }>(`SELECT locale FROM "user" WHERE email = $1`, [email]))[0]?.locale)
    .toBe("de-DE");
  await page.goto("/account");
  await expect(page.getByLabel("Dates and amounts")).toHaveValue("de-DE");
  await context.close();
});
