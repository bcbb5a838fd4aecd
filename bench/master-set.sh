#!/usr/bin/env bash
# master-set on the lab, back and forth: command wall time and the longest time the
# application did not answer through the app VIP. Usage: bench/master-set.sh [RUNS]
# Needs a lab (sudo bin/hactl lab up); leaves the app on n1 when RUNS is even.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
source "$HERE/bench/classpath.sh"   # BENCH_CP: the product, then the lab module; built on first use
exec java -cp "$BENCH_CP" \
  io.hactl.bench.MasterSetBench "${HACTL_CONFIG:-/var/lib/hactl-lab/hactl.yml}" "${1:-6}"
