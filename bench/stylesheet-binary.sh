#!/usr/bin/env bash
# Writes src/main/resources/org/mailtrail/app/mailtrail.bss, the binary form of mailtrail.css (JavaFX's own
# converter, com.sun.javafx.css.parser.Css2Bin). JavaFX loads a .bss next to a .css it is asked for instead of
# parsing the text: the window's stylesheet is then read, not parsed, at start-up (as JavaFX's own modena.bss is).
# Rerun after every change to mailtrail.css: StylesheetBinaryTest fails while the two differ.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=compile -Dmdep.outputFile=target/css-classpath.txt >/dev/null
css=src/main/resources/org/mailtrail/app/mailtrail.css
java -cp "$(cat target/css-classpath.txt)" com.sun.javafx.css.parser.Css2Bin "$css" "${css%.css}.bss"
echo "wrote ${css%.css}.bss ($(wc -c < "${css%.css}.bss") bytes)"
