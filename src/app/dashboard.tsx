"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "~/trpc/react";
import { useViewer } from "~/components/hooks/use-viewer";
import { QueryStatus } from "~/components/ui/query-status";

export function Dashboard() {
  const trpc = useTRPC();
  const me = useQuery(trpc.me.get.queryOptions());
  const viewer = useViewer();
  if (me.isPending || me.isError) return <QueryStatus query={me} viewer={viewer} loading="Loading your account…" />;
  const u = me.data;
  return (
    <section className="stack">
      <h1>Welcome, {u.name}</h1>
      <div className="card" data-testid="profile">
        <p>
          Signed in as <strong>{u.email}</strong> — <span className="badge">{u.role.toLowerCase()}</span>
        </p>
        <p className="muted">Times are shown in your time zone: {u.timeZone}</p>
        {u.tutorProfile && (
          <p>
            Your prices:{" "}
            {new Intl.NumberFormat(undefined, { style: "currency", currency: u.tutorProfile.currency }).format(
              u.tutorProfile.price25 / 100,
            )}{" "}
            / 25 min
          </p>
        )}
      </div>
      {u.role === "STUDENT" && (
        <nav aria-label="Start here" className="row">
          <Link className="button" href="/tutors">
            Find a tutor
          </Link>
          <Link className="button secondary" href="/lessons">
            My lessons
          </Link>
        </nav>
      )}
      {u.role === "TUTOR" && (
        <nav aria-label="Start here" className="row">
          <Link className="button" href="/tutor">
            Open your tutor dashboard
          </Link>
          <Link className="button secondary" href="/tutor/availability">
            Weekly availability
          </Link>
        </nav>
      )}
    </section>
  );
}
