// npm run bench [-- --quick] [-- --runs N] [-- race|storm|finalize|capture|shared-limit|payouts|reconcile|admin-queue|live-pages|http]
//   [-- --out FILE]   (live-pages and http need `npx next build` first and port 3501, or LIVE_PAGES_PORT)
// Prints every run and the medians, with ratios against a baseline measured in the same run, and writes them to
// docs/benchmarks.md (only the sections measured; --out writes elsewhere).
import { fileURLToPath } from "node:url";
import { adminQueueBench } from "./admin-queue";
import { captureThroughput } from "./capture-throughput";
import { finalizeBench } from "./finalize";
import { httpBench } from "./http";
import { livePagesBench } from "./live-pages";
import { type BenchmarkSpec, type Measurement, measuredHere, writeResults } from "./lib/results";
import { commandStorm } from "./command-storm";
import { ADMIN_QUEUE, ALL, CAPTURE, FINALIZE, HTTP, LIVE_PAGES, PAYOUTS, RACE, RECONCILE, SHARED_LIMIT, STORM } from "./lib/specs";
import { fmt, median, quick, runsFromArgs } from "./lib/stats";
import { type Stack, startStack } from "./lib/stack";
import { payoutsBench } from "./payouts";
import { raceStorm } from "./race-storm";
import { reconcileBench } from "./reconcile";
import { sharedLimitBench } from "./shared-limit";

const argv = process.argv.slice(2);
const outAt = argv.indexOf("--out");
const out = outAt >= 0 ? argv[outAt + 1]! : fileURLToPath(new URL("../docs/benchmarks.md", import.meta.url));
const only = ALL.map((b) => b.id).filter((id) => argv.includes(id));
const runs = runsFromArgs();

const BENCHMARKS: { spec: BenchmarkSpec; size: number; run: (stack: Stack, n: number) => Promise<Record<string, number>> }[] = [
  { spec: RACE, size: quick ? 200 : 1_000, run: raceStorm },
  { spec: STORM, size: quick ? 200 : 1_000, run: commandStorm },
  { spec: FINALIZE, size: quick ? 2_000 : 10_000, run: finalizeBench },
  { spec: CAPTURE, size: quick ? 200 : 1_000, run: captureThroughput },
  { spec: SHARED_LIMIT, size: quick ? 300 : 1_000, run: sharedLimitBench },
  { spec: PAYOUTS, size: quick ? 1_000 : 5_000, run: payoutsBench },
  { spec: RECONCILE, size: quick ? 1_000 : 10_000, run: reconcileBench },
  { spec: ADMIN_QUEUE, size: quick ? 10_000 : 100_000, run: (stack, n) => adminQueueBench(stack, n) },
  { spec: LIVE_PAGES, size: quick ? 300 : 1_000, run: livePagesBench },
  { spec: HTTP, size: 100, run: httpBench },
];
const chosen = BENCHMARKS.filter((b) => only.length === 0 || only.includes(b.spec.id));

const stack = await startStack();
const measured: Measurement[] = [];
try {
  const context = measuredHere(argv, quick);
  console.log(`machine: ${context.machine}; ${runs} run(s) each; sizes ${chosen.map((b) => `${b.spec.id} ${b.size}`).join(", ")}`);
  for (const b of chosen) {
    const results: Record<string, number>[] = [];
    for (let i = 0; i < runs; i++) {
      const r = await b.run(stack, b.size);
      results.push(r);
      console.log(`  ${b.spec.id} run ${i + 1}/${runs}:`, Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fmt(v, 2)])));
    }
    measured.push({ spec: b.spec, size: b.size, runs: results, context });
  }
  console.log("\nMedians:");
  for (const m of measured) {
    console.log(`\n${m.spec.title} (${m.size} ${m.spec.unit})`);
    console.table(Object.fromEntries(Object.keys(m.runs[0]!).map((k) => [k, fmt(median(m.runs.map((r) => r[k]!)), 2)])));
  }
  writeResults(
    out,
    measured,
    ALL.map((b) => b.id),
  );
  console.log(`\nwrote ${out}`);
} finally {
  await stack.close();
}
