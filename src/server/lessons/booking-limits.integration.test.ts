import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import type { SessionUser } from "~/server/auth";
import { isAppError } from "~/server/errors";
import { policyWith } from "~/server/lifecycle/policy";
import { DAY, HOUR, type Harness, startHarness } from "~/test/lifecycle-harness";
import { act } from "~/test/lifecycle-helpers";
import { assertWithinBookingLimits } from "./booking-limits";

// Small limits so the boundaries are a few bookings away; the rules are the production ones.
const policy = policyWith({ maxUpcomingLessonsPerStudent: 3, maxUnheldLessonsPerStudent: 2, maxWeeklyLessonsWithTutor: 2 });

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ policy, poolSize: 12 });
});
afterAll(() => h.close());

async function tryBook(student: SessionUser, tutor: SessionUser, startsInMs: number) {
  try {
    return { ok: true as const, lessonId: await h.book(student, tutor, startsInMs) };
  } catch (err) {
    if (isAppError(err)) return { ok: false as const, code: err.code, rule: err.details.rule, message: err.message };
    throw err;
  }
}
const lessonsOf = (student: SessionUser) => h.t.db.lesson.count({ where: { studentId: student.id } });

describe("booking limits", () => {
  it("at most N upcoming lessons per student; cancelling one frees its place at once", async () => {
    const s = await h.student();
    const tutors = [await h.tutor(), await h.tutor(), await h.tutor(), await h.tutor()];
    const booked = [];
    for (const [i, tutor] of tutors.slice(0, 3).entries()) booked.push(await tryBook(s, tutor, (i + 1) * DAY));
    expect(booked.map((b) => b.ok)).toEqual([true, true, true]);

    const fourth = await tryBook(s, tutors[3]!, 4 * DAY);
    expect(fourth).toMatchObject({ ok: false, code: "RULE_VIOLATION", rule: "MAX_UPCOMING_LESSONS" });
    expect(fourth.ok || fourth.message).toMatch(/3 upcoming lessons.*Cancel one/);
    expect(await lessonsOf(s)).toBe(3);

    const first = booked[0]!;
    if (!first.ok) throw new Error("unreachable");
    expect(await act(h.services, s, first.lessonId, "CANCEL")).toMatchObject({ ok: true, status: "CANCELLED" });
    expect(await tryBook(s, tutors[3]!, 4 * DAY)).toMatchObject({ ok: true });
  });

  it("a lesson that has taken place no longer counts as upcoming", async () => {
    const s = await h.student();
    for (let i = 0; i < 3; i++) expect((await tryBook(s, await h.tutor(), HOUR + i * DAY)).ok).toBe(true);
    expect(await tryBook(s, await h.tutor(), 5 * DAY)).toMatchObject({ ok: false, rule: "MAX_UPCOMING_LESSONS" });
    await h.advance(HOUR + 25 * 60_000); // the first lesson's scheduled end
    expect(await tryBook(s, await h.tutor(), 5 * DAY)).toMatchObject({ ok: true });
  });

  it("at most M lessons without a card hold; a booking that is held at once is still allowed", async () => {
    const s = await h.student();
    const far = 8 * DAY; // beyond the 6-day authorization horizon: card saved, authorized later
    expect((await tryBook(s, await h.tutor(), far)).ok).toBe(true);
    expect((await tryBook(s, await h.tutor(), far + DAY)).ok).toBe(true);
    const third = await tryBook(s, await h.tutor(), far + 2 * DAY);
    expect(third).toMatchObject({ ok: false, rule: "MAX_UNHELD_LESSONS" });
    expect(third.ok || third.message).toMatch(/closer \(your card is then held at booking\)/);
    expect(await h.t.db.payment.count({ where: { lesson: { studentId: s.id }, status: "AWAITING_AUTHORIZATION" } })).toBe(2);
    expect(await tryBook(s, await h.tutor(), 2 * DAY)).toMatchObject({ ok: true });
  });

  it("at most K lessons with one tutor in any 7 days; exactly 7 days apart is another week", async () => {
    const s = await h.student();
    const tutor = await h.tutor();
    expect((await tryBook(s, tutor, DAY)).ok).toBe(true);
    expect((await tryBook(s, tutor, 2 * DAY)).ok).toBe(true);
    const third = await tryBook(s, tutor, 3 * DAY);
    expect(third).toMatchObject({ ok: false, rule: "MAX_WEEKLY_LESSONS_WITH_TUTOR" });
    expect(third.ok || third.message).toMatch(/3 lessons with this tutor within 7 days; at most 2/);
    // day 2 + 7 days: no 7-day window holds both, so this starts another week with the tutor
    expect(await tryBook(s, tutor, 9 * DAY)).toMatchObject({ ok: true });
    expect(await tryBook(s, await h.tutor(), 3 * DAY)).toMatchObject({ ok: false, rule: "MAX_UPCOMING_LESSONS" });
  });

  it("parallel bookings by one student cannot both pass the limit", async () => {
    const s = await h.student();
    const tutors = await Promise.all([1, 2, 3, 4, 5].map(() => h.tutor()));
    const results = await Promise.all(tutors.map((tutor, i) => tryBook(s, tutor, (i + 1) * DAY)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.rule)).toEqual(["MAX_UPCOMING_LESSONS", "MAX_UPCOMING_LESSONS"]);
    expect(await lessonsOf(s)).toBe(3);
  });

  it("the check waits for another booking transaction of the same student and then sees its lesson", async () => {
    const one = policyWith({ maxUpcomingLessonsPerStudent: 1 });
    const s = await h.student();
    const tutor = await h.tutor();
    const now = h.services.now();
    const check = { studentId: s.id, tutorId: tutor.id, withoutHold: false, now };
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let inserted!: () => void;
    const insertedInA = new Promise<void>((r) => (inserted = r));
    const a = h.t.db.$transaction(async (tx) => {
      await assertWithinBookingLimits(tx, one, { ...check, scheduledStart: new Date(now.getTime() + DAY) }, { lockStudent: true });
      await tx.lesson.create({
        data: {
          id: randomUUID(),
          studentId: s.id,
          tutorId: tutor.id,
          scheduledStart: new Date(now.getTime() + DAY),
          scheduledEnd: new Date(now.getTime() + DAY + 25 * 60_000),
          durationMinutes: 25,
          priceAmount: 450,
          currency: "USD",
        },
      });
      inserted();
      await released;
    });
    await insertedInA;
    const b = h.t.db
      .$transaction((tx) =>
        assertWithinBookingLimits(tx, one, { ...check, scheduledStart: new Date(now.getTime() + 2 * DAY) }, { lockStudent: true }),
      )
      .then(
        () => "passed",
        (err: unknown) => (isAppError(err) ? String(err.details.rule) : Promise.reject(err)),
      );
    // B must be waiting on A's lock of the student's row (if it is not, it finishes on its own and the assertion below fails)
    const waiting = await Promise.race([b.then(() => false), waitForLockWait().then(() => true)]);
    release();
    await a;
    expect(waiting).toBe(true);
    expect(await b).toBe("MAX_UPCOMING_LESSONS");
  });
});

async function waitForLockWait(): Promise<void> {
  for (;;) {
    const rows = await h.t.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`;
    if (Number(rows[0]?.n ?? 0) > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
