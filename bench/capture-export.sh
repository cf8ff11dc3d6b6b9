#!/bin/sh
# Issue 17: time and peak memory of `mailtrail export CAPTURE` on a large capture of mostly other traffic.
# Generates SIZE_MB of pcap (streamed to /tmp, never committed): HTTP-like TCP bulk flows and UDP noise between
# documentation addresses, with the checked-in SMTP capture (smtp-pipelining-dns.pcapng's packets) inserted at the
# start, the middle and the end. Then runs export --format text under /usr/bin/time -v (max RSS) with a heap cap.
# Usage: bench/capture-export.sh [SIZE_MB] [HEAP]   (defaults 1024 and 256m). Needs a compiled tree and the class
# path in /tmp/capture-cp.txt (mvn -o -q compile dependency:build-classpath -Dmdep.outputFile=/tmp/capture-cp.txt).
set -eu
SIZE_MB=${1:-1024}
HEAP=${2:-256m}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=/tmp/mailtrail-bench-capture.pcap
python3 - "$SIZE_MB" "$OUT" "$ROOT/src/test/resources/org/mailtrail/capture/smtp-plain.pcap" <<'PY'
import struct, sys, random
size = int(sys.argv[1]) * 1024 * 1024
out, mail = sys.argv[2], open(sys.argv[3], "rb").read()
mail_packets = []  # the classic pcap fixture's records (Ethernet, microseconds, little-endian)
o = 24
while o + 16 <= len(mail):
    ts, us, incl, orig = struct.unpack_from("<IIII", mail, o)
    mail_packets.append(mail[o + 16:o + 16 + incl]); o += 16 + incl
def eth_ip(src, dst, proto, l4):
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), 0, 0x4000, 64, proto, 0, bytes(src), bytes(dst))
    return b"\0" * 12 + b"\x08\x00" + ip + l4
def tcp(sport, dport, seq, payload, flags=0x18):
    return struct.pack(">HHIIBBHHH", sport, dport, seq, 0, 0x50, flags, 65535, 0, 0) + payload
rnd = random.Random(17)
body = bytes(rnd.randrange(256) for _ in range(1400))
t = 1_700_000_000 * 1_000_000
written = 24
with open(out, "wb", buffering=1 << 20) as f:
    f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
    def rec(frame):
        global t, written
        t += 50
        f.write(struct.pack("<IIII", t // 1_000_000, t % 1_000_000, len(frame), len(frame))); f.write(frame)
        written += 16 + len(frame)
    for p in mail_packets: rec(p)
    flows = [(bytearray([198, 51, 100, rnd.randrange(1, 250)]), bytearray([203, 0, 113, rnd.randrange(1, 250)]),
              40000 + i, 443 if i % 2 else 80) for i in range(2000)]
    seqs = [rnd.randrange(1 << 32) for _ in flows]
    n = 0; half = False
    while written < size:
        i = n % len(flows); s, d, sp, dp = flows[i]
        rec(eth_ip(d, s, 6, tcp(dp, sp, seqs[i], body)))
        seqs[i] = (seqs[i] + len(body)) & 0xFFFFFFFF
        if n % 20 == 0:
            rec(eth_ip(s, d, 17, struct.pack(">HHHH", 5000 + i, 9999, 8 + 100, 0) + body[:100]))
        n += 1
        if not half and written >= size // 2:
            half = True
            for p in mail_packets: rec(p)  # the same connection again: its sequence numbers repeat, see below
    for p in mail_packets: rec(p)
PY
ls -l "$OUT"
CP="$ROOT/target/classes:$(cat /tmp/capture-cp.txt)"
/usr/bin/time -v java -Xmx"$HEAP" -cp "$CP" org.mailtrail.Main export "$OUT" --format text -o /tmp/mailtrail-bench-capture.txt \
    2>/tmp/mailtrail-bench-time.txt
grep -E "Elapsed|Maximum resident" /tmp/mailtrail-bench-time.txt
grep -c "C: MAIL FROM" /tmp/mailtrail-bench-capture.txt
grep "Note:" /tmp/mailtrail-bench-capture.txt | head -3
rm -f "$OUT"
