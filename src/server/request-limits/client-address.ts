import "server-only";

/**
 * The client's address as the platform's proxy reports it (Vercel sets x-forwarded-for and x-real-ip; the first
 * x-forwarded-for entry is the client). Null when there is none (a test or a server-side call).
 */
export function clientAddress(headers: Headers): string | null {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const address = forwarded || headers.get("x-real-ip")?.trim() || null;
  // An address is short; anything else is not one and must not become an unbounded key.
  return address && address.length <= 64 ? address.toLowerCase() : null;
}
