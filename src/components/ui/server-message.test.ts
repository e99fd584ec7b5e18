import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { dateTimeWithZone, money } from "~/shared/format";
import { instantToken, moneyToken } from "~/shared/message-tokens";
import { ServerMessage, serverMessageText } from "./server-message";

/** Intl separates with narrow/no-break spaces; compare words, not space kinds. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");
const viewerIn = (timeZone: string, locale: string) => ({
  dateTimeWithZone: (at: Date) => dateTimeWithZone(at, timeZone, locale),
  money: (amount: number, currency: string) => money(amount, currency, locale),
});

const at = new Date("2026-12-01T19:22:37.222Z");
const message = `The hold lapses at ${instantToken(at)}; ${moneyToken(450, "USD")} is due.`;

describe("ServerMessage", () => {
  it("renders instants as <time> in the viewer's zone and amounts in the viewer's locale", () => {
    const html = plain(renderToStaticMarkup(createElement(ServerMessage, { message, viewer: viewerIn("Asia/Tokyo", "en-US") })));
    expect(html).toBe(
      'The hold lapses at <time dateTime="2026-12-01T19:22:37.222Z" title="2026-12-01 19:22:37 UTC">Wed, Dec 2, 4:22 AM GMT+9</time>; $4.50 is due.',
    );
    expect(plain(serverMessageText(message, viewerIn("Europe/Berlin", "de-DE")))).toBe(
      "The hold lapses at Di., 1. Dez., 20:22 MEZ; 4,50 $ is due.",
    );
  });

  it("reads a bare ISO instant (a message stored before tokens) the same way, and leaves plain text alone", () => {
    const old = "Already captured by Ada Admin (ada@demo.test) at 2026-12-01T19:22:37.222Z. Nothing was charged twice.";
    expect(plain(serverMessageText(old, viewerIn("UTC", "en-US")))).toBe(
      "Already captured by Ada Admin (ada@demo.test) at Tue, Dec 1, 7:22 PM UTC. Nothing was charged twice.",
    );
    expect(renderToStaticMarkup(createElement(ServerMessage, { message: "Nothing to see.", viewer: viewerIn("UTC", "en-US") }))).toBe(
      "Nothing to see.",
    );
    expect(renderToStaticMarkup(createElement(ServerMessage, { message: null, viewer: viewerIn("UTC", "en-US") }))).toBe("");
  });
});
