"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useViewer, type Viewer } from "~/components/hooks/use-viewer";
import { proportionalReversal } from "~/shared/money";
import { useTRPC } from "~/trpc/react";
import { majorAmountString, parseMajorAmount } from "../wording";
import { ActionShell, paymentOutcome, useAdminSubmit } from "./action-shell";
import { AmountPicker, amountProblem } from "./amount-picker";

export interface RefundablePayment {
  currency: string;
  amountCaptured: number;
  amountRefunded: number;
  platformFee: number;
  tutorShare: number;
}

/** Which part of the refund comes out of the tutor's earning and which of the fee: the ledger's own reversal math. */
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
  const refund = useAdminSubmit(useMutation(trpc.admin.refund.mutationOptions()).mutateAsync, paymentOutcome);
  const refundable = payment.amountCaptured - payment.amountRefunded;
  const [kind, setKind] = useState<"full" | "partial">("full");
  const [typed, setTyped] = useState("");
  const amount = kind === "full" ? refundable : parseMajorAmount(typed, payment.currency);
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
      validate={() => amountProblem(amount, refundable, payment.currency, viewer)}
      submit={(reason) => refund({ lessonId, reason, amount: amount! })}
    >
      <AmountPicker
        legend="How much"
        choices={[
          { value: "full", label: `Full: ${viewer.money(refundable, payment.currency)}` },
          { value: "partial", label: "Partial" },
        ]}
        value={kind}
        onChange={setKind}
        partial="partial"
        typed={typed}
        onType={setTyped}
        currency={payment.currency}
      />
      <p className="muted" style={{ margin: 0 }}>
        {reversalText(payment, amount, viewer) ?? `Up to ${viewer.money(refundable, payment.currency)} can be refunded.`}
      </p>
    </ActionShell>
  );
}
