import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Random base62 string, e.g. the `3Mtw…` part of Stripe's `pi_3Mtw…` ids. */
export function randomToken(length: number, alphabet: string = ALPHABET): string {
  const bytes = randomBytes(length);
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[(bytes[i] ?? 0) % alphabet.length];
  return out;
}

export function stripeId(prefix: string): string {
  return `${prefix}_${randomToken(24)}`;
}

/** PayPal ids are upper-case alphanumerics, e.g. batch `5FNCS4PRQYB3E`. */
export function paypalId(length = 13): string {
  return randomToken(length, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789");
}
