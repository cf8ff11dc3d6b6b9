# Shared by installers/build.sh (Linux) and installers/build-macos.sh: version, inputs, modules, CDS.
# Sourced with the repository root as the working directory.

# The version comes from pom.xml (the project's own <version>, after <artifactId>mailtrail</artifactId>);
# installers need a purely numeric one: 0.1.0-SNAPSHOT -> 0.1.0.
VERSION=$(awk '/<artifactId>mailtrail<\/artifactId>/{f=1} f&&/<version>/{gsub(/.*<version>|<\/version>.*/,"");print;exit}' pom.xml)
APP_VERSION=${VERSION%%-*}
# The launcher loads the class-data-sharing archive next to the app; jpackage expands $APPDIR
# (the image's lib/app directory). -Xshare:auto (the default) starts without it if it is unusable.
# choose_jdk replaces it with the AOT cache when the package is made from JDK 25 or later.
CDS_OPTION='-XX:SharedArchiveFile=$APPDIR/mailtrail.jsa'

# jdk_feature JDK_HOME: the JDK's feature version (17, 25, ...) from its release file, or nothing.
jdk_feature() {
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null
}

# choose_jdk: the JDK whose jlink and jpackage make the package, and so the Java runtime inside it
# (the app's bytecode is Java 17 either way; Maven keeps building and testing on the JDK it runs on).
# PACKAGE_JDK=<JDK home> if set; otherwise the newest JDK 25 or later found in $JAVA_HOME,
# /usr/lib/jvm/* or /opt/*; otherwise the JDK of the jpackage on the PATH (JDK 17 on the build
# machine). Sets PKG_JDK, PKG_FEATURE, CDS_OPTION and PKG_JAVA_OPTIONS (jpackage's --java-options):
#  - JDK 25+: an ahead-of-time cache, -XX:AOTCache=$APPDIR/mailtrail.aot (JEP 483 class loading and
#    linking, JEP 514's one-step -XX:AOTCacheOutput, JEP 515 method profiles), made by the same
#    training run as the archive below. JavaFX 21 on JDK 24+ would warn on every start: it loads its
#    native libraries with System.load (restricted, JEP 472) and Marlin allocates with
#    sun.misc.Unsafe (JEP 498). --enable-native-access=javafx.graphics and
#    --sun-misc-unsafe-memory-access=allow grant both (JavaFX is in the runtime image as named
#    modules); neither option stops the AOT cache's full module graph.
#  - JDK 17-24: the dynamic AppCDS archive -XX:SharedArchiveFile=$APPDIR/mailtrail.jsa, as before
#    (JDK 24 gets the two options too).
choose_jdk() {
  local jdk best= best_feature=0 f
  if [ -n "${PACKAGE_JDK:-}" ]; then
    best=$PACKAGE_JDK; best_feature=$(jdk_feature "$best")
    [ -x "$best/bin/jpackage" ] && [ -n "$best_feature" ] || {
      echo "PACKAGE_JDK=$PACKAGE_JDK: no JDK with bin/jpackage and a release file there" >&2; exit 1; }
  else
    for jdk in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/* /opt/*; do
      [ -x "$jdk/bin/jpackage" ] && [ -x "$jdk/bin/jlink" ] || continue
      f=$(jdk_feature "$jdk"); [ -n "$f" ] && [ "$f" -ge 25 ] && [ "$f" -gt "$best_feature" ] || continue
      best=$(readlink -f "$jdk"); best_feature=$f
    done
    if [ -z "$best" ]; then
      best=$(readlink -f "$(command -v jpackage)") || { echo "no jpackage on the PATH" >&2; exit 1; }
      best=${best%/bin/jpackage}; best_feature=$(jdk_feature "$best")
    fi
  fi
  PKG_JDK=$best PKG_FEATURE=${best_feature:-17}
  if [ "$PKG_FEATURE" -ge 25 ]; then
    CDS_OPTION='-XX:AOTCache=$APPDIR/mailtrail.aot'
    echo "package runtime: JDK $PKG_FEATURE at $PKG_JDK, with an AOT cache (PACKAGE_JDK=... to choose another)"
  else
    echo "package runtime: JDK $PKG_FEATURE at $PKG_JDK, with an AppCDS archive ($([ -n "${PACKAGE_JDK:-}" ] \
      && echo "PACKAGE_JDK" || echo "no JDK 25+ found; PACKAGE_JDK=... to choose one"))"
  fi
  PKG_JAVA_OPTIONS=(--java-options "$CDS_OPTION")
  [ "$PKG_FEATURE" -lt 24 ] || PKG_JAVA_OPTIONS+=(--java-options --enable-native-access=javafx.graphics
    --java-options --sun-misc-unsafe-memory-access=allow)
}

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
  deps=$("${PKG_JDK:+$PKG_JDK/bin/}jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps \
    --module-path "$work/jfx" --class-path "$work/input/*" "$work"/input/mailtrail-*.jar 2>/dev/null) \
    || deps=java.base,java.desktop,java.logging,java.naming,java.prefs,java.sql,javafx.controls,javafx.swing
  echo "$deps,javafx.controls,javafx.swing,jdk.localedata,jdk.crypto.ec,jdk.charsets,jdk.zipfs,jdk.naming.dns,jdk.unsupported"
}

# run_display CMD...: runs CMD with an X display (xvfb-run when DISPLAY is unset).
run_display() {
  if [ -n "${DISPLAY:-}" ]; then "$@"; else xvfb-run -a -s "-screen 0 1280x800x24" "$@"; fi
}

# cache_kind CFG: "aot" when the cfg's launcher options name an AOT cache (JDK 25+), else "cds".
cache_kind() {
  if grep -q '^java-options=-XX:AOTCache=' "$1"; then echo aot; else echo cds; fi
}

# train_cds IMAGE AT: writes the start-up cache next to the app from one --smoke run of the packaged
# launcher, as the cfg's java-options name it (cache_kind):
#  - JDK 17: IMAGE/lib/app/mailtrail.jsa, a dynamic CDS archive (-XX:ArchiveClassesAtExit) on top of
#    the runtime's own archive (made by jlink --generate-cds-archive);
#  - JDK 25+: IMAGE/lib/app/mailtrail.aot, an AOT cache (-XX:AOTCacheOutput: the run records, and at
#    its exit a child JVM assembles the cache: the classes of the JDK, JavaFX and the app loaded and
#    linked, lambda forms and call sites resolved, method profiles). It takes the place of the
#    runtime's archive rather than adding to it.
# The JVM only uses either when the class path matches the one it was made with (JDK 17: down to the
# path and each jar's size and modification time): so the run happens with the image at AT, its final
# place. When AT is not IMAGE (packages: /opt/mailtrail), a private mount namespace binds IMAGE there
# for the run; nothing outside the namespace changes.
train_cds() {
  : "${CDS_LOG:=/tmp/mailtrail-cds-training.log}"
  local image=$1 at=$2 cfg=$1/lib/app/MailTrail.cfg use train file
  if [ "$(cache_kind "$cfg")" = aot ]; then use=AOTCache train=AOTCacheOutput file=mailtrail.aot
  else use=SharedArchiveFile train=ArchiveClassesAtExit file=mailtrail.jsa; fi
  rm -f "$image/lib/app/$file"
  sed -i "s|^java-options=-XX:$use=\\\$APPDIR/$file\$|java-options=-XX:$train=\\\$APPDIR/$file|" "$cfg"
  grep -q "^java-options=-XX:$train=" "$cfg" || { echo "start-up cache option not found in $cfg" >&2; exit 1; }
  local run="$at/bin/MailTrail --smoke"
  if [ "$image" = "$at" ]; then
    run_display $run >"$CDS_LOG" 2>&1 || true
  else
    local ns="unshare -m"; [ "$(id -u)" -eq 0 ] || ns="unshare -rm"
    $ns sh -c "mount -t tmpfs tmpfs \"$(dirname "$at")\" && mkdir \"$at\" && mount --bind \"$image\" \"$at\" && \
      $(declare -f run_display); run_display $run" >"$CDS_LOG" 2>&1 || true
  fi
  sed -i "s|^java-options=-XX:$train=|java-options=-XX:$use=|" "$cfg"
  grep -q '^ready' "$CDS_LOG" && [ -s "$image/lib/app/$file" ] && [ ! -e "$image/lib/app/$file.config" ] || {
    echo "start-up cache training run failed:" >&2; cat "$CDS_LOG" >&2; exit 1; }
  echo "$([ $file = mailtrail.aot ] && echo "AOT cache" || echo "CDS archive"): $(du -h "$image/lib/app/$file" | cut -f1) from one --smoke run at $at"
}

# check_cds LAUNCHER: runs LAUNCHER --smoke so that the JVM refuses to start if the start-up cache
# cannot be mapped (JDK 17: -Xshare:on; JDK 25+: -XX:AOTMode=on), counts the classes loaded from it
# and checks that they are many (JDK 17: more than 500 from the dynamic archive, the "top" layer, over
# 3,700 when last counted; JDK 25+: more than 2,000 from the cache, over 5,300 when last counted, of
# them more than 100 of the app's own, 243, and the JVM says that they are linked ahead of time).
check_cds() {
  local out n app root
  root=$(readlink -f "$1"); root=${root%/bin/*}
  if [ "$(cache_kind "$root/lib/app/MailTrail.cfg")" = aot ]; then
    out=$(JAVA_TOOL_OPTIONS="-XX:AOTMode=on -Xlog:aot -Xlog:class+load=info" run_display "$1" --smoke 2>&1) || {
      echo "$out" | grep -v 'class,load' | tail -5 >&2; echo "AOT cache check failed: $1" >&2; return 1; }
    n=$(echo "$out" | grep -c 'source: shared objects file' || true)
    app=$(echo "$out" | grep 'source: shared objects file' | grep -c ' org\.mailtrail\.' || true)
    echo "AOT cache check: $n classes from the cache ($app of them the app's own), $(echo "$out" | grep -c 'source: jrt:/\|source: file:' || true) from jars/modules; $(echo "$out" | grep -o 'Using AOT-linked classes: [a-z]*'); $(echo "$out" | grep '^ready')"
    grep -q 'Using AOT-linked classes: true' <<<"$out" && [ "$n" -gt 2000 ] && [ "$app" -gt 100 ]
  else
    out=$(JAVA_TOOL_OPTIONS="-Xshare:on -Xlog:class+load=info" run_display "$1" --smoke 2>&1) || {
      echo "$out" | grep -v 'class,load' | tail -5 >&2; echo "CDS check failed: $1" >&2; return 1; }
    n=$(echo "$out" | grep -c 'source: shared objects file (top)' || true)
    echo "CDS check: $n classes from the app archive, $(echo "$out" | grep -c 'source: shared objects file$' || true) from the runtime archive, $(echo "$out" | grep -c 'source: jrt:/\|source: file:' || true) from jars/modules; $(echo "$out" | grep '^ready')"
    [ "$n" -gt 500 ]
  fi
}
