// tRPC callers for tests: the app's procedures called in-process with a context built from a test's own services,
// as the route handler builds it from a request (no cookies: the user is given).
import { TRPCError } from "@trpc/server";
import type { SessionUser } from "~/server/auth";
import { createCaller } from "~/server/api/root";
import type { Context } from "~/server/api/trpc";
import type { Services } from "~/server/services";

/** The context a request from `user` (null: signed out) gets; work queued for after the response is dropped. */
export function testContext(services: Services, user: SessionUser | null, extra: Partial<Context> = {}): Context {
  return { services, user, headers: new Headers(), afterResponse: () => {}, clientAddress: null, requestLimiter: null, ...extra };
}

/** The whole app router, called as `user`. */
export function trpcCaller(services: Services, user: SessionUser | null) {
  return createCaller(testContext(services, user));
}
export type TrpcCaller = ReturnType<typeof trpcCaller>;

/** A session user of `role` that needs no row (ids like `u-STUDENT`), for guards that look only at the session. */
export const sessionAs = (role: SessionUser["role"]): SessionUser => ({
  id: `u-${role}`,
  email: `${role}@x.test`,
  name: role,
  role,
  timeZone: "UTC",
});

/** "OK", or the tRPC code a call was refused with (anything else is named, so a test shows what really happened). */
export async function trpcCode(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "OK";
  } catch (e) {
    return e instanceof TRPCError ? e.code : `non-trpc: ${String(e)}`;
  }
}
