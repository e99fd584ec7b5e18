// Where to send a person after signing in. A `next` value is resolved against the app's own URL with the WHATWG URL
// parser — the same one the browser uses — and kept only when the result is on our origin. Hand-written prefix checks
// miss the parser's rewrites (`/\evil.example` and `/<tab>/evil.example` both become `//evil.example`).

/** A path on our origin (`/lessons/1?x#y`) for `next`, or `fallback` when `next` is missing or leads anywhere else. */
export function safeRedirectPath(next: string | null | undefined, appUrl: string, fallback = "/"): string {
  if (!next) return fallback;
  const ours = new URL(appUrl);
  let target: URL;
  try {
    target = new URL(next, ours);
  } catch {
    return fallback;
  }
  if (target.origin !== ours.origin) return fallback;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // A path that itself begins with two slashes (e.g. from `/.//evil.example`) is protocol-relative when pushed.
  if (!path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
