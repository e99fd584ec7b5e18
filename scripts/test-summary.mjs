// Prints one closing line for the whole `npm test`: "N passed, N failed", and names every failed test: CI keeps
// only the tail of the output, and a failure must be findable from there.
import { existsSync, readFileSync } from "node:fs";

const failures = [];

let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of ["unit", "integration"]) {
  const file = `.data/reports/${name}.json`;
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, "utf8"));
  console.log(`${name}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  for (const file of r.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === "failed");
    for (const t of failedTests) failures.push(`${name}: ${file.name} › ${t.fullName}: ${firstLine(t.failureMessages)}`);
    // a file can fail without a failed test (an error in a hook or at import)
    if (file.status === "failed" && failedTests.length === 0) failures.push(`${name}: ${file.name}: ${file.message}`);
  }
}
const e2e = ".data/reports/e2e.json";
if (existsSync(e2e)) {
  const s = JSON.parse(readFileSync(e2e, "utf8")).stats;
  console.log(`e2e: ${s.expected + s.flaky} passed, ${s.unexpected} failed`);
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
}
for (const f of failures) console.log(`FAILED ${f}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);

function firstLine(messages) {
  return String(messages?.[0] ?? "")
    .split("\n")[0]
    .slice(0, 300);
}
