import { expect, test } from "@playwright/test";
import { E2E } from "./env";

// Every page carries a Content-Security-Policy with a fresh script nonce, the app's scripts carry it and run (the
// sign-in works), nothing is refused by the policy; and a `next` leading off-site after sign-in lands on our page.

test("pages carry a nonce CSP that the app's own scripts satisfy", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  const first = await page.goto("/sign-in");
  const policy = first!.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
  expect(nonce, policy).toBeTruthy();
  expect(policy).toContain("'strict-dynamic'");
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(policy).toContain("frame-ancestors 'none'");
  // Next put this request's nonce on its scripts
  const scriptNonces = await page.locator("script[nonce]").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scriptNonces.length).toBeGreaterThan(0);
  expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
  // a second request gets another nonce
  const again = (await page.request.get("/sign-in")).headers()["content-security-policy"] ?? "";
  expect(/'nonce-([^']+)'/.exec(again)?.[1]).not.toBe(nonce);

  // markup injected into the page (the XSS vector) cannot run an inline handler: the policy allows no inline script
  const ran = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const box = document.createElement("div");
        box.innerHTML = '<img src="/no-such-image.png" onerror="window.__injected = true">';
        const img = box.querySelector("img")!;
        // registered after the attribute's handler, so it runs after it would have
        img.addEventListener("error", () => setTimeout(() => resolve((window as unknown as { __injected?: boolean }).__injected === true)));
        document.body.appendChild(box);
      }),
  );
  expect(ran).toBe(false);
  violations.length = 0; // that refusal was the point

  // the app still works under the policy: sign in, land on the home page
  await page.getByLabel("Email").fill("student@demo.test");
  await page.getByLabel("Password").fill("demo-password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { name: /Welcome/ })).toBeVisible();
  expect(violations).toEqual([]);
});

for (const next of [
  "/\\evil.example",
  "/%5Cevil.example",
  "/%09/evil.example",
  "//evil.example",
  "https:",
  "javascript:alert(1)",
  "https://evil.example/",
]) {
  test(`signing in with next=${next} stays on our site`, async ({ page }) => {
    await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
    await page.getByLabel("Email").fill("student@demo.test");
    await page.getByLabel("Password").fill("demo-password");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
    expect(new URL(page.url()).origin).toBe(E2E.appUrl);
    await page.context().clearCookies();
  });
}
