# Shared by installers/build.sh (Linux) and installers/build-macos.sh: version, inputs, modules, CDS.
# Sourced with the repository root as the working directory.

# The version comes from pom.xml (the project's own <version>, after <artifactId>mailtrail</artifactId>);
# installers need a purely numeric one: 0.1.0-SNAPSHOT -> 0.1.0.
VERSION=$(awk '/<artifactId>mailtrail<\/artifactId>/{f=1} f&&/<version>/{gsub(/.*<version>|<\/version>.*/,"");print;exit}' pom.xml)
APP_VERSION=${VERSION%%-*}
# The launcher loads the class-data-sharing archive next to the app; jpackage expands $APPDIR
# (the image's lib/app directory). -Xshare:auto (the default) starts without it if it is unusable.
CDS_OPTION='-XX:SharedArchiveFile=$APPDIR/mailtrail.jsa'

# stage_inputs WORK PLATFORM: the app's classes as a plain jar plus its non-JavaFX runtime
# dependencies into WORK/input (the class path), the JavaFX jars of PLATFORM (linux, win, mac,
# mac-aarch64) into WORK/jfx (the module path; the unclassified JavaFX jars are empty shells).
stage_inputs() {
  local work=$1 platform=$2
  jar --create --file "$work/input/mailtrail-$VERSION.jar" -C target/classes .
  $MVN org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DexcludeGroupIds=org.openjfx -DoutputDirectory="$work/input"
  $MVN org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DincludeGroupIds=org.openjfx -Dclassifier="$platform" \
    -DoutputDirectory="$work/jfx"
  find "$work/jfx" -name '*.jar' ! -name "*-$platform.jar" -delete
  [ -n "$(ls "$work/jfx")" ] || { echo "no JavaFX jars for $platform" >&2; exit 1; }
}

# app_modules WORK: the JDK and JavaFX modules the app needs (jdeps), plus those only reached at
# run time: jdk.localedata (German texts and dates), jdk.crypto.ec (TLS in live mode),
# jdk.charsets, jdk.zipfs, jdk.naming.dns (dnsjava's system resolver lookup).
app_modules() {
  local work=$1 deps
  deps=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps \
    --module-path "$work/jfx" --class-path "$work/input/*" "$work"/input/mailtrail-*.jar 2>/dev/null) \
    || deps=java.base,java.desktop,java.logging,java.naming,java.prefs,java.sql,javafx.controls,javafx.swing
  echo "$deps,javafx.controls,javafx.swing,jdk.localedata,jdk.crypto.ec,jdk.charsets,jdk.zipfs,jdk.naming.dns,jdk.unsupported"
}

# run_display CMD...: runs CMD with an X display (xvfb-run when DISPLAY is unset).
run_display() {
  if [ -n "${DISPLAY:-}" ]; then "$@"; else xvfb-run -a -s "-screen 0 1280x800x24" "$@"; fi
}

# train_cds IMAGE AT: writes IMAGE/lib/app/mailtrail.jsa, a dynamic CDS archive (JDK 17:
# -XX:ArchiveClassesAtExit on top of the runtime's own archive, made by jlink --generate-cds-archive)
# from one --smoke run of the packaged launcher. The JVM only uses the archive when the class path
# is the same as when it was made, to the path and each jar's size and modification time: so the run
# happens with the image at AT, its final place. When AT is not IMAGE (packages: /opt/mailtrail), a
# private mount namespace binds IMAGE there for the run; nothing outside the namespace changes.
train_cds() {
  : "${CDS_LOG:=/tmp/mailtrail-cds-training.log}"
  local image=$1 at=$2 cfg=$1/lib/app/MailTrail.cfg
  rm -f "$image/lib/app/mailtrail.jsa"
  sed -i 's|^java-options=-XX:SharedArchiveFile=\$APPDIR/mailtrail.jsa$|java-options=-XX:ArchiveClassesAtExit=$APPDIR/mailtrail.jsa|' "$cfg"
  grep -q ArchiveClassesAtExit "$cfg" || { echo "CDS option not found in $cfg" >&2; exit 1; }
  local run="$at/bin/MailTrail --smoke"
  if [ "$image" = "$at" ]; then
    run_display $run >"$CDS_LOG" 2>&1 || true
  else
    local ns="unshare -m"; [ "$(id -u)" -eq 0 ] || ns="unshare -rm"
    $ns sh -c "mount -t tmpfs tmpfs \"$(dirname "$at")\" && mkdir \"$at\" && mount --bind \"$image\" \"$at\" && \
      $(declare -f run_display); run_display $run" >"$CDS_LOG" 2>&1 || true
  fi
  sed -i 's|^java-options=-XX:ArchiveClassesAtExit=|java-options=-XX:SharedArchiveFile=|' "$cfg"
  grep -q '^ready' "$CDS_LOG" && [ -s "$image/lib/app/mailtrail.jsa" ] || {
    echo "CDS training run failed:" >&2; cat "$CDS_LOG" >&2; exit 1; }
  echo "CDS archive: $(du -h "$image/lib/app/mailtrail.jsa" | cut -f1) from one --smoke run at $at"
}

# check_cds LAUNCHER: runs LAUNCHER --smoke with -Xshare:on (the JVM refuses to start if the archive
# cannot be mapped) and counts the classes loaded from the dynamic archive ("top" layer).
check_cds() {
  local out n
  out=$(JAVA_TOOL_OPTIONS="-Xshare:on -Xlog:class+load=info" run_display "$1" --smoke 2>&1) || {
    echo "$out" | grep -v 'class,load' | tail -5 >&2; echo "CDS check failed: $1" >&2; return 1; }
  n=$(echo "$out" | grep -c 'source: shared objects file (top)' || true)
  echo "CDS check: $n classes from the app archive, $(echo "$out" | grep -c 'source: shared objects file$' || true) from the runtime archive, $(echo "$out" | grep -c 'source: jrt:/\|source: file:' || true) from jars/modules; $(echo "$out" | grep '^ready')"
  [ "$n" -gt 500 ]
}
