//! The `trellis` binary as scripts use it: arguments in, stdout/stderr and exit codes out.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const COMPOSE: &str = "# web stack\nservices:\n  web:\n    image: \"nginx:1.25\"   # pinned\n    ports:\n      - \"80:80\"\n  db:\n    image: postgres:16\n";

fn trellis(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .output()
        .expect("run trellis")
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn get_prints_the_value_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "compose.yaml", COMPOSE);
    let out = trellis(&["get", &file, "/services/web/image"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "\"nginx:1.25\"\n");
    let out = trellis(&["get", &file, "/services/web/ports"]);
    assert_eq!(stdout(&out), "[\n  \"80:80\"\n]\n");
}

#[test]
fn set_prints_the_edited_document_and_leaves_the_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "compose.yaml", COMPOSE);
    let out = trellis(&["set", &file, "/services/web/image", "\"nginx:1.27\""]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), COMPOSE.replace("nginx:1.25", "nginx:1.27"));
    assert_eq!(fs::read_to_string(&file).unwrap(), COMPOSE);
}

#[test]
fn set_in_place_changes_only_the_value_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "compose.yaml", COMPOSE);
    let out = trellis(&[
        "set",
        &file,
        "/services/db/image",
        "\"postgres:17\"",
        "--in-place",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        COMPOSE.replace("postgres:16", "postgres:17")
    );
}

#[test]
fn set_on_a_missing_key_of_an_existing_map_adds_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "settings.json", "{\n  \"theme\": \"dark\"\n}\n");
    let out = trellis(&["set", &file, "/fontSize", "14"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(value, serde_json::json!({"theme": "dark", "fontSize": 14}));
}

#[test]
fn rm_removes_an_entry() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "app.toml",
        "[server]\nhost = \"0.0.0.0\"\nport = 8080\n",
    );
    let out = trellis(&["rm", &file, "/server/port", "-i"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "[server]\nhost = \"0.0.0.0\"\n"
    );
}

#[test]
fn parse_errors_exit_2_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "broken.json", "{\n  \"a\": 1,\n  \"b\" 2\n}\n");
    let out = trellis(&["get", &file, ""]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.starts_with(&format!("{file}:3:7: error: ")), "{err}");
}

#[test]
fn usage_io_and_value_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "a.yaml", "a: 1\n");
    let missing = dir.path().join("missing.yaml");
    for (args, needle) in [
        (vec!["get"], "Usage"),
        (vec!["get", missing.to_str().unwrap(), ""], "missing.yaml"),
        (vec!["set", &file, "/a", "not json"], "is not JSON"),
        (vec!["get", &file, "/nope"], "nothing at"),
        (vec!["get", &file, "a"], "must be empty or start with '/'"),
        (vec!["rm", &file, "/nope"], "nothing at /nope"),
    ] {
        let out = trellis(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(needle), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        "a: 1\n",
        "errors never touch the file"
    );
}
