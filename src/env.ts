import "server-only";
import { z } from "zod";
import { alwaysProblems, type EnvProblem, isProductionEnv, productionProblems } from "./env-production";

// One validated view of the environment. Every variable has an embedded default so
// `npm run dev` and `npm test` need no configuration; production (Vercel) sets the
// real values. A malformed value stops start-up with a message naming the variable,
// and a production process refuses every default that would be unsafe (env-production.ts).

const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

// ICE servers for the video call. A list of URLs ("stun:a:3478, stun:b:3478") or a JSON array of
// RTCIceServer-like objects; never a long-lived TURN password (TURN goes through TURN_URLS + TURN_SECRET).
const ICE_URL = /^(stuns?|turns?):[^\s,]+$/;
const iceUrlList = (kinds: RegExp, what: string) =>
  z
    .string()
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .pipe(z.array(z.string().regex(kinds, `each entry must be ${what}`)).min(1, "must list at least one URL"));
const iceServers = z.string().transform((raw, ctx): { urls: string[] }[] => {
  if (!raw.trim().startsWith("[")) {
    const urls = raw.split(/[\s,]+/).filter(Boolean);
    const bad = urls.find((u) => !ICE_URL.test(u));
    if (bad) ctx.addIssue({ code: "custom", message: `"${bad}" is not a stun:, stuns:, turn: or turns: URL` });
    return urls.map((u) => ({ urls: [u] }));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    ctx.addIssue({ code: "custom", message: 'must be a URL list or a JSON array such as [{"urls":["stun:stun.example.com:3478"]}]' });
    return [];
  }
  const entry = z.strictObject(
    { urls: z.union([z.string(), z.array(z.string())]).transform((u) => (Array.isArray(u) ? u : [u])) },
    { error: 'each entry is {"urls": …} only; put TURN servers in TURN_URLS with TURN_SECRET (no long-lived password reaches a browser)' },
  );
  const list = z.array(entry).safeParse(parsed);
  if (!list.success) {
    ctx.addIssue({ code: "custom", message: list.error.issues[0]?.message ?? 'must be a JSON array of {"urls": …}' });
    return [];
  }
  const bad = list.data.flatMap((e) => e.urls).find((u) => !ICE_URL.test(u));
  if (bad) ctx.addIssue({ code: "custom", message: `"${bad}" is not a stun:, stuns:, turn: or turns: URL` });
  return list.data;
});

export const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection URL")
      .optional(),
    APP_URL: z.url("must be an absolute URL such as http://localhost:3000").default("http://localhost:3000"),
    BETTER_AUTH_SECRET: z
      .string()
      .min(32, "must be at least 32 characters (generate one with: openssl rand -base64 32)")
      .default("embedded-dev-secret-change-me-in-production-000"),
    CRON_SECRET: z.string().min(16, "must be at least 16 characters").default("embedded-cron-secret-0000"),
    PLATFORM_FEE_BPS: z.coerce
      .number({ error: "must be an integer number of basis points, e.g. 2000 for 20 %" })
      .int("must be an integer number of basis points, e.g. 2000 for 20 %")
      .min(0, "must be between 0 and 10000")
      .max(10000, "must be between 0 and 10000")
      .default(2000),
    STRIPE_SECRET_KEY: z
      .string()
      .regex(/^(sk|rk)_(test|live)_/, "must start with sk_test_, sk_live_, rk_test_ or rk_live_")
      .optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_", "must start with whsec_").default("whsec_sandbox"),
    NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: z
      .string()
      .regex(/^pk_(test|live)_/, "must start with pk_test_ or pk_live_")
      .optional(),
    STRIPE_SANDBOX_PORT: z.coerce.number().int().min(1).max(65535).default(12111),
    PAYPAL_CLIENT_ID: z.string().min(1).optional(),
    PAYPAL_CLIENT_SECRET: z.string().min(1).optional(),
    PAYPAL_MODE: z.enum(["sandbox", "live"]).default("sandbox"),
    /** the id of the webhook registered at PayPal; its events are verified against it */
    PAYPAL_WEBHOOK_ID: z.string().min(1).optional(),
    PAYPAL_SANDBOX_PORT: z.coerce.number().int().min(1).max(65535).default(12112),
    /** this process's share of Stripe's request limit (default: DEFAULT_PROVIDER_RATE_PER_SECOND, 95) */
    STRIPE_REQUESTS_PER_SECOND: z.coerce
      .number({ error: "must be a number of requests per second" })
      .positive("must be more than 0")
      .max(10_000, "must be at most 10000")
      .optional(),
    AUTH_SIGNIN_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
    AUTH_SIGNIN_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(30),
    /** set by `npm run dev` / `npm start` in embedded mode: demo accounts and one-click demo sign-in */
    DEMO_MODE: bool.default(false),
    /** non-production only: lets the ops CLI and e2e tests move the app's clock (see src/server/clock) */
    ALLOW_TIME_TRAVEL: bool.default(false),
    /** set by the app runner when it started the embedded PostgreSQL (reported by /api/health) */
    EMBEDDED_DATABASE: bool.default(false),
    EMBEDDED_DB_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    LOG_SECRETS: bool.optional(),
    /** STUN (or credential-less TURN) servers for the video call; unset: host candidates only */
    ICE_SERVERS: iceServers.optional(),
    /** TURN servers that take short-lived credentials minted with TURN_SECRET (coturn's use-auth-secret) */
    TURN_URLS: iceUrlList(/^turns?:[^\s,]+$/, "a turn: or turns: URL, e.g. turn:turn.example.com:3478?transport=udp").optional(),
    TURN_SECRET: z.string().min(16, "must be at least 16 characters (coturn's static-auth-secret)").optional(),
    /** where email goes: any SMTP server (smtp://user:pass@host:587, smtps://…); `npm run dev` sets its local catcher */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@smtp.example.com:587")
      .optional(),
    /** the local mail catcher's web inbox (set by `npm run dev`): lets the worker ask whether a message was accepted */
    MAIL_INBOX_URL: z.url("must be an absolute URL").optional(),
    MAIL_FROM: z
      .string()
      .regex(/^(.+<[^@\s]+@[^@\s>]+>|[^@\s]+@[^@\s]+)$/, 'must be an address, e.g. "LessonPay <no-reply@example.com>"')
      .default("LessonPay <no-reply@lessonpay.local>"),
    /** Slack-compatible incoming-webhook URL for CRITICAL alerts (unset: email only) */
    SLACK_WEBHOOK_URL: z.url("must be an absolute https:// URL of an incoming webhook").optional(),
    TURN_CREDENTIAL_TTL_SECONDS: z.coerce
      .number({ error: "must be a whole number of seconds" })
      .int("must be a whole number of seconds")
      .min(300, "must be at least 300 (a credential must outlive setting up the call)")
      .max(86_400, "must be at most 86400 (one day)")
      .default(7200),
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.PAYPAL_CLIENT_ID) !== Boolean(env.PAYPAL_CLIENT_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: ["PAYPAL_CLIENT_SECRET"],
        message: "PAYPAL_CLIENT_ID and PAYPAL_CLIENT_SECRET must be set together (or both left unset for the sandbox)",
      });
    }
    if (Boolean(env.TURN_URLS) !== Boolean(env.TURN_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [env.TURN_URLS ? "TURN_SECRET" : "TURN_URLS"],
        message: "TURN_URLS and TURN_SECRET must be set together (or both left unset: no TURN relay)",
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset, as in most .env tooling.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = envSchema.safeParse(cleaned);
  const production = isProductionEnv(cleaned);
  // One error naming every offending variable, so a deploy is fixed in one round.
  const problems: EnvProblem[] = [
    ...(result.success ? [] : result.error.issues.map((i) => ({ name: i.path.join(".") || "(env)", message: i.message }))),
    ...alwaysProblems(cleaned),
    ...(production ? productionProblems(cleaned) : []),
  ];
  if (problems.length > 0 || !result.success) {
    const lines = problems.map((p) => `  - ${p.name}: ${p.message}`);
    const title = production ? "Invalid production environment configuration" : "Invalid environment configuration";
    throw new EnvError(`${title}:\n${lines.join("\n")}\nSee .env.example for every variable.`);
  }
  return result.data;
}

let cached: Env | undefined;
/** The process environment, validated once. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * Demo accounts (shown on the sign-in page) and time travel: only on the embedded database the app runner started, or
 * with an explicit DEMO_MODE=true. Production refuses both flags at start-up, so this is false there.
 */
export function demoFeatures(e: Env = env()) {
  const local = e.EMBEDDED_DATABASE || e.DEMO_MODE;
  return { demoSignIn: e.DEMO_MODE, timeTravel: e.ALLOW_TIME_TRAVEL && local };
}

/** Which mode each integration runs in; safe to show (never contains a secret). */
export function integrationModes(e: Env = env()) {
  return {
    database: e.EMBEDDED_DATABASE || !e.DATABASE_URL ? "embedded" : "configured",
    stripe: e.STRIPE_SECRET_KEY ? (e.STRIPE_SECRET_KEY.includes("_live_") ? "live" : "test-mode") : "sandbox",
    paypal: e.PAYPAL_CLIENT_ID ? e.PAYPAL_MODE : "local-sandbox",
  } as const;
}
