"use client";

import { type ReactNode, useId } from "react";
import type { Viewer } from "~/components/hooks/use-viewer";

/** One choice of a radio group (full or partial refund, release or refund…). */
export interface Choice<T extends string> {
  value: T;
  label: ReactNode;
  disabled?: boolean;
}

/**
 * How much to give back: a radio group of choices, and the amount field when the chosen one is partial. Shared by
 * the refund and the problem-report decision, so both parse and check a typed amount the same way.
 */
export function AmountPicker<T extends string>({
  legend,
  choices,
  value,
  onChange,
  partial,
  typed,
  onType,
  currency,
}: {
  legend: string;
  choices: Choice<T>[];
  value: T;
  onChange: (value: T) => void;
  /** the choice that asks for an amount */
  partial: T;
  typed: string;
  onType: (text: string) => void;
  currency: string;
}) {
  const name = useId();
  return (
    <>
      <fieldset>
        <legend>{legend}</legend>
        <div className="choice-group">
          {choices.map((c) => (
            <label key={c.value} className="choice">
              <input type="radio" name={name} checked={value === c.value} onChange={() => onChange(c.value)} disabled={c.disabled} />
              <span>{c.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {value === partial && (
        <label>
          Amount to refund ({currency})
          <input inputMode="decimal" value={typed} onChange={(e) => onType(e.target.value)} />
        </label>
      )}
    </>
  );
}

/** The dialog's refusal of an amount outside 1 minor unit … max, or null when it is fine. */
export function amountProblem(amount: number | null, max: number, currency: string, viewer: Pick<Viewer, "money">): string | null {
  return amount === null || amount > max
    ? `Enter an amount between ${viewer.money(1, currency)} and ${viewer.money(max, currency)}.`
    : null;
}
