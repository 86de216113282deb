#!/usr/bin/env bash
# Runs the benchmarks side by side with their peers and prints the ratios (Trellis / peer).
# Usage: scripts/bench.sh            — all benchmarks
# Ratios below 1.0 mean Trellis is faster. Figures go into docs/BENCHMARKS.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -p trellis-core --bench load -- --noplot "$@"
python3 - <<'PY'
import json, os
root = "target/criterion"
def median_ns(group, name):
    with open(os.path.join(root, group, name, "new", "estimates.json")) as f:
        return json.load(f)["median"]["point_estimate"]
print()
print(f"{'benchmark':<18} {'trellis':>12} {'peer':>12} {'ratio':>7}")
for group, peer in [("load-yaml-10MB", "serde_yaml"), ("load-json-10MB", "serde_json")]:
    try:
        t, p = median_ns(group, "trellis"), median_ns(group, peer)
    except FileNotFoundError:
        continue
    print(f"{group:<18} {t/1e6:>10.1f}ms {p/1e6:>10.1f}ms {t/p:>7.2f}  (peer: {peer})")
PY
