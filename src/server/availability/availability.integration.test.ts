import { type TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trpcCaller } from "~/test/trpc-caller";
import type { SessionUser } from "~/server/auth";
import { bookLesson } from "~/server/lessons/book-lesson";
import { assertSlotOffered } from "./availability-service";
import { type Harness, startHarness } from "~/test/lifecycle-harness";

// Thursday 26 Nov 2026, 06:00 UTC = 07:00 in Berlin
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: "2026-11-26T06:00:00Z" });
});
afterAll(() => h.close());

const caller = (user: SessionUser | null) => trpcCaller(h.services, user);

async function berlinTutor() {
  const tutor = await h.tutor({ price25: 450, price50: 850 });
  await h.t.db.user.update({ where: { id: tutor.id }, data: { timeZone: "Europe/Berlin" } });
  return { ...tutor, timeZone: "Europe/Berlin" };
}

describe("availability procedures", () => {
  it("a tutor saves a week in their own zone and reads it back sorted; students see the slots as instants", async () => {
    const tutor = await berlinTutor();
    const saved = await caller(tutor).availability.save({
      windows: [
        { weekday: 5, startMinute: 600, endMinute: 660 },
        { weekday: 4, startMinute: 540, endMinute: 600 },
      ],
    });
    expect(saved).toEqual({
      timeZone: "Europe/Berlin",
      windows: [
        { weekday: 4, startMinute: 540, endMinute: 600 },
        { weekday: 5, startMinute: 600, endMinute: 660 },
      ],
    });
    const student = await h.student();
    const { slots, tutorTimeZone } = await caller(student).availability.slots({ tutorId: tutor.id, durationMinutes: 25 });
    expect(tutorTimeZone).toBe("Europe/Berlin");
    // Thursday 09:00–10:00 Berlin = 08:00–09:00Z; Friday 10:00–11:00 Berlin = 09:00–10:00Z
    expect(slots.slice(0, 4).map((s) => s.start.toISOString())).toEqual([
      "2026-11-26T08:00:00.000Z",
      "2026-11-26T08:30:00.000Z",
      "2026-11-27T09:00:00.000Z",
      "2026-11-27T09:30:00.000Z",
    ]);
    // saving again replaces the whole week
    await caller(tutor).availability.save({ windows: [] });
    expect((await caller(tutor).availability.mine()).windows).toEqual([]);
    expect((await caller(student).availability.slots({ tutorId: tutor.id, durationMinutes: 25 })).slots).toEqual([]);
  });

  it("refuses an overlapping week with a message naming the day, and keeps the old week", async () => {
    const tutor = await berlinTutor();
    await caller(tutor).availability.save({ windows: [{ weekday: 1, startMinute: 540, endMinute: 600 }] });
    const err = (await caller(tutor)
      .availability.save({
        windows: [
          { weekday: 2, startMinute: 540, endMinute: 720 },
          { weekday: 2, startMinute: 600, endMinute: 660 },
        ],
      })
      .catch((e) => e)) as TRPCError;
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.message).toMatch(/^Tuesday: 09:00–12:00 and 10:00–11:00 overlap/);
    expect((await caller(tutor).availability.mine()).windows).toEqual([{ weekday: 1, startMinute: 540, endMinute: 600 }]);
  });

  it("only tutors edit availability; anyone may read a tutor's slots", async () => {
    const student = await h.student();
    expect(
      (
        (await caller(student)
          .availability.mine()
          .catch((e) => e)) as TRPCError
      ).code,
    ).toBe("FORBIDDEN");
    expect(
      (
        (await caller(null)
          .availability.save({ windows: [] })
          .catch((e) => e)) as TRPCError
      ).code,
    ).toBe("UNAUTHORIZED");
    const tutor = await berlinTutor();
    expect((await caller(null).availability.slots({ tutorId: tutor.id, durationMinutes: 50 })).slots).toEqual([]);
    expect(
      (
        (await caller(null)
          .availability.slots({ tutorId: student.id, durationMinutes: 25 })
          .catch((e) => e)) as TRPCError
      ).code,
    ).toBe("NOT_FOUND");
  });

  it("a booked slot disappears; a cancelled one comes back; booking a taken slot answers CONFLICT", async () => {
    const tutor = await berlinTutor();
    await caller(tutor).availability.save({ windows: [{ weekday: 4, startMinute: 540, endMinute: 660 }] });
    const [alice, bob] = [await h.student(), await h.student()];
    const before = await caller(alice).availability.slots({ tutorId: tutor.id, durationMinutes: 25 });
    const first = before.slots[0]!;
    expect(first.start.toISOString()).toBe("2026-11-26T08:00:00.000Z");

    // Two students press "Book" on the same slot at the same moment: exactly one wins.
    const attempt = async (who: SessionUser) =>
      bookLesson(h.services, who, {
        tutorId: tutor.id,
        scheduledStart: first.start,
        durationMinutes: 25,
        paymentMethodId: await h.paymentMethod(),
      }).then(
        (v) => v.status,
        (e: Error & { code?: string }) => e.code ?? e.message,
      );
    const outcomes = await Promise.all([attempt(alice), attempt(bob)]);
    expect(outcomes.sort()).toEqual(["CONFLICT", "SCHEDULED"]);

    const after = await caller(alice).availability.slots({ tutorId: tutor.id, durationMinutes: 25 });
    expect(after.slots.map((s) => s.start.toISOString())).not.toContain("2026-11-26T08:00:00.000Z");
    // a 50-minute lesson at 08:30 does not collide with 08:00–08:25
    const fifty = await caller(alice).availability.slots({ tutorId: tutor.id, durationMinutes: 50 });
    expect(fifty.slots[0]!.start.toISOString()).toBe("2026-11-26T08:30:00.000Z");

    const lesson = await h.t.db.lesson.findFirstOrThrow({ where: { tutorId: tutor.id, status: "SCHEDULED" } });
    const winner = lesson.studentId === alice.id ? alice : bob;
    await caller(winner).lesson.cancel({ lessonId: lesson.id });
    const reopened = await caller(alice).availability.slots({ tutorId: tutor.id, durationMinutes: 25 });
    expect(reopened.slots[0]!.start.toISOString()).toBe("2026-11-26T08:00:00.000Z");
  });
});

describe("assertSlotOffered (for lesson.book)", () => {
  it("accepts an offered start and refuses one outside the weekly hours, off the grid or too soon", async () => {
    const tutor = await berlinTutor();
    await caller(tutor).availability.save({ windows: [{ weekday: 4, startMinute: 420, endMinute: 660 }] }); // Thu 07:00–11:00 Berlin
    await expect(assertSlotOffered(h.services, tutor.id, new Date("2026-11-26T08:00:00Z"), 25)).resolves.toBeUndefined();
    for (const bad of ["2026-11-26T12:00:00Z", "2026-11-26T08:15:00Z", "2026-11-26T06:30:00Z"]) {
      await expect(assertSlotOffered(h.services, tutor.id, new Date(bad), 25)).rejects.toMatchObject({
        code: "BAD_INPUT",
        details: { rule: "SLOT_NOT_OFFERED" },
      });
    }
    // 09:30–10:20 Berlin fits a 50-minute lesson; 10:30 does not (it would run past 11:00)
    await expect(assertSlotOffered(h.services, tutor.id, new Date("2026-11-26T08:30:00Z"), 50)).resolves.toBeUndefined();
    await expect(assertSlotOffered(h.services, tutor.id, new Date("2026-11-26T09:30:00Z"), 50)).rejects.toMatchObject({
      code: "BAD_INPUT",
    });
  });
});
