#!/usr/bin/env bash
# Records controller/src/main/cds/check.classlist, the classes of the launchers' CDS archive that no warmup without
# nodes loads: those `hactl check` of the lab, `hactl status` answered by a running controller and `hactl db-master-set
# -n n2 --dry-run` (the switch's plan: both nodes' sessions, its own classes) loaded (-XX:DumpLoadedClassList;
# Connector/J's, JSch's, the REST client's). bin/hactl and the package's postinst dump
# the archive from it plus the warmup's own list. Run it again when those paths change much; commit the file.
# Usage: bench/check-classlist.sh   (needs a lab: bin/hactl lab up; take the lab's turn lock around it; a build)
# The controller is started here from this tree when none answers, and stopped at the end.
set -euo pipefail
HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
CONFIG="${HACTL_CONFIG:-/var/lib/hactl-lab/hactl.yml}"
T="$HERE/controller/target"
CP="$T/hactl.jar:$T/lib/*"
OUT="$HERE/controller/src/main/cds/check.classlist"
WORK="$(mktemp -d /tmp/hactl-classlist.XXXXXX)"
CONTROLLER_PID=
cleanup() {
  if [[ -n "$CONTROLLER_PID" ]]; then kill "$CONTROLLER_PID" 2>/dev/null || true; wait "$CONTROLLER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
[[ -f "$T/hactl.jar" ]] || { echo "check-classlist: no $T/hactl.jar: run bin/hactl --version (it builds) first" >&2; exit 2; }
source "$HERE/bench/controller-running.sh"   # CONTROLLER_PID: one started here, stopped by cleanup
declare -A ARGS=([check]="check" [status]="status" [switch]="db-master-set -n n2 --dry-run")
for cmd in check status switch; do
  # shellcheck disable=SC2086 # the command's words
  java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:off -XX:DumpLoadedClassList="$WORK/$cmd" -cp "$CP" \
    io.hactl.cli.Main ${ARGS[$cmd]} --config "$CONFIG" >"$WORK/$cmd.out" 2>&1 || true
  sed -n 1,2p "$WORK/$cmd.out" | sed "s/^/$cmd: /" >&2
done
{
  echo "# The classes a 'hactl check' of the two-node lab, a 'hactl status' answered by a controller and a 'hactl"
  echo "# db-master-set -n n2 --dry-run' loaded (JDK 17,"
  echo "# -XX:DumpLoadedClassList), for the launchers' class-data-sharing archive (static: picocli's Java 5 classes go in)."
  echo "# bin/hactl and the package's postinst dump the archive from this list plus the warmup's own list (the current"
  echo "# classes); a class no longer there is skipped. Recorded by bench/check-classlist.sh ($(date -u +%F), $(java -version 2>&1 | head -1))."
  cat "$WORK/check" "$WORK/status" "$WORK/switch" | grep -v '^#' | grep -v '^@' | awk '!seen[$0]++'
} >"$OUT"
echo "check-classlist: $(grep -vc '^#' "$OUT") classes in $OUT" >&2
