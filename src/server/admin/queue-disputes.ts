import "server-only";
// The queue's disputes: every open dispute (chargeback or inquiry) with its lesson. One that needs our evidence is
// CRITICAL (WARNING for an inquiry) with the evidence deadline as the moment something is lost; one under review
// waits for the card network and lapses nothing.
import type { Db } from "~/server/db/client";
import { isOneOf, OPEN_DISPUTE_STATUSES, RESPONSE_DUE_DISPUTE_STATUSES } from "~/shared/statuses";
import type { QueueItem } from "./queue-types";

/** Every open dispute (its lesson is loaded with the page that shows it). */
export function openDisputes(db: Db, take: number) {
  return db.dispute.findMany({
    where: { status: { in: [...OPEN_DISPUTE_STATUSES] } },
    orderBy: [{ evidenceDueBy: "asc" }, { id: "asc" }],
    take,
  });
}

type OpenDispute = Awaited<ReturnType<typeof openDisputes>>[number];

export function disputeItemFields(d: OpenDispute): Pick<QueueItem, "key" | "category" | "severity" | "since" | "deadline" | "dispute"> {
  const due = isOneOf(RESPONSE_DUE_DISPUTE_STATUSES, d.status) && d.evidenceSubmittedAt === null;
  return {
    key: `DISPUTE:${d.lessonId}`,
    category: "DISPUTE",
    severity: due ? (d.status.startsWith("WARNING_") ? "WARNING" : "CRITICAL") : "INFO",
    since: d.openedAt,
    deadline: due ? d.evidenceDueBy : null,
    dispute: {
      id: d.id,
      providerDisputeId: d.providerDisputeId,
      status: d.status,
      amount: d.amount,
      currency: d.currency,
      reason: d.reason,
      evidenceDueBy: d.evidenceDueBy,
      evidenceSubmittedAt: d.evidenceSubmittedAt,
    },
  };
}
