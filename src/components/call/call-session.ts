// One page's side of the call: finds the other participant's page through signalling (HELLO / BYE), keeps one
// NegotiatingPeer to it, and turns everything into a CallSnapshot the call area renders in words.
//
// Every page has a random id. A page announces itself with a HELLO to whichever page of the other participant reads
// it; a HELLO from a page we do not know replaces our connection (the other side reloaded) and is answered with a
// HELLO addressed to it. So a reload on either side reconnects without the other doing anything.
import type {
  CallConfig,
  CallConnection,
  CallSession,
  CallSnapshot,
  CallTransport,
  IncomingSignal,
  OutgoingSignal,
  RemoteDevices,
} from "./call-provider";
import { CallMonitor } from "./call-monitor";
import type { LocalMedia } from "./local-media";
import { type ControlMessage, NegotiatingPeer } from "./peer-connection";
import { SignallingClient } from "./signalling-client";

const HELLO_AGAIN_MS = 5_000; // while nobody answered: an earlier hello may have expired or been missed
const RESTART_ICE_AFTER_MS = 4_000; // "disconnected" this long: ask for new candidates
const FAILED_AFTER_MS = 30_000; // not connected this long with the other in the room: say so, and what to try
const START_OVER_AFTER_MS = 40_000; // …and start over with a new page id (both sides rebuild their connection)

// randomUUID exists only in secure contexts; getRandomValues everywhere (a page on plain http gets no camera, but must not crash).
const newPeerId = () =>
  typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

export class WebRtcCallSession implements CallConnection {
  private peerId = newPeerId();
  private remotePeer: string | null = null;
  private peer: NegotiatingPeer | null = null;
  private config: CallConfig | null = null;
  private signalling: SignallingClient | null = null;
  private readonly monitor: CallMonitor;
  private readonly listeners = new Set<(s: CallSnapshot) => void>();
  private snap: CallSnapshot = { state: "starting", detail: null, remoteStream: null, remote: null, quality: null, remoteByeCount: 0 };
  private otherPresent: boolean;
  private everConnected = false;
  private notConnectedSince = Date.now();
  private lastHelloAt = 0;
  private disconnectedSince: number | null = null;
  private lastRestartAt = 0;
  private lastStartOverAt = Date.now();
  private refusal: string | null = null;
  private disposed = false;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private unsubscribeMedia: (() => void) | null = null;

  constructor(
    private readonly session: CallSession,
    private readonly media: LocalMedia,
    private readonly transport: CallTransport,
    otherPresent: boolean,
  ) {
    this.otherPresent = otherPresent;
    this.monitor = new CallMonitor({
      sampleMs: 2_000,
      heartbeatMs: 10_000,
      peer: () => this.peer,
      report: (connected, receiving) => this.transport.heartbeat(this.session.lessonId, connected, receiving),
      onSample: (quality) => this.update({ quality }),
    });
    window.addEventListener("pagehide", this.onPageHide);
    void this.start();
  }

  get snapshot(): CallSnapshot {
    return this.snap;
  }

  subscribe(listener: (s: CallSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setOtherPresent(present: boolean) {
    if (present && !this.otherPresent) this.notConnectedSince = Date.now();
    this.otherPresent = present;
    if (present && !this.remotePeer) this.sayHello(null);
    this.refresh();
  }

  retry() {
    this.startOver();
  }

  disconnect(reason: "left" | "ended" = "left") {
    if (this.disposed) return;
    this.peer?.sendControl({ type: "bye", reason });
    // Best effort, not queued: the session is over whatever the answer.
    void this.transport.send(this.session.lessonId, this.peerId, [{ kind: "BYE", toPeer: null, payload: {} }]).catch(() => {});
    this.dispose();
  }

  private onPageHide = () => {
    if (this.disposed) return;
    this.peer?.sendControl({ type: "bye", reason: "reload" });
    this.signalling?.sendOnExit([{ kind: "BYE", toPeer: null, payload: {} }]);
    this.dispose();
  };

  private async start() {
    await this.media.start().catch(() => {}); // a blocked or missing device is shown by the call area; the call goes on
    while (!this.disposed && !this.config) {
      try {
        this.config = await this.transport.config(this.session.lessonId);
      } catch (err) {
        const code = (err as { data?: { code?: string } }).data?.code;
        if (code === "NOT_FOUND" || code === "PRECONDITION_FAILED") return this.refused((err as Error).message);
        await new Promise((r) => setTimeout(r, 2_000));
      }
    }
    if (this.disposed || !this.config) return;
    this.monitor.start();
    this.signalling = new SignallingClient({
      lessonId: this.session.lessonId,
      peerId: () => this.peerId,
      transport: this.transport,
      onMessages: (messages) => this.onMessages(messages),
      onRefused: (message) => this.refused(message),
    });
    this.signalling.start(this.pace());
    this.sayHello(null);
    this.unsubscribeMedia = this.media.subscribe(() => this.onLocalMedia());
    this.watchdog = setInterval(() => this.tick(), 1_000);
    this.refresh();
  }

  private devices(): RemoteDevices {
    const m = this.media.snapshot;
    return {
      mic: m.micOn && this.media.audioTrack !== null,
      camera: m.cameraOn && this.media.videoTrack !== null,
      micProblem: m.micProblem,
      cameraProblem: m.cameraProblem,
    };
  }

  private sayHello(toPeer: string | null) {
    if (!this.signalling) return;
    this.lastHelloAt = Date.now();
    const { mic, camera } = this.devices();
    this.signalling.send({ kind: "HELLO", toPeer, payload: { mic, camera } });
  }

  private async onMessages(messages: IncomingSignal[]) {
    for (const m of messages) {
      if (m.toPeer !== null && m.toPeer !== this.peerId) continue; // meant for another page of ours
      if (m.kind === "HELLO") {
        if (m.fromPeer !== this.remotePeer) {
          this.adopt(m.fromPeer);
          this.sayHello(m.fromPeer);
        }
        const p = m.payload as { mic?: boolean; camera?: boolean };
        this.update({ remote: { ...this.snap.remote, mic: p.mic === true, camera: p.camera === true } });
      } else if (m.kind === "BYE") {
        if (m.fromPeer === this.remotePeer) this.dropRemote();
      } else if (m.fromPeer === this.remotePeer && this.peer) {
        this.peer.handle(m.kind, m.payload);
      }
    }
    this.refresh();
  }

  /** A (new) page of the other participant: a fresh connection to it. */
  private adopt(remotePeer: string) {
    if (!this.config) return;
    this.peer?.close();
    this.remotePeer = remotePeer;
    this.notConnectedSince = Date.now();
    this.disconnectedSince = null;
    const peer = new NegotiatingPeer({ iceServers: this.config.iceServers, bundlePolicy: "max-bundle" }, this.config.polite, {
      signal: (message) => {
        if (this.remotePeer === remotePeer) this.signalling?.send({ ...message, toPeer: remotePeer } as OutgoingSignal);
      },
      change: () => this.onPeerChange(peer),
      control: (message) => this.onControl(message),
      channelClosed: () => {
        if (this.peer === peer) this.dropRemote();
      },
    });
    this.peer = peer;
    this.update({ remoteStream: null, quality: null });
    void peer.syncTracks(this.media.audioTrack, this.media.videoTrack);
    this.signalling?.pollSoon(); // its offer or answer follows shortly
  }

  /** The other page left (bye, or its connection closed): wait for it, or its next page, to say hello. */
  private dropRemote() {
    this.peer?.close();
    this.peer = null;
    this.remotePeer = null;
    this.update({ remoteStream: null, quality: null, remoteByeCount: this.snap.remoteByeCount + 1 });
    this.sayHello(null);
    this.refresh();
  }

  /** Poll fast while a connection is being made, slowly while connected; in between while nobody answered. */
  private pace(): number {
    const c = this.config;
    const peer = this.peer;
    if (!c) return 1_000;
    if (peer?.connectionState === "connected" && peer.stable) return c.connectedPollMs;
    return peer ? c.setupPollMs : c.waitingPollMs;
  }

  private onPeerChange(peer: NegotiatingPeer) {
    if (peer !== this.peer) return;
    const state = peer.connectionState;
    if (state === "connected") {
      this.everConnected = true;
      this.disconnectedSince = null;
      this.notConnectedSince = Date.now();
    } else if (state === "disconnected" || state === "failed") {
      this.disconnectedSince ??= Date.now();
    }
    if (peer.channelOpen) peer.sendControl({ type: "devices", ...this.devices() });
    this.update({ remoteStream: peer.remoteStream });
    this.refresh();
  }

  private onControl(message: ControlMessage) {
    if (message.type === "devices") {
      const { mic, camera, micProblem, cameraProblem } = message;
      this.update({ remote: { mic, camera, micProblem, cameraProblem } });
    } else if (message.type === "bye") {
      // Left or ended: the lesson page's presence will say so in a moment; a reload comes back by itself.
      if (message.reason !== "reload") this.otherPresent = false;
      this.dropRemote();
    }
  }

  private onLocalMedia() {
    void this.peer?.syncTracks(this.media.audioTrack, this.media.videoTrack);
    this.peer?.sendControl({ type: "devices", ...this.devices() });
  }

  /** Once a second: hellos nobody answered, ICE restarts, and the words for a call that will not connect. */
  private tick() {
    const now = Date.now();
    if (this.otherPresent && !this.remotePeer && now - this.lastHelloAt > HELLO_AGAIN_MS) this.sayHello(null);
    const peer = this.peer;
    if (
      peer &&
      this.disconnectedSince !== null &&
      now - this.disconnectedSince > RESTART_ICE_AFTER_MS &&
      now - this.lastRestartAt > 10_000
    ) {
      this.lastRestartAt = now;
      peer.restartIce();
    }
    const connected = peer?.connectionState === "connected";
    if (
      !connected &&
      this.otherPresent &&
      now - this.notConnectedSince > START_OVER_AFTER_MS &&
      now - this.lastStartOverAt > START_OVER_AFTER_MS
    ) {
      this.startOver();
    }
    this.refresh();
  }

  /** A new page id: the other side sees a new page and rebuilds its connection too. */
  private startOver() {
    this.lastStartOverAt = Date.now();
    this.peer?.close();
    this.peer = null;
    this.remotePeer = null;
    this.peerId = newPeerId();
    this.notConnectedSince = Date.now();
    this.update({ remoteStream: null, quality: null });
    this.sayHello(null);
    this.refresh();
  }

  private refused(message: string) {
    this.refusal = message;
    this.dispose();
  }

  private dispose() {
    this.disposed = true;
    window.removeEventListener("pagehide", this.onPageHide);
    if (this.watchdog) clearInterval(this.watchdog);
    this.monitor.stop();
    this.signalling?.stop();
    this.unsubscribeMedia?.();
    this.peer?.close();
    this.peer = null;
    this.update({ remoteStream: null, quality: null });
    this.refresh();
  }

  private refresh() {
    this.signalling?.setPace(this.pace());
    const now = Date.now();
    const connected = this.peer?.connectionState === "connected";
    const state: CallSnapshot["state"] = this.refusal
      ? "failed"
      : this.disposed
        ? "disconnected"
        : !this.config
          ? "starting"
          : connected
            ? "connected"
            : !this.otherPresent
              ? "waiting"
              : now - this.notConnectedSince > FAILED_AFTER_MS
                ? "failed"
                : this.everConnected
                  ? "reconnecting"
                  : "connecting";
    if (state !== this.snap.state || this.refusal !== this.snap.detail) this.update({ state, detail: this.refusal });
  }

  private update(patch: Partial<CallSnapshot>) {
    this.snap = { ...this.snap, ...patch };
    this.listeners.forEach((l) => l(this.snap));
  }
}
