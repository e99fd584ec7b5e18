import { describe, expect, it } from "vitest";
import { freeSlots } from "./free-slots";
import type { WeeklyWindow } from "~/shared/weekly-windows";

const starts = (slots: { start: Date }[]) => slots.map((s) => s.start.toISOString());
const THU = 4;
const SUN = 0;

describe("freeSlots", () => {
  const thursdayMorning: WeeklyWindow[] = [{ weekday: THU, startMinute: 9 * 60, endMinute: 11 * 60 }];

  it("cuts a window in the tutor's zone into lessons on the half-hour grid, for 14 days", () => {
    const slots = freeSlots({
      windows: thursdayMorning,
      timeZone: "Europe/Berlin",
      durationMinutes: 25,
      now: new Date("2026-11-26T00:00:00Z"),
      busy: [],
    });
    // Berlin 09:00–11:00 = 08:00–10:00Z in winter; this Thursday and next (the one after is day 14, excluded)
    expect(starts(slots)).toEqual([
      "2026-11-26T08:00:00.000Z",
      "2026-11-26T08:30:00.000Z",
      "2026-11-26T09:00:00.000Z",
      "2026-11-26T09:30:00.000Z",
      "2026-12-03T08:00:00.000Z",
      "2026-12-03T08:30:00.000Z",
      "2026-12-03T09:00:00.000Z",
      "2026-12-03T09:30:00.000Z",
    ]);
    expect(slots[0]!.end.toISOString()).toBe("2026-11-26T08:25:00.000Z");
  });

  it("fits 50-minute lessons only where they end inside the window", () => {
    const slots = freeSlots({
      windows: thursdayMorning,
      timeZone: "Europe/Berlin",
      durationMinutes: 50,
      now: new Date("2026-11-26T00:00:00Z"),
      busy: [],
      limit: 4,
    });
    expect(starts(slots)).toEqual([
      "2026-11-26T08:00:00.000Z",
      "2026-11-26T08:30:00.000Z",
      "2026-11-26T09:00:00.000Z",
      "2026-12-03T08:00:00.000Z",
    ]);
  });

  it("skips slots starting within the next hour", () => {
    const slots = freeSlots({
      windows: thursdayMorning,
      timeZone: "Europe/Berlin",
      durationMinutes: 25,
      now: new Date("2026-11-26T07:45:00Z"),
      busy: [],
      limit: 2,
    });
    expect(starts(slots)).toEqual(["2026-11-26T09:00:00.000Z", "2026-11-26T09:30:00.000Z"]);
  });

  it("leaves out every slot that overlaps a booked lesson", () => {
    const busy = [{ start: new Date("2026-11-26T08:30:00Z"), end: new Date("2026-11-26T08:55:00Z") }];
    const now = new Date("2026-11-26T00:00:00Z");
    expect(starts(freeSlots({ windows: thursdayMorning, timeZone: "Europe/Berlin", durationMinutes: 25, now, busy, limit: 3 }))).toEqual([
      "2026-11-26T08:00:00.000Z",
      "2026-11-26T09:00:00.000Z",
      "2026-11-26T09:30:00.000Z",
    ]);
    // a 50-minute lesson at 08:00 would run into it too
    expect(starts(freeSlots({ windows: thursdayMorning, timeZone: "Europe/Berlin", durationMinutes: 50, now, busy, limit: 1 }))).toEqual([
      "2026-11-26T09:00:00.000Z",
    ]);
  });

  it("keeps the tutor's wall-clock hours across a DST change (New York, 8 March 2026)", () => {
    const slots = freeSlots({
      windows: [{ weekday: SUN, startMinute: 9 * 60, endMinute: 9 * 60 + 30 }],
      timeZone: "America/New_York",
      durationMinutes: 25,
      now: new Date("2026-03-01T00:00:00Z"),
      busy: [],
    });
    // 09:00 EST = 14:00Z before the change, 09:00 EDT = 13:00Z after it
    expect(starts(slots)).toEqual(["2026-03-01T14:00:00.000Z", "2026-03-08T13:00:00.000Z"]);
  });

  it("offers only real times on the night the clocks spring forward", () => {
    const slots = freeSlots({
      windows: [{ weekday: SUN, startMinute: 60, endMinute: 4 * 60 }],
      timeZone: "America/New_York",
      durationMinutes: 25,
      now: new Date("2026-03-07T12:00:00Z"),
      busy: [],
      limit: 4,
    });
    // 01:00–04:00 local is only two real hours that night: 01:00, 01:30 EST then 03:00, 03:30 EDT
    expect(starts(slots)).toEqual([
      "2026-03-08T06:00:00.000Z",
      "2026-03-08T06:30:00.000Z",
      "2026-03-08T07:00:00.000Z",
      "2026-03-08T07:30:00.000Z",
    ]);
  });

  it("offers the repeated hour on the night the clocks fall back", () => {
    const slots = freeSlots({
      windows: [{ weekday: SUN, startMinute: 60, endMinute: 2 * 60 }],
      timeZone: "America/New_York",
      durationMinutes: 25,
      now: new Date("2026-10-31T12:00:00Z"),
      busy: [],
      limit: 4,
    });
    // 01:00–02:00 local lasts two real hours: 01:00 and 01:30 EDT, then 01:00 and 01:30 EST
    expect(starts(slots)).toEqual([
      "2026-11-01T05:00:00.000Z",
      "2026-11-01T05:30:00.000Z",
      "2026-11-01T06:00:00.000Z",
      "2026-11-01T06:30:00.000Z",
    ]);
  });

  it("joins windows across midnight so a lesson may run past it", () => {
    const windows: WeeklyWindow[] = [
      { weekday: 1, startMinute: 23 * 60, endMinute: 1440 },
      { weekday: 2, startMinute: 0, endMinute: 60 },
    ];
    const slots = freeSlots({ windows, timeZone: "UTC", durationMinutes: 50, now: new Date("2026-11-30T00:00:00Z"), busy: [], limit: 3 });
    expect(starts(slots)).toEqual(["2026-11-30T23:00:00.000Z", "2026-11-30T23:30:00.000Z", "2026-12-01T00:00:00.000Z"]);
  });

  it("keeps the tutor's grid in a zone off the hour (Kathmandu, +05:45)", () => {
    const slots = freeSlots({
      windows: [{ weekday: THU, startMinute: 9 * 60, endMinute: 10 * 60 }],
      timeZone: "Asia/Kathmandu",
      durationMinutes: 25,
      now: new Date("2026-11-25T00:00:00Z"),
      busy: [],
      limit: 2,
    });
    expect(starts(slots)).toEqual(["2026-11-26T03:15:00.000Z", "2026-11-26T03:45:00.000Z"]);
  });

  it("finds a tutor's Friday morning in Tokyo while it is still Thursday in UTC", () => {
    const slots = freeSlots({
      windows: [{ weekday: 5, startMinute: 8 * 60, endMinute: 9 * 60 }],
      timeZone: "Asia/Tokyo",
      durationMinutes: 25,
      now: new Date("2026-11-26T12:00:00Z"),
      busy: [],
      limit: 1,
    });
    expect(starts(slots)).toEqual(["2026-11-26T23:00:00.000Z"]);
  });

  it("is empty without windows", () => {
    expect(freeSlots({ windows: [], timeZone: "UTC", durationMinutes: 25, now: new Date("2026-11-26T00:00:00Z"), busy: [] })).toEqual([]);
  });
});
