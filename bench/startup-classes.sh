#!/usr/bin/env bash
# Writes src/main/resources/org/mailtrail/app/startup-classes.txt: the classes that one `--smoke`
# start of the jar loads from the jar or the JDK's modules (not those already in the JDK's CDS
# archive, not hidden lambda classes), in the order they are loaded. org.mailtrail.app.StartupClasses
# loads them on a background thread at start. Rerun after larger changes to the window (a stale list
# costs a little time, it breaks nothing). Needs an X display (uses xvfb-run when DISPLAY is unset).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1280x800x24" "$0" "$@"
fi
[ -f target/mailtrail.jar ] || mvn -B -q -DskipTests package
log=$(mktemp)
trap 'rm -f "$log"' EXIT
java -Xlog:class+load=info:file="$log" -jar target/mailtrail.jar --smoke >/dev/null 2>&1
out=src/main/resources/org/mailtrail/app/startup-classes.txt
# never the class-preloading list itself or Main (already loaded), never AWT's Desktop (macOS only)
grep -E 'source: (file:|jrt:)' "$log" | awk '{print $2}' \
  | grep -v -e '^org\.mailtrail\.Main$' -e '^org\.mailtrail\.app\.StartupClasses' -e '^java\.awt\.Desktop' \
  -e '^org\.mailtrail\.app\.MacOpenFiles' > "$out"
echo "$(wc -l < "$out") classes in $out"
