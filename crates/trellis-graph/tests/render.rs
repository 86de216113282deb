//! SVG and DOT output: escaping, one box per node, distinct cycle edges, dangling stubs.

use trellis_graph::{to_dot, to_svg, Dangling, Edge, Graph, Node};

fn node(kind: &str, name: &str) -> Node {
    let id = format!("/{kind}s/{}", name.replace('~', "~0").replace('/', "~1"));
    Node {
        id: id.clone(),
        kind: kind.to_string(),
        name: name.to_string(),
        pointer: id,
    }
}

fn edge(from: &Node, to: &Node) -> Edge {
    Edge {
        from: from.id.clone(),
        to: to.id.clone(),
        field: format!("{}/ref", from.id),
        annotated: format!("{}/ref", from.id),
    }
}

fn sample() -> Graph {
    let a = node("agent", "a<b>&\"c\"");
    let b = node("agent", "plain");
    let m = node("model", "m'1");
    let t = node("widget", "x/y");
    let edges = vec![edge(&a, &b), edge(&b, &a), edge(&a, &m), edge(&b, &t)];
    let dangling = vec![Dangling {
        from: Some(b.id.clone()),
        name: "ghost<1>".to_string(),
        pointer: format!("{}/model", b.id),
        to: vec!["model".to_string()],
    }];
    Graph::from_parts(vec![a, b, m, t], edges, dangling)
}

#[test]
fn svg_is_standalone_and_escaped() {
    let g = sample();
    let svg = to_svg(&g, &g.layout());
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("a&lt;b&gt;&amp;&quot;c&quot;"));
    assert!(!svg.contains("a<b>"));
    assert!(svg.contains("m&apos;1"));
    assert!(svg.contains(">plain<"));
    assert!(svg.contains(">x/y<"));
    assert!(svg.contains("missing: ghost&lt;1&gt;"));
    assert_eq!(svg.matches("<rect ").count(), 4);
    // The two edges of the cycle are red and dashed, the others not.
    assert_eq!(svg.matches("marker-end=\"url(#arrow-cycle)\"").count(), 2);
    assert_eq!(svg.matches("marker-end=\"url(#arrow)\"").count(), 2);
    // Balanced tags (a cheap well-formedness check): every `<g>` closes.
    assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
    // Same input, same output.
    assert_eq!(svg, to_svg(&g, &g.layout()));
}

#[test]
fn svg_colours_known_kinds_from_the_table_and_others_stably() {
    assert_eq!(trellis_graph::kind_color("agent"), "#dbeafe");
    assert_eq!(
        trellis_graph::kind_color("widget"),
        trellis_graph::kind_color("widget")
    );
    let g = sample();
    let svg = to_svg(&g, &g.layout());
    assert!(svg.contains(trellis_graph::kind_color("widget")));
}

#[test]
fn dot_quotes_and_escapes_ids() {
    let g = sample();
    let dot = to_dot(&g);
    assert!(dot.starts_with("digraph trellis {"));
    assert!(dot.contains("\"/agents/a<b>&\\\"c\\\"\" -> \"/agents/plain\""));
    assert!(dot.contains("\"/widgets/x~1y\" [label=\"x/y\\nwidget\""));
    assert!(dot.contains("label=\"missing: ghost<1>\""));
    assert_eq!(dot.matches("style=dashed").count(), 3);
    assert!(dot.trim_end().ends_with('}'));
}

#[test]
fn empty_graph_renders() {
    let g = Graph::from_parts(Vec::new(), Vec::new(), Vec::new());
    let layout = g.layout();
    assert!(layout.nodes.is_empty() && layout.edges.is_empty());
    assert!(to_svg(&g, &layout).starts_with("<svg"));
    assert_eq!(to_dot(&g).lines().count(), 4);
}
