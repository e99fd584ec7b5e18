import type { CallProvider } from "./call-provider";
import { webrtcCallProvider } from "./webrtc-call-provider";

export type { CallConnection, CallConnectionState, CallProvider, CallSession, CallSnapshot } from "./call-provider";

/**
 * The video provider the lesson page uses: WebRTC 1:1 with our own signalling. `placeholderCallProvider`
 * (./placeholder-call-provider) stands in where no media is wanted — swap this one line.
 */
export const callProvider: CallProvider = webrtcCallProvider;
