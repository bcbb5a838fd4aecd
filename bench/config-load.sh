#!/usr/bin/env bash
# Start-up cost of loading hactl.yml, two versions of the code side by side: a command that
# reads and checks a config and exits without any network (`hactl conf check --config F`), and
# one that loads no config (`hactl --version`), RUNS times each in fresh JVMs through each tree's
# own bin/hactl (its JVM options and its CDS archive, recorded by its `warmup`), interleaved so
# that the machine's load falls on both alike. Both versions are built from git (clean, in
# throw-away worktrees under /tmp, removed at the end): the working tree is not measured.
# Prints median and p90 per version and the ratio B/A; "config load" is conf check minus --version
# (the JVM's and picocli's start taken out). Also says whether both printed the same problems.
# Usage: bench/config-load.sh [RUNS] [REF_A] [REF_B]   (defaults: 20 main HEAD; a REF that is a
# directory is a tree built already, measured as it is)
# The config: REF_A's conf/hactl.yml (its key and password files do not exist here: conf check
# reports them and exits 1 after the whole load), or $HACTL_BENCH_CONFIG.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS="${1:-20}"
REF_A="${2:-main}"
REF_B="${3:-HEAD}"
WORK="$(mktemp -d /tmp/hactl-config-load.XXXXXX)"

cleanup() {
  for t in a b; do
    [[ -d "$WORK/$t" && ! -L "$WORK/$t" ]] && git -C "$HERE" worktree remove --force "$WORK/$t" >/dev/null 2>&1 || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

build() { # dir, ref (a directory: a tree built already, used as it is)
  if [[ -d "$2" ]]; then
    ln -s "$(cd "$2" && pwd)" "$1"
    return
  fi
  git -C "$HERE" worktree add --detach "$1" "$2" >/dev/null 2>&1
  echo "building $2 ($(git -C "$1" rev-parse --short HEAD)) in $1 ..." >&2
  (cd "$1" && mvn -B -o -q -DskipTests -Dmaven.test.skip=true clean package >&2)
}
build "$WORK/a" "$REF_A"
build "$WORK/b" "$REF_B"
CONFIG="${HACTL_BENCH_CONFIG:-$WORK/hactl.yml}"
[[ -n "${HACTL_BENCH_CONFIG:-}" ]] || cp "$WORK/a/conf/hactl.yml" "$CONFIG"

# First run of each launcher records its CDS archive; the second checks it is used.
for t in a b; do
  "$WORK/$t/bin/hactl" conf check --config "$CONFIG" >"$WORK/$t.out" 2>&1 || true
  "$WORK/$t/bin/hactl" conf check --config "$CONFIG" >"$WORK/$t.out" 2>&1 || true
  [[ -f "$WORK/$t/controller/target/hactl.jsa" ]] || echo "warning: no CDS archive for $t" >&2
done

elapsed_ms() { # command...
  local t0 t1
  t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
for i in $(seq "$RUNS"); do
  for t in a b; do
    check=$(elapsed_ms "$WORK/$t/bin/hactl" conf check --config "$CONFIG")
    plain=$(elapsed_ms "$WORK/$t/bin/hactl" --version)
    echo "$check" >>"$WORK/$t.check"; echo "$plain" >>"$WORK/$t.plain"; echo $(( check - plain )) >>"$WORK/$t.load"
  done
done

stat() { # file, median|p90
  sort -n "$1" | awk -v q="$2" '{v[NR] = $1} END {
    if (q == "median") print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2);
    else { i = int(0.9 * NR); if (i < 0.9 * NR) i++; print v[i] } }'
}
row() { # label, kind, q
  local a b
  a=$(stat "$WORK/a.$2" "$3"); b=$(stat "$WORK/b.$2" "$3")
  printf '%-34s %-6s %8.0f ms %8.0f ms   %s\n' "$1" "$3" "$a" "$b" \
    "$(awk -v a="$a" -v b="$b" 'BEGIN { printf (a > 0 ? "%.2f" : "-"), b / a }')"
}
printf '%s runs, load average %s, %s cores, config %s\n' "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)" "$CONFIG"
printf '%-34s %-6s %11s %11s   %s\n' "" "" "A $REF_A" "B $REF_B" "B/A"
printf '%-34s %-6s %11s %11s\n' "" "" "$(git -C "$WORK/a/" rev-parse --short HEAD)" "$(git -C "$WORK/b/" rev-parse --short HEAD)"
for q in median p90; do row "hactl conf check --config F" check "$q"; done
for q in median p90; do row "hactl --version" plain "$q"; done
for q in median p90; do row "config load (check - version)" load "$q"; done
if diff -q "$WORK/a.out" "$WORK/b.out" >/dev/null; then
  echo "conf check output: identical"
else
  echo "conf check output: differs:"; diff "$WORK/a.out" "$WORK/b.out" || true
fi
