"use client";

import type { ReactNode } from "react";
import type { Viewer } from "~/components/hooks/use-viewer";
import { PendingButton } from "~/components/ui/pending-button";
import { QueryStatus } from "~/components/ui/query-status";

/**
 * The admin tables' frame: loading line, error alert, the empty card, the table with its caption and headings, and
 * "show more" for the next page. Each list supplies its rows and words.
 */
export function TableShell<Row>({
  query,
  viewer,
  loading,
  rows,
  empty,
  emptyTestId,
  caption,
  testId,
  headers,
  moreLabel,
  children,
}: {
  query: {
    isPending: boolean;
    isError: boolean;
    error: { message: string } | null;
    hasNextPage: boolean;
    isFetchingNextPage: boolean;
    fetchNextPage: () => Promise<unknown>;
  };
  viewer: Viewer;
  loading: string;
  rows: Row[];
  empty: ReactNode;
  emptyTestId: string;
  caption: string;
  testId: string;
  headers: string[];
  moreLabel: string;
  children: (row: Row) => ReactNode;
}) {
  return (
    <>
      {query.isPending || query.isError || !viewer.ready ? (
        <QueryStatus query={query} viewer={viewer} loading={loading} />
      ) : rows.length === 0 ? (
        <p className="card" data-testid={emptyTestId}>
          {empty}
        </p>
      ) : (
        <div className="table-wrap">
          <table data-testid={testId}>
            <caption className="sr-only">{caption}</caption>
            <thead>
              <tr>
                {headers.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{rows.map(children)}</tbody>
          </table>
        </div>
      )}
      {query.hasNextPage && (
        <PendingButton pending={query.isFetchingNextPage} className="secondary" onClick={() => void query.fetchNextPage()}>
          {moreLabel}
        </PendingButton>
      )}
    </>
  );
}
