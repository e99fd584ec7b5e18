"use client";

import type { ReactNode } from "react";

/**
 * An inline result that screen readers announce. Always rendered (empty when there is
 * nothing to say) because live regions only announce changes to a region already present.
 */
export function StatusLine({ message, tone = "success", id }: { message: ReactNode; tone?: "success" | "error" | "muted"; id?: string }) {
  return (
    <p id={id} role="status" aria-live="polite" className={`status-line ${tone}`}>
      {message ?? ""}
    </p>
  );
}
