import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { apiResolver } from "next/dist/server/api-utils/node/api-resolver";
import superjson from "superjson";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "~/server/auth";
import { SESSION_COOKIE_CACHE_SECONDS } from "~/server/auth/auth";
import { updateTimeZone } from "~/server/users/profile";
import { signUp, testAuth } from "~/test/auth";
import { startAppHarness, statementsDuring } from "~/test/app-routes";
import { type Harness, HOUR } from "~/test/lifecycle-harness";
import type { answerLessonPoll as AnswerLessonPoll } from "./poll-route";

// GET /api/lessons/[id]/poll, the lesson page's poll: what it answers and what it costs in SQL statements (every
// statement any pg client in this process sends is counted), with real better-auth cookies — and which cookies it
// refuses: the signed session copy stands in for the session table only when better-auth would accept it.
const SECRET = "test-secret-0123456789-0123456789-xx";
let h: Harness;
let answerLessonPoll: typeof AnswerLessonPoll;
let server: Server;
let serverUrl: string;
let studentCookie: string;
let otherCookie: string;
let student: SessionUser;
let tutor: SessionUser;
let lessonId: string;

interface View {
  token: string;
  validUntil: Date | null;
  tutor: { timeZone: string };
}
type Answer = { changed: false; serverNow: Date } | { changed: true; lesson: View };

async function user(email: string, role: SessionUser["role"]): Promise<SessionUser> {
  const row = await h.t.db.user.findUniqueOrThrow({ where: { email } });
  return { id: row.id, email, name: row.name, role, timeZone: "UTC" };
}

beforeAll(async () => {
  h = await startAppHarness(SECRET);
  ({ answerLessonPoll } = await import("./poll-route"));
  // The Pages Router API route, run by Next.js's own resolver (what `next start` calls for src/pages/api) on a real
  // HTTP server: its query parsing, req/res helpers and headers, as in production.
  const route = await import("~/pages/api/lessons/[id]/poll");
  server = createServer((req, res) => {
    const url = new URL(req.url!, "http://localhost");
    const query = { ...Object.fromEntries(url.searchParams), id: url.pathname.split("/")[3]! };
    void apiResolver(
      req,
      res,
      query,
      route,
      { previewModeId: "", previewModeEncryptionKey: "", previewModeSigningKey: "", dev: false },
      true,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const auth = testAuth(h.t.db);
  studentCookie = (await signUp(auth, { email: "route-student@example.test", role: "STUDENT" })).cookie;
  await signUp(auth, { email: "route-tutor@example.test", role: "TUTOR" });
  otherCookie = (await signUp(auth, { email: "route-other@example.test", role: "STUDENT" })).cookie;
  expect(studentCookie).toContain("better-auth.session_data="); // the signed copy the poll reads instead of the session table
  student = await user("route-student@example.test", "STUDENT");
  tutor = await user("route-tutor@example.test", "TUTOR");
  await h.t.db.tutorProfile.create({ data: { userId: tutor.id, price25: 450, price50: 850, currency: "USD" } });
  lessonId = await h.book(student, tutor, 2 * HOUR);
});
afterEach(() => vi.useRealTimers());
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await h.close();
});

const poll = (copy: Pick<View, "token" | "validUntil">, cookie = studentCookie) =>
  answerLessonPoll(cookie, { lessonId, token: copy.token, validUntil: copy.validUntil ? String(copy.validUntil.getTime()) : "" });

const answerOf = (body: string) => superjson.parse<Answer>(body);

async function currentView(): Promise<View> {
  const r = await poll({ token: "", validUntil: null });
  expect(r.status).toBe(200);
  const answer = answerOf(r.body);
  if (!answer.changed) throw new Error("a poll without a copy must answer with the view");
  return answer.lesson;
}

const cookiesOf = (header: string) => new Map(header.split("; ").map((c) => [c.slice(0, c.indexOf("=")), c.slice(c.indexOf("=") + 1)]));
const cookieHeader = (m: Map<string, string>) => [...m].map(([k, v]) => `${k}=${v}`).join("; ");

describe("GET /api/lessons/[id]/poll", () => {
  it("answers an unchanged lesson with one SQL statement (no session query), and the new view after a write", async () => {
    const view = await currentView();
    await poll(view); // the first request of the process builds the auth instance
    const unchanged = await statementsDuring(() => poll(view));
    expect(unchanged.result.status).toBe(200);
    expect(answerOf(unchanged.result.body)).toMatchObject({ changed: false });
    expect(unchanged.statements).toHaveLength(1);
    expect(unchanged.statements[0]).toMatch(/FROM "Lesson" l JOIN "user" s/);

    await updateTimeZone(h.services, tutor.id, "Asia/Tokyo"); // the tutor's time zone is on the student's page
    const changed = answerOf((await poll(view)).body);
    expect(changed.changed).toBe(true);
    if (changed.changed) expect(changed.lesson.tutor.timeZone).toBe("Asia/Tokyo");
  });

  it("answers polls that arrive together with one statement, each with its own answer", async () => {
    const view = await currentView();
    await poll(view, otherCookie); // each page's cookies verified once already, as on a page that has been open a while
    const together = await statementsDuring(() =>
      Promise.all([poll(view), poll(view), poll({ token: "stale", validUntil: null }), poll(view, otherCookie), poll(view)]),
    );
    expect(together.result.map((r) => r.status)).toEqual([200, 200, 200, 404, 200]);
    expect(together.result.map((r) => (r.status === 200 ? answerOf(r.body).changed : null))).toEqual([false, false, true, null, false]);
    // one lookup for all five, then the full view for the one page whose copy was stale
    expect(together.statements.filter((q) => /FROM "Lesson" l JOIN "user" s/.test(q))).toHaveLength(1);
  });

  it("answers someone else's lesson as lesson.get answers a missing one: 404, nothing revealed", async () => {
    const view = await currentView();
    const r = await poll(view, otherCookie);
    expect(r.status).toBe(404);
    expect(JSON.parse(r.body)).toEqual({ error: { message: "We couldn't find that lesson in your lessons." } });
  });

  it("refuses a page with no session, or with a session token signed with another secret, without a query", async () => {
    const view = await currentView();
    const none = await statementsDuring(() => poll(view, ""));
    expect(none.result.status).toBe(401);
    expect(JSON.parse(none.result.body).error.message).toMatch(/sign in again/);
    expect(none.statements).toHaveLength(0);

    const forged = cookiesOf(studentCookie);
    const token = decodeURIComponent(forged.get("better-auth.session_token")!).split(".")[0]!;
    const sig = createHmac("sha256", "another-secret-0123456789-0123456789").update(token).digest("base64");
    forged.set("better-auth.session_token", encodeURIComponent(`${token}.${sig}`));
    const refused = await statementsDuring(() => poll(view, cookieHeader(forged)));
    expect(refused.result.status).toBe(401);
    expect(refused.statements).toHaveLength(0);
  });

  it("does not take a tampered session copy: it asks the session table, which knows the token's real user", async () => {
    const view = await currentView();
    // the student's signed copy, rewritten to say the other student (whose lesson this is not): its signature fails
    const cookies = cookiesOf(studentCookie);
    const copy = JSON.parse(Buffer.from(cookies.get("better-auth.session_data")!, "base64url").toString()) as {
      session: { user: { id: string } };
    };
    copy.session.user.id = (await user("route-other@example.test", "STUDENT")).id;
    cookies.set("better-auth.session_data", Buffer.from(JSON.stringify(copy)).toString("base64url"));
    const tampered = await statementsDuring(() => poll(view, cookieHeader(cookies)));
    expect(tampered.result.status).toBe(200); // the token's session is the student's
    expect(tampered.statements.join("\n")).toMatch(/"session"/);

    // another user's valid copy sent with the student's token is not the student's either
    const mixed = cookiesOf(studentCookie);
    mixed.set("better-auth.session_data", cookiesOf(otherCookie).get("better-auth.session_data")!);
    const r = await statementsDuring(() => poll(view, cookieHeader(mixed)));
    expect(r.result.status).toBe(200);
    expect(r.statements.join("\n")).toMatch(/"session"/);
  });

  it("remembers a verified copy only until the copy itself expires, and never a copy that failed", async () => {
    const view = await currentView();
    // the same cookies again: answered from the remembered verification, still one statement and no session query
    const again = await statementsDuring(() => poll(view));
    expect(again.result.status).toBe(200);
    expect(again.statements).toHaveLength(1);
    // a forged token tried twice is refused twice (nothing remembered for it)
    const forged = cookiesOf(studentCookie);
    const token = decodeURIComponent(forged.get("better-auth.session_token")!).split(".")[0]!;
    forged.set(
      "better-auth.session_token",
      encodeURIComponent(`${token}.${createHmac("sha256", "x".repeat(40)).update(token).digest("base64")}`),
    );
    for (let i = 0; i < 2; i++) expect((await poll(view, cookieHeader(forged))).status).toBe(401);
    // one second past the copy's own expiry the remembered verification no longer counts: the session table is asked
    const copy = JSON.parse(Buffer.from(cookiesOf(studentCookie).get("better-auth.session_data")!, "base64url").toString()) as {
      expiresAt: number;
    };
    vi.useFakeTimers({ toFake: ["Date"], now: copy.expiresAt + 1_000 });
    const stale = await statementsDuring(() => poll(view));
    expect(stale.result.status).toBe(200);
    expect(stale.statements.join("\n")).toMatch(/"session"/);
  });

  it("once the copy has expired, asks the session table: renews the copy while the session lives, 401 once it is gone", async () => {
    const view = await currentView();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + (SESSION_COOKIE_CACHE_SECONDS + 60) * 1000 });
    const renewed = await statementsDuring(() => poll(view));
    expect(renewed.result.status).toBe(200);
    expect(renewed.statements.join("\n")).toMatch(/"session"/);
    expect(renewed.result.setCookie.join("\n")).toMatch(/better-auth\.session_data=[^;]+/);

    await h.t.db.session.deleteMany({ where: { userId: student.id } }); // signed out everywhere
    expect((await poll(view)).status).toBe(401);
  });

  it("is served by the Pages Router API route: the answer, its status, no caching, and GET only", async () => {
    const view = await currentView();
    const q = new URLSearchParams({ token: view.token, validUntil: view.validUntil ? String(view.validUntil.getTime()) : "" });
    const get = (cookie: string) => fetch(`${serverUrl}/api/lessons/${lessonId}/poll?${q}`, { headers: { cookie } });
    expect((await get(otherCookie)).status).toBe(404);
    expect((await get("")).status).toBe(401);
    const res = await get(studentCookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(answerOf(await res.text())).toMatchObject({ changed: false });

    const bad = await fetch(`${serverUrl}/api/lessons/not-a-lesson/poll?${q}`, { headers: { cookie: studentCookie } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^lessonId: /);

    const post = await fetch(`${serverUrl}/api/lessons/${lessonId}/poll?${q}`, { method: "POST", headers: { cookie: studentCookie } });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
  });
});
