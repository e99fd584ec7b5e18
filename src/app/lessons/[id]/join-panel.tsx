"use client";

import { useId, useState } from "react";
import type { Viewer } from "~/components/hooks/use-viewer";
import { ConfirmDialog } from "~/components/ui/confirm-dialog";
import { PendingButton } from "~/components/ui/pending-button";
import type { LessonDto } from "~/trpc/api-types";
import { duration } from "~/shared/format";
import { ServerMessage } from "~/components/ui/server-message";

interface Action {
  run: () => void;
  pending: boolean;
}

/** Join (with a countdown until the room opens), leave, and end the call with a confirmation. */
export function JoinPanel({
  lesson,
  viewer,
  now,
  inRoom,
  otherName,
  join,
  leave,
  endCall,
}: {
  lesson: LessonDto;
  viewer: Viewer;
  now: Date;
  inRoom: boolean;
  otherName: string;
  join: Action;
  leave: Action;
  endCall: Action & { error: string | null; done: boolean };
}) {
  const hintId = useId();
  const [confirming, setConfirming] = useState(false);
  const opensAt = lesson.joinWindowOpensAt;
  const open = now >= opensAt;

  if (!inRoom) {
    return (
      <div className="card stack" style={{ margin: 0 }}>
        <p id={hintId} style={{ margin: 0 }} data-testid="join-hint">
          {open ? (
            "The room is open."
          ) : (
            <>
              The room opens at {viewer.clockTime(opensAt)}, {Math.round((lesson.scheduledStart.getTime() - opensAt.getTime()) / 60_000)}{" "}
              minutes before the start — in{" "}
              <span className="big-number" data-testid="countdown">
                {duration(opensAt.getTime() - now.getTime())}
              </span>
            </>
          )}
        </p>
        <PendingButton pending={join.pending} disabled={!open} aria-describedby={hintId} onClick={join.run}>
          Join lesson
        </PendingButton>
      </div>
    );
  }

  const started = lesson.status === "IN_PROGRESS";
  return (
    <div className="card stack" style={{ margin: 0 }}>
      <p style={{ margin: 0 }}>{started ? "You're in the lesson." : `You're in the room. The call starts when ${otherName} joins.`}</p>
      <div className="row">
        {started && (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            End call
          </button>
        )}
        <PendingButton className="secondary" pending={leave.pending} onClick={leave.run}>
          Leave the room
        </PendingButton>
      </div>
      <ConfirmDialog
        open={confirming && !endCall.done}
        title="End the call for both of you?"
        confirmLabel="End call"
        cancelLabel="Keep talking"
        danger
        pending={endCall.pending}
        error={<ServerMessage message={endCall.error} viewer={viewer} />}
        onClose={() => setConfirming(false)}
        onConfirm={endCall.run}
      >
        <p style={{ margin: 0 }}>
          The lesson ends now for you and {otherName}, and cannot be restarted.{" "}
          {lesson.viewer === "STUDENT"
            ? `It is still charged its full price (${viewer.money(lesson.priceAmount, lesson.currency)}) after the scheduled end. If something went wrong, report a problem afterwards.`
            : "The student is still charged the full price after the scheduled end; the earning is yours."}
        </p>
      </ConfirmDialog>
    </div>
  );
}
