import "server-only";
import { db } from "~/server/db/client";
import { env } from "~/env";
import { type Auth, authOptionsFromEnv, createAuth } from "./auth";
import { sessionUserFromCookieCache, toSessionUser } from "./session-cookie";
import { readSessionUser } from "./session-table";

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
  if (!opts.fromCookie) {
    const e = env();
    return readSessionUser(auth(), db(), headers, { secret: e.BETTER_AUTH_SECRET, secure: e.APP_URL.startsWith("https://") });
  }
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  return toSessionUser(session.user);
}

/**
 * For a plain route that may trust the signed session copy (the lesson page's poll): the user from the copy, checked
 * locally (no query); when the copy is missing or stale, from the session table through better-auth, with the
 * Set-Cookie headers that renew the copy (the route must send them on, as nextCookies does for the App Router).
 */
export async function getSessionUserFromCookie(
  cookieHeader: string | undefined,
): Promise<{ user: SessionUser; setCookie: string[] } | null> {
  const e = env();
  const fromCopy = await sessionUserFromCookieCache(cookieHeader, {
    secret: e.BETTER_AUTH_SECRET,
    secure: e.APP_URL.startsWith("https://"),
  });
  if (fromCopy) return { user: fromCopy, setCookie: [] };
  if (!cookieHeader) return null;
  const r = await auth().api.getSession({ headers: new Headers({ cookie: cookieHeader }), returnHeaders: true });
  return r.response ? { user: toSessionUser(r.response.user), setCookie: r.headers.getSetCookie() } : null;
}
