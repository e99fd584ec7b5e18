import "server-only";
import { timingSafeEqual } from "node:crypto";
import { env } from "~/env";
import { appServices, type Services } from "~/server/services";
import type { JobBudget } from "~/server/jobs/run-each";
import { recordCronRun } from "~/server/jobs/cron-runs";

// One wrapper for every Vercel Cron route: Bearer CRON_SECRET or 401, a time budget well
// inside the function limit (work stops being claimed after it; the next tick resumes),
// one structured log line with timing, and JSON counts of what was done.

/** Stop claiming new work after this long; Vercel's limit for these functions is 60 s. */
export const CRON_BUDGET_MS = 40_000;

export function isAuthorizedCron(req: Request, secret: string): boolean {
  const header = req.headers.get("authorization") ?? "";
  const expected = Buffer.from(`Bearer ${secret}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function withCron(name: string, job: (services: Services, budget: JobBudget) => Promise<unknown>) {
  return async function GET(req: Request): Promise<Response> {
    if (!isAuthorizedCron(req, env().CRON_SECRET)) {
      return Response.json({ error: "Unauthorized: send Authorization: Bearer $CRON_SECRET" }, { status: 401 });
    }
    const started = performance.now();
    let services: Services | undefined;
    try {
      services = await appServices();
      const result = await job(services, { stopAt: started + CRON_BUDGET_MS });
      const ms = Math.round(performance.now() - started);
      await recordRun(services, name, true);
      console.log(JSON.stringify({ cron: name, ok: true, ms, result }));
      return Response.json({ ok: true, job: name, ms, ...(result as object) });
    } catch (err) {
      if (services) await recordRun(services, name, false);
      const ms = Math.round(performance.now() - started);
      console.error(JSON.stringify({ cron: name, ok: false, ms, error: err instanceof Error ? err.message : String(err) }));
      return Response.json({ ok: false, job: name, ms, error: "The job failed; it will run again on the next tick." }, { status: 500 });
    }
  };
}

/** Best effort: a run that did its work is not failed because its bookkeeping could not be written. */
async function recordRun(services: Services, name: string, ok: boolean) {
  await recordCronRun(services.db, name, services.now(), ok).catch((e: Error) =>
    console.error(JSON.stringify({ cron: name, recordRun: "failed", error: e.message })),
  );
}
