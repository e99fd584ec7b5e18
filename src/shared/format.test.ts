import { describe, expect, it } from "vitest";
import { clockTime, dateTime, dateTimeWithZone, dayHeading, dayKey, duration, money, relativeFromNow, timeRange } from "./format";

// Intl separates some parts with narrow/no-break spaces; compare words, not space characters.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

const at = new Date("2026-11-26T23:00:00Z");

describe("money", () => {
  it("formats minor units in the viewer's locale", () => {
    expect(money(450, "USD", "en-US")).toBe("$4.50");
    expect(plain(money(450, "USD", "de-DE"))).toBe("4,50 $");
    expect(plain(money(123456, "EUR", "fr-FR"))).toBe("1 234,56 €");
    expect(money(450, "JPY", "ja-JP")).toBe("￥450");
  });
});

describe("times in the viewer's zone", () => {
  it("shows one instant as each viewer's wall clock", () => {
    expect(plain(dateTime(at, "America/New_York", "en-US"))).toBe("Thu, Nov 26, 6:00 PM");
    expect(plain(dateTime(at, "Europe/Berlin", "en-GB"))).toBe("Fri 27 Nov, 00:00");
    expect(plain(clockTime(at, "Asia/Tokyo", "en-US"))).toBe("8:00 AM");
    expect(plain(dateTimeWithZone(at, "America/New_York", "en-US"))).toBe("Thu, Nov 26, 6:00 PM EST");
    expect(dayHeading(at, "Asia/Tokyo", "en-US")).toBe("Friday, November 27");
  });

  it("keys days by the viewer's calendar, not UTC's", () => {
    expect(dayKey(at, "America/New_York")).toBe("2026-11-26");
    expect(dayKey(at, "Asia/Tokyo")).toBe("2026-11-27");
  });

  it("repeats the day in a range only across midnight", () => {
    expect(plain(timeRange(at, new Date(at.getTime() + 25 * 60_000), "America/New_York", "en-US"))).toBe("Thu, Nov 26, 6:00 PM – 6:25 PM");
    expect(plain(timeRange(new Date("2026-11-26T22:45:00Z"), new Date("2026-11-26T23:10:00Z"), "UTC", "en-US"))).toBe(
      "Thu, Nov 26, 10:45 PM – 11:10 PM",
    );
    expect(plain(timeRange(new Date("2026-11-26T23:45:00Z"), new Date("2026-11-27T00:10:00Z"), "UTC", "en-GB"))).toBe(
      "Thu 26 Nov, 23:45 – Fri 27 Nov, 00:10",
    );
  });
});

describe("durations", () => {
  it("formats countdowns and elapsed call time", () => {
    expect(duration(0)).toBe("0:00");
    expect(duration(65_000)).toBe("1:05");
    expect(duration(3_723_000)).toBe("1:02:03");
    expect(duration(-5_000)).toBe("0:00");
  });

  it("says how far a deadline is", () => {
    expect(relativeFromNow(new Date(at.getTime() + 2 * 86_400_000), at, "en-US")).toBe("in 2 days");
    expect(relativeFromNow(new Date(at.getTime() + 3 * 3_600_000), at, "en-US")).toBe("in 3 hours");
    expect(relativeFromNow(new Date(at.getTime() + 60_000), at, "en-US")).toBe("in 1 minute");
  });
});
