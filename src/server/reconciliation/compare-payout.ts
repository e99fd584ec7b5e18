import "server-only";
// A payout against its provider object (a Stripe transfer with its reversals, a PayPal item), transfers that are no
// payout's, and disputes against our Dispute rows. Pure. Payout states are read through the one mapping
// (statusFromPayPalItem); a payout the sender is still working on (QUEUED, SENDING, UNKNOWN) is not compared.
import type { ListedDispute, TransferSnapshot } from "~/server/providers/stripe";
import type { PayoutItemSnapshot } from "~/server/providers/paypal";
import { statusFromPayPalItem } from "~/server/providers/mapping";
import { moneyToken } from "~/shared/message-tokens";
import { CLAIMABLE_PAYOUT_STATUSES, isOneOf } from "~/shared/statuses";
import { DISPUTE_CHECKS, type Finding, OBJECT_CHECKS, PAYOUT_CHECKS, type SubjectCheck } from "./findings";

export interface PayoutRow {
  id: string;
  method: string;
  status: string;
  amount: number;
  currency: string;
  providerId: string | null;
  amountReturned: number;
  /** transfer reversals the platform made itself to claw money back (succeeded) */
  clawedBack: number;
}

/** The sender still owns it: its outcome is being established. */
const inFlight = (p: PayoutRow) => isOneOf(CLAIMABLE_PAYOUT_STATUSES, p.status) || p.status === "SENDING";

/** What came back of a payout by our books: returns (a RETURNED payout of older rows counts whole) and clawbacks. */
function oursReversed(p: PayoutRow): number {
  const returned = p.status === "RETURNED" ? Math.max(p.amountReturned, p.amount) : p.amountReturned;
  return returned + p.clawedBack;
}

const payoutCheck = (p: PayoutRow, providerObjectId: string | null, findings: Finding[]): SubjectCheck => ({
  subjectType: "PAYOUT",
  subjectId: p.id,
  lessonId: null,
  providerObjectId,
  checks: PAYOUT_CHECKS,
  findings,
});

export function compareTransfer(p: PayoutRow, t: TransferSnapshot): SubjectCheck | null {
  if (inFlight(p)) return null;
  const money = (n: number) => moneyToken(n, p.currency);
  const ours = { status: p.status, amount: p.amount, reversed: oursReversed(p), transferId: p.providerId };
  const theirs = { transferId: t.transferId, amount: t.amount, amountReversed: t.amountReversed, reversed: t.reversed };
  const findings: Finding[] = [];
  if (p.status === "FAILED" && t.amountReversed < t.amount) {
    findings.push({
      kind: "STATUS_MISMATCH",
      severity: "CRITICAL",
      message: `We say the payout FAILED (its money is back in the tutor's balance) but transfer ${t.transferId} paid ${money(t.amount - t.amountReversed)}.`,
      ours,
      theirs,
    });
  }
  if (t.amount !== p.amount) {
    findings.push({
      kind: "AMOUNT_MISMATCH",
      severity: "CRITICAL",
      message: `Transferred: we say ${money(p.amount)}, Stripe says ${money(t.amount)}.`,
      ours,
      theirs,
    });
  }
  if (p.status !== "FAILED" && t.amountReversed !== oursReversed(p)) {
    findings.push({
      kind: "AMOUNT_MISMATCH",
      severity: "WARNING",
      message: `Reversed: our books have ${money(oursReversed(p))} back, Stripe reversed ${money(t.amountReversed)}.`,
      ours,
      theirs,
    });
  }
  return payoutCheck(p, t.transferId, findings);
}

/** A transfer whose group names no payout of ours, or a payout whose recorded transfer is another one. */
export function compareForeignTransfer(t: TransferSnapshot, payoutId: string | null): SubjectCheck {
  const kept = t.amount - t.amountReversed;
  const findings: Finding[] =
    kept > 0
      ? [
          {
            kind: "PROVIDER_ONLY",
            severity: "CRITICAL",
            message: `Transfer ${t.transferId} paid ${moneyToken(kept, t.currency.toUpperCase())} to ${t.destination} ${payoutId ? `under payout ${payoutId}, which records another transfer` : "with no payout of ours"}.`,
            ours: payoutId ? { payoutId } : null,
            theirs: {
              transferId: t.transferId,
              amount: t.amount,
              amountReversed: t.amountReversed,
              destination: t.destination,
              transferGroup: t.transferGroup,
            },
          },
        ]
      : [];
  return {
    subjectType: "PROVIDER_OBJECT",
    subjectId: t.transferId,
    lessonId: null,
    providerObjectId: t.transferId,
    checks: OBJECT_CHECKS,
    findings,
  };
}

/** Final payout states that can be compared: PARTIALLY_RETURNED and RETURNED both mean "money came back". */
const settledAs = (status: string) => (status === "PARTIALLY_RETURNED" ? "RETURNED" : status);

export function comparePayPalItem(p: PayoutRow, item: PayoutItemSnapshot): SubjectCheck | null {
  if (inFlight(p)) return null;
  const money = (n: number) => moneyToken(n, p.currency);
  const ours = { status: p.status, amount: p.amount, batchId: p.providerId };
  const theirs = { itemId: item.itemId, transactionStatus: item.transactionStatus, amount: item.amount };
  const findings: Finding[] = [];
  const theirStatus = statusFromPayPalItem(item.transactionStatus);
  // Ours SENT while PayPal is final is the payouts run's next step (it follows SENT items), not a disagreement.
  if (p.status !== "SENT" && theirStatus !== "SENT" && settledAs(p.status) !== theirStatus) {
    findings.push({
      kind: "STATUS_MISMATCH",
      severity: theirStatus === "PAID" ? "CRITICAL" : "WARNING",
      message: `We say the payout is ${p.status} but PayPal says its item is ${item.transactionStatus}.`,
      ours,
      theirs,
    });
  }
  if (item.amount !== p.amount) {
    findings.push({
      kind: "AMOUNT_MISMATCH",
      severity: "CRITICAL",
      message: `Paid out: we say ${money(p.amount)}, PayPal says ${money(item.amount)}.`,
      ours,
      theirs,
    });
  }
  return payoutCheck(p, item.itemId, findings);
}

/** A payout whose provider object the provider does not have (a batch PayPal does not know, a transfer not listed). */
export function missingPayoutObject(p: PayoutRow): SubjectCheck {
  return payoutCheck(p, p.providerId, [
    {
      kind: "OURS_ONLY",
      severity: "CRITICAL",
      message: `Payout ${p.id} (${moneyToken(p.amount, p.currency)}, ${p.status}) records ${p.providerId ?? "no provider id"}, which ${p.method === "PAYPAL" ? "PayPal" : "Stripe"} does not have.`,
      ours: { status: p.status, amount: p.amount, providerId: p.providerId },
      theirs: null,
    },
  ]);
}

export interface DisputeRow {
  providerDisputeId: string;
  lessonId: string;
  status: string;
  amount: number;
  currency: string;
}

/** A dispute the provider lists, against our row for it (or the payment its charge belongs to, when we have none). */
export function compareDispute(
  d: Pick<ListedDispute, "disputeId" | "chargeId" | "paymentIntentId" | "amount" | "currency" | "status">,
  row: DisputeRow | null,
  payment: { id: string; lessonId: string } | null,
): SubjectCheck | null {
  if (!row && !payment) return null; // a dispute on a charge that is not ours: nothing of ours to compare
  const theirs = { disputeId: d.disputeId, status: d.status, amount: d.amount, chargeId: d.chargeId };
  const money = (n: number) => moneyToken(n, d.currency.toUpperCase());
  const findings: Finding[] = [];
  if (!row) {
    findings.push({
      kind: "PROVIDER_ONLY",
      severity: "CRITICAL",
      message: `Stripe has a dispute of ${money(d.amount)} (${d.status}) on payment ${payment!.id} that our books do not know: the tutor's earning is not frozen.`,
      ours: null,
      theirs,
    });
  } else {
    const ours = { status: row.status, amount: row.amount };
    if (row.status.toLowerCase() !== d.status) {
      findings.push({
        kind: "STATUS_MISMATCH",
        severity: "WARNING",
        message: `Dispute: we say ${row.status}, Stripe says ${d.status}.`,
        ours,
        theirs,
      });
    }
    if (row.amount !== d.amount) {
      findings.push({
        kind: "AMOUNT_MISMATCH",
        severity: "WARNING",
        message: `Disputed: we say ${money(row.amount)}, Stripe says ${money(d.amount)}.`,
        ours,
        theirs,
      });
    }
  }
  return {
    subjectType: "DISPUTE",
    subjectId: d.disputeId,
    lessonId: row?.lessonId ?? payment?.lessonId ?? null,
    providerObjectId: d.disputeId,
    checks: DISPUTE_CHECKS,
    findings,
  };
}
