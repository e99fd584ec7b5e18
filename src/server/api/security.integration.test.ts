// Who may do what to whose lesson, and what the HTTP doors answer to strangers: every lesson/admin procedure × every
// role against someone else's lesson (a foreign lesson looks exactly like a missing one), the cron routes without or
// with a wrong secret, the webhook route with a bad signature, and malformed input. Each refusal must also leave
// nothing behind: no rows, no provider calls, no state change.
import { type TRPCError } from "@trpc/server";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "~/server/auth";
import { setClockOffsetMs } from "~/server/time-travel";
import { signUp, TEST_APP_URL, testAuth } from "~/test/auth";
import { type Harness, HOUR, MIN, startHarness } from "~/test/lifecycle-harness";
import { act, EventLog, makeAdmin, providerCounts, signedWebhookRequest, story } from "~/test/lifecycle-helpers";
import { type TrpcCaller, trpcCaller, trpcCode as codeOf } from "~/test/trpc-caller";
import { finalizeTick } from "~/server/jobs/cron-ticks";

type Route = (req: Request) => Promise<Response>;
const CRON_SECRET = "cron-secret-for-tests-0123456789";
const AUTH_SECRET = "test-secret-0123456789-0123456789-xx";

let h: Harness;
let routes: { finalize: Route; sweep: Route; reconcile: Route; webhook: Route; trpc: Route };
let owner: { student: SessionUser; tutor: SessionUser };
let others: { student: SessionUser; tutor: SessionUser; admin: SessionUser };
let lessonId: string;

beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T08:00:00Z" });
  // The route modules build their services from the environment, exactly as on Vercel: point them at this file's
  // database and sandbox before they are imported, and let the app clock follow the harness clock through the
  // product's own (non-production) time-travel offset.
  Object.assign(process.env, {
    DATABASE_URL: h.t.url,
    CRON_SECRET,
    APP_URL: TEST_APP_URL,
    BETTER_AUTH_SECRET: AUTH_SECRET,
    STRIPE_SANDBOX_PORT: String(h.stripe.port),
    ALLOW_TIME_TRAVEL: "true",
    EMBEDDED_DATABASE: "true", // the test server's database is on this machine
  });
  routes = {
    finalize: (await import("~/app/api/cron/finalize/route")).GET,
    sweep: (await import("~/app/api/cron/sweep/route")).GET,
    reconcile: (await import("~/app/api/cron/reconcile/route")).GET,
    webhook: (await import("~/app/api/webhooks/stripe/route")).POST,
    trpc: (await import("~/app/api/trpc/[trpc]/route")).POST,
  };
  owner = { student: await h.student(), tutor: await h.tutor() };
  others = { student: await h.student(), tutor: await h.tutor(), admin: await makeAdmin(h) };
  lessonId = await h.book(owner.student, owner.tutor, 1 * HOUR);
  await h.book(others.student, others.tutor, 1 * HOUR); // the strangers have lessons of their own
});
afterAll(() => h.close());

/** Keep the routes' clock (machine time + offset) on the harness clock. */
async function syncRouteClock() {
  await setClockOffsetMs(h.t.db, h.services.now().getTime() - Date.now());
}

const callAs = (user: SessionUser | null) => trpcCaller(h.services, user);

/** Everything that could have been written or sent because of a request. */
async function footprint() {
  const s = await story(h, lessonId);
  const counts = await h.stripe.control.counters();
  return {
    lesson: { status: s.lesson.status, version: s.lesson.version },
    payment: s.payment.status,
    audit: await h.t.db.auditEvent.count(),
    operations: await h.t.db.paymentOperation.count(),
    lessons: await h.t.db.lesson.count(),
    alerts: await h.t.db.alert.count(),
    webhooks: await h.t.db.processedWebhookEvent.count(),
    providerRequests: Object.values(counts.requests).reduce((a, b) => a + b, 0),
  };
}

const PROCEDURES: Record<string, (c: TrpcCaller, id: string) => Promise<unknown>> = {
  "lesson.get": (c, id) => c.lesson.get({ lessonId: id }),
  "lesson.join": (c, id) => c.lesson.join({ lessonId: id }),
  "lesson.endCall": (c, id) => c.lesson.endCall({ lessonId: id }),
  "lesson.leave": (c, id) => c.lesson.leave({ lessonId: id }),
  "lesson.cancel": (c, id) => c.lesson.cancel({ lessonId: id, reason: "not mine" }),
  "admin.lesson": (c, id) => c.admin.lesson({ lessonId: id }),
  "admin.capture": (c, id) => c.admin.capture({ lessonId: id, reason: "testing access" }),
  "admin.void": (c, id) => c.admin.void({ lessonId: id, reason: "testing access" }),
  "admin.refund": (c, id) => c.admin.refund({ lessonId: id, reason: "testing access", amount: 100 }),
  "admin.submitDisputeEvidence": (c, id) => c.admin.submitDisputeEvidence({ lessonId: id, reason: "testing access" }),
};

describe("tRPC: every lesson/admin procedure × every role, on someone else's lesson", () => {
  it("foreign lessons answer NOT_FOUND like missing ones, admin procedures are FORBIDDEN to non-admins, and nothing changes", async () => {
    await h.advance(55 * MIN); // the room is open: a refusal cannot be the join window talking
    const before = await footprint();
    const roles: Record<string, SessionUser | null> = {
      "another student": others.student,
      "another tutor": others.tutor,
      "the lesson's own student": owner.student,
      "the lesson's own tutor": owner.tutor,
      admin: others.admin,
      anonymous: null,
    };
    const got: Record<string, Record<string, string>> = {};
    for (const [role, user] of Object.entries(roles)) {
      got[role] = {};
      for (const [name, call] of Object.entries(PROCEDURES)) {
        const participantCall = name.startsWith("lesson.");
        const isOwner = user === owner.student || user === owner.tutor;
        if (participantCall && isOwner) continue; // their own lesson: allowed, exercised by the lifecycle tests
        // An admin's void would really void the lesson; it is allowed, and covered by the admin action tests.
        if (role === "admin" && name === "admin.void") continue;
        got[role][name] = await codeOf(call(callAs(user), lessonId));
      }
      got[role]["lesson.book"] = await codeOf(
        callAs(user).lesson.book({
          tutorId: owner.tutor.id,
          scheduledStart: new Date(h.services.now().getTime() + 2 * HOUR),
          durationMinutes: 25,
          paymentMethodId: "pm_never_used",
        }),
      );
    }
    const lessonProcs = ["lesson.get", "lesson.join", "lesson.endCall", "lesson.leave", "lesson.cancel"];
    const adminProcs = ["admin.lesson", "admin.capture", "admin.void", "admin.refund", "admin.submitDisputeEvidence"];
    const each = (names: string[], code: string) => Object.fromEntries(names.map((n) => [n, code]));
    expect(got).toEqual({
      "another student": { ...each(lessonProcs, "NOT_FOUND"), ...each(adminProcs, "FORBIDDEN"), "lesson.book": "BAD_REQUEST" },
      "another tutor": { ...each(lessonProcs, "NOT_FOUND"), ...each(adminProcs, "FORBIDDEN"), "lesson.book": "FORBIDDEN" },
      "the lesson's own student": { ...each(adminProcs, "FORBIDDEN"), "lesson.book": "BAD_REQUEST" },
      "the lesson's own tutor": { ...each(adminProcs, "FORBIDDEN"), "lesson.book": "FORBIDDEN" },
      // Admins are not participants: they look at lessons through admin.lesson. Their money actions reach the rules.
      admin: {
        ...each(lessonProcs, "NOT_FOUND"),
        "admin.lesson": "OK",
        "admin.capture": "PRECONDITION_FAILED",
        "admin.refund": "PRECONDITION_FAILED",
        "admin.submitDisputeEvidence": "PRECONDITION_FAILED",
        "lesson.book": "FORBIDDEN",
      },
      anonymous: { ...each(lessonProcs, "UNAUTHORIZED"), ...each(adminProcs, "UNAUTHORIZED"), "lesson.book": "UNAUTHORIZED" },
    });
    // (The students' bookings were refused by the card check: "pm_never_used" is not a card; nothing was booked.)

    const after = await footprint();
    expect({ ...after, providerRequests: undefined }).toEqual({ ...before, providerRequests: undefined });
    expect((await story(h, lessonId)).lesson.studentJoinedAt).toBeNull();
  });

  it("a foreign lesson and a lesson that does not exist get the same answer, so ids cannot be probed", async () => {
    const caller = callAs(others.student);
    const foreign = (await caller.lesson.get({ lessonId }).catch((e: unknown) => e)) as TRPCError;
    const missing = (await caller.lesson.get({ lessonId: randomUUID() }).catch((e: unknown) => e)) as TRPCError;
    expect([foreign.code, foreign.message]).toEqual([missing.code, missing.message]);
    const list = await caller.lesson.list({ scope: "all" });
    expect(list.map((l) => l.id)).not.toContain(lessonId);
    expect(list).toHaveLength(1); // their own lesson only
  });
});

describe("cron routes", () => {
  let dueLesson: string;
  beforeAll(async () => {
    const student = await h.student();
    const tutor = await h.tutor({ price25: 450 });
    dueLesson = await h.book(student, tutor, 30 * MIN);
    await h.advance(30 * MIN);
    await act(h.services, student, dueLesson, "JOIN");
    await act(h.services, tutor, dueLesson, "JOIN");
    await h.advance(45 * MIN); // due for finalize
  });

  const get = (route: Route, authorization?: string) =>
    route(new Request(`${TEST_APP_URL}/api/cron/x`, { headers: authorization ? { authorization } : {} }));

  it.each([
    ["no Authorization header", undefined],
    ["a wrong secret", "Bearer not-the-cron-secret-000000"],
    ["the secret without Bearer", CRON_SECRET],
    ["the right secret with a suffix", `Bearer ${CRON_SECRET}x`],
  ])("finalize, sweep and reconcile answer 401 to %s and do nothing", async (_label, authorization) => {
    await syncRouteClock();
    const before = await footprint();
    const lessonBefore = (await story(h, dueLesson)).lesson.status;
    for (const route of [routes.finalize, routes.sweep, routes.reconcile]) {
      const res = await get(route, authorization);
      expect(res.status).toBe(401);
      expect((await res.json()).error).toMatch(/CRON_SECRET/);
    }
    expect(await footprint()).toEqual(before);
    expect((await story(h, dueLesson)).lesson.status).toBe(lessonBefore);
  });

  it("with the right secret, finalize settles the due lesson and answers JSON counts; sweep answers its counts", async () => {
    await syncRouteClock();
    // Every lesson of this file whose grace period is over (the strangers' ones too), not just ours.
    const due = await h.t.db.lesson.count({
      where: {
        status: { in: ["SCHEDULED", "IN_PROGRESS", "ENDED_EARLY"] },
        scheduledEnd: { lte: new Date(h.services.now().getTime() - 15 * MIN) },
      },
    });
    expect(due).toBeGreaterThanOrEqual(1);
    const res = await get(routes.finalize, `Bearer ${CRON_SECRET}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      ok: true,
      job: "finalize",
      finalize: { finalized: due, rejected: 0 },
      operations: { succeeded: due, failed: 0 },
    });
    const s = await story(h, dueLesson);
    expect(s.payment).toMatchObject({ status: "CAPTURED", amountCaptured: 450 });

    const sweep = await get(routes.sweep, `Bearer ${CRON_SECRET}`);
    expect(sweep.status).toBe(200);
    expect(await sweep.json()).toMatchObject({
      ok: true,
      job: "sweep",
      sweep: { orphansSwept: 0, overdueFinalized: expect.any(Number), stuckOperations: 0, deadlineAlerts: 0 },
      operations: { claimed: expect.any(Number) },
    });

    // The book is clean: the first reconciliation pass finds nothing, the next tick the same day is not due.
    const pass = await get(routes.reconcile, `Bearer ${CRON_SECRET}`);
    expect(pass.status).toBe(200);
    expect(await pass.json()).toMatchObject({ ok: true, job: "reconcile", reconcile: { state: "finished", opened: 0 } });
    expect(await (await get(routes.reconcile, `Bearer ${CRON_SECRET}`)).json()).toMatchObject({ reconcile: { state: "not_due" } });
  });
});

describe("Stripe webhook route", () => {
  it("answers 400 to a bad, missing or replayed-onto-other-bytes signature and applies nothing; a signed event is applied", async () => {
    // A capture that went through at Stripe while our worker lost the answer: the event would change our records.
    const student = await h.student();
    const tutor = await h.tutor({ price25: 450 });
    const id = await h.book(student, tutor, 30 * MIN);
    await h.advance(30 * MIN);
    await act(h.services, student, id, "JOIN");
    await act(h.services, tutor, id, "JOIN");
    await h.advance(45 * MIN);
    await h.stripe.control.injectFault({ method: "POST", path: "/v1/payment_intents/*/capture", mode: "lost_response", count: 2 });
    await finalizeTick(h.services, {});
    const pi = (await story(h, id)).payment.providerPaymentIntentId!;
    const events = new EventLog(h.stripe.url);
    await events.refresh();
    const succeeded = events.about(pi).find((e) => e.type === "payment_intent.succeeded")!;
    const url = `${TEST_APP_URL}/api/webhooks/stripe`;

    const good = signedWebhookRequest(url, succeeded);
    const wrongSecret = signedWebhookRequest(url, succeeded, "whsec_someone_else");
    const unsigned = new Request(url, { method: "POST", body: JSON.stringify(succeeded) });
    // A valid signature for other bytes: an attacker re-using a captured header on a forged body.
    const forged = new Request(url, {
      method: "POST",
      headers: { "stripe-signature": good.headers.get("stripe-signature")! },
      body: JSON.stringify({ ...succeeded, data: { object: { ...succeeded.data.object, amount_received: 1 } } }),
    });
    for (const req of [wrongSecret, unsigned, forged]) {
      const res = await routes.webhook(req);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(/signature/i);
    }
    expect(await h.t.db.processedWebhookEvent.count({ where: { id: succeeded.id } })).toBe(0);
    expect((await story(h, id)).payment.status).toBe("AUTHORIZED");

    const res = await routes.webhook(good);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "applied", eventId: succeeded.id });
    expect((await story(h, id)).payment).toMatchObject({ status: "CAPTURED", amountCaptured: 450 });
    expect(await providerCounts(h, pi)).toMatchObject({ captures: 1 });
  });
});

describe("malformed input through the real tRPC route", () => {
  let studentCookie: string;
  let adminCookie: string;
  beforeAll(async () => {
    const auth = testAuth(h.t.db);
    studentCookie = (await signUp(auth, { email: "mallory@example.test", role: "STUDENT", timeZone: "UTC" })).cookie;
    const admin = await signUp(auth, { email: "root@example.test", role: "STUDENT", timeZone: "UTC" });
    // Admins are made by an operator, never through sign-up.
    await h.t.db.user.update({ where: { email: "root@example.test" }, data: { role: "ADMIN" } });
    adminCookie = admin.cookie;
  });

  const post = (path: string, cookie: string, json: unknown) =>
    routes.trpc(
      new Request(`${TEST_APP_URL}/api/trpc/${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_APP_URL, host: "localhost:3000", cookie },
        body: JSON.stringify({ json }),
      }),
    );

  it("lesson.book names every bad field and writes nothing, here or at Stripe", async () => {
    const before = await footprint();
    const res = await post("lesson.book", studentCookie, {
      tutorId: "",
      scheduledStart: "next tuesday-ish",
      durationMinutes: 30,
      paymentMethodId: "4242424242424242",
    });
    expect(res.status).toBe(400);
    const err = (await res.json()).error.json;
    expect(Object.keys(err.data.fieldErrors).sort()).toEqual(["durationMinutes", "paymentMethodId", "scheduledStart", "tutorId"]);
    expect(err.message).toMatch(/tutorId: .*scheduledStart: .*durationMinutes: .*paymentMethodId: /);
    expect(await footprint()).toEqual(before);
  });

  it("admin.capture names every bad field and captures nothing", async () => {
    const before = await footprint();
    const res = await post("admin.capture", adminCookie, { lessonId: "lesson-1", reason: " ", amount: -450 });
    expect(res.status).toBe(400);
    const err = (await res.json()).error.json;
    expect(Object.keys(err.data.fieldErrors).sort()).toEqual(["amount", "lessonId", "reason"]);
    expect(await footprint()).toEqual(before);
    // The same request from the student is refused before its input is even looked at.
    const asStudent = await post("admin.capture", studentCookie, { lessonId, reason: "give me the money", amount: 1 });
    expect(asStudent.status).toBe(403);
    expect(await footprint()).toEqual(before);
  });
});
