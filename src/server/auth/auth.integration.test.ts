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

const session = (cookie: string) => auth.api.getSession({ headers: new Headers({ cookie }) });

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
    ];
    for (const [body, message] of refusals) {
      const r = await update(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.text).toMatch(message);
    }
    const zed = await t.db.user.findUniqueOrThrow({ where: { email: "zed@example.test" } });
    expect([zed.name, zed.timeZone, zed.image]).toEqual(["zed", "Europe/Berlin", null]);

    // accepted values are stored canonical (trimmed name, the zone's IANA spelling)
    expect((await update({ name: "  Zed Zulu ", timeZone: "asia/tokyo" })).status).toBe(200);
    const after = await t.db.user.findUniqueOrThrow({ where: { email: "zed@example.test" } });
    expect([after.name, after.timeZone]).toEqual(["Zed Zulu", "Asia/Tokyo"]);

    for (const [body, message] of [
      [{ email: "mars@example.test", timeZone: "Mars/Olympus" }, /timeZone:/],
      [{ email: "long@example.test", name: "y".repeat(200) }, /name: at most 80 characters/],
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
  });

  it("limits sign-in attempts per account, whatever address they come from", async () => {
    await signUp(auth, { email: "target@example.test", role: "STUDENT" });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await signIn(auth, "target@example.test", "guess-password-x", `198.51.100.${i}`)).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // the right password is refused too while the account is locked out
    const locked = await signIn(auth, "target@example.test");
    expect(locked.status).toBe(429);
    expect(JSON.stringify(locked.body)).toMatch(/Too many sign-in attempts for this account/);
    // another account is unaffected
    await signUp(auth, { email: "other@example.test", role: "STUDENT" });
    expect((await signIn(auth, "other@example.test")).status).toBe(200);
  });

  it("limits sign-in attempts per address", async () => {
    const strict = testAuth(t.db, { signInLimitPerAddress: 3, signInLimitPerAccount: 1000 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(strict, `nobody${i}@example.test`, "x-password-1", "192.0.2.99")).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
  });
});
