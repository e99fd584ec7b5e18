import "server-only";
// Cookie-authenticated mutations must come from our own pages. Browsers send Origin
// on every cross-site POST (and Sec-Fetch-Site), so a mismatch means another site
// is trying to act with the visitor's cookie.

export function isCrossSiteMutation(req: Request, appUrl: string): boolean {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return false;
  if (req.headers.get("sec-fetch-site") === "cross-site") return true;
  const origin = req.headers.get("origin");
  if (!origin) return false; // not a browser: no ambient-cookie risk
  const allowed = new Set([new URL(appUrl).origin]);
  const host = req.headers.get("host");
  if (host) {
    allowed.add(`http://${host}`);
    allowed.add(`https://${host}`);
  }
  return !allowed.has(origin);
}
