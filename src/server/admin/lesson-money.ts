// The money side of one lesson for the admin detail page, next to admin.lesson's timeline:
// what a capture would take now (amount, fee, tutor share by the platform fee policy),
// what is left to refund, the ledger entries, the payout that carried the earning
// (LedgerEntry EARNING → PayoutItem → Payout) and the problem report.
import { AppError } from "~/server/errors";
import { finalOutcome } from "~/server/lifecycle/finalize-rules";
import { isTerminalLesson } from "~/server/lifecycle/graph";
import type { Policy } from "~/server/lifecycle/policy";
import type { LessonSnapshot } from "~/server/lifecycle/types";
import { splitFee } from "~/server/money";
import type { Services } from "~/server/services";

const KIND_ORDER = ["EARNING", "PLATFORM_FEE", "EARNING_REVERSAL", "FEE_REVERSAL", "PAYOUT_DEBIT", "PAYOUT_RETURN"];

export type CapturePreview =
  | { capturable: true; amount: number; platformFee: number; tutorShare: number; currency: string; feeBps: number; basis: string }
  | { capturable: false; reason: string };

/** What "Capture now" would take, by the same rule the lifecycle applies (admin-commands.ts adminCapture). */
export function capturePreviewFor(
  lesson: Omit<LessonSnapshot, "durationMinutes"> & { durationMinutes: number },
  payment: { status: string; amount: number; currency: string; settlementAmount: number | null },
  policy: Readonly<Policy>,
  now: Date,
): CapturePreview {
  if (payment.status === "CAPTURED" || payment.status === "PARTIALLY_REFUNDED" || payment.status === "REFUNDED") {
    return { capturable: false, reason: "Already captured." };
  }
  if (payment.status !== "AUTHORIZED")
    return {
      capturable: false,
      reason: `There is no card hold to capture (the payment is ${payment.status.toLowerCase().replace(/_/g, " ")}).`,
    };
  let amount: number;
  let basis: string;
  if (isTerminalLesson(lesson.status)) {
    amount = payment.settlementAmount ?? lesson.priceAmount;
    basis = payment.settlementAmount !== null ? "the amount settled when the lesson ended" : "the lesson price";
  } else {
    if (now < lesson.scheduledEnd)
      return { capturable: false, reason: "The lesson is not over yet; it is captured automatically when it is finalized." };
    amount = finalOutcome(
      { ...lesson, durationMinutes: lesson.durationMinutes as LessonSnapshot["durationMinutes"] },
      policy,
    ).settlementAmount;
    basis = "the finalize rules (who joined)";
  }
  if (amount <= 0) return { capturable: false, reason: "By the lesson rules nothing is owed (the hold should be voided)." };
  amount = Math.min(amount, payment.amount);
  const split = splitFee(amount, policy.platformFeeBps);
  return { capturable: true, amount, ...split, currency: payment.currency, feeBps: policy.platformFeeBps, basis };
}

export async function adminLessonMoney(services: Pick<Services, "db" | "policy" | "now">, lessonId: string) {
  const { db } = services;
  const lesson = await db.lesson.findUnique({ where: { id: lessonId }, include: { payment: true } });
  if (!lesson) throw new AppError("NOT_FOUND", "No lesson with this id.");
  const [ledger, report] = await Promise.all([
    db.ledgerEntry
      .findMany({ where: { lessonId } })
      .then((rows) =>
        rows.sort(
          (a, b) =>
            a.createdAt.getTime() - b.createdAt.getTime() ||
            KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
            a.id.localeCompare(b.id),
        ),
      ),
    db.problemReport.findUnique({ where: { lessonId } }),
  ]);
  const earningIds = ledger.filter((e) => e.kind === "EARNING" || e.kind === "EARNING_REVERSAL").map((e) => e.id);
  const items = earningIds.length
    ? await db.payoutItem.findMany({ where: { ledgerEntryId: { in: earningIds } }, include: { payout: true } })
    : [];
  const payouts = [...new Map(items.map((i) => [i.payoutId, i.payout])).values()].map((p) => ({
    id: p.id,
    method: p.method,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    providerId: p.providerId,
    providerItemId: p.providerItemId,
    providerStatus: p.providerStatus,
    lastError: p.lastError,
    createdAt: p.createdAt,
    sentAt: p.sentAt,
    settledAt: p.settledAt,
    coversFromThisLesson: items.filter((i) => i.payoutId === p.id).reduce((s, i) => s + i.amount, 0),
  }));
  const payment = lesson.payment;
  const now = services.now();
  const net = (kinds: string[]) => ledger.filter((e) => kinds.includes(e.kind)).reduce((s, e) => s + e.amount, 0);
  return {
    now,
    capture: payment
      ? capturePreviewFor(lesson, payment, services.policy, now)
      : ({ capturable: false, reason: "This lesson has no payment." } as CapturePreview),
    refundable: payment ? Math.max(0, payment.amountCaptured - payment.amountRefunded) : 0,
    ledger: ledger.map((e) => ({
      id: e.id,
      kind: e.kind,
      amount: e.amount,
      currency: e.currency,
      createdAt: e.createdAt,
      availableAt: e.availableAt,
      paid: items.some((i) => i.ledgerEntryId === e.id),
    })),
    tutorNet: net(["EARNING", "EARNING_REVERSAL"]),
    platformNet: net(["PLATFORM_FEE", "FEE_REVERSAL"]),
    payouts,
    problemReport: report,
  };
}
