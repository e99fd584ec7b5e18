"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { ActionShell, useAdminSubmit } from "./action-shell";

export function CancelDestinationChangeAction({ changeId, previous }: { changeId: string; previous: string | null }) {
  const trpc = useTRPC();
  const cancel = useAdminSubmit(useMutation(trpc.admin.cancelDestinationChange.mutationOptions()).mutateAsync, (r) => ({
    tone: r.cancelled ? "success" : "muted",
    text: r.cancelled ? "The change was cancelled; payouts go to the previous destination again." : "This change was already cancelled.",
  }));
  return (
    <ActionShell
      label="Cancel change"
      title="Cancel this payout destination change?"
      confirmLabel="Cancel change"
      testId="cancel-destination-change-action"
      submit={(reason) => cancel({ changeId, reason })}
    >
      <p style={{ margin: 0 }}>
        {previous
          ? `Payouts go to ${previous} again, at once, and the cool-off ends. The tutor is told; the audit log keeps who cancelled it and why.`
          : "The tutor had no destination before this one: they will have none until they set one again."}
      </p>
    </ActionShell>
  );
}
