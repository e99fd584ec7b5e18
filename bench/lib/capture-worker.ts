// One worker process for the shared-limit benchmark: the app's operation worker with the app's Stripe limiter (one
// budget in the database), as one Vercel instance runs it. Prints "ready" once connected, starts on "go" from its
// parent, prints one JSON line with what it did, and exits.
import { createInterface } from "node:readline";
import { fixedClock } from "../../src/server/clock";
import { runDueOperations } from "../../src/server/payments/operation-worker";
import { DEFAULT_PROVIDER_RATE_PER_SECOND } from "../../src/server/payments/rate-limiter";
import { createDb } from "../../src/server/db/client";
import { createSharedProviderLimiter } from "../../src/server/payments/shared-rate-limiter";
import { createServices } from "../../src/server/services";

const [databaseUrl, stripeUrl, now, name, mode] = process.argv.slice(2) as [string, string, string, string, string | undefined];
// "unlimited": no shared budget (a per-process limiter far above the provider's limit), to measure what the machine
// itself allows three workers — the bound the shared budget's figure is read against.
// The app's limiter, made here rather than by createServices so that its slots given up can be reported.
const db = createDb(databaseUrl, { max: 10 });
const shared =
  mode === "unlimited" ? null : createSharedProviderLimiter(db, { key: "stripe", perSecond: DEFAULT_PROVIDER_RATE_PER_SECOND });
const limiter = shared ?? { perSecond: 5_000, maxConcurrent: 200 };
const services = createServices({
  db,
  now: fixedClock(now).now,
  stripe: { sandboxUrl: stripeUrl, timeoutMs: 30_000, limiter },
  paypal: null,
});
await services.db.$queryRaw`SELECT 1`;
// the sender thread running and the clock offset known before "go" (in the app, the first request waits for the thread)
await shared?.ready();
process.stdout.write("ready\n");
const lines = createInterface({ input: process.stdin });
for await (const line of lines) if (line.trim() === "go") break;
// the CPU this worker spends from "go" to done (its share of the machine per capture)
const cpuAtGo = process.cpuUsage();
const total = { claimed: 0, succeeded: 0, cpuMs: 0, lostSlots: 0 };
for (;;) {
  const r = await runDueOperations(services, { batchSize: 100, workerId: name });
  total.claimed += r.claimed;
  total.succeeded += r.succeeded;
  if (r.claimed === 0) break;
}
const cpu = process.cpuUsage(cpuAtGo);
total.cpuMs = (cpu.user + cpu.system) / 1000;
total.lostSlots = shared?.stats().lostSlots ?? 0;
process.stdout.write(`${JSON.stringify(total)}\n`);
await services.db.$disconnect();
process.exit(0);
