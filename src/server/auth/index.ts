import "server-only";
import { db } from "~/server/db/client";
import { timeZoneOrUtc } from "~/server/users/user-fields";
import { type Auth, authOptionsFromEnv, createAuth } from "./auth";

const globalForAuth = globalThis as unknown as { __auth?: Auth };

/** The app's auth instance (lazy: the database URL is only known at run time). */
export function auth(): Auth {
  globalForAuth.__auth ??= createAuth(authOptionsFromEnv(db()));
  return globalForAuth.__auth;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: "STUDENT" | "TUTOR" | "ADMIN";
  timeZone: string;
}

/**
 * The signed-in user, from the session table. `fromCookie`: from the signed copy in the session cookie when it is there
 * and younger than SESSION_COOKIE_CACHE_SECONDS (no query) — only for reads that may lag a sign-out elsewhere or a role
 * change by that long, i.e. the lesson page's poll, which re-checks participation in its own query anyway.
 */
export async function getSessionUser(headers: Headers, opts: { fromCookie?: boolean } = {}): Promise<SessionUser | null> {
  const session = await auth().api.getSession({ headers, query: { disableCookieCache: !opts.fromCookie } });
  if (!session) return null;
  const u = session.user as typeof session.user & { role?: string; timeZone?: string };
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: (u.role ?? "STUDENT") as SessionUser["role"],
    timeZone: timeZoneOrUtc(u.timeZone ?? "UTC"),
  };
}
