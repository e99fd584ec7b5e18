import "server-only";
import { after } from "next/server";
import { getSessionUser } from "~/server/auth";
import { clientAddress } from "~/server/request-limits/client-address";
import { requestLimiterFor } from "~/server/request-limits/request-limiter";
import { appServices } from "~/server/services";
import type { Context } from "./trpc";

export async function createContext(headers: Headers): Promise<Context> {
  const services = await appServices();
  return {
    services,
    user: await getSessionUser(headers),
    headers,
    clientAddress: clientAddress(headers),
    requestLimiter: requestLimiterFor(services.db),
    afterResponse: (task) =>
      after(() => task().catch((err) => console.error("after-response task failed (the cron tick will retry):", err))),
  };
}
