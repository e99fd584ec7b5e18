"use client";

import { type ReactNode, useEffect, useId, useRef } from "react";
import { PendingButton } from "./pending-button";

/**
 * A modal confirmation on the native <dialog>: showModal() makes the page behind it inert
 * (focus stays inside), Escape closes it, and the browser returns focus to the button that
 * opened it. While the action is pending it cannot be dismissed.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  cancelLabel = "Go back",
  danger = false,
  pending = false,
  error,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  pending?: boolean;
  error?: ReactNode;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(e) => {
        // Escape: close through the parent's state so React and the DOM agree.
        e.preventDefault();
        if (!pending) onClose();
      }}
    >
      <form
        className="stack"
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          onConfirm();
        }}
      >
        <h2 id={titleId}>{title}</h2>
        <div id={bodyId} className="stack">
          {children}
        </div>
        <p role="alert" className="error">
          {error ?? ""}
        </p>
        <div className="row dialog-actions">
          {/* first in the form, so it gets the initial focus: the safe choice */}
          <button type="button" className="secondary" onClick={onClose} disabled={pending}>
            {cancelLabel}
          </button>
          <PendingButton type="submit" pending={pending} className={danger ? "danger" : undefined}>
            {confirmLabel}
          </PendingButton>
        </div>
      </form>
    </dialog>
  );
}
