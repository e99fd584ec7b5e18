import type { CallConnection, CallProvider, CallSnapshot } from "./call-provider";

/**
 * Stands in for a video provider: "connects" after a short delay and renders no media, so the lesson page and its
 * states can be worked on without cameras (select it in ./index.ts).
 */
export const placeholderCallProvider: CallProvider = {
  label: "Placeholder — no video",
  usesDevices: false,
  connect(): CallConnection {
    let snapshot: CallSnapshot = { state: "connecting", detail: null, remoteStream: null, remote: null, quality: null, remoteByeCount: 0 };
    const listeners = new Set<(s: CallSnapshot) => void>();
    const set = (state: CallSnapshot["state"]) => {
      snapshot = { ...snapshot, state };
      listeners.forEach((l) => l(snapshot));
    };
    const timer = setTimeout(() => set("connected"), 400);
    return {
      get snapshot() {
        return snapshot;
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      setOtherPresent() {},
      retry() {},
      disconnect() {
        clearTimeout(timer);
        set("disconnected");
      },
    };
  },
};
