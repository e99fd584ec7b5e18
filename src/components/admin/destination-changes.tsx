"use client";

import { useQuery } from "@tanstack/react-query";
import { useViewer } from "~/components/hooks/use-viewer";
import { DataTable } from "~/components/ui/data-table";
import { QueryStatus } from "~/components/ui/query-status";
import { useTRPC } from "~/trpc/react";
import { OutcomeProvider } from "./actions";
import { CancelDestinationChangeAction } from "./actions/destination-change-cancel";

const STATE_WORDS = { COOLING_OFF: "cooling off", IN_EFFECT: "in effect", CANCELLED: "cancelled" } as const;

/** Recent changes of where tutors are paid: a theft shows here during its cool-off, and can be cancelled. */
export function DestinationChanges() {
  const trpc = useTRPC();
  const viewer = useViewer();
  const changes = useQuery(trpc.admin.destinationChanges.queryOptions());
  if (changes.isPending || changes.isError) return <QueryStatus query={changes} viewer={viewer} loading="Loading destination changes…" />;
  if (changes.data.length === 0) return <p className="muted">No payout destination changes yet.</p>;
  return (
    <OutcomeProvider>
      <DataTable
        headers={["Changed", "Tutor", "From", "To", "Payouts to it from", "State", ""]}
        caption="Payout destination changes"
        testId="destination-changes"
      >
        {changes.data.map((c) => (
          <tr key={c.id}>
            <td>{viewer.dateTimeWithZone(c.requestedAt)}</td>
            <td>
              {c.tutor.name} ({c.tutor.email})
            </td>
            <td>{c.previousDestination ? `${c.previousMethod === "STRIPE" ? "Stripe" : "PayPal"} ${c.previousDestination}` : "—"}</td>
            <td>
              {c.method === "STRIPE" ? "Stripe" : "PayPal"} {c.destination}
            </td>
            <td>{viewer.dateTimeWithZone(c.effectiveAt)}</td>
            <td>{STATE_WORDS[c.state]}</td>
            <td>{c.state !== "CANCELLED" && <CancelDestinationChangeAction changeId={c.id} previous={c.previousDestination} />}</td>
          </tr>
        ))}
      </DataTable>
    </OutcomeProvider>
  );
}
