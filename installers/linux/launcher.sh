#!/bin/bash
# Mail Trail's launcher on Linux: bin/MailTrail in the app-image, the .deb and the .rpm
# (installers/build.sh puts it in place of the native launcher that jpackage writes).
#
# Why not jpackage's own launcher: on every start, the JDK 17 launcher asks rpm and dpkg which
# package owns it ("rpm -qf", then "dpkg -S", twice over), before the JVM even starts. "dpkg -S"
# reads the file list of every installed package; here that cost 0.3-0.5 s of each start, more than
# a third of the time a bare JavaFX window takes to appear (docs/benchmarks.md, Start-up).
#
# It reads the same lib/app/MailTrail.cfg as jpackage's launcher (the class path, the main class,
# the java-options, with $APPDIR, $BINDIR and $ROOTDIR expanded) and starts lib/runtime/bin/java
# with them, so the cfg stays the one place for JVM options, and the class-data-sharing archive
# named there is used as before.
set -u
self=$(readlink -f -- "$0" 2>/dev/null) || self=$0
BINDIR=${self%/*}
ROOTDIR=${BINDIR%/*}
APPDIR=$ROOTDIR/lib/app
CFG=$APPDIR/MailTrail.cfg
JAVA=$ROOTDIR/lib/runtime/bin/java
[ -r "$CFG" ] || { echo "MailTrail: cannot read $CFG (is the installation complete?)" >&2; exit 1; }
[ -x "$JAVA" ] || { echo "MailTrail: no Java runtime at $JAVA (is the installation complete?)" >&2; exit 1; }

expand() { # $APPDIR, $BINDIR, $ROOTDIR in a cfg value
  local v=$1
  v=${v//\$APPDIR/$APPDIR}; v=${v//\$BINDIR/$BINDIR}; v=${v//\$ROOTDIR/$ROOTDIR}
  printf '%s' "$v"
}

classpath= main= options=() defaults=()
while IFS= read -r line || [ -n "$line" ]; do
  case $line in
    app.classpath=*) classpath=${classpath:+$classpath:}$(expand "${line#*=}") ;;
    app.mainclass=*) main=${line#*=} ;;
    java-options=*) options+=("$(expand "${line#*=}")") ;;
    arguments=*) defaults+=("$(expand "${line#*=}")") ;;
  esac
done < "$CFG"
[ -n "$main" ] || { echo "MailTrail: no app.mainclass in $CFG" >&2; exit 1; }
[ $# -gt 0 ] || set -- ${defaults[@]+"${defaults[@]}"}

# The window (no arguments, --smoke, or a saved session *.json, as org.mailtrail.Main decides) starts
# with only the C1 JIT compiler: at start-up, C2 compiling in the background took more CPU than the FX
# thread itself, and on two cores the window waited for it (full window 1.8x a bare JavaFX window with
# both compilers, 1.4x with C1 alone; docs/benchmarks.md). The command-line tools (serve, send, ...)
# keep both compilers for their throughput. A TieredStopAtLevel in the cfg's java-options wins.
jit=()
if [ $# -eq 0 ] || [[ $1 == --smoke* ]] || { [[ ${1,,} == *.json ]] && [ -f "$1" ]; }; then
  jit=(-XX:TieredStopAtLevel=1)
fi

exec "$JAVA" ${jit[@]+"${jit[@]}"} -classpath "$classpath" ${options[@]+"${options[@]}"} -Djpackage.app-path="$self" "$main" "$@"
