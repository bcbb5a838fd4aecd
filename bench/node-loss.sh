#!/usr/bin/env bash
# The master's node lost while the replica is behind (zero lost acknowledged writes): writers through
# the DB VIP, n1 and n2 cut from each other for a moment, then n1's link down; every acknowledged
# number looked for on n2. Rounds alternate semi-synchronous replication (the lab's setting, what
# docs/runbook.md sets up) and asynchronous (the reference: what MHA and the seed's scripts run on),
# in the same run (io.hactl.bench.NodeLossBench). Prints per round and in total the acknowledged
# writes lost and the insert rate before the fault (semi-sync's cost, as a ratio); exit 1 when a
# semi-sync round lost one. The lab is healed after each round.
#
# Usage: sudo bench/node-loss.sh [--rounds N] [--writers N] [--behind-ms MS]   (defaults 5, 4, 500)
# Needs a lab (sudo bin/hactl lab up); holds the lab tests' lock while it runs.
# Figures go to bench/results/node-loss-TIME/figures.txt (gitignored).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
source "$HERE/bench/classpath.sh"   # BENCH_CP: the product, then the lab module; built on first use
OUT="$HERE/bench/results/node-loss-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
echo "uptime before: $(uptime)" | tee "$OUT/figures.txt"
set +e
java -XX:+UseSerialGC -cp "$BENCH_CP" io.hactl.bench.NodeLossBench "$@" | tee -a "$OUT/figures.txt"
RC=${PIPESTATUS[0]}
set -e
echo "uptime after: $(uptime)" | tee -a "$OUT/figures.txt"
echo "(saved in $OUT/figures.txt)"
exit "$RC"
