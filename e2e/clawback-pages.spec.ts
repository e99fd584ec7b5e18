// A refund after the tutor was paid, in the production build: the tutor's earnings page and the admin's lesson page
// show what the tutor owes back, how it is recovered (PayPal has no pull: netted from the next payouts) and what is
// recovered so far. The earlier payout is imported with SQL (as the replaced system left it); the capture and the
// refund are the admin's own clicks.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { seedHeldLesson } from "./held-lesson";
import { appNow, createTutor, createUser, newSignedInPage, shot, sql } from "./support";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

test("a refund after a PayPal payout: the tutor and the admin see $4.00 owed back, nothing recovered yet", async ({ browser }) => {
  const student = await createUser({ role: "STUDENT", name: "Rita Refund", timeZone: "America/New_York" });
  const tutor = await createTutor({ name: "Pablo Paid", timeZone: "UTC", allDay: false });
  const now = await appNow();
  const start = new Date(Math.floor((now.getTime() - 6 * DAY) / HOUR) * HOUR);
  const lesson = await seedHeldLesson({ student, tutor, status: "COMPLETED", start, minutes: 25, amount: 2500 });

  const { context, page } = await newSignedInPage(browser, "admin@demo.test");
  await page.goto(`/admin/lessons/${lesson.lessonId}`);
  await page.getByRole("button", { name: "Capture now" }).click();
  await page.getByRole("dialog").getByLabel("Reason").fill("capturing the finished lesson");
  await page.getByRole("dialog").getByRole("button", { name: "Capture $25.00" }).click();
  await expect(page.getByTestId("statuses")).toContainText("Payment: Captured", { timeout: 15_000 });
  await expect(page.getByTestId("clawback")).toHaveCount(0);

  // The earning ($20.00) was paid out by PayPal before the refund.
  const [earning] = await sql<{ id: string; amount: number }>(
    `SELECT id, amount FROM "LedgerEntry" WHERE "lessonId" = $1 AND kind = 'EARNING'`,
    [lesson.lessonId],
  );
  expect(earning!.amount).toBe(2000);
  const payoutId = randomUUID();
  await sql(
    `INSERT INTO "Payout" (id, "tutorId", method, amount, currency, status, destination, "providerStatus", "nextAttemptAt", "requestedBy",
       "createdAt", "updatedAt", "sentAt", "settledAt")
     VALUES ($1, $2, 'PAYPAL', 2000, 'USD', 'PAID', 'pablo@paid.test', 'SUCCESS', now(), 'imported', now(), now(), now(), now())`,
    [payoutId, tutor.id],
  );
  await sql(`INSERT INTO "PayoutItem" ("payoutId", "ledgerEntryId", amount) VALUES ($1, $2, 2000)`, [payoutId, earning!.id]);

  await page.reload();
  await page.getByRole("button", { name: "Refund", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Refund this payment?" });
  await dialog.locator("label.choice", { hasText: "Partial" }).click();
  await dialog.getByLabel(/Amount to refund/).fill("5.00");
  await dialog.getByLabel("Reason").fill("the last five minutes were lost");
  await dialog.getByRole("button", { name: "Refund $5.00" }).click();
  await expect(page.getByTestId("action-outcome")).toContainText("Refund: Refunded.", { timeout: 15_000 });
  const owed = page.getByTestId("clawback");
  await expect(owed).toContainText("$4.00 owed back, $0.00 recovered so far ($4.00 outstanding)");
  await expect(owed.getByTestId("clawback-line")).toContainText("$4.00 by netting from the next payouts: owed");
  await shot(page, "clawback-admin-lesson");

  const t = await newSignedInPage(browser, tutor.email, "UTC");
  await t.page.goto("/tutor/earnings");
  await expect(t.page.getByTestId("balance-available")).toHaveText("-$4.00");
  const section = t.page.getByTestId("clawbacks");
  await expect(section.getByTestId("clawback-totals")).toContainText(
    "$4.00 owed back in all, $0.00 recovered so far, $4.00 still outstanding",
  );
  const line = section.getByTestId("clawback-line");
  await expect(line).toHaveCount(1);
  await expect(line).toContainText("$4.00");
  await expect(line).toContainText("To be netted from your next payouts");
  await shot(t.page, "clawback-tutor-earnings");
  await t.context.close();
  await context.close();
});
