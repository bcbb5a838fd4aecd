#!/usr/bin/env bash
# Start-up cost of loading hactl.yml, two versions of the code side by side: a command that
# reads and checks a config and exits without any network (`hactl conf check --config F`), and
# one that loads no config (`hactl --version`), RUNS times each in fresh JVMs through each tree's
# own bin/hactl (its JVM options and its CDS archive, recorded by its `warmup`), interleaved so
# that the machine's load falls on both alike. Both versions are built from git (clean, in
# throw-away worktrees under /tmp, removed at the end): the working tree is not measured.
# Prints median and p90 per version, of the wall time and of the CPU time (user + sys: steadier
# than the wall time on a machine shared with other work), and the ratio B/A; "config load" is
# conf check minus --version in the same round (the JVM's and picocli's start taken out). Also
# says whether both printed the same problems.
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

measure() { # kind, command...: appends the wall and the CPU (user + sys, all threads) time in ms
  local kind="$1" t; shift
  t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1 || true; } 2>&1 | tail -1)
  awk -v t="$t" 'BEGIN { split(t, v, " "); printf "%d %d\n", v[1] * 1000, (v[2] + v[3]) * 1000 }' >>"$WORK/$kind"
}
for i in $(seq "$RUNS"); do
  for t in a b; do
    measure "$t.check" "$WORK/$t/bin/hactl" conf check --config "$CONFIG"
    measure "$t.plain" "$WORK/$t/bin/hactl" --version
  done
done
for t in a b; do   # per run: conf check minus --version (the JVM's and picocli's start)
  paste -d' ' "$WORK/$t.check" "$WORK/$t.plain" | awk '{ print $1 - $3, $2 - $4 }' >"$WORK/$t.load"
done

stat() { # file, column (1 wall, 2 cpu), median|p90
  awk -v c="$2" '{ print $c }' "$1" | sort -n | awk -v q="$3" '{v[NR] = $1} END {
    if (q == "median") print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2);
    else { i = int(0.9 * NR); if (i < 0.9 * NR) i++; print v[i] } }'
}
row() { # label, kind
  local c q a b label="$1"
  for c in 1 2; do for q in median p90; do
    a=$(stat "$WORK/a.$2" "$c" "$q"); b=$(stat "$WORK/b.$2" "$c" "$q")
    printf '%-30s %-4s %-6s %8.0f ms %8.0f ms   %s\n' "$label" "$([[ $c == 1 ]] && echo wall || echo cpu)" "$q" "$a" "$b" \
      "$(awk -v a="$a" -v b="$b" 'BEGIN { printf (a > 0 ? "%.2f" : "-"), b / a }')"
    label=""
  done; done
}
printf '%s runs, load average %s, %s cores, config %s\n' "$RUNS" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)" "$CONFIG"
printf '%-42s %11s %11s   %s\n' "" "A $REF_A" "B $REF_B" "B/A"
printf '%-42s %11s %11s\n' "" "$(git -C "$WORK/a/" rev-parse --short HEAD)" "$(git -C "$WORK/b/" rev-parse --short HEAD)"
row "hactl conf check --config F" check
row "hactl --version" plain
row "config load (check - version)" load
if diff -q "$WORK/a.out" "$WORK/b.out" >/dev/null; then
  echo "conf check output: identical"
else
  echo "conf check output: differs:"; diff "$WORK/a.out" "$WORK/b.out" || true
fi
