"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { Viewer } from "~/components/hooks/use-viewer";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import type { LessonDto } from "~/trpc/api-types";
import { useTRPC } from "~/trpc/react";
import { ServerMessage } from "~/components/ui/server-message";

/** Cancel, with the fee rule read fresh from the server when the dialog opens (the 24 h line may just have passed). */
export function CancelLessonButton({ lesson, viewer, onDone }: { lesson: LessonDto; viewer: Viewer; onDone: (message: string) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const fresh = useQuery({ ...trpc.lesson.get.queryOptions({ lessonId: lesson.id }), enabled: open, staleTime: 0 });
  const cancel = useMutation(
    trpc.lesson.cancel.mutationOptions({
      onSuccess: (after) => {
        setOpen(false);
        void qc.invalidateQueries({ queryKey: trpc.lesson.pathKey() });
        void qc.invalidateQueries({ queryKey: trpc.availability.slots.pathKey() });
        const fee = after.cancellation.feeAmount;
        onDone(
          after.viewer === "STUDENT"
            ? fee > 0
              ? `Lesson cancelled. A late-cancellation fee of ${viewer.money(fee, after.currency)} is charged.`
              : "Lesson cancelled. Nothing was charged; the hold on your card is released."
            : "Lesson cancelled. The student is not charged.",
        );
      },
    }),
  );
  const l = fresh.data ?? lesson;
  const fee = l.cancellation.feeAmount;
  const price = viewer.money(l.priceAmount, l.currency);
  const noticeHours = Math.round((l.scheduledStart.getTime() - l.cancellation.freeUntil.getTime()) / 3_600_000);

  return (
    <>
      <button
        type="button"
        className="secondary"
        onClick={() => {
          cancel.reset();
          setOpen(true);
        }}
      >
        Cancel lesson
      </button>
      <ConfirmDialog
        open={open}
        title="Cancel this lesson?"
        confirmLabel={fee > 0 ? `Cancel and pay ${viewer.money(fee, l.currency)}` : "Cancel lesson"}
        cancelLabel="Keep the lesson"
        danger
        pending={cancel.isPending}
        error={<ServerMessage message={cancel.error?.message} viewer={viewer} />}
        onClose={() => setOpen(false)}
        onConfirm={() => cancel.mutate({ lessonId: l.id, reason: reason.trim() || undefined })}
      >
        <p style={{ margin: 0 }}>
          {viewer.timeRange(l.scheduledStart, l.scheduledEnd)} with {l.viewer === "STUDENT" ? l.tutor.name : l.student.name}.
        </p>
        {fresh.isFetching && !fresh.data ? (
          <p aria-busy="true">Checking the cancellation rule…</p>
        ) : l.viewer === "TUTOR" ? (
          <p data-testid="fee-rule">
            The student is not charged and the hold on their card is released. Cancellations are recorded on your tutor account.
          </p>
        ) : fee > 0 ? (
          <p data-testid="fee-rule" className="notice warn">
            Free cancellation ended {viewer.dateTimeWithZone(l.cancellation.freeUntil)} ({noticeHours} hours before the start). Cancelling
            now costs <strong>{viewer.money(fee, l.currency)}</strong> — {Math.round((fee * 100) / l.priceAmount)} % of the {price} price.
          </p>
        ) : (
          <p data-testid="fee-rule" className="notice ok">
            Free cancellation until {viewer.dateTimeWithZone(l.cancellation.freeUntil)}. Cancelling now costs nothing; the hold on your card
            is released.
          </p>
        )}
        <label>
          Reason (optional)
          <textarea value={reason} maxLength={500} rows={2} onChange={(e) => setReason(e.target.value)} />
        </label>
      </ConfirmDialog>
    </>
  );
}
