"use client";

import { useQuery } from "@tanstack/react-query";
import { useViewer } from "~/components/hooks/use-viewer";
import type { RouterOutputs } from "~/trpc/api-types";
import { useTRPC } from "~/trpc/react";

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
      {list.isPending ? (
        <p aria-busy="true">Loading payouts…</p>
      ) : list.isError ? (
        <p role="alert" className="error">
          {list.error.message}
        </p>
      ) : list.data.length === 0 ? (
        <p className="card muted">No payouts yet. Once earnings are available and your payout method is ready, request one above.</p>
      ) : (
        <div className="table-wrap card">
          <table>
            <caption className="sr-only">Payout history</caption>
            <thead>
              <tr>
                <th scope="col">Requested</th>
                <th scope="col">Amount</th>
                <th scope="col">Method</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((p) => (
                <tr key={p.id} data-testid="payout-row">
                  <td>{viewer.dateTime(p.createdAt)}</td>
                  <td>{viewer.money(p.amount, p.currency)}</td>
                  <td>{p.method === "STRIPE" ? "Stripe" : "PayPal"}</td>
                  <td>{statusText(p)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
