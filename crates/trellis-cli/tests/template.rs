//! `trellis template list|show|new` as scripts use it.

use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// Runs `trellis` in `dir` with its own data folder (so the user's templates are the test's).
fn trellis(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(args)
        .current_dir(dir)
        .env("TRELLIS_DATA_DIR", dir.join(".data"))
        .output()
        .expect("run trellis")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn list_shows_every_template_as_text_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = trellis(dir.path(), &["template", "list"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.lines().count() >= 16, "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("compose-web-postgres-redis")
                && l.contains("docker-compose")
                && l.contains("Web app with Postgres and Redis")),
        "{text}"
    );

    let out = trellis(dir.path(), &["template", "list", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let list: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let list = list.as_array().unwrap();
    assert!(list.len() >= 16);
    for t in list {
        for key in ["id", "title", "tags", "pack", "format", "parameters"] {
            assert!(t.get(key).is_some(), "{key} missing in {t}");
        }
        assert!(t["parameters"]["properties"].is_object(), "{t}");
        assert!(
            t.get("preview_svg").is_none(),
            "no pictures on the command line"
        );
    }
    let packs: std::collections::BTreeSet<&str> =
        list.iter().filter_map(|t| t["pack"].as_str()).collect();
    assert_eq!(
        packs.into_iter().collect::<Vec<_>>(),
        [
            "agent-stack",
            "docker-compose",
            "github-actions",
            "otel-collector"
        ]
    );
}

#[test]
fn show_prints_metadata_parameters_with_defaults_and_the_rendered_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = trellis(dir.path(), &["template", "show", "otel-traces"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("otel-traces — OpenTelemetry traces pipeline\n"),
        "{text}"
    );
    assert!(text.contains("pack:    otel-collector"), "{text}");
    assert!(
        text.contains("  grpc_port (integer 1..65535) = 4317"),
        "{text}"
    );
    assert!(text.contains("  insecure (boolean) = true"), "{text}");
    assert!(
        text.contains("--- otel-collector.yaml (with the defaults) ---"),
        "{text}"
    );
    assert!(text.contains("endpoint: \"0.0.0.0:4317\""), "{text}");

    let out = trellis(dir.path(), &["template", "show", "otel-trace"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: no template \"otel-trace\"; did you mean otel-traces?\n"
    );
}

#[test]
fn new_writes_a_valid_file_with_the_values_given() {
    let dir = tempfile::tempdir().unwrap();
    let prompt = "Say \"hi\": #1 {{ x }}\nthen stop";
    let out = trellis(
        dir.path(),
        &[
            "template",
            "new",
            "agents-ollama-local",
            "-o",
            "stack/agents.yaml",
            "--param",
            "model=qwen2.5",
            "--param",
            "temperature=0.1",
            "--param",
            "memory_messages=50",
            "--param",
            &format!("system_prompt={prompt}"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "wrote stack/agents.yaml from template agents-ollama-local\n"
    );
    let file = dir.path().join("stack/agents.yaml");
    let text = fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("    name: qwen2.5\n    temperature: 0.1\n"),
        "{text}"
    );
    assert!(text.contains("max_messages: 50\n"), "{text}");

    // The value arrives exactly, and the file validates as `trellis validate` sees it.
    let get = trellis(
        dir.path(),
        &[
            "get",
            "stack/agents.yaml",
            "/agents/assistant/system_prompt",
        ],
    );
    assert_eq!(
        serde_json::from_str::<Value>(&stdout(&get)).unwrap(),
        Value::String(prompt.into())
    );
    let validate = trellis(dir.path(), &["validate", "stack/agents.yaml"]);
    assert_eq!(validate.status.code(), Some(0), "{}", stdout(&validate));

    // Lists and numbers by their parameter's type, in TOML and JSON too.
    for (id, file, params, pointer, expected) in [
        (
            "agents-support-guardrails",
            "support.agents.yaml",
            vec!["denied_topics=refunds, \"quotes\"", "max_input_chars=100"],
            "/middleware/guardrails/denied_topics",
            serde_json::json!(["refunds", "\"quotes\""]),
        ),
        (
            "agents-code-review-toml",
            "agents.toml",
            vec!["repository=C:\\repo \"x\""],
            "/tools/files/args/2",
            serde_json::json!("C:\\repo \"x\""),
        ),
        (
            "agents-openai-compatible-json",
            "agents.json",
            vec!["name=a\tb\u{1}c", "context_window=4096"],
            "/name",
            serde_json::json!("a\tb\u{1}c"),
        ),
    ] {
        let mut args = vec!["template", "new", id, "-o", file];
        for p in &params {
            args.extend(["--param", p]);
        }
        let out = trellis(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{id}: {}", stderr(&out));
        let get = trellis(dir.path(), &["get", file, pointer]);
        assert_eq!(
            serde_json::from_str::<Value>(&stdout(&get)).unwrap(),
            expected,
            "{id}"
        );
        let validate = trellis(dir.path(), &["validate", file, "--schema", "agent-stack"]);
        assert_eq!(
            validate.status.code(),
            Some(0),
            "{id}: {}",
            stdout(&validate)
        );
    }
}

#[test]
fn new_refuses_to_overwrite_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("compose.yaml");
    fs::write(&file, "mine: true\n").unwrap();
    let out = trellis(
        dir.path(),
        &[
            "template",
            "new",
            "compose-monitoring",
            "-o",
            "compose.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "error: compose.yaml already exists; choose another file or pass --force to replace it\n"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "mine: true\n");

    let out = trellis(
        dir.path(),
        &[
            "template",
            "new",
            "compose-monitoring",
            "-o",
            "compose.yaml",
            "--force",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(fs::read_to_string(&file).unwrap().contains("grafana"));
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| !n.starts_with(".data"))
        .collect();
    assert_eq!(names, ["compose.yaml"], "no temporary files left");
}

#[test]
fn unknown_templates_parameters_and_invalid_values_exit_2_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let new = |args: &[&str]| {
        let mut all = vec!["template", "new"];
        all.extend_from_slice(args);
        let out = trellis(dir.path(), &all);
        (out.status.code(), stderr(&out))
    };
    let cases: &[(&[&str], &str)] = &[
        (
            &["no-such", "-o", "a.yaml"],
            "error: no template \"no-such\"; `trellis template list` shows them\n",
        ),
        (
            &["otel-traces", "-o", "a.yaml", "--param", "grpc_prot=1"],
            "error: parameter grpc_prot: no such parameter; did you mean grpc_port? its parameters are: grpc_port, http_port, backend, insecure, sampling_percentage, memory_limit_mib\n",
        ),
        (
            &["otel-traces", "-o", "a.yaml", "--param", "grpc_port=abc"],
            "error: parameter grpc_port: expected an integer, got \"abc\"\n",
        ),
        (
            &["otel-traces", "-o", "a.yaml", "--param", "grpc_port=70000"],
            "error: parameter grpc_port: 70000 is greater than the maximum of 65535\n",
        ),
        (
            &["otel-traces", "-o", "a.yaml", "--param", "insecure=yes"],
            "error: parameter insecure: expected true or false, got \"yes\"\n",
        ),
        (
            &["actions-node-ci", "-o", "a.yml", "--param", "package_manager=bun"],
            "error: parameter package_manager: \"bun\" is not one of \"npm\", \"pnpm\" or \"yarn\"\n",
        ),
        (
            &["otel-traces", "-o", "a.yaml", "--param", "grpc_port"],
            "error: --param \"grpc_port\": expected KEY=VALUE\n",
        ),
        (
            &["otel-traces", "-o", "a.json"],
            "error: a.json: the template writes YAML: give the file a .yaml name\n",
        ),
    ];
    for (args, expected) in cases {
        let (code, err) = new(args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert_eq!(&err, expected, "{args:?}");
    }
    assert!(!dir.path().join("a.yaml").exists());
    assert!(!dir.path().join("a.yml").exists());
}

#[test]
fn user_and_workspace_templates_are_listed_and_broken_ones_named() {
    let dir = tempfile::tempdir().unwrap();
    let write = |folder: &Path, id: &str, content: &str| {
        let d = folder.join(id);
        fs::create_dir_all(&d).unwrap();
        fs::write(
            d.join("template.json"),
            format!(
                r#"{{"id": "{id}", "title": "Mine {id}", "pack": "docker-compose", "format": "yaml",
                    "content": "compose.yaml",
                    "parameters": {{"properties": {{"image": {{"type": "string", "default": "nginx"}}}}}}}}"#
            ),
        )
        .unwrap();
        fs::write(d.join("compose.yaml"), content).unwrap();
    };
    write(
        &dir.path().join(".data/templates"),
        "my-user",
        "services:\n  web:\n    image: {{ image }}\n",
    );
    let ws = dir.path().join("project");
    write(
        &ws.join(".trellis/templates"),
        "my-team",
        "services:\n  web:\n    image: {{ image }}\n",
    );
    write(
        &ws.join(".trellis/templates"),
        "broken",
        "services: {{ nope }}\n",
    );

    let out = trellis(dir.path(), &["template", "list"]);
    let text = stdout(&out);
    assert!(
        text.contains("my-user") && text.contains("(user)"),
        "{text}"
    );
    assert!(!text.contains("my-team"), "outside the workspace: {text}");

    let out = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args(["template", "list"])
        .current_dir(&ws)
        .env("TRELLIS_DATA_DIR", dir.path().join(".data"))
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(
        text.contains("my-team") && text.contains("(workspace)"),
        "{text}"
    );
    assert!(text.contains("my-user"), "{text}");
    assert!(
        stderr(&out).contains("broken/compose.yaml: uses the parameter nope"),
        "{}",
        stderr(&out)
    );

    let out = Command::new(env!("CARGO_BIN_EXE_trellis"))
        .args([
            "template",
            "new",
            "my-team",
            "-o",
            "compose.yaml",
            "-p",
            "image=caddy:2",
        ])
        .current_dir(&ws)
        .env("TRELLIS_DATA_DIR", dir.path().join(".data"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(ws.join("compose.yaml")).unwrap(),
        "services:\n  web:\n    image: \"caddy:2\"\n"
    );
}
