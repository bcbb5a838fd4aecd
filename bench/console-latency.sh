#!/usr/bin/env bash
# Console latency bench (issue 17's figure): a state change on the pair -> visible on the open console page,
# without a reload. A controller daemon on the lab with console users (an operator and a viewer, random
# passwords kept in memory, bcrypt hashes in its config), Debian's chromium (Selenium, headless, no traffic off
# the lab: docs/console.md, "Browser tests") logged in on the pair page; per run n2's SQL thread is stopped
# (DEGRADED) and started again (ACTIVE_SYNCED), and each change is measured from the controller's state change
# (its status' since) and from the fault to the moment the page's #state shows it (a MutationObserver in the
# page notes Date.now(): one host clock). Prints each change, then median, p90 and max.
#
# Usage: sudo bench/console-latency.sh [--runs N]
#   N default 10. Needs a lab (sudo bin/hactl lab up) and chromium + chromium-driver (bin/setup-host.sh).
# Holds the lab-test lock while it runs (taken in Java, as LabExtension takes it: a POSIX lock,
# which flock(1) would not exclude): a lab test run of another checkout on this machine waits.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
CONFIG="${HACTL_CONFIG:-/var/lib/hactl-lab/hactl.yml}"
source "$HERE/bench/classpath.sh"   # BENCH_CP: the product, then the lab module; built on first use
if [[ ! -d "$HERE/lab/target/browser-lib" ]]; then
  (cd "$HERE" && mvn -B -q -DskipTests -Dmaven.test.skip=true package >&2)
fi
OUT="$HERE/bench/results/console-latency-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
set +e
# Selenium only here (target/browser-lib), never on bin/hactl's classpath: lab/pom.xml says why
java -XX:+UseSerialGC -cp "$BENCH_CP:$HERE/lab/target/browser-lib/*" io.hactl.bench.ConsoleLatencyBench \
    --hactl "$HERE/bin/hactl" --config "$CONFIG" --results "$OUT" "$@" | tee "$OUT/figures.txt"
RC=${PIPESTATUS[0]}
set -e
echo "(saved in $OUT/figures.txt)"
exit "$RC"
