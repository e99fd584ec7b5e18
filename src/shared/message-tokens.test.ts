import { describe, expect, it } from "vitest";
import { instantToken, messageParts, moneyToken, renderMessage } from "./message-tokens";

/** Intl separates with narrow/no-break spaces; compare words, not space kinds. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

describe("message tokens", () => {
  const at = new Date("2026-12-01T19:22:37.222Z");
  const msg = `The hold lapses at ${instantToken(at)}; ${moneyToken(450, "usd")} is due.`;

  it("never shows an ISO string: each reader sees the instant in their zone", () => {
    expect(plain(renderMessage(msg, { timeZone: "Asia/Tokyo" }))).toBe("The hold lapses at Wed, Dec 2, 2026, 4:22 AM GMT+9; $4.50 is due.");
    expect(plain(renderMessage(msg, { timeZone: "Europe/Berlin", locale: "de-DE" }))).toBe(
      "The hold lapses at Di., 1. Dez. 2026, 20:22 MEZ; 4,50 $ is due.",
    );
    expect(renderMessage(msg)).toContain("7:22 PM UTC");
    expect(renderMessage(msg)).not.toContain("2026-12-01T");
  });

  it("splits into parts with the values as data", () => {
    expect(messageParts(msg)).toEqual([
      { text: "The hold lapses at " },
      { instant: at },
      { text: "; " },
      { money: { amount: 450, currency: "USD" } },
      { text: " is due." },
    ]);
    expect(messageParts("no tokens")).toEqual([{ text: "no tokens" }]);
  });

  it("keeps minor units exact for zero- and three-decimal currencies", () => {
    expect(renderMessage(moneyToken(450, "JPY"))).toBe("¥450");
    expect(plain(renderMessage(moneyToken(1234, "KWD")))).toBe("KWD 1.234");
  });
});
