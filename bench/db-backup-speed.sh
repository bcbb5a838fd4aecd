#!/usr/bin/env bash
# Issue 18's db-backup figure on the lab, in the same run: hactl db-backup to .zst and .gz against
# 'mariadb-dump | zstd -3' and 'mariadb-dump | gzip -6' (hactl's dump options), on the lab's sample database (the
# short size: what a backup costs besides its bytes) and on a generated database of N MB (default 1024); also
# db-backup to .zst with the launcher's old JIT flags (C1 alone). Prints each run, medians, hactl's fixed cost and
# the ratios (goal <= 1.05). The generated database is dropped after (--keep: left on n1 for the next run).
# Usage: sudo bench/db-backup-speed.sh [--size-mb N] [--runs N (default 3)] [--keep]   (exit 3: a bad argument)
# Needs a lab (sudo bin/hactl lab up); grows the lab's tmpfs when it is too small, and puts it back. Takes the
# lab-test lock both ways (flock(2) for scripts, fcntl for Java test runs: the two kinds do not see each other).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
source "$HERE/bench/classpath.sh"   # BENCH_CP: the product, then the lab module; built on first use
exec flock /run/lock/hactl-lab-tests.lock java -cp "$BENCH_CP" io.hactl.bench.DbBackupSpeedBench "$HERE" "$@"
