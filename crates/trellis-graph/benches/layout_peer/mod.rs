//! The layout benchmark against peers (`scripts/bench-layout.sh`): generated agent-stack
//! documents of a given number of components are read into a component model with the
//! agent-stack pack, turned into the dependency graph, written out as JSON for the peers
//! (dagre and elkjs, run by the script in Node on the same graphs), and the Trellis layout
//! of each is timed here, in process: the time of `Graph::layout` alone, as the peers' time
//! is their layout call alone.
//!
//! Written to `$TRELLIS_LAYOUT_PEER` (a directory):
//! - `stack-N.json`: the document;
//! - `graph-N.json`: `{nodes: [{id, width, height}], edges: [{from, to}]}`, each pair of
//!   nodes once (what Trellis lays out: it draws one edge per pair);
//! - `trellis-layout-N.json`: the layout (boxes and edge routes), for the script's quality
//!   figures;
//! - `trellis-N.jsonl`: one line per run of this process, appended: `{"ms": ...}`.

use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::Path;
use std::time::Instant;
use trellis_graph::{Graph, LayoutOptions};
use trellis_schema::{LoadOptions, Model, Packs, Schema};

/// A deterministic agent stack of exactly `components` components: providers, models,
/// tools, memory stores, middleware and agents, referring to each other as real stacks do
/// (every agent a model and some tools, memory and middleware; some agents delegate to
/// earlier ones, so delegation has no cycle).
pub fn agent_stack(components: usize) -> Value {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = |below: usize| -> usize {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % below.max(1) as u64) as usize
    };
    let providers = (components / 50).max(1);
    let models = (components / 10).max(1);
    let agents = (components / 5).max(1);
    let memory = (components / 25).max(1);
    let middleware = (components / 20).max(1);
    let tools = components
        .checked_sub(providers + models + agents + memory + middleware)
        .filter(|t| *t > 0)
        .expect("enough components for every kind");
    let mut doc = Map::new();
    doc.insert("version".into(), json!(1));
    doc.insert("name".into(), json!(format!("generated-{components}")));
    let mut section = |name: &str, count: usize, make: &mut dyn FnMut(usize) -> Value| {
        let entries: Map<String, Value> = (0..count)
            .map(|i| (format!("{name}-{i}"), make(i)))
            .collect();
        doc.insert(format!("{name}s"), Value::Object(entries));
    };
    let kinds = ["openai", "anthropic", "ollama"];
    section("provider", providers, &mut |i| match kinds[i % 3] {
        "openai" => json!({"type": "openai", "api_key": "${OPENAI_API_KEY}"}),
        "anthropic" => json!({"type": "anthropic", "api_key": "${ANTHROPIC_API_KEY}"}),
        _ => json!({"type": "ollama", "base_url": "http://localhost:11434"}),
    });
    let mut picks: Vec<usize> = Vec::new();
    for _ in 0..models {
        picks.push(next(providers));
    }
    section(
        "model",
        models,
        &mut |i| json!({"provider": format!("provider-{}", picks[i]), "name": "gpt-4o-mini", "temperature": 0.2}),
    );
    section("tool", tools, &mut |i| match i % 3 {
        0 => json!({"type": "builtin", "name": "web_search"}),
        1 => json!({"type": "http", "url": format!("https://api.example.com/tools/{i}")}),
        _ => json!({"type": "mcp", "command": "npx", "args": ["-y", format!("tool-server-{i}")]}),
    });
    picks.clear();
    for _ in 0..memory {
        picks.push(next(models));
    }
    section("memory", memory, &mut |i| {
        if i % 2 == 0 {
            json!({"type": "redis", "url": format!("redis://localhost:6379/{}", i % 16)})
        } else {
            json!({"type": "vector", "embedding_model": format!("model-{}", picks[i])})
        }
    });
    section("middleware", middleware, &mut |i| {
        if i % 2 == 0 {
            json!({"type": "retry", "max_attempts": 3})
        } else {
            json!({"type": "logging", "level": "info"})
        }
    });
    // `memory` and `middleware` are the collections' names as they are (no plural `s`).
    if let Some(v) = doc.remove("memorys") {
        doc.insert("memory".into(), v);
    }
    if let Some(v) = doc.remove("middlewares") {
        doc.insert("middleware".into(), v);
    }
    let mut entries = Map::new();
    for a in 0..agents {
        let mut agent = Map::new();
        agent.insert("model".into(), json!(format!("model-{}", next(models))));
        let names =
            |count: usize, below: usize, prefix: &str, next: &mut dyn FnMut(usize) -> usize| {
                let set: BTreeSet<usize> = (0..count).map(|_| next(below)).collect();
                set.into_iter()
                    .map(|i| Value::String(format!("{prefix}-{i}")))
                    .collect::<Vec<_>>()
            };
        let t = next(6);
        if t > 0 {
            agent.insert(
                "tools".into(),
                Value::Array(names(t, tools, "tool", &mut next)),
            );
        }
        if next(3) == 0 {
            agent.insert("memory".into(), json!(format!("memory-{}", next(memory))));
        }
        let m = next(3);
        if m > 0 {
            agent.insert(
                "middleware".into(),
                Value::Array(names(m, middleware, "middleware", &mut next)),
            );
        }
        if a > 0 && next(3) == 0 {
            let d = 1 + next(2);
            agent.insert(
                "delegates_to".into(),
                Value::Array(names(d, a, "agent", &mut next)),
            );
        }
        entries.insert(format!("agent-{a}"), Value::Object(agent));
    }
    doc.insert("agents".into(), Value::Object(entries));
    Value::Object(doc)
}

fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// Runs the peer comparison's Trellis side into `dir`.
pub fn run(dir: &Path) {
    let sizes: Vec<usize> = std::env::var("TRELLIS_LAYOUT_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 5_000]);
    let runs: usize = std::env::var("TRELLIS_LAYOUT_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    std::fs::create_dir_all(dir).expect("output directory");
    let pack = Packs::builtin().get("agent-stack").expect("pack").clone();
    let schema = Schema::from_pack(pack, &LoadOptions::default()).expect("schema");
    for n in sizes {
        let doc = agent_stack(n);
        let started = Instant::now();
        let model = Model::read(schema.walk(), &doc);
        let graph = Graph::from_model(&model);
        let read_ms = started.elapsed().as_secs_f64() * 1e3;
        assert_eq!(graph.nodes.len(), n, "one node per component");
        assert!(graph.dangling.is_empty(), "the generated stack resolves");
        assert!(graph.cycles.is_empty(), "delegation is acyclic");
        let pairs: BTreeSet<(&str, &str)> = graph
            .edges
            .iter()
            .map(|e| (e.from.as_str(), e.to.as_str()))
            .filter(|(a, b)| a != b)
            .collect();
        let options = LayoutOptions::default();
        let export = json!({
            "nodes": graph.nodes.iter().map(|n| json!({"id": n.id, "width": options.node_width, "height": options.node_height})).collect::<Vec<_>>(),
            "edges": pairs.iter().map(|(a, b)| json!({"from": a, "to": b})).collect::<Vec<_>>(),
            "options": {"node_gap": options.node_gap, "layer_gap": options.layer_gap, "margin": options.margin},
        });
        let write = |name: String, v: &Value| {
            std::fs::write(dir.join(name), serde_json::to_vec(v).expect("json")).expect("write");
        };
        write(format!("stack-{n}.json"), &doc);
        write(format!("graph-{n}.json"), &export);
        // Warm-up, then the timed runs.
        let layout = black_box(graph.layout());
        let mut times = Vec::new();
        for _ in 0..runs {
            let started = Instant::now();
            let l = graph.layout();
            times.push(started.elapsed().as_secs_f64() * 1e3);
            black_box(l);
        }
        let lines: String = times
            .iter()
            .map(|t| format!("{{\"ms\": {t:.3}}}\n"))
            .collect();
        use std::io::Write as _;
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join(format!("trellis-{n}.jsonl")))
            .and_then(|mut f| f.write_all(lines.as_bytes()))
            .expect("append times");
        write(
            format!("trellis-layout-{n}.json"),
            &json!({
                "nodes": layout.nodes,
                "edges": layout.edges.iter().map(|e| json!({"from": e.from, "to": e.to, "points": e.points})).collect::<Vec<_>>(),
                "layers": layout.layers.len(),
                "crossings": layout.crossings,
                "width": layout.width,
                "height": layout.height,
            }),
        );
        println!(
            "trellis {n} components, {} edges ({} node pairs): read+graph {read_ms:.1} ms; layout median {:.1} ms of {runs} {:?}; {} layers, {} crossings",
            graph.edges.len(),
            pairs.len(),
            median(&mut times.clone()),
            times.iter().map(|t| (t * 10.0).round() / 10.0).collect::<Vec<_>>(),
            layout.layers.len(),
            layout.crossings,
        );
    }
}
