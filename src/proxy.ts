// Next.js Proxy (the successor of middleware): every page response gets a Content-Security-Policy with a fresh nonce.
// Next reads the policy from the request headers and puts the nonce on the scripts it renders; every page is rendered
// per request (the header reads the session), so each gets its own nonce.
import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy } from "~/shared/content-security-policy";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy({
    nonce,
    development: process.env.NODE_ENV === "development",
    // Same decision as the checkout's payment config: no Stripe key means the browser talks to the local sandbox.
    stripe: process.env.STRIPE_SECRET_KEY
      ? { mode: "stripe-js" }
      : { mode: "sandbox", origin: `http://127.0.0.1:${process.env.STRIPE_SANDBOX_PORT ?? "12111"}` },
    https: (process.env.APP_URL ?? "").startsWith("https://"),
  });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Pages only: API answers are JSON or CSV, static assets carry no scripts of their own.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
