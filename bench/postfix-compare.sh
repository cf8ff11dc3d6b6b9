#!/usr/bin/env bash
# Mail Trail's live server and client against Postfix's test tools, in one run, on loopback:
#  (a) `mailtrail serve` receiving from smtp-source   vs   smtp-sink receiving the same load
#  (b) Mail Trail's client (LiveClientBench) sending to smtp-sink   vs   smtp-source sending the same
# Messages per second and the ratios Mail Trail / Postfix (target: both >= 0.8), and the CPU time each server
# spends per message. Each Java side is warmed up first with WARMUP messages (default 30000: the JIT compiler is
# still busy after 5000 and only done after about 25000, as -XX:+PrintCompilation shows), then ROUNDS measured
# rounds alternate with Postfix's; the median round counts.
#   bench/postfix-compare.sh [MESSAGES] [SESSIONS] [ROUNDS]      (defaults 5000 20 3; env WARMUP)
# env PARTS: which of (a) "serve", (a') "store" (serve --store DIR), (b) "client" to run (default all three), e.g.
#   PARTS=store bench/postfix-compare.sh 5000 20 3;  env MVN_ARGS: extra arguments for mvn, e.g. -o (offline);
# env JAR: the mailtrail.jar to measure (default target/mailtrail.jar, built if missing), e.g. one of an older commit
# Installs Postfix's tools if missing (apt-get, "No configuration": no Postfix service is started).
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${1:-5000}; SESSIONS=${2:-20}; ROUNDS=${3:-3}; WARMUP=${WARMUP:-30000}
PARTS=${PARTS:-serve store client}
part() { [[ " $PARTS " == *" $1 "* ]]; }
read -r -a MVN_EXTRA <<< "${MVN_ARGS:-}"
if ! command -v smtp-source >/dev/null && [ ! -x /usr/sbin/smtp-source ]; then
  echo "postfix postfix/main_mailer_type select No configuration" | sudo -n debconf-set-selections 2>/dev/null \
    || echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >/dev/null
fi
PATH=$PATH:/usr/sbin
JAR=${JAR:-target/mailtrail.jar}
[ -f "$JAR" ] || mvn -B -q "${MVN_EXTRA[@]}" -DskipTests package
if part client; then # the client's benchmark is a test class; it needs only the application and its libraries,
  # all in the shaded JAR (no Maven plug-in to resolve: works offline), so JAR= an older build measures its client
  [ -f target/test-classes/org/mailtrail/bench/LiveClientBench.class ] || mvn -B -q "${MVN_EXTRA[@]}" test-compile
  CP=target/test-classes:$JAR
fi
SINK_PORT=2626; SERVE_PORT=2525; MEM_PORT=2527
# The store's files are deleted at the end and the deletion written out (sync) before the script ends; the time is
# noted in $STAMP. A run waits until SETTLE seconds (default 360) have passed since the last run's deletion: on ext4
# without a journal (this machine kind's root file system) the kernel does not reuse an inode deleted less than 60 s
# ago, or 360 s if its inode table block is dirty again, and every file created meanwhile scans past each such inode
# (fs/ext4/ialloc.c, recently_deleted: a perf profile of a run right after another put 27 % of the server's samples
# there, and the CPU per stored message doubled). SETTLE=0 does not wait. Other programs' deletions near the store's
# folder (a test run) have the same effect: measure when nothing else has deleted many files in the last minutes.
STAMP=${TMPDIR:-/tmp}/mailtrail-bench.deleted; SETTLE=${SETTLE:-360}
if [ -f "$STAMP" ] && [ "$SETTLE" -gt 0 ]; then
  wait_s=$(( $(cat "$STAMP") + SETTLE - $(date +%s) ))
  if [ "$wait_s" -gt 0 ]; then
    echo "waiting ${wait_s} s: the last run deleted its store less than $SETTLE s ago (SETTLE=0 to skip)"
    sleep "$wait_s"
  fi
fi
# env KEEP=DIR: the store is made in a new folder under DIR and left there (nothing deleted, no stamp), so that runs
# can follow each other without the wait; delete those folders yourself afterwards (and wait before the next run).
WORK=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"; sync; [ -n "${KEEP:-}" ] || date +%s > "$STAMP"' EXIT
STORE="$WORK/store"; if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP"; STORE=$(mktemp -d "$KEEP/store.XXXXXX"); echo "store kept in $STORE"; fi
sync
SINK_USER=(); [ "$(id -u)" = 0 ] && SINK_USER=(-u nobody)

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
wait_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing on port $1" >&2; exit 1; }
# seconds for smtp-source to send MESSAGES messages over SESSIONS parallel sessions to 127.0.0.1:$1
source_time() {
  local t0 t1
  t0=$(date +%s%N)
  smtp-source -s "$SESSIONS" -m "$MESSAGES" -f alice@example.org -t bob@example.test "127.0.0.1:$1"
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" -v m="$MESSAGES" 'BEGIN {printf "%.1f\n", m / ((b - a) / 1e9)}'
}

# CPU time (user + system, ms) a process has used so far
cpu_ms() { awk '{print ($14 + $15) * 10}' "/proc/$1/stat"; }
warm() { # port: WARMUP messages in rounds of MESSAGES
  local left=$WARMUP
  while [ "$left" -gt 0 ]; do
    smtp-source -s "$SESSIONS" -m "$((left < MESSAGES ? left : MESSAGES))" -f alice@example.org -t bob@example.test "127.0.0.1:$1"
    left=$((left - MESSAGES))
  done
}
# alternately: smtp-source into the Mail Trail server on port $1 (pid $2) and into smtp-sink; prints per round
# "mt_rate sink_rate mt_cpu_us_per_msg sink_cpu_us_per_msg"
receive_rounds() {
  for _ in $(seq 1 "$ROUNDS"); do
    local c0 c1 s0 s1 m p
    c0=$(cpu_ms "$2"); m=$(source_time "$1"); c1=$(cpu_ms "$2")
    s0=$(cpu_ms "$SINK_PID"); p=$(source_time $SINK_PORT); s1=$(cpu_ms "$SINK_PID")
    echo "$m $p $(( (c1 - c0) * 1000 / MESSAGES )) $(( (s1 - s0) * 1000 / MESSAGES ))"
  done
}

smtp-sink "${SINK_USER[@]}" -c "127.0.0.1:$SINK_PORT" 1000 >/dev/null 2>&1 &
SINK_PID=$!
wait_port $SINK_PORT
if part serve; then # serve as it runs by default: keeping nothing on disk, like smtp-sink
  java -jar "$JAR" serve --listen "127.0.0.1:$MEM_PORT" --domain example.test \
    --max-connections $((SESSIONS * 2 + 50)) >/dev/null 2>&1 &
  MEM_PID=$!
  wait_port $MEM_PORT
fi
if part store; then # serve --store: every message forced to disk before its 250, a JSON and a text transcript per session
  java -jar "$JAR" serve --listen "127.0.0.1:$SERVE_PORT" --domain example.test --store "$STORE" \
    --max-connections $((SESSIONS * 2 + 50)) >"$WORK/serve.log" 2>&1 &
  STORE_PID=$!
  wait_port $SERVE_PORT
fi
uptime

# receive LABEL PORT PID MT_ARRAY SINK_ARRAY: warm-up, then the alternating rounds, printed and kept in the arrays
receive() {
  local -n mt=$4 pf=$5
  local i=0 m p cm cp
  warm "$2"
  while read -r m p cm cp; do
    i=$((i + 1)); mt+=("$m"); pf+=("$p")
    echo "  round $i: $1 $m msg/s (CPU $cm us/msg), smtp-sink $p msg/s (CPU $cp us/msg)"
  done < <(receive_rounds "$2" "$3")
}
a_mt=(); a_pf=(); a_st=(); a_stp=(); b_mt=(); b_pf=()
if part serve; then
  echo "(a) receiving: smtp-source -s $SESSIONS -m $MESSAGES into mailtrail serve (keeping nothing) and smtp-sink"
  receive "mailtrail serve" $MEM_PORT $MEM_PID a_mt a_pf
fi
if part store; then
  echo "(a') the same into mailtrail serve --store DIR"
  receive "mailtrail serve --store" $SERVE_PORT $STORE_PID a_st a_stp
  stored=$(find "$STORE" -name '*.eml' | wc -l)
  echo "  messages stored by serve --store: $stored (expected $(( WARMUP + MESSAGES * ROUNDS )))"
  kill -TERM "$STORE_PID"; wait "$STORE_PID" || true # as Ctrl-C: the transcripts still queued are written first
  transcripts=$(find "$STORE/sessions" -name '*.json' | wc -l)
  echo "  transcripts after stopping it: $transcripts (expected $((stored + 1)): a session per message, and the port check)"
fi

part client && echo "(b) sending to smtp-sink: $SESSIONS sessions, $MESSAGES messages (Mail Trail's client warmed up in the same JVM)"
for i in $(part client && seq 1 "$ROUNDS"); do
  out=$(java -cp "$CP" org.mailtrail.bench.LiveClientBench 127.0.0.1 $SINK_PORT "$MESSAGES" "$SESSIONS" "$WARMUP")
  m=$(echo "$out" | sed -n 's/.* rate \([0-9.]*\).*/\1/p'); cm=$(echo "$out" | sed -n 's/.* cpu \([0-9]*\) us.*/\1/p')
  t0=$(date +%s%N)
  p=$( { /usr/bin/time -f "%U %S" smtp-source -s "$SESSIONS" -m "$MESSAGES" -f alice@example.org -t bob@example.test \
        "127.0.0.1:$SINK_PORT"; } 2>&1 | tail -1)
  t1=$(date +%s%N)
  cp=$(awk -v u="${p% *}" -v s="${p#* }" -v m="$MESSAGES" 'BEGIN {printf "%d", (u + s) * 1e6 / m}')
  p=$(awk -v a="$t0" -v b="$t1" -v m="$MESSAGES" 'BEGIN {printf "%.1f\n", m / ((b - a) / 1e9)}')
  b_mt+=("$m"); b_pf+=("$p")
  echo "  round $i: mailtrail client $m msg/s (CPU $cm us/msg), smtp-source $p msg/s (CPU $cp us/msg)"
done
uptime

ratio() { awk -v x="$1" -v y="$2" 'BEGIN {printf "%.2f", x / y}'; }
if part serve; then
  ma=$(printf '%s\n' "${a_mt[@]}" | median); pa=$(printf '%s\n' "${a_pf[@]}" | median)
  echo "median (a) serve $ma msg/s / smtp-sink $pa msg/s = ratio $(ratio "$ma" "$pa")"
fi
if part store; then
  ms=$(printf '%s\n' "${a_st[@]}" | median); ps=$(printf '%s\n' "${a_stp[@]}" | median)
  echo "median (a') serve --store $ms msg/s / smtp-sink $ps msg/s = ratio $(ratio "$ms" "$ps")"
fi
if part client; then
  mb=$(printf '%s\n' "${b_mt[@]}" | median); pb=$(printf '%s\n' "${b_pf[@]}" | median)
  echo "median (b) client $mb msg/s / smtp-source $pb msg/s = ratio $(ratio "$mb" "$pb")"
fi
