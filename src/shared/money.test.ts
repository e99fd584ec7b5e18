import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { assertMinorUnits, currencyExponent, formatMoney, percentOf, proportionalReversal, splitFee, toMajorUnitString } from "./money";

describe("splitFee", () => {
  it("splits the incident's $4.50 into 90 + 360 at 20 %", () => {
    expect(splitFee(450, 2000)).toEqual({ platformFee: 90, tutorShare: 360 });
  });

  it.each([
    // amount × 0.2: 2.5 → 3 (half-up), 2.4 → 2, 2.6 → 3
    [1, 2000, 0],
    [2, 2000, 0],
    [3, 2000, 1],
    [12, 2000, 2],
    [13, 2000, 3],
    [1005, 1000, 101],
    [1004, 1000, 100],
    [0, 2000, 0],
    [999, 0, 0],
    [999, 10_000, 999],
  ])("splitFee(%i, %i) keeps a fee of %i, half-up", (amount, bps, fee) => {
    expect(splitFee(amount, bps)).toEqual({ platformFee: fee, tutorShare: amount - fee });
  });

  it("stays exact where amount × bps passes 2^53", () => {
    const amount = Number.MAX_SAFE_INTEGER; // 9007199254740991
    const { platformFee, tutorShare } = splitFee(amount, 2000);
    expect(BigInt(platformFee)).toBe((BigInt(amount) * 2000n * 2n + 10_000n) / 20_000n);
    expect(platformFee + tutorShare).toBe(amount);
  });

  it("property: fee + share = amount, and the fee is within half a unit of the exact share", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000_000 }), fc.integer({ min: 0, max: 10_000 }), (amount, bps) => {
        const { platformFee, tutorShare } = splitFee(amount, bps);
        expect(platformFee + tutorShare).toBe(amount);
        expect(platformFee).toBeGreaterThanOrEqual(0);
        expect(tutorShare).toBeGreaterThanOrEqual(0);
        // |fee × 10000 − amount × bps| ≤ 5000, with exact ties rounded up
        const diff = platformFee * 10_000 - amount * bps;
        expect(diff).toBeGreaterThan(-5000);
        expect(diff).toBeLessThanOrEqual(5000);
      }),
    );
  });

  it("refuses fractional amounts and out-of-range basis points", () => {
    expect(() => splitFee(4.5, 2000)).toThrow(/whole number of minor units/);
    expect(() => splitFee(-1, 2000)).toThrow(/must not be negative/);
    expect(() => splitFee(450, 10_001)).toThrow(/between 0 and 10000/);
    expect(() => splitFee(450, 20.5)).toThrow(/between 0 and 10000/);
  });
});

describe("percentOf", () => {
  it("rounds half-up", () => {
    expect(percentOf(450, 5000)).toBe(225);
    expect(percentOf(5, 5000)).toBe(3); // 2.5 → 3
    expect(percentOf(1, 5000)).toBe(1); // 0.5 → 1
    expect(percentOf(3, 3333)).toBe(1); // 0.9999 → 1
    expect(percentOf(7, 2500)).toBe(2); // 1.75 → 2
    expect(percentOf(9, 2500)).toBe(2); // 2.25 → 2
  });
});

describe("proportionalReversal", () => {
  const captured = { captured: 450, platformFee: 90, tutorShare: 360 };

  it("reverses both sides in proportion and sums to the refund", () => {
    expect(proportionalReversal(captured, 450)).toEqual({ platformFeeReversed: 90, tutorShareReversed: 360 });
    expect(proportionalReversal(captured, 225)).toEqual({ platformFeeReversed: 45, tutorShareReversed: 180 });
    // 1 × 90 / 450 = 0.2 → 0 on the fee side; the tutor side takes the unit
    expect(proportionalReversal(captured, 1)).toEqual({ platformFeeReversed: 0, tutorShareReversed: 1 });
  });

  it("never over-reverses one side across many small refunds (cumulative rounding)", () => {
    const tiny = { captured: 3, platformFee: 1, tutorShare: 2 };
    const parts = [0, 1, 2].map((already) => proportionalReversal(tiny, 1, already));
    expect(parts.reduce((sum, p) => sum + p.platformFeeReversed, 0)).toBe(1);
    expect(parts.reduce((sum, p) => sum + p.tutorShareReversed, 0)).toBe(2);
  });

  it("property: any sequence of refunds sums exactly, stays within each side, and a full refund reverses everything", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 20 }),
        (amount, bps, weights) => {
          const { platformFee, tutorShare } = splitFee(amount, bps);
          const split = { captured: amount, platformFee, tutorShare };
          // cut the amount into pieces proportional to the weights; the last piece takes the rest
          const total = weights.reduce((a, b) => a + b, 0);
          let already = 0;
          let feeSum = 0;
          let shareSum = 0;
          weights.forEach((w, i) => {
            const piece = i === weights.length - 1 ? amount - already : Math.floor((amount * w) / total);
            const r = proportionalReversal(split, piece, already);
            expect(r.platformFeeReversed + r.tutorShareReversed).toBe(piece);
            expect(r.platformFeeReversed).toBeGreaterThanOrEqual(0);
            expect(r.tutorShareReversed).toBeGreaterThanOrEqual(0);
            already += piece;
            feeSum += r.platformFeeReversed;
            shareSum += r.tutorShareReversed;
            expect(feeSum).toBeLessThanOrEqual(platformFee);
            expect(shareSum).toBeLessThanOrEqual(tutorShare);
          });
          expect(feeSum).toBe(platformFee);
          expect(shareSum).toBe(tutorShare);
        },
      ),
    );
  });

  it("refuses to refund more than was captured, or an inconsistent split", () => {
    expect(() => proportionalReversal(captured, 451)).toThrow(/only 450 of 450 is left/);
    expect(() => proportionalReversal(captured, 100, 400)).toThrow(/only 50 of 450 is left/);
    expect(() => proportionalReversal({ captured: 450, platformFee: 90, tutorShare: 350 }, 10)).toThrow(/must equal captured/);
  });
});

describe("formatMoney", () => {
  it("uses the currency's minor-unit exponent", () => {
    expect(currencyExponent("USD")).toBe(2);
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
    expect(formatMoney(450, "USD", "en-US")).toBe("$4.50");
    expect(formatMoney(450, "JPY", "en-US")).toBe("¥450");
    expect(formatMoney(1234, "KWD", "en-US")).toMatch(/^KWD\s1\.234$/);
    expect(formatMoney(-5, "USD", "en-US")).toBe("-$0.05");
  });

  it("localizes separators and symbol placement", () => {
    expect(formatMoney(123456, "EUR", "de-DE")).toBe("1.234,56\u00a0€");
    expect(formatMoney(450, "JPY", "ja-JP")).toBe("￥450");
  });

  it("stays exact for amounts a float division would round", () => {
    expect(toMajorUnitString(9_007_199_254_740_991, "USD")).toBe("90071992547409.91");
    expect(formatMoney(9_007_199_254_740_991, "USD", "en-US")).toBe("$90,071,992,547,409.91");
    expect(toMajorUnitString(7, "USD")).toBe("0.07");
    expect(toMajorUnitString(0, "KWD")).toBe("0.000");
  });

  it("refuses bad currencies and fractional amounts", () => {
    expect(() => formatMoney(1, "US", "en-US")).toThrow(/ISO 4217/);
    expect(() => formatMoney(1.5, "USD", "en-US")).toThrow(/whole number/);
  });
});

describe("assertMinorUnits", () => {
  it("accepts safe non-negative integers only (negatives on request)", () => {
    expect(() => assertMinorUnits(0)).not.toThrow();
    expect(() => assertMinorUnits(Number.MAX_SAFE_INTEGER)).not.toThrow();
    expect(() => assertMinorUnits(-1)).toThrow(/amount must not be negative/);
    expect(() => assertMinorUnits(-1, "delta", { allowNegative: true })).not.toThrow();
    expect(() => assertMinorUnits(0.1, "price")).toThrow(/price must be a whole number/);
    expect(() => assertMinorUnits(Number.MAX_SAFE_INTEGER + 1)).toThrow();
    expect(() => assertMinorUnits("450")).toThrow();
    expect(() => assertMinorUnits(Number.NaN)).toThrow();
  });
});
