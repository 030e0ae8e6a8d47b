#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh machine, then runs it:
# a C++ compiler, npm packages (better-sqlite3 built), Redis and the MongoDB-wire server (FerretDB)
# for the integration tests, Chromium for the browser tests; type check (the TypeScript, and the
# console's browser JavaScript through its JSDoc types), flow check, jest. Ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> services for the integration tests (and the compiler npm install needs)"
bash scripts/setup-services.sh --with-chromium

echo "==> npm packages"
# `npm install` rather than `npm ci`: it honours the lock file but tolerates optional native
# builds for other platforms that this registry does not serve (msgpackr-extract, via bull).
# Its postinstall builds better-sqlite3, compiles src/ and bundles the Flows page's editor
# (scripts/setup/postinstall.js).
npm install --no-audit --no-fund --loglevel=error

echo "==> type check"
npx tsc --noEmit -p tsconfig.json

echo "==> type check of the console's browser JavaScript (JSDoc types)"
npx tsc -p tsconfig.console.json

echo "==> flow files"
npx tsx scripts/check-flows.ts

echo "==> tests"
results="$(mktemp --suffix=.json)"
status=0
npx jest --ci --json --outputFile="$results" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + r.numTodoTests;
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed` + (skipped ? `, ${skipped} skipped` : ""));
  if (r.numTotalTests === 0) { console.error("no test ran"); process.exit(1); }
  if (skipped > 0) { console.error("skipped tests are not allowed in CI"); process.exit(1); }
' "$results" || status=1
rm -f "$results"
exit "$status"
