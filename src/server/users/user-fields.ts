import "server-only";
// The rules for the fields a person writes about themselves. One module, used by every path that writes them:
// better-auth's sign-up and update-user (field validators and the user database hooks), the me.* procedures and the seed.
import { z } from "zod";
import { DEFAULT_LOCALE, SUPPORTED_LOCALES, type SupportedLocale, supportedLocale } from "~/shared/locales";

const NAME_MAX = 80;
const TIME_ZONE_MAX = 64;
// Control characters (and the Unicode line/paragraph separators) in a name break lists, CSV exports and e-mails.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * The canonical IANA name of a zone, or null. Intl knows the zones (and canonicalises case and links such as EST5EDT);
 * only named zones are accepted, not offsets like "+05:00", because wall times of a named zone follow its DST rules.
 */
export function canonicalTimeZone(tz: unknown): string | null {
  if (typeof tz !== "string" || tz.length === 0 || tz.length > TIME_ZONE_MAX || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) return null;
  // Building a DateTimeFormat is the dearest step of reading a session (every request reads the user's zone): the
  // answers are kept. The well-formed names are bounded by the check above; the map is cleared if it ever grows large.
  const known = canonicalZones.get(tz);
  if (known !== undefined) return known;
  let canonical: string | null;
  try {
    canonical = new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
  } catch {
    canonical = null;
  }
  if (canonicalZones.size >= 2_000) canonicalZones.clear();
  canonicalZones.set(tz, canonical);
  return canonical;
}
const canonicalZones = new Map<string, string | null>();

export function isTimeZone(tz: unknown): tz is string {
  return canonicalTimeZone(tz) !== null;
}

/** A zone read back from the database that may predate these rules: a bad one is read as UTC rather than failing. */
export function timeZoneOrUtc(tz: string): string {
  return canonicalTimeZone(tz) ?? "UTC";
}

export const timeZoneField = z.string("timeZone: must be an IANA time zone such as Europe/Paris").transform((tz, ctx) => {
  const canonical = canonicalTimeZone(tz);
  if (canonical === null) {
    ctx.addIssue({
      code: "custom",
      message: `timeZone: "${tz.slice(0, TIME_ZONE_MAX)}" is not an IANA time zone; use one such as Europe/Paris`,
    });
    return z.NEVER;
  }
  return canonical;
});

export { DEFAULT_LOCALE, SUPPORTED_LOCALES, type SupportedLocale, supportedLocale } from "~/shared/locales";

/** A locale read back from the database that may predate these rules: an unsupported one is read as en-US. */
export function localeOrDefault(tag: string | null | undefined): SupportedLocale {
  return supportedLocale(tag) ?? DEFAULT_LOCALE;
}

export const localeField = z.string(`locale: must be one of ${SUPPORTED_LOCALES.join(", ")}`).transform((tag, ctx) => {
  const locale = supportedLocale(tag);
  if (locale === null) {
    ctx.addIssue({
      code: "custom",
      message: `locale: "${tag.slice(0, 35)}" is not supported; choose one of ${SUPPORTED_LOCALES.join(", ")}`,
    });
    return z.NEVER;
  }
  return locale;
});

export const nameField = z
  .string("name: must be text")
  .trim()
  .min(1, "name: write your name (at least 1 character)")
  .max(NAME_MAX, `name: at most ${NAME_MAX} characters`)
  .refine((n) => !CONTROL_CHARACTERS.test(n), "name: line breaks and control characters are not allowed");

/** LessonPay shows no profile pictures: better-auth's `image` may only be left empty. */
export const imageField = z.null("image: profile pictures are not used here; leave it empty").optional();

/** Validates the fields of a user row about to be written; returns the cleaned values or the first problem, naming the field. */
export function checkUserFields(
  data: Record<string, unknown>,
): { ok: true; data: Record<string, unknown> } | { ok: false; message: string } {
  const out: Record<string, unknown> = { ...data };
  const checks: Array<[string, z.ZodType]> = [
    ["name", nameField],
    ["timeZone", timeZoneField],
    ["locale", localeField],
    ["image", imageField],
  ];
  for (const [field, schema] of checks) {
    if (!(field in data) || data[field] === undefined) continue;
    const r = schema.safeParse(data[field]);
    if (!r.success) return { ok: false, message: r.error.issues[0]?.message ?? `${field}: not accepted` };
    out[field] = r.data;
  }
  return { ok: true, data: out };
}
