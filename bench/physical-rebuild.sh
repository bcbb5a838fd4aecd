#!/usr/bin/env bash
# Issue 18's rebuild figures on the lab, in the same run, on a generated database of N MB (default 1024):
# (a) hactl db-replica-init --node n2 --method physical, twice: direct node to node (database.copy.direct:
# auto, the default) and through hactl inside SSH (direct: off), (b) 'mariadb-dump | mariadb' into n2 (the
# reference), (c) 'mariadb-backup --stream | mbstream' typed by hand through ssh, then prepare, swap, start,
# replication (the floor). Prints each run, the medians, hactl/logical (goal <= 0.25), hactl/floor (goal
# <= 1.2), direct/through hactl, and hactl's peak RSS. Ends with n2 the lab's replica again, the generated
# database dropped (--keep: left on n1 for the next run), the lab healed and checked (exit 1 if a check
# fails, 3 on a bad argument).
# Usage: sudo bench/physical-rebuild.sh [--size-mb N] [--runs N] [--keep]
# Needs a lab (sudo bin/hactl lab up); grows the lab's tmpfs when it is too small, and puts it back. Takes the
# lab-test lock both ways (flock(2) for scripts, fcntl for Java test runs: the two kinds do not see each other).
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
source "$HERE/bench/classpath.sh"   # BENCH_CP: the product, then the lab module; built on first use
exec flock /run/lock/hactl-lab-tests.lock java -cp "$BENCH_CP" io.hactl.bench.PhysicalRebuildBench "$HERE" "$@"
