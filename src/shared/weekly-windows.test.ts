import { describe, expect, it } from "vitest";
import { checkWeeklyWindows, minuteLabel } from "./weekly-windows";

describe("checkWeeklyWindows", () => {
  it("accepts a week and returns it sorted by day and start", () => {
    const r = checkWeeklyWindows([
      { weekday: 3, startMinute: 600, endMinute: 720 },
      { weekday: 1, startMinute: 900, endMinute: 1440 },
      { weekday: 1, startMinute: 540, endMinute: 600 },
    ]);
    expect(r).toEqual({
      ok: true,
      windows: [
        { weekday: 1, startMinute: 540, endMinute: 600 },
        { weekday: 1, startMinute: 900, endMinute: 1440 },
        { weekday: 3, startMinute: 600, endMinute: 720 },
      ],
    });
  });

  it("accepts an empty week (the tutor takes no bookings)", () => {
    expect(checkWeeklyWindows([])).toEqual({ ok: true, windows: [] });
  });

  it.each([
    [{ weekday: 7, startMinute: 0, endMinute: 60 }, /Weekday 7 does not exist/],
    [{ weekday: 1, startMinute: 600, endMinute: 540 }, /Monday 10:00–09:00: the end must be after the start/],
    [{ weekday: 2, startMinute: 615, endMinute: 720 }, /Tuesday 10:15–12:00: start and end on the hour or half past/],
    [{ weekday: 0, startMinute: 0, endMinute: 1470 }, /Sunday: times must lie between 00:00 and 24:00/],
  ])("refuses %o, saying what to fix", (w, message) => {
    const r = checkWeeklyWindows([w]);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(message);
  });

  it("refuses overlapping windows on the same day, naming both", () => {
    const r = checkWeeklyWindows([
      { weekday: 5, startMinute: 540, endMinute: 720 },
      { weekday: 5, startMinute: 660, endMinute: 780 },
    ]);
    expect(!r.ok && r.message).toBe("Friday: 09:00–12:00 and 11:00–13:00 overlap. Join them into one window or change one of them.");
  });

  it("allows touching windows and the same hours on different days", () => {
    expect(
      checkWeeklyWindows([
        { weekday: 5, startMinute: 540, endMinute: 600 },
        { weekday: 5, startMinute: 600, endMinute: 660 },
        { weekday: 6, startMinute: 540, endMinute: 600 },
      ]).ok,
    ).toBe(true);
  });

  it("labels minutes as a 24-hour clock", () => {
    expect(minuteLabel(0)).toBe("00:00");
    expect(minuteLabel(570)).toBe("09:30");
    expect(minuteLabel(1440)).toBe("24:00");
  });
});
