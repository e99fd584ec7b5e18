"use client";

import { useEffect, useEffectEvent, useState, useSyncExternalStore } from "react";
import { renderMessage } from "~/shared/message-tokens";
import { CallStage } from "./call-stage";
import { ConnectionSlot } from "./connection-slot";
import { useCallTransport } from "./call-transport";
import { failedAdvice, headline, qualityDetail } from "./call-words";
import { callProvider, type CallSession } from "./index";
import { LocalMedia } from "./local-media";
import { MediaControls } from "./media-controls";
import { PreJoinCheck } from "./pre-join-check";
import "./call.css";

/**
 * The call area: a camera check before joining; while `active` (the viewer is in the room and the call is not over)
 * the connection to the other participant, its state in words, and the controls. When the call is over (ended by
 * either side, or the scheduled end) or the viewer leaves, the tracks stop and the connection closes.
 */
export function CallArea({
  session,
  active,
  callOver,
  otherName,
  otherPresent,
  endedText,
  onRemoteBye,
  viewerZone,
}: {
  session: CallSession;
  active: boolean;
  callOver: boolean;
  otherName: string;
  otherPresent: boolean;
  endedText: string | null;
  /** the other page said goodbye: re-read the lesson now rather than at the next poll */
  onRemoteBye?: () => void;
  viewerZone?: string;
}) {
  const transport = useCallTransport();
  const [media] = useState(() => new LocalMedia());
  const mediaSnap = useSyncExternalStore(
    (cb) => media.subscribe(cb),
    () => media.snapshot,
    () => media.snapshot,
  );
  const [slot] = useState(() => new ConnectionSlot());
  const call = useSyncExternalStore(slot.subscribe, slot.get, () => null);
  const { lessonId, participant, displayName } = session;
  // Read at the moment of connecting / closing, without reconnecting when they change.
  const presentNow = useEffectEvent(() => otherPresent);
  const closeReason = useEffectEvent((): "ended" | "left" => (callOver ? "ended" : "left"));
  const remoteSaidBye = useEffectEvent(() => onRemoteBye?.());

  useEffect(() => {
    if (!active) return;
    const connection = callProvider.connect({ lessonId, participant, displayName }, { media, transport, otherPresent: presentNow() });
    slot.attach(connection);
    return () => {
      slot.detach();
      connection.disconnect(closeReason());
      media.stop(); // leaving the room or the end of the call: the camera light goes out
    };
  }, [active, lessonId, participant, displayName, media, transport, slot]);

  useEffect(() => call?.connection.setOtherPresent(otherPresent), [call?.connection, otherPresent]);
  useEffect(() => {
    if (callOver) media.stop();
  }, [callOver, media]);
  useEffect(() => () => media.stop(), [media]);

  const byes = call?.snapshot.remoteByeCount ?? 0;
  useEffect(() => {
    if (byes > 0) remoteSaidBye();
  }, [byes]);

  const snap = call?.snapshot ?? null;
  const text = endedText ?? (active && snap ? headline(snap.state, otherName) : "Not connected");
  const usesDevices = callProvider.usesDevices && !callOver;
  return (
    <section className="call-area" aria-labelledby="call-heading" data-testid="call-area">
      <h2 id="call-heading" className="sr-only">
        Call
      </h2>
      {usesDevices && (
        <CallStage
          localStream={mediaSnap.stream}
          remoteStream={snap?.remoteStream ?? null}
          remote={snap?.remote ?? null}
          otherName={otherName}
          showRemote={active}
        />
      )}
      <p role="status" aria-live="polite" style={{ margin: 0, fontWeight: 600 }} data-testid="connection-state">
        {text}
      </p>
      {active && snap?.state === "connected" && snap.quality && (
        <p className="muted call-quality" data-testid="call-quality">
          {/* only the word is announced when it changes; the numbers move every few seconds */}
          Connection <span aria-live="polite">{snap.quality.level}</span>
          {qualityDetail(snap.quality)}
        </p>
      )}
      {active && snap?.state === "failed" && (
        <div className="stack" data-testid="call-failed">
          <p className="muted" style={{ margin: 0 }}>
            {snap.detail ? renderMessage(snap.detail, { timeZone: viewerZone }) : failedAdvice(otherName)}
          </p>
          {!snap.detail && (
            <p style={{ margin: 0 }}>
              <button type="button" className="secondary" onClick={() => call?.connection.retry()}>
                Try connecting again
              </button>
            </p>
          )}
        </div>
      )}
      {usesDevices && !active && <PreJoinCheck media={media} snap={mediaSnap} />}
      {usesDevices && mediaSnap.status !== "off" && <MediaControls media={media} snap={mediaSnap} otherName={otherName} />}
      {!endedText && !active && <p className="muted">Join the lesson to connect.</p>}
      <p className="muted" style={{ margin: 0, fontSize: "0.85rem" }}>
        Video: {callProvider.label}
      </p>
    </section>
  );
}
