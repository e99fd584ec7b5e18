"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { useTRPC } from "~/trpc/react";
import { ServerMessage } from "~/components/ui/server-message";
import { useViewer } from "~/components/hooks/use-viewer";

/** A student reports a problem (shown only while the server accepts one); the tutor's earning is held until support decides. */
export function ReportProblemButton({
  lessonId,
  deadlineText,
  onDone,
}: {
  lessonId: string;
  deadlineText: string;
  onDone: (message: string) => void;
}) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const viewer = useViewer();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const report = useMutation(
    trpc.lesson.reportProblem.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        setReason("");
        void qc.invalidateQueries({ queryKey: trpc.lesson.pathKey() });
        onDone(
          "Problem reported. The tutor is not paid for this lesson until our team has looked at it; we'll refund you if it went wrong.",
        );
      },
      onError: (err) => {
        // Already reported is not a failure to show in the dialog: say so next to the lesson.
        if (err.data?.code === "CONFLICT") {
          setOpen(false);
          onDone(err.message);
        }
      },
    }),
  );
  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          report.reset();
          setOpen(true);
        }}
      >
        Report a problem
      </button>
      <ConfirmDialog
        open={open}
        title="Report a problem with this lesson"
        confirmLabel="Send report"
        cancelLabel="Cancel"
        pending={report.isPending}
        error={report.error?.data?.code === "CONFLICT" ? null : <ServerMessage message={report.error?.message} viewer={viewer} />}
        onClose={() => setOpen(false)}
        onConfirm={() => report.mutate({ lessonId, reason })}
      >
        <p style={{ margin: 0 }}>
          Tell us what went wrong. You can report until {deadlineText}. Our team reviews every report and can refund you.
        </p>
        <label>
          What happened? (at least 10 characters)
          <textarea value={reason} minLength={10} maxLength={2000} rows={4} required onChange={(e) => setReason(e.target.value)} />
        </label>
      </ConfirmDialog>
    </>
  );
}
