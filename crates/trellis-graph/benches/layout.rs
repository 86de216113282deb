//! Layout of generated agent stacks of 1,000 and 5,000 components, fresh and with the
//! previous layout after adding a leaf.
//!
//! With `TRELLIS_LAYOUT_PEER=<dir>` set, runs the comparison with peer layouts instead
//! (`scripts/bench-layout.sh`, see `layout_peer`).

#[path = "layout_peer/mod.rs"]
mod layout_peer;

use criterion::{criterion_group, BenchmarkId, Criterion};
use std::hint::black_box;
use trellis_graph::{Edge, Graph, Node};

fn stack(components: usize, extra_leaf: bool) -> Graph {
    let mut state = 42u64;
    let mut next = |below: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % below as u64) as usize
    };
    let agents = components / 5;
    let models = components / 10;
    let providers = (components / 50).max(1);
    let tools = components - agents - models - providers;
    let (m0, t0, p0) = (agents, agents + models, agents + models + tools);
    let kind = |i: usize| match i {
        i if i < m0 => "agent",
        i if i < t0 => "model",
        i if i < p0 => "tool",
        _ => "provider",
    };
    let total = components + usize::from(extra_leaf);
    let nodes: Vec<Node> = (0..total)
        .map(|i| {
            let id = format!("/{}s/c{i}", kind(i.min(components - 1)));
            Node {
                id: id.clone(),
                kind: kind(i.min(components - 1)).to_string(),
                name: format!("c{i}"),
                pointer: id,
            }
        })
        .collect();
    let mut links = Vec::new();
    for a in 0..agents {
        links.push((a, m0 + next(models)));
        for _ in 0..next(6) {
            links.push((a, t0 + next(tools)));
        }
        if a > 0 && next(3) == 0 {
            links.push((a, next(a)));
        }
        if a > 0 && next(20) == 0 {
            let b = next(a);
            links.push((a, b));
            links.push((b, a));
        }
    }
    for m in 0..models {
        links.push((m0 + m, p0 + next(providers)));
    }
    if extra_leaf {
        links.push((agents / 2, components));
    }
    let edges = links
        .iter()
        .map(|&(a, b)| Edge {
            from: nodes[a].id.clone(),
            to: nodes[b].id.clone(),
            field: format!("{}/ref", nodes[a].id),
            annotated: format!("{}/ref", nodes[a].id),
        })
        .collect();
    Graph::from_parts(nodes, edges, Vec::new())
}

fn layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("layout");
    group.sample_size(20);
    for n in [1_000, 5_000] {
        let graph = stack(n, false);
        group.bench_with_input(BenchmarkId::new("fresh", n), &graph, |b, g| {
            b.iter(|| black_box(g.layout()))
        });
        let previous = graph.layout();
        let changed = stack(n, true);
        group.bench_with_input(BenchmarkId::new("with_previous", n), &changed, |b, g| {
            b.iter(|| black_box(g.layout_with(Some(&previous))))
        });
        group.bench_with_input(BenchmarkId::new("svg", n), &graph, |b, g| {
            b.iter(|| black_box(trellis_graph::to_svg(g, &previous)))
        });
    }
    group.finish();
}

criterion_group!(benches, layout);

fn main() {
    if let Some(dir) = std::env::var_os("TRELLIS_LAYOUT_PEER") {
        layout_peer::run(std::path::Path::new(&dir));
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
