#!/usr/bin/env bash
# Runs a benchmark class of src/test/java/sc/fiji/flowmodels/bench (or any class, fully qualified)
# with the project's classes:
#   bench/java.sh Gmm8Quality seeds=1,2,3
#   bench/java.sh sc.fiji.flowmodels.flow.VectorKernelBench rows=60
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
class="$1"
shift
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# inference on the Vector API kernels when this java has the module, as ./flow does
# (BENCH_VECTOR=false: the portable loops only)
vector=
if [ "${BENCH_VECTOR:-true}" != false ] && "$java" --list-modules 2>/dev/null | grep -q '^jdk\.incubator\.vector@'; then
	vector="--add-modules jdk.incubator.vector"
fi
case "$class" in *.*) ;; *) class="sc.fiji.flowmodels.bench.$class" ;; esac
exec "$java" $vector ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" "$class" "$@"
