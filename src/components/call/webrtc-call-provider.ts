import type { CallProvider } from "./call-provider";
import { WebRtcCallSession } from "./call-session";

/**
 * 1:1 WebRTC in the browser, signalling through our own tRPC procedures (stored briefly in PostgreSQL, polled),
 * ICE servers from the server (TURN with short-lived credentials it mints). No media server: the two browsers talk
 * directly, or through the TURN relay when their networks require it.
 */
export const webrtcCallProvider: CallProvider = {
  label: "WebRTC, peer to peer",
  usesDevices: true,
  connect(session, { media, transport, otherPresent }) {
    return new WebRtcCallSession(session, media, transport, otherPresent);
  },
};
