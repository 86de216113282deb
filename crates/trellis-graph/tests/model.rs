//! The graph of a real agent-stack document: nodes, edges, dangling references, cycles,
//! dependency queries.

use trellis_core::{Document, Format};
use trellis_graph::Graph;
use trellis_schema::{LoadOptions, Model, Packs, Schema};

const STACK: &str = "\
version: 1
providers:
  openai:
    type: openai
    api_key: ${OPENAI_API_KEY}
models:
  gpt:
    provider: openai
    name: gpt-4o
tools:
  search:
    type: http
    url: https://example.com/search
agents:
  planner:
    model: gpt
    tools: [search]
    delegates_to: [writer]
  writer:
    model: gpt
    delegates_to: [reviewer]
  reviewer:
    model: gtp
    delegates_to: [writer]
";

fn graph(text: &str) -> Graph {
    let schema = Schema::from_pack(
        Packs::builtin().get("agent-stack").unwrap().clone(),
        &LoadOptions::default(),
    )
    .unwrap();
    let doc = Document::parse(text.to_string(), Format::Yaml).unwrap();
    let model = Model::read(schema.walk(), &doc.value());
    Graph::from_model(&model)
}

fn summary(g: &Graph) -> String {
    let mut out = String::new();
    for n in &g.nodes {
        out += &format!("node {} {} {}\n", n.id, n.kind, n.name);
    }
    for e in &g.edges {
        out += &format!("edge {} -> {} at {}\n", e.from, e.to, e.field);
    }
    for d in &g.dangling {
        out += &format!("dangling {} from {:?} at {}\n", d.name, d.from, d.pointer);
    }
    for c in &g.cycles {
        out += &format!("cycle {}\n", c.join(" "));
    }
    out
}

#[test]
fn nodes_edges_dangling_and_cycles_of_an_agent_stack() {
    let g = graph(STACK);
    expect_test::expect![[r#"
        node /providers/openai provider openai
        node /models/gpt model gpt
        node /tools/search tool search
        node /agents/planner agent planner
        node /agents/writer agent writer
        node /agents/reviewer agent reviewer
        edge /models/gpt -> /providers/openai at /models/gpt/provider
        edge /agents/planner -> /models/gpt at /agents/planner/model
        edge /agents/planner -> /tools/search at /agents/planner/tools/0
        edge /agents/planner -> /agents/writer at /agents/planner/delegates_to/0
        edge /agents/writer -> /models/gpt at /agents/writer/model
        edge /agents/writer -> /agents/reviewer at /agents/writer/delegates_to/0
        edge /agents/reviewer -> /agents/writer at /agents/reviewer/delegates_to/0
        dangling gtp from Some("/agents/reviewer") at /agents/reviewer/model
        cycle /agents/writer /agents/reviewer
    "#]]
    .assert_eq(&summary(&g));
    assert!(g.edge_in_cycle(5) && g.edge_in_cycle(6));
    assert!(!g.edge_in_cycle(3));
}

#[test]
fn json_has_the_documented_shape() {
    let g = graph(STACK);
    let json = g.to_json();
    assert_eq!(json["nodes"].as_array().unwrap().len(), 6);
    assert_eq!(json["edges"].as_array().unwrap().len(), 7);
    assert_eq!(
        json["edges"][0],
        serde_json::json!({
            "from": "/models/gpt",
            "to": "/providers/openai",
            "field": "/models/gpt/provider",
            "annotated": "/models/gpt/provider"
        })
    );
    assert_eq!(
        json["nodes"][3],
        serde_json::json!({
            "id": "/agents/planner",
            "kind": "agent",
            "name": "planner",
            "pointer": "/agents/planner"
        })
    );
    assert_eq!(json["dangling"][0]["name"], "gtp");
    assert_eq!(
        json["cycles"],
        serde_json::json!([["/agents/writer", "/agents/reviewer"]])
    );
}

#[test]
fn dependencies_are_transitive_and_ordered() {
    let g = graph(STACK);
    assert_eq!(
        g.depends_on("/agents/planner"),
        [
            "/models/gpt",
            "/tools/search",
            "/agents/writer",
            "/providers/openai",
            "/agents/reviewer"
        ]
    );
    assert_eq!(
        g.depends_on("/agents/writer"),
        ["/models/gpt", "/agents/reviewer", "/providers/openai"]
    );
    assert_eq!(
        g.dependents("/providers/openai"),
        [
            "/models/gpt",
            "/agents/planner",
            "/agents/writer",
            "/agents/reviewer"
        ]
    );
    assert_eq!(g.dependents("/agents/planner"), Vec::<String>::new());
    assert_eq!(g.depends_on("/nope"), Vec::<String>::new());
}

#[test]
fn self_delegation_is_a_cycle_of_one() {
    let g = graph(
        "version: 1\nmodels:\n  m:\n    provider: p\n    name: x\nagents:\n  loop:\n    model: m\n    delegates_to: [loop]\n",
    );
    assert_eq!(g.cycles, vec![vec!["/agents/loop".to_string()]]);
    // The provider is missing: dangling from the model it is written in.
    assert_eq!(g.dangling.len(), 1);
    assert_eq!(g.dangling[0].from.as_deref(), Some("/models/m"));
    let layout = g.layout();
    let loop_edge = layout
        .edges
        .iter()
        .find(|e| e.from == "/agents/loop" && e.to == "/agents/loop")
        .unwrap();
    assert!(loop_edge.reversed);
    assert_eq!(loop_edge.points.len(), 4);
}

#[test]
fn layout_of_the_stack_puts_users_left_of_what_they_use() {
    let g = graph(STACK);
    let layout = g.layout();
    let layer = |id: &str| layout.node(id).unwrap().layer;
    assert_eq!(layer("/agents/planner"), 0);
    assert_eq!(layer("/agents/writer"), 1);
    assert_eq!(layer("/tools/search"), 1);
    assert_eq!(layer("/agents/reviewer"), 2);
    assert_eq!(layer("/models/gpt"), 2);
    assert_eq!(layer("/providers/openai"), 3);
    let back: Vec<(&str, &str)> = layout
        .edges
        .iter()
        .filter(|e| e.reversed)
        .map(|e| (e.from.as_str(), e.to.as_str()))
        .collect();
    assert_eq!(back, [("/agents/reviewer", "/agents/writer")]);
    let svg = trellis_graph::to_svg(&g, &layout);
    assert!(svg.contains("missing: gtp"));
    assert!(svg.contains("stroke-dasharray=\"6 4\""));
}

#[test]
#[ignore = "writes an SVG for a look: TRELLIS_GRAPH_SVG=path"]
fn write_svg() {
    let g = graph(STACK);
    let path = std::env::var("TRELLIS_GRAPH_SVG").unwrap();
    std::fs::write(path, trellis_graph::to_svg(&g, &g.layout())).unwrap();
}
