// The video call's server side: who may signal, the signalling store, TURN credentials, media evidence.
import "server-only";
export { callAccess } from "./call-access";
export { CALL_POLICY } from "./call-policy";
export { type IceConfig, iceServersFor, mintTurnCredential } from "./turn-credentials";
export { deleteExpiredCallSignals, postSignals, readSignals, type IncomingSignal, type OutgoingSignal } from "./signals";
export { lessonMediaEvidence, type MediaEvidence, mediaEvidenceFor, recordHeartbeat } from "./media-evidence";
export { callClientConfig, iceConfigFromEnv } from "./client-config";
