"use client";

import { type DehydratedState, HydrationBoundary } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";

/**
 * HydrationBoundary on the browser's clock: a query the server fetched counts as received when the page arrives, as
 * one the browser fetched itself does. Pages pair a server "now" from the data with `dataUpdatedAt` to follow the
 * server's clock (useServerClock), and the server machine's wall clock is not the browser's.
 */
export function BrowserHydrationBoundary({ state, children }: { state: DehydratedState; children: ReactNode }) {
  const [received] = useState(() => {
    // eslint-disable-next-line no-restricted-syntax -- the browser's time of receipt, which is what dataUpdatedAt means
    const at = Date.now();
    return { ...state, queries: state.queries.map((q) => ({ ...q, state: { ...q.state, dataUpdatedAt: at } })) };
  });
  return <HydrationBoundary state={received}>{children}</HydrationBoundary>;
}
