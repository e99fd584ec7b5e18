// tRPC for React Server Components, as create-t3-app does it: a page fetches the data its client component will ask
// for, through the same procedures in-process (same guards, same errors), and <HydrateClient> hands that cache to the
// browser so the client component starts with the answer instead of asking again.
import "server-only";
import { dehydrate, type FetchQueryOptions, type QueryKey } from "@tanstack/react-query";
import { TRPCError } from "@trpc/server";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache, type ReactNode } from "react";
import { createContext } from "~/server/api/context";
import { appRouter } from "~/server/api/root";
import { BrowserHydrationBoundary } from "./hydration-boundary";
import { makeQueryClient } from "./query-client";

/** One query client and one context per request (React's `cache`), shared by every prefetch of the page. */
const getQueryClient = cache(makeQueryClient);
const rscContext = cache(async () => createContext(new Headers(await headers())));

export const trpc = createTRPCOptionsProxy({ ctx: rscContext, router: appRouter, queryClient: getQueryClient });

/**
 * Fetch a query into the page's cache and return it. A NOT_FOUND answer renders the route's not-found page (a
 * foreign lesson answers exactly like a missing one); any other error is thrown. No retry: the answer is final here.
 */
export async function fetchOrNotFound<TQueryFnData, TError, TData, TQueryKey extends QueryKey>(
  options: FetchQueryOptions<TQueryFnData, TError, TData, TQueryKey>,
): Promise<TData> {
  try {
    return await getQueryClient().fetchQuery({ ...options, retry: false });
  } catch (err) {
    if (err instanceof TRPCError && err.code === "NOT_FOUND") notFound();
    throw err;
  }
}

/**
 * Fetch a query into the page's cache when it succeeds; an error is left to the client component, which asks again
 * and shows it as it always has. Awaited, so the client never receives a pending query it would fetch a second time.
 */
export async function prefetch<TQueryFnData, TError, TData, TQueryKey extends QueryKey>(
  options: FetchQueryOptions<TQueryFnData, TError, TData, TQueryKey>,
): Promise<void> {
  await getQueryClient().prefetchQuery({ ...options, retry: false });
}

/** Hands what the page fetched to the client components below it. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <BrowserHydrationBoundary state={dehydrate(getQueryClient())}>{children}</BrowserHydrationBoundary>;
}
