import "server-only";
// Wall-clock ↔ instant conversions for IANA time zones with nothing but Intl, so the
// slot maths needs no date library. A tutor's "Monday 09:00" is a wall time in their
// zone; the database and the lesson rows hold instants (UTC).

export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock fields of `instantMs` in `timeZone`. */
export function wallClockAt(instantMs: number, timeZone: string): LocalDate & { hour: number; minute: number; second: number } {
  const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

/** The zone's offset from UTC at `instantMs`, in ms (Berlin in winter: +3 600 000). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const w = wallClockAt(instantMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

const DAY_MS = 86_400_000;

/**
 * The instant at which the wall clock in `timeZone` shows `date` + `minuteOfDay` minutes
 * (minuteOfDay may be 1440: the next midnight). Resolves like Temporal's "compatible":
 * a time that happens twice (autumn) is the earlier one; a time skipped by a spring-forward
 * gap is moved forward by the gap (02:30 on a 02:00→03:00 night is 03:30).
 */
export function instantOfWallTime(date: LocalDate, minuteOfDay: number, timeZone: string): number {
  const local = Date.UTC(date.year, date.month - 1, date.day) + minuteOfDay * 60_000;
  // At most one transition lies within a day either side, so these two offsets cover every case.
  const before = zoneOffsetMs(local - DAY_MS, timeZone);
  const after = zoneOffsetMs(local + DAY_MS, timeZone);
  const candidates = [...new Set([before, after])].map((offset) => local - offset).filter((t) => t + zoneOffsetMs(t, timeZone) === local);
  if (candidates.length > 0) return Math.min(...candidates);
  // In the gap: read the wall time with the offset in force before the jump, which lands after it.
  return local - before;
}

/** The calendar date in `timeZone` at `instantMs`. */
export function localDateAt(instantMs: number, timeZone: string): LocalDate {
  const { year, month, day } = wallClockAt(instantMs, timeZone);
  return { year, month, day };
}

/** `date` moved by `days` calendar days (time-zone independent calendar arithmetic). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday, as in AvailabilityWindow.weekday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}
