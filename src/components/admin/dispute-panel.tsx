"use client";

import { useViewer } from "~/components/hooks/use-viewer";
import { isOneOf, OPEN_DISPUTE_STATUSES, RESPONSE_DUE_DISPUTE_STATUSES } from "~/shared/statuses";
import type { RouterOutputs } from "~/trpc/api-types";
import { SubmitDisputeEvidenceAction } from "./actions/dispute-evidence";
import { LocalTime } from "./local-time";
import { StatusBadge } from "./status-badge";
import { humanize } from "./wording";

type Dispute = NonNullable<RouterOutputs["admin"]["lesson"]["dispute"]>;

/** The lesson's dispute: where it stands, its deadline, its money, and "Submit evidence" while it needs a response. */
export function DisputePanel({ lessonId, dispute, sending }: { lessonId: string; dispute: Dispute; sending: boolean }) {
  const viewer = useViewer();
  const fmt = (n: number) => viewer.money(n, dispute.currency);
  const open = isOneOf(OPEN_DISPUTE_STATUSES, dispute.status);
  const canSubmit = isOneOf(RESPONSE_DUE_DISPUTE_STATUSES, dispute.status) && !dispute.evidenceSubmittedAt && !sending;
  return (
    <section className="card stack" aria-labelledby="dispute-h" data-testid="dispute-panel">
      <h2 id="dispute-h" style={{ margin: 0 }}>
        {dispute.status.startsWith("WARNING_") ? "Inquiry" : "Chargeback"}
      </h2>
      <dl className="kv">
        <div>
          <dt>Status</dt>
          <dd data-testid="dispute-status">
            <StatusBadge status={dispute.status} label={humanize(dispute.status)} />
          </dd>
        </div>
        <div>
          <dt>Disputed</dt>
          <dd>
            {fmt(dispute.amount)} · {humanize(dispute.reason)}
          </dd>
        </div>
        <div>
          <dt>Evidence due</dt>
          <dd data-testid="dispute-due">
            <LocalTime at={dispute.evidenceDueBy} viewer={viewer} />
          </dd>
        </div>
        <div>
          <dt>Evidence sent</dt>
          <dd data-testid="dispute-evidence-sent">
            {dispute.evidenceSubmittedAt ? (
              <LocalTime at={dispute.evidenceSubmittedAt} viewer={viewer} />
            ) : sending ? (
              "on its way…"
            ) : (
              "not yet"
            )}
          </dd>
        </div>
        <div>
          <dt>Taken from the platform</dt>
          <dd>
            {fmt(dispute.fundsWithdrawn)} (back {fmt(dispute.fundsReinstated)}) · dispute fee {fmt(dispute.feeAmount)}, the platform&apos;s
            cost
          </dd>
        </div>
      </dl>
      <p className="muted" style={{ margin: 0 }}>
        {open
          ? "The tutor's earning for this lesson is frozen until the dispute closes: lost takes the amount back from both sides, won releases it."
          : dispute.status === "LOST"
            ? "Lost: the disputed amount was taken back from the tutor's share and the platform fee."
            : "Closed in our favour: the tutor's earning is released."}
      </p>
      {canSubmit && <SubmitDisputeEvidenceAction lessonId={lessonId} />}
    </section>
  );
}
