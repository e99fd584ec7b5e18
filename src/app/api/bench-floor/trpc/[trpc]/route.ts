// /api/bench-floor/trpc/* — for bench/http.ts only: the same stack as /api/trpc (Next's route handler, tRPC's fetch
// adapter, superjson, a zod input, the app's Prisma client and pool) with our code removed: no session, no request
// limits, no lifecycle, no view — only a given number of SQL statements, primary-key reads of one lesson and one
// interactive transaction of `SELECT … FOR UPDATE`s. What a procedure that sent only those statements could cost at
// least: the floor the HTTP benchmark's targets are compared with. It answers 404 unless the benchmark's server was
// started with BENCH_FLOOR_ROUTE=1, so that a production build serves nothing here; read from process.env directly
// because it is no setting of the app (env() does not know it). It writes nothing.
import { initTRPC } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { z } from "zod";
import { appServices } from "~/server/services";

export const dynamic = "force-dynamic";

const t = initTRPC.create({ transformer: superjson });
const statements = z.object({
  lessonId: z.string().min(1),
  /** primary-key reads (findUnique), one after another, outside any transaction */
  reads: z.number().int().min(0).max(20),
  /** statements in one interactive transaction (BEGIN and COMMIT come on top) */
  inTransaction: z.number().int().min(0).max(20),
});

async function send({ lessonId, reads, inTransaction }: z.infer<typeof statements>) {
  const { db } = await appServices();
  for (let i = 0; i < reads; i++) await db.lesson.findUnique({ where: { id: lessonId } });
  if (inTransaction > 0) {
    await db.$transaction(async (tx) => {
      for (let i = 0; i < inTransaction; i++) await tx.$queryRaw`SELECT id FROM "Lesson" WHERE id = ${lessonId} FOR UPDATE`;
    });
  }
  return { ok: true };
}

const floorRouter = t.router({
  read: t.procedure.input(statements).query(({ input }) => send(input)),
  write: t.procedure.input(statements).mutation(({ input }) => send(input)),
});

function handler(req: Request) {
  if (process.env.BENCH_FLOOR_ROUTE !== "1") return new Response(null, { status: 404 });
  return fetchRequestHandler({ endpoint: "/api/bench-floor/trpc", req, router: floorRouter });
}

export { handler as GET, handler as POST };
