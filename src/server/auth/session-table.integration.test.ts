// The session read every signed-in request makes (readSessionUser): the plain read in one statement, better-auth
// whenever it would do more. Held to better-auth's own answers: the same user, a sign-out or a role change counting at
// once, and the cases only better-auth may decide (refresh, expiry, forged or stale cookies) still decided by it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, testAuth } from "~/test/auth";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { type Auth, SESSION_EXPIRES_IN_SECONDS } from "./auth";
import { readSessionUser, sessionUserFromTable } from "./session-table";

let t: TestDatabase;
let auth: Auth;
const cfg = { secret: "test-secret-0123456789-0123456789-xx", secure: false };
beforeAll(async () => {
  t = await createTestDatabase();
  auth = testAuth(t.db, { secret: cfg.secret });
});
afterAll(() => t.drop());

const DAY = 86_400_000;
const read = (cookie: string) => readSessionUser(auth, t.db, new Headers({ cookie }), cfg);
const fast = (cookie: string) => sessionUserFromTable(t.db, cookie, cfg);
const byBetterAuth = (cookie: string) => auth.api.getSession({ headers: new Headers({ cookie }), query: { disableCookieCache: true } });
/** only the session token (a browser sends the copy too; the table read must not need it) */
const tokenOnly = (cookie: string) =>
  cookie
    .split("; ")
    .filter((c) => c.startsWith("better-auth.session_token="))
    .join("; ");

async function signedUp(email: string, role = "STUDENT") {
  const r = await signUp(auth, { email, role, timeZone: "Europe/Berlin" });
  expect(r.status).toBe(200);
  const session = await t.db.session.findFirstOrThrow({ where: { user: { email } } });
  return { cookie: r.cookie, sessionId: session.id, userId: session.userId };
}

describe("the signed-in user from the session table", () => {
  it("is the user better-auth reads, read without it, and a role changed in the table counts at the next request", async () => {
    const s = await signedUp("tia@example.test", "TUTOR");
    const viaBetterAuth = await byBetterAuth(s.cookie);
    expect(await fast(s.cookie)).toEqual({
      id: s.userId,
      email: "tia@example.test",
      name: "tia",
      role: "TUTOR",
      timeZone: "Europe/Berlin",
    });
    expect(await read(tokenOnly(s.cookie))).toEqual({
      id: viaBetterAuth!.user.id,
      email: viaBetterAuth!.user.email,
      name: viaBetterAuth!.user.name,
      role: "TUTOR",
      timeZone: "Europe/Berlin",
    });
    await t.db.user.update({ where: { id: s.userId }, data: { role: "ADMIN" } });
    expect((await read(s.cookie))?.role).toBe("ADMIN");
  });

  it("a session ended (signed out, revoked by an admin) reads as nobody at once", async () => {
    const s = await signedUp("sam@example.test");
    expect((await read(s.cookie))?.email).toBe("sam@example.test");
    await t.db.session.delete({ where: { id: s.sessionId } });
    expect(await fast(s.cookie)).toBeUndefined(); // better-auth decides, and clears the cookies
    expect(await read(s.cookie)).toBeNull();
  });

  it("a forged or foreign signature is nobody's: better-auth is asked and refuses it too", async () => {
    const s = await signedUp("fay@example.test");
    const token = decodeURIComponent(tokenOnly(s.cookie).split("=").slice(1).join("=")).split(".")[0]!;
    const forged = `better-auth.session_token=${encodeURIComponent(`${token}.${"A".repeat(43)}=`)}`;
    expect(await fast(forged)).toBeUndefined();
    expect(await read(forged)).toBeNull();
    expect(await read(`better-auth.session_token=${encodeURIComponent(token)}`)).toBeNull(); // unsigned
  });

  it("no session cookie at all is nobody, without a query or better-auth", async () => {
    expect(await fast("")).toBeNull();
    expect(await fast("theme=dark; other=1")).toBeNull();
    expect(await read("theme=dark")).toBeNull();
  });

  it("a session due for its refresh is refreshed by better-auth (its expiry moves on), then read plainly again", async () => {
    const s = await signedUp("ray@example.test");
    // last refreshed two days ago: better-auth moves the expiry on by the first read after a day (updateAge)
    const stale = new Date(Date.now() + SESSION_EXPIRES_IN_SECONDS * 1000 - 2 * DAY);
    await t.db.session.update({ where: { id: s.sessionId }, data: { expiresAt: stale } });
    expect(await fast(s.cookie)).toBeUndefined();
    expect((await read(s.cookie))?.email).toBe("ray@example.test");
    const refreshed = await t.db.session.findUniqueOrThrow({ where: { id: s.sessionId } });
    expect(refreshed.expiresAt.getTime()).toBeGreaterThan(stale.getTime() + DAY);
    expect((await fast(s.cookie))?.email).toBe("ray@example.test");
  });

  it("an expired session is nobody, and better-auth removes it", async () => {
    const s = await signedUp("eve@example.test");
    await t.db.session.update({ where: { id: s.sessionId }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    expect(await fast(s.cookie)).toBeUndefined();
    expect(await read(s.cookie)).toBeNull();
    expect(await t.db.session.findUnique({ where: { id: s.sessionId } })).toBeNull();
  });

  it("a session signed in without “remember me” is left to better-auth, which never refreshes it", async () => {
    const s = await signedUp("dan@example.test");
    const withFlag = `${s.cookie}; better-auth.dont_remember=whatever`;
    expect(await fast(withFlag)).toBeUndefined();
    expect((await read(withFlag))?.email).toBe("dan@example.test");
  });
});
