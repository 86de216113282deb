#!/usr/bin/env bash
# Validation benchmarks (docs/BENCHMARKS.md, "Validation"):
#  1. ~5 MB documents validated end to end by whole processes, side by side with ajv-cli
#     (ajv 8 + ajv-formats) on the same files: `trellis validate FILE --schema PACK` against
#     `ajv validate --spec=draft2020 -s PACK.schema.json -d FILE`. Runs alternate between the
#     two tools so both share the machine's load; prints medians and the ratio Trellis / ajv
#     (below 1.0: Trellis is faster).
#  2. Re-validation after one edit of a 10,000-line document (p50/p95), through
#     `cargo bench -p trellis-schema --bench revalidate`.
#
# Usage: scripts/bench-validate.sh [--runs N] [--check] [--no-revalidate]
#   --runs N   timed runs per tool and file (default 5)
#   --check    let the generator parse every file back and validate it in process first
#              (valid files: no errors; error files: exactly the injected errors)
# Peers are installed with npm into ${XDG_CACHE_HOME:-~/.cache}/trellis-bench (outside the
# repository), once. Generated documents go to target/bench-validate.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=5
REVALIDATE=1
CHECK=
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --no-revalidate) REVALIDATE=0; shift ;;
        --check) CHECK=--check; shift ;;
        *) echo "usage: $0 [--runs N] [--check] [--no-revalidate]" >&2; exit 2 ;;
    esac
done

OUT=target/bench-validate
PEERS="${XDG_CACHE_HOME:-$HOME/.cache}/trellis-bench"
AJV="$PEERS/node_modules/.bin/ajv"

cargo build --release -p trellis-cli
cargo run --release -q -p trellis-schema --example gen_stack -- --out "$OUT" $CHECK

if [ ! -x "$AJV" ] || [ ! -d "$PEERS/node_modules/ajv-formats" ]; then
    command -v npm >/dev/null || { echo "npm is needed for the ajv-cli peer" >&2; exit 2; }
    mkdir -p "$PEERS"
    npm install --prefix "$PEERS" --no-audit --no-fund --silent ajv-cli@5 ajv@8 ajv-formats@3
fi

# The stack's ${VAR}s, set as CI would set them, so no run reports unresolved variables.
export OPENAI_API_KEY=placeholder ANTHROPIC_API_KEY=placeholder AZURE_OPENAI_API_KEY=placeholder \
    GATEWAY_API_KEY=placeholder SEARCH_API_TOKEN=placeholder TICKETS_TOKEN=placeholder \
    DATABASE_URL=postgres://app@db:5432/app

TRELLIS=target/release/trellis AJV="$AJV" OUT="$OUT" RUNS="$RUNS" python3 - <<'PY'
import json, os, re, statistics, subprocess, time

trellis, ajv, out, runs = os.environ["TRELLIS"], os.environ["AJV"], os.environ["OUT"], int(os.environ["RUNS"])
cases = [
    ("agent-stack.json", "agent-stack", 0),
    ("agent-stack.yaml", "agent-stack", 0),
    ("agent-stack-errors.json", "agent-stack", 1),
    ("agent-stack-errors.yaml", "agent-stack", 1),
    ("compose.yaml", "docker-compose", 0),
    ("compose-errors.yaml", "docker-compose", 1),
]

def commands(name, pack):
    data = os.path.join(out, name)
    t = [trellis, "validate", data, "--schema", pack, "--format", "json"]
    a = [ajv, "validate", "--spec=draft2020", "--strict=false", "--all-errors", "-c", "ajv-formats",
         "-s", os.path.join(out, pack + ".schema.json"), "-d", data, "--errors=json"]
    return t, a

def timed(cmd):
    start = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - start, p

def trellis_findings(p):
    try:
        diags = json.loads(p.stdout)
    except ValueError:
        return "?"
    if isinstance(diags, dict):
        diags = diags.get("diagnostics", [])
    errors = sum(1 for d in diags if d.get("severity") == "error")
    warnings = sum(1 for d in diags if d.get("severity") == "warning")
    return f"{errors}/{warnings}"

def ajv_findings(p):
    m = re.search(r"\[.*\]", p.stdout + p.stderr, re.S)
    return str(len(json.loads(m.group(0)))) if m else "0"

rows = []
for name, pack, expect in cases:
    path = os.path.join(out, name)
    if not os.path.exists(path):
        continue
    t, a = commands(name, pack)
    timed(a)  # warm node's caches; the generator has just written (and cached) the files
    tt, at, bad = [], [], []
    for _ in range(runs):
        d, tp = timed(t); tt.append(d)
        d, ap = timed(a); at.append(d)
        bad += [f"{tool} exited {p.returncode}" for tool, p in (("trellis", tp), ("ajv", ap)) if p.returncode != expect]
    mt, ma = statistics.median(tt), statistics.median(at)
    rows.append((name, os.path.getsize(path), mt, ma, trellis_findings(tp), ajv_findings(ap), sorted(set(bad))))
    print(f"{name}: trellis {[round(x * 1e3) for x in tt]} ms, ajv {[round(x * 1e3) for x in at]} ms", flush=True)

print()
print(f"{'file':<26} {'size':>7} {'trellis':>10} {'ajv-cli':>10} {'ratio':>6}   findings (trellis errors/warnings; ajv errors)")
for name, size, mt, ma, tf, af, bad in rows:
    note = ("  UNEXPECTED EXIT: " + ", ".join(bad)) if bad else ""
    print(f"{name:<26} {size / 1e6:>5.1f}MB {mt * 1e3:>8.0f}ms {ma * 1e3:>8.0f}ms {mt / ma:>6.2f}   {tf}; {af}{note}")
print(f"\nmedians of {runs} runs each, alternating; ratio = trellis / ajv-cli (below 1.0: Trellis is faster)")
PY

if [ "$REVALIDATE" = 1 ]; then
    cargo bench -p trellis-schema --bench revalidate
fi
