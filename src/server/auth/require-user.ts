import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getSessionUser, type SessionUser } from "./index";

/** For server components: the signed-in user, or a redirect to sign-in (or home for the wrong role). */
export async function requireUser(opts: { role?: SessionUser["role"]; next?: string } = {}): Promise<SessionUser> {
  const user = await getSessionUser(new Headers(await headers()));
  if (!user) redirect(`/sign-in${opts.next ? `?next=${encodeURIComponent(opts.next)}` : ""}`);
  if (opts.role && user.role !== opts.role) redirect(`/?denied=${encodeURIComponent(opts.next ?? "")}`);
  return user;
}
