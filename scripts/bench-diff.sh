#!/usr/bin/env bash
# Diff benchmark (docs/BENCHMARKS.md, "Diff"): YAML version pairs of ~0.7 MB and ~7 MB with
# 0.1 %, 1 % and 100 % of their lines changed (crates/trellis-diff/examples/gen_versions.rs,
# deterministic, into target/bench-diff), compared by whole processes side by side:
#   trellis diff OLD NEW --format json-patch   (read, parse both, match, patch, print)
#   git diff --no-index OLD NEW                (line diff)
#   difft OLD NEW                              (difftastic, a structural diff, if installed)
# Runs alternate between the tools so they share the machine's load; prints medians, the
# ratio Trellis / git, and each tool's peak memory (max RSS).
#
# Usage: scripts/bench-diff.sh [--runs N]
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=5
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        *) echo "usage: $0 [--runs N]" >&2; exit 2 ;;
    esac
done

OUT=target/bench-diff
cargo build --release -p trellis-cli
cargo run --release -q -p trellis-diff --example gen_versions -- "$OUT"

TRELLIS=target/release/trellis OUT="$OUT" RUNS="$RUNS" python3 - <<'PY'
import os, resource, shutil, statistics, subprocess, time

trellis, out, runs = os.environ["TRELLIS"], os.environ["OUT"], int(os.environ["RUNS"])
difft = shutil.which("difft")

def timed(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    return elapsed, p.returncode, p.stderr.decode()[-300:]

def peak_kb(cmd):
    # GNU time gives the max RSS of that one process.
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    try:
        return int(p.stderr.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return 0

rows = []
for size in ("1mb", "10mb"):
    old = os.path.join(out, f"{size}-old.yaml")
    for change in ("0.1pct", "1pct", "100pct"):
        new = os.path.join(out, f"{size}-{change}.yaml")
        tools = {
            "trellis": [trellis, "diff", old, new, "--format", "json-patch"],
            "git": ["git", "diff", "--no-index", "--no-color", old, new],
        }
        if difft:
            tools["difft"] = [difft, "--color", "never", old, new]
        times = {k: [] for k in tools}
        for cmd in tools.values():
            timed(cmd)  # warm the page cache
        for _ in range(runs):
            for name, cmd in tools.items():
                elapsed, code, err = timed(cmd)
                if code not in (0, 1):
                    raise SystemExit(f"{name} failed ({code}) on {new}: {err}")
                times[name].append(elapsed)
        med = {k: statistics.median(v) for k, v in times.items()}
        mem = {k: peak_kb(cmd) for k, cmd in tools.items() if os.path.exists("/usr/bin/time")}
        rows.append((size, change, os.path.getsize(old), med, mem))
        print(f"{size} {change}: " + ", ".join(f"{k} {[round(x * 1e3) for x in v]} ms" for k, v in times.items()), flush=True)

print()
head = f"{'pair':<14} {'size':>7} {'trellis':>9} {'git diff':>9} {'ratio':>6}"
if difft:
    head += f" {'difft':>9}"
print(head + "   peak memory (trellis / git" + (" / difft" if difft else "") + ")")
for size, change, nbytes, med, mem in rows:
    line = f"{size + ' ' + change:<14} {nbytes / 1e6:>5.1f}MB {med['trellis'] * 1e3:>7.0f}ms {med['git'] * 1e3:>7.0f}ms {med['trellis'] / med['git']:>6.2f}"
    if difft:
        line += f" {med['difft'] * 1e3:>7.0f}ms"
    if mem:
        line += "   " + " / ".join(f"{mem.get(k, 0) / 1024:.0f} MB" for k in med)
    print(line)
print(f"\nmedians of {runs} runs each, alternating; ratio = trellis / git diff --no-index")
PY
