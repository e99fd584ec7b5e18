import "server-only";
import { redirect } from "next/navigation";
import type { SessionUser } from "~/server/auth";
import { requireUser } from "~/server/auth/require-user";

/** Lessons pages are for the two participants' roles; admins have their own pages. */
export async function requireParticipant(next: string): Promise<SessionUser & { role: "STUDENT" | "TUTOR" }> {
  const user = await requireUser({ next });
  if (user.role !== "STUDENT" && user.role !== "TUTOR") redirect(`/?denied=${encodeURIComponent(next)}`);
  return user as SessionUser & { role: "STUDENT" | "TUTOR" };
}
