// ───────────────────────────────────────────────────────────────────────────────
//  THE VIDEO CALL PLUG-IN POINT
// ───────────────────────────────────────────────────────────────────────────────
// The lesson page only knows this interface; ./index.ts selects the provider (WebRTC by default, signalling
// through our own tRPC procedures). Presence, "call started", "end call" and payment never depend on the video
// link: they go through lesson.join / lesson.leave / lesson.endCall, so a dropped video connection cannot change
// what the student pays.
import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "~/server/api/root";
import type { LocalMedia } from "./local-media";

export type CallConnectionState =
  | "starting" // fetching the call settings
  | "waiting" // the other participant is not in the room
  | "connecting"
  | "connected"
  | "reconnecting"
  | "disconnected"
  | "failed";

export interface CallQuality {
  /** round trip of the selected candidate pair */
  rttMs: number | null;
  /** share of the other's packets lost over the last few seconds */
  lossPercent: number | null;
  level: "good" | "fair" | "poor";
}

export interface RemoteDevices {
  mic: boolean;
  camera: boolean;
  /** why the other's camera or microphone is off when it is not their choice ("blocked", "missing", …) */
  micProblem?: string | null;
  cameraProblem?: string | null;
}

export interface CallSnapshot {
  state: CallConnectionState;
  /** for "failed": what to try */
  detail: string | null;
  remoteStream: MediaStream | null;
  /** what the other side reports about its own microphone and camera; null until it has said */
  remote: RemoteDevices | null;
  quality: CallQuality | null;
  /** the other page said goodbye (left, ended the call, reloaded); the lesson page re-reads the lesson */
  remoteByeCount: number;
}

export interface CallSession {
  lessonId: string;
  participant: "STUDENT" | "TUTOR";
  displayName: string;
}

type Inputs = inferRouterInputs<AppRouter>["video"];
type Outputs = inferRouterOutputs<AppRouter>["video"];
export type CallConfig = Outputs["config"];
export type OutgoingSignal = Inputs["send"]["messages"][number];
export type IncomingSignal = Outputs["poll"]["messages"][number];

/** How a provider talks to our server (tRPC in the app, a fake in tests). */
export interface CallTransport {
  config(lessonId: string): Promise<CallConfig>;
  send(lessonId: string, fromPeer: string, messages: OutgoingSignal[]): Promise<void>;
  poll(lessonId: string, after: number): Promise<Outputs["poll"]>;
  heartbeat(lessonId: string, connected: boolean, receiving: boolean): Promise<void>;
  /** fire-and-forget delivery that survives the page going away (pagehide) */
  sendOnExit(lessonId: string, fromPeer: string, messages: OutgoingSignal[]): void;
}

export interface CallConnection {
  readonly snapshot: CallSnapshot;
  /** called on every change; returns an unsubscribe */
  subscribe(listener: (snapshot: CallSnapshot) => void): () => void;
  /** whether the other participant is in the room, as the lesson page knows it */
  setOtherPresent(present: boolean): void;
  /** start the connection over (a new page session: the other side starts over too) */
  retry(): void;
  /** leave the media session: tracks stop being sent, the connection closes (lesson.leave is the page's job) */
  disconnect(reason?: "left" | "ended"): void;
}

export interface CallProvider {
  /** shown in the call area */
  readonly label: string;
  /** false: never asks for the camera or microphone (the placeholder) */
  readonly usesDevices: boolean;
  connect(session: CallSession, deps: { media: LocalMedia; transport: CallTransport; otherPresent: boolean }): CallConnection;
}
