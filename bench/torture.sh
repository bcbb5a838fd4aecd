#!/usr/bin/env bash
# The torture run (issue 13): does hactl lose an acknowledged write, or call an unsafe pair healthy?
# 1. SWITCHOVERS planned switchovers back and forth (hactl db-master-set) while two writers insert
#    numbered rows through the DB VIP, the application's account (app) and a privileged one (hactl,
#    ALL PRIVILEGES: read_only does not stop it), each keeping every acknowledged id; samplers read
#    read_only on both nodes every 50 ms and ask who answers ARP for the DB VIP; then a checker:
#    every acknowledged id on the final master exactly once, equal CHECKSUM TABLE, equal GTIDs.
# 2. The fault matrix (io.hactl.bench.FaultMatrix, 14 rows), each fault applied as data under the
#    writers with a controller of its own, acknowledged where the row says so, always healed; each
#    row's expected state, proposal, risk, outcome and rows lost against what was seen.
# Prints as it goes; writes docs/reliability.md (date, commit, machine, then the results tables)
# and bench/results/torture-TIME/ (results.md, switchovers.log, fault-NN.log: each row's controller).
#
# Usage: sudo bench/torture.sh [SWITCHOVERS] [--faults all|none|1,5,14]
#   SWITCHOVERS default 100. Needs a lab (sudo bin/hactl lab up). ~5 s a switchover, ~30-60 s a fault.
# Holds the lab-test lock while it runs (taken in Java, as LabExtension takes it); exit 0 when every
# expectation held, 1 when one did not (the tables say which), 3 on bad usage.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
SWITCHOVERS="${1:-100}"
shift || true
if [[ ! "$SWITCHOVERS" =~ ^[0-9]+$ ]]; then
  echo "torture.sh: SWITCHOVERS must be a count (got '$SWITCHOVERS'); usage: bench/torture.sh [SWITCHOVERS] [--faults all|none|1,5,14]" >&2
  exit 3
fi
CONFIG="${HACTL_CONFIG:-/var/lib/hactl-lab/hactl.yml}"
source "$HERE/bench/classpath.sh"   # BENCH_CP: the product, then the lab module; built on first use
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$HERE/bench/results/torture-$STAMP"
mkdir -p "$OUT"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
set +e
java -XX:+UseSerialGC -cp "$BENCH_CP" io.hactl.bench.TortureBench --switchovers "$SWITCHOVERS" \
    --config "$CONFIG" --results "$OUT" "$@" | tee "$OUT/output.txt"
RC=${PIPESTATUS[0]}
set -e
if [[ -f "$OUT/results.md" ]]; then
  COMMIT="$(git -C "$HERE" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  if ! git -C "$HERE" diff --quiet HEAD 2>/dev/null; then COMMIT="$COMMIT (with uncommitted changes)"; fi
  MEM_MB="$(awk '/^MemTotal:/ {printf "%d", $2 / 1024}' /proc/meminfo)"
  {
    echo "# Reliability: the torture run"
    echo
    echo "Written by \`bench/torture.sh\` (issue 13); re-run it after a change to the promotion, the"
    echo "fence or the detection. Expectations are what issue 13 asks for: a FAIL names a defect."
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "- commit: $COMMIT"
    echo "- machine: $(nproc) cores, ${MEM_MB} MB memory, kernel $(uname -r), load before: $LOAD_BEFORE"
    echo "- command: bench/torture.sh $SWITCHOVERS${*:+ $*}; exit $RC"
    echo "- logs: bench/results/torture-$STAMP/ (not in git)"
    echo
    cat "$OUT/results.md"
  } > "$HERE/docs/reliability.md"
  echo "(written: docs/reliability.md; logs in $OUT)"
fi
exit "$RC"
