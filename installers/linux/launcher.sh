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

expand() { # REPLY: the cfg value $1 with $APPDIR, $BINDIR, $ROOTDIR expanded (no subshell: no fork)
  REPLY=${1//\$APPDIR/$APPDIR}; REPLY=${REPLY//\$BINDIR/$BINDIR}; REPLY=${REPLY//\$ROOTDIR/$ROOTDIR}
}

classpath= main= options=() defaults=()
while IFS= read -r line || [ -n "$line" ]; do
  case $line in
    app.classpath=*) expand "${line#*=}"; classpath=${classpath:+$classpath:}$REPLY ;;
    app.mainclass=*) main=${line#*=} ;;
    java-options=*) expand "${line#*=}"; options+=("$REPLY") ;;
    arguments=*) expand "${line#*=}"; defaults+=("$REPLY") ;;
  esac
done < "$CFG"
[ -n "$main" ] || { echo "MailTrail: no app.mainclass in $CFG" >&2; exit 1; }
[ $# -gt 0 ] || set -- ${defaults[@]+"${defaults[@]}"}

# The window (no arguments, --smoke, or a saved session *.json, as org.mailtrail.Main decides) starts
# with the C1 JIT compiler alone, on one thread, compiling sooner than by default. With both
# compilers, C2 took more CPU at start-up than the FX thread itself, and on two cores the window
# waited for it: the full window came at 1.7x a bare JavaFX window (with jpackage's launcher), 1.4x
# with C1 alone, and C1 alone also read and exported a 100,000-event session faster with less CPU.
# One C1 thread and lower thresholds took another 10 % off (1,249 against 1,403 ms, medians of 15
# runs; docs/benchmarks.md, Start-up). The command-line tools (serve, send, ...) keep both compilers
# for their throughput. JIT options in the cfg's java-options come later and so win.
jit=()
if [ $# -eq 0 ] || [[ $1 == --smoke* ]] || { [[ ${1,,} == *.json ]] && [ -f "$1" ]; }; then
  jit=(-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:Tier3InvocationThreshold=20
    -XX:Tier3MinInvocationThreshold=10 -XX:Tier3CompileThreshold=200 -XX:Tier3BackEdgeThreshold=5000)
fi

exec "$JAVA" ${jit[@]+"${jit[@]}"} -classpath "$classpath" ${options[@]+"${options[@]}"} -Djpackage.app-path="$self" "$main" "$@"
