//! `trellis diff` as scripts use it: exit codes, the three output formats, comparing across
//! formats, and a patch that reproduces the newer version exactly.

use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn trellis(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run trellis")
}

fn out(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

const OLD: &str = "\
# The team
agents:
  writer:
    model: gpt4o
models:
  gpt4o:
    temperature: 0.7
steps:
  - name: build
  - name: test
";

/// The same data in another order and format, with three changes.
const NEW: &str = r#"{
  "models": {"gpt4o": {"temperature": 0.2}},
  "agents": {"writer": {"model": "gpt4o"}, "researcher": {"model": "gpt4o"}},
  "steps": [{"name": "lint"}, {"name": "build"}, {"name": "test"}]
}
"#;

#[test]
fn text_lists_each_change_then_a_summary_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("old.yaml"), OLD).unwrap();
    fs::write(dir.path().join("new.json"), NEW).unwrap();
    let o = trellis(dir.path(), &["diff", "old.yaml", "new.json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        out(&o),
        "\
~ /models/gpt4o/temperature: 0.7 → 0.2
+ /agents/researcher = {\"model\":\"gpt4o\"}
+ /steps/0 = {\"name\":\"lint\"}
3 changes: models.gpt4o.temperature 0.7 → 0.2; agents: added researcher; steps: added lint
"
    );
}

#[test]
fn equal_data_exits_0_whatever_the_format_order_and_comments() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.yaml"), OLD).unwrap();
    fs::write(
        dir.path().join("b.toml"),
        "# same data\n[[steps]]\nname = \"build\"\n[[steps]]\nname = \"test\"\n\n\
         [models.gpt4o]\ntemperature = 0.7\n\n[agents.writer]\nmodel = \"gpt4o\"\n",
    )
    .unwrap();
    let o = trellis(dir.path(), &["diff", "a.yaml", "b.toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert_eq!(out(&o), "no changes: the data is equal\n");
}

#[test]
fn the_json_patch_turns_the_old_data_into_the_new() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("old.yaml"), OLD).unwrap();
    fs::write(dir.path().join("new.json"), NEW).unwrap();
    let o = trellis(
        dir.path(),
        &["diff", "old.yaml", "new.json", "--format", "json-patch"],
    );
    assert_eq!(o.status.code(), Some(1));
    let patch: Vec<trellis_diff::PatchOp> = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(patch.len(), 3, "{patch:?}");
    let old: Value =
        serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(OLD).unwrap()).unwrap();
    let new: Value = serde_json::from_str(NEW).unwrap();
    assert_eq!(trellis_diff::apply_patch(&old, &patch).unwrap(), new);

    let o = trellis(
        dir.path(),
        &["diff", "old.yaml", "new.json", "--format", "json"],
    );
    let report: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(report["equal"], false);
    assert_eq!(report["changes"].as_array().unwrap().len(), 3);
    // In the order of the new document: its `models` come first.
    assert_eq!(report["changes"][0]["kind"], "changed");
    assert_eq!(report["patch"].as_array().unwrap().len(), 3);
}

#[test]
fn errors_exit_2_with_the_place() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("old.yaml"), OLD).unwrap();
    fs::write(dir.path().join("bad.yaml"), "a: [1, 2\n").unwrap();
    let o = trellis(dir.path(), &["diff", "old.yaml", "missing.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.yaml"));
    let o = trellis(dir.path(), &["diff", "old.yaml", "bad.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(err.contains("bad.yaml:"), "{err}");
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(["-c", "user.name=Ada", "-c", "user.email=ada@example.com"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn log_show_and_diff_between_revisions_of_a_committed_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    fs::write(d.join("app.yaml"), "image: nginx:1.25\nreplicas: 2\n").unwrap();
    git(d, &["add", "app.yaml"]);
    git(d, &["commit", "-q", "-m", "First version"]);
    fs::write(d.join("app.yaml"), "image: nginx:1.27\nreplicas: 2\n").unwrap();
    git(d, &["commit", "-q", "-am", "Newer nginx"]);
    fs::write(d.join("app.yaml"), "image: nginx:1.27\nreplicas: 3\n").unwrap();

    let o = trellis(d, &["log", "app.yaml"]);
    assert_eq!(o.status.code(), Some(0));
    let log = out(&o);
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(lines[0].contains("modified Newer nginx (Ada)"), "{log}");
    assert!(lines[1].contains("added    First version (Ada)"), "{log}");
    let o = trellis(d, &["log", "app.yaml", "--format", "json"]);
    let entries: Value = serde_json::from_str(&out(&o)).unwrap();
    assert_eq!(entries[0]["summary"], "Newer nginx");

    let o = trellis(d, &["show", "app.yaml", "--rev", "HEAD~1"]);
    assert_eq!(out(&o), "image: nginx:1.25\nreplicas: 2\n");

    let o = trellis(d, &["diff", "app.yaml", "--rev", "HEAD~1", "--rev", "HEAD"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).ends_with("1 change: image nginx:1.25 → nginx:1.27\n"),
        "{}",
        out(&o)
    );
    // One revision: against the file on disk.
    let o = trellis(d, &["diff", "app.yaml", "--rev", "HEAD"]);
    assert!(
        out(&o).ends_with("1 change: replicas 2 → 3\n"),
        "{}",
        out(&o)
    );

    let o = trellis(d, &["show", "app.yaml", "--rev", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("nope"));
    let o = trellis(d, &["diff", "app.yaml"]);
    assert_eq!(o.status.code(), Some(2));
}
