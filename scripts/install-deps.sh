#!/usr/bin/env bash
# Installs the system packages Attest needs on Debian/Ubuntu.
#   scripts/install-deps.sh          libraries the window loads at run time (X11/Wayland, GL, xkbcommon)
#   scripts/install-deps.sh --xvfb   also a virtual screen and input tools, to run the window headless
#   scripts/install-deps.sh --cluster  only what scripts/check-cluster.sh needs: Python's venv and a Java runtime for Spark
# Packages already installed are not installed again; nothing is done when all are present.
set -euo pipefail

packages=(libx11-6 libxcursor1 libxrandr2 libxi6 libx11-xcb1 libxkbcommon0 libxkbcommon-x11-0
          libwayland-client0 libwayland-cursor0 libwayland-egl1 libgl1 libegl1 libgl1-mesa-dri libglx-mesa0 libegl-mesa0
          libdbus-1-3 fonts-dejavu-core)
if [[ "${1:-}" == "--xvfb" ]]; then
  packages+=(xvfb xauth x11-utils xdotool imagemagick)
fi
if [[ "${1:-}" == "--cluster" ]]; then
  packages=(python3-venv openjdk-17-jre-headless)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "install these packages with your system's package manager: ${missing[*]}" >&2
  exit 1
fi
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
