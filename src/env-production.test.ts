import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";
import { DEV_DEFAULT_SECRETS, isProductionEnv, productionProblems } from "./env-production";

// A production configuration that must start: every secret of its own, real provider keys, https.
const SAFE = {
  NODE_ENV: "production",
  DATABASE_URL: "postgres://app:pw@db.internal:5432/lessonpay",
  APP_URL: "https://lessons.example.com",
  BETTER_AUTH_SECRET: "Vq3J0xkz9c1T8wR2mN5bY7pL4sH6dF0aGeU=",
  CRON_SECRET: "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c0b2d4f6e",
  STRIPE_SECRET_KEY: "sk_live_51Habcdefghijklmnop",
  STRIPE_WEBHOOK_SECRET: "whsec_Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6",
  NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: "pk_live_51Habcdefghijklmnop",
  PAYPAL_CLIENT_ID: "AbCdEf-live-client",
  PAYPAL_CLIENT_SECRET: "EFgh-live-secret",
  PAYPAL_MODE: "live",
  PAYPAL_WEBHOOK_ID: "8PT597110X687430LKGECATA",
  SMTP_URL: "smtps://apikey:SG.abc@smtp.example.com:465",
  MAIL_FROM: "LessonPay <no-reply@lessons.example.com>",
};

const refusedNames = (source: Record<string, string | undefined>) => {
  try {
    parseEnv(source);
    return [];
  } catch (e) {
    return [...new Set([...(e as Error).message.matchAll(/^ {2}- ([A-Z_.0-9]+):/gm)].map((m) => m[1]))];
  }
};

describe("production environment", () => {
  it("accepts a correct production configuration", () => {
    const e = parseEnv(SAFE);
    expect([e.NODE_ENV, e.DEMO_MODE, e.ALLOW_TIME_TRAVEL]).toEqual(["production", false, false]);
    expect(parseEnv({ ...SAFE, NODE_ENV: undefined, VERCEL_ENV: "production" }).APP_URL).toBe(SAFE.APP_URL);
  });

  it("applies on Vercel and to NODE_ENV=production, but not to the local runner on the embedded database", () => {
    expect(isProductionEnv({ VERCEL_ENV: "preview" })).toBe(true);
    expect(isProductionEnv({ NODE_ENV: "production" })).toBe(true);
    expect(isProductionEnv({ NODE_ENV: "production", EMBEDDED_DATABASE: "true" })).toBe(false);
    expect(isProductionEnv({ NODE_ENV: "production", EMBEDDED_DATABASE: "true", VERCEL_ENV: "production" })).toBe(true);
    expect(isProductionEnv({ NODE_ENV: "development" })).toBe(false);
    // `npm start` / e2e: next start sets NODE_ENV=production; the runner started the embedded database
    expect(() =>
      parseEnv({ NODE_ENV: "production", EMBEDDED_DATABASE: "true", DATABASE_URL: "postgresql://p:p@127.0.0.1:5/x" }),
    ).not.toThrow();
  });

  it("refuses an empty production configuration, naming every missing variable in one error", () => {
    expect(refusedNames({ NODE_ENV: "production" }).sort()).toEqual(
      [
        "APP_URL",
        "BETTER_AUTH_SECRET",
        "CRON_SECRET",
        "DATABASE_URL",
        "NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY",
        "PAYPAL_CLIENT_ID",
        "PAYPAL_CLIENT_SECRET",
        "PAYPAL_WEBHOOK_ID",
        "STRIPE_SECRET_KEY",
        "STRIPE_WEBHOOK_SECRET",
        "SMTP_URL",
        "MAIL_FROM",
      ].sort(),
    );
    expect(() => parseEnv({ VERCEL_ENV: "production" })).toThrow(
      /Invalid production environment configuration:\n {2}- DATABASE_URL: required/,
    );
  });

  it.each(DEV_DEFAULT_SECRETS)("refuses the published default %s for every secret", (value) => {
    for (const name of ["BETTER_AUTH_SECRET", "CRON_SECRET", "STRIPE_WEBHOOK_SECRET"]) {
      const problems = productionProblems({ ...SAFE, [name]: value }).map((p) => p.name);
      expect(problems, name).toContain(name);
    }
    expect(productionProblems({ ...SAFE, TURN_URLS: "turn:t.example", TURN_SECRET: value }).map((p) => p.name)).toContain("TURN_SECRET");
  });

  it.each([
    ["BETTER_AUTH_SECRET", "short-but-at-least-16", /at least 32 characters in production/],
    ["BETTER_AUTH_SECRET", "a".repeat(40), /too weak/],
    ["CRON_SECRET", "0123456789abcdef", /at least 32 characters in production/],
    ["CRON_SECRET", "ab".repeat(20), /too weak/],
    ["STRIPE_WEBHOOK_SECRET", "whsec_short", /too short/],
    ["APP_URL", "http://lessons.example.com", /must be an https:\/\/ URL/],
    ["NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", "pk_test_51Habc", /same mode/],
    ["DEMO_MODE", "true", /must not be set in production/],
    ["ALLOW_TIME_TRAVEL", "true", /must not be set in production/],
    ["LOG_SECRETS", "1", /must not be set in production/],
    ["MAIL_INBOX_URL", "http://127.0.0.1:1080", /must not be set in production/],
  ])("refuses %s=%s", (name, value, message) => {
    const problem = productionProblems({ ...SAFE, [name]: value }).find((p) => p.name === name);
    expect(problem?.message).toMatch(message);
    expect(refusedNames({ ...SAFE, [name]: value })).toEqual([name]);
  });

  it("refuses each required variable left out, by name", () => {
    for (const name of Object.keys(SAFE).filter((n) => n !== "NODE_ENV" && n !== "PAYPAL_MODE")) {
      expect(refusedNames({ ...SAFE, [name]: undefined }), name).toContain(name);
    }
  });

  it("refuses EMBEDDED_DATABASE for a database elsewhere and on a deployment, and live PayPal without a webhook id anywhere", () => {
    expect(refusedNames({ EMBEDDED_DATABASE: "true", DATABASE_URL: "postgres://u:p@db.example.com/x" })).toEqual(["EMBEDDED_DATABASE"]);
    expect(refusedNames({ ...SAFE, VERCEL_ENV: "production", EMBEDDED_DATABASE: "true" })).toContain("EMBEDDED_DATABASE");
    expect(refusedNames({ PAYPAL_MODE: "live", PAYPAL_CLIENT_ID: "id", PAYPAL_CLIENT_SECRET: "s" })).toEqual(["PAYPAL_WEBHOOK_ID"]);
  });
});
