import "server-only";
// The signed-in user from the session table in one statement, for the requests where better-auth's getSession would
// only read: it costs 1.3 ms of CPU per call on this machine (its endpoint pipeline, and re-signing the session copy
// cookie each time), the same read through Prisma 0.27 ms — a third of what me.get cost a process (bench/http).
// It decides nothing better-auth decides: every case in which getSession would do more than read — no valid signed
// token, no such session, an expired one (it deletes it and clears the cookies), one due for its refresh (it moves the
// expiry on), a "don't remember me" session (it never refreshes) — answers `undefined`: ask better-auth. What is left is
// exactly its plain read, as its getSession checks it (session.expiresAt − expiresIn + updateAge still ahead).
// Hand-written on purpose (README, "Written by hand"); auth.integration.test.ts holds it to better-auth's answers.
import { parseCookies } from "better-auth/cookies";
import type { Db } from "~/server/db/client";
import { type Auth, SESSION_EXPIRES_IN_SECONDS, SESSION_UPDATE_AGE_SECONDS } from "./auth";
import type { SessionUser } from "./index";
import { type CookieSessionConfig, signedSessionToken, toSessionUser } from "./session-cookie";

/** The user, null when no session cookie was sent at all, or undefined: better-auth must answer (see above). */
export async function sessionUserFromTable(
  db: Db,
  cookieHeader: string | null,
  cfg: CookieSessionConfig,
): Promise<SessionUser | null | undefined> {
  if (!cookieHeader) return null;
  const cookies = parseCookies(cookieHeader);
  const prefix = cfg.secure ? "__Secure-" : "";
  if (!cookies.has(`${prefix}better-auth.session_token`)) return null;
  if (cookies.has(`${prefix}better-auth.dont_remember`)) return undefined;
  const token = signedSessionToken(cookies, cfg);
  if (!token) return undefined;
  const session = await db.session.findUnique({
    where: { token },
    select: { expiresAt: true, user: { select: { id: true, email: true, name: true, role: true, timeZone: true } } },
  });
  if (!session) return undefined;
  // better-auth's own clock: the session's expiry is on the wall clock, not the app's (time-travelling) one
  const now = Date.now();
  const expiresAt = session.expiresAt.getTime();
  if (expiresAt <= now) return undefined;
  if (expiresAt - SESSION_EXPIRES_IN_SECONDS * 1000 + SESSION_UPDATE_AGE_SECONDS * 1000 <= now) return undefined;
  return toSessionUser(session.user);
}

/** The signed-in user from the session table: the plain read in one statement, or better-auth where it would do more. */
export async function readSessionUser(auth: Auth, db: Db, headers: Headers, cfg: CookieSessionConfig): Promise<SessionUser | null> {
  const read = await sessionUserFromTable(db, headers.get("cookie"), cfg);
  if (read !== undefined) return read;
  const session = await auth.api.getSession({ headers, query: { disableCookieCache: true } });
  return session ? toSessionUser(session.user) : null;
}
