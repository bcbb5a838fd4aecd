#!/usr/bin/env bash
# Issue 18's physical backup figure on the lab, in the same run: 'hactl backup database --method physical --from
# n1' (mariadb-backup, the whole server, prepared and compressed on n1, one zstd tar with its manifest; the way
# hactl took is printed) against 'mariadb-dump | zstd -3'
# of the user databases (hactl's dump options), from the same node, on a generated database of N MB (default
# 1024). Prints each run, the medians, hactl/pipe (goal <= 0.5), both files' sizes and hactl's peak RSS. The
# generated database is dropped after (--keep: left on n1 for the next run).
# Usage: sudo bench/physical-backup.sh [--size-mb N] [--runs N (default 3)] [--keep]   (exit 3: a bad argument)
# Needs a lab (sudo bin/hactl lab up); grows the lab's tmpfs when it is too small for the database and hactl's
# scratch copy beside n1's data directory, and puts it back. Takes the lab-test lock both ways (flock(2) for
# scripts, fcntl for Java test runs).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
source "$HERE/bench/classpath.sh"   # BENCH_CP: the product, then the lab module; built on first use
exec flock /run/lock/hactl-lab-tests.lock java -cp "$BENCH_CP" io.hactl.bench.PhysicalBackupBench "$HERE" "$@"
