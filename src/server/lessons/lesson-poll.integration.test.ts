import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/server/auth";
import { reportProblem, resolveProblem } from "~/server/payouts/problem-reports";
import { updateTimeZone } from "~/server/users/profile";
import { signUp, TEST_APP_URL, testAuth } from "~/test/auth";
import { act, makeAdmin } from "~/test/lifecycle-helpers";
import { startAppHarness, statementsDuring } from "~/test/app-routes";
import { type Harness, HOUR } from "~/test/lifecycle-harness";

// lesson.poll through the real tRPC route handler, with real session cookies: what an unchanged poll costs in SQL
// statements (every statement any pg client in this process sends is counted), and that every write the lesson page
// shows changes the answer.
let h: Harness;
type RouteHandler = (req: Request) => Promise<Response>;
let trpcRoute: { GET: RouteHandler };
let studentCookie: string;
let tutorCookie: string;
let otherCookie: string;
let student: SessionUser;
let tutor: SessionUser;
let lessonId: string;

interface View {
  token: string;
  validUntil: Date | null;
  version: number;
  status: string;
  presence: { student: boolean; tutor: boolean };
  problemReport: { status: string } | null;
  tutor: { timeZone: string };
}
type Answer = { changed: false; serverNow: Date } | { changed: true; lesson: View };

async function user(cookie: string, email: string, role: SessionUser["role"]): Promise<SessionUser> {
  const row = await h.t.db.user.findUniqueOrThrow({ where: { email } });
  expect(cookie).toContain("session_data"); // the signed copy the poll reads instead of the session table
  return { id: row.id, email, name: row.name, role, timeZone: "UTC" };
}

beforeAll(async () => {
  h = await startAppHarness("test-secret-0123456789-0123456789-xx");
  trpcRoute = await import("~/app/api/trpc/[trpc]/route");
  const auth = testAuth(h.t.db);
  studentCookie = (await signUp(auth, { email: "poll-student@example.test", role: "STUDENT" })).cookie;
  tutorCookie = (await signUp(auth, { email: "poll-tutor@example.test", role: "TUTOR" })).cookie;
  otherCookie = (await signUp(auth, { email: "poll-other@example.test", role: "STUDENT" })).cookie;
  student = await user(studentCookie, "poll-student@example.test", "STUDENT");
  tutor = await user(tutorCookie, "poll-tutor@example.test", "TUTOR");
  await h.t.db.tutorProfile.create({ data: { userId: tutor.id, price25: 450, price50: 850, currency: "USD" } });
  lessonId = await h.book(student, tutor, 2 * HOUR);
});
afterAll(() => h.close());

async function call<T>(procedure: string, input: unknown, cookie: string): Promise<{ status: number; data: T | null }> {
  const q = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
  const res = await trpcRoute.GET(new Request(`${TEST_APP_URL}/api/trpc/${procedure}?input=${q}`, { headers: { cookie } }));
  const body = (await res.json()) as { result?: { data: Parameters<typeof superjson.deserialize>[0] } };
  return { status: res.status, data: body.result ? superjson.deserialize<T>(body.result.data) : null };
}

const poll = (view: Pick<View, "token" | "validUntil">, cookie = studentCookie) =>
  call<Answer>("lesson.poll", { lessonId, token: view.token, validUntil: view.validUntil }, cookie);

async function currentView(cookie = studentCookie): Promise<View> {
  const r = await call<Answer>("lesson.poll", { lessonId, token: "", validUntil: null }, cookie);
  expect(r.status).toBe(200);
  if (!r.data?.changed) throw new Error("a poll without a copy must answer with the view");
  return r.data.lesson;
}

describe("lesson.poll", () => {
  it("answers an unchanged lesson with one SQL statement and no session query; lesson.get reads the session too", async () => {
    const view = await currentView();
    await poll(view); // the first request of the process builds the auth instance and the limiters
    const unchanged = await statementsDuring(() => poll(view));
    expect(unchanged.result.data).toMatchObject({ changed: false });
    expect(unchanged.statements).toHaveLength(1);
    expect(unchanged.statements[0]).toMatch(/FROM "Lesson" l JOIN "user" s/);
    expect(unchanged.statements.join("\n")).not.toMatch(/"session"/);

    // the full read, for comparison: the session with its user (one join), then the lesson with its payment, people and
    // report (one statement, relations joined)
    const get = await statementsDuring(() => call("lesson.get", { lessonId }, studentCookie));
    expect(get.result.status).toBe(200);
    expect(get.statements).toHaveLength(2);
    expect(get.statements[0]).toMatch(/FROM "public"."session"/);
    expect(get.statements[0]).toMatch(/"user"/);
    expect(get.statements[1]).toMatch(/FROM "public"."Lesson"/);
  });

  it("answers someone else's lesson as a missing one", async () => {
    const view = await currentView();
    expect((await poll(view, otherCookie)).status).toBe(404);
  });

  it("answers with the new view after each write the page shows", async () => {
    let view = await currentView();
    const expectChanged = async (what: (v: View) => unknown, expected: unknown) => {
      const r = await poll(view);
      expect(r.data?.changed).toBe(true);
      if (!r.data?.changed) return;
      expect(r.data.lesson.token).not.toBe(view.token);
      expect(what(r.data.lesson)).toEqual(expected);
      view = r.data.lesson;
      expect((await poll(view)).data).toMatchObject({ changed: false });
    };

    await updateTimeZone(h.services, tutor.id, "Asia/Tokyo"); // the tutor's time zone is on the student's page
    await expectChanged((v) => v.tutor.timeZone, "Asia/Tokyo");

    await h.advance(2 * HOUR);
    await act(h.services, student, lessonId, "JOIN");
    await expectChanged((v) => v.presence, { student: true, tutor: false });
    await act(h.services, tutor, lessonId, "JOIN");
    await expectChanged((v) => v.status, "IN_PROGRESS");

    await reportProblem(h.services, student, lessonId, "The tutor's audio kept cutting out");
    await expectChanged((v) => v.problemReport?.status, "OPEN");
    await resolveProblem(h.services, { type: "ADMIN", id: (await makeAdmin(h)).id }, lessonId, { decision: "RELEASE" }, "Checked the call");
    await expectChanged((v) => v.problemReport?.status, "RELEASED");

    await act(h.services, tutor, lessonId, "END_CALL");
    await expectChanged((v) => v.status, "ENDED_EARLY");
  });

  it("answers with the view again once the clock passes the copy's validUntil, with no write", async () => {
    const view = await currentView();
    expect((await poll(view)).data).toMatchObject({ changed: false });
    const lapsed = await poll({ token: view.token, validUntil: new Date(Date.now() - 1_000) });
    expect(lapsed.data?.changed).toBe(true);
  });
});
