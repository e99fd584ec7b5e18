import { getSessionUser } from "~/server/auth";
import { systemClock } from "~/server/clock";
import { db } from "~/server/db/client";
import type { Context } from "./trpc";

export async function createContext(headers: Headers): Promise<Context> {
  return { db: db(), user: await getSessionUser(headers), clock: systemClock, headers };
}
