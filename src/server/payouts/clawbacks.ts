import "server-only";
// The clawback worker: an outbox like the payment operations. A Clawback row (opened with the EARNING_REVERSAL it
// recovers) is claimed with FOR UPDATE SKIP LOCKED, marked IN_FLIGHT and committed; the transfer reversal is asked
// for outside any transaction with the clawback's own idempotency key and `metadata.clawbackId` (so payout returns
// leave it out); the outcome is recorded after. An unknown outcome is reconciled before any retry by looking for
// the reversal carrying our clawback id on the transfer, so a lost answer can never reverse twice.
import { randomUUID } from "node:crypto";
import type { Clawback } from "~/generated/prisma/client";
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import { operationRetryDelayMs } from "~/server/lifecycle/policy";
import { isProviderError } from "~/server/providers/errors";
import type { TransferSnapshot } from "~/server/providers/stripe";
import type { Services } from "~/server/services";
import { moneyToken } from "~/shared/message-tokens";

const ANSWERED_5XX = "[answered 5xx]";

type Deps = Pick<Services, "db" | "now" | "policy" | "stripe">;

const ourReversal = (t: TransferSnapshot, clawbackId: string) => t.reversals.find((r) => r.metadata.clawbackId === clawbackId) ?? null;

export async function runDueClawbacks(deps: Deps, opts: { limit?: number } = {}) {
  const now = deps.now();
  // A clawback waits for its payout: paid → pull; the payout failed or came back in full → nothing to pull (the
  // reversal nets against the money that came back).
  await deps.db.$executeRaw`
    UPDATE "Clawback" c SET state = CASE WHEN p.status IN ('PAID', 'PARTIALLY_RETURNED') THEN 'PENDING'::"ClawbackState" ELSE 'CANCELLED'::"ClawbackState" END,
      "nextAttemptAt" = ${now}
    FROM "Payout" p WHERE p.id = c."payoutId" AND c.state = 'WAITING' AND p.status IN ('PAID', 'PARTIALLY_RETURNED', 'FAILED', 'RETURNED')`;
  const claimed = await deps.db.$queryRaw<(Clawback & { previousState: string; transferId: string | null })[]>`
    WITH due AS (
      SELECT id, state FROM "Clawback" WHERE state IN ('PENDING', 'UNKNOWN') AND "nextAttemptAt" <= ${now}
      ORDER BY "nextAttemptAt" LIMIT ${opts.limit ?? 50} FOR UPDATE SKIP LOCKED
    )
    UPDATE "Clawback" c SET state = 'IN_FLIGHT', attempts = c.attempts + 1, "claimedAt" = ${now}
    FROM due, "Payout" p WHERE c.id = due.id AND p.id = c."payoutId"
    RETURNING c.*, due.state::text AS "previousState", p."providerId" AS "transferId"`;
  const report = { claimed: claimed.length, succeeded: 0, retrying: 0, failed: 0 };
  for (const c of claimed) report[await performClawback(deps, c)] += 1;
  return report;
}

async function performClawback(deps: Deps, c: Clawback & { previousState: string; transferId: string | null }) {
  if (!c.transferId) return finish(deps, c, { failed: "the payout has no Stripe transfer to reverse" });
  try {
    if (c.previousState === "UNKNOWN" || c.attempts > 1) {
      const seen = ourReversal(await deps.stripe.retrieveTransfer(c.transferId), c.id);
      if (seen) return finish(deps, c, { reversalId: seen.reversalId });
    }
    // Stripe replays a stored 500 for its key forever. An answered 5xx is a finished request, and the look above just
    // showed it reversed nothing, so that retry goes out under a key of its own attempt; anything else (a timeout, a
    // reset: the first request may still land) keeps the key, so the provider acts at most once.
    const answered5xx = c.lastError?.endsWith(ANSWERED_5XX) ?? false;
    const t = await deps.stripe.reverseTransfer({
      transferId: c.transferId,
      amount: c.amount,
      idempotencyKey: answered5xx ? `${c.idempotencyKey}/attempt-${c.attempts}` : c.idempotencyKey,
      metadata: { clawbackId: c.id },
    });
    const mine = ourReversal(t, c.id);
    return mine
      ? finish(deps, c, { reversalId: mine.reversalId })
      : finish(deps, c, { unknown: "reversal not visible on the transfer yet" });
  } catch (err) {
    if (!isProviderError(err)) return finish(deps, c, { unknown: err instanceof Error ? err.message : String(err) });
    const f = err.failure;
    if (f.kind === "ambiguous") {
      const answered = f.statusCode !== null && f.statusCode >= 500 ? ` ${ANSWERED_5XX}` : "";
      return finish(deps, c, { unknown: `${f.code}: ${f.message}${answered}` });
    }
    if (f.kind === "rate_limited") return finish(deps, c, { retry: `${f.code}: ${f.message}` });
    // A definite refusal (the connected account cannot cover it, the transfer is already reversed): retried a few
    // times, then left to netting with an alert.
    return c.attempts >= deps.policy.operationRetry.alertAfterAttempts
      ? finish(deps, c, { failed: `${f.code}: ${f.message}` })
      : finish(deps, c, { retry: `${f.code}: ${f.message}` });
  }
}

type Outcome = { reversalId: string } | { unknown: string } | { retry: string } | { failed: string };

async function finish(deps: Deps, c: Clawback, o: Outcome): Promise<"succeeded" | "retrying" | "failed"> {
  const now = deps.now();
  return deps.db.$transaction(async (tx) => {
    const { count } = await tx.clawback.updateMany({
      where: { id: c.id, state: "IN_FLIGHT", attempts: c.attempts },
      data:
        "reversalId" in o
          ? { state: "SUCCEEDED", providerReversalId: o.reversalId, completedAt: now, lastError: null }
          : "failed" in o
            ? { state: "FAILED", lastError: o.failed, completedAt: now }
            : {
                state: "unknown" in o ? "UNKNOWN" : "PENDING",
                lastError: "unknown" in o ? o.unknown : o.retry,
                nextAttemptAt: new Date(now.getTime() + operationRetryDelayMs(c.attempts, deps.policy)),
              },
    });
    if (count === 0) return "retrying"; // another worker's claim finished it
    if ("reversalId" in o) {
      // The tutor gave the reversed share back: recorded (not payable), so their books show the debt settled.
      await tx.ledgerEntry.createMany({
        data: [
          {
            id: randomUUID(),
            tutorId: c.tutorId,
            kind: "CLAWBACK",
            amount: c.amount,
            currency: c.currency,
            sourceId: c.id,
            lessonId: c.lessonId,
            paymentId: c.paymentId,
            payoutId: c.payoutId,
            createdAt: now,
          },
        ],
        skipDuplicates: true,
      });
      return "succeeded";
    }
    if ("failed" in o) {
      await raiseAlertOnce(
        tx,
        {
          type: "CLAWBACK_FAILED",
          severity: "WARNING",
          subjectType: "PAYOUT",
          subjectId: c.payoutId,
          lessonId: c.lessonId,
          message: `Could not reverse ${moneyToken(c.amount, c.currency)} of the tutor's transfer (${o.failed}); it will be netted from their next payouts instead.`,
        },
        now,
      );
      return "failed";
    }
    return "retrying";
  });
}
