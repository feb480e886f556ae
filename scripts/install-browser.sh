#!/usr/bin/env bash
# Installs what the dashboard's browser tests drive (DashboardInTheBrowserIT): Debian's Chromium and its driver,
# at /usr/bin/chromium and /usr/bin/chromedriver. Nothing is downloaded outside the package manager; a machine that
# already has both is left as it is. .ci/run calls this before ./mvnw.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-browser.sh: chromium and chromium-driver are missing; run as root (apt-get)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends chromium chromium-driver fonts-dejavu-core
