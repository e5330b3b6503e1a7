#!/usr/bin/env bash
# Runs everything CI checks: set-up (idempotent), type check and lint, then every test — unit,
# property and fuzz tests of the ledger, and multi-node tests against real CometBFT processes.
# Tests run one file at a time: the multi-node ones start 4 validators on this machine's 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
npm run --silent lint
mapfile -t files < <(find ledger cli test api indexer web -name '*.test.ts' -not -path '*/node_modules/*' | sort)
if [ "${#files[@]}" -eq 0 ]; then echo "no test files found" >&2; exit 1; fi
exec node --import tsx --test --test-concurrency=1 --test-reporter=spec "${files[@]}"
