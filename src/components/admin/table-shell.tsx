"use client";

import type { ReactNode } from "react";
import type { Viewer } from "~/components/hooks/use-viewer";
import { DataTable } from "~/components/ui/data-table";
import { PendingButton } from "~/components/ui/pending-button";
import { QueryStatus } from "~/components/ui/query-status";

/**
 * The admin tables' frame: loading line, error alert, the empty card, the table with its caption and headings, and
 * "show more" for the next page. Each list supplies its rows and words.
 */
export function TableShell<Row>({
  query,
  viewer,
  name,
  loading,
  filtered,
  whenFiltered,
  whenEmpty,
  caption,
  headers,
  moreLabel,
  children,
}: {
  /** an infinite query whose pages carry `items` */
  query: {
    data?: { pages: { items: Row[] }[] };
    isPending: boolean;
    isError: boolean;
    error: { message: string } | null;
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    fetchNextPage: () => Promise<unknown>;
  };
  viewer: Viewer;
  /** "lessons" → data-testid "lessons-table" and "lessons-empty" */
  name: string;
  loading: string;
  /** whether a filter is applied: the empty card then says how to widen it */
  filtered: boolean;
  whenFiltered: ReactNode;
  whenEmpty: ReactNode;
  caption: string;
  headers: string[];
  moreLabel: string;
  children: (row: Row) => ReactNode;
}) {
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      {query.isPending || query.isError || !viewer.ready ? (
        <QueryStatus query={query} viewer={viewer} loading={loading} />
      ) : rows.length === 0 ? (
        <p className="card" data-testid={`${name}-empty`}>
          {filtered ? whenFiltered : whenEmpty}
        </p>
      ) : (
        <DataTable headers={headers} caption={caption} testId={`${name}-table`}>
          {rows.map(children)}
        </DataTable>
      )}
      {query.hasNextPage && (
        <PendingButton pending={query.isFetchingNextPage} className="secondary" onClick={() => void query.fetchNextPage()}>
          {moreLabel}
        </PendingButton>
      )}
    </>
  );
}
