// Checks on what a student types into the card form before it goes to the provider,
// so obvious typos are caught without a round trip. The provider still decides.

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export type CardCheck = { ok: true; card: CardInput } | { ok: false; field: "number" | "expiry" | "cvc"; message: string };

/** "4242 4242 4242 4242" → "4242424242424242" */
export const digitsOnly = (s: string) => s.replace(/[\s-]/g, "");

/** Groups of four as the student types: "42424242" → "4242 4242". */
export function formatCardNumber(raw: string): string {
  return digitsOnly(raw)
    .replace(/\D/g, "")
    .slice(0, 19)
    .replace(/(\d{4})(?=\d)/g, "$1 ");
}

/** "12/30", "12 / 2030", "1230" → { month: 12, year: 2030 } */
export function parseExpiry(raw: string): { month: number; year: number } | null {
  const m = raw.replace(/\s/g, "").match(/^(\d{1,2})\/?(\d{2}|\d{4})$/);
  if (!m) return null;
  const month = Number(m[1]);
  const year = m[2]!.length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  if (month < 1 || month > 12) return null;
  return { month, year };
}

export function checkCard(fields: { number: string; expiry: string; cvc: string }, today: { year: number; month: number }): CardCheck {
  const number = digitsOnly(fields.number);
  if (!/^\d{12,19}$/.test(number))
    return { ok: false, field: "number", message: "Enter the card number: 12 to 19 digits, as printed on the card." };
  const exp = parseExpiry(fields.expiry);
  if (!exp) return { ok: false, field: "expiry", message: "Enter the expiry date as MM/YY, for example 12/30." };
  if (exp.year < today.year || (exp.year === today.year && exp.month < today.month)) {
    return { ok: false, field: "expiry", message: "This card has expired. Use a card with a later expiry date." };
  }
  if (!/^\d{3,4}$/.test(fields.cvc.trim()))
    return { ok: false, field: "cvc", message: "Enter the 3 or 4 digit security code (CVC) from the back of the card." };
  return { ok: true, card: { number, expMonth: exp.month, expYear: exp.year, cvc: fields.cvc.trim() } };
}
