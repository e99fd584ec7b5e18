// Telling the server the viewer left, in a way that survives the page going away: a
// keepalive fetch (or a beacon) to the tRPC mutation's plain HTTP form. Same-origin, so
// the browser sends Origin and the route's cross-site check lets it through.

const URL_ = "/api/trpc/lesson.leave";

export function sendLeave(lessonId: string): void {
  const body = JSON.stringify({ json: { lessonId } }); // superjson's wire shape for the input
  try {
    void fetch(URL_, {
      method: "POST",
      keepalive: true,
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body,
    }).catch(() => {});
  } catch {
    // keepalive refused (e.g. its quota is used up): a beacon is the browser's other guaranteed delivery
    navigator.sendBeacon?.(URL_, new Blob([body], { type: "application/json" }));
  }
}
