import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { env } from "~/env";
import type { Db } from "~/server/db/client";
import { checkUserFields, DEFAULT_LOCALE, localeField, timeZoneField } from "~/server/users/user-fields";
import { clientAddress } from "~/server/request-limits/client-address";
import { createSignInThrottle } from "./sign-in-throttle";

/** How long the signed session copy in the cookie may stand in for the session table (where it is allowed to). */
export const SESSION_COOKIE_CACHE_SECONDS = 5 * 60;
/** A session lasts this long from its last refresh… */
export const SESSION_EXPIRES_IN_SECONDS = 60 * 60 * 24 * 7;
/** …and is refreshed (its expiry moved on) by the first read this long after the last refresh. */
export const SESSION_UPDATE_AGE_SECONDS = 60 * 60 * 24;

export const SIGN_UP_ROLES = ["STUDENT", "TUTOR"] as const;

export interface AuthOptions {
  db: Db;
  baseURL: string;
  secret: string;
  /** wrong passwords one (account, address) pair may make before each further one makes it wait longer */
  signInFreeFailures: number;
  /** the first wait, doubling with each further failure (default 2 s) */
  signInFirstDelaySeconds?: number;
  /** sign-in and sign-up attempts per address per minute, whatever the account */
  signInLimitPerAddress: number;
}

export function createAuth(opts: AuthOptions) {
  const throttle = createSignInThrottle(opts.db, {
    freeFailures: opts.signInFreeFailures,
    firstDelaySeconds: opts.signInFirstDelaySeconds,
  });
  const signInEmail = (body: unknown) => {
    const email = (body as { email?: unknown } | undefined)?.email;
    return typeof email === "string" ? email : "";
  };
  return betterAuth({
    baseURL: opts.baseURL,
    secret: opts.secret,
    trustedOrigins: [opts.baseURL],
    advanced: {
      // Secure (and __Secure- prefixed) session cookies whenever the app is served over https — production requires it.
      useSecureCookies: opts.baseURL.startsWith("https://"),
      // The session and its user in one statement (a join) instead of two: every signed-in request makes this lookup.
      database: { joins: true },
    },
    database: prismaAdapter(opts.db, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: 10, autoSignIn: true },
    session: {
      expiresIn: SESSION_EXPIRES_IN_SECONDS,
      updateAge: SESSION_UPDATE_AGE_SECONDS,
      // A signed copy of the session and user in a cookie, for the few reads allowed to trust it instead of the session
      // table (the lesson page's poll: see getSessionUser). Everything else still reads the table, so a revoked session or
      // a changed role counts at once there; the poll trusts the copy for at most this long.
      cookieCache: { enabled: true, maxAge: SESSION_COOKIE_CACHE_SECONDS },
    },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "STUDENT", input: true },
        // The validator runs on sign-up and update-user alike; the hooks below check the rest (name, image, role).
        timeZone: { type: "string", required: false, defaultValue: "UTC", input: true, validator: { input: timeZoneField } },
        locale: { type: "string", required: false, defaultValue: DEFAULT_LOCALE, input: true, validator: { input: localeField } },
      },
    },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/email": { window: 60, max: opts.signInLimitPerAddress },
        "/sign-up/email": { window: 60, max: opts.signInLimitPerAddress },
      },
    },
    databaseHooks: {
      user: {
        create: {
          // Sign-up may choose STUDENT or TUTOR only; admins are made by an operator (seed or ops CLI).
          before: async (user) => {
            const role = (user as { role?: string }).role ?? "STUDENT";
            if (!(SIGN_UP_ROLES as readonly string[]).includes(role)) {
              throw new APIError("BAD_REQUEST", { message: "role: choose STUDENT or TUTOR" });
            }
            const checked = checkUserFields({ ...user, role, timeZone: (user as { timeZone?: string }).timeZone ?? "UTC" });
            if (!checked.ok) throw new APIError("BAD_REQUEST", { message: checked.message });
            return { data: { ...user, ...checked.data } };
          },
        },
        update: {
          before: async (user) => {
            // The role is never changed through the auth API (that would let a user make themselves ADMIN).
            if ("role" in user && user.role !== undefined) {
              throw new APIError("FORBIDDEN", { message: "role: cannot be changed here; an operator changes roles" });
            }
            const checked = checkUserFields(user);
            if (!checked.ok) throw new APIError("BAD_REQUEST", { message: checked.message });
            return { data: { ...user, ...checked.data } };
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const email = signInEmail(ctx.body);
        if (!email) return;
        const wait = await throttle.waitFor(email, ctx.headers ? clientAddress(ctx.headers) : null);
        if (wait) throw new APIError("TOO_MANY_REQUESTS", { message: wait.message }, { "Retry-After": String(wait.seconds) });
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const email = signInEmail(ctx.body);
        if (!email) return;
        const address = ctx.headers ? clientAddress(ctx.headers) : null;
        const returned = ctx.context.returned;
        if (isAPIError(returned)) {
          // Only a wrong email or password counts; a refusal by the throttle itself does not add to the wait.
          if (returned.statusCode === 401) await throttle.recordFailure(email, address);
        } else {
          await throttle.recordSuccess(email, address);
        }
      }),
    },
    plugins: [nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

export function authOptionsFromEnv(db: Db): AuthOptions {
  const e = env();
  return {
    db,
    baseURL: e.APP_URL,
    secret: e.BETTER_AUTH_SECRET,
    // The variable keeps its name; it now counts free wrong passwords per account and address (see sign-in-throttle.ts).
    signInFreeFailures: e.AUTH_SIGNIN_LIMIT_PER_ACCOUNT,
    signInLimitPerAddress: e.AUTH_SIGNIN_LIMIT_PER_ADDRESS,
  };
}
