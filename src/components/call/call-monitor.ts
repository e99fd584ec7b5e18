// Watches a running call: samples getStats() every few seconds (quality words, "receiving the other's media") and
// reports media evidence to the server on a slow heartbeat. The evidence never changes what the student pays.
import type { CallQuality } from "./call-provider";
import { qualityBetween, receivingBetween, type StatsSample, sampleOf } from "./call-stats";
import type { NegotiatingPeer } from "./peer-connection";

export interface MonitorOptions {
  sampleMs: number;
  heartbeatMs: number;
  peer(): NegotiatingPeer | null;
  report(connected: boolean, receiving: boolean): Promise<void>;
  onSample(quality: CallQuality | null, receiving: boolean): void;
}

export class CallMonitor {
  private sampleTimer: ReturnType<typeof setInterval> | null = null;
  private heartbeatTimer: ReturnType<typeof setInterval> | null = null;
  private prev: StatsSample | null = null;
  private prevPeer: NegotiatingPeer | null = null;
  /** the other's media arrived at some sample since the last heartbeat */
  private receivedSinceBeat = false;
  private reportedGood = false;

  constructor(private readonly opts: MonitorOptions) {}

  start() {
    this.sampleTimer = setInterval(() => void this.sample(), this.opts.sampleMs);
    this.heartbeatTimer = setInterval(() => void this.beat(), this.opts.heartbeatMs);
  }

  stop() {
    if (this.sampleTimer) clearInterval(this.sampleTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.sampleTimer = this.heartbeatTimer = null;
  }

  private async sample() {
    const peer = this.opts.peer();
    if (peer !== this.prevPeer) this.prev = null; // a new connection counts from zero
    this.prevPeer = peer;
    if (!peer || peer.connectionState !== "connected") {
      this.prev = null;
      this.opts.onSample(null, false);
      return;
    }
    const next = sampleOf(await peer.getStats().catch(() => new Map()));
    const receiving = receivingBetween(this.prev, next);
    const quality = this.prev ? qualityBetween(this.prev, next) : null;
    this.prev = next;
    if (receiving) this.receivedSinceBeat = true;
    this.opts.onSample(quality, receiving);
    // The first good sample is reported at once, so the evidence span starts when the media did.
    if (receiving && !this.reportedGood) void this.beat();
  }

  private async beat() {
    const connected = this.opts.peer()?.connectionState === "connected";
    const receiving = connected && this.receivedSinceBeat;
    this.receivedSinceBeat = false;
    // "Still not connected" tells the server nothing new: only the first bad beat after good ones (it ends the span).
    if (!receiving && !this.reportedGood) return;
    this.reportedGood = receiving;
    await this.opts.report(connected, receiving).catch(() => {
      // evidence is best effort: a lost heartbeat shows as a gap, which is the truth as the server saw it
    });
  }
}
