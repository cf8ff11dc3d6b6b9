#!/usr/bin/env bash
# Runs the JMH benchmarks in src/test/java/org/mailtrail/bench (not run by CI).
# Usage: bench/run-jmh.sh [PATTERN] [JMH ARGS...]
#   bench/run-jmh.sh                                   # every benchmark, the defaults of the class
#   bench/run-jmh.sh SimulationBenchmark -f 1 -wi 10 -w 2s -i 5 -r 2s   # as in docs/benchmarks.md
#   bench/run-jmh.sh directDelivery -prof stack        # with a profiler
# Works offline (-o): the dependencies must already be in the local Maven repository.
set -euo pipefail
cd "$(dirname "$0")/.."
pattern="${1:-org.mailtrail.bench.}"
[ $# -gt 0 ] && shift
mvn -B -q -o test-compile
cp_file="target/jmh-classpath.txt"
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
if [ ! -f target/test-classes/META-INF/BenchmarkList ]; then
    echo "run-jmh.sh: target/test-classes/META-INF/BenchmarkList is missing: the JMH annotation processor did not run" >&2
    exit 1
fi
exec java -cp "target/test-classes:target/classes:$(cat "$cp_file")" org.openjdk.jmh.Main "$pattern" "$@"
