// Reconciliation: N payments (default 10,000) against N PaymentIntents at the Stripe sandbox. One clean pass (nothing
// may be found; calls ≈ N/100), then 6 injected discrepancies and a second pass (exactly those found), against the
// baseline of walking the same list through the same gateway without any of our checks.
import { reconcile } from "../src/server/reconciliation";
import { browserCreatePaymentMethod } from "../src/sandbox/control-client";
import type { Services } from "../src/server/services";
import { createLessons, createUsers, pastLessonRows } from "./lib/seed-rows";
import { RECONCILE_INJECTED } from "./lib/specs";
import { type Stack, servicesFor } from "./lib/stack";

async function holds(services: Services, stripeUrl: string, paymentIds: string[]): Promise<string[]> {
  const { customerId } = await services.stripe.createCustomer({ email: "bench-reconcile@bench.test" });
  const pm = await browserCreatePaymentMethod(stripeUrl, "pk_test_bench", {
    number: "4242424242424242",
    expMonth: 12,
    expYear: 2035,
    cvc: "123",
  });
  await services.stripe.attachPaymentMethod({ paymentMethodId: pm.body.id!, customerId });
  const ids: string[] = [];
  for (let i = 0; i < paymentIds.length; i += 100) {
    ids.push(
      ...(await Promise.all(
        paymentIds.slice(i, i + 100).map(async (paymentId) => {
          const r = await services.stripe.authorize({
            amount: 450,
            currency: "usd",
            customerId,
            paymentMethodId: pm.body.id!,
            offSession: false,
            idempotencyKey: `bench-reconcile-${paymentId}`,
            metadata: { lessonId: "bench", paymentId },
          });
          if (r.outcome !== "authorized") throw new Error(`bench: authorization ${r.outcome}`);
          return r.paymentIntentId;
        }),
      )),
    );
  }
  return ids;
}

export async function reconcileBench(stack: Stack, n: number) {
  // The walk lists everything the sandbox holds: start from an empty one.
  await stack.sandboxes.stripe.control.reset();
  const fresh = await stack.freshDatabase();
  const seedServices = servicesFor(stack, fresh.db);
  const tutors = await createUsers(fresh.db, Math.ceil(n / 20), "TUTOR", "rec-tutor");
  const [student] = await createUsers(fresh.db, 1, "STUDENT", "rec-student");
  const lessonIds = await createLessons(
    fresh.db,
    pastLessonRows({
      now: new Date(),
      studentId: student!,
      tutorIds: tutors,
      perTutor: 20,
      status: "SCHEDULED",
      paymentIntentIds: Array(n).fill(null),
    }),
  );
  const payments = await fresh.db.payment.findMany({ where: { lessonId: { in: lessonIds } }, select: { id: true } });
  const intents = await holds(
    seedServices,
    stack.sandboxes.stripe.url,
    payments.map((p) => p.id),
  );
  await fresh.db.$executeRaw`
    UPDATE "Payment" p SET "providerPaymentIntentId" = u.pi FROM unnest(${payments.map((p) => p.id)}::text[], ${intents}::text[]) AS u(id, pi)
    WHERE p.id = u.id`;

  // Each pass starts a second after the previous one: a pass tells what it saw by its start.
  const at = Date.now() + 1_000;
  const clean = servicesFor(stack, fresh.db, { now: new Date(at) });
  let t = performance.now();
  const first = await reconcile(clean, { force: true });
  const seconds = (performance.now() - t) / 1000;
  if (first.state !== "finished") throw new Error(`bench: the clean pass did not finish (${first.state})`);

  // Inject: 3 holds nobody here asked for, 3 PaymentIntents the provider no longer has.
  await holds(seedServices, stack.sandboxes.stripe.url, ["stray-1", "stray-2", "stray-3"]);
  for (const pi of intents.slice(0, 3)) await stack.sandboxes.stripe.control.deleteObject("payment_intents", pi);
  const injected = servicesFor(stack, fresh.db, { now: new Date(at + 1_000) });
  t = performance.now();
  const second = await reconcile(injected, { force: true });
  const injectedSeconds = (performance.now() - t) / 1000;
  if (second.state !== "finished") throw new Error(`bench: the second pass did not finish (${second.state})`);
  const found = await fresh.db.discrepancy.count({ where: { resolvedAt: null } });

  // Baseline: the same list walk, same gateway and limiter, nothing compared or written.
  t = performance.now();
  let cursor: string | null = null;
  let baselineCalls = 0;
  for (;;) {
    const page = await clean.stripe.listPaymentIntents({ startingAfter: cursor });
    baselineCalls += 1;
    cursor = page.lastId;
    if (!page.hasMore) break;
  }
  const baselineSeconds = (performance.now() - t) / 1000;
  await fresh.drop();
  if (found !== RECONCILE_INJECTED) console.warn(`bench: expected ${RECONCILE_INJECTED} discrepancies, found ${found}`);
  return {
    seconds,
    injectedSeconds,
    baselineSeconds,
    ratio: baselineSeconds / seconds,
    providerCalls: first.providerCalls,
    baselineCalls,
    clean: first.opened,
    found,
  };
}
