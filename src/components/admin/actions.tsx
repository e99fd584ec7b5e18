"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useId, useRef, useState } from "react";
import { useViewer, type Viewer } from "~/components/hooks/use-viewer";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { PendingButton } from "~/components/ui/pending-button";
import { StatusLine } from "~/components/ui/status-line";
import type { RouterOutputs } from "~/lib/api-types";
import { proportionalReversal } from "~/server/money";
import { instantToken } from "~/shared/message-tokens";
import { useTRPC } from "~/trpc/react";
import { useAdminRefresh } from "./use-admin-refresh";
import { majorAmountString, parseMajorAmount } from "./wording";

export interface Outcome {
  tone: "success" | "error" | "muted";
  text: string;
}

type PaymentActionResult = RouterOutputs["admin"]["capture"];

/** The server's outcome in words, with the "already … at <instant>" moment in the admin's time zone. */
export function paymentOutcome(r: PaymentActionResult, viewer: Pick<Viewer, "dateTimeWithZone">): Outcome {
  const text = r.previous ? r.message.replace(instantToken(r.previous.at), viewer.dateTimeWithZone(r.previous.at)) : r.message;
  const tone = r.outcome === "done" ? "success" : r.outcome === "provider_error" ? "error" : "muted";
  return { tone, text };
}

type Reported = Outcome & { id: number; action: string };
const OutcomeContext = createContext<((o: Outcome & { action: string }) => void) | null>(null);

/**
 * Keeps action outcomes on screen after the thing acted on leaves the page (a captured item drops out of the queue;
 * the Capture button goes once the payment is captured). One live region for the page, newest first.
 */
export function OutcomeProvider({ children }: { children: ReactNode }) {
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
            <strong>{o.action}:</strong> {o.text}
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
        error={error}
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
      {!report && <StatusLine message={outcome?.text} tone={outcome?.tone} />}
    </div>
  );
}

function Split({ rows }: { rows: [string, string][] }) {
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

/** Capture now: shows what would be captured and how it splits by the platform fee policy, read when the dialog opens. */
export function CaptureAction({ lessonId }: { lessonId: string }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const refresh = useAdminRefresh();
  const [asked, setAsked] = useState(false);
  const money = useQuery({ ...trpc.admin.lessonMoney.queryOptions({ lessonId }), enabled: asked, staleTime: 0 });
  const capture = useMutation(trpc.admin.capture.mutationOptions());
  const preview = money.data?.capture;
  const amount = preview?.capturable ? viewer.money(preview.amount, preview.currency) : null;
  return (
    <ActionShell
      label="Capture now"
      title="Capture this payment now?"
      confirmLabel={amount ? `Capture ${amount}` : "Capture now"}
      testId="capture-action"
      onOpen={() => {
        setAsked(true);
        void money.refetch();
      }}
      submit={async (reason) => {
        const r = await capture.mutateAsync({ lessonId, reason });
        await refresh();
        return paymentOutcome(r, viewer);
      }}
    >
      {!preview ? (
        <p aria-busy="true">Working out the amount…</p>
      ) : preview.capturable ? (
        <>
          <Split
            rows={[
              ["Amount", viewer.money(preview.amount, preview.currency)],
              [`Platform fee (${preview.feeBps / 100} %)`, viewer.money(preview.platformFee, preview.currency)],
              ["Tutor share", viewer.money(preview.tutorShare, preview.currency)],
            ]}
          />
          <p className="muted" style={{ margin: 0 }}>
            Charged to the student&apos;s card from the existing hold; the amount is {preview.basis}. Asking twice never charges twice.
          </p>
        </>
      ) : (
        <p className="notice warn">{preview.reason}</p>
      )}
    </ActionShell>
  );
}

export function VoidAction({ lessonId, amount, currency }: { lessonId: string; amount: number; currency: string }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const refresh = useAdminRefresh();
  const voidIt = useMutation(trpc.admin.void.mutationOptions());
  return (
    <ActionShell
      label="Void authorization"
      title="Release the card hold?"
      confirmLabel="Void authorization"
      danger
      testId="void-action"
      submit={async (reason) => {
        const r = await voidIt.mutateAsync({ lessonId, reason });
        await refresh();
        return paymentOutcome(r, viewer);
      }}
    >
      <p style={{ margin: 0 }}>
        The {viewer.money(amount, currency)} hold on the student&apos;s card is released and nothing is charged. A lesson that is not over
        yet is cancelled. This cannot be undone.
      </p>
    </ActionShell>
  );
}

export interface RefundablePayment {
  currency: string;
  amountCaptured: number;
  amountRefunded: number;
  platformFee: number;
  tutorShare: number;
}

function reversalText(p: RefundablePayment, amount: number | null, viewer: Viewer): string | null {
  if (amount === null) return null;
  try {
    const r = proportionalReversal(
      { captured: p.amountCaptured, platformFee: p.platformFee, tutorShare: p.tutorShare },
      amount,
      p.amountRefunded,
    );
    return `Takes back ${viewer.money(r.tutorShareReversed, p.currency)} from the tutor's earning and ${viewer.money(r.platformFeeReversed, p.currency)} of the platform fee.`;
  } catch {
    return null;
  }
}

export function RefundAction({ lessonId, payment }: { lessonId: string; payment: RefundablePayment }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const refresh = useAdminRefresh();
  const refund = useMutation(trpc.admin.refund.mutationOptions());
  const refundable = payment.amountCaptured - payment.amountRefunded;
  const [kind, setKind] = useState<"full" | "partial">("full");
  const [typed, setTyped] = useState("");
  const amount = kind === "full" ? refundable : parseMajorAmount(typed, payment.currency);
  const name = useId();
  return (
    <ActionShell
      label="Refund"
      title="Refund this payment?"
      confirmLabel={amount ? `Refund ${viewer.money(amount, payment.currency)}` : "Refund"}
      danger
      testId="refund-action"
      onOpen={() => {
        setKind("full");
        setTyped(majorAmountString(refundable, payment.currency));
      }}
      validate={() =>
        amount === null || amount > refundable
          ? `Enter an amount between ${viewer.money(1, payment.currency)} and ${viewer.money(refundable, payment.currency)}.`
          : null
      }
      submit={async (reason) => {
        const r = await refund.mutateAsync({ lessonId, reason, amount: amount! });
        await refresh();
        return paymentOutcome(r, viewer);
      }}
    >
      <fieldset>
        <legend>How much</legend>
        <div className="choice-group">
          <label className="choice">
            <input type="radio" name={name} checked={kind === "full"} onChange={() => setKind("full")} />
            <span>Full: {viewer.money(refundable, payment.currency)}</span>
          </label>
          <label className="choice">
            <input type="radio" name={name} checked={kind === "partial"} onChange={() => setKind("partial")} />
            <span>Partial</span>
          </label>
        </div>
      </fieldset>
      {kind === "partial" && (
        <label>
          Amount to refund ({payment.currency})
          <input inputMode="decimal" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </label>
      )}
      <p className="muted" style={{ margin: 0 }}>
        {reversalText(payment, amount, viewer) ?? `Up to ${viewer.money(refundable, payment.currency)} can be refunded.`}
      </p>
    </ActionShell>
  );
}

export function RetryPayoutAction({
  payoutId,
  amount,
  currency,
  status,
}: {
  payoutId: string;
  amount: number;
  currency: string;
  status: string;
}) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const refresh = useAdminRefresh();
  const retry = useMutation(trpc.admin.retryPayout.mutationOptions());
  const fresh = status === "FAILED" || status === "RETURNED";
  return (
    <ActionShell
      label="Retry payout"
      title="Retry this payout?"
      confirmLabel="Retry payout"
      testId="retry-payout-action"
      submit={async (reason) => {
        const r = await retry.mutateAsync({ payoutId, reason });
        await refresh();
        return { tone: "success", text: r.message };
      }}
    >
      <p style={{ margin: 0 }}>
        {fresh
          ? `The ${viewer.money(amount, currency)} came back to the tutor's balance; a new payout is created from that balance and sent now to the tutor's current payout details.`
          : `The payout of ${viewer.money(amount, currency)} is sent again under the same id, after checking with the provider, so it cannot be paid twice.`}
      </p>
    </ActionShell>
  );
}

export function ResolveProblemAction({ lessonId, refundable, currency }: { lessonId: string; refundable: number; currency: string }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const refresh = useAdminRefresh();
  const resolve = useMutation(trpc.admin.resolveProblem.mutationOptions());
  const [decision, setDecision] = useState<"RELEASE" | "PARTIAL_REFUND" | "FULL_REFUND">("RELEASE");
  const [typed, setTyped] = useState("");
  const partial = parseMajorAmount(typed, currency);
  const name = useId();
  return (
    <ActionShell
      label="Resolve report"
      title="Resolve the problem report"
      confirmLabel={
        decision === "RELEASE"
          ? "Release the earning"
          : decision === "FULL_REFUND"
            ? `Refund ${viewer.money(refundable, currency)}`
            : "Refund part"
      }
      testId="resolve-problem-action"
      onOpen={() => {
        setDecision("RELEASE");
        setTyped("");
      }}
      validate={() =>
        decision === "PARTIAL_REFUND" && (partial === null || partial > refundable)
          ? `Enter an amount between ${viewer.money(1, currency)} and ${viewer.money(refundable, currency)}.`
          : null
      }
      submit={async (reason) => {
        const resolution = decision === "PARTIAL_REFUND" ? { decision, amount: partial! } : { decision };
        const r = await resolve.mutateAsync({ lessonId, reason, resolution });
        await refresh();
        const text =
          r.alreadyResolved && r.report.resolvedAt
            ? r.message.replace(instantToken(r.report.resolvedAt), viewer.dateTimeWithZone(r.report.resolvedAt))
            : r.message;
        return { tone: r.alreadyResolved ? "muted" : "success", text };
      }}
    >
      <fieldset>
        <legend>Decision</legend>
        <div className="choice-group">
          <label className="choice">
            <input type="radio" name={name} checked={decision === "RELEASE"} onChange={() => setDecision("RELEASE")} />
            <span>Release to the tutor</span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name={name}
              checked={decision === "PARTIAL_REFUND"}
              onChange={() => setDecision("PARTIAL_REFUND")}
              disabled={refundable <= 0}
            />
            <span>Partial refund</span>
          </label>
          <label className="choice">
            <input
              type="radio"
              name={name}
              checked={decision === "FULL_REFUND"}
              onChange={() => setDecision("FULL_REFUND")}
              disabled={refundable <= 0}
            />
            <span>Full refund</span>
          </label>
        </div>
      </fieldset>
      {decision === "PARTIAL_REFUND" && (
        <label>
          Amount to refund ({currency})
          <input inputMode="decimal" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </label>
      )}
      <p className="muted" style={{ margin: 0 }}>
        {decision === "RELEASE"
          ? "The tutor's earning is no longer held and is paid out with the next payout."
          : `Refunds come out of the tutor's earning and the platform fee in proportion (up to ${viewer.money(refundable, currency)}).`}
      </p>
    </ActionShell>
  );
}

export function ResolveAlertAction({ alertId, label = "Resolve alert" }: { alertId: string; label?: string }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const refresh = useAdminRefresh();
  const resolve = useMutation(trpc.admin.resolveAlert.mutationOptions());
  return (
    <ActionShell
      label={label}
      title="Resolve this alert?"
      confirmLabel="Resolve alert"
      secondary
      testId="resolve-alert-action"
      submit={async (reason) => {
        const r = await resolve.mutateAsync({ alertId, reason });
        await refresh();
        return {
          tone: r.outcome === "done" ? "success" : "muted",
          text: r.message.replace(instantToken(r.resolvedAt), viewer.dateTimeWithZone(r.resolvedAt)),
        };
      }}
    >
      <p style={{ margin: 0 }}>Say what was done about it. The alert leaves the queue; the audit log keeps who resolved it and why.</p>
    </ActionShell>
  );
}
