#!/usr/bin/env bash
# hactl db-backup vs 'mariadb-dump | gzip', hactl db-copy vs 'mariadb-dump | mariadb', side by
# side on the lab, on a generated database of at least GB gigabytes of rows of mixed types (on
# n1, not replicated), RUNS times each; then a restore of hactl's dump with checksums compared,
# and hactl's peak memory. Usage: sudo bench/backup.sh [GB] [RUNS] [keep]
# Needs a lab (sudo bin/hactl lab up); grows the lab's tmpfs when it is too small. 'keep' leaves
# the generated database on n1 for the next run. Takes the lab-test lock both ways (flock(2)
# for scripts, fcntl for Java test runs: the two kinds of lock do not see each other).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
source "$HERE/bench/classpath.sh"   # BENCH_CP: the product, then the lab module; built on first use
exec flock /run/lock/hactl-lab-tests.lock java -cp "$BENCH_CP" \
  io.hactl.bench.BackupBench "$HERE" "${1:-1}" "${2:-2}" "${3:-}"
