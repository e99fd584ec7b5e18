"use client";

import { useEffect, useRef, useState } from "react";
import { type CallConnectionState, callProvider, type CallSession } from "./index";

const STATE_TEXT: Record<CallConnectionState | "idle", string> = {
  idle: "Not connected",
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Connection lost — reconnecting…",
  disconnected: "Disconnected",
  failed: "Could not connect",
};

/**
 * The call area: connects to the provider while `active` (the viewer is in the room) and
 * shows the connection state. `waitingFor` names the other participant until they arrive.
 */
export function CallArea({
  session,
  active,
  waitingFor,
  endedText,
}: {
  session: CallSession;
  active: boolean;
  waitingFor: string | null;
  endedText: string | null;
}) {
  const mount = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<CallConnectionState | "idle">("idle");
  const [detail, setDetail] = useState<string | null>(null);
  const { lessonId, participant, displayName } = session;

  useEffect(() => {
    if (!active || !mount.current) return;
    const connection = callProvider.connect({ lessonId, participant, displayName }, mount.current);
    const unsubscribe = connection.subscribe((s, d) => {
      setState(s);
      setDetail(d ?? null);
    });
    return () => {
      unsubscribe();
      connection.disconnect();
      setState("idle");
    };
  }, [active, lessonId, participant, displayName]);

  const headline = endedText ?? (state === "connected" && waitingFor ? `Connected — waiting for ${waitingFor}` : STATE_TEXT[state]);
  return (
    <section className="call-area" aria-labelledby="call-heading" data-testid="call-area">
      <h2 id="call-heading" className="sr-only">
        Call
      </h2>
      <div ref={mount} data-call-mount />
      <p role="status" aria-live="polite" style={{ margin: 0, fontWeight: 600 }} data-testid="connection-state">
        {headline}
      </p>
      {detail && <p className="muted">{detail}</p>}
      {!endedText && state === "idle" && <p className="muted">Join the lesson to connect.</p>}
      <p className="muted" style={{ margin: 0, fontSize: "0.85rem" }}>
        Video: {callProvider.label}
      </p>
    </section>
  );
}
