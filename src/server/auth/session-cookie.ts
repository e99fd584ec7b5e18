import "server-only";
// The signed-in user from the session cookies alone (no query), checked as better-auth's getSession checks them when it
// may use its cookie cache: the session token cookie's HMAC, then the signed session copy (better-auth's own
// getCookieCache: its HMAC, its own expiry and the session's), and that the copy belongs to that token.
import { createHmac, timingSafeEqual } from "node:crypto";
import { getCookieCache, parseCookies } from "better-auth/cookies";
import { LRUCache } from "lru-cache";
import { timeZoneOrUtc } from "~/server/users/user-fields";
import type { SessionUser } from "./index";

export interface CookieSessionConfig {
  secret: string;
  /** the app is served over https: better-auth then names its cookies __Secure-… (see createAuth) */
  secure: boolean;
}

/** better-auth's user object, as getSession returns it and its cookie copy holds it */
export function toSessionUser(u: { id: string; email: string; name: string; role?: unknown; timeZone?: unknown }): SessionUser {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: ((u.role as string | undefined) ?? "STUDENT") as SessionUser["role"],
    timeZone: timeZoneOrUtc((u.timeZone as string | undefined) ?? "UTC"),
  };
}

/** The token in better-auth's signed session token cookie (`token.base64(HMAC-SHA256(token))`), or null. */
export function signedSessionToken(cookies: Map<string, string>, cfg: CookieSessionConfig): string | null {
  const value = cookies.get(`${cfg.secure ? "__Secure-" : ""}better-auth.session_token`);
  if (!value) return null;
  const dot = value.lastIndexOf(".");
  if (dot < 1) return null;
  const token = value.slice(0, dot);
  // as better-call's getSignedCookie: a base64 SHA-256 HMAC is 44 characters, "=" last
  const signature = value.slice(dot + 1);
  if (signature.length !== 44 || !signature.endsWith("=")) return null;
  const expected = Buffer.from(createHmac("sha256", cfg.secret).update(token).digest("base64"));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? token : null;
}

interface Verified {
  user: SessionUser;
  /** ms since the epoch: the earlier of the copy's own expiry and the session's */
  until: number;
}

/**
 * Copies already verified, by their two cookie values. A signed value verifies the same every time, so an open lesson
 * page's poll (every 1.5 s, the same cookies each time) pays for the two HMACs and the copy's decoding once, not at each
 * poll — they were most of the poll's CPU. Each hit is still checked against the copy's expiry, so a copy stops
 * being trusted exactly when getCookieCache would stop trusting it; bounded so that a flood of forged cookies costs
 * memory for at most `max` entries (forgeries are not cached: they never verify).
 */
const verified = new LRUCache<string, Verified>({ max: 20_000 });
/** the secret the remembered copies were verified with (a process has one; tests may switch it) */
let verifiedWith: string | null = null;

/** The expiry better-auth signed into a compact copy (`base64url(JSON{ session, expiresAt, signature })`), once verified. */
function copyExpiresAt(value: string): number | null {
  try {
    const outer = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as { expiresAt?: unknown };
    return typeof outer.expiresAt === "number" ? outer.expiresAt : null;
  } catch {
    return null;
  }
}

/**
 * The user of the signed session copy when it is valid (signed with our secret, not expired, for the signed session
 * token sent with it); null otherwise — the caller then asks better-auth (the session table), which also renews the copy.
 */
export async function sessionUserFromCookieCache(cookieHeader: string | undefined, cfg: CookieSessionConfig): Promise<SessionUser | null> {
  if (!cookieHeader) return null;
  const cookies = parseCookies(cookieHeader);
  const prefix = cfg.secure ? "__Secure-" : "";
  const tokenValue = cookies.get(`${prefix}better-auth.session_token`);
  // a copy split over several cookies (better-auth chunks large ones) is verified every time, not remembered
  const copyValue = cookies.get(`${prefix}better-auth.session_data`);
  if (verifiedWith !== cfg.secret) {
    verified.clear();
    verifiedWith = cfg.secret;
  }
  const key = tokenValue && copyValue ? `${tokenValue}\n${copyValue}` : null;
  const hit = key ? verified.get(key) : undefined;
  if (hit) {
    if (Date.now() < hit.until) return hit.user;
    verified.delete(key!);
    return null;
  }
  const token = signedSessionToken(cookies, cfg);
  if (!token) return null;
  const copy = await getCookieCache(new Headers({ cookie: cookieHeader }), {
    secret: cfg.secret,
    isSecure: cfg.secure,
    // the version getSession expects when createAuth sets none
    version: "1",
  });
  if (!copy || copy.session.token !== token) return null;
  const user = toSessionUser(copy.user as Parameters<typeof toSessionUser>[0]);
  const copyUntil = copyValue ? copyExpiresAt(copyValue) : null;
  if (key && copyUntil !== null) verified.set(key, { user, until: Math.min(copyUntil, new Date(copy.session.expiresAt).getTime()) });
  return user;
}
