import "server-only";
// Free slots = the tutor's weekly windows laid onto real days in the tutor's time zone,
// cut into lessons on a half-hour grid, minus booked lessons, minus what starts too soon.
// Pure: the caller passes the windows, the lessons and the moment "now".
import { AVAILABILITY_RULES } from "~/shared/availability-rules";
import type { WeeklyWindow } from "~/shared/weekly-windows";
import { addDays, instantOfWallTime, localDateAt, weekdayOf } from "./zoned-time";

export interface Interval {
  start: Date;
  end: Date;
}

export interface SlotQuery {
  windows: readonly WeeklyWindow[];
  /** the tutor's IANA time zone: the windows are wall times there */
  timeZone: string;
  durationMinutes: number;
  now: Date;
  /** lessons that hold the tutor's time (every status but CANCELLED) */
  busy: readonly Interval[];
  /** stop after this many slots (e.g. "next 3" on the tutors list) */
  limit?: number;
  rules?: Pick<typeof AVAILABILITY_RULES, "gridMinutes" | "horizonDays" | "minimumNoticeMs">;
}

const DAY_MS = 86_400_000;

/**
 * Each weekly window as real intervals (UTC instants) over the given days, merged where they touch,
 * so Monday 22:00–24:00 and Tuesday 00:00–02:00 allow a lesson across midnight.
 */
export function windowIntervals(windows: readonly WeeklyWindow[], timeZone: string, from: Date, to: Date): Array<[number, number]> {
  const intervals: Array<[number, number]> = [];
  // One local day either side covers windows whose local date differs from the UTC date.
  const first = addDays(localDateAt(from.getTime(), timeZone), -1);
  const days = Math.ceil((to.getTime() - from.getTime()) / DAY_MS) + 2;
  for (let i = 0; i <= days; i++) {
    const date = addDays(first, i);
    const weekday = weekdayOf(date);
    for (const w of windows) {
      if (w.weekday !== weekday) continue;
      intervals.push([instantOfWallTime(date, w.startMinute, timeZone), instantOfWallTime(date, w.endMinute, timeZone)]);
    }
  }
  intervals.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [s, e] of intervals) {
    if (e <= s) continue; // a window swallowed by a spring-forward gap
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged;
}

/** The free slots, earliest first. A slot is [start, start + duration). */
export function freeSlots(q: SlotQuery): Interval[] {
  const rules = q.rules ?? AVAILABILITY_RULES;
  const grid = rules.gridMinutes * 60_000;
  const length = q.durationMinutes * 60_000;
  const earliest = q.now.getTime() + rules.minimumNoticeMs;
  const latest = q.now.getTime() + rules.horizonDays * DAY_MS; // last possible start (exclusive)
  const busy = [...q.busy].map((b) => [b.start.getTime(), b.end.getTime()] as const).sort((a, b) => a[0] - b[0]);
  const slots: Interval[] = [];
  for (const [from, to] of windowIntervals(q.windows, q.timeZone, q.now, new Date(latest))) {
    // Stepping in real time from a window start keeps the tutor's :00/:30 grid, DST nights included
    // (every real zone shifts by whole half-hours).
    for (let t = from; t + length <= to; t += grid) {
      if (t < earliest) continue;
      if (t >= latest) return slots;
      if (busy.some(([bs, be]) => bs < t + length && be > t)) continue;
      slots.push({ start: new Date(t), end: new Date(t + length) });
      if (q.limit !== undefined && slots.length >= q.limit) return slots;
    }
  }
  return slots;
}
