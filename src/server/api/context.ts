import "server-only";
import { after } from "next/server";
import { getSessionUser } from "~/server/auth";
import { clientAddress } from "~/server/request-limits/client-address";
import { requestLimiterFor } from "~/server/request-limits/request-limiter";
import { appServices } from "~/server/services";
import type { Context } from "./trpc";

/** Procedures whose session may come from the signed cookie copy (no session query; see getSessionUser), and whose
 * time-travel clock offset may be a second old (see appServices). */
const SESSION_FROM_COOKIE: ReadonlySet<string> = new Set(["lesson.poll"]);

/** `paths`: the procedures this request calls (a batch may call several); the cookie copy is used only if all allow it. */
export async function createContext(headers: Headers, paths: readonly string[] = []): Promise<Context> {
  const fromCookie = paths.length > 0 && paths.every((p) => SESSION_FROM_COOKIE.has(p));
  // the same procedures may also take a clock offset read a moment ago (the rest read it fresh)
  const services = await appServices({ clock: fromCookie ? "recent" : "fresh" });
  return {
    services,
    user: await getSessionUser(headers, { fromCookie }),
    headers,
    clientAddress: clientAddress(headers),
    requestLimiter: requestLimiterFor(services.db),
    afterResponse: (task) =>
      after(() => task().catch((err) => console.error("after-response task failed (the cron tick will retry):", err))),
  };
}
