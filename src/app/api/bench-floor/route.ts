// GET /api/bench-floor — a constant answer, for bench/live-pages.ts only: what an App Router route handler costs the
// Next.js process with no work at all (the floor the lesson poll is compared with). It answers 404 unless the
// benchmark's server was started with BENCH_FLOOR_ROUTE=1, so that a production build serves nothing here; read from
// process.env directly because it is no setting of the app (env() does not know it).
export const dynamic = "force-dynamic";

export function GET() {
  if (process.env.BENCH_FLOOR_ROUTE !== "1") return new Response(null, { status: 404 });
  return Response.json({ ok: true });
}
