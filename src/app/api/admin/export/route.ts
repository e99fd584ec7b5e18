// GET /api/admin/export?from=YYYY-MM-DD&to=YYYY-MM-DD[&q=&status=&paymentStatus=]
// Lessons and payments as CSV, streamed, for the same filter as the admin lessons list.
// ADMIN session only (401 signed out, 403 anyone else); the export itself is audited.
import { randomUUID } from "node:crypto";
import { ZLessonExportInputSchema } from "~/server/api/routers/common.schema";
import { exportFilename, lessonCsv } from "~/server/admin/export";
import { rangeInstants } from "~/server/admin/lists";
import { getSessionUser } from "~/server/auth";
import { isAppError } from "~/server/errors";
import { appServices } from "~/server/services";

export const dynamic = "force-dynamic";
export const maxDuration = 60;

export async function GET(req: Request) {
  const user = await getSessionUser(req.headers);
  if (!user) return Response.json({ error: "Please sign in as an admin to export." }, { status: 401 });
  if (user.role !== "ADMIN") return Response.json({ error: "Only admins can export lessons and payments." }, { status: 403 });

  const url = new URL(req.url);
  const raw = Object.fromEntries([...url.searchParams.entries()].filter(([, v]) => v !== ""));
  const parsed = ZLessonExportInputSchema.safeParse(raw);
  if (!parsed.success) {
    return Response.json(
      { error: parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ") },
      { status: 400 },
    );
  }
  const services = await appServices();
  const timeZone = (await services.db.user.findUnique({ where: { id: user.id }, select: { timeZone: true } }))?.timeZone ?? user.timeZone;
  const filter = { ...parsed.data, timeZone };
  try {
    rangeInstants(filter); // a bad range is a 400 before any byte is sent
  } catch (err) {
    if (isAppError(err)) return Response.json({ error: err.message }, { status: 400 });
    throw err;
  }
  await services.db.auditEvent.create({
    data: {
      id: randomUUID(),
      at: services.now(),
      actorType: "ADMIN",
      actorId: user.id,
      action: "admin.exported_lessons",
      subjectType: "SYSTEM",
      subjectId: "lessons",
      reason: null,
      metadata: { ...parsed.data, timeZone },
    },
  });

  const rows = lessonCsv(services.db, filter);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await rows.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (err) {
        controller.error(err);
      }
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFilename(filter)}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
