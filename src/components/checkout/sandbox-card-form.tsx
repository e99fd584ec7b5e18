"use client";

import { useId, useState } from "react";
import { checkCard, formatCardNumber } from "~/components/checkout/card-input";
import { createSandboxPaymentMethod } from "./create-sandbox-payment-method";
import type { CardFormProps } from "./card-form";
import { CardFormFrame } from "./card-form-frame";

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

  const field = (
    f: "number" | "expiry" | "cvc",
    label: string,
    input: Omit<CardFieldProps, "id" | "label" | "invalid" | "disabled" | "value">,
  ) => <CardField id={ids[f]} label={label} value={fields[f]} invalid={error?.field === f} disabled={pending} {...input} />;
  return (
    <CardFormFrame
      submitLabel={submitLabel}
      disabled={disabled}
      busy={busy}
      busyLabel={busyLabel}
      saving={saving}
      error={error?.message}
      onSubmit={submit}
      footer={
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
      }
    >
      <div className="card-fields">
        {field("number", "Card number", {
          autoComplete: "cc-number",
          placeholder: "1234 1234 1234 1234",
          describedBy: ids.help,
          onChange: (v) => setFields({ ...fields, number: formatCardNumber(v) }),
        })}
        {field("expiry", "Expiry (MM/YY)", {
          autoComplete: "cc-exp",
          placeholder: "MM/YY",
          maxLength: 7,
          onChange: (v) => setFields({ ...fields, expiry: v }),
        })}
        {field("cvc", "CVC", {
          autoComplete: "cc-csc",
          placeholder: "123",
          maxLength: 4,
          onChange: (v) => setFields({ ...fields, cvc: v }),
        })}
      </div>
    </CardFormFrame>
  );
}

interface CardFieldProps {
  id: string;
  label: string;
  value: string;
  autoComplete: string;
  placeholder: string;
  maxLength?: number;
  describedBy?: string;
  invalid: boolean;
  disabled: boolean;
  onChange: (value: string) => void;
}

function CardField({ id, label, value, autoComplete, placeholder, maxLength, describedBy, invalid, disabled, onChange }: CardFieldProps) {
  return (
    <label htmlFor={id}>
      {label}
      <input
        id={id}
        inputMode="numeric"
        autoComplete={autoComplete}
        placeholder={placeholder}
        maxLength={maxLength}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        disabled={disabled}
        required
      />
    </label>
  );
}
