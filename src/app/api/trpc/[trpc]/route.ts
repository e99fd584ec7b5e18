import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { env } from "~/env";
import { createContext } from "~/server/api/context";
import { appRouter } from "~/server/api/root";
import { retryAfterSeconds } from "~/server/http/busy";
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
    createContext: () => createContext(req.headers),
    // A refusal because we are busy says when to come back (the body says it in words).
    responseMeta({ errors }) {
      const seconds = retryAfterSeconds(errors.map((e) => e.cause));
      return seconds === null ? {} : { headers: new Headers({ "Retry-After": String(seconds) }) };
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC /${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
