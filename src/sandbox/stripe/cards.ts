// Stripe's test cards (docs.stripe.com/testing) and how each behaves.

export type CardBehavior =
  | "succeed"
  | "decline_generic"
  | "decline_insufficient_funds"
  /** 4000002500003155: authentication on-session and for setup; off-session works once set up. */
  | "authenticate_unless_setup"
  /** 4000002760003184: always requires authentication, so off-session payments always fail. */
  | "authenticate_always"
  /** 4000000000000259: succeeds, then a chargeback (reason fraudulent) is opened once the charge is captured. */
  | "dispute_fraudulent"
  /** 4000000000001976: succeeds, then an inquiry (warning_needs_response, no funds withdrawn) once captured. */
  | "dispute_inquiry";

export interface TestCard {
  number: string;
  brand: "visa" | "mastercard" | "amex";
  behavior: CardBehavior;
}

export const TEST_CARDS: TestCard[] = [
  { number: "4242424242424242", brand: "visa", behavior: "succeed" },
  { number: "5555555555554444", brand: "mastercard", behavior: "succeed" },
  { number: "378282246310005", brand: "amex", behavior: "succeed" },
  { number: "4000000000000002", brand: "visa", behavior: "decline_generic" },
  { number: "4000000000009995", brand: "visa", behavior: "decline_insufficient_funds" },
  { number: "4000002500003155", brand: "visa", behavior: "authenticate_unless_setup" },
  { number: "4000002760003184", brand: "visa", behavior: "authenticate_always" },
  { number: "4000000000000259", brand: "visa", behavior: "dispute_fraudulent" },
  { number: "4000000000001976", brand: "visa", behavior: "dispute_inquiry" },
];

/** Stripe's predefined test PaymentMethod ids, usable server-side without card numbers. */
export const MAGIC_PAYMENT_METHODS: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_mastercard: "5555555555554444",
  pm_card_amex: "378282246310005",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_visa_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_authenticationRequiredOnSetup: "4000002500003155",
  pm_card_authenticationRequired: "4000002760003184",
  pm_card_createDispute: "4000000000000259",
  pm_card_createDisputeInquiry: "4000000000001976",
};

export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  let double = false;
  for (let i = number.length - 1; i >= 0; i--) {
    let d = Number(number[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function describeCard(number: string): TestCard {
  const known = TEST_CARDS.find((c) => c.number === number);
  if (known) return known;
  // Any other Luhn-valid number behaves like a plain successful card of its brand.
  const brand = number.startsWith("4") ? "visa" : number.startsWith("3") ? "amex" : "mastercard";
  return { number, brand, behavior: "succeed" };
}
