// ───────────────────────────────────────────────────────────────────────────────
//  THE VIDEO CALL PLUG-IN POINT
// ───────────────────────────────────────────────────────────────────────────────
// The lesson page only knows this interface. A video provider (Daily, LiveKit, Twilio,
// Whereby…) implements it and is selected in ./index.ts — the one line to change.
// Presence, "call started", "end call" and payment never depend on the video link:
// they go through lesson.join / lesson.leave / lesson.endCall, so a dropped video
// connection cannot change what the student pays.

export type CallConnectionState = "connecting" | "connected" | "reconnecting" | "disconnected" | "failed";

export interface CallSession {
  lessonId: string;
  participant: "STUDENT" | "TUTOR";
  displayName: string;
}

export interface CallConnection {
  readonly state: CallConnectionState;
  /** Called on every state change (with a human-readable detail for "failed"); returns an unsubscribe. */
  subscribe(listener: (state: CallConnectionState, detail?: string) => void): () => void;
  /** Leave the media session (the lesson page calls lesson.leave separately). */
  disconnect(): void;
}

export interface CallProvider {
  /** shown in the call area, e.g. "Placeholder (no video yet)" */
  readonly label: string;
  /**
   * Join the media room for this lesson and render video into `mount`. A real provider
   * fetches a short-lived room token from our server here (a `lesson.callToken`
   * procedure that checks the viewer is a participant inside the join window).
   */
  connect(session: CallSession, mount: HTMLElement): CallConnection;
}
