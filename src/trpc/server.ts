import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { createContext } from "~/server/api/context";
import { createCaller } from "~/server/api/root";

/** tRPC for React Server Components: the same procedures, called in-process. */
export const serverApi = cache(async () => {
  const h = new Headers(await headers());
  return createCaller(await createContext(h));
});
