"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useViewer } from "~/components/hooks/use-viewer";
import { ServerMessage } from "~/components/ui/server-message";
import { useTRPC } from "~/trpc/react";
import { ActionShell, paymentOutcome, Split, useAdminSubmit } from "./action-shell";

/**
 * Capture now: shows what the capture would take and how it splits, read when the dialog opens. The server works it
 * out by running the lifecycle's own transition on paper (admin/lesson-money.ts), so the preview is what happens.
 */
export function CaptureAction({ lessonId }: { lessonId: string }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const [asked, setAsked] = useState(false);
  const money = useQuery({ ...trpc.admin.lessonMoney.queryOptions({ lessonId }), enabled: asked, staleTime: 0 });
  const capture = useAdminSubmit(useMutation(trpc.admin.capture.mutationOptions()).mutateAsync, paymentOutcome);
  const preview = money.data?.capture;
  const amount = preview?.capturable ? viewer.money(preview.amount, preview.currency) : null;
  return (
    <ActionShell
      label="Capture now"
      title="Capture this payment now?"
      confirmLabel={amount ? `Capture ${amount}` : "Capture now"}
      testId="capture-action"
      onOpen={() => {
        setAsked(true);
        void money.refetch();
      }}
      submit={(reason) => capture({ lessonId, reason })}
    >
      {!preview ? (
        <p aria-busy="true">Working out the amount…</p>
      ) : preview.capturable ? (
        <>
          <Split
            rows={[
              ["Amount", viewer.money(preview.amount, preview.currency)],
              [`Platform fee (${preview.feeBps / 100} %)`, viewer.money(preview.platformFee, preview.currency)],
              ["Tutor share", viewer.money(preview.tutorShare, preview.currency)],
            ]}
          />
          <p className="muted" style={{ margin: 0 }}>
            Charged to the student&apos;s card from the existing hold; the amount is {preview.basis}. Asking twice never charges twice.
          </p>
        </>
      ) : (
        <p className="notice warn">
          <ServerMessage message={preview.reason} viewer={viewer} />
        </p>
      )}
    </ActionShell>
  );
}

export function VoidAction({ lessonId, amount, currency }: { lessonId: string; amount: number; currency: string }) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const voidIt = useAdminSubmit(useMutation(trpc.admin.void.mutationOptions()).mutateAsync, paymentOutcome);
  return (
    <ActionShell
      label="Void authorization"
      title="Release the card hold?"
      confirmLabel="Void authorization"
      danger
      testId="void-action"
      submit={(reason) => voidIt({ lessonId, reason })}
    >
      <p style={{ margin: 0 }}>
        The {viewer.money(amount, currency)} hold on the student&apos;s card is released and nothing is charged. A lesson that is not over
        yet is cancelled. This cannot be undone.
      </p>
    </ActionShell>
  );
}
