"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useViewer } from "~/components/hooks/use-viewer";
import { useTRPC } from "~/trpc/react";
import { parseMajorAmount } from "../wording";
import { ActionShell, useAdminSubmit } from "./action-shell";
import { AmountPicker, amountProblem } from "./amount-picker";

type Decision = "RELEASE" | "PARTIAL_REFUND" | "FULL_REFUND";

export function ResolveProblemAction({ lessonId, refundable, currency }: { lessonId: string; refundable: number; currency: string }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const resolve = useAdminSubmit(useMutation(trpc.admin.resolveProblem.mutationOptions()).mutateAsync, (r) => ({
    tone: r.alreadyResolved ? "muted" : "success",
    text: r.message,
  }));
  const [decision, setDecision] = useState<Decision>("RELEASE");
  const [typed, setTyped] = useState("");
  const partial = parseMajorAmount(typed, currency);
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
      validate={() => (decision === "PARTIAL_REFUND" ? amountProblem(partial, refundable, currency, viewer) : null)}
      submit={(reason) =>
        resolve({ lessonId, reason, resolution: decision === "PARTIAL_REFUND" ? { decision, amount: partial! } : { decision } })
      }
    >
      <AmountPicker
        legend="Decision"
        choices={[
          { value: "RELEASE", label: "Release to the tutor" },
          { value: "PARTIAL_REFUND", label: "Partial refund", disabled: refundable <= 0 },
          { value: "FULL_REFUND", label: "Full refund", disabled: refundable <= 0 },
        ]}
        value={decision}
        onChange={setDecision}
        partial="PARTIAL_REFUND"
        typed={typed}
        onType={setTyped}
        currency={currency}
      />
      <p className="muted" style={{ margin: 0 }}>
        {decision === "RELEASE"
          ? "The tutor's earning is no longer held and is paid out with the next payout."
          : `Refunds come out of the tutor's earning and the platform fee in proportion (up to ${viewer.money(refundable, currency)}).`}
      </p>
    </ActionShell>
  );
}
