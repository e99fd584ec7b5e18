"use client";

import type { PaymentConfig } from "./payment-config";
import { SandboxCardForm } from "./sandbox-card-form";
import { StripeElementsCardForm } from "./stripe-elements-card-form";

export interface CardFormProps {
  submitLabel: string;
  /** e.g. no slot chosen yet */
  disabled: boolean;
  /** the booking that follows the card step is running */
  busy: boolean;
  busyLabel: string;
  /** the card became a provider payment method (pm_…); `label` is e.g. "Visa ending in 4242" */
  onPaymentMethod: (paymentMethodId: string, label: string) => void;
}

/** Picks how the card is collected: the sandbox form, or Stripe Elements with real keys. */
export function CardForm({ config, ...props }: CardFormProps & { config: PaymentConfig }) {
  switch (config.mode) {
    case "sandbox":
      return <SandboxCardForm config={config} {...props} />;
    case "stripe-elements":
      return <StripeElementsCardForm publishableKey={config.publishableKey} {...props} />;
    case "unavailable":
      return (
        <p className="notice warn" role="note">
          {config.reason}
        </p>
      );
  }
}
