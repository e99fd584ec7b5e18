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
