// npm run bench [-- --quick] [-- --runs N] [-- race|finalize|capture|payouts]
// Prints medians of several runs and ratios against a baseline measured in the same run.
import { captureThroughput } from "./capture-throughput";
import { finalizeBench } from "./finalize";
import { fmt, median, quick, runsFromArgs } from "./lib/stats";
import { startStack } from "./lib/stack";
import { payoutsBench } from "./payouts";
import { raceStorm } from "./race-storm";

const only = ["race", "finalize", "capture", "payouts"].filter((n) => process.argv.includes(n));
const want = (n: string) => only.length === 0 || only.includes(n);
const runs = runsFromArgs();
const size = { race: quick ? 200 : 1_000, finalize: quick ? 2_000 : 10_000, capture: quick ? 200 : 1_000, payouts: quick ? 1_000 : 5_000 };

async function repeat<T extends Record<string, number>>(name: string, fn: () => Promise<T>): Promise<Record<string, string>> {
  const results: T[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await fn();
    results.push(r);
    console.log(`  ${name} run ${i + 1}/${runs}:`, Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fmt(v, 2)])));
  }
  const keys = Object.keys(results[0]!);
  return Object.fromEntries(keys.map((k) => [k, fmt(median(results.map((r) => r[k]!)), 2)]));
}

const stack = await startStack();
const summary: Record<string, Record<string, string>> = {};
try {
  console.log(`machine: ${(await import("node:os")).cpus().length} cores; ${runs} run(s) each; sizes ${JSON.stringify(size)}`);
  if (want("race")) summary[`race storm (${size.race} lessons)`] = await repeat("race", () => raceStorm(stack, size.race));
  if (want("finalize"))
    summary[`finalize (${size.finalize} due lessons)`] = await repeat("finalize", () => finalizeBench(stack, size.finalize));
  if (want("capture"))
    summary[`capture throughput (${size.capture}, 200 ms, 100/s)`] = await repeat("capture", () => captureThroughput(stack, size.capture));
  if (want("payouts")) summary[`payout run (${size.payouts} tutors)`] = await repeat("payouts", () => payoutsBench(stack, size.payouts));
  console.log("\nMedians:");
  for (const [name, r] of Object.entries(summary)) {
    console.log(`\n${name}`);
    console.table(r);
  }
} finally {
  await stack.close();
}
