"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useServerClock } from "~/components/hooks/use-server-clock";
import { useViewer } from "~/components/hooks/use-viewer";
import { StatusLine } from "~/components/ui/status-line";
import type { LessonDto } from "~/trpc/api-types";
import { useTRPC } from "~/trpc/react";
import { LessonListItem } from "./lesson-list-item";
import { ServerMessage } from "~/components/ui/server-message";
import { QueryStatus } from "~/components/ui/query-status";

function LessonItems({
  label,
  lessons,
  ...rest
}: { label: string; lessons: LessonDto[] } & Omit<Parameters<typeof LessonListItem>[0], "lesson">) {
  return (
    <ul className="list-plain" aria-label={label}>
      {lessons.map((l) => (
        <LessonListItem key={l.id} lesson={l} {...rest} />
      ))}
    </ul>
  );
}

export function MyLessons({ role }: { role: "STUDENT" | "TUTOR" }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  // The result of the last action, held here rather than in the lesson's row: a cancelled lesson moves from Upcoming
  // to Past when the list refreshes, and a message kept in the row would vanish with the row it was shown in.
  const [result, setResult] = useState<string | null>(null);
  const upcoming = useQuery({ ...trpc.lesson.list.queryOptions({ scope: "upcoming" }), refetchInterval: 30_000 });
  const past = useQuery({ ...trpc.lesson.list.queryOptions({ scope: "past" }), refetchInterval: 60_000 });
  const now = useServerClock(
    upcoming.data?.[0]?.serverNow ?? past.data?.[0]?.serverNow,
    upcoming.dataUpdatedAt || past.dataUpdatedAt,
    15_000,
  );

  if (upcoming.isPending || past.isPending || !viewer.ready) return <p aria-busy="true">Loading your lessons…</p>;
  if (upcoming.isError) return <QueryStatus query={upcoming} viewer={viewer} loading="Loading your lessons…" />;
  if (past.isError) return <QueryStatus query={past} viewer={viewer} loading="Loading your lessons…" />;
  // A lesson that ended early stays "upcoming" until it is settled; show it once.
  const upcomingIds = new Set(upcoming.data.map((l) => l.id));
  const pastOnly = past.data.filter((l) => !upcomingIds.has(l.id));

  return (
    <>
      <p className="muted" style={{ margin: 0 }}>
        Times are in your time zone ({viewer.timeZone}).{" "}
        {viewer.timeZone && (
          <Link href="/account" style={{ whiteSpace: "nowrap" }}>
            Change it
          </Link>
        )}
      </p>
      <StatusLine message={result && <ServerMessage message={result} viewer={viewer} />} />
      <section aria-labelledby="upcoming-heading" className="stack">
        <h2 id="upcoming-heading">Upcoming</h2>
        {upcoming.data.length === 0 ? (
          <p className="card">
            {role === "STUDENT" ? (
              <>
                No upcoming lessons. <Link href="/tutors">Find a tutor</Link> and book a time.
              </>
            ) : (
              <>
                No upcoming lessons. Students book the free times from your <Link href="/tutor/availability">weekly availability</Link> —
                make sure it is set.
              </>
            )}
          </p>
        ) : (
          <LessonItems label="Upcoming lessons" lessons={upcoming.data} viewer={viewer} now={now} onResult={setResult} />
        )}
      </section>
      <section aria-labelledby="past-heading" className="stack">
        <h2 id="past-heading">Past</h2>
        {pastOnly.length === 0 ? (
          <p className="card muted">No past lessons yet. Lessons move here once they are over.</p>
        ) : (
          <LessonItems label="Past lessons" lessons={pastOnly} viewer={viewer} now={now} onResult={setResult} />
        )}
      </section>
    </>
  );
}
