import { expect, test } from "@playwright/test";
import { E2E } from "./env";
import { shot, sql } from "./support";

test("the demo student signs in with one click and sees their account, read from the database through tRPC", async ({ page }) => {
  // Change the name in the database first: the page can only show it by reading it back.
  const marker = `Sam Student ${Date.now() % 100000}`;
  await sql(`UPDATE "user" SET name = $1 WHERE email = 'student@demo.test'`, [marker]);

  await page.goto("/sign-in");
  await shot(page, "sign-in");
  await page.getByRole("button", { name: /Sign in as student/ }).click();
  await expect(page.getByRole("heading", { name: `Welcome, ${marker}` })).toBeVisible();
  await expect(page.getByTestId("profile")).toContainText("student@demo.test");
  await expect(page.getByTestId("profile")).toContainText("America/New_York");
  await shot(page, "student-home");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a signed-out visitor opening a protected page is sent to sign-in, and comes back after", async ({ page }) => {
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?next=%2Faccount/);
  await page.getByLabel("Email").fill("tutor@demo.test");
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Account" })).toBeVisible();
});

test("a wrong password says what to do, and the health route reports the database", async ({ page, request }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("student@demo.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.locator("#main").getByRole("alert")).toContainText("don't match an account");
  // the public answer is a verdict only; the details need the cron secret (e2e runs no ticker, so cron may be overdue)
  const open = await (await request.get("/api/health")).json();
  expect(Object.keys(open).sort()).toEqual(["checks", "ok", "status"]);
  expect(open.checks).toMatchObject({ database: "up", migrations: "current" });
  const health = await (await request.get("/api/health", { headers: { authorization: `Bearer ${E2E.cronSecret}` } })).json();
  expect(health).toMatchObject({ database: { up: true }, integrations: { database: "embedded" } });
});
