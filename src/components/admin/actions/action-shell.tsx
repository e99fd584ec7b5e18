"use client";

import { createContext, type ReactNode, useCallback, useContext, useEffect, useId, useRef, useState } from "react";
import { useViewer } from "~/components/hooks/use-viewer";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { PendingButton } from "~/components/ui/pending-button";
import { ServerMessage } from "~/components/ui/server-message";
import { StatusLine } from "~/components/ui/status-line";
import type { RouterOutputs } from "~/trpc/api-types";
import { useAdminRefresh } from "../use-admin-refresh";

// The shell every admin action shares: the button, the confirm dialog with its required reason, the pending state, and
// the outcome line (the server's message, read in the admin's zone and locale).

export interface Outcome {
  tone: "success" | "error" | "muted";
  /** the server's message (instants and amounts as tokens), rendered by ServerMessage */
  text: string;
}

type PaymentActionResult = RouterOutputs["admin"]["capture"];

/** The tone of a payment action's outcome; its words are the server's message. */
export function paymentOutcome(r: PaymentActionResult): Outcome {
  const tone = r.outcome === "done" ? "success" : r.outcome === "provider_error" ? "error" : "muted";
  return { tone, text: r.message };
}

/** A mutation's submit for an ActionShell: run it, refresh every admin view, put the server's answer in words. */
export function useAdminSubmit<I, R>(mutateAsync: (input: I) => Promise<R>, outcome: (r: R) => Outcome) {
  const refresh = useAdminRefresh();
  return async (input: I): Promise<Outcome> => {
    const r = await mutateAsync(input);
    await refresh();
    return outcome(r);
  };
}

type Reported = Outcome & { id: number; action: string };
const OutcomeContext = createContext<((o: Outcome & { action: string }) => void) | null>(null);

/**
 * Keeps action outcomes on screen after the thing acted on leaves the page (a captured item drops out of the queue;
 * the Capture button goes once the payment is captured). One live region for the page, newest first.
 */
export function OutcomeProvider({ children }: { children: ReactNode }) {
  const viewer = useViewer();
  const [list, setList] = useState<Reported[]>([]);
  const report = useCallback(
    (o: Outcome & { action: string }) => setList((l) => [{ ...o, id: Date.now() + Math.random() }, ...l].slice(0, 3)),
    [],
  );
  return (
    <OutcomeContext.Provider value={report}>
      <div role="status" aria-live="polite" className="action-outcomes" data-testid="action-outcomes">
        {list.map((o, i) => (
          <p
            key={o.id}
            className={`notice ${o.tone === "success" ? "ok" : o.tone === "error" ? "danger" : ""}${i > 0 ? " older" : ""}`}
            data-testid={i === 0 ? "action-outcome" : undefined}
          >
            <strong>{o.action}:</strong> <ServerMessage message={o.text} viewer={viewer} />
          </p>
        ))}
      </div>
      {children}
    </OutcomeContext.Provider>
  );
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : "Something went wrong; nothing was changed. Try again.");

/**
 * A button that opens a confirm dialog asking for a reason (it goes in the audit log), runs the action, and leaves
 * its outcome in words next to the button (a live region, so screen readers hear it). The reason field gets the
 * focus when the dialog opens; Escape or "Go back" closes it and focus returns to the button.
 */
export function ActionShell({
  label,
  title,
  confirmLabel,
  danger = false,
  secondary = false,
  children,
  onOpen,
  validate,
  submit,
  testId,
}: {
  label: string;
  title: string;
  confirmLabel: string;
  danger?: boolean;
  secondary?: boolean;
  children?: ReactNode;
  onOpen?: () => void;
  validate?: () => string | null;
  submit: (reason: string) => Promise<Outcome>;
  testId?: string;
}) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const viewer = useViewer();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const hintId = useId();
  const report = useContext(OutcomeContext);

  useEffect(() => {
    if (open) reasonRef.current?.focus();
  }, [open]);

  const confirm = async () => {
    const problem = reason.trim().length < 3 ? "Say why (at least 3 characters): it goes in the audit log." : (validate?.() ?? null);
    if (problem) {
      setError(problem);
      if (reason.trim().length < 3) reasonRef.current?.focus();
      return;
    }
    setPending(true);
    setError(null);
    try {
      const result = await submit(reason.trim());
      if (report) report({ ...result, action: label });
      else setOutcome(result);
      setOpen(false);
      setReason("");
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPending(false);
    }
  };

  return (
    <div className="admin-action" data-testid={testId}>
      <PendingButton
        pending={pending}
        className={danger ? "danger" : secondary ? "secondary" : undefined}
        onClick={() => {
          setError(null);
          setOpen(true);
          onOpen?.();
        }}
      >
        {label}
      </PendingButton>
      <ConfirmDialog
        open={open}
        title={title}
        confirmLabel={confirmLabel}
        danger={danger}
        pending={pending}
        error={<ServerMessage message={error} viewer={viewer} />}
        onClose={() => setOpen(false)}
        onConfirm={() => void confirm()}
      >
        {children}
        <label>
          Reason
          <textarea
            ref={reasonRef}
            value={reason}
            rows={3}
            maxLength={500}
            aria-required="true"
            aria-invalid={error !== null && reason.trim().length < 3}
            aria-describedby={hintId}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <span id={hintId} className="muted" style={{ fontSize: "0.9rem" }}>
          Required. It is saved in the audit log with your name.
        </span>
      </ConfirmDialog>
      {!report && <StatusLine message={<ServerMessage message={outcome?.text} viewer={viewer} />} tone={outcome?.tone} />}
    </div>
  );
}

/** Label/value rows, e.g. a capture's split. */
export function Split({ rows }: { rows: [string, string][] }) {
  return (
    <dl className="kv">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
