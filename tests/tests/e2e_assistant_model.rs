//! The assistant with an OpenAI-compatible model, in the real window: the provider is set in
//! the settings form (a loopback server written here speaks chat-completions), the model
//! works through tools and proposes a patch that is applied as one undoable edit; Markdown
//! from the model is rendered as text, never as HTML; a long answer streams in and is stopped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use serde_json::{json, Value};
use trellis_e2e::{keys, App};

const WAIT: Duration = Duration::from_secs(30);

const AGENTS: &str = "\
# The writing desk.
version: 1
name: desk

providers:
  openai:
    type: openai
    api_key: ${OPENAI_API_KEY}

models:
  writer:
    provider: openai
    name: gpt-4o
    temperature: 0.9  # lively

agents:
  author:
    model: writer
";

/// One answer of the server: SSE payloads, each sent after `pause`.
struct Reply {
    events: Vec<Value>,
    pause: Duration,
}

/// Serves the replies in order on 127.0.0.1, one request each; returns the API base.
fn serve(replies: Vec<Reply>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for reply in replies {
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
            let head =
                "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";
            if socket.write_all(head.as_bytes()).is_err() {
                continue;
            }
            for event in reply.events {
                std::thread::sleep(reply.pause);
                // A stopped turn closes the connection: the rest is not wanted.
                if socket
                    .write_all(format!("data: {event}\n\n").as_bytes())
                    .and_then(|()| socket.flush())
                    .is_err()
                {
                    break;
                }
            }
            let _ = socket.write_all(b"data: [DONE]\n\n");
        }
    });
    url
}

fn tool_call(name: &str, arguments: Value) -> Reply {
    Reply {
        events: vec![
            json!({"choices": [{"index": 0, "delta": {"role": "assistant", "tool_calls": [
                {"index": 0, "id": "call_1", "type": "function",
                 "function": {"name": name, "arguments": arguments.to_string()}}
            ]}}]}),
            json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}),
        ],
        pause: Duration::from_millis(20),
    }
}

fn text(parts: &[&str], pause: Duration) -> Reply {
    let mut events: Vec<Value> = parts
        .iter()
        .map(|p| json!({"choices": [{"index": 0, "delta": {"content": p}}]}))
        .collect();
    events.push(json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}));
    Reply { events, pause }
}

fn set_field(app: &App, css: &str, value: &str) {
    app.click(&app.find(css));
    app.chord(&[keys::CONTROL], "a");
    app.type_text(value);
}

fn ask(app: &App, request: &str) {
    app.click(&app.find(r#"[data-testid="chat-input"]"#));
    app.type_text(request);
    app.chord(&[], keys::ENTER);
}

fn last_answer(app: &App) -> String {
    app.script(
        "const all = document.querySelectorAll('[data-testid=chat-text]');\
         return all.length ? all[all.length - 1].textContent : '';",
        vec![],
    )
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[test]
fn a_model_proposes_streams_and_can_be_stopped() {
    let long: Vec<String> = (1..=40)
        .map(|i| format!("Part {i} of a long answer. "))
        .collect();
    let long: Vec<&str> = long.iter().map(String::as_str).collect();
    let url = serve(vec![
        tool_call("dependents", json!({"component": "writer"})),
        tool_call(
            "propose_patch",
            json!({
                "summary": "Lower the writer's temperature to 0.2.",
                "patch": [{"op": "replace", "path": "/models/writer/temperature", "value": 0.2}]
            }),
        ),
        text(
            &[
                "The writer is **calmer** now. ",
                "<script>document.title='owned'</script>",
                " <img src=x>",
            ],
            Duration::from_millis(50),
        ),
        text(&long, Duration::from_millis(400)),
    ]);
    let mut workspace = None;
    let Some(app) = App::launch("assistant-model", |dir| {
        std::fs::write(dir.join("agents.yaml"), AGENTS).unwrap();
        workspace = Some(dir.to_path_buf());
    }) else {
        return;
    };
    let dir = workspace.unwrap();
    app.wait_settled();
    app.click(&app.find(r#"[data-testid="assistant-toggle"]"#));

    // Choose the OpenAI-compatible provider in the settings form.
    app.click(&app.find(r#"[data-testid="assistant-settings"]"#));
    app.click(&app.find(r#"[data-testid="provider-openai"]"#));
    set_field(
        &app,
        r#"[data-testid="assistant-settings-form"] input[name="base_url"]"#,
        &url,
    );
    set_field(
        &app,
        r#"[data-testid="assistant-settings-form"] input[name="model"]"#,
        "loopback-model",
    );
    // The key's status comes from the backend a moment after the form opens.
    app.wait_for("the key's status", WAIT, |a| {
        !a.text(&a.find(r#"[data-testid="key-status"]"#)).is_empty()
    });
    app.screenshot("assistant-model-settings");
    app.click(&app.find(r#"[data-testid="assistant-settings-save"]"#));
    app.wait_for("the provider badge", WAIT, |a| {
        a.text(&a.find(r#"[data-testid="assistant-provider"]"#))
            .eq_ignore_ascii_case("loopback-model")
    });

    ask(&app, "make the writer calmer");
    app.wait_for("the model's proposal and answer", WAIT, |a| {
        a.count(r#"[data-testid="proposal"]"#) == 1
            && a.count(r#"[data-testid="chat-running"]"#) == 0
    });
    let answer = last_answer(&app);
    assert!(answer.contains("calmer"), "{answer}");
    // Markup from the model is text.
    assert!(answer.contains("<script>"), "{answer}");
    assert_eq!(app.count(r#"[data-testid="assistant"] script"#), 0);
    assert_eq!(app.count(r#"[data-testid="assistant"] img"#), 0);
    assert_eq!(app.count(r#"[data-testid="chat-text"] strong"#), 1);
    assert_ne!(app.title(), "owned");
    let tools = app.text(&app.find(r#"[data-testid="chat-assistant"] .chat-tools"#));
    assert!(
        tools.contains("dependents") && tools.contains("propose_patch"),
        "{tools}"
    );
    let diff = app.text(&app.find(r#"[data-testid="proposal-diff"]"#));
    assert!(diff.contains("temperature: 0.2"), "{diff}");
    app.screenshot("assistant-model-proposal");

    app.click(&app.find(r#"[data-testid="proposal-apply"]"#));
    app.wait_for("the change applied", WAIT, |a| {
        a.count(r#"[data-testid="proposal-applied"]"#) == 1
    });
    app.click(&app.find(r#"[data-testid="save"]"#));
    app.wait_for("the save", WAIT, |a| {
        a.count(r#"[data-testid="dirty-indicator"]"#) == 0
    });
    assert_eq!(
        std::fs::read_to_string(dir.join("agents.yaml")).unwrap(),
        AGENTS.replace("temperature: 0.9", "temperature: 0.2"),
        "only the value's bytes changed"
    );

    // A long answer streams in, and Stop ends it.
    ask(&app, "tell me everything about this setup");
    app.wait_for("the answer to start streaming", WAIT, |a| {
        last_answer(a).contains("Part 2 ")
    });
    assert_eq!(app.count(r#"[data-testid="chat-running"]"#), 1);
    let partial = last_answer(&app);
    app.screenshot("assistant-model-streaming");
    app.click(&app.find(r#"[data-testid="chat-stop"]"#));
    app.wait_for("the turn to stop", WAIT, |a| {
        a.count(r#"[data-testid="chat-running"]"#) == 0
    });
    let errors = app.script(
        "return [...document.querySelectorAll('[data-testid=chat-error]')].map(e => e.textContent);",
        vec![],
    );
    assert!(
        errors
            .as_array()
            .is_some_and(|e| e.iter().any(|m| m.as_str() == Some("stopped"))),
        "{errors}"
    );
    let stopped = last_answer(&app);
    assert!(
        stopped.starts_with(partial.trim_end()),
        "{partial:?} then {stopped:?}"
    );
    assert!(!stopped.contains("Part 40 "), "{stopped}");
    assert_eq!(app.count(r#"[data-testid="chat-send"]"#), 1);
}
