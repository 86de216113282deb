#!/usr/bin/env bash
# Builds the UI with Trunk into ui/dist, then the workspace (debug) including the desktop app
# that embeds it. The whole workspace is built with its test targets on purpose: that is the
# feature set `cargo test --workspace` resolves, so the test run reuses every artifact (and
# target/debug/trellis-app) instead of compiling the Tauri stack a second time.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

echo "build: trunk build (ui -> ui/dist)"
trunk build
echo "build: cargo build --workspace --exclude trellis-ui --bins --tests"
cargo build --workspace --exclude trellis-ui --bins --tests
