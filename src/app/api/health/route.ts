import { env } from "~/env";
import { db } from "~/server/db/client";
import { checkHealth } from "~/server/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth(db(), env());
  return Response.json(report, { status: report.ok ? 200 : 503 });
}
