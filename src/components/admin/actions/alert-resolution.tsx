"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import { ActionShell, useAdminSubmit } from "./action-shell";

export function ResolveAlertAction({ alertId, label = "Resolve alert" }: { alertId: string; label?: string }) {
  const trpc = useTRPC();
  const resolve = useAdminSubmit(useMutation(trpc.admin.resolveAlert.mutationOptions()).mutateAsync, (r) => ({
    tone: r.outcome === "done" ? "success" : "muted",
    text: r.message,
  }));
  return (
    <ActionShell
      label={label}
      title="Resolve this alert?"
      confirmLabel="Resolve alert"
      secondary
      testId="resolve-alert-action"
      submit={(reason) => resolve({ alertId, reason })}
    >
      <p style={{ margin: 0 }}>Say what was done about it. The alert leaves the queue; the audit log keeps who resolved it and why.</p>
    </ActionShell>
  );
}
