// Weekly availability windows as a tutor edits them: pure validation and normalisation,
// so the editor, the service and the tests agree on what a valid week is.
import { AVAILABILITY_RULES, WEEKDAY_NAMES } from "./availability-rules";

export interface WeeklyWindow {
  /** 0 = Sunday … 6 = Saturday, in the tutor's time zone */
  weekday: number;
  /** minutes after local midnight */
  startMinute: number;
  /** minutes after local midnight; 1440 = until midnight */
  endMinute: number;
}

export type WindowsCheck = { ok: true; windows: WeeklyWindow[] } | { ok: false; message: string };

/** "09:30" for 570; "24:00" for 1440. */
export function minuteLabel(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
}

/**
 * Accepts a week of windows or says, in words naming the day, what to fix. Returns them
 * sorted by day and start. Overlaps are refused rather than merged: two rows covering the
 * same hour are almost always a typo the tutor wants to see.
 */
export function checkWeeklyWindows(input: readonly WeeklyWindow[]): WindowsCheck {
  const grid = AVAILABILITY_RULES.gridMinutes;
  for (const w of input) {
    const day = WEEKDAY_NAMES[w.weekday];
    if (!Number.isInteger(w.weekday) || day === undefined)
      return { ok: false, message: `Weekday ${w.weekday} does not exist: use 0 (Sunday) to 6 (Saturday).` };
    const range = `${day} ${minuteLabel(w.startMinute)}–${minuteLabel(w.endMinute)}`;
    if (![w.startMinute, w.endMinute].every((m) => Number.isInteger(m) && m >= 0 && m <= 1440)) {
      return { ok: false, message: `${day}: times must lie between 00:00 and 24:00.` };
    }
    if (w.startMinute % grid !== 0 || w.endMinute % grid !== 0) {
      return { ok: false, message: `${range}: start and end on the hour or half past (lessons start every ${grid} minutes).` };
    }
    if (w.endMinute <= w.startMinute) return { ok: false, message: `${range}: the end must be after the start.` };
  }
  const sorted = [...input].sort((a, b) => a.weekday - b.weekday || a.startMinute - b.startMinute);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (prev.weekday === cur.weekday && cur.startMinute < prev.endMinute) {
      return {
        ok: false,
        message: `${WEEKDAY_NAMES[cur.weekday]}: ${minuteLabel(prev.startMinute)}–${minuteLabel(prev.endMinute)} and ${minuteLabel(cur.startMinute)}–${minuteLabel(cur.endMinute)} overlap. Join them into one window or change one of them.`,
      };
    }
  }
  for (let day = 0; day < 7; day++) {
    if (sorted.filter((w) => w.weekday === day).length > AVAILABILITY_RULES.maxWindowsPerDay) {
      return { ok: false, message: `${WEEKDAY_NAMES[day]}: at most ${AVAILABILITY_RULES.maxWindowsPerDay} windows per day.` };
    }
  }
  return { ok: true, windows: sorted.map(({ weekday, startMinute, endMinute }) => ({ weekday, startMinute, endMinute })) };
}
