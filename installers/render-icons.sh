#!/usr/bin/env bash
# Renders the one icon source, assets/icons/mailtrail.svg, to everything the platforms need:
#   assets/icons/png/mailtrail-N.png  N = 16 24 32 48 64 128 256 512 1024 (Linux, desktop entry)
#   assets/icons/mailtrail.ico        16 24 32 48 64 256 (Windows .msi, launcher)
#   assets/icons/mailtrail.icns       16 32 64 128 256 512 1024, PNG chunks (macOS .dmg)
#   src/main/resources/org/mailtrail/app/icons/mailtrail-N.png  16 32 48 64 128 256 (window icon)
# The outputs are committed, so neither the Maven build nor installers/build.sh needs these tools.
# Needs: rsvg-convert (Debian: librsvg2-bin), ImageMagick `convert` (for the .ico), python3
# (writes the .icns container: 'icns' + length, then one chunk per size, each a 4-byte type,
# a 4-byte length and the PNG; no iconutil needed).
set -euo pipefail
cd "$(dirname "$0")/.."
SVG=assets/icons/mailtrail.svg
OUT=assets/icons/png
RES=src/main/resources/org/mailtrail/app/icons
command -v rsvg-convert >/dev/null || { echo "needs rsvg-convert: apt-get install librsvg2-bin" >&2; exit 1; }
command -v convert >/dev/null || { echo "needs ImageMagick: apt-get install imagemagick" >&2; exit 1; }
mkdir -p "$OUT" "$RES"
for n in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert -w "$n" -h "$n" "$SVG" -o "$OUT/mailtrail-$n.png"
done
for n in 16 32 48 64 128 256; do cp "$OUT/mailtrail-$n.png" "$RES/"; done
convert "$OUT"/mailtrail-{16,24,32,48,64,256}.png assets/icons/mailtrail.ico
python3 - "$OUT" assets/icons/mailtrail.icns <<'PY'
import struct, sys
src, dst = sys.argv[1], sys.argv[2]
# ICNS types holding PNG data: (type, pixel size)
types = [(b"icp4", 16), (b"ic11", 32), (b"icp5", 32), (b"ic12", 64), (b"ic07", 128),
         (b"ic13", 256), (b"ic08", 256), (b"ic14", 512), (b"ic09", 512), (b"ic10", 1024)]
body = b""
for t, n in types:
    png = open(f"{src}/mailtrail-{n}.png", "rb").read()
    body += t + struct.pack(">I", len(png) + 8) + png
open(dst, "wb").write(b"icns" + struct.pack(">I", len(body) + 8) + body)
PY
echo "rendered: $OUT/*.png, assets/icons/mailtrail.ico, assets/icons/mailtrail.icns, $RES/*.png"
