#!/usr/bin/env bash
# Installs what ResearchStudio needs on Debian 12 beyond the .NET SDK. Idempotent: skips apt when
# everything is already there. Add a package here, never by hand on a machine.
set -euo pipefail
PACKAGES=(ffmpeg sqlite3 libpocketsphinx3 pocketsphinx-en-us fonts-dejavu-core sox)
# Only the test command needs a browser.
[ "${1:-}" = "--test" ] && PACKAGES+=(chromium)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  echo "Installing: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
