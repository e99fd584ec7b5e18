"use client";

import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "~/trpc/react";
import type { RouterOutputs } from "~/trpc/api-types";
import { ActionShell, type Outcome, useAdminSubmit } from "./action-shell";

type Result = RouterOutputs["admin"]["submitDisputeEvidence"];

function evidenceOutcome(r: Result): Outcome {
  return { tone: r.outcome === "submitted" ? "success" : r.outcome === "failed" ? "error" : "muted", text: r.message };
}

/** "Submit evidence": the lesson's own facts to the card network, in one click (with the audit log's reason). */
export function SubmitDisputeEvidenceAction({ lessonId }: { lessonId: string }) {
  const trpc = useTRPC();
  const submit = useAdminSubmit(useMutation(trpc.admin.submitDisputeEvidence.mutationOptions()).mutateAsync, evidenceOutcome);
  return (
    <ActionShell
      label="Submit evidence"
      title="Send this lesson's facts as dispute evidence?"
      confirmLabel="Submit evidence"
      testId="dispute-evidence-action"
      submit={(reason) => submit({ lessonId, reason })}
    >
      <p className="muted" style={{ margin: 0 }}>
        Sends the booking, both participants&apos; join and leave times, the call&apos;s duration, the media evidence and the lesson&apos;s
        timeline to the provider, and submits them. Evidence cannot be changed afterwards.
      </p>
    </ActionShell>
  );
}
