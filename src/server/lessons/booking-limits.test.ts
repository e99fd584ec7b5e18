import { describe, expect, it } from "vitest";
import { bookingLimitProblem, busiestWeekWith } from "./booking-limits";

const DAY = 86_400_000;
const T = new Date("2026-12-10T12:00:00Z");
const at = (ms: number) => new Date(T.getTime() + ms);
const policy = { maxUpcomingLessonsPerStudent: 3, maxUnheldLessonsPerStudent: 2, maxWeeklyLessonsWithTutor: 2 };
const none = { upcoming: 0, unheld: 0, sameTutorStarts: [] };

describe("busiestWeekWith: lessons with one tutor in any 7 days holding the new start", () => {
  it("counts the new lesson alone", () => expect(busiestWeekWith(T, [])).toBe(1));
  it("counts a lesson 7 days minus 1 ms earlier or later, not one exactly 7 days away", () => {
    expect(busiestWeekWith(T, [at(-7 * DAY + 1)])).toBe(2);
    expect(busiestWeekWith(T, [at(7 * DAY - 1)])).toBe(2);
    expect(busiestWeekWith(T, [at(-7 * DAY)])).toBe(1);
    expect(busiestWeekWith(T, [at(7 * DAY)])).toBe(1);
  });
  it("takes the busiest window, not the sum of both sides", () => {
    // 6 days before and 6 days after are 12 days apart: no 7-day window holds all three
    expect(busiestWeekWith(T, [at(-6 * DAY), at(6 * DAY)])).toBe(2);
    expect(busiestWeekWith(T, [at(-3 * DAY), at(3 * DAY)])).toBe(3);
  });
});

describe("bookingLimitProblem at its boundaries", () => {
  const book = (withoutHold = false) => ({ scheduledStart: T, withoutHold });
  it("allows the Nth upcoming lesson and refuses the N+1th, naming the rule and what to do", () => {
    expect(bookingLimitProblem({ ...none, upcoming: 2 }, book(), policy)).toBeNull();
    const p = bookingLimitProblem({ ...none, upcoming: 3 }, book(), policy);
    expect(p?.rule).toBe("MAX_UPCOMING_LESSONS");
    expect(p?.message).toMatch(/3 upcoming lessons.*\(3\)\. Cancel one/);
  });
  it("limits lessons without a hold only when the new one has none either", () => {
    expect(bookingLimitProblem({ ...none, upcoming: 1, unheld: 1 }, book(true), policy)).toBeNull();
    expect(bookingLimitProblem({ ...none, upcoming: 2, unheld: 2 }, book(true), policy)?.rule).toBe("MAX_UNHELD_LESSONS");
    expect(bookingLimitProblem({ ...none, upcoming: 2, unheld: 2 }, book(false), policy)).toBeNull();
    expect(bookingLimitProblem({ ...none, upcoming: 2, unheld: 2 }, book(true), policy)?.message).toMatch(/card is not held yet.*closer/);
  });
  it("allows K lessons with one tutor in 7 days and refuses K+1", () => {
    expect(bookingLimitProblem({ ...none, sameTutorStarts: [at(-DAY)] }, book(), policy)).toBeNull();
    const p = bookingLimitProblem({ ...none, sameTutorStarts: [at(-DAY), at(DAY)] }, book(), policy);
    expect(p?.rule).toBe("MAX_WEEKLY_LESSONS_WITH_TUTOR");
    expect(p?.message).toMatch(/3 lessons with this tutor within 7 days; at most 2/);
  });
});
