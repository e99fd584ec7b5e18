"use client";

import { useMutation } from "@tanstack/react-query";
import { useViewer } from "~/components/hooks/use-viewer";
import { useTRPC } from "~/trpc/react";
import { ActionShell, useAdminSubmit } from "./action-shell";

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
  const retry = useAdminSubmit(useMutation(trpc.admin.retryPayout.mutationOptions()).mutateAsync, (r) => ({
    tone: "success",
    text: r.message,
  }));
  const fresh = status === "FAILED" || status === "RETURNED";
  return (
    <ActionShell
      label="Retry payout"
      title="Retry this payout?"
      confirmLabel="Retry payout"
      testId="retry-payout-action"
      submit={(reason) => retry({ payoutId, reason })}
    >
      <p style={{ margin: 0 }}>
        {fresh
          ? `The ${viewer.money(amount, currency)} came back to the tutor's balance; a new payout is created from that balance and sent now to the tutor's current payout details.`
          : `The payout of ${viewer.money(amount, currency)} is sent again under the same id, after checking with the provider, so it cannot be paid twice.`}
      </p>
    </ActionShell>
  );
}
