#!/usr/bin/env bash
# Wall time of `hactl check` on the lab (both nodes) and of `hactl --help`.
# Usage: bench/check-time.sh [RUNS]   (needs a lab: sudo bin/hactl lab up)
# Prints min / median / max in ms for each. No assertion: figures for the issue note.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS="${1:-10}"
HACTL="$HERE/bin/hactl"
CONFIG="${HACTL_CONFIG:-/var/lib/hactl-lab/hactl.yml}"

measure() { # label, command...
  local label="$1"; shift
  local times=() t0 t1 rc
  "$@" >/dev/null 2>&1 || true   # warm-up (page cache, first build)
  for _ in $(seq "$RUNS"); do
    t0=$(date +%s%N); set +e; "$@" >/dev/null 2>&1; rc=$?; set -e; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  IFS=$'\n' sorted=($(sort -n <<<"${times[*]}")); unset IFS
  local n=${#sorted[@]}
  printf '%-28s runs=%-3d min=%5d ms  median=%5d ms  max=%5d ms  (last exit %d)\n' \
    "$label" "$n" "${sorted[0]}" "${sorted[$((n / 2))]}" "${sorted[$((n - 1))]}" "$rc"
}

measure "hactl --help" "$HACTL" --help
measure "hactl check (lab, 2 nodes)" "$HACTL" check --config "$CONFIG"
measure "hactl check --json" "$HACTL" check --config "$CONFIG" --json
