// PayPal amounts are decimal strings ("12.50"); the sandbox keeps them exact with
// bigint minor units (never floats).

/** Currencies PayPal treats as having no minor unit. */
const ZERO_DECIMAL = new Set(["HUF", "JPY", "TWD"]);

export function decimalsFor(currency: string): number {
  return ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2;
}

/** "12.5" -> 1250n (USD); null when the string is not a valid amount for the currency. */
export function parseAmount(value: string, currency: string): bigint | null {
  const decimals = decimalsFor(currency);
  const re = decimals === 0 ? /^\d+$/ : /^(\d+)(?:\.(\d{1,2}))?$/;
  const m = re.exec(value);
  if (!m) return null;
  if (decimals === 0) return BigInt(value);
  const whole = m[1] ?? "0";
  const frac = (m[2] ?? "").padEnd(2, "0");
  return BigInt(whole) * 100n + BigInt(frac);
}

export function formatAmount(minor: bigint, currency: string): string {
  const decimals = decimalsFor(currency);
  if (decimals === 0) return minor.toString();
  const s = minor.toString().padStart(3, "0");
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}
