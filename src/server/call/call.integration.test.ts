import { TRPCError } from "@trpc/server";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { trpcCaller } from "~/test/trpc-caller";
import type { SessionUser } from "~/server/auth";
import { sweepTick } from "~/server/jobs/cron-ticks";
import { createTestDatabase, type TestDatabase } from "~/test/database";
import { testServices } from "~/test/services";
import { CALL_POLICY } from "./call-policy";
import { mediaEvidenceFor } from "./media-evidence";

const MIN = 60_000;
const START = new Date("2026-11-26T12:00:00Z");

let t: TestDatabase;
let services: ReturnType<typeof testServices>;
const users: Record<"student" | "tutor" | "otherStudent" | "otherTutor" | "admin", SessionUser> = {} as never;
let lessonId: string;

async function makeUser(role: SessionUser["role"], name: string): Promise<SessionUser> {
  const id = randomUUID();
  const email = `${name.toLowerCase()}-${id.slice(0, 6)}@call.test`;
  await t.db.user.create({ data: { id, name, email, role, timeZone: "UTC" } });
  return { id, email, name, role, timeZone: "UTC" };
}

async function makeLesson(start: Date, student = users.student, tutor = users.tutor, minutes: 25 | 50 = 25): Promise<string> {
  const id = randomUUID();
  await t.db.lesson.create({
    data: {
      id,
      studentId: student.id,
      tutorId: tutor.id,
      scheduledStart: start,
      scheduledEnd: new Date(start.getTime() + minutes * MIN),
      durationMinutes: minutes,
      priceAmount: 450,
      currency: "USD",
    },
  });
  return id;
}

const caller = (user: SessionUser | null) => trpcCaller(services, user);

async function codeOf(p: Promise<unknown>): Promise<string> {
  return p.then(
    () => "OK",
    (e) => (e instanceof TRPCError ? e.code : `non-trpc: ${String(e)}`),
  );
}

const STUDENT_PAGE = "student-page-0001";
const TUTOR_PAGE = "tutor-page-0001";
const hello = { kind: "HELLO" as const, toPeer: null, payload: { mic: true, camera: true } };
const offer = { kind: "DESCRIPTION" as const, toPeer: STUDENT_PAGE, payload: { type: "offer" as const, sdp: "v=0\r\n" } };

beforeAll(async () => {
  t = await createTestDatabase();
  services = testServices(t.db, { now: START });
  users.otherStudent = await makeUser("STUDENT", "Otto");
  users.otherTutor = await makeUser("TUTOR", "Olga");
  users.admin = await makeUser("ADMIN", "Ada");
});
afterAll(() => t.drop());
beforeEach(async () => {
  services.clock.set(START);
  // a pair of its own per test: a tutor cannot hold two overlapping lessons
  users.student = await makeUser("STUDENT", "Stu");
  users.tutor = await makeUser("TUTOR", "Tut");
  lessonId = await makeLesson(new Date(START.getTime() + 5 * MIN)); // the room is open (it opens 15 min before)
});

describe("call signalling: who may use it", () => {
  it("the two participants exchange messages in order, each reading only the other's", async () => {
    await caller(users.tutor).video.send({ lessonId, fromPeer: TUTOR_PAGE, messages: [hello] });
    await caller(users.student).video.send({ lessonId, fromPeer: STUDENT_PAGE, messages: [hello] });
    await caller(users.tutor).video.send({ lessonId, fromPeer: TUTOR_PAGE, messages: [offer] });

    const s = await caller(users.student).video.poll({ lessonId, after: 0 });
    expect(s.messages.map((m) => [m.kind, m.fromPeer])).toEqual([
      ["HELLO", TUTOR_PAGE],
      ["DESCRIPTION", TUTOR_PAGE],
    ]);
    expect(s.messages[1]!.payload).toEqual({ type: "offer", sdp: "v=0\r\n" });
    // after the cursor: nothing new, and the tutor sees only the student's hello
    expect((await caller(users.student).video.poll({ lessonId, after: s.cursor })).messages).toEqual([]);
    const tutorView = await caller(users.tutor).video.poll({ lessonId, after: 0 });
    expect(tutorView.messages.map((m) => m.fromPeer)).toEqual([STUDENT_PAGE]);
  });

  it("another student, another tutor, an admin and a visitor are refused like lesson.get, and nothing is stored", async () => {
    const others = [users.otherStudent, users.otherTutor, users.admin];
    for (const who of others) {
      const c = caller(who);
      const expected = await codeOf(c.lesson.get({ lessonId }));
      expect(expected).toBe("NOT_FOUND");
      expect(await codeOf(c.video.send({ lessonId, fromPeer: "intruder-page", messages: [hello] }))).toBe(expected);
      expect(await codeOf(c.video.poll({ lessonId, after: 0 }))).toBe(expected);
      expect(await codeOf(c.video.heartbeat({ lessonId, connected: true, receiving: true }))).toBe(expected);
      expect(await codeOf(c.video.config({ lessonId }))).toBe(expected);
    }
    const visitor = caller(null);
    expect(await codeOf(visitor.video.send({ lessonId, fromPeer: "intruder-page", messages: [hello] }))).toBe("UNAUTHORIZED");
    expect(await codeOf(visitor.video.poll({ lessonId, after: 0 }))).toBe("UNAUTHORIZED");
    expect(await codeOf(visitor.video.heartbeat({ lessonId, connected: true, receiving: true }))).toBe("UNAUTHORIZED");
    // and the same answer as for a lesson that does not exist
    expect(await codeOf(caller(users.student).video.poll({ lessonId: randomUUID(), after: 0 }))).toBe("NOT_FOUND");
    expect(await t.db.callSignal.count({ where: { lessonId } })).toBe(0);
    expect(await t.db.callMediaInterval.count({ where: { lessonId } })).toBe(0);
  });

  it("outside the join window (before it opens, after the scheduled end, once the call was ended) it is refused, nothing stored", async () => {
    const later = await makeLesson(new Date(START.getTime() + 60 * MIN)); // opens at +45 min
    const c = caller(users.student);
    for (const p of [
      c.video.send({ lessonId: later, fromPeer: STUDENT_PAGE, messages: [hello] }),
      c.video.poll({ lessonId: later, after: 0 }),
      c.video.heartbeat({ lessonId: later, connected: true, receiving: true }),
      c.video.config({ lessonId: later }),
    ]) {
      expect(await codeOf(p)).toBe("PRECONDITION_FAILED");
    }
    const err = await c.video.poll({ lessonId: later, after: 0 }).catch((e: TRPCError) => e);
    expect((err as TRPCError).message).toMatch(/^The call for this lesson is open from ⟦instant:2026-11-26T12:45:00.000Z⟧ until/);

    services.clock.set(new Date(START.getTime() + 30 * MIN)); // past the scheduled end of `lessonId`
    expect(await codeOf(c.video.send({ lessonId, fromPeer: STUDENT_PAGE, messages: [hello] }))).toBe("PRECONDITION_FAILED");

    // ended early: the room is over for the call too
    const ended = await makeLesson(new Date(START.getTime() + 32 * MIN));
    services.clock.set(new Date(START.getTime() + 33 * MIN));
    await t.db.lesson.update({ where: { id: ended }, data: { status: "ENDED_EARLY", endedBy: "TUTOR", callEndedAt: services.now() } });
    expect(await codeOf(caller(users.tutor).video.send({ lessonId: ended, fromPeer: TUTOR_PAGE, messages: [hello] }))).toBe(
      "PRECONDITION_FAILED",
    );
    const these = { lessonId: { in: [later, lessonId, ended] } };
    expect(await t.db.callSignal.count({ where: these })).toBe(0);
    expect(await t.db.callMediaInterval.count({ where: these })).toBe(0);
  });

  it("the config gives each side its role; with nothing configured, no ICE servers (host candidates only)", async () => {
    const s = await caller(users.student).video.config({ lessonId });
    const tu = await caller(users.tutor).video.config({ lessonId });
    expect([s.side, s.polite, tu.side, tu.polite]).toEqual(["STUDENT", true, "TUTOR", false]);
    expect(s.iceServers).toEqual([]); // embedded default: host candidates only
  });
});

describe("call signalling: time to live", () => {
  it("a message is readable for the TTL only, and is deleted on the next write or by the sweep", async () => {
    await caller(users.tutor).video.send({ lessonId, fromPeer: TUTOR_PAGE, messages: [hello] });
    services.clock.advance(CALL_POLICY.signalTtlMs - 1);
    expect((await caller(users.student).video.poll({ lessonId, after: 0 })).messages).toHaveLength(1);
    services.clock.advance(1);
    expect((await caller(users.student).video.poll({ lessonId, after: 0 })).messages).toHaveLength(0);
    expect(await t.db.callSignal.count({ where: { lessonId } })).toBe(1); // expired, not yet deleted

    // a write on the lesson removes its expired rows
    await caller(users.student).video.send({ lessonId, fromPeer: STUDENT_PAGE, messages: [hello] });
    expect(await t.db.callSignal.count({ where: { lessonId, sender: "TUTOR" } })).toBe(0);

    // the sweep removes the rest, whatever the lesson
    services.clock.advance(CALL_POLICY.signalTtlMs);
    const report = await sweepTick(services, {});
    expect(report.expiredCallSignals).toBeGreaterThanOrEqual(1);
    expect(await t.db.callSignal.count({ where: { lessonId } })).toBe(0);
  });

  it("a page cannot fill the table: live messages per sender are capped", async () => {
    const batch = Array.from({ length: 50 }, () => hello);
    const c = caller(users.student);
    for (let i = 0; i < CALL_POLICY.maxLiveSignalsPerSender / 50; i++) {
      await c.video.send({ lessonId, fromPeer: STUDENT_PAGE, messages: batch });
    }
    expect(await codeOf(c.video.send({ lessonId, fromPeer: STUDENT_PAGE, messages: [hello] }))).toBe("TOO_MANY_REQUESTS");
    // reads page through them, 100 at a time
    const first = await caller(users.tutor).video.poll({ lessonId, after: 0 });
    expect([first.messages.length, first.more]).toEqual([CALL_POLICY.maxSignalsPerRead, true]);
    services.clock.advance(CALL_POLICY.signalTtlMs);
    expect(await codeOf(c.video.send({ lessonId, fromPeer: STUDENT_PAGE, messages: [hello] }))).toBe("OK");
  });
});

describe("media evidence", () => {
  const beat = (who: SessionUser, good = true) =>
    caller(who)
      .video.heartbeat({ lessonId, connected: good, receiving: good })
      .then((r) => r.outcome);

  it("heartbeats fold into spans: extended while regular, a new span after a gap or a bad heartbeat", async () => {
    const step = CALL_POLICY.heartbeatMs;
    const outcomes: string[] = [];
    outcomes.push(await beat(users.student)); // 12:00:00 opens
    for (let i = 0; i < 5; i++) {
      services.clock.advance(step);
      outcomes.push(await beat(users.student)); // … 12:00:50
    }
    services.clock.advance(CALL_POLICY.heartbeatMs * CALL_POLICY.heartbeatsPerGap + 1); // a silence longer than the gap
    outcomes.push(await beat(users.student)); // new span
    services.clock.advance(step);
    outcomes.push(await beat(users.student, false)); // not receiving: closes it
    services.clock.advance(step);
    outcomes.push(await beat(users.student)); // a new span again
    expect(outcomes).toEqual(["opened", "extended", "extended", "extended", "extended", "extended", "opened", "closed", "opened"]);

    const rows = await t.db.callMediaInterval.findMany({ where: { lessonId }, orderBy: { startedAt: "asc" } });
    expect(rows.map((r) => [r.heartbeats, r.open, r.lastSeenAt.getTime() - r.startedAt.getTime()])).toEqual([
      [6, false, 50_000],
      [1, false, 0],
      [1, true, 0],
    ]);
  });

  it("both connected is the overlap of the two participants' spans", async () => {
    const step = CALL_POLICY.heartbeatMs;
    await beat(users.student); // student from 12:00:00
    for (let i = 1; i <= 12; i++) {
      services.clock.advance(step);
      await beat(users.student);
      if (i >= 3) await beat(users.tutor); // tutor from 12:00:30
    } // both until 12:02:00
    const evidence = await mediaEvidenceFor(services, lessonId);
    expect(evidence.totals).toEqual({ studentMs: 120_000, tutorMs: 90_000, bothMs: 90_000 });
    expect(evidence.both).toEqual([{ from: new Date("2026-11-26T12:00:30Z"), to: new Date("2026-11-26T12:02:00Z") }]);
    expect(evidence.approximate).toBe(false);
    expect((await caller(users.admin).video.evidence({ lessonId })).totals.bothMs).toBe(90_000);
    expect(await codeOf(caller(users.student).video.evidence({ lessonId }))).toBe("FORBIDDEN");
  });

  it("rows stay bounded: past the cap, gaps fold into the latest span and are counted", async () => {
    const gap = CALL_POLICY.heartbeatMs * CALL_POLICY.heartbeatsPerGap + 1;
    // a 50-minute lesson, its room open from 11:59 to 13:04: 120 spans fit in it
    const lesson = await makeLesson(new Date(START.getTime() + 14 * MIN), users.student, await makeUser("TUTOR", "Tia"), 50);
    for (let i = 0; i < CALL_POLICY.maxSpansPerParticipant + 20; i++) {
      await caller(users.student).video.heartbeat({ lessonId: lesson, connected: true, receiving: true });
      services.clock.advance(gap);
    }
    expect(await t.db.callMediaInterval.count({ where: { lessonId: lesson } })).toBe(CALL_POLICY.maxSpansPerParticipant);
    const evidence = await mediaEvidenceFor(services, lesson);
    expect(evidence.approximate).toBe(true);
    expect(evidence.spans.at(-1)!.mergedGaps).toBe(20);
  });

  it("two heartbeats of one participant at the same moment keep one open span", async () => {
    await Promise.all(Array.from({ length: 6 }, () => beat(users.tutor)));
    expect(await t.db.callMediaInterval.count({ where: { lessonId, participant: "TUTOR" } })).toBe(1);
  });
});
