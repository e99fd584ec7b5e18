"use client";

import { CardElement, Elements, useElements, useStripe } from "@stripe/react-stripe-js";
import { loadStripe, type Stripe } from "@stripe/stripe-js";
import { useState } from "react";
import type { CardFormProps } from "./card-form";
import { CardFormFrame } from "./card-form-frame";

// With real keys (NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY) the card is typed into Stripe's own
// iframe (Elements): the number never touches this page's JavaScript or our server.
// The result is the same as the sandbox form's: a pm_… passed to `onPaymentMethod`,
// after which booking, declines and 3-D Secure messages are shared.
// Not exercised by the e2e tests: Stripe.js loads from js.stripe.com, which this
// build's machines cannot reach; the sandbox form covers the flow offline.

const stripeByKey = new Map<string, Promise<Stripe | null>>();
const stripeFor = (key: string) => {
  if (!stripeByKey.has(key)) stripeByKey.set(key, loadStripe(key));
  return stripeByKey.get(key)!;
};

export function StripeElementsCardForm({ publishableKey, ...props }: CardFormProps & { publishableKey: string }) {
  return (
    <Elements stripe={stripeFor(publishableKey)}>
      <ElementsForm {...props} />
    </Elements>
  );
}

function ElementsForm({ submitLabel, disabled, busy, busyLabel, onPaymentMethod }: CardFormProps) {
  const stripe = useStripe();
  const elements = useElements();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pending = saving || busy;

  async function submit() {
    const card = elements?.getElement(CardElement);
    if (!stripe || !card) {
      setError("The card form is still loading. Wait a moment and try again.");
      return;
    }
    setSaving(true);
    setError(null);
    const { paymentMethod, error: err } = await stripe.createPaymentMethod({ type: "card", card });
    setSaving(false);
    if (err || !paymentMethod) {
      setError(err?.message ?? "The card could not be checked. Check the details and try again.");
      return;
    }
    const label = paymentMethod.card ? `${paymentMethod.card.brand} ending in ${paymentMethod.card.last4}` : "your card";
    onPaymentMethod(paymentMethod.id, label);
  }

  return (
    <CardFormFrame
      submitLabel={submitLabel}
      disabled={disabled || !stripe}
      busy={busy}
      busyLabel={busyLabel}
      saving={saving}
      error={error}
      onSubmit={submit}
    >
      <div className="card-fields" aria-label="Card number, expiry and CVC (secured by Stripe)">
        <CardElement options={{ hidePostalCode: true, disabled: pending }} />
      </div>
    </CardFormFrame>
  );
}
