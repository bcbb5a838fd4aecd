#!/usr/bin/env bash
# Switchover bench (issue 3): while a client writes numbered rows through the DB VIP as the
# application user, `hactl db-master-set` switches the master back and forth. Prints, per run
# and as min/median/max: the longest time no write succeeded, the command's wall time, and
# hactl's own read-only window; then whether any acknowledged write is missing on a node and
# whether both nodes were ever writable at once. MHA's online switch, measured on this kind
# of lab: longest write gap 1.375 s median, command 2.0 s (docs: /work/shared/lab-notes.md).
#
# Usage: sudo bench/switchover.sh [RUNS] [--without-services] [--reference OTHER_HACTL]
#   RUNS default 10; needs a lab (sudo bin/hactl lab up). --without-services: the app services are
#   stopped first, so the figures are the database switch alone (as MHA's, which leaves them alone).
#   --reference OTHER_HACTL: another build's bin/hactl (the code before a change) alternates with this one
#   (A B B A ...), RUNS each, in the same run under the same load: the figures side by side, as ratios.
# Each run also says where the command's wall went (JVM start + config, both nodes read, steps to the commit
# point, after it, exit: from the moments its output lines arrived) and, without --reference, how long
# 'hactl --version' alone takes (the JVM's start).
# Holds the lab-test lock while it runs (taken in Java, as LabExtension takes it: a POSIX lock,
# which flock(1) would not exclude): a lab test run of another checkout on this machine waits.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS="${1:-10}"
shift || true
CONFIG="${HACTL_CONFIG:-/var/lib/hactl-lab/hactl.yml}"
source "$HERE/bench/classpath.sh"   # BENCH_CP: the product, then the lab module; built on first use
mkdir -p "$HERE/bench/results"
OUT="$HERE/bench/results/switchover-$(date -u +%Y%m%dT%H%M%SZ).txt"
java -XX:+UseSerialGC -cp "$BENCH_CP" io.hactl.bench.SwitchoverBench \
    --runs "$RUNS" --hactl "$HERE/bin/hactl" --config "$CONFIG" "$@" | tee "$OUT"
echo "(saved in $OUT)"
