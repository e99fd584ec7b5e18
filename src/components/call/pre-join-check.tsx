"use client";

import type { LocalMedia, LocalMediaSnapshot } from "./local-media";

/** Before joining: a check of camera and microphone, so people fix their setup before the lesson, not during it. */
export function PreJoinCheck({ media, snap }: { media: LocalMedia; snap: LocalMediaSnapshot }) {
  if (snap.status === "ready") {
    return <p className="muted">This is how you look and sound. Your choices are kept when you join.</p>;
  }
  return (
    <div className="stack" style={{ alignItems: "center" }}>
      <p style={{ margin: 0 }}>Check your camera and microphone before the lesson.</p>
      <button type="button" className="secondary" disabled={snap.status === "starting"} onClick={() => void media.start()}>
        {snap.status === "starting" ? "Starting your camera…" : "Check camera and microphone"}
      </button>
    </div>
  );
}
