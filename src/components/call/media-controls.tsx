"use client";

import { useId } from "react";
import { deviceProblemText } from "./call-words";
import type { LocalMedia, LocalMediaSnapshot } from "./local-media";
import { useMicLevel } from "./mic-level";

/** Mute, camera on/off, device pickers and the microphone level: the same controls before and during the call. */
export function MediaControls({ media, snap, otherName }: { media: LocalMedia; snap: LocalMediaSnapshot; otherName: string }) {
  const micId = useId();
  const camId = useId();
  const level = useMicLevel(media.audioTrack, snap.micOn && snap.status === "ready");
  const problem = deviceProblemText(snap.micProblem, snap.cameraProblem, otherName);
  const hasMic = snap.micProblem === null || snap.mics.length > 0;
  return (
    <div className="stack call-controls" role="group" aria-label="Your camera and microphone">
      {problem && (
        <div className="notice warn" role="alert" data-testid="device-problem">
          <p style={{ margin: 0 }}>{problem}</p>
          <p style={{ margin: "8px 0 0" }}>
            <button type="button" className="secondary" onClick={() => void media.retry()}>
              Try again
            </button>
          </p>
        </div>
      )}
      <div className="row">
        <button
          type="button"
          className="secondary"
          disabled={!media.audioTrack}
          onClick={() => media.setMicOn(!snap.micOn)}
          data-testid="mic-toggle"
        >
          {snap.micOn ? "Mute microphone" : "Unmute microphone"}
        </button>
        <button
          type="button"
          className="secondary"
          disabled={snap.cameraProblem === "blocked" || snap.cameraProblem === "unsupported"}
          onClick={() => void media.setCameraOn(!snap.cameraOn)}
          data-testid="camera-toggle"
        >
          {snap.cameraOn ? "Turn camera off" : "Turn camera on"}
        </button>
        {hasMic && (
          <meter
            className="call-meter"
            min={0}
            max={1}
            low={0.05}
            value={snap.micOn ? level : 0}
            aria-label="Microphone level"
            data-testid="mic-level"
          />
        )}
      </div>
      {(snap.mics.length > 0 || snap.cameras.length > 0) && (
        <div className="row call-pickers">
          {snap.mics.length > 0 && (
            <div className="call-picker">
              <label htmlFor={micId}>Microphone</label>
              <select id={micId} value={snap.micId ?? ""} onChange={(e) => void media.selectMic(e.target.value)}>
                {snap.mics.map((d) => (
                  <option key={d.deviceId} value={d.deviceId}>
                    {d.label}
                  </option>
                ))}
              </select>
            </div>
          )}
          {snap.cameras.length > 0 && (
            <div className="call-picker">
              <label htmlFor={camId}>Camera</label>
              <select id={camId} value={snap.cameraId ?? ""} onChange={(e) => void media.selectCamera(e.target.value)}>
                {snap.cameras.map((d) => (
                  <option key={d.deviceId} value={d.deviceId}>
                    {d.label}
                  </option>
                ))}
              </select>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
