"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useViewer } from "~/components/hooks/use-viewer";
import { useTRPC } from "~/trpc/react";
import { QueryStatus } from "~/components/ui/query-status";

export function TutorsList() {
  const trpc = useTRPC();
  const viewer = useViewer();
  const tutors = useQuery(trpc.tutor.list.queryOptions());

  if (tutors.isPending || tutors.isError || !viewer.ready) return <QueryStatus query={tutors} viewer={viewer} loading="Loading tutors…" />;
  if (tutors.data.length === 0) {
    return <p className="card">No tutors take bookings yet. Check back soon — new tutors join every week.</p>;
  }
  return (
    <ul className="grid list-plain" aria-label="Tutors">
      {tutors.data.map((t) => (
        <li key={t.id} className="card stack" data-testid="tutor-card">
          <h2 style={{ margin: 0 }}>
            <Link href={`/tutors/${t.id}`}>{t.name}</Link>
          </h2>
          {t.headline && <p style={{ margin: 0 }}>{t.headline}</p>}
          <p style={{ margin: 0 }}>
            <span className="price">{viewer.money(t.prices[25], t.currency)}</span> / 25 min ·{" "}
            <span className="price">{viewer.money(t.prices[50], t.currency)}</span> / 50 min
          </p>
          <p className="muted" style={{ margin: 0 }}>
            Tutor&apos;s time zone: {t.timeZone}
          </p>
          <div>
            <p style={{ margin: "0 0 4px", fontWeight: 600 }}>Next free times</p>
            {t.nextSlots.length === 0 ? (
              <p className="muted" style={{ margin: 0 }}>
                No free times in the next two weeks.
              </p>
            ) : (
              <ul style={{ margin: 0, paddingLeft: 18 }}>
                {t.nextSlots.map((s) => (
                  <li key={s.start.toISOString()}>{viewer.dateTime(s.start)}</li>
                ))}
              </ul>
            )}
          </div>
          <Link className="button secondary" href={`/tutors/${t.id}`} aria-label={`See times and book ${t.name}`}>
            See times and book
          </Link>
        </li>
      ))}
    </ul>
  );
}
