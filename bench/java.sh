#!/usr/bin/env bash
# Runs a benchmark class of src/test/java/sc/fiji/flowmodels/bench with the project's classes:
#   bench/java.sh Gmm8Quality seeds=1,2,3
set -eu
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >&2
class="$1"
shift
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat target/bench.classpath)" "sc.fiji.flowmodels.bench.$class" "$@"
