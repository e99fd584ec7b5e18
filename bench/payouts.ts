// Payout run over N tutors (default 5,000) with available balances: payouts created per
// second, with two runs racing each other and a tutor request thrown in; duplicates
// (tutors with two live payouts, or a batch sent twice at PayPal) must print 0.
// Baseline in the same run: inserting the same payouts with one set-based INSERT.
import { randomUUID } from "node:crypto";
import { createPayoutForTutor } from "../src/server/payouts/create-payout";
import { runPayouts } from "../src/server/payouts/run-payouts";
import { createUsers } from "./lib/seed-rows";
import { type Stack, servicesFor } from "./lib/stack";

async function seed(stack: Stack, n: number, now: Date) {
  const fresh = await stack.freshDatabase();
  const tutors = await createUsers(fresh.db, n, "TUTOR", "pay-tutor");
  for (let i = 0; i < tutors.length; i += 1000) {
    const chunk = tutors.slice(i, i + 1000);
    await fresh.db.payoutAccount.createMany({
      data: chunk.map((tutorId) => ({ tutorId, method: "PAYPAL" as const, paypalEmail: `${tutorId.slice(0, 8)}@paid.test` })),
    });
    await fresh.db.ledgerEntry.createMany({
      data: chunk.map((tutorId) => ({
        id: randomUUID(),
        tutorId,
        kind: "PAYOUT_RETURN" as const,
        amount: 2000,
        currency: "USD",
        sourceId: `bench-credit-${tutorId}`,
        availableAt: new Date(now.getTime() - 1000),
        createdAt: now,
      })),
    });
  }
  return { ...fresh, tutors };
}

export async function payoutsBench(stack: Stack, n: number) {
  const now = new Date("2026-11-26T12:00:00Z");
  const a = await seed(stack, n, now);
  const services = servicesFor(stack, a.db, { now });
  const t = performance.now();
  await Promise.all([
    runPayouts(services, { concurrency: 8 }),
    runPayouts(services, { concurrency: 8 }),
    createPayoutForTutor(services, a.tutors[0]!, a.tutors[0]!),
  ]);
  const seconds = (performance.now() - t) / 1000;
  const created = await a.db.payout.count();
  const dupTutors = await a.db.$queryRaw<
    { n: number }[]
  >`SELECT COUNT(*)::int AS n FROM (SELECT "tutorId" FROM "Payout" GROUP BY "tutorId" HAVING COUNT(*) > 1) x`;
  const counters = await stack.sandboxes.paypal.control.counters();
  const ids = (await a.db.payout.findMany({ select: { id: true } })).map((p) => p.id);
  const sentTwice = ids.filter((id) => (counters.batchesBySenderBatchId[id] ?? 0) > 1).length;
  await a.drop();

  const b = await seed(stack, n, now);
  const t2 = performance.now();
  await b.db.$executeRaw`
    INSERT INTO "Payout" (id, "tutorId", method, amount, currency, status, destination, "nextAttemptAt", "requestedBy", "createdAt", "updatedAt")
    SELECT gen_random_uuid()::text, a."tutorId", a.method, 2000, 'USD', 'QUEUED', a."paypalEmail", ${now}, 'bench', ${now}, ${now} FROM "PayoutAccount" a`;
  const floorSeconds = (performance.now() - t2) / 1000;
  await b.drop();
  return {
    tutors: n,
    payoutsCreated: created,
    seconds,
    payoutsPerSecond: created / seconds,
    duplicateTutors: dupTutors[0]!.n,
    batchesSentTwice: sentTwice,
    floorPerSecond: n / floorSeconds,
    ratio: floorSeconds / seconds,
  };
}
