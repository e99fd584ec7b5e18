// GET /api/lessons/[id]/poll?token=…&validUntil=… — the lesson page's poll (every 1.5 s per open page; see
// answerLessonPoll). A plain route handler rather than tRPC: no batch parsing, no context of limiters, no superjson
// input, so that one Next.js process can answer a thousand open pages (bench/live-pages.ts measures it against the
// floors). Not under src/pages (Node's req/res, cheaper still): there, Turbopack loads `server-only` as an external
// module without the react-server condition, and every service module imports it.
import { answerLessonPoll } from "~/server/lessons/poll-route";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const q = new URL(req.url).searchParams;
  const reply = await answerLessonPoll(req.headers.get("cookie") ?? undefined, {
    lessonId: (await params).id,
    token: q.get("token") ?? undefined,
    validUntil: q.get("validUntil") ?? undefined,
  });
  const headers = new Headers({ "Cache-Control": "no-store", "Content-Type": "application/json" });
  for (const c of reply.setCookie) headers.append("Set-Cookie", c);
  return new Response(reply.body, { status: reply.status, headers });
}
