"use client";

import { useEffect, useState } from "react";

/** The microphone's loudness, 0–1, about ten times a second: the pre-join check's level meter. */
export function useMicLevel(track: MediaStreamTrack | null, enabled: boolean): number {
  const [level, setLevel] = useState(0);
  useEffect(() => {
    if (!track || !enabled || typeof AudioContext === "undefined") return;
    const ctx = new AudioContext();
    void ctx.resume().catch(() => {});
    const source = ctx.createMediaStreamSource(new MediaStream([track]));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    // A timer rather than requestAnimationFrame: it keeps going (slowly) in a background tab.
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const s of samples) sum += s * s;
      const rms = Math.sqrt(sum / samples.length);
      setLevel(Math.min(1, rms * 4)); // speech peaks around 0.1–0.3 RMS
    }, 100);
    return () => {
      clearInterval(timer);
      source.disconnect();
      void ctx.close().catch(() => {});
    };
  }, [track, enabled]);
  return track && enabled ? level : 0;
}
