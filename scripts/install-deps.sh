#!/usr/bin/env bash
# Install the Debian 12 packages phusong needs to build, run its demo and
# run its tests, but only those that are missing (so a second run is quick
# and needs no network). Uses sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libgdal-dev gdal-bin libproj-dev proj-bin
  libsqlite3-dev sqlite3 libspatialite-dev libsqlite3-mod-spatialite
  libpng-dev libcairo2-dev libpango1.0-dev libfontconfig-dev libutf8proc-dev
  libssl-dev libdeflate-dev  # libdeflate: the Adler-32 of PNG image data
  fonts-noto-core fonts-dejavu-core
  jupyter-nbconvert python3-nbclient python3-ipykernel python3-nbformat
  clang libclang-rt-dev   # scripts/fuzz.sh: libFuzzer (clang 14 on Debian 12)
  gcovr                   # scripts/coverage.sh
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing missing Debian packages: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
