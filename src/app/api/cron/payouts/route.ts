import { withCron } from "~/server/http/with-cron";
import { runPayouts } from "~/server/payouts/run-payouts";

export const dynamic = "force-dynamic";
export const maxDuration = 60;
export const GET = withCron("payouts", runPayouts);
