import { describe, expect, it } from "vitest";
import { addDays, instantOfWallTime, localDateAt, weekdayOf, zoneOffsetMs } from "./zoned-time";

const iso = (ms: number) => new Date(ms).toISOString();
const H = 3_600_000;

describe("zoneOffsetMs", () => {
  it("reads winter and summer offsets, and zones off the hour", () => {
    expect(zoneOffsetMs(Date.parse("2026-01-15T12:00:00Z"), "Europe/Berlin")).toBe(1 * H);
    expect(zoneOffsetMs(Date.parse("2026-07-15T12:00:00Z"), "Europe/Berlin")).toBe(2 * H);
    expect(zoneOffsetMs(Date.parse("2026-07-15T12:00:00Z"), "America/New_York")).toBe(-4 * H);
    expect(zoneOffsetMs(Date.parse("2026-07-15T12:00:00Z"), "Asia/Kathmandu")).toBe(5.75 * H);
    expect(zoneOffsetMs(Date.parse("2026-07-15T12:00:00Z"), "UTC")).toBe(0);
  });
});

describe("instantOfWallTime", () => {
  it("maps an ordinary wall time to its instant", () => {
    expect(iso(instantOfWallTime({ year: 2026, month: 11, day: 26 }, 9 * 60, "Europe/Berlin"))).toBe("2026-11-26T08:00:00.000Z");
    expect(iso(instantOfWallTime({ year: 2026, month: 11, day: 26 }, 9 * 60, "Asia/Kathmandu"))).toBe("2026-11-26T03:15:00.000Z");
  });

  it("treats 24:00 as the next midnight", () => {
    expect(iso(instantOfWallTime({ year: 2026, month: 11, day: 26 }, 1440, "UTC"))).toBe("2026-11-27T00:00:00.000Z");
  });

  it("moves a time skipped by spring-forward past the gap (New York, 8 March 2026)", () => {
    // 02:30 does not exist that night; it reads as 03:30 EDT = 07:30Z
    expect(iso(instantOfWallTime({ year: 2026, month: 3, day: 8 }, 150, "America/New_York"))).toBe("2026-03-08T07:30:00.000Z");
    expect(iso(instantOfWallTime({ year: 2026, month: 3, day: 8 }, 180, "America/New_York"))).toBe("2026-03-08T07:00:00.000Z");
  });

  it("picks the earlier of a time that happens twice (New York, 1 November 2026)", () => {
    expect(iso(instantOfWallTime({ year: 2026, month: 11, day: 1 }, 90, "America/New_York"))).toBe("2026-11-01T05:30:00.000Z");
  });

  it("handles a half-hour DST shift (Lord Howe Island)", () => {
    // Lord Howe: +10:30 in winter, +11 in summer; 5 Oct 2025 02:00 → 02:30
    expect(iso(instantOfWallTime({ year: 2025, month: 10, day: 5 }, 120, "Australia/Lord_Howe"))).toBe("2025-10-04T15:30:00.000Z");
    expect(iso(instantOfWallTime({ year: 2025, month: 10, day: 5 }, 180, "Australia/Lord_Howe"))).toBe("2025-10-04T16:00:00.000Z");
  });
});

describe("calendar helpers", () => {
  it("reads the local date, crossing the date line", () => {
    expect(localDateAt(Date.parse("2026-11-26T23:30:00Z"), "Asia/Tokyo")).toEqual({ year: 2026, month: 11, day: 27 });
    expect(localDateAt(Date.parse("2026-11-26T03:30:00Z"), "America/Los_Angeles")).toEqual({ year: 2026, month: 11, day: 25 });
  });

  it("adds days across month and year ends and names weekdays 0 = Sunday", () => {
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(addDays({ year: 2026, month: 3, day: 1 }, -1)).toEqual({ year: 2026, month: 2, day: 28 });
    expect(weekdayOf({ year: 2026, month: 11, day: 29 })).toBe(0);
    expect(weekdayOf({ year: 2026, month: 11, day: 26 })).toBe(4);
  });
});
