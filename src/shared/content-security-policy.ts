// The page's Content-Security-Policy, built per request with a fresh nonce (src/proxy.ts). Scripts run only when they
// carry the nonce (Next.js puts it on its own scripts) or are loaded by one that does ('strict-dynamic'); no inline
// handlers, no eval outside `next dev`. Styles allow inline attributes: React renders `style=` props into the HTML,
// and a style cannot run code.

export interface CspOptions {
  nonce: string;
  /** `next dev` needs eval (React Refresh) and a websocket for hot reload */
  development: boolean;
  /** where the browser sends card details: the local Stripe sandbox's origin, or Stripe.js */
  stripe: { mode: "sandbox"; origin: string } | { mode: "stripe-js" };
  /** an https deployment: ask the browser to upgrade any http sub-resource */
  https: boolean;
}

export function contentSecurityPolicy(o: CspOptions): string {
  const stripeJs = o.stripe.mode === "stripe-js";
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": [
      "'self'",
      `'nonce-${o.nonce}'`,
      "'strict-dynamic'",
      ...(stripeJs ? ["https://js.stripe.com"] : []),
      ...(o.development ? ["'unsafe-eval'"] : []),
    ],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...(stripeJs ? ["https://*.stripe.com"] : [])],
    "font-src": ["'self'"],
    "connect-src": [
      "'self'",
      ...(o.stripe.mode === "sandbox" ? [o.stripe.origin] : ["https://api.stripe.com"]),
      ...(o.development ? ["ws:", "wss:"] : []),
    ],
    "frame-src": stripeJs ? ["https://js.stripe.com", "https://hooks.stripe.com"] : ["'none'"],
    "media-src": ["'self'", "blob:"],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  const text = Object.entries(directives).map(([name, values]) => `${name} ${values.join(" ")}`);
  if (o.https) text.push("upgrade-insecure-requests");
  return text.join("; ");
}
