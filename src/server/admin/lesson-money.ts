import "server-only";
// The money side of one lesson for the admin detail page, next to admin.lesson's timeline:
// what a capture would take now (amount, fee, tutor share), what is left to refund, the ledger entries, the payout
// that carried the earning (LedgerEntry EARNING → PayoutItem → Payout) and the problem report.
import { AppError } from "~/server/errors";
import { clawbackLines, clawbackTotals } from "~/server/ledger/clawback-state";
import type { Policy } from "~/server/lifecycle/policy";
import { stateFrom } from "~/server/lifecycle/state-rows";
import { transition } from "~/server/lifecycle/transition";
import type { LessonState } from "~/server/lifecycle/types";
import type { Services } from "~/server/services";

const KIND_ORDER = ["EARNING", "PLATFORM_FEE", "EARNING_REVERSAL", "FEE_REVERSAL", "PAYOUT_DEBIT", "PAYOUT_RETURN"];

export type CapturePreview =
  | { capturable: true; amount: number; platformFee: number; tutorShare: number; currency: string; feeBps: number; basis: string }
  | { capturable: false; reason: string };

const PREVIEW_ACTOR = { type: "ADMIN", id: "capture-preview" } as const;

/**
 * What "Capture now" would do, found by doing it on paper: the pure transition() runs ADMIN_CAPTURE on the lesson's
 * current state (and then the capture's success, for the split the lifecycle would record). Nothing is written, so
 * the preview can only say what the real command then does — including its refusal, in the lifecycle's own words.
 */
export function capturePreviewFor(state: LessonState, policy: Readonly<Policy>, now: Date): CapturePreview {
  const requested = transition(state, { type: "ADMIN_CAPTURE", reason: "preview" }, { now, policy, actor: PREVIEW_ACTOR });
  if (!requested.ok) return { capturable: false, reason: requested.message };
  const capture = requested.operations.find((o) => o.kind === "CAPTURE");
  if (!requested.changed || !capture?.amount) {
    const captured = ["CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED"].includes(state.payment.status);
    return {
      capturable: false,
      reason: captured ? "Already captured." : "A capture of this hold is already on its way; asking again changes nothing.",
    };
  }
  const succeeded = transition(
    requested.next,
    { type: "CAPTURE_SUCCEEDED", amountCaptured: capture.amount },
    { now, policy, actor: { type: "WORKER", id: "capture-preview" } },
  );
  if (!succeeded.ok) return { capturable: false, reason: succeeded.message };
  const p = succeeded.next.payment;
  const basis =
    requested.next.lesson.status !== state.lesson.status
      ? "the finalize rules (who joined)"
      : state.payment.settlementAmount !== null
        ? "the amount settled when the lesson ended"
        : "the lesson price";
  return {
    capturable: true,
    amount: p.amountCaptured,
    platformFee: p.platformFee,
    tutorShare: p.tutorShare,
    currency: p.currency,
    feeBps: policy.platformFeeBps,
    basis,
  };
}

export async function adminLessonMoney(services: Pick<Services, "db" | "policy" | "now">, lessonId: string) {
  const { db } = services;
  // read without a lock: the preview is a reading, and the command it previews locks for itself
  const lesson = await db.lesson.findUnique({
    where: { id: lessonId },
    include: { payment: { include: { operations: { select: { kind: true, state: true, amount: true } } } } },
  });
  if (!lesson) throw new AppError("NOT_FOUND", "No lesson with this id.");
  const [ledger, report, clawbacks] = await Promise.all([
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
    clawbackLines(db, { lessonId }),
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
      ? capturePreviewFor(stateFrom(lesson, payment, payment.operations), services.policy, now)
      : ({ capturable: false, reason: "This lesson has no payment." } as CapturePreview),
    // what a lost chargeback took back is not refundable again
    refundable: payment ? Math.max(0, payment.amountCaptured - payment.amountRefunded - payment.amountDisputed) : 0,
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
    clawbacks: { lines: clawbacks, ...clawbackTotals(clawbacks) },
    problemReport: report,
  };
}
