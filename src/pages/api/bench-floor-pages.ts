// GET /api/bench-floor-pages — a constant answer from a Pages Router API route (Node's req/res), for
// bench/live-pages.ts only: the floor of that path, beside /api/bench-floor's App Router one. It answers 404 unless the
// benchmark's server was started with BENCH_FLOOR_ROUTE=1, so that a production build serves nothing here; read from
// process.env directly because it is no setting of the app (env() does not know it).
import type { NextApiRequest, NextApiResponse } from "next";

export default function handler(_req: NextApiRequest, res: NextApiResponse) {
  if (process.env.BENCH_FLOOR_ROUTE !== "1") {
    res.status(404).end();
    return;
  }
  res.setHeader("Content-Type", "application/json");
  res.end('{"ok":true}');
}
