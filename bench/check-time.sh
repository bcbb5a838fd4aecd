#!/usr/bin/env bash
# Wall and CPU time of `hactl check` on the lab (both nodes), of `hactl status` answered by a running controller,
# and of `hactl --help`, RUNS times each in fresh JVMs through bin/hactl (its JVM options and its CDS archive).
# With REF (a git ref, or a directory holding a tree built already), that version is measured too, interleaved
# with this tree run by run so that the machine's load falls on both alike, and the ratio this/REF is printed.
# Usage: bench/check-time.sh [RUNS] [REF]   (needs a lab: bin/hactl lab up; take the lab's turn lock around it)
# The controller that answers `status` is started here from this tree (bin/hactl controller, the lab's config)
# when none answers on the config's controller.listen, and stopped at the end. No assertion: figures for the notes
# (docs/controller-figures.md, "Start of a command"). Prints the load average: figures on shared cores are noisy.
# HACTL_CONFIG=F with F a copy of the lab's config whose nodes are 127.0.0.x (and its own state_directory and
# controller.listen) measures status and --help without the lab (its check then measures unreachable nodes).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS="${1:-10}"
REF="${2:-}"
CONFIG="${HACTL_CONFIG:-/var/lib/hactl-lab/hactl.yml}"
WORK="$(mktemp -d /tmp/hactl-check-time.XXXXXX)"
CONTROLLER_PID=

cleanup() {
  if [[ -n "$CONTROLLER_PID" ]]; then kill "$CONTROLLER_PID" 2>/dev/null || true; wait "$CONTROLLER_PID" 2>/dev/null || true; fi
  [[ -d "$WORK/ref" && ! -L "$WORK/ref" ]] && git -C "$HERE" worktree remove --force "$WORK/ref" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

TREES=(this)
if [[ -n "$REF" ]]; then
  if [[ -d "$REF" ]]; then
    ln -s "$(cd "$REF" && pwd)" "$WORK/ref"
  else
    git -C "$HERE" worktree add --detach "$WORK/ref" "$REF" >/dev/null 2>&1
    echo "building $REF ($(git -C "$WORK/ref" rev-parse --short HEAD)) in $WORK/ref ..." >&2
    (cd "$WORK/ref" && mvn -B -o -q -DskipTests -Dmaven.test.skip=true package -pl controller -am >&2)
  fi
  TREES=(ref this)
fi
hactl_of() { [[ "$1" == this ]] && echo "$HERE/bin/hactl" || echo "$WORK/ref/bin/hactl"; }

source "$HERE/bench/controller-running.sh"   # CONTROLLER_PID: one started here, stopped by cleanup

measure() { # file, command...: appends "wall_ms cpu_ms exit" (CPU: user + sys of all threads)
  local file="$1" t rc; shift
  set +e
  t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 | tail -1); rc=$?
  set -e
  awk -v t="$t" -v rc="$rc" 'BEGIN { split(t, v, " "); printf "%d %d %d\n", v[1] * 1000, (v[2] + v[3]) * 1000, rc }' >>"$file"
}
declare -A CMDS=(
  [help]="--help"
  [check]="check --config $CONFIG"
  [status]="status --config $CONFIG"
)
for t in "${TREES[@]}"; do   # warm-up: the first run after a build dumps the CDS archive
  for k in help check status; do
    # shellcheck disable=SC2086 # the command's words
    "$(hactl_of "$t")" ${CMDS[$k]} >/dev/null 2>&1 || true
  done
done
"$(hactl_of this)" status --config "$CONFIG" 2>/dev/null | sed -n 2p >"$WORK/status-says" || true
for _ in $(seq "$RUNS"); do
  for k in help check status; do
    for t in "${TREES[@]}"; do
      # shellcheck disable=SC2086
      measure "$WORK/$t.$k" "$(hactl_of "$t")" ${CMDS[$k]}
    done
  done
done

stat() { # file, column, median|min|max
  awk -v c="$2" '{ print $c }' "$1" | sort -n | awk -v q="$3" '{ v[NR] = $1 } END {
    if (q == "min") print v[1]; else if (q == "max") print v[NR];
    else print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
printf '%s runs, load average %s, %s cores, config %s\n' "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)" "$CONFIG"
printf 'status said: %s\n' "$(cat "$WORK/status-says")"
for k in help check status; do
  for t in "${TREES[@]}"; do
    f="$WORK/$t.$k"
    printf '%-7s %-5s wall median %5.0f ms (min %5.0f, max %5.0f)  cpu median %5.0f ms  last exit %d\n' "$k" "$t" \
      "$(stat "$f" 1 median)" "$(stat "$f" 1 min)" "$(stat "$f" 1 max)" "$(stat "$f" 2 median)" "$(tail -1 "$f" | cut -d' ' -f3)"
  done
  if [[ -n "$REF" ]]; then
    awk -v a="$(stat "$WORK/ref.$k" 1 median)" -v b="$(stat "$WORK/this.$k" 1 median)" \
        -v ca="$(stat "$WORK/ref.$k" 2 median)" -v cb="$(stat "$WORK/this.$k" 2 median)" \
        -v k="$k" 'BEGIN { printf "%-7s this/ref: wall %.2f, cpu %.2f\n", k, b / a, cb / ca }'
  fi
done
