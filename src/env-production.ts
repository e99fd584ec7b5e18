// What a production process refuses. Pure (no "server-only"): next.config.ts runs it at build time on Vercel, and
// src/env.ts runs it at start-up. A deploy that forgets a variable must stop, not run on a value published in this repo.

/** Every secret value this repository ships for dev, tests and e2e. None of them may sign or accept anything in production. */
export const DEV_DEFAULT_SECRETS: readonly string[] = [
  "embedded-dev-secret-change-me-in-production-000",
  "embedded-cron-secret-0000",
  "whsec_sandbox",
  "seed-only-secret-000000000000000000",
  "test-secret-0123456789-0123456789-xx",
  "cron-secret-for-tests-0123456789",
  "e2e-cron-secret-000000",
  "e2e-turn-secret-0000000000",
];

type Source = Record<string, string | undefined>;
export interface EnvProblem {
  name: string;
  message: string;
}

/** Production rules apply on any Vercel deployment, and to `NODE_ENV=production` unless the app runner started the embedded database itself. */
export function isProductionEnv(source: Source): boolean {
  if (source.VERCEL_ENV) return true;
  return source.NODE_ENV === "production" && source.EMBEDDED_DATABASE !== "true";
}

const MIN_DISTINCT_CHARACTERS = 12;

function secretProblem(value: string | undefined, minLength: number, generate: string): string | undefined {
  if (!value) return `required in production (generate one with: ${generate})`;
  if (DEV_DEFAULT_SECRETS.includes(value)) return "is a development default published in this repository; set a secret of your own";
  if (value.length < minLength) return `must be at least ${minLength} characters in production (generate one with: ${generate})`;
  if (new Set(value).size < MIN_DISTINCT_CHARACTERS) return `is too weak (fewer than ${MIN_DISTINCT_CHARACTERS} different characters)`;
  return undefined;
}

const isLoopback = (url: string) => {
  try {
    return ["127.0.0.1", "localhost", "[::1]"].includes(new URL(url).hostname);
  } catch {
    return false;
  }
};

/** Rules that hold in every mode: a flag may not claim more than is true. */
export function alwaysProblems(source: Source): EnvProblem[] {
  const problems: EnvProblem[] = [];
  if (source.EMBEDDED_DATABASE === "true" && source.DATABASE_URL && !isLoopback(source.DATABASE_URL)) {
    problems.push({
      name: "EMBEDDED_DATABASE",
      message: "may only be set for a database on this machine (DATABASE_URL is not on localhost)",
    });
  }
  if (source.PAYPAL_MODE === "live" && (!source.PAYPAL_CLIENT_ID || !source.PAYPAL_WEBHOOK_ID)) {
    problems.push({
      name: "PAYPAL_WEBHOOK_ID",
      message: "PAYPAL_MODE=live needs PAYPAL_CLIENT_ID, PAYPAL_CLIENT_SECRET and PAYPAL_WEBHOOK_ID (webhooks are verified against it)",
    });
  }
  return problems;
}

/** Every variable a production process refuses, each with what to do; empty when the configuration is safe. */
export function productionProblems(source: Source): EnvProblem[] {
  const problems: EnvProblem[] = [];
  const add = (name: string, message: string | undefined) => {
    if (message) problems.push({ name, message });
  };
  const set = (name: string) => Boolean(source[name]);

  add("DATABASE_URL", set("DATABASE_URL") ? undefined : "required in production (there is no embedded database on a deployment)");
  if (!source.APP_URL) add("APP_URL", "required in production: the public https:// address of the app");
  else if (!source.APP_URL.startsWith("https://")) add("APP_URL", "must be an https:// URL in production (auth cookies are Secure)");
  add("BETTER_AUTH_SECRET", secretProblem(source.BETTER_AUTH_SECRET, 32, "openssl rand -base64 32"));
  add("CRON_SECRET", secretProblem(source.CRON_SECRET, 32, "openssl rand -hex 32"));

  // Without keys the app would call the local sandboxes, which do not exist on a deployment.
  const stripeKey = source.STRIPE_SECRET_KEY;
  add("STRIPE_SECRET_KEY", stripeKey ? undefined : "required in production (sk_live_… or, on a preview, sk_test_…)");
  const webhookSecret = source.STRIPE_WEBHOOK_SECRET;
  if (!webhookSecret) add("STRIPE_WEBHOOK_SECRET", "required in production (the whsec_… signing secret of the Stripe webhook endpoint)");
  else if (DEV_DEFAULT_SECRETS.includes(webhookSecret))
    add("STRIPE_WEBHOOK_SECRET", "is the sandbox's published value; use the endpoint's secret");
  else if (webhookSecret.length < 32)
    add("STRIPE_WEBHOOK_SECRET", "is too short to be a Stripe endpoint secret (whsec_ and 32 characters)");
  const publishable = source.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY;
  if (!publishable) add("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", "required in production (pk_live_… with sk_live_…)");
  else if (stripeKey && stripeKey.includes("_live_") !== publishable.startsWith("pk_live_")) {
    add("NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY", "must be of the same mode (live or test) as STRIPE_SECRET_KEY");
  }

  add("PAYPAL_CLIENT_ID", set("PAYPAL_CLIENT_ID") ? undefined : "required in production (with PAYPAL_CLIENT_SECRET)");
  add("PAYPAL_CLIENT_SECRET", set("PAYPAL_CLIENT_SECRET") ? undefined : "required in production (with PAYPAL_CLIENT_ID)");
  add("PAYPAL_WEBHOOK_ID", set("PAYPAL_WEBHOOK_ID") ? undefined : "required in production: PayPal webhooks are verified against it");
  if (source.TURN_SECRET) add("TURN_SECRET", secretProblem(source.TURN_SECRET, 16, "openssl rand -hex 32"));
  // Receipts and security notices cannot be turned off, so production needs a real mail server and sender.
  add(
    "SMTP_URL",
    set("SMTP_URL")
      ? undefined
      : "required in production (smtps://user:pass@smtp.example.com:465): receipts and security notices are sent by email",
  );
  add(
    "MAIL_FROM",
    set("MAIL_FROM") ? undefined : 'required in production: the sender address on your own domain, e.g. "LessonPay <no-reply@example.com>"',
  );
  if (set("MAIL_INBOX_URL")) add("MAIL_INBOX_URL", "is the local mail catcher's inbox; it must not be set in production");

  for (const flag of ["DEMO_MODE", "ALLOW_TIME_TRAVEL", "LOG_SECRETS"]) {
    if (source[flag] === "true" || source[flag] === "1") add(flag, "must not be set in production");
  }
  if (source.VERCEL_ENV && source.EMBEDDED_DATABASE === "true") add("EMBEDDED_DATABASE", "must not be set on a deployment");
  return problems;
}
