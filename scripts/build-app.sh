#!/usr/bin/env bash
# Builds the UI with Trunk into ui/dist, then the desktop app (debug) that embeds it.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

echo "build: trunk build (ui -> ui/dist)"
trunk build
echo "build: cargo build -p trellis-app"
cargo build -p trellis-app
