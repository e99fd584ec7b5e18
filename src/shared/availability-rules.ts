// The numbers behind "free slots", in one place (the lifecycle policy holds the money rules).

export const AVAILABILITY_RULES = Object.freeze({
  /** slots start on this grid of the tutor's wall clock (:00 and :30) */
  gridMinutes: 30,
  /** students see slots this far ahead */
  horizonDays: 14,
  /** a slot starting sooner than this is not offered: the tutor needs notice */
  minimumNoticeMs: 60 * 60_000,
  /** a tutor keeps a day readable: more windows than this per day is almost surely a mistake */
  maxWindowsPerDay: 12,
  durations: Object.freeze([25, 50] as const),
});

export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
