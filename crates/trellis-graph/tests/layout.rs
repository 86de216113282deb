//! Layout invariants on random graphs, stability under small changes, and a large graph.

use proptest::prelude::*;
use std::collections::HashMap;
use trellis_graph::{crossings, Edge, Graph, Layout, LayoutOptions, Node};

fn node(i: usize) -> Node {
    let kind = ["agent", "model", "tool", "provider"][i % 4];
    let id = format!("/{kind}s/n{i}");
    Node {
        id: id.clone(),
        kind: kind.to_string(),
        name: format!("n{i}"),
        pointer: id,
    }
}

fn edge(nodes: &[Node], a: usize, b: usize) -> Edge {
    Edge {
        from: nodes[a].id.clone(),
        to: nodes[b].id.clone(),
        field: format!("{}/ref", nodes[a].id),
        annotated: format!("{}/ref", nodes[a].id),
    }
}

fn build(n: usize, links: &[(usize, usize)]) -> Graph {
    let nodes: Vec<Node> = (0..n).map(node).collect();
    let edges = links.iter().map(|&(a, b)| edge(&nodes, a, b)).collect();
    Graph::from_parts(nodes, edges, Vec::new())
}

/// A deterministic pseudo-random generator (no dependency on proptest's for fixed graphs).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

/// A stack-like graph: agents use models, tools and other agents (some delegating back);
/// models use providers.
fn stack(components: usize, seed: u64, cycles: bool) -> (usize, Vec<(usize, usize)>) {
    let mut rng = Lcg(seed);
    let agents = components / 5;
    let models = components / 10;
    let providers = (components / 50).max(1);
    let tools = components - agents - models - providers;
    let (m0, t0, p0) = (agents, agents + models, agents + models + tools);
    let mut links = Vec::new();
    for a in 0..agents {
        links.push((a, m0 + rng.next(models)));
        for _ in 0..rng.next(6) {
            links.push((a, t0 + rng.next(tools)));
        }
        if a > 0 && rng.next(3) == 0 {
            links.push((a, rng.next(a)));
        }
        if cycles && a > 0 && rng.next(20) == 0 {
            // Mutual delegation.
            let b = rng.next(a);
            links.push((a, b));
            links.push((b, a));
        }
    }
    for m in 0..models {
        links.push((m0 + m, p0 + rng.next(providers)));
    }
    (components, links)
}

fn check_invariants(graph: &Graph, layout: &Layout) -> Result<(), String> {
    if layout.nodes.len() != graph.nodes.len() {
        return Err("not every node is placed".into());
    }
    let pos: HashMap<&str, usize> = layout
        .nodes
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    for (p, n) in layout.nodes.iter().zip(&graph.nodes) {
        if p.id != n.id || !p.x.is_finite() || !p.y.is_finite() {
            return Err(format!("bad node {p:?}"));
        }
    }
    // No overlaps within a layer.
    let mut by_layer: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, p) in layout.nodes.iter().enumerate() {
        by_layer.entry(p.layer).or_default().push(i);
    }
    for members in by_layer.values_mut() {
        members.sort_by(|&a, &b| layout.nodes[a].y.total_cmp(&layout.nodes[b].y));
        for w in members.windows(2) {
            let (a, b) = (&layout.nodes[w[0]], &layout.nodes[w[1]]);
            if a.x != b.x || a.y + a.h > b.y + 1e-6 {
                return Err(format!("{a:?} overlaps {b:?}"));
            }
        }
    }
    // Edges run with the layers unless reversed; their ends are on their nodes' sides.
    let on_side = |p: (f64, f64), id: &str| {
        let n = &layout.nodes[pos[id]];
        ((p.0 - n.x).abs() < 1e-6 || (p.0 - n.x - n.w).abs() < 1e-6)
            && p.1 >= n.y - 1e-6
            && p.1 <= n.y + n.h + 1e-6
    };
    for e in &layout.edges {
        let (a, b) = (
            &layout.nodes[pos[e.from.as_str()]],
            &layout.nodes[pos[e.to.as_str()]],
        );
        let ok = if e.from == e.to {
            e.reversed
        } else if e.reversed {
            a.layer > b.layer
        } else {
            a.layer < b.layer
        };
        if !ok {
            return Err(format!("edge {e:?} against the layers"));
        }
        if !on_side(e.points[0], &e.from) || !on_side(*e.points.last().unwrap(), &e.to) {
            return Err(format!("edge {e:?} not at its nodes"));
        }
    }
    // Every graph edge has a route.
    for g in &graph.edges {
        if !layout
            .edges
            .iter()
            .any(|e| e.from == g.from && e.to == g.to)
        {
            return Err(format!("no route for {g:?}"));
        }
    }
    Ok(())
}

fn arb_graph(dag: bool) -> impl Strategy<Value = (usize, Vec<(usize, usize)>)> {
    (1usize..24).prop_flat_map(move |n| {
        (
            Just(n),
            prop::collection::vec((0..n, 0..n), 0..n * 2).prop_map(move |links| {
                links
                    .into_iter()
                    .filter_map(|(a, b)| {
                        if dag {
                            (a != b).then(|| (a.min(b), a.max(b)))
                        } else {
                            Some((a, b))
                        }
                    })
                    .collect::<Vec<_>>()
            }),
        )
    })
}

/// Old nodes' order within each layer.
fn orders(layout: &Layout, keep: impl Fn(&str) -> bool) -> HashMap<usize, Vec<String>> {
    let mut out: HashMap<usize, Vec<(f64, String)>> = HashMap::new();
    for p in &layout.nodes {
        if keep(&p.id) {
            out.entry(p.layer).or_default().push((p.y, p.id.clone()));
        }
    }
    out.into_iter()
        .map(|(l, mut v)| {
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
            (l, v.into_iter().map(|x| x.1).collect())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn dags_keep_the_invariants((n, links) in arb_graph(true)) {
        let g = build(n, &links);
        let layout = g.layout();
        prop_assert_eq!(check_invariants(&g, &layout), Ok(()));
        prop_assert!(layout.edges.iter().all(|e| !e.reversed));
        // The geometry crosses exactly as often as the order says.
        prop_assert_eq!(crossings(&layout), layout.crossings);
        let unswept = g.layout_with_options(None, &LayoutOptions { sweeps: 0, ..LayoutOptions::default() });
        prop_assert!(layout.crossings <= unswept.crossings);
        prop_assert_eq!(&g.layout(), &layout);
    }

    #[test]
    fn cyclic_graphs_keep_the_invariants((n, links) in arb_graph(false)) {
        let g = build(n, &links);
        let layout = g.layout();
        prop_assert_eq!(check_invariants(&g, &layout), Ok(()));
        let unswept = g.layout_with_options(None, &LayoutOptions { sweeps: 0, ..LayoutOptions::default() });
        prop_assert!(layout.crossings <= unswept.crossings);
        prop_assert_eq!(&g.layout(), &layout);
        // Reversed edges are exactly what it takes: without them, no cycle is left.
        let kept: Vec<(usize, usize)> = layout.edges.iter().filter(|e| !e.reversed).map(|e| {
            (g.index_of(&e.from).unwrap(), g.index_of(&e.to).unwrap())
        }).collect();
        prop_assert!(build(n, &kept).cycles.is_empty());
        // Every cycle has a reversed edge.
        if !g.cycles.is_empty() {
            prop_assert!(layout.edges.iter().any(|e| e.reversed));
        }
    }

    #[test]
    fn a_new_leaf_moves_nothing_else((n, links) in arb_graph(false), at in 0usize..24) {
        let g = build(n, &links);
        let before = g.layout();
        let at = at % n;
        let mut links2 = links.clone();
        links2.push((at, n));
        let g2 = build(n + 1, &links2);
        let after = g2.layout_with(Some(&before));
        prop_assert_eq!(check_invariants(&g2, &after), Ok(()));
        let new_id = g2.nodes[n].id.clone();
        let old = |id: &str| id != new_id;
        prop_assert_eq!(orders(&before, old), orders(&after, old));
        let new_layer = after.nodes[n].layer;
        for (b, a) in before.nodes.iter().zip(&after.nodes) {
            prop_assert_eq!(&b.id, &a.id);
            prop_assert_eq!(b.layer, a.layer);
            prop_assert!((b.x - a.x).abs() < 1e-9);
            // Only the new leaf's layer makes room for it.
            if b.layer != new_layer {
                prop_assert!((b.y - a.y).abs() < 1e-6, "{} moved {} -> {}", b.id, b.y, a.y);
            }
        }
    }
}

#[test]
fn relayout_with_itself_changes_nothing() {
    let (n, links) = stack(200, 7, true);
    let g = build(n, &links);
    let first = g.layout();
    let again = g.layout_with(Some(&first));
    for (a, b) in first.nodes.iter().zip(&again.nodes) {
        assert_eq!((a.layer, a.x), (b.layer, b.x));
        assert!((a.y - b.y).abs() < 1e-6, "{} {} {}", a.id, a.y, b.y);
    }
    assert_eq!(first.crossings, again.crossings);
}

#[test]
fn adding_a_leaf_to_a_stack_keeps_every_other_node_in_place() {
    let (n, links) = stack(120, 3, true);
    let g = build(n, &links);
    let before = g.layout();
    // A new tool used by an agent in the middle of the first layer.
    let mut links2 = links.clone();
    links2.push((10, n));
    let g2 = build(n + 1, &links2);
    let after = g2.layout_with(Some(&before));
    check_invariants(&g2, &after).unwrap();
    let new_layer = after.nodes[n].layer;
    assert_eq!(new_layer, before.nodes[10].layer + 1);
    for (b, a) in before.nodes.iter().zip(&after.nodes) {
        assert_eq!((b.layer, b.x), (a.layer, a.x), "{} {:?} {:?}", b.id, b, a);
        if b.layer != new_layer {
            assert!(
                (b.y - a.y).abs() < 1e-6,
                "{} moved {} -> {}",
                b.id,
                b.y,
                a.y
            );
        }
    }
    let new_id = g2.nodes[n].id.clone();
    assert_eq!(orders(&before, |_| true), orders(&after, |id| id != new_id));
}

#[test]
fn a_thousand_components() {
    let (n, links) = stack(1000, 42, true);
    let g = build(n, &links);
    let start = std::time::Instant::now();
    let layout = g.layout();
    eprintln!(
        "1000 components, {} edges: layout in {:?}, {} crossings",
        links.len(),
        start.elapsed(),
        layout.crossings
    );
    check_invariants(&g, &layout).unwrap();
    assert!(!g.cycles.is_empty());
    let unswept = g.layout_with_options(
        None,
        &LayoutOptions {
            sweeps: 0,
            ..LayoutOptions::default()
        },
    );
    assert!(layout.crossings < unswept.crossings);
    assert_eq!(g.layout(), layout);
}

#[test]
#[ignore = "writes an SVG for a look: TRELLIS_GRAPH_SVG=path"]
fn write_svg() {
    let (n, links) = stack(60, 5, true);
    let g = build(n, &links);
    let path = std::env::var("TRELLIS_GRAPH_SVG").unwrap();
    std::fs::write(path, trellis_graph::to_svg(&g, &g.layout())).unwrap();
}
