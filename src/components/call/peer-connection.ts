// One RTCPeerConnection to one page of the other participant, with the WebRTC "perfect negotiation" pattern
// (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example): both sides may offer at any time; on a collision
// the impolite side (the tutor) ignores the other's offer and the polite side (the student) rolls its own back.
// So glare, a reload on either side (a new page: a new peer), an ICE restart and an added track all take the same
// path. The raw API rather than simple-peer: simple-peer fixes who offers (its `initiator`) and renegotiates through
// its own protocol, which is exactly what perfect negotiation replaces.
import type { OutgoingSignal } from "./call-provider";

/** Messages on the peer-to-peer data channel: instant, unlike polled signalling. */
export type ControlMessage =
  | { type: "devices"; mic: boolean; camera: boolean; micProblem?: string | null; cameraProblem?: string | null }
  | { type: "bye"; reason: "left" | "ended" | "reload" };

/** What the peer asks the session to deliver to the other page (the session adds the addressee). */
export type PeerSignal = Omit<Extract<OutgoingSignal, { kind: "DESCRIPTION" | "CANDIDATE" }>, "toPeer">;

export interface PeerEvents {
  signal(message: PeerSignal): void;
  /** connection state, remote tracks or the data channel changed */
  change(): void;
  control(message: ControlMessage): void;
  /** the data channel closed after having been open: the other page closed its connection */
  channelClosed(): void;
}

export class NegotiatingPeer {
  readonly pc: RTCPeerConnection;
  remoteStream: MediaStream | null = null;
  private channel: RTCDataChannel | null = null;
  private channelWasOpen = false;
  private makingOffer = false;
  private ignoreOffer = false;
  private settingRemoteAnswer = false;
  private inbox: Promise<void> = Promise.resolve();
  private readonly senders: { audio: RTCRtpSender | null; video: RTCRtpSender | null } = { audio: null, video: null };
  private readonly localStream = new MediaStream();
  private closed = false;

  constructor(
    config: RTCConfiguration,
    readonly polite: boolean,
    private readonly events: PeerEvents,
  ) {
    this.pc = new RTCPeerConnection(config);
    // The impolite side opens the channel and the polite side receives it: a channel created before an offer the
    // polite side then rolls back (glare) can stay "connecting" for good in Chromium.
    if (polite) this.pc.ondatachannel = ({ channel }) => this.attachChannel(channel);
    else this.attachChannel(this.pc.createDataChannel("control"));
    this.pc.onnegotiationneeded = async () => {
      try {
        this.makingOffer = true;
        await this.pc.setLocalDescription();
        this.sendDescription();
      } catch {
        // the state moved on under us (closed, or a remote offer won); the next negotiationneeded retries
      } finally {
        this.makingOffer = false;
      }
    };
    this.pc.onicecandidate = ({ candidate }) => {
      if (!candidate || this.closed) return; // end-of-candidates needs no message
      const c = candidate.toJSON();
      events.signal({
        kind: "CANDIDATE",
        payload: {
          candidate: c.candidate ?? "",
          sdpMid: c.sdpMid ?? null,
          sdpMLineIndex: c.sdpMLineIndex ?? null,
          usernameFragment: c.usernameFragment ?? null,
        },
      });
    };
    this.pc.ontrack = ({ track }) => {
      const tracks = (this.remoteStream?.getTracks() ?? []).filter((t) => t.kind !== track.kind);
      this.remoteStream = new MediaStream([...tracks, track]);
      events.change();
    };
    this.pc.onconnectionstatechange = () => events.change();
    this.pc.onsignalingstatechange = () => events.change();
  }

  get connectionState(): RTCPeerConnectionState {
    return this.pc.connectionState;
  }
  get stable(): boolean {
    return this.pc.signalingState === "stable";
  }
  get channelOpen(): boolean {
    return this.channel?.readyState === "open";
  }

  private attachChannel(channel: RTCDataChannel) {
    this.channel = channel;
    channel.onopen = () => {
      this.channelWasOpen = true;
      this.events.change();
    };
    channel.onclose = () => {
      if (this.channelWasOpen && !this.closed) this.events.channelClosed();
    };
    channel.onmessage = (e) => {
      try {
        this.events.control(JSON.parse(String(e.data)) as ControlMessage);
      } catch {
        // not ours: ignore
      }
    };
  }

  /** A description or candidate from the other page; handled strictly in arrival order. */
  handle(kind: "DESCRIPTION" | "CANDIDATE", payload: unknown) {
    this.inbox = this.inbox.then(() => this.apply(kind, payload)).catch(() => {});
  }

  private async apply(kind: "DESCRIPTION" | "CANDIDATE", payload: unknown) {
    if (this.closed) return;
    if (kind === "DESCRIPTION") {
      const description = payload as RTCSessionDescriptionInit;
      const readyForOffer = !this.makingOffer && (this.pc.signalingState === "stable" || this.settingRemoteAnswer);
      const collision = description.type === "offer" && !readyForOffer;
      this.ignoreOffer = !this.polite && collision;
      if (this.ignoreOffer) return;
      this.settingRemoteAnswer = description.type === "answer";
      await this.pc.setRemoteDescription(description); // rolls our own offer back when polite
      this.settingRemoteAnswer = false;
      if (description.type === "offer") {
        await this.pc.setLocalDescription();
        this.sendDescription();
      }
    } else {
      try {
        await this.pc.addIceCandidate(payload as RTCIceCandidateInit);
      } catch (err) {
        if (!this.ignoreOffer) throw err; // candidates of an offer we ignored are expected to fail
      }
    }
  }

  private sendDescription() {
    const d = this.pc.localDescription;
    if (!d || this.closed || (d.type !== "offer" && d.type !== "answer")) return;
    this.events.signal({ kind: "DESCRIPTION", payload: { type: d.type, sdp: d.sdp } });
  }

  /**
   * Send these tracks. A kind already sent is swapped in place (replaceTrack: camera off, another device — no
   * renegotiation); a kind sent for the first time is added, and perfect negotiation does the rest.
   */
  async syncTracks(audio: MediaStreamTrack | null, video: MediaStreamTrack | null) {
    if (this.closed) return;
    for (const [kind, track] of [
      ["audio", audio],
      ["video", video],
    ] as const) {
      const sender = this.senders[kind];
      if (sender) {
        if (sender.track !== track) await sender.replaceTrack(track).catch(() => {});
      } else if (track) {
        this.senders[kind] = this.pc.addTrack(track, this.localStream);
      }
    }
  }

  sendControl(message: ControlMessage) {
    if (this.channel?.readyState === "open") this.channel.send(JSON.stringify(message));
  }

  /** New candidates (the network changed, or a relay is needed); fresh TURN credentials first when given. */
  restartIce(iceServers?: RTCIceServer[]) {
    if (this.closed) return;
    if (iceServers) this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
    this.pc.restartIce();
  }

  getStats(): Promise<RTCStatsReport> {
    return this.pc.getStats();
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.pc.onnegotiationneeded = null;
    this.pc.onicecandidate = null;
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    this.pc.onsignalingstatechange = null;
    this.pc.ondatachannel = null;
    if (this.channel) this.channel.onclose = null;
    this.pc.close();
    this.remoteStream?.getTracks().forEach((t) => t.stop());
  }
}
