//! `trellis assist FILE REQUEST` as scripts use it: a new file starts from an empty document
//! of the pack; json prints the reply and the patch; `--apply` writes atomically and only a
//! result without errors; questions have an empty patch.

use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

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

fn json(o: &Output) -> Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn a_new_file_is_created_from_a_request_and_validates() {
    let dir = tempfile::tempdir().unwrap();
    let request = "a local setup with ollama and llama3";
    let out = trellis(
        dir.path(),
        &["assist", "agents.yaml", request, "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let reply = json(&out);
    let patch = reply["patch"].as_array().unwrap();
    assert!(!patch.is_empty(), "{reply}");
    assert!(
        reply["reply"].as_str().unwrap().contains("llama3"),
        "{reply}"
    );
    assert!(
        !dir.path().join("agents.yaml").exists(),
        "nothing written without --apply"
    );

    let out = trellis(dir.path(), &["assist", "agents.yaml", request, "--apply"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("+++ b/agents.yaml"),
        "{}",
        stdout(&out)
    );
    let text = fs::read_to_string(dir.path().join("agents.yaml")).unwrap();
    assert!(
        text.contains("type: ollama") && text.contains("llama3"),
        "{text}"
    );
    let out = trellis(dir.path(), &["validate", "agents.yaml"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );

    // The patch in the json output gives the applied document.
    let applied: Value = serde_yaml::from_str(&text).unwrap();
    let patch: Vec<trellis_diff::PatchOp> = serde_json::from_value(reply["patch"].clone()).unwrap();
    let rebuilt = trellis_diff::apply_patch(&serde_json::json!({}), &patch).unwrap();
    assert_eq!(rebuilt, applied);
}

#[test]
fn an_edit_changes_only_its_bytes_and_a_question_has_an_empty_patch() {
    let dir = tempfile::tempdir().unwrap();
    let original = "\
# keep this comment
version: 1
name: team
providers:
  openai:
    type: openai
    api_key: ${OPENAI_API_KEY}
models:
  writer:
    provider: openai
    name: gpt-4o
    temperature: 0.7   # lively
agents:
  author:
    model: writer
";
    fs::write(dir.path().join("agents.yaml"), original).unwrap();
    let out = trellis(
        dir.path(),
        &[
            "assist",
            "agents.yaml",
            "what depends on the openai provider?",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let reply = json(&out);
    assert_eq!(reply["patch"], serde_json::json!([]));
    assert!(
        reply["reply"].as_str().unwrap().contains("author"),
        "{reply}"
    );

    let out = trellis(
        dir.path(),
        &[
            "assist",
            "agents.yaml",
            "set the writer model's temprature to 0.3",
            "--apply",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("agents.yaml")).unwrap(),
        original.replace("temperature: 0.7", "temperature: 0.3")
    );

    // Nothing to apply: exit 1, the file untouched.
    let before = fs::read_to_string(dir.path().join("agents.yaml")).unwrap();
    let out = trellis(
        dir.path(),
        &["assist", "agents.yaml", "describe this", "--apply"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing to apply"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("agents.yaml")).unwrap(),
        before
    );
}

#[test]
fn apply_is_refused_while_the_result_has_errors() {
    let dir = tempfile::tempdir().unwrap();
    // The author uses a model that does not exist: an error the request does not fix.
    let broken = "\
version: 1
name: team
providers:
  openai:
    type: openai
    api_key: ${OPENAI_API_KEY}
models:
  writer:
    provider: openai
    name: gpt-4o
agents:
  author:
    model: ghost
";
    fs::write(dir.path().join("agents.yaml"), broken).unwrap();
    let out = trellis(
        dir.path(),
        &[
            "assist",
            "agents.yaml",
            "set the writer model's temperature to 0.3",
            "--apply",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(stderr(&out).contains("not applied"), "{}", stderr(&out));
    assert_eq!(
        fs::read_to_string(dir.path().join("agents.yaml")).unwrap(),
        broken
    );
}

#[test]
fn bad_input_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = trellis(
        dir.path(),
        &["assist", "x.yaml", "add an agent", "--pack", "nope"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown pack"), "{}", stderr(&out));

    fs::write(dir.path().join("agents.yaml"), "agents: [unclosed\n").unwrap();
    let out = trellis(dir.path(), &["assist", "agents.yaml", "describe this"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("agents.yaml:"), "{}", stderr(&out));

    let out = trellis(dir.path(), &["assist", "y.yaml", "   "]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("empty"), "{}", stderr(&out));
}

#[test]
fn a_workflow_below_the_current_folder_is_recognised_by_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let workflows = dir.path().join(".github/workflows");
    fs::create_dir_all(&workflows).unwrap();
    fs::write(
        workflows.join("ci.yml"),
        "name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n",
    )
    .unwrap();
    let out = trellis(
        dir.path(),
        &[
            "assist",
            ".github/workflows/ci.yml",
            "describe this",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let reply = json(&out);
    let text = reply["reply"].as_str().unwrap();
    assert!(
        text.contains("github-actions") && text.contains("test"),
        "{reply}"
    );
}

#[test]
fn a_file_whose_name_no_pack_claims_is_recognised_by_its_keys() {
    // `stack.yaml` matches no pack's file names: the first request names the pack, and the
    // file it writes is known by its top-level keys afterwards.
    let dir = tempfile::tempdir().unwrap();
    let out = trellis(
        dir.path(),
        &[
            "assist",
            "stack.yaml",
            "create a research team setup",
            "--apply",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = trellis(
        dir.path(),
        &[
            "assist",
            "stack.yaml",
            "rename the writer agent to author",
            "--format",
            "json",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let patch = json(&out)["patch"].to_string();
    assert!(patch.contains("/agents/author"), "{patch}");
    let out = trellis(dir.path(), &["validate", "stack.yaml"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );

    // Keys several packs share name no pack: the user is asked to choose one.
    fs::write(dir.path().join("other.yaml"), "name: x\nversion: 1\n").unwrap();
    let out = trellis(dir.path(), &["assist", "other.yaml", "describe this"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("give --pack"), "{}", stderr(&out));
}

/// A chat-completions server on 127.0.0.1 answering each request with the next list of SSE
/// payloads.
fn serve(scripts: Vec<Vec<Value>>) -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for script in scripts {
            let Ok((mut socket, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(socket.try_clone().unwrap());
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let mut out = String::from(
                "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n",
            );
            for event in script {
                out.push_str(&format!("data: {event}\n\n"));
            }
            out.push_str("data: [DONE]\n\n");
            let _ = socket.write_all(out.as_bytes());
        }
    });
    url
}

#[test]
fn an_openai_compatible_server_answers_with_a_patch_that_applies() {
    let dir = tempfile::tempdir().unwrap();
    let original = "\
version: 1
name: team
providers:
  local:
    type: ollama
models:
  chat:
    provider: local
    name: llama3
    temperature: 0.7
";
    fs::write(dir.path().join("agents.yaml"), original).unwrap();
    let call = serde_json::json!({
        "summary": "Cooler chat model.",
        "patch": [{"op": "replace", "path": "/models/chat/temperature", "value": 0.1}]
    });
    let url = serve(vec![
        vec![
            serde_json::json!({"choices": [{"index": 0, "delta": {"role": "assistant", "tool_calls": [
                {"index": 0, "id": "c1", "type": "function",
                 "function": {"name": "propose_patch", "arguments": call.to_string()}}]}}]}),
            serde_json::json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}),
        ],
        vec![
            serde_json::json!({"choices": [{"index": 0, "delta": {"content": "Done: cooler."}}]}),
            serde_json::json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}),
        ],
    ]);
    let out = trellis(
        dir.path(),
        &[
            "assist",
            "agents.yaml",
            "make chat calmer",
            "--provider",
            "openai-compatible",
            "--base-url",
            &url,
            "--model",
            "m",
            "--format",
            "json",
            "--apply",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let reply = json(&out);
    assert_eq!(reply["reply"], "Done: cooler.");
    assert_eq!(reply["patch"][0]["path"], "/models/chat/temperature");
    assert_eq!(
        fs::read_to_string(dir.path().join("agents.yaml")).unwrap(),
        original.replace("temperature: 0.7", "temperature: 0.1")
    );

    // A server that is not there: exit 1, the file untouched.
    let out = trellis(
        dir.path(),
        &[
            "assist",
            "agents.yaml",
            "hello",
            "--provider",
            "openai-compatible",
            "--base-url",
            "http://127.0.0.1:9/v1",
            "--model",
            "m",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("could not reach"), "{}", stderr(&out));
}
