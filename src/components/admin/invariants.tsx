"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useViewer } from "~/components/hooks/use-viewer";
import { PendingButton } from "~/components/ui/pending-button";
import { DataTable } from "~/components/ui/data-table";
import { QueryStatus } from "~/components/ui/query-status";
import { ServerMessage } from "~/components/ui/server-message";
import { useTRPC } from "~/trpc/react";
import { LocalTime } from "./local-time";

export function Invariants() {
  const trpc = useTRPC();
  const viewer = useViewer();
  const q = useQuery({ ...trpc.admin.invariants.queryOptions(), staleTime: 0, refetchOnWindowFocus: false });
  return (
    <div className="stack">
      <div className="row">
        <PendingButton pending={q.isFetching} onClick={() => void q.refetch()}>
          Run the checks again
        </PendingButton>
        {q.data && (
          <span className="muted">
            Last run <LocalTime at={q.data.checkedAt} viewer={viewer} />
          </span>
        )}
      </div>
      {q.isPending || q.isError ? (
        <QueryStatus query={q} viewer={viewer} loading="Checking every payment, ledger entry and payout…" />
      ) : (
        <>
          <ul className="muted list-plain" aria-label="Provider counters">
            {q.data.sources.map((s) => (
              <li key={s.provider}>
                {s.used ? "✓" : "–"} {s.note}
              </li>
            ))}
          </ul>
          {q.data.violations.length === 0 ? (
            <p className="card success" role="status" data-testid="invariants-ok">
              Every invariant holds: captured = fee + tutor share for every payment, each credited once, refunds reversed in full, every
              payout covered and debited once, nothing captured or paid twice at the provider, no tutor paid more than earned.
            </p>
          ) : (
            <DataTable
              headers={["Rule", "Subject", "Detail"]}
              testId="violations"
              before={
                <p role="alert" className="error">
                  {q.data.violations.length} violation{q.data.violations.length === 1 ? "" : "s"} found. Open each subject to see its
                  timeline.
                </p>
              }
            >
              {q.data.violations.map((v, i) => (
                <tr key={`${v.rule}-${v.subjectId}-${i}`}>
                  <td>
                    <code>{v.rule}</code>
                  </td>
                  <td>
                    {v.subjectType.toLowerCase()}{" "}
                    <Link href={v.href}>
                      <code className="break">{v.subjectId}</code>
                    </Link>
                  </td>
                  <td>
                    <ServerMessage message={v.detail} viewer={viewer} />
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </>
      )}
    </div>
  );
}
