import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { env } from "~/env";
import type { Db } from "~/server/db/client";
import { checkUserFields, timeZoneField } from "~/server/users/user-fields";
import { countSignInAttempt } from "./account-rate-limit";

export const SIGN_UP_ROLES = ["STUDENT", "TUTOR"] as const;

export interface AuthOptions {
  db: Db;
  baseURL: string;
  secret: string;
  signInLimitPerAccount: number;
  signInLimitPerAddress: number;
  now?: () => number;
}

export function createAuth(opts: AuthOptions) {
  const now = opts.now ?? Date.now;
  return betterAuth({
    baseURL: opts.baseURL,
    secret: opts.secret,
    trustedOrigins: [opts.baseURL],
    // Secure (and __Secure- prefixed) session cookies whenever the app is served over https — production requires it.
    advanced: { useSecureCookies: opts.baseURL.startsWith("https://") },
    database: prismaAdapter(opts.db, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: 10, autoSignIn: true },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    user: {
      additionalFields: {
        role: { type: "string", required: false, defaultValue: "STUDENT", input: true },
        // The validator runs on sign-up and update-user alike; the hooks below check the rest (name, image, role).
        timeZone: { type: "string", required: false, defaultValue: "UTC", input: true, validator: { input: timeZoneField } },
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
        const email = typeof ctx.body?.email === "string" ? ctx.body.email : "";
        if (!email) return;
        const verdict = await countSignInAttempt(opts.db, email, {
          max: opts.signInLimitPerAccount,
          windowMs: 15 * 60_000,
          nowMs: now(),
        });
        if (!verdict.allowed) {
          throw new APIError("TOO_MANY_REQUESTS", {
            message: `Too many sign-in attempts for this account. Try again in ${Math.ceil(verdict.retryAfterSeconds / 60)} minutes.`,
          });
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
    signInLimitPerAccount: e.AUTH_SIGNIN_LIMIT_PER_ACCOUNT,
    signInLimitPerAddress: e.AUTH_SIGNIN_LIMIT_PER_ADDRESS,
  };
}
