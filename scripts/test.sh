#!/usr/bin/env bash
# npm test — everything, in order, stopping at the first failing stage:
# typecheck → lint → unit → integration (real PostgreSQL, sandboxes) → e2e (production build, Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
mkdir -p .data/reports
rm -f .data/reports/*.json

stage() { printf '\n\033[1m== %s ==\033[0m\n' "$1"; }
started=$(date +%s)

stage "typecheck (tsc)"
npx tsc --noEmit

stage "lint (eslint + prettier --check)"
npx eslint --max-warnings 0 .
npx prettier --check . --log-level warn

stage "unit (*.test.ts)"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=.data/reports/unit.json

stage "integration (*.integration.test.ts, real PostgreSQL + sandboxes)"
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json=.data/reports/integration.json

stage "e2e (Playwright, production build, Chromium)"
npx tsx --conditions=react-server scripts/e2e.ts

stage "summary"
node scripts/test-summary.mjs
echo "total time: $(( $(date +%s) - started ))s"
