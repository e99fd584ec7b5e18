import "server-only";
// A tutor's available balance goes negative when an earning is reversed after it was paid and cannot be pulled back
// (PayPal has no pull; a Stripe clawback that failed). It is netted from later earnings and never paid out while
// negative; when it stays negative longer than the policy allows, an admin is told (once, while it lasts).
import { raiseAlertOnce } from "~/server/alerts/raise-alert";
import { CLAWBACK_RECOVERING_STATES, PAYABLE_KINDS } from "~/server/ledger/balances";
import { sqlIn } from "~/server/db/status-sql";
import type { Services } from "~/server/services";
import { moneyToken } from "~/shared/message-tokens";
import type { SweepRun } from "./index";

export async function watchNegativeBalances(services: Services, { now }: SweepRun): Promise<number> {
  const since = new Date(now.getTime() - services.policy.negativeBalanceAlertAfterMs);
  // Uncovered, available payable entries per tutor; negative in sum, with the oldest reversal older than the limit.
  const rows = await services.db.$queryRaw<{ tutorId: string; currency: string; balance: number }[]>`
    SELECT e."tutorId", e.currency, SUM(e.amount)::int AS balance
    FROM "LedgerEntry" e
    WHERE e.kind ${sqlIn(PAYABLE_KINDS)}
      AND NOT EXISTS (SELECT 1 FROM "PayoutItem" i WHERE i."ledgerEntryId" = e.id)
      AND NOT EXISTS (SELECT 1 FROM "Clawback" c WHERE c."sourceEntryId" = e.id AND c.state ${sqlIn(CLAWBACK_RECOVERING_STATES)})
      AND (e."availableAt" IS NULL OR e."availableAt" <= ${now})
    GROUP BY e."tutorId", e.currency
    HAVING SUM(e.amount) < 0
      AND MIN(CASE WHEN e.kind = 'EARNING_REVERSAL' THEN e."createdAt" END) <= ${since}`;
  let raised = 0;
  for (const r of rows) {
    const created = await services.db.$transaction((tx) =>
      raiseAlertOnce(
        tx,
        {
          type: "NEGATIVE_BALANCE",
          severity: "WARNING",
          subjectType: "TUTOR",
          subjectId: r.tutorId,
          message:
            `A tutor's available balance has been negative (${moneyToken(r.balance, r.currency)}) for longer than the policy allows: ` +
            `an earning was reversed after it was paid and their new earnings have not covered it. Contact the tutor, or write it off.`,
        },
        now,
      ),
    );
    if (created === "created") raised += 1;
  }
  return raised;
}
