import { withCron } from "~/server/http/with-cron";
import { reconcileTick } from "~/server/jobs/cron-ticks";

export const dynamic = "force-dynamic";
export const maxDuration = 60;
export const GET = withCron("reconcile", reconcileTick);
