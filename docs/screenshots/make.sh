#!/usr/bin/env bash
# Renders the screenshots in this folder from the running app (headless, Monocle), using the
# committed test ScreenshotsTest. Run from anywhere: docs/screenshots/make.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q test -Dtest='ScreenshotsTest,TranslatedScreenshotsTest' -Dmailtrail.screenshots=docs/screenshots
ls -1 docs/screenshots/*.png
