"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useViewer } from "~/components/hooks/use-viewer";
import { QueryStatus } from "~/components/ui/query-status";
import { useTRPC } from "~/trpc/react";

const CATEGORY_LABELS: Record<string, string> = { reminders: "Lesson reminders by email", marketing: "News and offers by email" };

/** The in-app copy of every message (read/unread), and the switches for the categories a person may turn off. */
export function NotificationsPanel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const viewer = useViewer();
  const list = useQuery(trpc.notification.list.queryOptions());
  const prefs = useQuery(trpc.notification.preferences.queryOptions());
  const markRead = useMutation(
    trpc.notification.markRead.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.notification.list.queryKey() }) }),
  );
  const setPref = useMutation(
    trpc.notification.setPreference.mutationOptions({
      onSuccess: (data) => qc.setQueryData(trpc.notification.preferences.queryKey(), data),
    }),
  );
  return (
    <div className="stack">
      <div className="card stack" data-testid="notifications">
        <div className="row">
          <h2>Notifications{list.data?.unread ? ` (${list.data.unread} unread)` : ""}</h2>
          {list.data?.unread ? (
            <button type="button" onClick={() => markRead.mutate({ ids: "all" })} disabled={markRead.isPending}>
              Mark all read
            </button>
          ) : null}
        </div>
        {list.isPending || list.isError ? <QueryStatus query={list} viewer={viewer} loading="Loading notifications…" /> : null}
        {list.data && list.data.entries.length === 0 ? <p className="muted">Nothing yet.</p> : null}
        <ul className="stack" style={{ listStyle: "none", padding: 0 }}>
          {list.data?.entries.map((e) => (
            <li key={e.id} data-read={e.read} className={e.read ? "muted" : undefined}>
              <strong>
                {e.read ? "" : "● "}
                <Link href={e.url} onClick={() => !e.read && markRead.mutate({ ids: [e.id] })}>
                  {e.title}
                </Link>
              </strong>{" "}
              <span className="muted">{viewer.dateTimeWithZone(new Date(e.createdAt))}</span>
              {e.body.map((p, i) => (
                <p key={i}>{p}</p>
              ))}
            </li>
          ))}
        </ul>
      </div>
      <div className="card stack">
        <h2>Email settings</h2>
        <p className="muted">Receipts, messages about your lessons and money, and security messages always go.</p>
        {prefs.data?.map((p) => (
          <label key={p.category} className="row">
            <input
              type="checkbox"
              checked={p.enabled}
              onChange={(ev) => setPref.mutate({ category: p.category, enabled: ev.target.checked })}
            />
            {CATEGORY_LABELS[p.category] ?? p.category}
          </label>
        ))}
      </div>
    </div>
  );
}
