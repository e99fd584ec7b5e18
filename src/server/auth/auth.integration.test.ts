import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, signUp, TEST_APP_URL, testAuth } from "~/test/auth";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import type { Auth } from "./auth";

let t: TestDatabase;
let auth: Auth;
beforeAll(async () => {
  t = await createTestDatabase();
  auth = testAuth(t.db);
});
afterAll(() => t.drop());

// As the app reads it (getSessionUser): from the session table. The signed copy in the cookie is for the lesson poll only.
const session = (cookie: string) => auth.api.getSession({ headers: new Headers({ cookie }), query: { disableCookieCache: true } });
const cookieCopy = (cookie: string) => auth.api.getSession({ headers: new Headers({ cookie }) });

describe("sign-up, sign-in, sign-out", () => {
  it("signs up a student and a tutor with a session stored in PostgreSQL and a hashed password", async () => {
    const s = await signUp(auth, { email: "ann@example.test", role: "STUDENT", timeZone: "Europe/Paris" });
    const tu = await signUp(auth, { email: "tom@example.test", role: "TUTOR" });
    expect(s.status).toBe(200);
    expect(tu.status).toBe(200);
    const users = await t.db.user.findMany({ orderBy: { email: "asc" } });
    expect(users.map((u) => [u.email, u.role, u.timeZone])).toEqual([
      ["ann@example.test", "STUDENT", "Europe/Paris"],
      ["tom@example.test", "TUTOR", "UTC"],
    ]);
    const account = await t.db.account.findFirstOrThrow({ where: { user: { email: "ann@example.test" } } });
    expect(account.password).toBeTruthy();
    expect(account.password).not.toContain("correct-horse-battery");
    expect(await t.db.session.count()).toBe(2);
    expect((await session(s.cookie))?.user.email).toBe("ann@example.test");
  });

  it("never creates an admin by sign-up, and writes nothing when refused", async () => {
    const r = await signUp(auth, { email: "mallory@example.test", role: "ADMIN" });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toMatch(/role: choose STUDENT or TUTOR/);
    expect(await t.db.user.count({ where: { email: "mallory@example.test" } })).toBe(0);
  });

  it("cannot promote itself through the update-user endpoint", async () => {
    const s = await signUp(auth, { email: "eve@example.test", role: "STUDENT" });
    await auth.handler(
      new Request(`${TEST_APP_URL}/api/auth/update-user`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_APP_URL, cookie: s.cookie },
        body: JSON.stringify({ role: "ADMIN", name: "Eve" }),
      }),
    );
    const eve = await t.db.user.findUniqueOrThrow({ where: { email: "eve@example.test" } });
    expect(eve.role).toBe("STUDENT");
  });

  it("validates every field update-user and sign-up can write, naming the field, and writes nothing when refused", async () => {
    const s = await signUp(auth, { email: "zed@example.test", role: "TUTOR", timeZone: "Europe/Berlin" });
    const update = async (body: Record<string, unknown>) => {
      const res = await auth.handler(
        new Request(`${TEST_APP_URL}/api/auth/update-user`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: TEST_APP_URL, cookie: s.cookie },
          body: JSON.stringify(body),
        }),
      );
      const json = (await res.json().catch(() => null)) as { message?: string } | null;
      return { status: res.status, text: json?.message ?? "" };
    };
    const refusals: Array<[Record<string, unknown>, RegExp]> = [
      [{ timeZone: "Mars/Olympus" }, /timeZone: "Mars\/Olympus" is not an IANA time zone/],
      [{ timeZone: "+05:00" }, /timeZone:/],
      [{ timeZone: 42 }, /timeZone:/],
      [{ name: "x".repeat(81) }, /name: at most 80 characters/],
      [{ name: "   " }, /name: write your name/],
      [{ name: "Zed\r\nBcc: all" }, /name: line breaks and control characters/],
      [{ image: "javascript:alert(1)" }, /image: profile pictures are not used/],
      [{ name: "Zed", timeZone: "Mars/Olympus" }, /timeZone:/],
      [{ locale: "tlh-Klingon" }, /locale: "tlh-Klingon" is not supported; choose one of en-US, en-GB, de-DE/],
      [{ locale: "de-DE-u-nu-arab" }, /locale:/],
      [{ locale: "" }, /locale:/],
      [{ locale: 7 }, /locale:/],
    ];
    for (const [body, message] of refusals) {
      const r = await update(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.text).toMatch(message);
    }
    const zed = await t.db.user.findUniqueOrThrow({ where: { email: "zed@example.test" } });
    expect([zed.name, zed.timeZone, zed.image, zed.locale]).toEqual(["zed", "Europe/Berlin", null, "en-US"]);

    // accepted values are stored canonical (trimmed name, the zone's IANA spelling, the locale's BCP 47 case)
    expect((await update({ name: "  Zed Zulu ", timeZone: "asia/tokyo", locale: "de-de" })).status).toBe(200);
    const after = await t.db.user.findUniqueOrThrow({ where: { email: "zed@example.test" } });
    expect([after.name, after.timeZone, after.locale]).toEqual(["Zed Zulu", "Asia/Tokyo", "de-DE"]);

    for (const [body, message] of [
      [{ email: "mars@example.test", timeZone: "Mars/Olympus" }, /timeZone:/],
      [{ email: "long@example.test", name: "y".repeat(200) }, /name: at most 80 characters/],
      [{ email: "xx@example.test", locale: "xx-XX" }, /locale: "xx-XX" is not supported/],
    ] as const) {
      const r = await signUp(auth, { role: "STUDENT", ...body });
      expect(r.status).toBe(400);
      expect((r.body as { message?: string } | null)?.message).toMatch(message);
      expect(await t.db.user.count({ where: { email: body.email } })).toBe(0);
    }
  });

  it("signs in with the right password only, and signing out ends the session", async () => {
    await signUp(auth, { email: "sue@example.test", role: "STUDENT" });
    expect((await signIn(auth, "sue@example.test", "wrong-password-123")).status).toBe(401);
    const ok = await signIn(auth, "sue@example.test");
    expect(ok.status).toBe(200);
    expect((await session(ok.cookie))?.user.email).toBe("sue@example.test");
    const out = await auth.handler(
      new Request(`${TEST_APP_URL}/api/auth/sign-out`, {
        method: "POST",
        headers: { origin: TEST_APP_URL, cookie: ok.cookie, "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(out.status).toBe(200);
    expect(await session(ok.cookie)).toBeNull();
    // The known price of the lesson poll's cheapness: a copy of the old cookie (the browser itself drops it on sign-out)
    // still passes the cookie-trusting read until the copy's maxAge (SESSION_COOKIE_CACHE_SECONDS), and only that read.
    expect((await cookieCopy(ok.cookie))?.user.email).toBe("sue@example.test");
  });

  it("wrong passwords slow down only the account-and-address pair they come from: nobody can lock the owner out", async () => {
    // 5 free wrong passwords per pair, then a wait of 10 min doubling (a long first wait keeps the test free of timing)
    const slow = testAuth(t.db, { signInFreeFailures: 5, signInFirstDelaySeconds: 600 });
    await signUp(slow, { email: "target@example.test", role: "STUDENT" });
    const attacker = "198.51.100.7";
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await signIn(slow, "target@example.test", "guess-password-x", attacker)).status);
    // five free failures, the sixth is checked and starts the wait, then the pair is refused before any password check
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
    const waiting = await signIn(slow, "target@example.test", "correct-horse-battery", attacker);
    expect(waiting.status).toBe(429);
    expect(waiting.body?.message).toMatch(/Too many wrong passwords for this account from your network address\. Try again in 10 minutes/);
    expect(Number(waiting.retryAfter)).toBeGreaterThan(500);
    // the owner, from their own address, signs in at once: the attacker's failures did not lock the account
    expect((await signIn(slow, "target@example.test", "correct-horse-battery", "203.0.113.50")).status).toBe(200);
    // and the attacker's address is not slowed down for another account
    await signUp(slow, { email: "other@example.test", role: "STUDENT" });
    expect((await signIn(slow, "other@example.test", "correct-horse-battery", attacker)).status).toBe(200);
  });

  it("a right password clears the pair's count; refusals while waiting do not lengthen the wait", async () => {
    const slow = testAuth(t.db, { signInFreeFailures: 3, signInFirstDelaySeconds: 600 });
    await signUp(slow, { email: "forgetful@example.test", role: "STUDENT" });
    const home = "192.0.2.10";
    for (let i = 0; i < 3; i++) expect((await signIn(slow, "forgetful@example.test", "wrong-password-1", home)).status).toBe(401);
    expect((await signIn(slow, "forgetful@example.test", "correct-horse-battery", home)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await signIn(slow, "forgetful@example.test", "wrong-password-1", home)).status).toBe(401);
    const rows = await t.db.requestLimit.findMany({ where: { key: { startsWith: "sign-in:failures:forgetful@example.test" } } });
    expect(rows.map((r) => r.points)).toEqual([3]);
    expect((await signIn(slow, "forgetful@example.test", "wrong-password-1", home)).status).toBe(401); // the 4th: wait starts
    for (let i = 0; i < 3; i++) expect((await signIn(slow, "forgetful@example.test", "wrong-password-1", home)).status).toBe(429);
    const after = await t.db.requestLimit.findMany({ where: { key: { startsWith: "sign-in:failures:forgetful@example.test" } } });
    expect(after.map((r) => r.points)).toEqual([4]);
  });

  it("limits sign-in attempts per address", async () => {
    const strict = testAuth(t.db, { signInLimitPerAddress: 3, signInFreeFailures: 1000 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(strict, `nobody${i}@example.test`, "x-password-1", "192.0.2.99")).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
  });
});
