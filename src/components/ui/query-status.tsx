"use client";

import type { Viewer } from "~/components/hooks/use-viewer";
import { ServerMessage } from "./server-message";

/**
 * What a page shows while its query loads or after it failed: the one loading line and the one error alert (the
 * server's message, read in the viewer's zone and locale). Used as
 *   if (q.isPending || q.isError || !viewer.ready) return <QueryStatus query={q} viewer={viewer} loading="Loading…" />;
 */
export function QueryStatus({
  query,
  viewer,
  loading,
}: {
  query: { isError: boolean; error: { message: string } | null };
  viewer: Pick<Viewer, "dateTimeWithZone" | "money">;
  loading: string;
}) {
  if (query.isError) {
    return (
      <p role="alert" className="error">
        <ServerMessage message={query.error?.message} viewer={viewer} />
      </p>
    );
  }
  return <p aria-busy="true">{loading}</p>;
}
