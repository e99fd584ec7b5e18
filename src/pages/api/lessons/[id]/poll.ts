// GET /api/lessons/[id]/poll?token=…&validUntil=… — the lesson page's poll (every 1.5 s per open page; see
// answerLessonPoll). A Pages Router API route rather than tRPC or an App Router route handler: Node's req/res with no
// batch parsing, no context of limiters and no Web Request/Response adapters, so that one Next.js process can answer a
// thousand open pages (bench/live-pages.ts measures it against the floors of both routers: the App Router's alone costs
// about twice the Pages Router's per request).
import type { NextApiRequest, NextApiResponse } from "next";
import { answerLessonPoll } from "~/server/lessons/poll-route";

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== "GET") {
    res.setHeader("Allow", "GET");
    res.status(405).json({ error: { message: "The lesson poll is read with GET." } });
    return;
  }
  const reply = await answerLessonPoll(req.headers.cookie, {
    lessonId: one(req.query.id),
    token: one(req.query.token),
    validUntil: one(req.query.validUntil),
  });
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Type", "application/json");
  if (reply.setCookie.length > 0) res.setHeader("Set-Cookie", reply.setCookie);
  res.status(reply.status).end(reply.body);
}
