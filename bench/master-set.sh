#!/usr/bin/env bash
# master-set on the lab, back and forth: command wall time and the longest time the
# application did not answer through the app VIP. Usage: bench/master-set.sh [RUNS]
# Needs a lab (sudo bin/hactl lab up); leaves the app on n1 when RUNS is even.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
"$HERE/bin/hactl" --version >/dev/null   # builds on first use
exec java -cp "$HERE/controller/target/hactl.jar:$HERE/controller/target/lib/*" \
  io.hactl.bench.MasterSetBench "${HACTL_CONFIG:-/var/lib/hactl-lab/hactl.yml}" "${1:-6}"
