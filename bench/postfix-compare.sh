#!/usr/bin/env bash
# Mail Trail's live server and client against Postfix's test tools, in one run, on loopback:
#  (a) `mailtrail serve` receiving from smtp-source   vs   smtp-sink receiving the same load
#  (b) Mail Trail's client (LiveClientBench) sending to smtp-sink   vs   smtp-source sending the same
# Messages per second and the ratios Mail Trail / Postfix (target: both >= 0.8). Each side gets a warm-up
# round first (the JVM compiles its hot code), then ROUNDS measured rounds; the median round counts.
#   bench/postfix-compare.sh [MESSAGES] [SESSIONS] [ROUNDS]      (defaults 5000 20 3)
# Installs Postfix's tools if missing (apt-get, "No configuration": no Postfix service is started).
set -euo pipefail
cd "$(dirname "$0")/.."
MESSAGES=${1:-5000}; SESSIONS=${2:-20}; ROUNDS=${3:-3}
if ! command -v smtp-source >/dev/null && [ ! -x /usr/sbin/smtp-source ]; then
  echo "postfix postfix/main_mailer_type select No configuration" | sudo -n debconf-set-selections 2>/dev/null \
    || echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postfix >/dev/null
fi
PATH=$PATH:/usr/sbin
[ -f target/mailtrail.jar ] || mvn -B -q -DskipTests package
[ -d target/test-classes/org/mailtrail/bench ] || mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CP=target/test-classes:target/classes:$(cat target/bench-classpath.txt)
SINK_PORT=2626; SERVE_PORT=2525; MEM_PORT=2527
WORK=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
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

smtp-sink "${SINK_USER[@]}" -c "127.0.0.1:$SINK_PORT" 1000 >/dev/null 2>&1 &
java -jar target/mailtrail.jar serve --listen "127.0.0.1:$SERVE_PORT" --domain example.test --store "$WORK/store" \
  --max-connections $((SESSIONS * 2 + 50)) >"$WORK/serve.log" 2>&1 &
# the same server keeping nothing on disk: what the protocol engine and the timeline cost without storage
java -jar target/mailtrail.jar serve --listen "127.0.0.1:$MEM_PORT" --domain example.test \
  --max-connections $((SESSIONS * 2 + 50)) >/dev/null 2>&1 &
wait_port $SINK_PORT; wait_port $SERVE_PORT; wait_port $MEM_PORT

echo "(a) receiving: smtp-source -s $SESSIONS -m $MESSAGES"
source_time $SERVE_PORT >/dev/null   # warm-up
a_mt=(); a_pf=()
for i in $(seq 1 "$ROUNDS"); do
  m=$(source_time $SERVE_PORT); p=$(source_time $SINK_PORT)
  a_mt+=("$m"); a_pf+=("$p")
  echo "  round $i: mailtrail serve $m msg/s, smtp-sink $p msg/s"
done
source_time $MEM_PORT >/dev/null   # warm-up
a_mem=()
for i in $(seq 1 "$ROUNDS"); do a_mem+=("$(source_time $MEM_PORT)"); done
echo "  mailtrail serve without --store (nothing written): ${a_mem[*]} msg/s"
stored=$(find "$WORK/store" -name '*.eml' | wc -l)
echo "  messages stored by serve: $stored (expected $(( MESSAGES * (ROUNDS + 1) )))"

echo "(b) sending to smtp-sink: $SESSIONS sessions, $MESSAGES messages"
b_mt=(); b_pf=()
for i in $(seq 1 "$ROUNDS"); do
  m=$(java -cp "$CP" org.mailtrail.bench.LiveClientBench 127.0.0.1 $SINK_PORT "$MESSAGES" "$SESSIONS" "$MESSAGES" \
      | sed -n 's/.* rate \([0-9.]*\).*/\1/p')
  p=$(source_time $SINK_PORT)
  b_mt+=("$m"); b_pf+=("$p")
  echo "  round $i: mailtrail client $m msg/s, smtp-source $p msg/s"
done

ma=$(printf '%s\n' "${a_mt[@]}" | median); pa=$(printf '%s\n' "${a_pf[@]}" | median)
mb=$(printf '%s\n' "${b_mt[@]}" | median); pb=$(printf '%s\n' "${b_pf[@]}" | median)
echo "median (a) serve $ma msg/s / smtp-sink $pa msg/s = ratio $(awk -v x="$ma" -v y="$pa" 'BEGIN {printf "%.2f", x / y}')"
mm=$(printf '%s\n' "${a_mem[@]}" | median)
echo "median (a') serve without --store $mm msg/s / smtp-sink $pa msg/s = ratio $(awk -v x="$mm" -v y="$pa" 'BEGIN {printf "%.2f", x / y}')"
echo "median (b) client $mb msg/s / smtp-source $pb msg/s = ratio $(awk -v x="$mb" -v y="$pb" 'BEGIN {printf "%.2f", x / y}')"
