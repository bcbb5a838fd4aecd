#!/usr/bin/env bash
# Coordination bench (issue 16): three controllers (n1, n2, the witness w) on the lab's ZooKeeper
# ensemble, one leading (io.hactl.bench.CoordinationBench over io.hactl.lab.LabControllers).
#  - the leader's controller killed (kill -9) -> the new leader's first probe cycle as leader, per run
#    (goal: median <= 5 s); and -> the new leadership itself;
#  - the master's node lost with its controller and its ZooKeeper member (ip link set eth0 down inside
#    hactl-n1, n1 leading) -> the failover proposal from the new leader, per run (goal: <= 8 s);
#  - the idle footprint of each controller (coordination on) and each ZooKeeper member: CPU % and RSS
#    over --idle seconds (default 60).
# Prints per run and median/min/max with the goals. The controllers are removed and the lab healed at
# the end, also on failure.
#
# Usage: sudo bench/coordination.sh [--runs N] [--node-runs N] [--idle SECONDS]
#        sudo bench/coordination.sh --short     # 1 run each, 10 s idle (~2 min): a smoke test of the bench
# Needs a lab (sudo bin/hactl lab up). Holds the lab tests' lock while it runs (taken in Java, as
# LabExtension takes it); on a machine shared by several checkouts also run it under the lab turn:
#   flock /tmp/hactl-lab-turn.lock sudo bench/coordination.sh
# Figures go to bench/results/coordination-TIME/figures.txt (gitignored).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
ARGS=("$@")
if [[ "${1:-}" == "--short" ]]; then
  ARGS=(--runs 1 --node-runs 1 --idle 10)
fi
source "$HERE/bench/classpath.sh"   # BENCH_CP: the product, then the lab module; built on first use
export HACTL_HOME="$HERE"           # the lab's controllers run this checkout's bin/hactl
OUT="$HERE/bench/results/coordination-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
echo "uptime before: $(uptime)" | tee "$OUT/figures.txt"
set +e
java -XX:+UseSerialGC -cp "$BENCH_CP" io.hactl.bench.CoordinationBench "${ARGS[@]}" | tee -a "$OUT/figures.txt"
RC=${PIPESTATUS[0]}
set -e
echo "uptime after: $(uptime)" | tee -a "$OUT/figures.txt"
echo "(saved in $OUT/figures.txt)"
exit "$RC"
