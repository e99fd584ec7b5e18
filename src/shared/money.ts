// Money is an integer count of the currency's minor unit (cents, yen, fils). Products of amounts and basis points can
// pass 2^53 for large amounts, so every multiplication goes through BigInt and only exact integers come back out.

const BPS_DENOMINATOR = 10_000n;

export class MoneyError extends RangeError {
  override name = "MoneyError";
}

/** Throws unless `value` is a safe integer amount of minor units (non-negative unless allowed). */
export function assertMinorUnits(value: unknown, name = "amount", options: { allowNegative?: boolean } = {}): asserts value is number {
  if (typeof value !== "number" || !Number.isSafeInteger(value)) {
    throw new MoneyError(`${name} must be a whole number of minor units (e.g. cents), got ${String(value)}`);
  }
  if (!options.allowNegative && value < 0) {
    throw new MoneyError(`${name} must not be negative, got ${value}`);
  }
}

function assertBps(bps: number, name = "bps"): void {
  if (!Number.isInteger(bps) || bps < 0 || bps > 10_000) {
    throw new MoneyError(`${name} must be an integer between 0 and 10000 basis points, got ${bps}`);
  }
}

/** round(numerator / denominator) with halves rounded up, for non-negative BigInts. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** `bps` basis points of `amount`, rounded half-up to a whole minor unit: percentOf(450, 5000) = 225, percentOf(5, 5000) = 3. */
export function percentOf(amount: number, bps: number): number {
  assertMinorUnits(amount);
  assertBps(bps);
  return Number(divideHalfUp(BigInt(amount) * BigInt(bps), BPS_DENOMINATOR));
}

export interface FeeSplit {
  platformFee: number;
  tutorShare: number;
}

/** The platform keeps fee = amount × bps / 10000 (half-up); the tutor gets the exact remainder, so the two always sum to amount. */
export function splitFee(amount: number, feeBps: number): FeeSplit {
  const platformFee = percentOf(amount, feeBps);
  return { platformFee, tutorShare: amount - platformFee };
}

export interface CapturedSplit {
  captured: number;
  platformFee: number;
  tutorShare: number;
}

export interface Reversal {
  platformFeeReversed: number;
  tutorShareReversed: number;
}

/**
 * How a refund is taken back from each side, proportionally to the original split.
 *
 * Rounding rule: the platform-fee side is computed on the *cumulative* refunded amount, half-up, and this refund's
 * fee part is the difference to what earlier refunds already reversed; the tutor side is the exact remainder. So each
 * refund sums exactly to `refundAmount`, neither side ever goes negative or past its original share, and refunding
 * everything (in any number of pieces) reverses exactly `platformFee` and `tutorShare`.
 *
 * @param alreadyRefunded total refunded before this refund (0 for the first one)
 */
export function proportionalReversal(split: CapturedSplit, refundAmount: number, alreadyRefunded = 0): Reversal {
  assertMinorUnits(split.captured, "captured");
  assertMinorUnits(split.platformFee, "platformFee");
  assertMinorUnits(split.tutorShare, "tutorShare");
  assertMinorUnits(refundAmount, "refundAmount");
  assertMinorUnits(alreadyRefunded, "alreadyRefunded");
  if (split.platformFee + split.tutorShare !== split.captured) {
    throw new MoneyError(`platformFee (${split.platformFee}) + tutorShare (${split.tutorShare}) must equal captured (${split.captured})`);
  }
  if (alreadyRefunded + refundAmount > split.captured) {
    throw new MoneyError(`cannot refund ${refundAmount}: only ${split.captured - alreadyRefunded} of ${split.captured} is left to refund`);
  }
  if (split.captured === 0) return { platformFeeReversed: 0, tutorShareReversed: 0 };
  const captured = BigInt(split.captured);
  const fee = BigInt(split.platformFee);
  const feeReversedBefore = divideHalfUp(BigInt(alreadyRefunded) * fee, captured);
  const feeReversedAfter = divideHalfUp(BigInt(alreadyRefunded + refundAmount) * fee, captured);
  const platformFeeReversed = Number(feeReversedAfter - feeReversedBefore);
  return { platformFeeReversed, tutorShareReversed: refundAmount - platformFeeReversed };
}

const exponentCache = new Map<string, number>();

/** Number of decimals of the currency's minor unit as the platform's Intl data knows it (USD 2, JPY 0, KWD 3). */
export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  const cached = exponentCache.get(code);
  if (cached !== undefined) return cached;
  if (!/^[A-Z]{3}$/.test(code)) throw new MoneyError(`currency must be a three-letter ISO 4217 code, got "${currency}"`);
  const exponent = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits;
  if (exponent === undefined) throw new MoneyError(`unknown currency "${currency}"`);
  exponentCache.set(code, exponent);
  return exponent;
}

/** Minor units as an exact decimal string in major units: (450, "USD") → "4.50", (-5, "USD") → "-0.05", (450, "JPY") → "450". */
export function toMajorUnitString(amount: number, currency: string): string {
  assertMinorUnits(amount, "amount", { allowNegative: true });
  const exponent = currencyExponent(currency);
  const sign = amount < 0 ? "-" : "";
  const digits = String(Math.abs(amount));
  if (exponent === 0) return sign + digits;
  const padded = digits.padStart(exponent + 1, "0");
  return `${sign}${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
}

/** Localized display: formatMoney(450, "USD", "en-US") → "$4.50"; formatMoney(450, "JPY", "ja-JP") → "￥450". */
export function formatMoney(amount: number, currency: string, locale = "en-US"): string {
  const code = currency.toUpperCase();
  const exponent = currencyExponent(code);
  // A decimal string (not amount / 100) keeps large amounts exact; Intl formats strings without going through a float.
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: code,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(toMajorUnitString(amount, code) as `${number}`);
}
