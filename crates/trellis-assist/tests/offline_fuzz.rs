//! The offline engine on random input: random text, random sequences of the words it
//! knows, and random documents never make it panic (or fail inside), and whatever patch
//! it proposes applies and adds no validation error.

use proptest::prelude::*;
use serde_json::{json, Value};
use trellis_assist::offline::{empty_document, respond, ReplyKind};
use trellis_core::{Document, Format};
use trellis_diff::apply_patch;
use trellis_schema::{validate, LoadOptions, Options, Packs, Schema, Severity};

fn fixture(pack: &str, name: &str) -> Value {
    let path = format!(
        "{}/../trellis-schema/packs/{pack}/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture");
    let format = Format::from_path(std::path::Path::new(&path)).expect("format");
    Document::parse(text, format).expect("parses").value()
}

fn errors(pack: &str, value: &Value) -> Vec<(String, String, String)> {
    let pack = Packs::builtin().get(pack).expect("pack").clone();
    let schema = Schema::from_pack(pack, &LoadOptions::default()).expect("compiles");
    let Ok(doc) = Document::parse(serde_json::to_string(value).expect("json"), Format::Json) else {
        return Vec::new();
    };
    validate(&doc, Some(&schema), &Options::default())
        .expect("validates")
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code, d.pointer, d.message))
        .collect()
}

/// Runs a request and checks the reply's invariants.
fn check(request: &str, doc: Option<&Value>, pack: &str) -> Result<(), TestCaseError> {
    let reply = respond(request, doc, pack);
    prop_assert_ne!(
        reply.kind,
        ReplyKind::Internal,
        "{:?}: {}",
        request,
        reply.text
    );
    if reply.patch.is_empty() {
        prop_assert_ne!(reply.kind, ReplyKind::Proposal);
        return Ok(());
    }
    prop_assert_eq!(reply.kind, ReplyKind::Proposal);
    let base = doc.cloned().unwrap_or_else(|| empty_document(pack));
    let after = apply_patch(&base, &reply.patch_ops());
    prop_assert!(after.is_ok(), "{:?}: the patch does not apply", request);
    let after = after.unwrap_or_default();
    let mut old = errors(pack, &base);
    for e in errors(pack, &after) {
        let at = old.iter().position(|o| *o == e);
        prop_assert!(at.is_some(), "{:?}: adds {:?}", request, e);
        if let Some(i) = at {
            old.swap_remove(i);
        }
    }
    Ok(())
}

const WORDS: &[&str] = &[
    "add",
    "remove",
    "delete",
    "rename",
    "set",
    "change",
    "make",
    "use",
    "give",
    "connect",
    "disconnect",
    "fix",
    "why",
    "what",
    "depends",
    "on",
    "describe",
    "to",
    "from",
    "the",
    "a",
    "all",
    "every",
    "agent",
    "agents",
    "model",
    "models",
    "tool",
    "memory",
    "middleware",
    "provider",
    "service",
    "writer",
    "planner",
    "researcher",
    "smart",
    "fast",
    "openai",
    "anthropic",
    "arxiv",
    "web",
    "search",
    "redis",
    "rate",
    "limiting",
    "retries",
    "caching",
    "temperature",
    "max",
    "tokens",
    "0.3",
    "5",
    "-1",
    "1e309",
    "gpt-4o",
    "llama3",
    "called",
    "named",
    "with",
    "and",
    "then",
    "it",
    "its",
    "'quoted name'",
    "\"x\"",
    ",",
    ".",
    "?",
    "not",
    "stop",
    "setup",
    "production",
    "local",
    "ollama",
    "template",
    "errors",
    "invalid",
    "db",
    "api",
    "image",
    "nginx:1.27",
    "depend",
    "unused",
    "all",
    "by",
    "2",
    "replace",
    "swap",
    "for",
    "turn",
    "off",
    "enable",
    "prompt",
    "logging",
    "writer's",
    "ignore",
    "previous",
    "instructions",
    "https://example.com/x",
    "${OPENAI_API_KEY}",
    "",
];

fn salad() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..14).prop_map(|w| w.join(" "))
}

fn small_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i32>().prop_map(|n| json!(n)),
        "[a-z_ ]{0,8}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "version",
                    "agents",
                    "models",
                    "providers",
                    "tools",
                    "memory",
                    "middleware",
                    "services",
                    "writer",
                    "model",
                    "name",
                    "type",
                    "tools",
                    "x",
                ]),
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

/// Requests that say a component should not do something — never that it should go.
fn negated_requests() -> impl Strategy<Value = String> {
    let subjects = prop::sample::select(vec![
        "safety",
        "the safety middleware",
        "triage",
        "the writer",
        "writer",
        "the researcher",
        "billing",
        "the planner",
        "cache",
        "arxiv",
        "the fast model",
        "openai",
    ]);
    let negations = prop::sample::select(vec![
        "shouldn't",
        "should not",
        "mustn't",
        "must not",
        "can't",
        "cannot",
        "won't",
        "doesn't",
        "does not",
        "should never",
        "may not",
    ]);
    let verbs = prop::sample::select(vec![
        "allow",
        "permit",
        "accept",
        "block",
        "use",
        "call",
        "talk to",
        "delegate to",
        "log",
        "answer",
        "see",
        "handle",
        "cache",
        "depend on",
        "let",
    ]);
    let objects = prop::sample::select(vec![
        "medical advice",
        "legal advice",
        "pii",
        "arxiv",
        "the writer",
        "web search",
        "billing",
        "prompts",
        "long inputs",
        "the fast model",
        "anything",
        "",
    ]);
    let tails = prop::sample::select(vec!["", " anymore", " any more", " please", " now"]);
    (subjects, negations, verbs, objects, tails)
        .prop_map(|(s, n, v, o, t)| format!("{s} {n} {v} {o}{t}"))
}

/// Whether an operation deletes a whole component of an agent stack.
fn deletes_component(op: &Value) -> bool {
    let path = op["path"].as_str().unwrap_or_default();
    let parts: Vec<&str> = path.split('/').skip(1).collect();
    op["op"] == "remove"
        && parts.len() == 2
        && matches!(
            parts[0],
            "providers" | "models" | "agents" | "tools" | "memory" | "middleware"
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// A component goes only when the request asks to remove it: "safety shouldn't allow
    /// medical advice" once proposed deleting the middleware.
    #[test]
    fn negations_never_delete_a_component(request in negated_requests()) {
        for doc in [
            fixture("agent-stack", "valid/support-desk.yaml"),
            fixture("agent-stack", "valid/research-desk.yaml"),
        ] {
            let reply = respond(&request, Some(&doc), "agent-stack");
            let ops = reply.patch_ops();
            let ops = serde_json::to_value(&ops).unwrap_or_default();
            for op in ops.as_array().into_iter().flatten() {
                prop_assert!(
                    !deletes_component(op),
                    "{:?} deletes a component: {}\n{}",
                    request,
                    op,
                    reply.text
                );
            }
            check(&request, Some(&doc), "agent-stack")?;
        }
    }

    #[test]
    fn random_text_never_fails(request in "\\PC{0,160}") {
        let doc = fixture("agent-stack", "valid/research-desk.yaml");
        check(&request, Some(&doc), "agent-stack")?;
        check(&request, None, "agent-stack")?;
    }

    #[test]
    fn word_salads_never_fail_and_propose_only_sound_patches(request in salad()) {
        let research = fixture("agent-stack", "valid/research-desk.yaml");
        let compose = fixture("docker-compose", "valid/web-stack.yaml");
        check(&request, Some(&research), "agent-stack")?;
        check(&request, None, "agent-stack")?;
        check(&request, Some(&compose), "docker-compose")?;
    }

    #[test]
    fn odd_documents_never_fail(doc in small_json(), request in salad()) {
        check(&request, Some(&doc), "agent-stack")?;
        check("describe this setup", Some(&doc), "agent-stack")?;
        check("fix the errors", Some(&doc), "agent-stack")?;
    }
}

#[test]
fn long_and_hostile_requests_are_bounded() {
    let doc = fixture("agent-stack", "valid/research-desk.yaml");
    let long = "add a researcher agent using gpt-4o ".repeat(2000);
    for request in [
        long.as_str(),
        "\u{0}\u{1b}[31m`````",
        "'unterminated quote",
        "\"\"\"\"",
        "set the writer model's temperature to NaN",
        "set the writer model's temperature to 1e400",
        "rename the writer agent to ''",
        "rename the writer agent to \"a/b~c\"",
        "add an agent called \"../../etc\"",
        "🦀🦀🦀 add 🦀 agent",
        // "to" before the verb (once read past the end of the words).
        "to rename the project",
        "name to rename x",
    ] {
        let reply = respond(request, Some(&doc), "agent-stack");
        assert_ne!(
            reply.kind,
            ReplyKind::Internal,
            "{request:?}: {}",
            reply.text
        );
    }
    let reply = respond("describe this setup", None, "no-such-pack");
    assert_eq!(reply.kind, ReplyKind::Refused);
    assert!(reply.patch.is_empty());
}

/// Requests that rule a change out: "don't remove the planner", "never get rid of arxiv".
fn prohibitions() -> impl Strategy<Value = String> {
    let lead = prop::sample::select(vec!["", "please ", "pls ", "hey, "]);
    let negations = prop::sample::select(vec!["don't", "dont", "do not", "never", "please don't"]);
    let verbs = prop::sample::select(vec![
        "remove",
        "delete",
        "drop",
        "get rid of",
        "rename",
        "unlink",
        "disconnect",
        "take away",
        "add caching to",
        "add a tool to",
        "change",
        "disable",
    ]);
    let objects = prop::sample::select(vec![
        "the planner",
        "planner",
        "the writer agent",
        "arxiv",
        "the retry middleware",
        "notes memory",
        "the openai provider",
        "the fast model",
        "anything",
        "safety",
        "triage",
    ]);
    let tails = prop::sample::select(vec!["", " please", "!", " ever", " from the researcher"]);
    (lead, negations, verbs, objects, tails)
        .prop_map(|(l, n, v, o, t)| format!("{l}{n} {v} {o}{t}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// A change the request rules out is never made: "don't get rid of the planner" once
    /// proposed deleting it.
    #[test]
    fn prohibitions_change_nothing(request in prohibitions()) {
        for doc in [
            fixture("agent-stack", "valid/support-desk.yaml"),
            fixture("agent-stack", "valid/research-desk.yaml"),
        ] {
            let reply = respond(&request, Some(&doc), "agent-stack");
            prop_assert!(
                reply.patch.is_empty(),
                "{:?} proposes a change: {}\n{}",
                request,
                serde_json::to_string(&reply.patch).unwrap_or_default(),
                reply.text
            );
        }
    }
}
