#!/usr/bin/env bash
# hactl db-replica-init --node n2 vs 'mariadb-dump | mariadb' (and that plus replication set up
# by hand) on the lab: the lab's sample database RUNS times (default 5), then a generated
# database of GB gigabytes (default 1; 0 skips it) GB_RUNS times (default 2). Before each run n2
# loses its replication and the database. Ends with n2 the lab's replica again, checksums of
# every table compared, hactl check and n2's replication (exit 1 if one fails).
# Usage: sudo bench/replica-init.sh [GB] [RUNS] [GB_RUNS]
# Needs a lab (sudo bin/hactl lab up); grows the lab's tmpfs when it is too small, and puts it
# back. Takes the lab-test lock both ways (flock(2) for scripts, fcntl for Java test runs: the
# two kinds of lock do not see each other).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
source "$HERE/bench/classpath.sh"   # BENCH_CP: the product, then the lab module; built on first use
exec flock /run/lock/hactl-lab-tests.lock java -cp "$BENCH_CP" \
  io.hactl.bench.ReplicaInitBench "$HERE" "${1:-1}" "${2:-5}" "${3:-2}"
