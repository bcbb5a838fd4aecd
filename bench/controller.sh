#!/usr/bin/env bash
# Controller bench (issues 5 and 6): detection, alerts and failover on the lab, and the
# controller's idle footprint. Once: `bin/hactl controller` as its own process (the systemd
# unit's HACTL_JAVA_OPTS) idle on a healthy lab for 60 s: CPU % and RSS from /proc. Then per
# run: heal (n1 master), a controller in the bench's JVM over a copy of the lab config (own
# state directory, alerts to a local Slack-format webhook and a local SMTP server, GreenMail), a writer
# through the DB VIP as the app user, kill -9 of n1's mariadbd; measured: kill -> failover
# proposal, -> first chat message, -> first [CRITICAL] email; then ack -> n2 writable through
# the VIP and ack -> first write acknowledged again. Prints per run and min/median/max, the
# goals (detection <= 3 s and its median <= 0.5 s (issue 20), alerts <= 3 s, ack -> writable <= 2 s,
# RSS <= 300 MB) and MHA's
# figures measured the same day (kill -> decided dead 3.39 s median, -> writable through the VIP 6.76 s:
# /work/shared/lab-notes.md). The lab is healed at the end, also on failure.
#
# Usage: sudo bench/controller.sh [RUNS] [--idle SECONDS]
#   RUNS default 10; --idle 0 skips the idle measurement. Needs a lab (sudo bin/hactl lab up).
# Holds the lab-test lock while it runs (taken in Java, as LabExtension takes it: a POSIX lock,
# which flock(1) would not exclude): a lab test run of another checkout on this machine waits.
# Figures and the controller's output go to bench/results/controller-TIME/ (gitignored).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS="${1:-10}"
shift || true
CONFIG="${HACTL_CONFIG:-/var/lib/hactl-lab/hactl.yml}"
source "$HERE/bench/classpath.sh"   # BENCH_CP: the product, then the lab module; built on first use
OUT="$HERE/bench/results/controller-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$OUT"
echo "uptime before: $(uptime)" | tee "$OUT/figures.txt"
set +e
java -XX:+UseSerialGC -cp "$BENCH_CP" io.hactl.bench.ControllerBench \
    --runs "$RUNS" --hactl "$HERE/bin/hactl" --config "$CONFIG" --unit "$HERE/conf/hactl-controller.service" \
    --results "$OUT" "$@" | tee -a "$OUT/figures.txt"
RC=${PIPESTATUS[0]}
set -e
echo "uptime after: $(uptime)" | tee -a "$OUT/figures.txt"
echo "(saved in $OUT/figures.txt)"
exit "$RC"
