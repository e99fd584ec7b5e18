import "server-only";
import { db } from "~/server/db/client";
import { timeZoneOrUtc } from "~/server/users/user-fields";
import { type Auth, authOptionsFromEnv, createAuth } from "./auth";

const globalForAuth = globalThis as unknown as { __auth?: Auth };

/** The app's auth instance (lazy: the database URL is only known at run time). */
export function auth(): Auth {
  globalForAuth.__auth ??= createAuth(authOptionsFromEnv(db()));
  return globalForAuth.__auth;
}

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: "STUDENT" | "TUTOR" | "ADMIN";
  timeZone: string;
}

export async function getSessionUser(headers: Headers): Promise<SessionUser | null> {
  const session = await auth().api.getSession({ headers });
  if (!session) return null;
  const u = session.user as typeof session.user & { role?: string; timeZone?: string };
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: (u.role ?? "STUDENT") as SessionUser["role"],
    timeZone: timeZoneOrUtc(u.timeZone ?? "UTC"),
  };
}
