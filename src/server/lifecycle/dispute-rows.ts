import "server-only";
// The Dispute row, written by applyCommand (writeTransition) when a command changed the payment's dispute. A dispute
// that closes also closes its "submit evidence" alert: there is nothing left to answer (the lost one raises its own).
import { CLOSED_DISPUTE_STATUSES, isOneOf } from "~/shared/statuses";
import type { Tx } from "./state-rows";
import type { DisputeSnapshot, LessonState } from "./types";

function same(a: DisputeSnapshot, b: DisputeSnapshot): boolean {
  return (Object.keys(a) as (keyof DisputeSnapshot)[]).every((k) => {
    const x = a[k];
    const y = b[k];
    return x instanceof Date && y instanceof Date ? x.getTime() === y.getTime() : x === y;
  });
}

export async function writeDisputeChange(tx: Tx, before: DisputeSnapshot | null, next: LessonState, now: Date): Promise<void> {
  const d = next.dispute;
  if (!d || (before && same(before, d))) return;
  const { id, ...columns } = d;
  await tx.dispute.upsert({
    where: { id },
    create: { id, ...columns, paymentId: next.payment.id, lessonId: next.lesson.id },
    update: columns,
  });
  if (isOneOf(CLOSED_DISPUTE_STATUSES, d.status) && !(before && isOneOf(CLOSED_DISPUTE_STATUSES, before.status))) {
    await tx.alert.updateMany({
      where: { lessonId: next.lesson.id, type: "DISPUTE_OPENED", resolvedAt: null },
      data: { resolvedAt: now, resolvedBy: "lifecycle", resolution: `the dispute closed: ${d.status.toLowerCase()}` },
    });
  }
}
