// How the browser collects a card. Decided on the server from the environment and passed
// to the page as props, so no NEXT_PUBLIC_* variable is needed at build time for the sandbox.
export type PaymentConfig =
  /** embedded mode: the local Stripe sandbox takes card numbers with a publishable key, as Stripe.js would */
  | { mode: "sandbox"; stripeUrl: string; publishableKey: string }
  /** real Stripe keys: Stripe Elements collects the card (see stripe-elements-card-form.tsx) */
  | { mode: "stripe-elements"; publishableKey: string }
  /** a real secret key without a publishable key: cards cannot be collected */
  | { mode: "unavailable"; reason: string };
