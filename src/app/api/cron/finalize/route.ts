import { withCron } from "~/server/http/with-cron";
import { finalizeTick } from "~/server/jobs/cron-ticks";

export const dynamic = "force-dynamic";
export const maxDuration = 60;
export const GET = withCron("finalize", finalizeTick);
