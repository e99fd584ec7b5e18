"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useServerClock } from "~/components/hooks/use-server-clock";
import { useViewer } from "~/components/hooks/use-viewer";
import { LessonStatus } from "~/components/lessons/lesson-status";
import type { LessonDto } from "~/trpc/api-types";
import { dayKey } from "~/shared/format";
import { useTRPC } from "~/trpc/react";
import { QueryStatus } from "~/components/ui/query-status";

export function TutorDashboard({ name }: { name: string }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const lessons = useQuery({ ...trpc.lesson.list.queryOptions({ scope: "upcoming" }), refetchInterval: 30_000 });
  const week = useQuery(trpc.availability.mine.queryOptions());
  const now = useServerClock(lessons.data?.[0]?.serverNow, lessons.dataUpdatedAt, 15_000);

  if (lessons.isPending || lessons.isError || !viewer.ready)
    return <QueryStatus query={lessons} viewer={viewer} loading="Loading your dashboard…" />;
  const today = dayKey(now, viewer.timeZone);
  const todays = lessons.data.filter((l) => dayKey(l.scheduledStart, viewer.timeZone) === today);
  const later = lessons.data.filter((l) => dayKey(l.scheduledStart, viewer.timeZone) !== today);

  return (
    <section className="stack">
      <div className="page-head">
        <div>
          <h1>Hello, {name}</h1>
          <p className="muted" style={{ margin: 0 }}>
            Times in your time zone ({viewer.timeZone}).
          </p>
        </div>
        <nav aria-label="Tutor shortcuts" className="row">
          <Link className="button secondary" href="/tutor/availability">
            Weekly availability
          </Link>
          <Link className="button secondary" href="/tutor/earnings">
            Earnings
          </Link>
          <Link className="button secondary" href="/tutor/payouts">
            Payouts
          </Link>
        </nav>
      </div>
      {week.data && week.data.windows.length === 0 && (
        <p className="notice warn">
          Students can&apos;t book you yet: you have no weekly hours. <Link href="/tutor/availability">Set your weekly availability</Link>.
        </p>
      )}
      <section aria-labelledby="today-heading" className="stack">
        <h2 id="today-heading">Today</h2>
        {todays.length === 0 ? <p className="card muted">No lessons today.</p> : <LessonCards lessons={todays} now={now} />}
      </section>
      <section aria-labelledby="later-heading" className="stack">
        <h2 id="later-heading">Upcoming</h2>
        {later.length === 0 ? (
          <p className="card muted">Nothing booked after today yet. Students book from the free times of your weekly availability.</p>
        ) : (
          <LessonCards lessons={later} now={now} />
        )}
      </section>
      <p>
        <Link href="/lessons">All lessons, including past ones →</Link>
      </p>
    </section>
  );
}

function LessonCards({ lessons, now }: { lessons: LessonDto[]; now: Date }) {
  const viewer = useViewer();
  return (
    <ul className="list-plain">
      {lessons.map((l) => (
        <li key={l.id} className="card lesson-item" data-testid="tutor-lesson">
          <h3>
            <Link href={`/lessons/${l.id}`}>
              {viewer.timeRange(l.scheduledStart, l.scheduledEnd)} — {l.student.name}
            </Link>
          </h3>
          <LessonStatus lesson={l} viewer={viewer} now={now} />
        </li>
      ))}
    </ul>
  );
}
