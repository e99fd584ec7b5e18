// The admin's reconciliation page in the production build: a hold nobody here asked for is placed at the Stripe sandbox
// behind the app's back; "Reconcile now" finds it (pending, then its result), the page shows it with ours vs theirs and
// what to do, and resolving it with a reason takes it off the list (and its alert out of the queue).
import { expect, test } from "@playwright/test";
import { stripeForm } from "./held-lesson";
import { newSignedInPage, shot, sql } from "./support";

test("a stray hold is found, explained and resolved from the reconciliation page", async ({ browser }) => {
  const pm = await stripeForm<{ id: string }>("/v1/payment_methods", "pk_test_sandbox", {
    type: "card",
    "card[number]": "4242424242424242",
    "card[exp_month]": "12",
    "card[exp_year]": "2035",
    "card[cvc]": "123",
  });
  const pi = await stripeForm<{ id: string }>("/v1/payment_intents", "sk_test_x", {
    amount: "777",
    currency: "usd",
    capture_method: "manual",
    confirm: "true",
    payment_method: pm.id,
    "metadata[paymentId]": "made-in-the-dashboard",
  });

  const { context, page } = await newSignedInPage(browser, "admin@demo.test");
  await page.goto("/admin/reconciliation");
  await expect(page.getByRole("heading", { name: "Reconciliation" })).toBeVisible();
  const run = page.getByTestId("reconcile-now");
  await run.click();
  await expect(run).toHaveAttribute("aria-busy", "true");
  await expect(page.getByRole("status").filter({ hasText: /Pass (finished|paused)/ })).toBeVisible({ timeout: 30_000 });

  const row = page.getByTestId("discrepancies").locator("tr", { hasText: pi.id });
  await expect(row).toContainText("Provider object with no row of ours");
  await expect(row).toContainText("$7.77");
  await expect(row).toContainText("cancel or refund it there");
  await shot(page, "reconciliation-found");

  await row.getByRole("button", { name: "Resolve" }).click();
  await page.getByLabel(/reason/i).fill("Cancelled it in the Stripe Dashboard");
  await page.getByRole("button", { name: "Resolve discrepancy" }).click();
  await expect(page.getByText("Discrepancy resolved.")).toBeVisible();
  await expect(page.getByTestId("discrepancies").locator("tr", { hasText: pi.id })).toHaveCount(0);

  const [d] = await sql<{ resolution: string }>(`SELECT resolution FROM "Discrepancy" WHERE "subjectId" = $1`, [pi.id]);
  expect(d!.resolution).toBe("Cancelled it in the Stripe Dashboard");
  const alerts = await sql<{ resolvedAt: Date | null }>(
    `SELECT a."resolvedAt" FROM "Alert" a JOIN "Discrepancy" d ON d.id = a."subjectId" WHERE d."subjectId" = $1`,
    [pi.id],
  );
  expect(alerts.map((a) => a.resolvedAt !== null)).toEqual([true]);
  await context.close();
});
