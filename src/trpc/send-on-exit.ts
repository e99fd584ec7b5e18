// Calling a tRPC mutation in a way that survives the page going away (leaving the lesson, a last signalling message):
// a keepalive fetch to the mutation's plain HTTP form, or a beacon when keepalive is refused (its quota used up). Both
// are same-origin, so the browser sends Origin and the route's cross-site check lets them through.

/** `path` is the procedure's dotted name (e.g. "lesson.leave"); `input` a plain JSON object. */
export function sendMutationOnExit(path: string, input: Record<string, unknown>): void {
  const url = `/api/trpc/${path}`;
  const body = JSON.stringify({ json: input }); // superjson's wire shape for a plain input
  try {
    void fetch(url, {
      method: "POST",
      keepalive: true,
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body,
    }).catch(() => {});
  } catch {
    navigator.sendBeacon?.(url, new Blob([body], { type: "application/json" }));
  }
}
