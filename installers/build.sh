#!/usr/bin/env bash
# Builds a Linux package of Mail Trail with the JDK's jpackage, JavaFX on the module path.
#   installers/build.sh app-image   -> target/installers/MailTrail/            (bin/MailTrail)
#   installers/build.sh deb         -> target/installers/mailtrail_<version>_amd64.deb
#   installers/build.sh rpm         -> target/installers/mailtrail-<version>-1.x86_64.rpm
# Environment: MVN (default "mvn -B -q"; add -o to stay offline), SKIP_MVN=1 to reuse target/classes,
# NO_CDS=1 to skip the start-up cache (AOT cache or CDS archive; then no display is needed),
# PACKAGE_JDK=<JDK home> for the package's runtime (default: the newest JDK 25+ found, else the
# JDK 17 of the PATH; see choose_jdk in installers/common.sh).
# Needs JDK 17+ (jpackage, jlink, jdeps); deb: fakeroot, dpkg-deb; rpm: rpmbuild; the cache's
# training run: an X display or xvfb-run. See installers/README.md.
set -euo pipefail
TYPE=${1:-app-image}
case "$TYPE" in app-image|deb|rpm) ;; *) echo "usage: $0 app-image|deb|rpm" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."
ROOT=$PWD
. installers/common.sh
choose_jdk
# Temurin 25 has no jmods directory (JEP 493: jlink links from the runtime image itself), so its
# jpackage says "Warning: No JDK Modules found"; the image is complete all the same.
JPACKAGE=$PKG_JDK/bin/jpackage

OUT=$ROOT/target/installers
WORK=$OUT/work
MVN=${MVN:-mvn -B -q}
[ "${SKIP_MVN:-}" = 1 ] && [ -d target/classes ] || $MVN -DskipTests package

rm -rf "$WORK"; mkdir -p "$WORK/input" "$WORK/jfx" "$OUT"
stage_inputs "$WORK" linux
MODULES=$(app_modules "$WORK")
echo "version $VERSION (package $APP_VERSION), modules: $MODULES"

# File association for saved sessions (*.json of format mailtrail-session): see README.md.
# The jars' fixed modification time for the rpm (see below): the pom's last change, stable per build.
JAR_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || stat -c %Y pom.xml)}
cat > "$WORK/session.properties" <<PROPS
mime-type=application/x-mailtrail-session
extension=json
description=Mail Trail session
icon=$ROOT/assets/icons/png/mailtrail-128.png
PROPS

COMMON_PKG=(--name MailTrail --app-version "$APP_VERSION" --vendor "Mail Trail"
  --description "Shows how e-mail really travels: DNS MX lookups, TCP, SMTP, Received: headers."
  --copyright "Mail Trail contributors" --icon "$ROOT/assets/icons/png/mailtrail-256.png")
COMMON=("${COMMON_PKG[@]}"
  --input "$WORK/input" --main-jar "mailtrail-$VERSION.jar" --main-class org.mailtrail.Main
  --module-path "$WORK/jfx" --add-modules "$MODULES"
  --jlink-options "--strip-debug --no-man-pages --no-header-files --generate-cds-archive"
  "${PKG_JAVA_OPTIONS[@]}" --temp "$WORK/tmp")

IMAGE=$WORK/image
CDS_LOG=$OUT/cds-training.log
# finish_linux_tree DIR: Mail Trail's own desktop entry (name with a space, Exec passes the file,
# keywords) and a session MIME type recognised by content, over jpackage's defaults.
finish_linux_tree() {
  cp installers/linux/mailtrail.desktop "$1/lib/mailtrail-MailTrail.desktop"
  cp installers/linux/mailtrail-session-mime.xml "$1/lib/mailtrail-MailTrail-MimeInfo.xml"
}
"$JPACKAGE" --type app-image "${COMMON[@]}" --dest "$IMAGE"
rm -rf "$WORK/tmp"
# Our launcher in place of jpackage's native one, which asks rpm and dpkg on every start which
# package owns it (0.3-0.5 s before the JVM starts): see installers/linux/launcher.sh.
install -m 755 installers/linux/launcher.sh "$IMAGE/MailTrail/bin/MailTrail"
rm -f "$IMAGE/MailTrail/lib/libapplauncher.so"

if [ "$TYPE" = app-image ]; then
  rm -rf "$OUT/MailTrail"; mv "$IMAGE/MailTrail" "$OUT/MailTrail"
  # The cache is valid for the jar paths it was made with: train where the image now lives.
  [ "${NO_CDS:-}" = 1 ] || train_cds "$OUT/MailTrail" "$OUT/MailTrail"
  echo "built $OUT/MailTrail (launcher: $OUT/MailTrail/bin/MailTrail)"
  exit 0
fi

# deb/rpm: the app lands in /opt/mailtrail. JDK 17 uses the archive only if each jar has the path,
# size and modification time it had when the archive was made, and jpackage's copy into the
# package gives the jars new times (the AOT cache of JDK 25 is made and kept the same way; see
# installers/README.md for what it checks). So: deb, the cache is made after jpackage, in the
# unpacked package, which is then packed again with dpkg-deb (keeps the times); rpm, the jars get a
# fixed time before the training run and again in the spec's %install (write_rpm_spec below).
# The training run sees the files at /opt/mailtrail through a private mount namespace; nothing
# outside it changes.
# write_rpm_spec FILE: the spec template of the jpackage in use (it differs between JDK 17 and 25:
# the scriptlets' placeholders), with one line added to %install that gives the jars JAR_EPOCH again
# after rpmbuild's copy. Used through --resource-dir.
write_rpm_spec() {
  rm -rf "$WORK/jimage"
  "$PKG_JDK/bin/jimage" extract --dir "$WORK/jimage" --include 'regex:.*/jpackage/internal/resources/template\.spec' \
    "$PKG_JDK/lib/modules"
  local template
  template=$(find "$WORK/jimage" -name template.spec | head -1)
  [ -n "$template" ] || { echo "no template.spec in $PKG_JDK/lib/modules" >&2; exit 1; }
  sed '/^cp -r %{_sourcedir}APPLICATION_DIRECTORY\/\* %{buildroot}APPLICATION_DIRECTORY$/a\
# Mail Trail: the jars keep the time the start-up cache was made with (installers/build.sh).\
find %{buildroot}APPLICATION_DIRECTORY/lib/app -name "*.jar" -exec touch -d @'"$JAR_EPOCH"' {} +' "$template" > "$1"
  grep -q "touch -d @$JAR_EPOCH" "$1" || { echo "cannot add the jar times to $template" >&2; exit 1; }
}
LINUX=(--linux-package-name mailtrail --linux-shortcut --linux-menu-group "Education;Network;"
  --linux-app-category education --file-associations "$WORK/session.properties")
if [ "$TYPE" = deb ]; then
  command -v fakeroot >/dev/null && command -v dpkg-deb >/dev/null || { echo "needs fakeroot and dpkg-deb" >&2; exit 1; }
  rm -f "$OUT"/mailtrail_*.deb
  "$JPACKAGE" --type deb --app-image "$IMAGE/MailTrail" "${COMMON_PKG[@]}" "${LINUX[@]}" \
    --linux-package-deps "libgtk-3-0" --linux-deb-maintainer "mailtrail@example.org" --dest "$WORK"
  DEB=$(ls "$WORK"/mailtrail_*.deb); TREE=$WORK/deb
  rm -rf "$TREE"; dpkg-deb -R "$DEB" "$TREE"
  finish_linux_tree "$TREE/opt/mailtrail"
  # jpackage's scripts stop on a machine without menus (no /etc/xdg/menus, e.g. a server): go on.
  # (jpackage 25's prerm calls them through do_if_file_belongs_to_single_package.)
  sed -i 's/^\(\(do_if_file_belongs_to_single_package [^ ]* \)\{0,1\}xdg-.*\)$/\1 || true/' \
    "$TREE/DEBIAN/postinst" "$TREE/DEBIAN/prerm"
  [ "${NO_CDS:-}" = 1 ] || train_cds "$TREE/opt/mailtrail" /opt/mailtrail
  sed -i "s/^Installed-Size: .*/Installed-Size: $(du -sk --exclude=DEBIAN "$TREE" | cut -f1)/" "$TREE/DEBIAN/control"
  fakeroot dpkg-deb -Zxz -b "$TREE" "$OUT/$(basename "$DEB")" >/dev/null
  rm -rf "$TREE" "$DEB"
else
  command -v rpmbuild >/dev/null || { echo "needs rpmbuild (Debian: apt-get install rpm)" >&2; exit 1; }
  rm -f "$OUT"/mailtrail-*.rpm
  find "$IMAGE/MailTrail/lib/app" -name '*.jar' -exec touch -d @"$JAR_EPOCH" {} +
  [ "${NO_CDS:-}" = 1 ] || train_cds "$IMAGE/MailTrail" /opt/mailtrail
  mkdir -p "$WORK/resources"
  write_rpm_spec "$WORK/resources/mailtrail.spec"
  cp installers/linux/mailtrail.desktop "$WORK/resources/mailtrail-MailTrail.desktop"
  "$JPACKAGE" --type rpm --app-image "$IMAGE/MailTrail" "${COMMON_PKG[@]}" "${LINUX[@]}" \
    --resource-dir "$WORK/resources" --linux-package-deps "gtk3, bash" --dest "$OUT"
fi
ls -l "$OUT"/mailtrail*."$TYPE"
