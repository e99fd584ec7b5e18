import type { CallConnection, CallConnectionState, CallProvider } from "./call-provider";

/**
 * Stands in for a video provider: "connects" after a short delay and renders no media,
 * so the lesson page, its states and its tests work before a provider is chosen.
 */
export const placeholderCallProvider: CallProvider = {
  label: "Placeholder — no video yet",
  connect(): CallConnection {
    let state: CallConnectionState = "connecting";
    const listeners = new Set<(s: CallConnectionState) => void>();
    const set = (s: CallConnectionState) => {
      state = s;
      listeners.forEach((l) => l(s));
    };
    const timer = setTimeout(() => set("connected"), 400);
    return {
      get state() {
        return state;
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      disconnect() {
        clearTimeout(timer);
        set("disconnected");
      },
    };
  },
};
