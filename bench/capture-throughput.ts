// Capture throughput through the outbox worker, with the Stripe sandbox answering each
// capture after 200 ms and refusing more than 100 requests/s (429): captures per second
// and 429s seen (target: ≥ 90/s, zero 429s). Baseline in the same run: the same captures
// sent straight through the SDK and the same limiter, with no database at all. The app's
// own limiter settings (DEFAULT_PROVIDER_RATE_PER_SECOND), not a bench-only tuning.
import { applyCommand } from "../src/server/lifecycle/apply-command";
import { runDueOperations } from "../src/server/payments/operation-worker";
import { DEFAULT_PROVIDER_RATE_PER_SECOND } from "../src/server/payments/rate-limiter";
import { authorizeMany } from "./lib/authorize-many";
import { createLessons, createUsers } from "./lib/seed-rows";
import { type Stack, servicesFor } from "./lib/stack";

export async function captureThroughput(stack: Stack, n: number) {
  const control = stack.sandboxes.stripe.control;
  const now = new Date("2026-11-26T12:00:00Z");
  const fresh = await stack.freshDatabase();
  const services = servicesFor(stack, fresh.db, { now, perSecond: DEFAULT_PROVIDER_RATE_PER_SECOND });
  const [student] = await createUsers(fresh.db, 1, "STUDENT", "cap-student");
  const tutors = await createUsers(fresh.db, Math.ceil(n / 10), "TUTOR", "cap-tutor");
  const pis = await authorizeMany(servicesFor(stack, fresh.db, { now }), stack.sandboxes.stripe.url, 2 * n);
  const ids = await createLessons(
    fresh.db,
    pis.slice(0, n).map((pi, i) => ({
      studentId: student!,
      tutorId: tutors[Math.floor(i / 10)]!,
      start: new Date(now.getTime() - 3_600_000 - (i % 10) * 30 * 60_000),
      status: "IN_PROGRESS" as const,
      bothJoined: true,
      paymentIntentId: pi,
    })),
  );
  for (const id of ids) await applyCommand(services, id, { type: "FINALIZE" }, { type: "CRON", id: "bench" });

  await control.setRateLimit(100);
  await control.injectFault({ method: "POST", path: "/v1/payment_intents/*/capture", mode: "latency", latencyMs: 200, count: 3 * n });
  const before = await control.counters();
  let t = performance.now();
  for (;;) {
    const r = await runDueOperations(services, { batchSize: 100, workerId: "bench" });
    if (r.claimed === 0) break;
  }
  const pipelineSeconds = (performance.now() - t) / 1000;
  const mid = await control.counters();
  const captured = await fresh.db.payment.count({ where: { status: "CAPTURED" } });

  // baseline: the same number of captures, straight through the SDK + limiter
  t = performance.now();
  await Promise.all(
    pis
      .slice(n)
      .map((pi, i) => services.stripe.capture({ paymentIntentId: pi, amountToCapture: 450, idempotencyKey: `bench-raw-${i}-${pi}` })),
  );
  const rawSeconds = (performance.now() - t) / 1000;
  const after = await control.counters();
  await control.clearFaults();
  await control.setRateLimit(100_000);
  await fresh.drop();
  return {
    captured,
    capturesPerSecond: captured / pipelineSeconds,
    rateLimited429: mid.rateLimited - before.rateLimited,
    rawCapturesPerSecond: n / rawSeconds,
    raw429: after.rateLimited - mid.rateLimited,
    ratio: rawSeconds / pipelineSeconds,
  };
}
