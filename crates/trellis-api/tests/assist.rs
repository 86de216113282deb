//! The assistant through the session: turns run on a snapshot, proposals are kept until
//! applied as one undoable edit on the text they were made for, nothing reaches the disk
//! before a save; and a model on a loopback OpenAI-compatible server works through the
//! session's tools, never sees a secret, and its patch lands as the smallest splice.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use common::session_with;
use serde_json::json;
use trellis_api::assist::{AssistEvent, CancellationToken};
use trellis_api::Session;
use trellis_protocol::{AssistSettingsDto, ProviderKind};

const AGENTS: &str = "\
# The team
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
    temperature: 0.7  # lively

agents:
  author:
    model: writer
    description: Writes drafts.
";

fn offline() -> AssistSettingsDto {
    AssistSettingsDto::default()
}

/// Runs one turn to its end; the events, with proposals kept in the session.
fn turn(
    session: &mut Session,
    path: &str,
    request: &str,
    settings: AssistSettingsDto,
) -> Vec<AssistEvent> {
    let job = session.assist_job(path, request, settings).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut events = Vec::new();
    let conversation = runtime.block_on(async {
        let mut sink = |e: AssistEvent| events.push(e);
        job.run(CancellationToken::new(), &mut sink).await
    });
    for e in &events {
        if let AssistEvent::Proposal(p) = e {
            session.keep_proposal(path, p).unwrap();
        }
    }
    session.end_assist(path, conversation).unwrap();
    events
}

fn proposal_id(events: &[AssistEvent]) -> Option<u64> {
    events.iter().find_map(|e| match e {
        AssistEvent::Proposal(p) => Some(p.dto.id),
        _ => None,
    })
}

fn ends_done(events: &[AssistEvent]) -> bool {
    matches!(events.last(), Some(AssistEvent::Done))
}

#[test]
fn an_offline_proposal_applies_as_one_undoable_edit_and_only_a_save_writes() {
    let (dir, mut session) = session_with(&[("agents.yaml", AGENTS.as_bytes())]);
    session.open_document("agents.yaml").unwrap();
    let events = turn(
        &mut session,
        "agents.yaml",
        "set the writer model's temperature to 0.3",
        offline(),
    );
    assert!(ends_done(&events), "{events:?}");
    let id = proposal_id(&events).expect("a proposal");
    let AssistEvent::Proposal(p) = events
        .iter()
        .find(|e| matches!(e, AssistEvent::Proposal(_)))
        .unwrap()
    else {
        unreachable!()
    };
    assert_eq!((p.dto.diff.added, p.dto.diff.removed), (1, 1));
    assert_eq!(p.dto.errors_after, 0);

    // Proposing changed nothing.
    assert_eq!(session.open_document("agents.yaml").unwrap().text, AGENTS);
    let doc = session.apply_proposal("agents.yaml", id).unwrap();
    assert_eq!(
        doc.text,
        AGENTS.replace("temperature: 0.7", "temperature: 0.3")
    );
    assert!(doc.dirty && doc.can_undo);
    let on_disk = std::fs::read_to_string(dir.path().join("ws/agents.yaml")).unwrap();
    assert_eq!(on_disk, AGENTS, "applying does not save");

    // One undo takes it all back; the proposal is used up.
    assert_eq!(session.undo("agents.yaml").unwrap().text, AGENTS);
    assert!(session.apply_proposal("agents.yaml", id).is_err());
}

#[test]
fn a_proposal_for_an_older_text_is_refused_and_changes_nothing() {
    let (_dir, mut session) = session_with(&[("agents.yaml", AGENTS.as_bytes())]);
    session.open_document("agents.yaml").unwrap();
    let events = turn(
        &mut session,
        "agents.yaml",
        "rename the author agent to editor",
        offline(),
    );
    let id = proposal_id(&events).expect("a proposal");
    let edited = session
        .edit_document(
            "agents.yaml",
            trellis_protocol::EditRequest::Set {
                pointer: "/name".into(),
                value: json!("crew"),
            },
        )
        .unwrap();
    let err = session.apply_proposal("agents.yaml", id).unwrap_err();
    assert!(err.message.contains("changed since"), "{}", err.message);
    assert_eq!(
        session.open_document("agents.yaml").unwrap().text,
        edited.text
    );
}

#[test]
fn a_question_is_answered_without_a_proposal() {
    let (_dir, mut session) = session_with(&[("agents.yaml", AGENTS.as_bytes())]);
    session.open_document("agents.yaml").unwrap();
    let events = turn(
        &mut session,
        "agents.yaml",
        "what depends on the openai provider?",
        offline(),
    );
    assert!(ends_done(&events));
    assert_eq!(proposal_id(&events), None);
    let text: String = events
        .iter()
        .filter_map(|e| match e {
            AssistEvent::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert!(text.contains("writer") && text.contains("author"), "{text}");
}

#[test]
fn a_new_file_keeps_its_header_and_a_file_without_a_schema_is_refused() {
    let (_dir, mut session) = session_with(&[
        ("agents.yaml", b"# Our agents\n"),
        ("notes.yaml", b"note: hello\n"),
    ]);
    session.open_document("agents.yaml").unwrap();
    let events = turn(
        &mut session,
        "agents.yaml",
        "Create a production setup with OpenAI",
        offline(),
    );
    let id = proposal_id(&events).expect("a proposal");
    let doc = session.apply_proposal("agents.yaml", id).unwrap();
    // The template's own text, its comments too, after the file's header.
    assert!(doc.text.starts_with("# Our agents\n# "), "{}", doc.text);
    assert!(doc.text.contains("\nversion: 1\n"), "{}", doc.text);
    let comments = doc
        .text
        .lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .count();
    assert!(comments > 3, "{}", doc.text);
    let validation = session.validate_document("agents.yaml").unwrap();
    assert!(
        validation
            .diagnostics
            .iter()
            .all(|d| d.severity != trellis_protocol::Severity::Error),
        "{:?}",
        validation.diagnostics
    );

    session.open_document("notes.yaml").unwrap();
    let Err(e) = session.assist_job("notes.yaml", "add an agent", offline()) else {
        panic!("a file of no known kind has no assistant");
    };
    assert!(e.message.contains("choose a schema"), "{}", e.message);
}

// ------------------------------------------------------------------ a model on loopback

/// A chat-completions server on 127.0.0.1 answering each request with the next script (a
/// list of SSE `data:` payloads); records the request bodies.
fn serve(scripts: Vec<Vec<serde_json::Value>>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let log = bodies.clone();
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
            reader.read_exact(&mut body).unwrap();
            log.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&body).into_owned());
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
    (url, bodies)
}

fn tool_call(name: &str, arguments: &serde_json::Value) -> Vec<serde_json::Value> {
    vec![
        json!({"choices": [{"index": 0, "delta": {"role": "assistant", "tool_calls": [
            {"index": 0, "id": "call_1", "type": "function",
             "function": {"name": name, "arguments": arguments.to_string()}}
        ]}}]}),
        json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]}),
    ]
}

fn text(parts: &[&str]) -> Vec<serde_json::Value> {
    let mut out: Vec<serde_json::Value> = parts
        .iter()
        .map(|p| json!({"choices": [{"index": 0, "delta": {"content": p}}]}))
        .collect();
    out.push(json!({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}));
    out
}

#[test]
fn a_model_proposes_through_the_session_tools_and_never_sees_a_secret() {
    let secret = "sk-proj-a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    let with_secret = AGENTS.replace("${OPENAI_API_KEY}", secret);
    let (url, bodies) = serve(vec![
        tool_call("dependents", &json!({"component": "writer"})),
        tool_call(
            "propose_patch",
            &json!({
                "summary": "Lower the writer's temperature.",
                "patch": [{"op": "replace", "path": "/models/writer/temperature", "value": 0.2}]
            }),
        ),
        text(&["The writer ", "now runs cooler."]),
    ]);
    let (_dir, mut session) = session_with(&[("agents.yaml", with_secret.as_bytes())]);
    session.open_document("agents.yaml").unwrap();
    let settings = AssistSettingsDto {
        provider: ProviderKind::OpenaiCompatible,
        base_url: url,
        model: "test-model".into(),
        key_env: String::new(),
        key_status: String::new(),
    };
    let events = turn(
        &mut session,
        "agents.yaml",
        "make the writer calmer",
        settings,
    );
    assert!(ends_done(&events), "{events:?}");
    assert!(events
        .iter()
        .any(|e| matches!(e, AssistEvent::Tool(n) if n == "dependents")));
    let streamed: String = events
        .iter()
        .filter_map(|e| match e {
            AssistEvent::Text(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(streamed, "The writer now runs cooler.");

    // The tool answered from the document (the author agent uses the writer model).
    let bodies = bodies.lock().unwrap().clone();
    assert_eq!(bodies.len(), 3);
    assert!(bodies[1].contains("author"), "{}", bodies[1]);
    for body in &bodies {
        assert!(!body.contains(secret), "the key left the machine: {body}");
    }

    let id = proposal_id(&events).expect("a proposal");
    let doc = session.apply_proposal("agents.yaml", id).unwrap();
    assert_eq!(
        doc.text,
        with_secret.replace("temperature: 0.7", "temperature: 0.2"),
        "only the value's bytes changed"
    );
}

#[test]
fn a_server_that_cannot_be_reached_ends_the_turn_with_an_error() {
    // A port nothing listens on.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    drop(listener);
    let (_dir, mut session) = session_with(&[("agents.yaml", AGENTS.as_bytes())]);
    session.open_document("agents.yaml").unwrap();
    let settings = AssistSettingsDto {
        provider: ProviderKind::OpenaiCompatible,
        base_url: url,
        model: "m".into(),
        key_env: String::new(),
        key_status: String::new(),
    };
    let events = turn(&mut session, "agents.yaml", "hello", settings);
    let Some(AssistEvent::Error(message)) = events.last() else {
        panic!("{events:?}");
    };
    assert!(message.contains("could not reach"), "{message}");
    assert_eq!(session.open_document("agents.yaml").unwrap().text, AGENTS);
}
