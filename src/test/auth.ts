import { createAuth, type Auth } from "~/server/auth/auth";
import type { Db } from "~/server/db/client";

export const TEST_APP_URL = "http://localhost:3000";

export function testAuth(db: Db, overrides: Partial<Parameters<typeof createAuth>[0]> = {}): Auth {
  return createAuth({
    db,
    baseURL: TEST_APP_URL,
    secret: "test-secret-0123456789-0123456789-xx",
    signInFreeFailures: 5,
    signInLimitPerAddress: 1000,
    ...overrides,
  });
}

/** Sign up through the real auth API and return the session cookie header. */
export async function signUp(auth: Auth, body: { email: string; password?: string; name?: string; role?: string; timeZone?: string }) {
  const res = await auth.handler(
    new Request(`${TEST_APP_URL}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_APP_URL },
      body: JSON.stringify({ password: "correct-horse-battery", name: body.email.split("@")[0], ...body }),
    }),
  );
  return { status: res.status, cookie: sessionCookie(res), body: await res.json().catch(() => null) };
}

export async function signIn(auth: Auth, email: string, password = "correct-horse-battery", ip = "203.0.113.7") {
  const res = await auth.handler(
    new Request(`${TEST_APP_URL}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_APP_URL, "x-forwarded-for": ip },
      body: JSON.stringify({ email, password }),
    }),
  );
  return {
    status: res.status,
    cookie: sessionCookie(res),
    retryAfter: res.headers.get("retry-after"),
    body: (await res.json().catch(() => null)) as { message?: string } | null,
  };
}

function sessionCookie(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}
