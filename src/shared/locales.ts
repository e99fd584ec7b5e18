// The locales messages and pages are written in (how dates, numbers and amounts look; the words stay English). A short
// list rather than any BCP 47 tag: each one is offered on the account page and checked by the server on every write
// (src/server/users/user-fields.ts). Pure, so the sign-up form can pick the browser's best match before sending.

export const SUPPORTED_LOCALES = ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "it-IT", "nl-NL", "pt-BR", "ja-JP"] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: SupportedLocale = "en-US";

const canonical = (tag: unknown): string | null => {
  if (typeof tag !== "string" || tag.length === 0 || tag.length > 35) return null;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
};

/** The supported locale a tag names exactly (any case: "de-de" is de-DE), or null. */
export function supportedLocale(tag: unknown): SupportedLocale | null {
  const c = canonical(tag);
  return c !== null && (SUPPORTED_LOCALES as readonly string[]).includes(c) ? (c as SupportedLocale) : null;
}

/**
 * The browser's preferred languages (navigator.languages) matched to the list: the first exact match, else the first
 * supported locale of the first preferred language we have ("de-AT" or "de" → de-DE); null when none fits.
 */
export function bestSupportedLocale(preferred: readonly string[]): SupportedLocale | null {
  for (const tag of preferred) {
    const exact = supportedLocale(tag);
    if (exact) return exact;
  }
  for (const tag of preferred) {
    const language = canonical(tag)?.split("-")[0];
    const same = SUPPORTED_LOCALES.find((l) => l.split("-")[0] === language);
    if (same) return same;
  }
  return null;
}
