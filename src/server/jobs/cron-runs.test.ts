import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CRON_INTERVAL_MINUTES } from "./cron-runs";

// The health check's idea of each schedule must be vercel.json's.
const minutesOf = (schedule: string) => {
  const [minute, hour] = schedule.split(" ");
  if (minute === "*" && hour === "*") return 1;
  const every = /^\*\/(\d+)$/.exec(minute!);
  if (every && hour === "*") return Number(every[1]);
  if (/^\d+$/.test(minute!) && hour === "*") return 60;
  throw new Error(`schedule ${schedule} is not understood by this test; extend it`);
};

describe("cron schedules", () => {
  it("match vercel.json, route by route", () => {
    const vercel = JSON.parse(readFileSync(new URL("../../../vercel.json", import.meta.url), "utf8")) as {
      crons: { path: string; schedule: string }[];
    };
    const fromVercel = Object.fromEntries(vercel.crons.map((c) => [c.path.replace("/api/cron/", ""), minutesOf(c.schedule)]));
    expect(fromVercel).toEqual(CRON_INTERVAL_MINUTES);
  });
});
