"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useViewer } from "~/components/hooks/use-viewer";
import { PendingButton } from "~/components/ui/pending-button";
import { StatusLine } from "~/components/ui/status-line";
import { useTRPC } from "~/trpc/react";
import { QueryStatus } from "~/components/ui/query-status";
import { ServerMessage } from "~/components/ui/server-message";

export function RequestPayout() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const viewer = useViewer();
  const summary = useQuery(trpc.earnings.summary.queryOptions());
  const request = useMutation(
    trpc.payout.request.mutationOptions({
      onSuccess: () => {
        void qc.invalidateQueries({ queryKey: trpc.payout.list.queryKey() });
        void qc.invalidateQueries({ queryKey: trpc.earnings.summary.queryKey() });
      },
    }),
  );
  const b = summary.data?.balances;
  const result = request.data;
  const message = request.isError
    ? request.error.message
    : result?.created
      ? `Payout of ${viewer.money(result.amount, result.currency)} requested. It is on its way; the history below follows it.`
      : result
        ? result.message
        : null;
  return (
    <section className="card stack" aria-labelledby="request-heading">
      <h2 id="request-heading" style={{ margin: 0 }}>
        Request a payout
      </h2>
      {summary.isPending || summary.isError ? (
        <QueryStatus query={summary} viewer={viewer} loading="Loading your balance…" />
      ) : (
        <p style={{ margin: 0 }} data-testid="payout-available">
          Available now: <strong>{viewer.money(b!.available, b!.currency)}</strong>
          {b!.pending > 0 && <span className="muted"> · {viewer.money(b!.pending, b!.currency)} still pending</span>}
        </p>
      )}
      <div className="row">
        <PendingButton pending={request.isPending} onClick={() => request.mutate()}>
          Request payout
        </PendingButton>
        <StatusLine
          message={message && <ServerMessage message={message} viewer={viewer} />}
          tone={request.isError || (result && !result.created) ? "error" : "success"}
        />
      </div>
      <p className="muted" style={{ margin: 0 }}>
        Available earnings are also paid out automatically every hour once your payout method is ready.
      </p>
    </section>
  );
}
