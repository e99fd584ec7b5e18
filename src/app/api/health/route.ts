// GET /api/health — the verdict for anyone (uptime monitors); the details (database error, migrations, each cron job's
// last run, integration modes) for an admin session or `Authorization: Bearer $CRON_SECRET`.
import { env } from "~/env";
import { getSessionUser } from "~/server/auth";
import { checkHealth, publicHealth } from "~/server/health";
import { isAuthorizedCron } from "~/server/http/with-cron";
import { appServices } from "~/server/services";

export const dynamic = "force-dynamic";

export async function GET(req: Request) {
  const services = await appServices().catch(() => null);
  if (!services) return Response.json({ ok: false, status: "down" }, { status: 503, headers: { "Cache-Control": "no-store" } });
  const report = await checkHealth(services.db, env(), services.now());
  const detailed = isAuthorizedCron(req, env().CRON_SECRET) || (await getSessionUser(req.headers).catch(() => null))?.role === "ADMIN";
  return Response.json(detailed ? report : publicHealth(report), {
    status: report.status === "down" ? 503 : 200,
    headers: { "Cache-Control": "no-store" },
  });
}
