"use client";

import { useQuery } from "@tanstack/react-query";
import { useViewer } from "~/components/hooks/use-viewer";
import { useTRPC } from "~/trpc/react";

/** "23 min 40 s", "40 s", "1 h 5 min": how long, to the second. */
export function spanLength(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h) return `${h} h ${m} min`;
  if (m) return sec ? `${m} min ${sec} s` : `${m} min`;
  return `${sec} s`;
}

/**
 * The call's media evidence on the admin lesson page: how long both were connected and receiving each other's
 * media, and each participant's spans in the admin's zone. Evidence for problem reports and disputes only — it
 * never changed what the student paid.
 */
export function MediaEvidence({ lessonId }: { lessonId: string }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const evidence = useQuery({ ...trpc.video.evidence.queryOptions({ lessonId }), refetchInterval: 15_000 });
  // the detail above has already read the lesson: this shares its cached answer
  const detail = useQuery(trpc.admin.lesson.queryOptions({ lessonId }));
  const names = { STUDENT: detail.data?.lesson.student.name ?? "Student", TUTOR: detail.data?.lesson.tutor.name ?? "Tutor" };
  const e = evidence.data;
  const time = (at: Date) => viewer.dateTimeWithZone(at);
  return (
    <section className="card" aria-labelledby="media-h" data-testid="media-evidence">
      <h2 id="media-h">Video call</h2>
      {evidence.isPending || !viewer.ready ? (
        <p aria-busy="true">Loading…</p>
      ) : evidence.isError ? (
        <p role="alert" className="error">
          {evidence.error.message}
        </p>
      ) : !e || e.spans.length === 0 ? (
        <p className="muted" style={{ margin: 0 }} data-testid="media-both">
          No media was reported for this lesson: neither page said it was connected and receiving the other&apos;s video or sound.
        </p>
      ) : (
        <>
          <p style={{ margin: "0 0 8px" }}>
            <strong data-testid="media-both">
              Both connected {spanLength(e.totals.bothMs)}
              {e.approximate ? " (at most: some gaps were folded together)" : ""}
            </strong>
            <span className="muted">
              {" "}
              · {names.STUDENT} {spanLength(e.totals.studentMs)} · {names.TUTOR} {spanLength(e.totals.tutorMs)}
            </span>
          </p>
          <ul className="list-plain stack" style={{ gap: 4 }} data-testid="media-spans">
            {e.spans.map((s, i) => (
              <li key={i}>
                <strong>{names[s.participant]}</strong> connected and receiving: <time dateTime={s.from.toISOString()}>{time(s.from)}</time>{" "}
                – <time dateTime={s.to.toISOString()}>{viewer.clockTime(s.to)}</time> ({spanLength(s.to.getTime() - s.from.getTime())}
                {s.mergedGaps ? `, ${s.mergedGaps} gaps folded in` : ""})
              </li>
            ))}
          </ul>
          <p className="muted" style={{ margin: "8px 0 0", fontSize: "0.9rem" }}>
            Each page reports every {Math.round(e.heartbeatMs / 1000)} s whether it is connected and receiving the other&apos;s media.
            Evidence only: the lesson&apos;s price never depends on it.
          </p>
        </>
      )}
    </section>
  );
}
