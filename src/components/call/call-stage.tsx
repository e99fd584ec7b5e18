"use client";

import { useEffect, useRef, useState } from "react";
import type { RemoteDevices } from "./call-provider";
import { remoteDevicesText } from "./call-words";

/** A <video> showing a stream; the browser may refuse sound before the person has clicked anything. */
function StreamVideo({
  stream,
  muted,
  label,
  testId,
  className,
  onSoundBlocked,
}: {
  stream: MediaStream | null;
  muted: boolean;
  label: string;
  testId: string;
  className: string;
  onSoundBlocked?: (blocked: boolean) => void;
}) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    video.srcObject = stream;
    if (!stream) return;
    video.muted = muted;
    video.play().then(
      () => onSoundBlocked?.(false),
      () => {
        if (muted) return;
        // Autoplay with sound refused: play silently and offer a button (a click allows sound).
        video.muted = true;
        onSoundBlocked?.(true);
        void video.play().catch(() => {});
      },
    );
  }, [stream, muted, onSoundBlocked]);
  return <video ref={ref} className={className} data-testid={testId} aria-label={label} autoPlay playsInline muted={muted} />;
}

/** The other's video (with their sound) and the viewer's own preview, mirrored like a mirror. */
export function CallStage({
  localStream,
  remoteStream,
  remote,
  otherName,
  showRemote,
}: {
  localStream: MediaStream | null;
  remoteStream: MediaStream | null;
  remote: RemoteDevices | null;
  otherName: string;
  showRemote: boolean;
}) {
  const [soundBlocked, setSoundBlocked] = useState(false);
  const remoteWords = showRemote ? remoteDevicesText(otherName, remote) : null;
  const remoteHasVideo = remoteStream?.getVideoTracks().some((t) => t.readyState === "live") && remote?.camera !== false;
  return (
    <div className="call-stage">
      {showRemote && (
        <div className="call-remote">
          <StreamVideo
            stream={remoteStream}
            muted={false}
            label={`${otherName}'s video`}
            testId="remote-video"
            className={remoteHasVideo ? "call-video" : "call-video call-video-hidden"}
            onSoundBlocked={setSoundBlocked}
          />
          {!remoteHasVideo && (
            <p className="call-remote-placeholder" aria-hidden>
              {otherName}
            </p>
          )}
          {soundBlocked && (
            <button type="button" className="call-sound" onClick={() => void turnOnSound(setSoundBlocked)}>
              Turn on {otherName}&apos;s sound
            </button>
          )}
        </div>
      )}
      {localStream && (
        <StreamVideo
          stream={localStream}
          muted
          label="Your camera"
          testId="local-video"
          className={showRemote ? "call-self call-self-corner" : "call-self"}
        />
      )}
      <p className="call-remote-devices" role="status" aria-live="polite" data-testid="remote-devices">
        {remoteWords}
      </p>
    </div>
  );
}

async function turnOnSound(setBlocked: (b: boolean) => void) {
  const video = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
  if (!video) return;
  video.muted = false;
  await video.play().then(
    () => setBlocked(false),
    () => setBlocked(true),
  );
}
