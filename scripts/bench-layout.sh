#!/usr/bin/env bash
# Layout benchmark (docs/BENCHMARKS.md, "Layout"): Trellis's layered layout against peer
# layered layouts from npm on the same graphs.
#
#  1. `cargo bench -p trellis-graph --bench layout` with TRELLIS_LAYOUT_PEER set generates
#     agent-stack documents of 1,000 and 5,000 components, reads each into its component
#     model with the agent-stack pack, writes the dependency graph as JSON and times
#     `Graph::layout` in process (a warm-up, then --runs timed runs).
#  2. Node runs the peers on the same JSON graphs, in process, same sizes and spacing
#     (layers left to right, 180x48 nodes, 24 between nodes, 80 between layers), one Node
#     process per peer and size under --limit seconds:
#     - dagre: @dagrejs/dagre as it comes (network-simplex ranking), `dagre.layout(g)`, the
#       graph built before the clock starts;
#     - dagre-lp: the same with `ranker: "longest-path"`, the layering Trellis uses;
#     - elk: elkjs's layered algorithm, `await elk.layout(graph)`, in process (no worker).
#     Each process times a first run, then --runs more unless the first took over 20 s (a
#     run that long needs no warm-up and is not repeated). A peer that exceeds the limit is
#     reported as such and not tried again in later rounds.
#  3. Steps 1 and 2 alternate for --rounds rounds so both share the machine's load; the
#     summary prints medians over all runs, the ratio Trellis / peer (below 1.0: Trellis is
#     faster) and, for each drawing, its size and its edge crossings counted from the
#     geometry with one function for all.
#
# Usage: scripts/bench-layout.sh [--rounds N] [--runs N] [--sizes 1000,5000] [--limit S] [--no-elk]
# Peers are installed with npm into ${XDG_CACHE_HOME:-~/.cache}/trellis-bench (outside the
# repository), once. Graphs, layouts and times go to target/bench-layout.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=3
RUNS=3
SIZES=1000,5000
LIMIT=900
ELK=1
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) ROUNDS="$2"; shift 2 ;;
        --runs) RUNS="$2"; shift 2 ;;
        --sizes) SIZES="$2"; shift 2 ;;
        --limit) LIMIT="$2"; shift 2 ;;
        --no-elk) ELK=0; shift ;;
        *) echo "usage: $0 [--rounds N] [--runs N] [--sizes 1000,5000] [--limit S] [--no-elk]" >&2; exit 2 ;;
    esac
done

# Absolute: the bench runs in its crate's folder.
OUT="$PWD/target/bench-layout"
PEERS="${XDG_CACHE_HOME:-$HOME/.cache}/trellis-bench"
mkdir -p "$OUT"
rm -f "$OUT"/*.jsonl "$OUT"/*.timeout

command -v node >/dev/null || { echo "node is needed for the peers" >&2; exit 2; }
if [ ! -d "$PEERS/node_modules/@dagrejs/dagre" ]; then
    command -v npm >/dev/null || { echo "npm is needed for the dagre peer" >&2; exit 2; }
    mkdir -p "$PEERS"
    npm install --prefix "$PEERS" --no-audit --no-fund --silent @dagrejs/dagre@1
fi
if [ "$ELK" = 1 ] && [ ! -d "$PEERS/node_modules/elkjs" ]; then
    npm install --prefix "$PEERS" --no-audit --no-fund --silent elkjs@0.10 \
        || { echo "elkjs did not install: compared with dagre only" >&2; ELK=0; }
fi
[ -d "$PEERS/node_modules/elkjs" ] || ELK=0

cat > "$OUT/peers.cjs" <<'JS'
// Peer layouts of the graphs Trellis wrote.
//   run DIR SIZE PEER RUNS   times one peer on one graph, appending to PEER-SIZE.jsonl
//   summary DIR SIZES PEERS  prints the comparison
const fs = require("fs");
const path = require("path");
const { performance } = require("perf_hooks");

const [mode, dir] = process.argv.slice(2, 4);
const read = (name) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
const write = (name, value) => fs.writeFileSync(path.join(dir, name), JSON.stringify(value));
const exists = (name) => fs.existsSync(path.join(dir, name));
const append = (name, ms) => fs.appendFileSync(path.join(dir, name), JSON.stringify({ ms }) + "\n");
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const times = (name) => exists(name)
  ? fs.readFileSync(path.join(dir, name), "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l).ms) : [];

function dagreGraph(dagre, g, ranker) {
  const G = new dagre.graphlib.Graph();
  G.setGraph({ rankdir: "LR", ranker, nodesep: g.options.node_gap, ranksep: g.options.layer_gap,
               marginx: g.options.margin, marginy: g.options.margin });
  G.setDefaultEdgeLabel(() => ({}));
  for (const n of g.nodes) G.setNode(n.id, { width: n.width, height: n.height });
  for (const e of g.edges) G.setEdge(e.from, e.to);
  return G;
}

function elkGraph(g) {
  const m = g.options.margin;
  return {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.spacing.nodeNode": String(g.options.node_gap),
      "elk.layered.spacing.nodeNodeBetweenLayers": String(g.options.layer_gap),
      "elk.padding": `[top=${m},left=${m},bottom=${m},right=${m}]`,
    },
    children: g.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges: g.edges.map((e, i) => ({ id: "e" + i, sources: [e.from], targets: [e.to] })),
  };
}

// A drawing as {nodes: [{x, y, w, h}] (top-left), edges: [[[x, y], ...]]}.
function fromDagre(G) {
  return {
    nodes: G.nodes().map((id) => { const n = G.node(id); return { x: n.x - n.width / 2, y: n.y - n.height / 2, w: n.width, h: n.height }; }),
    edges: G.edges().map((e) => G.edge(e).points.map((p) => [p.x, p.y])),
  };
}
function fromElk(r) {
  return {
    nodes: r.children.map((n) => ({ x: n.x, y: n.y, w: n.width, h: n.height })),
    edges: r.edges.flatMap((e) => (e.sections || []).map((s) =>
      [s.startPoint, ...(s.bendPoints || []), s.endPoint].map((p) => [p.x, p.y]))),
  };
}
function fromTrellis(l) {
  return { nodes: l.nodes.map((n) => ({ x: n.x, y: n.y, w: n.w, h: n.h })), edges: l.edges.map((e) => e.points) };
}

// One timed layout: the input is built first, the clock covers the layout call only.
async function once(peer, g) {
  if (peer === "elk") {
    const ELK = require("elkjs");
    const elk = new ELK();
    const input = elkGraph(g);
    const t0 = performance.now();
    const out = await elk.layout(input);
    return [performance.now() - t0, () => fromElk(out)];
  }
  const dagre = require("@dagrejs/dagre");
  const G = dagreGraph(dagre, g, peer === "dagre-lp" ? "longest-path" : "network-simplex");
  const t0 = performance.now();
  dagre.layout(G);
  return [performance.now() - t0, () => fromDagre(G)];
}

async function run(n, peer, runs) {
  const g = read(`graph-${n}.json`);
  const [first, drawing] = await once(peer, g);
  if (!exists(`${peer}-layout-${n}.json`)) write(`${peer}-layout-${n}.json`, drawing());
  const all = [first];
  if (first > 20000) {
    append(`${peer}-${n}.jsonl`, first);
  } else {
    for (let r = 0; r < runs; r++) {
      const [ms] = await once(peer, g);
      append(`${peer}-${n}.jsonl`, ms);
      all.push(ms);
    }
  }
  console.log(`${peer} ${n}: ${all.map((t) => t.toFixed(1)).join(", ")} ms`);
}

// Proper crossings between edge segments (shared end points and collinear overlaps are not
// crossings), found through columns of the x axis: a pair is tested in the column of the
// larger of the two left ends only, so each pair once.
function crossings(drawing) {
  const segs = [];
  for (const pts of drawing.edges) {
    for (let i = 0; i + 1 < pts.length; i++) {
      const [a, b] = [pts[i], pts[i + 1]];
      if (a[0] === b[0] && a[1] === b[1]) continue;
      segs.push([a[0], a[1], b[0], b[1], Math.min(a[0], b[0]), Math.max(a[0], b[0])]);
    }
  }
  const W = 60;
  const cols = new Map();
  segs.forEach((s, i) => {
    for (let c = Math.floor(s[4] / W); c <= Math.floor(s[5] / W); c++) {
      if (!cols.has(c)) cols.set(c, []);
      cols.get(c).push(i);
    }
  });
  let count = 0;
  for (const [c, list] of cols) {
    for (let x = 0; x < list.length; x++) {
      const s = segs[list[x]];
      for (let y = x + 1; y < list.length; y++) {
        const t = segs[list[y]];
        if (Math.floor(Math.max(s[4], t[4]) / W) !== c) continue;
        const d1x = s[2] - s[0], d1y = s[3] - s[1], d2x = t[2] - t[0], d2y = t[3] - t[1];
        const den = d1x * d2y - d1y * d2x;
        if (Math.abs(den) < 1e-9) continue;
        const ex = t[0] - s[0], ey = t[1] - s[1];
        const u = (ex * d2y - ey * d2x) / den, v = (ex * d1y - ey * d1x) / den;
        if (u > 1e-6 && u < 1 - 1e-6 && v > 1e-6 && v < 1 - 1e-6) count++;
      }
    }
  }
  return count;
}

function size(drawing) {
  let w = 0, h = 0;
  for (const n of drawing.nodes) { w = Math.max(w, n.x + n.w); h = Math.max(h, n.y + n.h); }
  return `${Math.round(w)}x${Math.round(h)}`;
}

function summary(sizes, peers) {
  const out = [];
  for (const n of sizes) {
    const g = read(`graph-${n}.json`);
    const t = times(`trellis-${n}.jsonl`);
    const tl = fromTrellis(read(`trellis-layout-${n}.json`));
    out.push(`${n} components, ${g.edges.length} edges`);
    out.push(`  trellis  ${median(t).toFixed(1).padStart(10)} ms  ${String(t.length).padStart(2)} runs  ${crossings(tl)} crossings  ${size(tl)}`);
    for (const peer of peers) {
      const p = times(`${peer}-${n}.jsonl`);
      const limit = exists(`${peer}-${n}.timeout`) ? fs.readFileSync(path.join(dir, `${peer}-${n}.timeout`), "utf8").trim() : null;
      if (!p.length) {
        out.push(`  ${peer.padEnd(8)} ${limit ? `over ${limit} s (stopped)` : "not run"}`);
        continue;
      }
      const d = read(`${peer}-layout-${n}.json`);
      out.push(`  ${peer.padEnd(8)} ${median(p).toFixed(1).padStart(10)} ms  ${String(p.length).padStart(2)} runs  ${crossings(d)} crossings  ${size(d)}  ratio trellis/${peer} ${(median(t) / median(p)).toFixed(4)}`);
    }
  }
  console.log(out.join("\n"));
  console.log("\nmedians of all runs of all rounds; in-process layout time only (no process start, no JSON parsing, no graph building); ratio below 1.0: Trellis is faster");
}

(mode === "run"
  ? run(Number(process.argv[4]), process.argv[5], Number(process.argv[6]))
  : Promise.resolve(summary(process.argv[4].split(",").map(Number), process.argv[5].split(",")))
).catch((e) => { console.error(e); process.exit(1); });
JS

PEER_LIST=dagre,dagre-lp
[ "$ELK" = 1 ] && PEER_LIST=dagre,dagre-lp,elk

# Built once; the rounds run the executable itself (no wait for the build directory's lock
# between rounds, no cargo start-up in the timings' neighbourhood).
BENCH=$(cargo bench -p trellis-graph --bench layout --no-run --message-format=json \
    | python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "layout":
        print(m["executable"])')
[ -x "$BENCH" ] || { echo "the layout bench did not build" >&2; exit 2; }
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round of $ROUNDS"
    TRELLIS_LAYOUT_PEER="$OUT" TRELLIS_LAYOUT_RUNS="$RUNS" TRELLIS_LAYOUT_SIZES="$SIZES" "$BENCH"
    for n in ${SIZES//,/ }; do
        for peer in ${PEER_LIST//,/ }; do
            [ -e "$OUT/$peer-$n.timeout" ] && continue
            rc=0
            NODE_PATH="$PEERS/node_modules" timeout "$LIMIT" \
                node "$OUT/peers.cjs" run "$OUT" "$n" "$peer" "$RUNS" || rc=$?
            if [ "$rc" = 124 ]; then
                echo "$peer $n: stopped after $LIMIT s"
                echo "$LIMIT" > "$OUT/$peer-$n.timeout"
            elif [ "$rc" != 0 ]; then
                echo "$peer $n failed (exit $rc)" >&2
                exit 1
            fi
        done
    done
done
echo
node "$OUT/peers.cjs" summary "$OUT" "$SIZES" "$PEER_LIST"
