"use client";

import type { Viewer } from "~/components/hooks/use-viewer";

/** "2026-11-26 23:00:05 UTC", for the hover text. */
export function utcText(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

/** An instant in the admin's time zone, with UTC on hover (title) and machine-readable (dateTime). */
export function LocalTime({ at, viewer }: { at: Date | null | undefined; viewer: Viewer }) {
  if (!at) return <span className="muted">—</span>;
  return (
    <time dateTime={at.toISOString()} title={utcText(at)}>
      {viewer.dateTimeWithZone(at)}
    </time>
  );
}
