//! `trellis graph FILE [--format json|dot|svg]`: the component graph of a file.

use serde_json::Value;
use std::fs;
use std::process::Command;

const STACK: &str = "\
version: 1
providers:
  openai: { type: openai }
models:
  chat: { provider: openai, name: gpt-4o }
agents:
  writer: { model: chat, delegates_to: [reviewer] }
  reviewer: { model: chat, delegates_to: [writer] }
  lost: { model: gtp }
";

fn graph(dir: &std::path::Path, format: &str) -> (Option<i32>, String, String) {
    let o = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["graph", "agents.yaml", "--format", format])
        .current_dir(dir)
        .output()
        .expect("run trellis");
    (
        o.status.code(),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

#[test]
fn json_dot_and_svg_of_an_agent_stack() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("agents.yaml"), STACK).unwrap();

    let (code, out, err) = graph(dir.path(), "json");
    assert_eq!(code, Some(0), "{err}");
    let g: Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "/providers/openai",
            "/models/chat",
            "/agents/writer",
            "/agents/reviewer",
            "/agents/lost"
        ]
    );
    assert_eq!(g["nodes"][1]["kind"], "model");
    let edge = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["from"] == "/models/chat")
        .unwrap();
    assert_eq!(edge["to"], "/providers/openai");
    assert_eq!(edge["field"], "/models/chat/provider");
    assert_eq!(g["dangling"][0]["name"], "gtp");
    assert_eq!(g["cycles"][0].as_array().unwrap().len(), 2);

    let (_, dot, _) = graph(dir.path(), "dot");
    assert!(dot.starts_with("digraph"), "{dot}");
    assert!(
        dot.contains("\"/agents/writer\" -> \"/agents/reviewer\""),
        "{dot}"
    );

    let (_, svg, _) = graph(dir.path(), "svg");
    assert!(svg.starts_with("<svg"));
    for name in [
        "openai",
        "chat",
        "writer",
        "reviewer",
        "lost",
        "missing: gtp",
    ] {
        assert!(svg.contains(name), "{name} in the picture");
    }
}

#[test]
fn a_file_without_a_schema_or_that_does_not_parse_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("agents.yaml"), "version: 1\nagents: [\n").unwrap();
    let (code, _, err) = graph(dir.path(), "json");
    assert_eq!(code, Some(2));
    assert!(err.contains("agents.yaml:"), "{err}");
    fs::write(dir.path().join("notes.yaml"), "a: 1\n").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["graph", "notes.yaml"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no schema applies"));
}
