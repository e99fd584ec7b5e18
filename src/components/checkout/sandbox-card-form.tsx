"use client";

import { useId, useState } from "react";
import { PendingButton } from "~/components/ui/pending-button";
import { checkCard, formatCardNumber } from "~/components/checkout/card-input";
import { createSandboxPaymentMethod } from "./create-sandbox-payment-method";
import type { CardFormProps } from "./card-form";

const TEST_CARDS = [
  { number: "4242 4242 4242 4242", what: "succeeds" },
  { number: "4000 0000 0000 0002", what: "is declined" },
  { number: "4000 0000 0000 9995", what: "is declined for insufficient funds" },
  { number: "4000 0025 0000 3155", what: "asks for authentication (3-D Secure)" },
];

/**
 * Sandbox mode: a plain card form whose fields have no `name` and whose form has no action,
 * so the number can only leave the browser through the fetch to the provider below.
 */
export function SandboxCardForm({
  config,
  submitLabel,
  disabled,
  busy,
  busyLabel,
  onPaymentMethod,
}: CardFormProps & { config: { stripeUrl: string; publishableKey: string } }) {
  const ids = { number: useId(), expiry: useId(), cvc: useId(), help: useId() };
  const [fields, setFields] = useState({ number: "", expiry: "", cvc: "" });
  const [error, setError] = useState<{ field: "number" | "expiry" | "cvc" | null; message: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const pending = saving || busy;

  async function submit() {
    const today = new Date();
    const check = checkCard(fields, { year: today.getFullYear(), month: today.getMonth() + 1 });
    if (!check.ok) {
      setError({ field: check.field, message: check.message });
      document.getElementById(ids[check.field])?.focus();
      return;
    }
    setError(null);
    setSaving(true);
    const result = await createSandboxPaymentMethod(config.stripeUrl, config.publishableKey, check.card);
    setSaving(false);
    if (!result.ok) {
      setError({ field: result.field, message: result.message });
      if (result.field) document.getElementById(ids[result.field])?.focus();
      return;
    }
    onPaymentMethod(result.id, result.label);
  }

  const invalid = (f: "number" | "expiry" | "cvc") => (error?.field === f ? true : undefined);
  return (
    <form
      className="stack"
      aria-label="Card details"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="card-fields">
        <label htmlFor={ids.number}>
          Card number
          <input
            id={ids.number}
            inputMode="numeric"
            autoComplete="cc-number"
            placeholder="1234 1234 1234 1234"
            value={fields.number}
            onChange={(e) => setFields({ ...fields, number: formatCardNumber(e.target.value) })}
            aria-invalid={invalid("number")}
            aria-describedby={ids.help}
            disabled={pending}
            required
          />
        </label>
        <label htmlFor={ids.expiry}>
          Expiry (MM/YY)
          <input
            id={ids.expiry}
            inputMode="numeric"
            autoComplete="cc-exp"
            placeholder="MM/YY"
            maxLength={7}
            value={fields.expiry}
            onChange={(e) => setFields({ ...fields, expiry: e.target.value })}
            aria-invalid={invalid("expiry")}
            disabled={pending}
            required
          />
        </label>
        <label htmlFor={ids.cvc}>
          CVC
          <input
            id={ids.cvc}
            inputMode="numeric"
            autoComplete="cc-csc"
            placeholder="123"
            maxLength={4}
            value={fields.cvc}
            onChange={(e) => setFields({ ...fields, cvc: e.target.value })}
            aria-invalid={invalid("cvc")}
            disabled={pending}
            required
          />
        </label>
      </div>
      <p role="alert" className="error" style={{ margin: 0 }}>
        {error?.message ?? ""}
      </p>
      <PendingButton type="submit" pending={pending} disabled={disabled}>
        {saving ? "Checking your card…" : busy ? busyLabel : submitLabel}
      </PendingButton>
      <div id={ids.help} className="test-cards muted">
        <p style={{ margin: "0 0 4px" }}>
          Sandbox mode: no real money moves. The card goes straight to the payment sandbox, never to our server. Use any future expiry and
          any CVC with these test cards:
        </p>
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {TEST_CARDS.map((c) => (
            <li key={c.number}>
              <code>{c.number}</code> {c.what}
            </li>
          ))}
        </ul>
      </div>
    </form>
  );
}
