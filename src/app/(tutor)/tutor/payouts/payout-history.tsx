"use client";

import { useQuery } from "@tanstack/react-query";
import { useViewer } from "~/components/hooks/use-viewer";
import type { RouterOutputs } from "~/trpc/api-types";
import { useTRPC } from "~/trpc/react";
import { DataTable } from "~/components/ui/data-table";
import { QueryStatus } from "~/components/ui/query-status";

type Payout = RouterOutputs["payout"]["list"][number];

function statusText(p: Payout): string {
  switch (p.status) {
    case "QUEUED":
      return "Queued — sending shortly";
    case "SENDING":
      return "Sending";
    case "UNKNOWN":
      return "Checking with the provider";
    case "SENT":
      return "Sent — on its way to you";
    case "PAID":
      return "Paid";
    case "FAILED":
      return `Failed${p.lastError ? ` (${p.lastError})` : ""} — the money is back in your balance`;
    case "RETURNED":
      return "Returned by the provider — the money is back in your balance";
    default:
      return p.status;
  }
}

export function PayoutHistory() {
  const trpc = useTRPC();
  const viewer = useViewer();
  // A live payout moves within seconds to minutes: keep the table current while one is out.
  const list = useQuery({
    ...trpc.payout.list.queryOptions(),
    refetchInterval: (q) => (q.state.data?.some((p) => ["QUEUED", "SENDING", "UNKNOWN", "SENT"].includes(p.status)) ? 5000 : false),
  });
  return (
    <section className="stack" aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      {list.isPending || list.isError ? (
        <QueryStatus query={list} viewer={viewer} loading="Loading payouts…" />
      ) : list.data.length === 0 ? (
        <p className="card muted">No payouts yet. Once earnings are available and your payout method is ready, request one above.</p>
      ) : (
        <DataTable headers={["Requested", "Amount", "Method", "Status"]} caption="Payout history" wrapClassName="table-wrap card">
          {list.data.map((p) => (
            <tr key={p.id} data-testid="payout-row">
              <td>{viewer.dateTime(p.createdAt)}</td>
              <td>{viewer.money(p.amount, p.currency)}</td>
              <td>{p.method === "STRIPE" ? "Stripe" : "PayPal"}</td>
              <td>{statusText(p)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
