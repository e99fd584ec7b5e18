import "server-only";
// GET /api/lessons/[id]/poll?token=…&validUntil=… — the lesson page's poll as a plain route (see
// src/app/api/lessons/[id]/poll/route.ts for why not tRPC): the session from its signed cookie copy, then pollLesson's one
// indexed read. What it answers, framework-free, so that the route only copies it onto its Response.
import superjson from "superjson";
import { z } from "zod";
import { getSessionUserFromCookie } from "~/server/auth";
import { isAppError } from "~/server/errors";
import { appServices } from "~/server/services";
import { pollLesson } from "./lesson-poll";

export interface PollReply {
  status: 200 | 400 | 401 | 404;
  /** JSON: superjson's serialization of the PollAnswer (as tRPC sends it), or `{ error: { message } }` */
  body: string;
  /** the renewed session copy when the old one was stale (see getSessionUserFromCookie) */
  setCookie: string[];
}

const ZPollQuery = z.object({
  lessonId: z.string().uuid("lessonId: must be a lesson id"),
  token: z.string().max(64, "token: the view's token"),
  /** ms since the epoch, or empty for none */
  validUntil: z
    .string()
    .regex(/^\d{0,15}$/, "validUntil: the view's validUntil in milliseconds, or empty")
    .transform((s) => (s === "" ? null : new Date(Number(s)))),
});

const failure = (status: PollReply["status"], message: string, setCookie: string[] = []): PollReply => ({
  status,
  body: JSON.stringify({ error: { message } }),
  setCookie,
});

export async function answerLessonPoll(
  cookieHeader: string | undefined,
  params: { lessonId: unknown; token: unknown; validUntil: unknown },
): Promise<PollReply> {
  const session = await getSessionUserFromCookie(cookieHeader);
  if (!session) return failure(401, "Your session has ended: sign in again to follow this lesson.");
  const input = ZPollQuery.safeParse({ ...params, validUntil: params.validUntil ?? "" });
  if (!input.success) return failure(400, input.error.issues[0]!.message, session.setCookie);
  // the clock offset (time travel) may be a second old, as for lesson.poll (see appServices)
  const services = await appServices({ clock: "recent" });
  try {
    const answer = await pollLesson(services, session.user, input.data);
    return { status: 200, body: superjson.stringify(answer), setCookie: session.setCookie };
  } catch (err) {
    if (isAppError(err) && err.code === "NOT_FOUND") return failure(404, err.message, session.setCookie);
    throw err;
  }
}
