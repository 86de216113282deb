#!/usr/bin/env bash
# Installs what building and testing Trellis needs on Debian 12: system libraries for the
# desktop window, Xvfb and the WebKit WebDriver for end-to-end tests, the wasm32 target,
# Trunk, wasm-bindgen-cli (the version in Cargo.lock) and tauri-driver.
# Idempotent: whatever is already present is skipped, so a second run takes seconds.
set -euo pipefail

cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

say() { printf 'bootstrap: %s\n' "$*"; }

APT_PACKAGES=(
  libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  librsvg2-dev libayatana-appindicator3-dev libxdo-dev libssl-dev
  libdbus-1-dev webkit2gtk-driver xvfb pkg-config build-essential git
)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing system packages: ${missing[*]}"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
else
  say "system packages present"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

TRUNK_VERSION=0.21.14
if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

# wasm-bindgen-cli must match the wasm-bindgen library in Cargo.lock exactly.
WB_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
if [ -z "$WB_VERSION" ]; then
  echo "bootstrap: could not find the wasm-bindgen version in Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WB_VERSION\$\| $WB_VERSION "; then
  say "installing wasm-bindgen-cli $WB_VERSION"
  # Not --locked: its own lock file names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --force
fi

if ! command -v tauri-driver >/dev/null 2>&1; then
  say "installing tauri-driver"
  cargo install --locked tauri-driver
fi

say "ready (trunk $(trunk --version | awk '{print $2}'), wasm-bindgen $WB_VERSION, $(tauri-driver --help >/dev/null 2>&1 && echo tauri-driver))"
