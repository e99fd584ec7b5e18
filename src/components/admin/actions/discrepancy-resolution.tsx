"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { ActionShell, useAdminSubmit } from "./action-shell";

export function ResolveDiscrepancyAction({ discrepancyId }: { discrepancyId: string }) {
  const trpc = useTRPC();
  const resolve = useAdminSubmit(useMutation(trpc.admin.resolveDiscrepancy.mutationOptions()).mutateAsync, (r) => ({
    tone: r.outcome === "done" ? "success" : "muted",
    text: r.message,
  }));
  return (
    <ActionShell
      label="Resolve"
      title="Resolve this discrepancy?"
      confirmLabel="Resolve discrepancy"
      secondary
      testId="resolve-discrepancy-action"
      submit={(reason) => resolve({ discrepancyId, reason })}
    >
      <p style={{ margin: 0 }}>
        Say what was done (refunded at Stripe, corrected the id, recorded the loss…). Its alert closes too; the next pass opens it again if
        the provider still disagrees.
      </p>
    </ActionShell>
  );
}
