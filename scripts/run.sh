#!/usr/bin/env bash
# Installs what is missing, builds the UI and the desktop app, and starts Trellis.
# Without a display (no $DISPLAY), it starts a private Xvfb so the app still runs headless.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

bash scripts/bootstrap.sh
bash scripts/build-app.sh

if [ -z "${DISPLAY:-}" ]; then
  n=99
  while [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ]; do n=$((n + 1)); done
  Xvfb ":$n" -screen 0 1440x900x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
  export DISPLAY=":$n"
  echo "run: no display found; started a headless Xvfb on $DISPLAY (the window is not visible)"
fi

echo "run: starting Trellis"
target/debug/trellis-app "$@"
