"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useViewer } from "~/components/hooks/use-viewer";
import type { RouterInputs } from "~/trpc/api-types";
import { ServerMessage } from "~/components/ui/server-message";
import { useTRPC } from "~/trpc/react";
import { FilterForm, Select } from "./filter-form";
import { LocalTime } from "./local-time";
import { TableShell } from "./table-shell";

export type AuditFilterInput = Omit<RouterInputs["admin"]["audit"], "cursor" | "take">;

const lower = (s: string) => s.toLowerCase();

const MACHINES: Record<string, string> = { CRON: "cron job", WEBHOOK: "webhook", WORKER: "payment worker", OPS: "ops CLI" };

function subjectHref(subjectType: string, subjectId: string, lessonId: string | null): string | null {
  if (lessonId) return `/admin/lessons/${lessonId}`;
  if (subjectType === "LESSON") return `/admin/lessons/${subjectId}`;
  if (subjectType === "PAYOUT") return `/admin/payouts?q=${subjectId}`;
  return null;
}

export function AuditLog({ filter }: { filter: AuditFilterInput }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const facets = useQuery({ ...trpc.admin.auditFacets.queryOptions(), staleTime: 60_000 });
  const q = useInfiniteQuery(
    trpc.admin.audit.infiniteQueryOptions({ ...filter, take: 50 }, { getNextPageParam: (last) => last.nextCursor ?? undefined }),
  );
  const filtered = Object.values(filter).some(Boolean);
  return (
    <div className="stack">
      <FilterForm action="/admin/audit" label="Filter the audit log">
        <Select
          name="actorType"
          label="Actor type"
          value={filter.actorType}
          options={facets.data?.actorTypes ?? ["ADMIN", "STUDENT", "TUTOR", "CRON", "WEBHOOK", "WORKER", "OPS"]}
          anyLabel="Anyone"
          words={lower}
        />
        <label>
          Actor (email, user id or job name)
          <input name="actor" defaultValue={filter.actor ?? ""} />
        </label>
        <label>
          Action (exact, or a prefix ending in “.”)
          <input name="action" list="audit-actions" defaultValue={filter.action ?? ""} />
          <datalist id="audit-actions">
            {(facets.data?.actions ?? []).map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <Select
          name="subjectType"
          label="Subject type"
          value={filter.subjectType}
          options={facets.data?.subjectTypes ?? ["LESSON", "PAYMENT", "PAYOUT", "ALERT"]}
          words={lower}
        />
        <label>
          Subject id (or lesson id)
          <input name="subject" defaultValue={filter.subjectId ?? ""} />
        </label>
      </FilterForm>
      <TableShell
        query={q}
        viewer={viewer}
        loading="Loading the audit log…"
        name="audit"
        filtered={filtered}
        whenFiltered={
          <>
            Nothing matches. Try a prefix such as <code>payment.</code>, check the email, or{" "}
            <Link href="/admin/audit">clear the filter</Link>.
          </>
        }
        whenEmpty="Nothing has happened yet. Every booking, payment step and admin action is recorded here."
        caption="Audit events, newest first"
        headers={["When", "Who", "What", "Subject", "Why"]}
        moreLabel="Show older events"
      >
        {(e) => {
          const href = subjectHref(e.subjectType, e.subjectId, e.lessonId);
          return (
            <tr key={e.id} data-testid="audit-row">
              <td>
                <LocalTime at={e.at} viewer={viewer} />
              </td>
              <td>
                {e.actorName ? (
                  <>
                    {e.actorName} <span className="muted">({e.actorEmail})</span>
                  </>
                ) : (
                  <>
                    {MACHINES[e.actorType] ?? e.actorType.toLowerCase()} <code>{e.actorId}</code>
                  </>
                )}
                <div>
                  <span className="badge">{e.actorType.toLowerCase()}</span>
                </div>
              </td>
              <td>
                <strong>{e.action}</strong>
                {(e.fromState || e.toState) && (
                  <div className="muted">
                    {e.fromState ?? "∅"} → {e.toState ?? "∅"}
                  </div>
                )}
              </td>
              <td>
                {e.subjectType.toLowerCase()}{" "}
                {href ? (
                  <Link href={href}>
                    <code className="break">{e.subjectId}</code>
                  </Link>
                ) : (
                  <code className="break">{e.subjectId}</code>
                )}
              </td>
              <td>{e.reason ? <ServerMessage message={e.reason} viewer={viewer} /> : <span className="muted">—</span>}</td>
            </tr>
          );
        }}
      </TableShell>
    </div>
  );
}
