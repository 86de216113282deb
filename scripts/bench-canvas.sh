#!/usr/bin/env bash
# Canvas benchmark (docs/BENCHMARKS.md, "Canvas"): the real window, release builds of the UI
# and the app, generated agent stacks of 1,000 and 5,000 components; prints the time to show
# the canvas and frame intervals (p50 / p95 / max, measured in the webview) during a
# scripted pan and a node drag. Needs what the end-to-end tests need (scripts/test.sh
# installs it).
#
# Usage: scripts/bench-canvas.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

trunk build --release
cargo build --release -p trellis-app
status=0
if command -v cargo-nextest >/dev/null 2>&1; then
  TRELLIS_E2E_PROFILE=release cargo nextest run -p trellis-e2e --test e2e_canvas_scale \
      --run-ignored only --no-capture --test-threads 1 2>&1 | grep -E "components" || status=$?
else
  TRELLIS_E2E_PROFILE=release cargo test -p trellis-e2e --test e2e_canvas_scale \
      -- --ignored --nocapture --test-threads 1 2>&1 | grep -E "components" || status=$?
fi
# Leave a debug UI build behind for the tests (the app names its UI build, so it rebuilds).
trunk build >/dev/null
exit $status
