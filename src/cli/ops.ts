// npm run ops -- <command>: the original system's manual scripts, done right — every
// command goes through the same services (and the same lifecycle commands) as the app.
//
//   inspect <lessonId>                    lesson, payment as we see it and as Stripe sees it, operations, timeline
//   capture <lessonId> --reason "…"       the admin "Capture now" (one capture, however often it is run)
//   finalize                              one finalize tick (due lessons, scheduled authorizations, operations)
//   sweep                                 the windowless orphan sweep, then the operations it created
//   payouts                               one payout run (follow, create, send)
//   check-ledger                          the money invariants; exits 1 on any violation
//   reconcile [--since <date>]            a full-book pass against Stripe and PayPal (resumes an unfinished one;
//                                         --since starts a new one over objects created since then); exits 1 when
//                                         discrepancies are open
//   clock show | clock advance <30m|73h|2d>   move the app's and the sandboxes' clocks (embedded/dev only)
import { adminLessonDetail } from "~/server/admin/lesson-detail";
import { adminPaymentAction } from "~/server/admin/payment-actions";
import { isAppError } from "~/server/errors";
import { finalizeTick, sweepTick } from "~/server/jobs/cron-ticks";
import { reconcile } from "~/server/reconciliation";
import { checkLedger } from "~/server/ledger/check-invariants";
import { runPayouts } from "~/server/payouts/run-payouts";
import { readClockOffsetMs, setClockOffsetMs } from "~/server/time-travel";
import { SandboxControlClient } from "~/sandbox/control-client";
import { renderMessage } from "~/shared/message-tokens";
import { cliServices, parseDuration } from "./cli-services";

const USAGE = `usage: npm run ops -- <inspect <lessonId> | capture <lessonId> --reason "…" | finalize | sweep | payouts | check-ledger | reconcile [--since <date>] | clock show | clock advance <duration>>`;

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (!command) throw new Error(USAGE);
  const { services, runtime, close } = await cliServices();
  const operator = { type: "OPS" as const, id: process.env.USER ?? "ops-cli" };
  try {
    switch (command) {
      case "inspect": {
        const lessonId = args[0];
        if (!lessonId) throw new Error("inspect needs a lesson id");
        const d = await adminLessonDetail(services, lessonId);
        const provider = d.payment?.providerPaymentIntentId
          ? await services.stripe.retrievePaymentIntent(d.payment.providerPaymentIntentId).catch((e: Error) => ({ error: e.message }))
          : null;
        print({
          lesson: { ...d.lesson, payment: undefined },
          payment: d.payment && { ...d.payment, operations: undefined },
          provider,
          operations: d.operations,
          alerts: d.alerts,
          timeline: d.timeline.map(
            (t) =>
              `${t.at.toISOString()}  ${t.actor.padEnd(28)} ${t.action}${t.from || t.to ? ` ${t.from ?? "∅"} → ${t.to ?? "∅"}` : ""}${t.reason ? `  (${renderMessage(t.reason)})` : ""}`,
          ),
        });
        break;
      }
      case "capture": {
        const lessonId = args[0];
        const reason = flag(args, "reason");
        if (!lessonId || !reason) throw new Error('capture needs a lesson id and --reason "why"');
        print(await adminPaymentAction(services, operator, lessonId, { type: "ADMIN_CAPTURE", reason }));
        break;
      }
      case "finalize":
        print(await finalizeTick(services, {}));
        break;
      case "sweep":
        print(await sweepTick(services, {}));
        break;
      case "payouts":
        print(await runPayouts(services, {}));
        break;
      case "check-ledger": {
        const stripeCounters = runtime?.stripeSandboxUrl
          ? await new SandboxControlClient<{ captures: Record<string, number>; transfersByGroup: Record<string, number> }>(
              runtime.stripeSandboxUrl,
            )
              .counters()
              .catch(() => null)
          : null;
        const paypalCounters = runtime?.paypalSandboxUrl
          ? await new SandboxControlClient<{ batchesBySenderBatchId: Record<string, number> }>(runtime.paypalSandboxUrl)
              .counters()
              .catch(() => null)
          : null;
        const violations = await checkLedger(services.db, {
          captures: stripeCounters?.captures,
          transfersByGroup: stripeCounters?.transfersByGroup,
          batchesBySenderBatchId: paypalCounters?.batchesBySenderBatchId,
        });
        if (violations.length === 0)
          console.log(`Ledger OK: every invariant holds${stripeCounters ? " (provider counters checked too)" : ""}.`);
        else {
          print(violations);
          process.exitCode = 1;
        }
        break;
      }
      case "reconcile": {
        const sinceArg = flag(args, "since");
        const since = sinceArg === undefined ? undefined : new Date(sinceArg);
        if (since && Number.isNaN(since.getTime())) throw new Error(`--since must be a date such as 2026-06-01 (got "${sinceArg}")`);
        print(await reconcile(services, { since, force: true }));
        const open = await services.db.discrepancy.findMany({ where: { resolvedAt: null }, orderBy: { firstSeenAt: "asc" } });
        if (open.length === 0) console.log("Reconciliation: our books and the providers' agree.");
        else {
          print(
            open.map((d) => ({
              kind: d.kind,
              subject: `${d.subjectType} ${d.subjectId}`,
              lessonId: d.lessonId,
              message: d.message,
              since: d.firstSeenAt,
            })),
          );
          process.exitCode = 1;
        }
        break;
      }
      case "clock": {
        const current = await readClockOffsetMs(services.db, true);
        if (args[0] === "advance") {
          const ms = parseDuration(args[1] ?? "");
          await setClockOffsetMs(services.db, current + ms);
          for (const url of [runtime?.stripeSandboxUrl, runtime?.paypalSandboxUrl]) {
            if (url) await new SandboxControlClient(url).advanceClock(ms).catch(() => {});
          }
          console.log(`App clock moved ${args[1]} ahead (total offset ${(current + ms) / 3_600_000} h); sandbox clocks moved too.`);
          console.log("Run `npm run ops -- finalize` (or wait for the ticker) to let the cron jobs see the new time.");
        } else {
          console.log(`App time: ${services.now().toISOString()} (offset ${current / 3_600_000} h)`);
        }
        break;
      }
      default:
        throw new Error(USAGE);
    }
  } finally {
    await close();
  }
}

/** JSON for a terminal: messages' instants and amounts rendered in UTC (see ~/shared/message-tokens). */
function print(value: unknown) {
  console.log(
    JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : typeof v === "string" ? renderMessage(v) : v), 2),
  );
}

main().catch((err) => {
  console.error(isAppError(err) ? `${err.code}: ${renderMessage(err.message)}` : err instanceof Error ? renderMessage(err.message) : err);
  process.exit(1);
});
