#!/usr/bin/env bash
# Startup benchmark: time from launch (measured outside the process, before exec) to the first
# frame, for Mail Trail (--smoke) and for a minimal JavaFX window, alternately, RUNS times each.
# For Mail Trail also the time until the full window is up ("ready"). Prints each run, the
# medians and the ratio of first frames. Needs an X display (uses xvfb-run when DISPLAY is unset).
#   bench/startup.sh [RUNS]            # Mail Trail from target/mailtrail.jar
#   APP_CMD="path/to/bin/MailTrail" bench/startup.sh   # a packaged launcher instead
#   MIN_CDS=1 bench/startup.sh          # the minimal window from a jar with a CDS archive of its own
#                                       # (a stricter baseline: the packaged app has one too)
#   MIN_RUNTIME=1 APP_CMD=… bench/startup.sh   # the minimal window on the packaged app's own runtime
#                                       # (APP_CMD's lib/runtime/bin/java, its default options): the
#                                       # baseline of issue 16 ("started on the same packaged runtime")
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-7}
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi
[ -f target/mailtrail.jar ] || mvn -B -q -DskipTests package
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP=$(cat target/bench-classpath.txt)
APP_CMD=${APP_CMD:-"java -jar target/mailtrail.jar"}
MIN_CMD="java -cp target/test-classes:target/classes:$CP org.mailtrail.bench.MinimalWindow\$Launcher"
minimal_jar() { # target/bench-minimal/minimal.jar: the window's two classes (CDS needs jars on the class path)
  rm -rf target/bench-minimal && mkdir -p target/bench-minimal/classes/org/mailtrail/bench target/bench-minimal/classes/org/mailtrail/app
  cp target/test-classes/org/mailtrail/bench/MinimalWindow*.class target/bench-minimal/classes/org/mailtrail/bench/
  cp target/classes/org/mailtrail/app/FirstFrame*.class target/bench-minimal/classes/org/mailtrail/app/
  jar --create --file target/bench-minimal/minimal.jar -C target/bench-minimal/classes .
}
if [ "${MIN_RUNTIME:-}" = 1 ]; then # JavaFX is linked into the packaged runtime: only the window's jar
  launcher=$(readlink -f "${APP_CMD%% *}")
  RUNTIME_JAVA=${launcher%/bin/*}/lib/runtime/bin/java
  [ -x "$RUNTIME_JAVA" ] || { echo "MIN_RUNTIME=1: no packaged runtime at $RUNTIME_JAVA (set APP_CMD)" >&2; exit 2; }
  minimal_jar
  MIN_CMD="$RUNTIME_JAVA -cp target/bench-minimal/minimal.jar org.mailtrail.bench.MinimalWindow\$Launcher"
  echo "minimal window on $RUNTIME_JAVA"
elif [ "${MIN_CDS:-}" = 1 ]; then
  minimal_jar
  MIN_CP=target/bench-minimal/minimal.jar:$(echo "$CP" | tr ':' '\n' | grep '/org/openjfx/' | paste -sd:)
  java -XX:ArchiveClassesAtExit=target/bench-minimal/minimal.jsa -cp "$MIN_CP" org.mailtrail.bench.MinimalWindow\$Launcher --smoke >/dev/null 2>&1
  MIN_CMD="java -XX:SharedArchiveFile=target/bench-minimal/minimal.jsa -cp $MIN_CP org.mailtrail.bench.MinimalWindow\$Launcher"
fi

measure() { # command -> "first ready": ms from before exec to the first frame, and to "ready" (or -)
  local t0 out first ready
  t0=$(date +%s%3N)
  out=$($1 --smoke 2>/dev/null || true)
  first=$(echo "$out" | sed -n 's/^first frame .*epoch \([0-9]*\).*/\1/p')
  ready=$(echo "$out" | sed -n 's/^ready .*epoch \([0-9]*\).*/\1/p')
  [ -n "$first" ] || { echo "no first frame from: $1" >&2; exit 1; }
  echo "$((first - t0)) $([ -n "$ready" ] && echo $((ready - t0)) || echo -)"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

app=(); ready=(); min=()
measure "$APP_CMD" >/dev/null; measure "$MIN_CMD" >/dev/null   # warm the file cache
for i in $(seq 1 "$RUNS"); do
  read -r a r < <(measure "$APP_CMD"); read -r m _ < <(measure "$MIN_CMD")
  app+=("$a"); ready+=("$r"); min+=("$m")
  echo "run $i: mailtrail first frame ${a} ms (full window ${r} ms), minimal window ${m} ms"
done
ma=$(printf '%s\n' "${app[@]}" | median); mr=$(printf '%s\n' "${ready[@]}" | median)
mm=$(printf '%s\n' "${min[@]}" | median)
echo "median: mailtrail first frame ${ma} ms, full window ${mr} ms; minimal window ${mm} ms;" \
  "ratio first frame $(awk -v a="$ma" -v b="$mm" 'BEGIN{printf "%.2f", a/b}')," \
  "full window $(awk -v a="$mr" -v b="$mm" 'BEGIN{printf "%.2f", a/b}')"
