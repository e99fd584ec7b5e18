"use client";

import type { CardFormProps } from "./card-form";

/**
 * ──────────────────────────────────────────────────────────────────────────────
 *  STRIPE ELEMENTS BOUNDARY (used when NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY is set)
 * ──────────────────────────────────────────────────────────────────────────────
 * With real keys the card must be collected by Stripe Elements (`@stripe/react-stripe-js`
 * + `@stripe/stripe-js`), so the number is typed into Stripe's iframe and never touches
 * this page's JavaScript. Those packages are not installed in this build, so this stub
 * says so instead of showing a form. To finish it:
 *   1. install @stripe/stripe-js and @stripe/react-stripe-js;
 *   2. wrap this component in <Elements stripe={loadStripe(publishableKey)}> and render <CardElement />;
 *   3. on submit call stripe.createPaymentMethod({ type: "card", card: elements.getElement(CardElement) })
 *      and pass the returned paymentMethod.id to `onPaymentMethod` — exactly what the sandbox form does.
 * Everything after `onPaymentMethod` (lesson.book, declines, 3-D Secure messages) is shared.
 */
export function StripeElementsCardForm(_props: CardFormProps & { publishableKey: string }) {
  return (
    <div className="notice warn" role="note">
      <p>
        <strong>Card payments are not available on this deployment yet.</strong> With live Stripe keys the card is entered into Stripe Elements,
        which is not installed in this build. Nothing was charged.
      </p>
      <p className="muted">For the operator: install @stripe/react-stripe-js (see stripe-elements-card-form.tsx), or unset the Stripe keys to use the sandbox.</p>
    </div>
  );
}
