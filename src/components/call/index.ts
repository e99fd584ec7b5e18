import type { CallProvider } from "./call-provider";
import { placeholderCallProvider } from "./placeholder-call-provider";

export type { CallConnectionState, CallProvider, CallSession } from "./call-provider";

/** The video provider the lesson page uses. Swap this one line to plug a real one in. */
export const callProvider: CallProvider = placeholderCallProvider;
