#!/usr/bin/env bash
# Node failover bench (issue 14): the whole active node lost, proposed by the controller and
# acknowledged at once. Per run: heal (n1 DB master and active application server), a controller
# in the bench's JVM over a copy of the lab config (own state directory, manual mode), a writer
# through the DB VIP as the app user, n1's link down (the whole node: no ping, no ssh, no port);
# measured: link down -> NODE_FAILOVER proposed; ack -> HTTP 200 through the app VIP (Tomcat on
# n2); ack -> first write acknowledged through the DB VIP. Also per run: the proposals made (one
# NODE_FAILOVER, no FAILOVER, no MOVE_APP, no second fence proposal), the acknowledged rows missing
# on n2 against the proposal's risk figure, and after the link comes up, how long until n1 is
# fenced and its application stopped under the same acknowledgement. Prints per run and
# min/median/max, and MHA's figure (kill -> new master writable through the VIP 7.6 s median,
# /work/shared/lab-notes.md; MHA does not move the application at all). The lab is healed at the
# end, also on failure.
#
# Usage: sudo bench/node-failover.sh [RUNS]
#   RUNS default 5. Needs a lab (sudo bin/hactl lab up). Holds the lab-test lock while it runs
#   (taken in Java, as LabExtension takes it). On a machine where engineers share the lab, run it
#   inside their turn lock as well: flock /tmp/hactl-lab-turn.lock bench/node-failover.sh
# Figures and each run's controller output go to bench/results/node-failover-TIME/ (gitignored).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS="${1:-5}"
CONFIG="${HACTL_CONFIG:-/var/lib/hactl-lab/hactl.yml}"
source "$HERE/bench/classpath.sh"   # BENCH_CP: the product, then the lab module; built on first use
OUT="$HERE/bench/results/node-failover-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
echo "uptime before: $(uptime)" | tee "$OUT/figures.txt"
set +e
java -XX:+UseSerialGC -cp "$BENCH_CP" io.hactl.bench.NodeFailoverBench \
    --runs "$RUNS" --config "$CONFIG" --results "$OUT" | tee -a "$OUT/figures.txt"
RC=${PIPESTATUS[0]}
set -e
echo "uptime after: $(uptime)" | tee -a "$OUT/figures.txt"
echo "(saved in $OUT/figures.txt)"
exit "$RC"
