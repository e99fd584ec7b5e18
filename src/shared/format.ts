// Display formatting for the viewer: money in their locale, instants in their time zone.
// Pure (locale and zone are arguments), so server tests and client pages agree.
import { formatMoney } from "./money";

/** Minor units in the viewer's locale: (450, "USD", "en-US") → "$4.50"; (450, "USD", "de-DE") → "4,50 $". */
export function money(amount: number, currency: string, locale: string | undefined): string {
  return formatMoney(amount, currency, locale ?? "en-US");
}

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: string | undefined, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ""}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    cache.set(key, f);
  }
  return f;
}

/** "Thu, Nov 26" */
export function shortDay(at: Date, timeZone: string, locale?: string): string {
  return fmt(locale, timeZone, { weekday: "short", month: "short", day: "numeric" }).format(at);
}

/** "6:00 PM" (en-US), "18:00" (en-GB): the locale's own short time style. */
export function clockTime(at: Date, timeZone: string, locale?: string): string {
  return fmt(locale, timeZone, { timeStyle: "short" }).format(at);
}

/** "Thu, Nov 26, 6:00 PM" */
export function dateTime(at: Date, timeZone: string, locale?: string): string {
  return `${shortDay(at, timeZone, locale)}, ${clockTime(at, timeZone, locale)}`;
}

/** "Thu, Nov 26, 6:00 PM EST": when the zone must be spelled out (e.g. a deadline). */
export function dateTimeWithZone(at: Date, timeZone: string, locale?: string): string {
  const zone =
    fmt(locale, timeZone, { timeZoneName: "short" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value ?? timeZone;
  return `${dateTime(at, timeZone, locale)} ${zone}`;
}

/** "Thu, Nov 26, 6:00 PM – 6:25 PM"; the day is repeated only when the range crosses midnight. */
export function timeRange(start: Date, end: Date, timeZone: string, locale?: string): string {
  const sameDay = dayKey(start, timeZone) === dayKey(end, timeZone);
  return `${dateTime(start, timeZone, locale)} – ${sameDay ? clockTime(end, timeZone, locale) : dateTime(end, timeZone, locale)}`;
}

/** "Thursday, November 26" */
export function dayHeading(at: Date, timeZone: string, locale?: string): string {
  return fmt(locale, timeZone, { weekday: "long", month: "long", day: "numeric" }).format(at);
}

/** "2026-11-26": the calendar day of `at` in `timeZone`, for grouping. */
export function dayKey(at: Date, timeZone: string): string {
  return fmt("en-CA", timeZone, { year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** A countdown or elapsed time: "4:05", "1:02:03" (never negative). */
export function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, "0") : String(m);
  return `${h > 0 ? `${h}:` : ""}${mm}:${String(s).padStart(2, "0")}`;
}

/** "in 3 days", "in 2 hours", "in 5 minutes" — for a deadline far enough that seconds don't matter. */
export function relativeFromNow(target: Date, now: Date, locale?: string): string {
  const diff = target.getTime() - now.getTime();
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  const abs = Math.abs(diff);
  if (abs >= 86_400_000) return rtf.format(Math.round(diff / 86_400_000), "day");
  if (abs >= 3_600_000) return rtf.format(Math.round(diff / 3_600_000), "hour");
  return rtf.format(Math.round(diff / 60_000), "minute");
}
