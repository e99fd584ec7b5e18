"use client";

import type { ReactNode } from "react";
import { PendingButton } from "~/components/ui/pending-button";
import type { CardFormProps } from "./card-form";

/**
 * What both card forms share around their fields: the form (submitted by script only), the error line, and the
 * button that says what is happening — checking the card, then the booking that follows.
 */
export function CardFormFrame({
  submitLabel,
  disabled,
  busy,
  busyLabel,
  saving,
  error,
  onSubmit,
  children,
  footer,
}: Omit<CardFormProps, "onPaymentMethod"> & {
  /** the card is being turned into a payment method at the provider */
  saving: boolean;
  error: string | null | undefined;
  onSubmit: () => Promise<void>;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <form
      className="stack"
      aria-label="Card details"
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
    >
      {children}
      <p role="alert" className="error" style={{ margin: 0 }}>
        {error ?? ""}
      </p>
      <PendingButton type="submit" pending={saving || busy} disabled={disabled}>
        {saving ? "Checking your card…" : busy ? busyLabel : submitLabel}
      </PendingButton>
      {footer}
    </form>
  );
}
