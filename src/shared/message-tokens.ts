// Server messages (alerts, rejections, errors) that name an instant or an amount carry it as a token, not as text, so
// each viewer's page renders it in their own time zone and locale (an admin in Tokyo and one in Berlin read the same
// alert differently), and plain outputs (CLI, CSV, logs) render it in UTC. One format, written and read only here.
//   instantToken(new Date("2026-12-01T19:22:37Z"))  →  "⟦instant:2026-12-01T19:22:37.000Z⟧"
//   moneyToken(450, "USD")                            →  "⟦money:450:USD⟧"

import { formatMoney } from "./money";

export { currencyExponent } from "./money";

const TOKEN = /⟦(instant):([^⟧]+)⟧|⟦(money):(-?\d+):([A-Z]{3})⟧/g;

export function instantToken(at: Date): string {
  return `⟦instant:${at.toISOString()}⟧`;
}

export function moneyToken(amount: number, currency: string): string {
  return `⟦money:${amount}:${currency.toUpperCase()}⟧`;
}

export type MessagePart = { text: string } | { instant: Date } | { money: { amount: number; currency: string } };

/** The message split into text and the values it names, for a page to render each in the viewer's zone and locale. */
export function messageParts(message: string): MessagePart[] {
  const parts: MessagePart[] = [];
  let last = 0;
  for (const m of message.matchAll(TOKEN)) {
    if (m.index > last) parts.push({ text: message.slice(last, m.index) });
    if (m[1]) {
      const at = new Date(m[2]!);
      parts.push(Number.isNaN(at.getTime()) ? { text: m[0] } : { instant: at });
    } else {
      parts.push({ money: { amount: Number(m[4]), currency: m[5]! } });
    }
    last = m.index + m[0].length;
  }
  if (last < message.length) parts.push({ text: message.slice(last) });
  return parts;
}

/** "Wed, Dec 2, 4:22 AM GMT+9": a message's instants always say their zone, since readers act on them. */
const INSTANT_STYLE: Intl.DateTimeFormatOptions = {
  weekday: "short",
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZoneName: "short",
};

export interface RenderOptions {
  /** IANA zone of the reader; UTC when unknown (CLI, logs, CSV) */
  timeZone?: string;
  /** BCP 47 locale of the reader */
  locale?: string;
}

/** The message as plain text for one reader. */
export function renderMessage(message: string, opts: RenderOptions = {}): string {
  const timeZone = opts.timeZone ?? "UTC";
  const locale = opts.locale ?? "en-US";
  return messageParts(message)
    .map((p) => {
      if ("text" in p) return p.text;
      if ("instant" in p) {
        return new Intl.DateTimeFormat(locale, { ...INSTANT_STYLE, timeZone }).format(p.instant);
      }
      return formatMoney(p.money.amount, p.money.currency, locale);
    })
    .join("");
}
