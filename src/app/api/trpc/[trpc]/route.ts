import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "~/env";
import { createContext } from "~/server/api/context";
import { appRouter } from "~/server/api/root";
import { isAppError } from "~/server/errors";
import { isCrossSiteMutation } from "~/server/http/same-origin";

export const dynamic = "force-dynamic";

async function handler(req: Request) {
  if (isCrossSiteMutation(req, env().APP_URL)) {
    return Response.json(
      { error: { message: "Cross-site request refused: this action must come from the app's own pages." } },
      { status: 403 },
    );
  }
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ info }) =>
      createContext(
        req.headers,
        info.calls.map((c) => c.path),
      ),
    // A request refused by a request limit says when to retry, in the message and in Retry-After.
    responseMeta({ errors }) {
      const seconds = errors
        .map((e) => (isAppError(e.cause) && e.cause.code === "RATE_LIMITED" ? Number(e.cause.details.retryAfterSeconds) : 0))
        .reduce((a, b) => Math.max(a, b), 0);
      return seconds > 0 ? { headers: new Headers({ "Retry-After": String(seconds) }) } : {};
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC /${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
