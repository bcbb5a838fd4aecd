# Sourced by the bench scripts (HERE = the repository): BENCH_CP, the benches' classpath. The benches
# (io.hactl.bench) live in the lab module, not in the product: the product first (controller/target/
# hactl.jar + lib/), then the lab module (lab/target/hactl-lab.jar + lib/), as bin/hactl runs
# 'hactl lab'. Both are built on first use, as bin/hactl builds them.
HACTL_TARGET="$HERE/controller/target"
LAB_TARGET="$HERE/lab/target"
if [[ ! -f "$HACTL_TARGET/hactl.jar" || ! -d "$HACTL_TARGET/lib" || ! -f "$LAB_TARGET/hactl-lab.jar" ]]; then
  (cd "$HERE" && mvn -B -q -DskipTests -Dmaven.test.skip=true package >&2)
fi
BENCH_CP="$HACTL_TARGET/hactl.jar:$HACTL_TARGET/lib/*:$LAB_TARGET/hactl-lab.jar"
if [[ -d "$LAB_TARGET/lib" ]]; then
  BENCH_CP="$BENCH_CP:$LAB_TARGET/lib/*"
fi
