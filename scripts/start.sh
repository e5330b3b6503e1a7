#!/usr/bin/env bash
# Starts the whole system on this machine: a 4-validator local network (one node per demo
# institution: LKPP, Pemkot Bandung, BPKP Jawa Barat, Inspektorat Kota Bandung), seeded with the
# demo world (people, suppliers, RUP packages and processes at every stage) through real signed
# transactions. Keeps running;
# Ctrl-C stops.
#   PRASASTI_FRESH=1 npm start   wipes the network and starts from a new genesis
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
home="${PRASASTI_HOME:-$root/.localnet}"
if [ "${PRASASTI_FRESH:-}" = "1" ] || [ ! -f "$home/network.json" ]; then
  # The demo calendar runs at one ledger day per second while the demo processes are lived
  # through, from a ledger date 185 days back; the seed then votes it back to real time.
  node cli/bin/prasasti.mjs init --home "$home" --time-scale 86400 --backdate-days 185 --force
fi
exec node cli/bin/prasasti.mjs localnet start --home "$home" --seed
