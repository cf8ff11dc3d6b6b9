#!/usr/bin/env bash
# Builds target/installers/MailTrail-<version>.dmg on macOS with the JDK's jpackage.
# NOT RUN on the Linux build machine (jpackage builds packages only for the OS it runs on).
# Prerequisites (see installers/README.md): macOS 11+, JDK 17+ (jpackage), Maven 3.8+, Xcode
# command line tools (jpackage uses hdiutil, codesign, SetFile). Unsigned unless MAC_SIGN_ID is set
# to a "Developer ID Application: ..." identity (then also notarise with xcrun notarytool).
# Apple silicon: JAVAFX_PLATFORM=mac-aarch64 (default from uname -m). Run from the repository root:
#   installers/macos/build-dmg.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
. installers/common.sh
PLATFORM=${JAVAFX_PLATFORM:-$([ "$(uname -m)" = arm64 ] && echo mac-aarch64 || echo mac)}
OUT=$ROOT/target/installers
WORK=$OUT/work-macos
MVN=${MVN:-mvn -B -q}
$MVN -DskipTests package
rm -rf "$WORK"; mkdir -p "$WORK/input" "$WORK/jfx"
stage_inputs "$WORK" "$PLATFORM"
MODULES=$(app_modules "$WORK")

cat > "$WORK/session.properties" <<PROPS
mime-type=application/x-mailtrail-session
extension=json
description=Mail Trail session
icon=$ROOT/assets/icons/mailtrail.icns
mac.CFBundleTypeRole=Viewer
mac.LSHandlerRank=Alternate
PROPS
SIGN=()
[ -z "${MAC_SIGN_ID:-}" ] || SIGN=(--mac-sign --mac-signing-key-user-name "$MAC_SIGN_ID")
jpackage --type dmg --name MailTrail --app-version "$APP_VERSION" --vendor "Mail Trail" \
  --description "Shows how e-mail really travels: DNS MX lookups, TCP, SMTP, Received: headers." \
  --icon "$ROOT/assets/icons/mailtrail.icns" \
  --input "$WORK/input" --main-jar "mailtrail-$VERSION.jar" --main-class org.mailtrail.Main \
  --module-path "$WORK/jfx" --add-modules "$MODULES" \
  --jlink-options "--strip-debug --no-man-pages --no-header-files" \
  --mac-package-identifier org.mailtrail.MailTrail --mac-package-name "Mail Trail" \
  --mac-app-category public.app-category.education \
  --file-associations "$WORK/session.properties" ${SIGN[@]+"${SIGN[@]}"} --dest "$OUT"
ls -l "$OUT"/*.dmg
