#!/usr/bin/env bash
# The test command: installs what is missing, builds the UI and the app, and runs every test
# of the workspace, the end-to-end tests (real window under Xvfb) included.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

bash scripts/bootstrap.sh
bash scripts/build-app.sh

if command -v cargo-nextest >/dev/null 2>&1; then
  echo "test: cargo nextest run --workspace --exclude trellis-ui"
  cargo nextest run --workspace --exclude trellis-ui --no-fail-fast
else
  echo "test: cargo test --workspace --exclude trellis-ui"
  cargo test --workspace --exclude trellis-ui --no-fail-fast
fi

# The UI's own unit tests (its pure parts, such as the assistant's Markdown renderer) run
# natively; the rest of the UI is exercised by the end-to-end tests above.
echo "test: cargo test -p trellis-ui --bin trellis-ui"
cargo test -p trellis-ui --bin trellis-ui
