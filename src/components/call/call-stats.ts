// Quality and "receiving" from RTCPeerConnection.getStats(). Pure functions over the stats objects, so they are
// unit-tested with plain maps; the peer samples every few seconds and compares two samples.
import type { CallQuality } from "./call-provider";

export interface StatsSample {
  /** ms (the stats' own timestamp) */
  at: number;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
  framesDecoded: number;
  rttMs: number | null;
  /** the selected pair's local and remote candidate types ("host", "srflx", "relay", …) */
  localCandidateType: string | null;
  remoteCandidateType: string | null;
}

type Stat = Record<string, unknown> & { type: string; id: string };
const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** One sample from a stats report (an RTCStatsReport, or any map of stats objects). */
export function sampleOf(report: { forEach(cb: (value: Stat) => void): void }): StatsSample {
  const byId = new Map<string, Stat>();
  report.forEach((s) => byId.set(s.id, s));
  const sample: StatsSample = {
    at: 0,
    bytesReceived: 0,
    packetsReceived: 0,
    packetsLost: 0,
    framesDecoded: 0,
    rttMs: null,
    localCandidateType: null,
    remoteCandidateType: null,
  };
  let pair: Stat | undefined;
  for (const s of byId.values()) {
    sample.at = Math.max(sample.at, num(s.timestamp));
    if (s.type === "inbound-rtp") {
      sample.bytesReceived += num(s.bytesReceived);
      sample.packetsReceived += num(s.packetsReceived);
      sample.packetsLost += Math.max(0, num(s.packetsLost));
      sample.framesDecoded += num(s.framesDecoded);
    }
    if (s.type === "transport" && typeof s.selectedCandidatePairId === "string") pair = byId.get(s.selectedCandidatePairId);
  }
  // Without a transport entry (older browsers): the nominated, succeeded pair.
  pair ??= [...byId.values()].find((s) => s.type === "candidate-pair" && s.nominated === true && s.state === "succeeded");
  if (pair) {
    sample.rttMs = typeof pair.currentRoundTripTime === "number" ? Math.round(pair.currentRoundTripTime * 1000) : null;
    const local = byId.get(String(pair.localCandidateId));
    const remote = byId.get(String(pair.remoteCandidateId));
    sample.localCandidateType = typeof local?.candidateType === "string" ? local.candidateType : null;
    sample.remoteCandidateType = typeof remote?.candidateType === "string" ? remote.candidateType : null;
  }
  return sample;
}

/** Whether the other's media arrived between two samples. */
export function receivingBetween(prev: StatsSample | null, next: StatsSample): boolean {
  return prev !== null && next.bytesReceived > prev.bytesReceived;
}

/** Round trip and loss between two samples, and a word for them (thresholds of common video-call practice). */
export function qualityBetween(prev: StatsSample | null, next: StatsSample): CallQuality {
  const received = prev ? next.packetsReceived - prev.packetsReceived : 0;
  const lost = prev ? Math.max(0, next.packetsLost - prev.packetsLost) : 0;
  const lossPercent = received + lost > 0 ? Math.round((lost / (received + lost)) * 1000) / 10 : null;
  const rtt = next.rttMs;
  const level: CallQuality["level"] =
    (rtt !== null && rtt > 400) || (lossPercent !== null && lossPercent > 8)
      ? "poor"
      : (rtt !== null && rtt > 150) || (lossPercent !== null && lossPercent > 2)
        ? "fair"
        : "good";
  return { rttMs: rtt, lossPercent, level };
}
