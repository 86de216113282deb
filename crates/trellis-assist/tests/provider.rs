//! The OpenAI-compatible provider against a loopback HTTP/1.1 server written here: each
//! accepted connection gets the next scripted reply (a stream of server-sent events in
//! chunks with pauses, a status with a body, a stall), and every request is recorded so the
//! tests can check what left the machine.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;
use trellis_assist::provider::{
    resolve_key, resolve_key_from_system, ApiKey, KeyError, KeySource, KeyStore, OpenAiConfig,
    OpenAiProvider, RetryPolicy,
};
use trellis_assist::{
    AssistError, Conversation, Event, Finding, Kind, PatchOp, Provider, Reply, Role, Severity,
    TimeoutPhase, Tools, Turn,
};

// ---------------------------------------------------------------------------------------
// The loopback server

enum Piece {
    Bytes(Vec<u8>),
    Wait(Duration),
    /// Sends nothing more for a long time (the test's timeouts end it first).
    Stall,
}

enum Script {
    /// 200, `text/event-stream`, chunked: each `Bytes` piece is one HTTP chunk.
    Sse(Vec<Piece>),
    /// A status with headers and a body.
    Status(u16, Vec<(&'static str, String)>, String),
    /// 200, `application/json`, the whole body at once.
    Json(String),
    /// Reads the request and never answers.
    StallBeforeHeaders,
}

struct Recorded {
    head: String,
    body: Vec<u8>,
}

impl Recorded {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the client sends JSON")
    }
    fn raw(&self) -> String {
        format!("{}{}", self.head, String::from_utf8_lossy(&self.body))
    }
}

struct Server {
    base_url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl Server {
    fn requests(&self) -> std::sync::MutexGuard<'_, Vec<Recorded>> {
        self.requests.lock().unwrap()
    }
    fn count(&self) -> usize {
        self.requests().len()
    }
}

async fn serve(scripts: Vec<Script>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let log = requests.clone();
    tokio::spawn(async move {
        let mut scripts = scripts.into_iter();
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let script = scripts.next().unwrap_or(Script::Status(
                500,
                vec![],
                r#"{"error":{"message":"the test server has no more replies"}}"#.into(),
            ));
            tokio::spawn(handle(socket, script, log.clone()));
        }
    });
    Server {
        base_url: format!("http://{addr}/v1"),
        requests,
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

async fn handle(mut socket: TcpStream, script: Script, log: Arc<Mutex<Vec<Recorded>>>) {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(p) = find(&buf, b"\r\n\r\n") {
            break p + 4;
        }
        match socket.read(&mut tmp).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&tmp[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let length = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    while buf.len() < head_end + length {
        match socket.read(&mut tmp).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&tmp[..n]),
        }
    }
    let body = buf[head_end..head_end + length].to_vec();
    log.lock().unwrap().push(Recorded { head, body });

    let _ = match script {
        Script::Sse(pieces) => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
            if socket.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for piece in pieces {
                match piece {
                    Piece::Bytes(b) => {
                        let mut chunk = format!("{:x}\r\n", b.len()).into_bytes();
                        chunk.extend_from_slice(&b);
                        chunk.extend_from_slice(b"\r\n");
                        if socket.write_all(&chunk).await.is_err() {
                            return;
                        }
                        let _ = socket.flush().await;
                    }
                    Piece::Wait(d) => tokio::time::sleep(d).await,
                    Piece::Stall => tokio::time::sleep(Duration::from_secs(30)).await,
                }
            }
            socket.write_all(b"0\r\n\r\n").await
        }
        Script::Status(status, headers, body) => {
            let mut out = format!(
                "HTTP/1.1 {status} Status\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str("\r\n");
            out.push_str(&body);
            socket.write_all(out.as_bytes()).await
        }
        Script::Json(body) => {
            let out = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            socket.write_all(out.as_bytes()).await
        }
        Script::StallBeforeHeaders => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            Ok(())
        }
    };
}

// ---------------------------------------------------------------------------------------
// Streams

fn event(value: &Value) -> Piece {
    Piece::Bytes(format!("data: {value}\n\n").into_bytes())
}

fn done() -> Piece {
    Piece::Bytes(b"data: [DONE]\n\n".to_vec())
}

fn text_delta(text: &str) -> Value {
    json!({"id": "c1", "object": "chat.completion.chunk", "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": null}]})
}

fn finish(reason: &str) -> Value {
    json!({"choices": [{"index": 0, "delta": {}, "finish_reason": reason}]})
}

/// A plain answer, one delta per piece of `text`.
fn text_round(parts: &[&str]) -> Script {
    let mut pieces = vec![event(
        &json!({"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}),
    )];
    pieces.extend(parts.iter().map(|p| event(&text_delta(p))));
    pieces.push(event(&finish("stop")));
    pieces.push(done());
    Script::Sse(pieces)
}

/// Tool calls as OpenAI streams them: a first delta with id and name, then the arguments
/// in fragments of three characters, the calls interleaved.
fn tool_round(calls: &[(&str, &str, String)]) -> Script {
    let mut pieces = Vec::new();
    for (index, (id, name, _)) in calls.iter().enumerate() {
        pieces.push(event(&json!({"choices": [{"index": 0, "delta": {"tool_calls": [
            {"index": index, "id": id, "type": "function", "function": {"name": name, "arguments": ""}}
        ]}}]})));
    }
    let fragments: Vec<Vec<String>> = calls
        .iter()
        .map(|(_, _, args)| {
            args.chars()
                .collect::<Vec<_>>()
                .chunks(3)
                .map(|c| c.iter().collect())
                .collect()
        })
        .collect();
    let longest = fragments.iter().map(Vec::len).max().unwrap_or(0);
    for i in 0..longest {
        for (index, frags) in fragments.iter().enumerate() {
            if let Some(f) = frags.get(i) {
                pieces.push(event(
                    &json!({"choices": [{"index": 0, "delta": {"tool_calls": [
                        {"index": index, "function": {"arguments": f}}
                    ]}}]}),
                ));
            }
        }
    }
    pieces.push(event(&finish("tool_calls")));
    pieces.push(done());
    Script::Sse(pieces)
}

fn propose(id: &str, summary: &str, patch: Value) -> Script {
    tool_round(&[(
        id,
        "propose_patch",
        json!({"summary": summary, "patch": patch}).to_string(),
    )])
}

// ---------------------------------------------------------------------------------------
// A document behind `Tools`: agents must use a model that exists.

struct Doc {
    value: Value,
    secrets: Vec<String>,
    validated: Mutex<Vec<Vec<PatchOp>>>,
}

impl Doc {
    fn new(value: Value) -> Doc {
        Doc {
            value,
            secrets: Vec::new(),
            validated: Mutex::new(Vec::new()),
        }
    }
}

fn findings(doc: &Value) -> Vec<Finding> {
    let mut out = Vec::new();
    let models = doc.get("models").and_then(Value::as_object);
    if let Some(agents) = doc.get("agents").and_then(Value::as_object) {
        for (name, agent) in agents {
            let model = agent.get("model").and_then(Value::as_str).unwrap_or("");
            if !models.is_some_and(|m| m.contains_key(model)) {
                out.push(Finding {
                    severity: Severity::Error,
                    code: "ref.dangling".into(),
                    message: format!("unknown model {model:?}"),
                    pointer: format!("/agents/{name}/model"),
                });
            }
        }
    }
    out
}

impl Tools for Doc {
    fn read_document(&self) -> String {
        serde_json::to_string_pretty(&self.value).unwrap()
    }
    fn secrets(&self) -> Vec<String> {
        self.secrets.clone()
    }
    fn list_kinds(&self) -> Vec<Kind> {
        vec![Kind {
            name: "agent".into(),
            description: "An agent".into(),
            location: "/agents".into(),
        }]
    }
    fn validate(&self, patch: &[PatchOp]) -> Result<Vec<Finding>, String> {
        self.validated.lock().unwrap().push(patch.to_vec());
        let after = trellis_diff::apply_patch(&self.value, patch).map_err(|e| e.to_string())?;
        Ok(findings(&after))
    }
    fn explain(&self, pointer: &str, _code: Option<&str>) -> Result<String, String> {
        Ok(format!("{pointer} names a model that does not exist"))
    }
    fn dependents(&self, component: &str) -> Result<Vec<String>, String> {
        let agents = self.value["agents"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        Ok(agents
            .iter()
            .filter(|(_, a)| a["model"] == component)
            .map(|(n, _)| n.clone())
            .collect())
    }
}

fn sample_doc() -> Doc {
    Doc::new(json!({
        "models": {"gpt": {"name": "gpt-4o"}},
        "agents": {"writer": {"model": "gpt"}}
    }))
}

// ---------------------------------------------------------------------------------------
// Running a turn

fn config(server: &Server) -> OpenAiConfig {
    let mut c = OpenAiConfig::new(server.base_url.clone(), "test-model");
    c.connect_timeout = Duration::from_secs(1);
    c.idle_timeout = Duration::from_millis(400);
    c.request_timeout = Duration::from_secs(3);
    c.retry = RetryPolicy {
        max_retries: 2,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(2),
    };
    c.use_system_proxy = false;
    c
}

struct Outcome {
    result: Result<Reply, AssistError>,
    events: Vec<Event>,
    conversation: Conversation,
}

async fn turn_with(config: OpenAiConfig, tools: &dyn Tools, request: &str) -> Outcome {
    turn_cancellable(config, tools, request, |_, _| {}).await
}

/// Runs one turn; `on_event` sees each event with the turn's cancellation token.
async fn turn_cancellable(
    config: OpenAiConfig,
    tools: &dyn Tools,
    request: &str,
    on_event: impl Fn(&Event, &CancellationToken) + Send + Sync,
) -> Outcome {
    let provider = OpenAiProvider::new(config).expect("valid settings");
    let mut conversation = Conversation::new();
    conversation.push_user(request);
    let mut events = Vec::new();
    let cancel = CancellationToken::new();
    let token = cancel.clone();
    let mut sink = |e: Event| {
        on_event(&e, &token);
        events.push(e);
    };
    let result = provider
        .respond(Turn {
            conversation: &mut conversation,
            tools,
            events: &mut sink,
            cancel,
        })
        .await;
    Outcome {
        result,
        events,
        conversation,
    }
}

fn texts(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

/// The last event is the turn's one terminal event, and it matches the result.
fn check_terminal(o: &Outcome) {
    let terminal: Vec<&Event> = o
        .events
        .iter()
        .filter(|e| matches!(e, Event::Done | Event::Error(_)))
        .collect();
    assert_eq!(terminal.len(), 1, "one terminal event: {:?}", o.events);
    match (&o.result, o.events.last().unwrap()) {
        (Ok(_), Event::Done) => {}
        (Err(e), Event::Error(ev)) => assert_eq!(e, ev),
        (r, last) => panic!("result {r:?} but last event {last:?}"),
    }
}

fn error_of(o: &Outcome) -> &AssistError {
    check_terminal(o);
    o.result.as_ref().expect_err("the turn fails")
}

fn last_tool_message(request: &Value) -> String {
    request["messages"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .find(|m| m["role"] == "tool")
        .map(|m| m["content"].as_str().unwrap().to_string())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Streaming

#[tokio::test]
async fn text_streams_as_it_arrives_across_split_chunks() {
    // One event split across HTTP chunks inside its JSON, a CRLF split in two, a comment.
    let first = format!("data: {}\r\n\r\n", text_delta("Hel"));
    let (a, b) = first.split_at(17);
    let second = format!(": keep-alive\n\ndata: {}\r", text_delta("lo, "));
    let pieces = vec![
        Piece::Bytes(a.as_bytes().to_vec()),
        Piece::Wait(Duration::from_millis(20)),
        Piece::Bytes(b.as_bytes().to_vec()),
        Piece::Bytes(second.into_bytes()),
        Piece::Bytes(b"\n\r\n".to_vec()),
        event(&text_delta("world ✓")),
        event(&finish("stop")),
        done(),
    ];
    let server = serve(vec![Script::Sse(pieces)]).await;
    let config = config(&server).with_key(ApiKey::new("sk-test-key"));
    let o = turn_with(config, &sample_doc(), "Say hello").await;
    check_terminal(&o);
    assert_eq!(texts(&o.events), vec!["Hel", "lo, ", "world ✓"]);
    let reply = o.result.unwrap();
    assert_eq!(reply.text, "Hello, world ✓");
    assert!(reply.proposals.is_empty());
    let last = o.conversation.messages.last().unwrap();
    assert_eq!(
        (last.role, last.content.as_str()),
        (Role::Assistant, "Hello, world ✓")
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert!(requests[0]
        .head
        .starts_with("POST /v1/chat/completions HTTP/1.1"));
    assert!(
        requests[0]
            .head
            .to_ascii_lowercase()
            .contains("authorization: bearer sk-test-key"),
        "{}",
        requests[0].head
    );
    let body = requests[0].json();
    assert_eq!(body["model"], "test-model");
    assert_eq!(body["stream"], true);
    let tools: Vec<&str> = body["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["function"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        tools,
        vec![
            "read_document",
            "list_kinds",
            "validate",
            "propose_patch",
            "explain_diagnostic",
            "dependents"
        ]
    );
    let roles: Vec<&str> = body["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(roles, vec!["system", "user"]);
    assert_eq!(body["messages"][1]["content"], "Say hello");
}

#[tokio::test]
async fn a_server_that_does_not_stream_is_understood() {
    let body = json!({"choices": [{"index": 0, "message": {"role": "assistant", "content": "All at once."}, "finish_reason": "stop"}]});
    let server = serve(vec![Script::Json(body.to_string())]).await;
    let o = turn_with(config(&server), &sample_doc(), "hi").await;
    check_terminal(&o);
    assert_eq!(o.result.unwrap().text, "All at once.");
    assert_eq!(texts(&o.events), vec!["All at once."]);
}

#[tokio::test]
async fn tool_calls_streamed_in_fragments_are_assembled_run_and_answered() {
    let server = serve(vec![
        tool_round(&[
            ("call_a", "read_document", "{}".into()),
            (
                "call_b",
                "dependents",
                json!({"component": "gpt"}).to_string(),
            ),
            ("call_c", "list_kinds", String::new()),
        ]),
        text_round(&["The writer ", "uses gpt."]),
    ])
    .await;
    let doc = sample_doc();
    let o = turn_with(config(&server), &doc, "What uses gpt?").await;
    check_terminal(&o);
    let reply = o.result.as_ref().unwrap();
    assert_eq!(reply.text, "The writer uses gpt.");
    let calls: Vec<(String, String)> = o
        .events
        .iter()
        .filter_map(|e| match e {
            Event::ToolCall { name, arguments } => Some((name.clone(), arguments.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        calls,
        vec![
            ("read_document".to_string(), "{}".to_string()),
            (
                "dependents".to_string(),
                r#"{"component":"gpt"}"#.to_string()
            ),
            ("list_kinds".to_string(), String::new()),
        ]
    );

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let second = requests[1].json();
    let messages = second["messages"].as_array().unwrap();
    let roles: Vec<&str> = messages
        .iter()
        .map(|m| m["role"].as_str().unwrap())
        .collect();
    assert_eq!(
        roles,
        vec!["system", "user", "assistant", "tool", "tool", "tool"]
    );
    let assistant = &messages[2];
    assert_eq!(assistant["content"], Value::Null);
    assert_eq!(assistant["tool_calls"][1]["id"], "call_b");
    assert_eq!(
        assistant["tool_calls"][1]["function"]["arguments"],
        r#"{"component":"gpt"}"#
    );
    assert_eq!(messages[3]["tool_call_id"], "call_a");
    assert_eq!(messages[3]["content"], doc.read_document());
    assert_eq!(messages[4]["tool_call_id"], "call_b");
    let deps: Value = serde_json::from_str(messages[4]["content"].as_str().unwrap()).unwrap();
    assert_eq!(deps["dependents"], json!(["writer"]));
    let kinds: Value = serde_json::from_str(messages[5]["content"].as_str().unwrap()).unwrap();
    assert_eq!(kinds["kinds"][0]["location"], "/agents");
}

// ---------------------------------------------------------------------------------------
// Malformed data

#[tokio::test]
async fn a_chunk_that_is_not_json_is_a_clear_error() {
    let pieces = vec![
        event(&text_delta("Partial ")),
        Piece::Bytes(b"data: {\"choices\": [{\"delta\": \n\n".to_vec()),
        done(),
    ];
    let server = serve(vec![Script::Sse(pieces)]).await;
    let o = turn_with(config(&server), &sample_doc(), "hi").await;
    let e = error_of(&o);
    assert!(matches!(e, AssistError::MalformedStream { .. }), "{e:?}");
    let message = e.to_string();
    assert!(message.contains("event 2 is not JSON"), "{message}");
    assert!(message.contains("{\"choices\""), "{message}");
    // What arrived before stays in the conversation, so it matches what the user saw.
    assert_eq!(o.conversation.messages.last().unwrap().content, "Partial ");
}

#[tokio::test]
async fn an_error_inside_the_stream_is_reported_with_the_servers_words() {
    let pieces = vec![
        event(&text_delta("Work")),
        event(&json!({"error": {"message": "the model is overloaded", "type": "server_error"}})),
    ];
    let server = serve(vec![Script::Sse(pieces)]).await;
    let o = turn_with(config(&server), &sample_doc(), "hi").await;
    let e = error_of(&o);
    assert_eq!(
        e,
        &AssistError::Server {
            message: "the model is overloaded".into()
        }
    );
}

#[tokio::test]
async fn a_stream_that_stops_early_is_incomplete() {
    let server = serve(vec![Script::Sse(vec![event(&text_delta("Half an ans"))])]).await;
    let o = turn_with(config(&server), &sample_doc(), "hi").await;
    assert_eq!(error_of(&o), &AssistError::Incomplete);
}

#[tokio::test]
async fn tool_arguments_that_are_not_json_are_sent_back_then_reported() {
    let bad = || {
        tool_round(&[(
            "call_x",
            "propose_patch",
            r#"{"summary": "x", "patch": ["#.into(),
        )])
    };
    let server = serve(vec![bad(), bad(), bad(), text_round(&["unused"])]).await;
    let doc = sample_doc();
    let o = turn_with(config(&server), &doc, "change it").await;
    let e = error_of(&o);
    match e {
        AssistError::MalformedToolArguments {
            tool,
            detail,
            attempts,
        } => {
            assert_eq!(tool, "propose_patch");
            assert_eq!(*attempts, 3);
            assert!(detail.contains("EOF"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    assert!(e
        .to_string()
        .contains("`propose_patch` with arguments that are not valid JSON"));
    assert_eq!(server.count(), 3);
    let second = server.requests()[1].json();
    assert!(last_tool_message(&second).contains("not valid JSON"));
    assert!(!o.events.iter().any(|e| matches!(e, Event::Proposal(_))));
    // Every call of the conversation has its answer, so the next turn is a valid request.
    let calls = o
        .conversation
        .messages
        .iter()
        .map(|m| m.tool_calls.len())
        .sum::<usize>();
    let answers = o
        .conversation
        .messages
        .iter()
        .filter(|m| m.role == Role::Tool)
        .count();
    assert_eq!(calls, answers);
}

// ---------------------------------------------------------------------------------------
// Proposals

#[tokio::test]
async fn a_patch_that_breaks_the_schema_is_repaired_on_the_second_try() {
    let server = serve(vec![
        propose(
            "p1",
            "Use the new model",
            json!([{"op": "replace", "path": "/agents/writer/model", "value": "gpt-5"}]),
        ),
        propose(
            "p2",
            "Add the gpt-5 model and use it",
            json!([
                {"op": "add", "path": "/models/gpt-5", "value": {"name": "gpt-5"}},
                {"op": "replace", "path": "/agents/writer/model", "value": "gpt-5"}
            ]),
        ),
        text_round(&["I proposed the change."]),
    ])
    .await;
    let doc = sample_doc();
    let o = turn_with(config(&server), &doc, "switch the writer to gpt-5").await;
    check_terminal(&o);
    let reply = o.result.as_ref().unwrap();
    assert_eq!(reply.proposals.len(), 1);
    let proposal = &reply.proposals[0];
    assert_eq!(proposal.summary, "Add the gpt-5 model and use it");
    assert_eq!(proposal.patch.len(), 2);
    let proposed: Vec<_> = o
        .events
        .iter()
        .filter(|e| matches!(e, Event::Proposal(_)))
        .collect();
    assert_eq!(proposed, vec![&Event::Proposal(proposal.clone())]);
    // The patched document is valid.
    let after = trellis_diff::apply_patch(&doc.value, &proposal.patch).unwrap();
    assert!(findings(&after).is_empty());

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let feedback = last_tool_message(&requests[1].json());
    assert!(feedback.contains("adds 1 error"), "{feedback}");
    assert!(
        feedback.contains("/agents/writer/model: unknown model \"gpt-5\""),
        "{feedback}"
    );
    assert!(feedback.contains("Repair the patch"), "{feedback}");
    assert!(last_tool_message(&requests[2].json()).starts_with("Accepted"));
}

#[tokio::test]
async fn a_patch_never_repaired_is_reported_plainly() {
    let server = serve(vec![
        propose(
            "p1",
            "Remove it",
            json!([{"op": "remove", "path": "/agents/nobody"}]),
        ),
        propose(
            "p2",
            "Break it",
            json!([{"op": "replace", "path": "/agents/writer/model", "value": "x"}]),
        ),
        propose(
            "p3",
            "Break it again",
            json!([{"op": "replace", "path": "/agents/writer/model", "value": "y"}]),
        ),
        text_round(&["unused"]),
    ])
    .await;
    let doc = sample_doc();
    let o = turn_with(config(&server), &doc, "break it").await;
    let e = error_of(&o);
    let message = e.to_string();
    assert!(
        matches!(e, AssistError::ProposalRejected { attempts: 3, .. }),
        "{e:?}"
    );
    assert_eq!(
        message,
        "the model's proposed change was not accepted after 3 attempts: the patch adds 1 error:\n- /agents/writer/model: unknown model \"y\" (ref.dangling)"
    );
    assert_eq!(server.count(), 3);
    let first_feedback = last_tool_message(&server.requests()[1].json());
    assert!(
        first_feedback.contains("does not apply: operation 0: nothing at \"/agents/nobody\""),
        "{first_feedback}"
    );
    assert!(o.result.is_err());
    assert!(!o.events.iter().any(|e| matches!(e, Event::Proposal(_))));
}

#[tokio::test]
async fn a_patch_op_of_the_wrong_shape_is_sent_back_for_repair() {
    let server = serve(vec![
        propose("p1", "Add", json!([{"op": "add", "value": 1}])),
        propose(
            "p2",
            "Add",
            json!([{"op": "add", "path": "/models/m2", "value": {"name": "m2"}}]),
        ),
        text_round(&["ok"]),
    ])
    .await;
    let o = turn_with(config(&server), &sample_doc(), "add a model").await;
    check_terminal(&o);
    assert_eq!(o.result.unwrap().proposals.len(), 1);
    let feedback = last_tool_message(&server.requests()[1].json());
    assert!(
        feedback.contains(
            "operation 0 of the patch is not a JSON Patch operation: missing field `path`"
        ),
        "{feedback}"
    );
}

#[tokio::test]
async fn tool_rounds_are_bounded() {
    let read = || tool_round(&[("r", "read_document", "{}".into())]);
    let server = serve(vec![read(), read(), read()]).await;
    let mut config = config(&server);
    config.max_rounds = 2;
    let o = turn_with(config, &sample_doc(), "loop").await;
    assert_eq!(error_of(&o), &AssistError::TooManyRounds { rounds: 2 });
    assert_eq!(server.count(), 2);
}

// ---------------------------------------------------------------------------------------
// Timeouts, retries, limits, cancellation

#[tokio::test]
async fn a_server_that_stalls_mid_stream_times_out() {
    let server = serve(vec![Script::Sse(vec![
        event(&text_delta("Thinking")),
        Piece::Stall,
    ])])
    .await;
    let started = Instant::now();
    let o = turn_with(config(&server), &sample_doc(), "hi").await;
    assert_eq!(
        error_of(&o),
        &AssistError::Timeout {
            phase: TimeoutPhase::Idle,
            limit: Duration::from_millis(400)
        }
    );
    assert_eq!(
        error_of(&o).to_string(),
        "the server sent nothing for 400 ms"
    );
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(texts(&o.events), vec!["Thinking"]);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = serve(vec![Script::StallBeforeHeaders]).await;
    let started = Instant::now();
    let o = turn_with(config(&server), &sample_doc(), "hi").await;
    assert!(
        matches!(
            error_of(&o),
            AssistError::Timeout {
                phase: TimeoutPhase::Idle,
                ..
            }
        ),
        "{:?}",
        o.result
    );
    assert!(started.elapsed() < Duration::from_millis(1500));
}

#[tokio::test]
async fn a_stream_kept_alive_forever_hits_the_overall_timeout() {
    let mut pieces = vec![event(&text_delta("..."))];
    for _ in 0..100 {
        pieces.push(Piece::Wait(Duration::from_millis(100)));
        pieces.push(Piece::Bytes(b": still here\n\n".to_vec()));
    }
    let server = serve(vec![Script::Sse(pieces)]).await;
    let mut config = config(&server);
    config.request_timeout = Duration::from_millis(700);
    let started = Instant::now();
    let o = turn_with(config, &sample_doc(), "hi").await;
    assert_eq!(
        error_of(&o),
        &AssistError::Timeout {
            phase: TimeoutPhase::Request,
            limit: Duration::from_millis(700)
        }
    );
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(650) && elapsed < Duration::from_millis(1500),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn a_429_is_retried_after_the_servers_retry_after() {
    let server = serve(vec![
        Script::Status(
            429,
            vec![("retry-after", "1".into())],
            r#"{"error":{"message":"Rate limit reached","type":"requests"}}"#.into(),
        ),
        text_round(&["Fine now."]),
    ])
    .await;
    let started = Instant::now();
    let o = turn_with(config(&server), &sample_doc(), "hi").await;
    check_terminal(&o);
    assert_eq!(o.result.unwrap().text, "Fine now.");
    assert_eq!(server.count(), 2);
    // The backoff is 10 ms: only the server's Retry-After explains a wait of a second.
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(950), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(2500), "{elapsed:?}");
}

#[tokio::test]
async fn a_retry_after_longer_than_allowed_ends_the_turn_at_once() {
    let server = serve(vec![Script::Status(
        429,
        vec![("retry-after", "3600".into())],
        r#"{"error":{"message":"quota exceeded"}}"#.into(),
    )])
    .await;
    let o = turn_with(config(&server), &sample_doc(), "hi").await;
    let message = error_of(&o).to_string();
    assert!(message.contains("HTTP 429: quota exceeded (the server asks to wait 3600 s, longer than the 2 s Trellis waits)"), "{message}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn server_errors_are_retried_then_given_up() {
    let boom = |s: u16| {
        Script::Status(
            s,
            vec![],
            format!(r#"{{"error":{{"message":"boom {s}"}}}}"#),
        )
    };
    let server = serve(vec![
        boom(500),
        boom(502),
        boom(503),
        text_round(&["too late"]),
    ])
    .await;
    let o = turn_with(config(&server), &sample_doc(), "hi").await;
    let e = error_of(&o);
    match e {
        AssistError::Http {
            status,
            message,
            attempts,
            url,
        } => {
            assert_eq!((*status, message.as_str(), *attempts), (503, "boom 503", 3));
            assert!(url.ends_with("/v1/chat/completions"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        e.to_string()
            .contains("answered HTTP 503 (after 3 attempts): boom 503"),
        "{e}"
    );
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn a_client_error_is_not_retried_and_never_shows_the_key() {
    let server = serve(vec![Script::Status(
        401,
        vec![],
        r#"{"error":{"message":"Incorrect API key provided: sk-wrong-key-123"}}"#.into(),
    )])
    .await;
    let config = config(&server).with_key(ApiKey::new("sk-wrong-key-123"));
    let o = turn_with(config, &sample_doc(), "hi").await;
    let e = error_of(&o);
    assert_eq!(
        e.to_string(),
        format!(
            "{}/chat/completions answered HTTP 401: Incorrect API key provided: «key»",
            server.base_url
        )
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_server_that_is_not_there_is_named() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let mut config = OpenAiConfig::new(format!("http://{addr}/v1/"), "m");
    config.use_system_proxy = false;
    let o = turn_with(config, &sample_doc(), "hi").await;
    let e = error_of(&o);
    let message = e.to_string();
    assert!(matches!(e, AssistError::Connect { .. }), "{e:?}");
    assert!(
        message.starts_with(&format!(
            "could not reach http://{addr}/v1/chat/completions: "
        )),
        "{message}"
    );
    assert!(message.to_lowercase().contains("refused"), "{message}");
}

#[tokio::test]
async fn https_goes_through_rustls_and_a_failed_handshake_is_an_error() {
    // A "server" that answers a TLS hello with plain text.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let _ = socket.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n").await;
        }
    });
    let mut config = OpenAiConfig::new(format!("https://{addr}/v1"), "m");
    config.use_system_proxy = false;
    config.idle_timeout = Duration::from_secs(1);
    let o = turn_with(config, &sample_doc(), "hi").await;
    let e = error_of(&o);
    assert!(matches!(e, AssistError::Connect { .. }), "{e:?}");
    assert!(
        e.to_string().contains(&format!(
            "could not reach https://{addr}/v1/chat/completions: "
        )),
        "{e}"
    );
}

#[tokio::test]
async fn an_error_status_with_a_stalled_body_still_reports_the_status() {
    // A 404 whose body stops half way and never ends.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let _ = socket
                    .write_all(
                        b"HTTP/1.1 404 Not Found\r\ncontent-length: 100\r\n\r\n{\"error\": \"model",
                    )
                    .await;
                tokio::time::sleep(Duration::from_secs(30)).await;
            });
        }
    });
    let mut config = OpenAiConfig::new(format!("http://{addr}/v1"), "m");
    config.use_system_proxy = false;
    config.idle_timeout = Duration::from_millis(300);
    let o = turn_with(config, &sample_doc(), "hi").await;
    let e = error_of(&o);
    assert!(matches!(e, AssistError::Http { status: 404, .. }), "{e:?}");
    assert!(
        e.to_string()
            .ends_with("answered HTTP 404: {\"error\": \"model"),
        "{e}"
    );
}

#[tokio::test]
async fn an_oversized_response_is_cut_off() {
    let big = "x".repeat(1000);
    let mut pieces: Vec<Piece> = (0..20).map(|_| event(&text_delta(&big))).collect();
    pieces.push(event(&finish("stop")));
    pieces.push(done());
    let server = serve(vec![Script::Sse(pieces)]).await;
    let mut config = config(&server);
    config.max_response_bytes = 4096;
    let o = turn_with(config, &sample_doc(), "hi").await;
    assert_eq!(error_of(&o), &AssistError::TooLarge { limit: 4096 });
    let received: usize = texts(&o.events).iter().map(String::len).sum();
    assert!(received <= 4096, "{received}");
}

#[tokio::test]
async fn cancelling_stops_the_stream_at_once() {
    let server = serve(vec![Script::Sse(vec![
        event(&text_delta("Once upon")),
        Piece::Wait(Duration::from_secs(2)),
        event(&text_delta(" a time")),
        event(&finish("stop")),
        done(),
    ])])
    .await;
    let mut config = config(&server);
    config.idle_timeout = Duration::from_secs(5);
    let started = Instant::now();
    let o = turn_cancellable(config, &sample_doc(), "tell a story", |e, cancel| {
        if matches!(e, Event::Text(_)) {
            cancel.cancel();
        }
    })
    .await;
    assert_eq!(error_of(&o), &AssistError::Cancelled);
    assert!(
        started.elapsed() < Duration::from_millis(1000),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(texts(&o.events), vec!["Once upon"]);
    assert_eq!(o.conversation.messages.last().unwrap().content, "Once upon");
}

#[tokio::test]
async fn cancelling_during_a_retry_wait_stops_at_once() {
    let server = serve(vec![Script::Status(
        503,
        vec![("retry-after", "2".into())],
        "busy".into(),
    )])
    .await;
    let provider = OpenAiProvider::new(config(&server)).unwrap();
    let mut conversation = Conversation::new();
    conversation.push_user("hi");
    let cancel = CancellationToken::new();
    let stopper = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        stopper.cancel();
    });
    let mut events = Vec::new();
    let started = Instant::now();
    let doc = sample_doc();
    let result = provider
        .respond(Turn {
            conversation: &mut conversation,
            tools: &doc,
            events: &mut |e| events.push(e),
            cancel,
        })
        .await;
    assert_eq!(result, Err(AssistError::Cancelled));
    assert!(started.elapsed() < Duration::from_millis(1000));
    assert_eq!(events, vec![Event::Error(AssistError::Cancelled)]);
}

// ---------------------------------------------------------------------------------------
// Secrets

const SECRET: &str = "sk-live-SECRET-0123456789";

fn doc_with_secret() -> Doc {
    let mut doc = Doc::new(json!({
        "providers": {"openai": {"api_key": SECRET}},
        "models": {"gpt": {"name": "gpt-4o", "provider": "openai"}},
        "agents": {"writer": {"model": "gpt"}}
    }));
    doc.secrets = vec![SECRET.to_string()];
    doc
}

#[tokio::test]
async fn secrets_never_leave_and_come_back_restored_in_the_patch() {
    let server = serve(vec![
        tool_round(&[("r1", "read_document", "{}".into())]),
        tool_round(&[(
            "v1",
            "validate",
            json!({"patch": [{"op": "add", "path": "/providers/backup", "value": {"api_key": "«secret:1»"}}]}).to_string(),
        )]),
        propose(
            "p1",
            "Add a backup provider with the same key («secret:1»)",
            json!([{"op": "add", "path": "/providers/backup", "value": {"api_key": "«secret:1»"}}]),
        ),
        text_round(&["Added a backup provider using «secret:1»."]),
    ])
    .await;
    let doc = doc_with_secret();
    let request = format!("Add a backup provider with the key {SECRET}");
    let o = turn_with(config(&server), &doc, &request).await;
    check_terminal(&o);
    let reply = o.result.as_ref().unwrap();

    // Nothing that reached the server holds the secret; the placeholder went instead.
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    for (i, r) in requests.iter().enumerate() {
        assert!(!r.raw().contains(SECRET), "request {i} holds the secret");
        assert!(
            !r.raw().contains("SECRET-0123"),
            "request {i} holds part of the secret"
        );
    }
    let second = requests[1].json();
    assert_eq!(
        second["messages"][1]["content"],
        "Add a backup provider with the key «secret:1»"
    );
    assert!(last_tool_message(&second).contains("\"api_key\": \"«secret:1»\""));

    // The proposal carries the real value; the document was validated with it.
    assert_eq!(
        reply.proposals[0].patch,
        vec![PatchOp::Add {
            path: "/providers/backup".into(),
            value: json!({"api_key": SECRET}),
        }]
    );
    let validated = doc.validated.lock().unwrap();
    assert!(validated
        .iter()
        .filter(|p| !p.is_empty())
        .all(|p| serde_json::to_string(p).unwrap().contains(SECRET)));
    assert!(validated.len() >= 2);
    // The summary shown to the user keeps the placeholder, not the secret.
    assert_eq!(
        reply.proposals[0].summary,
        "Add a backup provider with the same key («secret:1»)"
    );
    // The stored tool results hold placeholders only.
    assert!(o
        .conversation
        .messages
        .iter()
        .filter(|m| m.role == Role::Tool)
        .all(|m| !m.content.contains(SECRET)));
}

#[tokio::test]
async fn a_made_up_placeholder_is_refused() {
    let server = serve(vec![
        propose(
            "p1",
            "Use another key",
            json!([{"op": "replace", "path": "/providers/openai/api_key", "value": "«secret:9»"}]),
        ),
        propose(
            "p2",
            "Keep the key",
            json!([{"op": "add", "path": "/providers/openai/org", "value": "acme"}]),
        ),
        text_round(&["done"]),
    ])
    .await;
    let doc = doc_with_secret();
    let o = turn_with(config(&server), &doc, "rotate").await;
    check_terminal(&o);
    assert_eq!(o.result.as_ref().unwrap().proposals.len(), 1);
    let feedback = last_tool_message(&server.requests()[1].json());
    assert!(
        feedback.contains("uses «secret:9», which is not a placeholder of this document"),
        "{feedback}"
    );
}

// ---------------------------------------------------------------------------------------
// Settings and the key

#[test]
fn the_config_never_shows_the_key() {
    let key = "sk-proj-abcdefghijklmnop";
    let config =
        OpenAiConfig::new("https://api.example.test/v1", "gpt-4o").with_key(ApiKey::new(key));
    let debug = format!("{config:?}");
    let display = config.to_string();
    let pretty = format!("{config:#?}");
    for shown in [&debug, &display, &pretty] {
        assert!(!shown.contains(key), "{shown}");
        assert!(!shown.contains("abcdefgh"), "{shown}");
    }
    assert!(debug.contains("ApiKey(«hidden»)"), "{debug}");
    assert_eq!(
        display,
        "gpt-4o at https://api.example.test/v1 (with a key)"
    );
    let provider = OpenAiProvider::new(config).unwrap();
    assert!(!format!("{provider:?}").contains(key));
}

#[test]
fn bad_settings_are_refused_with_a_reason() {
    let e = OpenAiProvider::new(OpenAiConfig::new("localhost:11434", "llama3")).unwrap_err();
    assert!(
        e.to_string()
            .contains("must start with http:// or https://"),
        "{e}"
    );
    let e = OpenAiProvider::new(OpenAiConfig::new("not a url", "llama3")).unwrap_err();
    assert!(e.to_string().contains("is not a URL"), "{e}");
    let e = OpenAiProvider::new(OpenAiConfig::new("http://127.0.0.1:1/v1", " ")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the assistant is not set up correctly: no model is set"
    );
}

/// A keyring that cannot be reached, as on a machine without a secret service.
struct NoKeyring;

impl KeyStore for NoKeyring {
    fn get(&self, _: &str, _: &str) -> Result<Option<ApiKey>, KeyError> {
        Err(KeyError::KeyringUnavailable(
            "no secret service on the session bus".into(),
        ))
    }
    fn set(&self, _: &str, _: &str, _: &ApiKey) -> Result<(), KeyError> {
        Err(KeyError::KeyringUnavailable(
            "no secret service on the session bus".into(),
        ))
    }
    fn delete(&self, _: &str, _: &str) -> Result<(), KeyError> {
        Ok(())
    }
}

/// A keyring holding one key.
struct OneKey(&'static str);

impl KeyStore for OneKey {
    fn get(&self, service: &str, account: &str) -> Result<Option<ApiKey>, KeyError> {
        Ok((service == "trellis" && account == "openai")
            .then(|| ApiKey::new(self.0))
            .flatten())
    }
    fn set(&self, _: &str, _: &str, _: &ApiKey) -> Result<(), KeyError> {
        Ok(())
    }
    fn delete(&self, _: &str, _: &str) -> Result<(), KeyError> {
        Ok(())
    }
}

#[test]
fn the_key_comes_from_the_keyring_or_falls_back_to_the_environment() {
    let sources = [KeySource::keyring("openai"), KeySource::default_env()];
    let env = |var: &str| (var == "OPENAI_API_KEY").then(|| "sk-env\n".to_string());
    let no_env = |_: &str| None;

    let key = resolve_key(&sources, &OneKey("sk-keyring"), &env)
        .unwrap()
        .unwrap();
    assert_eq!(key.expose(), "sk-keyring");

    let key = resolve_key(&sources, &NoKeyring, &env).unwrap().unwrap();
    assert_eq!(key.expose(), "sk-env");

    let e = resolve_key(&sources, &NoKeyring, &no_env).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no API key found: the keyring entry trellis/openai: the system keyring is not available: no secret service on the session bus; the environment variable OPENAI_API_KEY: not set"
    );

    let custom = [KeySource::Env {
        var: "LOCAL_LLM_KEY".into(),
    }];
    let e = resolve_key(&custom, &NoKeyring, &env).unwrap_err();
    assert!(e.to_string().contains("LOCAL_LLM_KEY: not set"));

    assert_eq!(
        resolve_key(&[KeySource::None], &NoKeyring, &no_env).unwrap(),
        None
    );
    assert_eq!(resolve_key(&[], &NoKeyring, &no_env).unwrap(), None);
    assert_eq!(ApiKey::new("  \n"), None);
}

#[test]
fn the_system_keyring_fails_cleanly_or_answers() {
    // Here (no secret service on a session bus) the keyring is unavailable; on a desktop the
    // entry does not exist. Either way the environment is the fallback and nothing panics.
    let account = format!("trellis-test-{}", std::process::id());
    let sources = [
        KeySource::Keyring {
            service: "trellis-test".into(),
            account,
        },
        KeySource::Env {
            var: "TRELLIS_TEST_KEY_THAT_IS_NOT_SET".into(),
        },
    ];
    match resolve_key_from_system(&sources) {
        Err(KeyError::Missing { tried }) => {
            assert_eq!(tried.len(), 2, "{tried:?}");
            assert!(
                tried[0].contains("not available") || tried[0].ends_with("no entry"),
                "{tried:?}"
            );
            assert!(tried[1].ends_with("not set"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn key_sources_are_settings_without_the_key() {
    let sources = vec![
        KeySource::keyring("openai"),
        KeySource::default_env(),
        KeySource::None,
    ];
    let text = serde_json::to_string(&sources).unwrap();
    assert_eq!(
        text,
        r#"[{"kind":"keyring","service":"trellis","account":"openai"},{"kind":"env","var":"OPENAI_API_KEY"},{"kind":"none"}]"#
    );
    let back: Vec<KeySource> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, sources);
}
