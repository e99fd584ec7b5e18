"use client";

import type { ButtonHTMLAttributes } from "react";

/** A button that shows it is working: disabled, a spinner and aria-busy while `pending`. */
export function PendingButton({
  pending,
  children,
  disabled,
  type = "button",
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { pending: boolean }) {
  return (
    <button {...rest} type={type} disabled={pending || disabled} aria-busy={pending}>
      {pending && <span className="spinner" aria-hidden />}
      {children}
    </button>
  );
}
