import { describe, expect, it } from "vitest";
import { qualityBetween, receivingBetween, sampleOf } from "./call-stats";

type Stat = Record<string, unknown> & { type: string; id: string };
const report = (...stats: Stat[]) => new Map(stats.map((s) => [s.id, s]));

function stats(at: number, o: { bytes: number; packets: number; lost: number; frames: number; rtt: number; relay?: boolean }) {
  return report(
    {
      id: "in-v",
      type: "inbound-rtp",
      kind: "video",
      timestamp: at,
      bytesReceived: o.bytes,
      packetsReceived: o.packets,
      packetsLost: o.lost,
      framesDecoded: o.frames,
    },
    { id: "in-a", type: "inbound-rtp", kind: "audio", timestamp: at, bytesReceived: 100, packetsReceived: 10, packetsLost: 0 },
    { id: "t", type: "transport", timestamp: at, selectedCandidatePairId: "p1" },
    { id: "p0", type: "candidate-pair", state: "failed", localCandidateId: "l0", remoteCandidateId: "r0" },
    {
      id: "p1",
      type: "candidate-pair",
      state: "succeeded",
      nominated: true,
      currentRoundTripTime: o.rtt,
      localCandidateId: "l1",
      remoteCandidateId: "r1",
    },
    { id: "l1", type: "local-candidate", candidateType: o.relay ? "relay" : "host" },
    { id: "r1", type: "remote-candidate", candidateType: o.relay ? "relay" : "srflx" },
  );
}

describe("call stats", () => {
  it("sums inbound media and reads the selected pair", () => {
    const s = sampleOf(stats(1000, { bytes: 5000, packets: 50, lost: 2, frames: 30, rtt: 0.042, relay: true }));
    expect(s).toEqual({
      at: 1000,
      bytesReceived: 5100,
      packetsReceived: 60,
      packetsLost: 2,
      framesDecoded: 30,
      rttMs: 42,
      localCandidateType: "relay",
      remoteCandidateType: "relay",
    });
  });

  it("falls back to the nominated succeeded pair without a transport entry", () => {
    const r = stats(1000, { bytes: 1, packets: 1, lost: 0, frames: 0, rtt: 0.2 });
    r.delete("t");
    expect(sampleOf(r).rttMs).toBe(200);
  });

  it("quality: loss over the interval and round trip decide the word", () => {
    const a = sampleOf(stats(1000, { bytes: 1000, packets: 100, lost: 0, frames: 10, rtt: 0.02 }));
    const good = sampleOf(stats(3000, { bytes: 9000, packets: 300, lost: 1, frames: 70, rtt: 0.03 }));
    expect(qualityBetween(a, good)).toEqual({ rttMs: 30, lossPercent: 0.5, level: "good" });
    const lossy = sampleOf(stats(3000, { bytes: 9000, packets: 190, lost: 10, frames: 70, rtt: 0.03 }));
    expect(qualityBetween(a, lossy)).toEqual({ rttMs: 30, lossPercent: 10, level: "poor" });
    const slow = sampleOf(stats(3000, { bytes: 9000, packets: 300, lost: 0, frames: 70, rtt: 0.25 }));
    expect(qualityBetween(a, slow).level).toBe("fair");
    expect(qualityBetween(null, a)).toEqual({ rttMs: 20, lossPercent: null, level: "good" });
  });

  it("receiving means bytes arrived since the previous sample", () => {
    const a = sampleOf(stats(1000, { bytes: 1000, packets: 1, lost: 0, frames: 1, rtt: 0 }));
    const same = sampleOf(stats(3000, { bytes: 1000, packets: 1, lost: 0, frames: 1, rtt: 0 }));
    const more = sampleOf(stats(3000, { bytes: 2000, packets: 2, lost: 0, frames: 2, rtt: 0 }));
    expect([receivingBetween(null, a), receivingBetween(a, same), receivingBetween(a, more)]).toEqual([false, false, true]);
  });
});
