#!/usr/bin/env bash
# Starts the whole system on this machine: a 4-validator local network (one node per demo
# institution: LKPP, Pemkot Bandung, BPKP Jawa Barat, Inspektorat Kota Bandung), seeded with the
# demo world's people, suppliers and RUP packages through real signed transactions. Keeps running;
# Ctrl-C stops.
#   PRASASTI_FRESH=1 npm start   wipes the network and starts from a new genesis
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
home="${PRASASTI_HOME:-$root/.localnet}"
if [ "${PRASASTI_FRESH:-}" = "1" ] || [ ! -f "$home/network.json" ]; then
  node cli/bin/prasasti.mjs init --home "$home" --force
fi
exec node cli/bin/prasasti.mjs localnet start --home "$home" --seed
