// Money: minor units <-> PayPal's decimal strings, without floats.
import "server-only";

const ZERO_DECIMAL = new Set(["HUF", "JPY", "TWD"]);

export function minorToPayPalValue(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`amount must be a non-negative integer of minor units, got ${minor}`);
  if (ZERO_DECIMAL.has(currency.toUpperCase())) return String(minor);
  const s = String(minor).padStart(3, "0");
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

export function payPalValueToMinor(value: string, currency: string): number {
  const zero = ZERO_DECIMAL.has(currency.toUpperCase());
  const m = (zero ? /^(\d+)$/ : /^(\d+)(?:\.(\d{1,2}))?$/).exec(value);
  if (!m) throw new RangeError(`not a ${currency} amount: ${value}`);
  const minor = zero ? Number(m[1]) : Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount too large: ${value}`);
  return minor;
}
