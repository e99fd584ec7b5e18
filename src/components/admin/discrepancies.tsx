"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useViewer } from "~/components/hooks/use-viewer";
import { DataTable } from "~/components/ui/data-table";
import { PendingButton } from "~/components/ui/pending-button";
import { QueryStatus } from "~/components/ui/query-status";
import { ServerMessage } from "~/components/ui/server-message";
import { StatusLine } from "~/components/ui/status-line";
import { useTRPC } from "~/trpc/react";
import { OutcomeProvider, ResolveDiscrepancyAction } from "./actions";
import { LocalTime } from "./local-time";
import { useAdminRefresh } from "./use-admin-refresh";

function Facts({ value }: { value: Record<string, unknown> | null }) {
  if (!value) return <span className="muted">nothing</span>;
  return (
    <dl className="facts">
      {Object.entries(value).map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>
            <code className="break">{v === null ? "null" : String(v)}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function SubjectLink({ d }: { d: { subjectType: string; subjectId: string; lessonId: string | null } }) {
  const label = `${d.subjectType.toLowerCase().replace("_", " ")} ${d.subjectId}`;
  if (d.lessonId) return <Link href={`/admin/lessons/${d.lessonId}`}>{label}</Link>;
  if (d.subjectType === "PAYOUT") return <Link href={`/admin/payouts?q=${d.subjectId}`}>{label}</Link>;
  return <code className="break">{label}</code>;
}

export function Discrepancies() {
  const trpc = useTRPC();
  const viewer = useViewer();
  const refresh = useAdminRefresh();
  const [state, setState] = useState<"open" | "resolved">("open");
  const q = useQuery({ ...trpc.admin.discrepancies.queryOptions({ state }), staleTime: 0 });
  const run = useMutation(trpc.admin.reconcileNow.mutationOptions({ onSuccess: () => void refresh() }));
  return (
    <OutcomeProvider>
      <div className="stack">
        <div className="row">
          <PendingButton pending={run.isPending} onClick={() => run.mutate()} data-testid="reconcile-now">
            {run.isPending ? "Reconciling…" : "Reconcile now"}
          </PendingButton>
          <label>
            Show{" "}
            <select value={state} onChange={(e) => setState(e.target.value as "open" | "resolved")} aria-label="Which discrepancies">
              <option value="open">open</option>
              <option value="resolved">resolved</option>
            </select>
          </label>
        </div>
        <StatusLine
          tone={run.isError ? "error" : "success"}
          message={run.isError ? run.error.message : run.data ? <ServerMessage message={run.data.message} viewer={viewer} /> : null}
        />
        {q.isPending || q.isError ? (
          <QueryStatus query={q} viewer={viewer} loading="Loading discrepancies…" />
        ) : (
          <>
            {q.data.runs[0] && (
              <p className="muted" data-testid="last-pass">
                Last pass {q.data.runs[0].status.toLowerCase()}, started <LocalTime at={q.data.runs[0].startedAt} viewer={viewer} />:{" "}
                {q.data.runs[0].objectsSeen} provider objects and {q.data.runs[0].rowsChecked} rows compared in{" "}
                {q.data.runs[0].providerCalls} provider calls, {q.data.runs[0].discrepancies} new, {q.data.runs[0].repaired} repaired.
              </p>
            )}
            {q.data.discrepancies.length === 0 ? (
              <p className="card success" role="status" data-testid="discrepancies-none">
                {state === "open" ? "No open discrepancies: our books and the providers' agree." : "Nothing resolved yet."}
              </p>
            ) : (
              <DataTable headers={["Kind", "Subject", "Ours", "Theirs", "What to do", "Seen", ""]} testId="discrepancies">
                {q.data.discrepancies.map((d) => (
                  <tr key={d.id} data-kind={d.kind}>
                    <td>
                      <strong>{d.title}</strong>
                      <br />
                      <ServerMessage message={d.message} viewer={viewer} />
                    </td>
                    <td>
                      <SubjectLink d={d} />
                    </td>
                    <td>
                      <Facts value={d.ours} />
                    </td>
                    <td>
                      <Facts value={d.theirs} />
                    </td>
                    <td>{d.resolution ? <span className="muted">{d.resolution}</span> : d.whatToDo}</td>
                    <td>
                      <LocalTime at={d.firstSeenAt} viewer={viewer} />
                      {d.lastSeenAt.getTime() !== d.firstSeenAt.getTime() && (
                        <>
                          {" "}
                          – <LocalTime at={d.lastSeenAt} viewer={viewer} />
                        </>
                      )}
                    </td>
                    <td>{!d.resolvedAt && <ResolveDiscrepancyAction discrepancyId={d.id} />}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </>
        )}
      </div>
    </OutcomeProvider>
  );
}
