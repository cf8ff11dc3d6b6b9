#!/bin/sh
# Makes the capture and transcript fixtures of org.mailtrail.capture once, with the real programs (issue 17):
# Mail Trail's own `serve` (STARTTLS with a throw-away key store, and implicit TLS) and `dns-serve` on loopback,
# swaks and Python's smtplib as clients, dumpcap writing pcap (-P) and pcapng. Needs root (dumpcap on lo),
# a compiled tree (mvn -o -q compile) and the class path in /tmp/capture-cp.txt
# (mvn -o -q dependency:build-classpath -Dmdep.outputFile=/tmp/capture-cp.txt). Loopback only.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../../../../.." && pwd)
CP="$ROOT/target/classes:$(cat /tmp/capture-cp.txt)"
TMP=$(mktemp -d)
trap 'kill $SMTP $SMTPS $DNS 2>/dev/null || true; rm -rf "$TMP"' EXIT
keytool -genkeypair -keystore "$TMP/ks.p12" -storetype PKCS12 -storepass changeit -keypass changeit \
    -alias mx -keyalg RSA -keysize 2048 -dname CN=mx.example.test -validity 2 >/dev/null 2>&1
cat > "$TMP/zone.txt" <<'Z'
$ORIGIN example.test.
$TTL 300
@   IN SOA ns.example.test. hostmaster.example.test. 1 3600 600 86400 300
@   IN NS  ns
@   IN MX  10 mx
mx  IN A   127.0.0.1
mx  IN AAAA ::1
ns  IN A   127.0.0.1
Z
java -cp "$CP" org.mailtrail.Main serve --listen 127.0.0.1:2525 --domain example.test --hostname mx.example.test \
    --tls-keystore "$TMP/ks.p12" --tls-password changeit >"$TMP/serve.log" 2>&1 & SMTP=$!
java -cp "$CP" org.mailtrail.Main serve --listen 127.0.0.1:2465 --domain example.test --hostname mx.example.test \
    --tls-on-connect --tls-keystore "$TMP/ks.p12" --tls-password changeit >"$TMP/serves.log" 2>&1 & SMTPS=$!
java -cp "$CP" org.mailtrail.Main dns-serve --listen 127.0.0.1:5353 --zone "$TMP/zone.txt" >"$TMP/dns.log" 2>&1 & DNS=$!
sleep 4
SW="swaks --server 127.0.0.1 --from alice@example.org --to bob@example.test --helo client.example.org"
dnsquery() { # a raw DNS query over UDP to dns-serve, as a resolver would send it (RFC 1035 §4.1)
    python3 - "$1" "$2" <<'PY'
import socket, struct, sys, random
name, qtype = sys.argv[1], {"MX": 15, "A": 1, "AAAA": 28}[sys.argv[2]]
q = struct.pack(">HHHHHH", random.randrange(65536), 0x0100, 1, 0, 0, 0)
q += b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\0" + struct.pack(">HH", qtype, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(3)
s.sendto(q, ("127.0.0.1", 5353)); s.recvfrom(4096)
PY
}
capture() { # capture FILE FILTER OPTION... -- COMMAND
    out=$1; filter=$2; shift 2
    opts=""; while [ "$1" != "--" ]; do opts="$opts $1"; shift; done; shift
    dumpcap -q -i lo -f "$filter" $opts -w "$TMP/cap" >/dev/null 2>&1 & DC=$!
    sleep 2
    "$@"
    sleep 1; kill -INT $DC; wait $DC || true
    cp "$TMP/cap" "$HERE/$out"
}
smtp_with_dns() {
    dnsquery example.test MX; dnsquery mx.example.test A; dnsquery mx.example.test AAAA
    $SW --port 2525 --pipeline >"$TMP/x" 2>&1
}
capture smtp-plain.pcap 'tcp port 2525' -P -- sh -c "$SW --port 2525 >/dev/null 2>&1"
capture smtp-pipelining-dns.pcapng 'tcp port 2525 or udp port 5353' -- smtp_with_dns
capture smtp-starttls.pcapng 'tcp port 2525' -- sh -c "$SW --port 2525 -tls --pipeline >/dev/null 2>&1"
capture smtp-starttls.pcap 'tcp port 2525' -P -- sh -c "$SW --port 2525 -tls >/dev/null 2>&1"
capture smtp-implicit-tls.pcapng 'tcp port 2465' -- sh -c "$SW --port 2465 --tls-on-connect >/dev/null 2>&1"
# transcripts as the programs print them
$SW --port 2525 >"$HERE/swaks-plain.txt" 2>&1
$SW --port 2525 --pipeline >"$HERE/swaks-pipelining.txt" 2>&1
$SW --port 2525 -tls >"$HERE/swaks-starttls.txt" 2>&1
python3 - >"$HERE/smtplib-debug.txt" 2>&1 <<'PY'
import smtplib
s = smtplib.SMTP("127.0.0.1", 2525)
s.set_debuglevel(1)
s.ehlo("client.example.org")
s.sendmail("alice@example.org", ["bob@example.test"], "Subject: hello\r\n\r\nHello Bob.\r\n")
s.quit()
PY
ls -l "$HERE"
