//! `trellis validate` as CI uses it: exit codes, the three output formats, and schema
//! discovery from the command line, the document and the workspace.

use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn trellis(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .current_dir(dir)
        .env_remove("OPENAI_API_KEY")
        .output()
        .expect("run trellis")
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(path, text).unwrap();
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn err(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

const COMPOSE: &str = "services:\n  web:\n    image: nginx:1.25\n    depends_on: [db]\n  db:\n    image: postgres:16\n";

const STACK: &str = "\
version: 1
providers:
  openai:
    type: openai
    api_key: ${OPENAI_API_KEY}
models:
  writer:
    provider: openai
    name: gpt-4o
agents:
  drafter:
    model: writr
";

#[test]
fn a_valid_file_exits_0_and_an_invalid_one_1_with_positions() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "compose.yaml", COMPOSE);
    let o = trellis(dir.path(), &["validate", "compose.yaml"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert_eq!(out(&o), "");
    assert!(
        err(&o).contains("0 errors, 0 warnings in 1 file"),
        "{}",
        err(&o)
    );

    write(dir.path(), "agents.yaml", STACK);
    let o = trellis(dir.path(), &["validate", "agents.yaml", "compose.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        out(&o),
        "agents.yaml:5:14: warning: variable OPENAI_API_KEY is not set and has no default [/providers/openai/api_key]\n\
         agents.yaml:7:3: warning: model `writer` is not used by anything [/models/writer]\n\
         agents.yaml:12:12: error: model `writr` does not exist; did you mean `writer`? [/agents/drafter/model]\n"
    );
}

#[test]
fn variables_come_from_the_environment_or_an_env_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "agents.yaml", &STACK.replace("writr", "writer"));
    write(
        dir.path(),
        "prod.env",
        "# production\nexport OPENAI_API_KEY=\"from-file\"\n",
    );
    let o = trellis(
        dir.path(),
        &["validate", "agents.yaml", "--env-file", "prod.env"],
    );
    assert_eq!(
        (o.status.code(), out(&o)),
        (Some(0), String::new()),
        "{}",
        err(&o)
    );
    let o = trellis(
        dir.path(),
        &["validate", "agents.yaml", "--env-file", "missing.env"],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn syntax_errors_exit_1_as_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "compose.yaml", "services:\n  web: [nginx\n");
    let o = trellis(dir.path(), &["validate", "compose.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    let text = out(&o);
    assert!(
        text.starts_with("compose.yaml:3:1: error: ") || text.starts_with("compose.yaml:2:"),
        "{text}"
    );
}

#[test]
fn usage_io_and_unusable_schemas_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "compose.yaml", COMPOSE);
    let o = trellis(dir.path(), &["validate", "nothing.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("nothing.yaml"), "{}", err(&o));
    write(dir.path(), "bad.json", "{\"pattern\": \"^(?!x)\"}");
    let o = trellis(
        dir.path(),
        &["validate", "compose.yaml", "--schema", "bad.json"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("unusable schema"), "{}", err(&o));
    let o = trellis(
        dir.path(),
        &["validate", "compose.yaml", "--schema", "no-such-pack"],
    );
    assert_eq!(o.status.code(), Some(2));
    let o = trellis(dir.path(), &["validate", "compose.yaml", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2));
    write(dir.path(), "agents.yaml", STACK);
    let o = trellis(dir.path(), &["validate", "agents.yaml", "--env", "qa"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("no environment \"qa\""), "{}", err(&o));
}

#[test]
fn json_output_is_an_array_of_diagnostics_with_fixes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "agents.yaml", STACK);
    let o = trellis(dir.path(), &["validate", "agents.yaml", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&out(&o)).unwrap();
    let last = v.as_array().unwrap().last().unwrap();
    assert_eq!(last["file"], "agents.yaml");
    assert_eq!(last["severity"], "error");
    assert_eq!(last["code"], "ref.dangling");
    assert_eq!(
        (last["line"].as_u64(), last["column"].as_u64()),
        (Some(12), Some(12))
    );
    assert_eq!(
        last["fixes"][0]["edits"][0],
        serde_json::json!({"op": "set", "pointer": "/agents/drafter/model", "value": "writer"})
    );
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "agents.yaml", STACK);
    let o = trellis(
        dir.path(),
        &["validate", "./agents.yaml", "--format", "sarif"],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "trellis");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for r in results {
        assert!(rules.contains(&r["ruleId"].as_str().unwrap()));
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let location = &r["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], "agents.yaml");
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(location["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn schemas_are_found_from_the_document_and_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let schema = "{\"type\": \"object\", \"required\": [\"name\"], \"properties\": {\"port\": {\"type\": \"integer\", \"maximum\": 65535}}}";
    write(dir.path(), "schemas/app.json", schema);
    // A modeline.
    write(
        dir.path(),
        "a.yaml",
        "# yaml-language-server: $schema=schemas/app.json\nport: 70000\n",
    );
    let o = trellis(dir.path(), &["validate", "a.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("a.yaml:2:7: error: `70000` is greater than the maximum 65535 [/port]"),
        "{}",
        out(&o)
    );
    // A `$schema` key.
    write(
        dir.path(),
        "b.json",
        "{\"$schema\": \"schemas/app.json\", \"name\": \"x\", \"port\": 80}\n",
    );
    let o = trellis(dir.path(), &["validate", "b.json"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    // A TOML schema comment.
    write(
        dir.path(),
        "c.toml",
        "#:schema schemas/app.json\nport = 1\n",
    );
    let o = trellis(dir.path(), &["validate", "c.toml"]);
    assert!(
        out(&o).contains("c.toml:2:1: error: missing required property `name`"),
        "{}",
        out(&o)
    );
    // The workspace's mapping.
    write(
        dir.path(),
        ".trellis/settings.toml",
        "[schemas]\n\"conf/*.yaml\" = \"schemas/app.json\"\n",
    );
    write(dir.path(), "conf/d.yaml", "name: d\nport: -1\n");
    write(dir.path(), "conf/e.yaml", "name: e\nport: nope\n");
    let o = trellis(dir.path(), &["validate", "conf/d.yaml", "conf/e.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o)
            .contains("conf/e.yaml:2:7: error: expected an integer, found a string `nope` [/port]"),
        "{}",
        out(&o)
    );
    // --schema beats everything.
    let o = trellis(
        dir.path(),
        &["validate", "a.yaml", "--schema", "docker-compose"],
    );
    assert!(out(&o).contains("unknown property `port`"), "{}", out(&o));
}

#[test]
fn schema_urls_are_not_fetched_without_permission() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "x.json",
        "{\"$schema\": \"https://schemas.invalid/x.json\", \"a\": 1}\n",
    );
    let o = trellis(dir.path(), &["validate", "x.json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        out(&o).contains("warning: not validated against its schema"),
        "{}",
        out(&o)
    );
    assert!(
        out(&o).contains("network access for schemas is off"),
        "{}",
        out(&o)
    );
}
