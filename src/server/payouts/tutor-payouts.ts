import "server-only";
import { clawbackLines, clawbackTotals } from "~/server/ledger/clawback-state";
import { earningLines, tutorBalances } from "~/server/ledger/balances";
import { atInstant, type Services } from "~/server/services";
import { createPayoutForTutor } from "./create-payout";

export async function earningsSummary(services: Services, tutorId: string) {
  const now = services.now();
  const at = atInstant(services, now);
  const [balances, lines, clawbacks] = await Promise.all([
    tutorBalances(at, tutorId),
    earningLines(at, tutorId),
    clawbackLines(services.db, { tutorId }),
  ]);
  return { balances, lines, clawbacks: { lines: clawbacks, ...clawbackTotals(clawbacks) }, serverNow: now };
}

export async function listPayouts(services: Services, tutorId: string) {
  return services.db.payout.findMany({
    where: { tutorId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: {
      id: true,
      method: true,
      amount: true,
      currency: true,
      status: true,
      providerStatus: true,
      lastError: true,
      createdAt: true,
      sentAt: true,
      settledAt: true,
    },
  });
}

/** A tutor asks for their available balance now: the same path and guards as the hourly run. */
export async function requestPayout(services: Services, tutorId: string) {
  return createPayoutForTutor(services, tutorId, tutorId);
}
