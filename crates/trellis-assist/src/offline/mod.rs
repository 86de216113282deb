//! The built-in offline engine: plain-English requests about a configuration answered
//! with a proposal (an RFC 6902 JSON Patch, validated before it is returned) or an
//! explanation. No network, no model, no key.
//!
//! What it understands (paraphrases and small typos included):
//! - creating a setup from a template, with parameters read from the request
//!   ("a production setup with OpenAI", "a local setup with ollama and llama3");
//! - adding, removing, renaming and connecting components, creating what a new component
//!   needs ("add a researcher agent using gpt-4o that can search the web, with redis
//!   memory");
//! - setting values ("set the writer model's temperature to 0.3"), also across
//!   components ("set temperature to 0.2 for all models");
//! - adding a component to many others ("add rate limiting to all agents");
//! - values told by their shape in container and CI documents: an image or a version
//!   ("make db use postgres:17", "bump grafana to 11.2.0"), ports ("expose port 8080 on
//!   web"), `KEY=VALUE` environment variables, runner labels ("run lint on
//!   macos-latest") and commands as steps ("add a test job that runs cargo test");
//! - explaining validation errors and fixing them with the quick fixes;
//! - impact questions ("what depends on the openai provider?");
//! - describing the configuration in prose, and open questions about it ("which models do
//!   I have?", "how many agents are there?", "what's the difference between fast and
//!   smart?", "is everything OK?");
//! - "undo that" is pointed to the editor's Undo, and "delete everything" is refused with
//!   what to say instead (neither carries a patch).
//!
//! Invariants:
//! - **Never a guessed edit.** A request that is not understood gets the list of what the
//!   engine can do; a name that fits two components gets a question back. Neither carries
//!   a patch.
//! - **Every patch is checked.** It is made from the designer's edits
//!   ([`trellis_schema::Design`]), applied with [`trellis_diff::apply_patch`] and must give
//!   exactly the planned document, and the result must have no error-level finding the
//!   document does not have; otherwise the reply says plainly that the change could not be
//!   made, without a patch.
//! - **The document is data.** Only the request is read as words to act on; text inside
//!   the configuration ("ignore previous instructions") is matched as names at most and
//!   quoted as inert Markdown.
//! - **No panics.** Requests are cut to a bounded length; any failure is a reply.

mod analysis;
mod create;
mod describe;
mod edit;
mod errors;
mod idioms;
mod lexicon;
mod meta;
mod overlay;
mod polite;
mod resolve;
mod reword;
mod scene;
mod text;
mod triggers;
mod work;

use analysis::Analysis;
use scene::Scene;
use serde_json::Value;
use std::sync::Arc;
use trellis_core::EditOp;
use trellis_diff::PatchOp;
use trellis_gallery::Gallery;
use trellis_schema::Schema;

/// The pack used when none is given.
pub const DEFAULT_PACK: &str = "agent-stack";

/// What kind of answer a [`Reply`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplyKind {
    /// A change: `patch` holds it, checked.
    Proposal,
    /// An answer to a question (no patch).
    Answer,
    /// A question back: the request could mean several things (no patch).
    Clarify,
    /// The request was understood, but the change cannot be made safely (no patch).
    Refused,
    /// The request was not understood: what the engine can do (no patch).
    Help,
    /// Something went wrong inside the engine (no patch).
    Internal,
}

/// The engine's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    /// Markdown. Text from the document appears only quoted or as inline code.
    pub text: String,
    /// RFC 6902 operations against the document (against [`empty_document`] when there
    /// was none); empty unless `kind` is [`ReplyKind::Proposal`].
    pub patch: Vec<Value>,
    /// The same change as designer edits, for `Document::apply_all` (the smallest text
    /// splices, keys renamed in place).
    pub edits: Vec<EditOp>,
    pub kind: ReplyKind,
    /// When a template is the whole new document (the request started from no data): its
    /// text as the template writes it, comments included, and its format — to write
    /// instead of the data when the document is of that format.
    pub document: Option<(trellis_core::Format, String)>,
}

impl Reply {
    fn answer(kind: ReplyKind, text: impl Into<String>) -> Reply {
        Reply {
            text: text.into(),
            patch: Vec::new(),
            edits: Vec::new(),
            kind,
            document: None,
        }
    }

    /// The patch as typed operations.
    pub fn patch_ops(&self) -> Vec<PatchOp> {
        self.patch
            .iter()
            .filter_map(|op| serde_json::from_value(op.clone()).ok())
            .collect()
    }
}

/// What a request is about, beyond its words.
pub struct Context<'a> {
    /// The document's value; `None` when there is no document yet.
    pub document: Option<&'a Value>,
    /// The schema pack's id (`agent-stack`, `docker-compose`, …).
    pub pack: &'a str,
    /// The compiled schema to use instead of the pack's (a schema the user chose).
    pub schema: Option<Arc<Schema>>,
    /// Templates to create setups from (the built-ins when `None`; pass
    /// `Gallery::load(..)` to include the workspace's and the user's).
    pub gallery: Option<&'a Gallery>,
}

impl<'a> Context<'a> {
    pub fn new(document: Option<&'a Value>, pack: &'a str) -> Context<'a> {
        Context {
            document,
            pack,
            schema: None,
            gallery: None,
        }
    }
}

/// Designer edits for an RFC 6902 patch against `before` (for applying a model's proposal
/// to the user's text with the smallest splices): `add`/`replace` become `Set`/`Add`,
/// `remove` stays, a `move` within one map is a `Rename` (the key keeps its place) and
/// within one list a `Move`. `None` when an operation has no such edit (`copy`, `test`, a
/// move between parents, replacing the root) or does not apply.
pub fn edits_from_patch(before: &Value, patch: &[PatchOp]) -> Option<Vec<EditOp>> {
    work::from_patch(before, patch)
}

/// The document a request starts from when there is none: an empty map.
pub fn empty_document(_pack: &str) -> Value {
    Value::Object(serde_json::Map::new())
}

/// Answers a request about a document of `pack` (see the module docs).
pub fn respond(request: &str, document: Option<&Value>, pack: &str) -> Reply {
    respond_with(request, &Context::new(document, pack))
}

/// [`respond`] with more context.
pub fn respond_with(request: &str, context: &Context<'_>) -> Reply {
    let run = std::panic::AssertUnwindSafe(|| {
        // "can every agent get rate limited to 60 requests a minute? we keep hitting
        // openai's limit": a request asked as a question, then a remark after it. The
        // order comes first, so the remark does not pick what changes.
        let remark_after = polite::remark_after_question(request);
        if remark_after {
            for order in orders_of_question(request, context) {
                let asked = respond_inner(&order, context);
                if asked.kind == ReplyKind::Proposal {
                    trace(|| format!("answered as the order before the remark: {order}"));
                    return asked;
                }
            }
        }
        let reply = respond_inner(request, context);
        // The orders were read already when a remark followed the question.
        if !remark_after
            && matches!(
                reply.kind,
                ReplyKind::Answer | ReplyKind::Help | ReplyKind::Clarify
            )
        {
            for order in orders_of_question(request, context) {
                let asked = respond_inner(&order, context);
                if asked.kind == ReplyKind::Proposal {
                    trace(|| format!("answered as the order: {order}"));
                    return asked;
                }
            }
        }
        reply
    });
    match std::panic::catch_unwind(run) {
        Ok(reply) => reply,
        Err(_) => Reply::answer(
            ReplyKind::Internal,
            "Something went wrong inside the offline engine while reading this request; \
             nothing was changed. Rephrasing it may help.",
        ),
    }
}

/// With `TRELLIS_ASSIST_TRACE` set, how a request was read, on stderr (for working on
/// the engine).
pub(crate) fn trace(line: impl FnOnce() -> String) {
    if tracing() {
        eprintln!("[assist] {}", line());
    }
}

/// Whether [`trace`] prints.
pub(crate) fn tracing() -> bool {
    std::env::var_os("TRELLIS_ASSIST_TRACE").is_some()
}

/// The context's pack, or the default one when none is given.
fn pack_of<'c>(context: &Context<'c>) -> &'c str {
    if context.pack.trim().is_empty() {
        DEFAULT_PACK
    } else {
        context.pack
    }
}

fn respond_inner(request: &str, context: &Context<'_>) -> Reply {
    let pack = pack_of(context);
    let schema = match context.schema.clone() {
        Some(s) => s,
        None => match trellis_gallery::pack_schema(pack) {
            Some(s) => s,
            None => {
                let known: Vec<String> = trellis_schema::Packs::builtin()
                    .iter()
                    .map(|p| p.id.clone())
                    .collect();
                return Reply::answer(
                    ReplyKind::Refused,
                    format!(
                        "I do not know the schema pack {}; the packs are {}.",
                        text::code(pack),
                        known.join(", ")
                    ),
                );
            }
        },
    };
    let value = context
        .document
        .cloned()
        .unwrap_or_else(|| empty_document(pack));
    // "in prod, set …": a change to one environment's overrides.
    if let Some(reply) = overlay::respond(request, context, &schema, pack, &value) {
        return reply;
    }
    let gallery = context.gallery.cloned().unwrap_or_else(Gallery::builtin);
    let template_words = create::vocabulary(&gallery, pack);
    let scene = Scene::new(schema.clone(), pack, value.clone());
    // An environment to make ("… in the staging environment"), or a question about one.
    if let Some(reply) = overlay::all_differ(request, &scene) {
        return reply;
    }
    if let Some(scoped) = overlay::scope(request, &scene) {
        if let Some(reply) = overlay::what_differs(&scoped, &scene) {
            return reply;
        }
        if !scoped.rest.trim().is_empty() {
            return overlay::answer_in_view(&scoped, &scene, |view| {
                respond_inner(
                    &scoped.rest,
                    &Context {
                        document: Some(view),
                        pack,
                        schema: Some(schema.clone()),
                        gallery: Some(&gallery),
                    },
                )
            });
        }
    }
    if let Some(reply) = overlay::add_environment(request, &scene) {
        return reply;
    }
    // The request as written, for the readings that need what the rewrites drop; none
    // for a request longer than the engine ever reads.
    let said = if request.len() > text::MAX_REQUEST_CHARS {
        ""
    } else {
        request
    };
    let request = &polite::values_after_with(
        &pointing_to(&particle_first(&family_models(
            &whole_switch(&polite::normalize(request, &scene), &scene),
            &scene,
        ))),
        &scene,
    );
    trace(|| format!("read as: {request}"));
    let analysis = Analysis::new(request, &scene, &template_words);
    if let Some(reply) = runtime_action(&analysis) {
        return reply;
    }
    let mut parts: Vec<String> = clauses(&analysis)
        .into_iter()
        .flat_map(|p| gapped_renames(&p))
        .collect();
    trace(|| format!("parts: {parts:?}"));
    if parts.len() < 2 {
        if let Some(split) = assignments(&analysis) {
            parts = split;
        }
    }
    // "if I remove db, what else is affected?": a question about a change, never the
    // change and then a question.
    let hypothetical = analysis
        .tokens
        .first()
        .is_some_and(|t| t.is_any(&["if", "suppose", "supposing", "assuming"]))
        || (analysis.tokens.len() > 2
            && analysis.tokens[0].is("what")
            && analysis.tokens[1].is_any(&["if", "happens"]));
    if parts.len() < 2 || errors::fix_with_complaint(&analysis) || hypothetical {
        return dispatch(&analysis, &scene, &gallery, said);
    }
    // A document with no data and a setup said over several sentences ("i want a bot
    // that answers questions from my manuals. could you set that up? put the index in
    // ./manuals-index"): one setup with what every part says of it.
    if scene.components.is_empty() && scene.is_empty() && !asks(&analysis) {
        if let Some(reply) =
            create::template(&analysis, &scene, &gallery).filter(|r| r.kind == ReplyKind::Proposal)
        {
            trace(|| "answered as one setup".to_string());
            return reply;
        }
    }
    // Several changes in one request: each part on the document the earlier ones made.
    let mut current = value.clone();
    let mut focus: Option<String> = None;
    // When a part added a component to another one ("could the researcher also run
    // code?" adds a code interpreter to the researcher), "it" later may be either.
    let mut receiver: Option<String> = None;
    let mut gone: Option<Value> = None;
    let mut remarks = 0;
    let mut patch: Vec<Value> = Vec::new();
    let mut edits: Vec<EditOp> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    for (n, part) in parts.iter().enumerate() {
        // "remove the redis service and make api stop depending on it": what the removal
        // already did is no further change.
        let refers_to_gone = gone.as_ref().is_some_and(|_| {
            part.split_whitespace().any(|w| {
                matches!(
                    w.to_lowercase().trim_end_matches([',', '.']),
                    "it" | "them" | "its"
                )
            })
        });
        let undoing = part.split_whitespace().any(|w| {
            matches!(
                w.to_lowercase().trim_end_matches([',', '.']),
                "stop"
                    | "no"
                    | "longer"
                    | "remove"
                    | "drop"
                    | "unlink"
                    | "disconnect"
                    | "detach"
                    | "delete"
            )
        });
        if refers_to_gone && undoing && n > 0 && !patch.is_empty() {
            continue;
        }
        let part = match &focus {
            // "… and give it to the planner": the planner gets what "it" is; "…, attach
            // to researcher" says "it" by leaving it out.
            Some(f) => polite::give_to_text(&with_focus(&polite::object_left_out(part), f)),
            None => part.clone(),
        };
        let scene = Scene::new(schema.clone(), pack, current.clone());
        let a = Analysis::new(&part, &scene, &template_words);
        // A part is read the way a whole request is ("add a redis cache" is a redis
        // service called cache here too), on the document the earlier parts made.
        let on_current = |text: &str| {
            respond_inner(
                text,
                &Context {
                    document: Some(&current),
                    pack,
                    schema: Some(schema.clone()),
                    gallery: Some(&gallery),
                },
            )
        };
        let reply = on_current(&part);
        // "… give it a code interpreter": "it" as the one that got the new component.
        let reply = match &receiver {
            Some(r)
                if reply.kind != ReplyKind::Proposal
                    && part != parts[n]
                    && focus.as_ref() != Some(r) =>
            {
                let other = on_current(&polite::give_to_text(&with_focus(&parts[n], r)));
                trace(|| format!("part {n} again, \"it\" as {r}: {:?}", other.kind));
                if matches!(other.kind, ReplyKind::Proposal | ReplyKind::Answer) {
                    other
                } else {
                    reply
                }
            }
            _ => reply,
        };
        trace(|| format!("part {n}: {part} -> {:?}", reply.kind));
        // A change the earlier parts already made ("remove the test job and make build
        // need only lint": removing test leaves build needing lint only) is no failure.
        let already = reply.kind == ReplyKind::Answer
            && reply.patch.is_empty()
            && a.first_verb()
                .is_some_and(|(at, _)| at == 0 && starts_change(&a, 0));
        if already && n > 0 && !patch.is_empty() {
            texts.push(reply.text);
            continue;
        }
        // "we're getting throttled, lower the rate limit …": a first part that is no order
        // and not understood is a remark before the change.
        // So is one with no verb and no question that only got an answer ("lint sometimes
        // hangs forever; kill it after 5 minutes"); "it" after it is what it is about.
        let remark = reply.kind == ReplyKind::Help
            || (matches!(reply.kind, ReplyKind::Answer | ReplyKind::Clarify)
                // A verb that is a component's name (the `lint` job) is no verb here.
                && a.first_verb().is_none_or(|(at, _)| !scene.named(&a.tokens[at].norm).is_empty())
                && !a.question
                && !part.contains('?'));
        if n == 0 && remark && parts.len() > 1 && !starts_change(&a, 0) {
            if let [c] = a.named_outright(&scene, 0, a.len()).as_slice() {
                let c = &scene.components[*c];
                focus = Some(focus_label(&c.name, &c.kind));
            }
            remarks += 1;
            continue;
        }
        if reply.kind != ReplyKind::Proposal {
            let mut text = String::new();
            // A remark before it is no part understood ("i just opened this file from a
            // coworker, give me a quick tour of whats in it" is the tour).
            let understood = n - remarks;
            if understood > 0 {
                text.push_str(&format!(
                    "I understood the first {} of this request, but not all of it, so I changed nothing. About \"{}\":\n\n",
                    text::count(understood, "part", "parts"),
                    text::quote(&part)
                ));
            }
            text.push_str(&reply.text);
            return Reply { text, ..reply };
        }
        let ops: Vec<PatchOp> = reply.patch_ops();
        match trellis_diff::apply_patch(&current, &ops) {
            Ok(v) => current = v,
            Err(e) => {
                return Reply::answer(
                    ReplyKind::Internal,
                    format!("A part of the change did not apply ({e}); nothing was changed."),
                )
            }
        }
        // A part that removed a component: "it" later on is what is gone.
        gone = reply
            .patch
            .iter()
            .all(|op| op.get("op").and_then(Value::as_str) == Some("remove"))
            .then(|| reply.patch.first().cloned())
            .flatten();
        focus = focus_of(&reply, &current, &schema).or(focus);
        receiver = receiver_of(&reply, &current, &schema).filter(|r| Some(r) != focus.as_ref());
        patch.extend(reply.patch);
        edits.extend(reply.edits);
        texts.push(reply.text);
    }
    // The whole must pass the gate too.
    let before = scene::diagnostics(&schema, &value).unwrap_or_default();
    let after = scene::diagnostics(&schema, &current).unwrap_or_default();
    let mut old = scene::error_keys(&before);
    for key in scene::error_keys(&after) {
        match old.iter().position(|o| *o == key) {
            Some(i) => {
                old.swap_remove(i);
            }
            None => return Reply::answer(
                ReplyKind::Refused,
                "Together, these changes would add a validation error, so I propose none of them.",
            ),
        }
    }
    Reply {
        text: texts.join("\n\n---\n\n"),
        patch,
        edits,
        kind: ReplyKind::Proposal,
        document: None,
    }
}

/// A question that asks for a change, as the changes it may ask for (see
/// [`polite::orders_of_question`]).
fn orders_of_question(request: &str, context: &Context<'_>) -> Vec<String> {
    // Only a question has a scene built for it.
    if !request.contains('?') {
        return Vec::new();
    }
    let pack = pack_of(context);
    let schema = match context.schema.clone() {
        Some(s) => s,
        None => match trellis_gallery::pack_schema(pack) {
            Some(s) => s,
            None => return Vec::new(),
        },
    };
    let value = context
        .document
        .cloned()
        .unwrap_or_else(|| empty_document(pack));
    polite::orders_of_question(request, &Scene::new(schema, pack, value))
}

/// "could you start the containers on my server?", "deploy this", "run the workflow
/// now": running what the configuration describes, which Trellis does not do — said so,
/// rather than read as an edit ("start the containers" is no new service).
fn runtime_action(a: &Analysis) -> Option<Reply> {
    const ACT: &[&str] = &[
        "start", "stop", "restart", "deploy", "launch", "boot", "reboot", "kill", "execute",
        "trigger", "shutdown",
    ];
    const WHAT: &[&str] = &[
        "containers",
        "container",
        "stack",
        "services",
        "it",
        "this",
        "everything",
        "collector",
        "workflow",
        "pipeline",
        "app",
        "application",
        "agents",
        "compose",
        "them",
        "cluster",
    ];
    // "start db before api", "start it with --debug": an order or a command, which are
    // configuration.
    if a.has(&[
        "before", "after", "first", "with", "using", "when", "period", "command", "step",
    ]) {
        return None;
    }
    let n = a.len();
    let at = (0..n).find(|&i| {
        let t = &a.tokens[i];
        let acts = t.is_any(ACT)
            || (t.is("run") && a.has(&["now", "locally", "server", "machine", "laptop"]))
            || (t.is_any(&["bring", "shut", "spin"])
                && a.tokens
                    .get(i + 1)
                    .is_some_and(|n| n.is_any(&["up", "down"]))
                && !a.tokens.get(i + 2).is_some_and(|n| n.is_any(&["a", "an"])));
        acts && (i == 0
            || a.tokens[..i].iter().all(|t| {
                t.is_any(&[
                    "can", "could", "would", "will", "you", "please", "pls", "now", "just", "go",
                    "ahead", "and",
                ])
            }))
    })?;
    let rest: Vec<&str> = a.tokens[at + 1..]
        .iter()
        .map(|t| t.norm.as_str())
        .filter(|w| {
            !matches!(
                *w,
                "the" | "my" | "all" | "our" | "up" | "down" | "now" | "please"
            )
        })
        .collect();
    let object = rest.first().is_some_and(|w| WHAT.contains(w));
    let place = rest.iter().skip(1).all(|w| {
        matches!(
            *w,
            "on" | "to"
                | "in"
                | "server"
                | "machine"
                | "laptop"
                | "locally"
                | "production"
                | "prod"
                | "cluster"
                | "host"
                | "for"
                | "me"
                | "us"
                | "again"
        )
    });
    if !(object && place) {
        return None;
    }
    Some(Reply::answer(
        ReplyKind::Refused,
        "I design the configuration; I do not start, stop, run or deploy what it describes. Use your usual tools for that (e.g. `docker compose up` for a compose file). I changed nothing.",
    ))
}

/// "switch to claude", "move everything over to ollama", "use anthropic instead of openai":
/// the agents not on that family already, each made to use it ("make planner and writer use
/// claude"), the way one agent is moved to a family.
fn whole_switch(request: &str, scene: &Scene) -> String {
    let bare = |w: &str| {
        w.trim_matches(|c: char| matches!(c, '.' | ',' | ';' | '!' | '?'))
            .to_lowercase()
    };
    let words: Vec<String> = request.split_whitespace().map(bare).collect();
    if scene.kind("agent").is_none() || words.is_empty() {
        return request.to_string();
    }
    let verb = words[0].as_str();
    if !matches!(
        verb,
        "switch" | "move" | "migrate" | "port" | "convert" | "change" | "use" | "go"
    ) {
        return request.to_string();
    }
    const OBJECT: &[&str] = &[
        "everything",
        "all",
        "it",
        "this",
        "the",
        "whole",
        "stack",
        "setup",
        "config",
        "configuration",
        "agents",
        "models",
        "over",
        "of",
        "them",
        "us",
        "we",
        "entire",
        "things",
    ];
    let mut i = 1;
    while i < words.len() && OBJECT.contains(&words[i].as_str()) {
        i += 1;
    }
    if i < words.len() && matches!(words[i].as_str(), "to" | "onto" | "on") {
        i += 1;
    } else if verb != "use" {
        return request.to_string();
    }
    let Some(target) = words.get(i) else {
        return request.to_string();
    };
    let (word, provider) = match target.as_str() {
        "claude" | "anthropic" => ("claude", "anthropic"),
        "gpt" | "openai" | "chatgpt" => ("gpt", "openai"),
        "ollama" | "llama" => ("llama3", "ollama"),
        _ => return request.to_string(),
    };
    // What may follow: "instead of openai", "everywhere", "for all agents", "models".
    let rest = &words[i + 1..];
    const TAIL: &[&str] = &[
        "instead",
        "of",
        "everywhere",
        "for",
        "all",
        "the",
        "agents",
        "models",
        "model",
        "please",
        "too",
        "openai",
        "anthropic",
        "ollama",
        "gpt",
        "claude",
        "throughout",
    ];
    if !rest.iter().all(|w| TAIL.contains(&w.as_str())) {
        return request.to_string();
    }
    // Agents on a model served by another provider type.
    let provider_type = |agent: &Value| -> Option<String> {
        let model = agent.get("model")?.as_str()?;
        let m = scene.value.get("models")?.get(model)?;
        let p = scene
            .value
            .get("providers")?
            .get(m.get("provider")?.as_str()?)?;
        Some(p.get("type")?.as_str()?.to_string())
    };
    let agents: Vec<String> = scene
        .of_kind("agent")
        .filter(|(i, _)| {
            scene
                .value_of(*i)
                .and_then(provider_type)
                .is_none_or(|t| t != provider)
        })
        .map(|(_, c)| c.name.clone())
        .collect();
    match agents.as_slice() {
        [] => request.to_string(),
        [one] => format!("make {one} use {word}"),
        [rest @ .., last] => format!("make {} and {last} use {word}", rest.join(", ")),
    }
}

/// "turn guardrails on for all agents" read as "turn on guardrails for all agents": the
/// particle of a phrasal verb moved next to it, when it ends the phrase (the end, a comma,
/// or a word that starts the scope).
fn particle_first(request: &str) -> String {
    let words: Vec<&str> = request.split_whitespace().collect();
    let bare = |w: &str| w.trim_end_matches(['.', ',', ';', '!', '?']).to_lowercase();
    let ends = |w: &str| w.ends_with(['.', ',', ';', '!', '?']);
    for i in 0..words.len() {
        if !matches!(bare(words[i]).as_str(), "turn" | "switch" | "flip") || ends(words[i]) {
            continue;
        }
        for j in i + 2..words.len().min(i + 6) {
            let w = bare(words[j]);
            if matches!(w.as_str(), "for" | "to" | "in" | "into" | "of") {
                break;
            }
            if ends(words[j - 1]) {
                break;
            }
            if w != "on" && w != "off" {
                continue;
            }
            let closes = ends(words[j])
                || words.get(j + 1).is_none_or(|n| {
                    matches!(
                        bare(n).as_str(),
                        "for" | "in" | "across" | "at" | "everywhere" | "please" | "on" | "with"
                    )
                });
            if !closes {
                break;
            }
            let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            let particle = bare(words[j]);
            let tail: String = words[j].chars().skip(particle.len()).collect();
            out.remove(j);
            out[j - 1].push_str(&tail);
            out.insert(i + 1, particle);
            return out.join(" ");
        }
    }
    request.to_string()
}

/// A model family said where a model is meant ("make the assistant use claude",
/// "writer -> gpt", "switch it to chatgpt"): the model of that family the document has,
/// else the family's usual model, written as its identifier, so the model is used or made
/// (with a provider for it when there is none). Only for a pack with models and providers,
/// and not when a component has the family's name.
fn family_models(request: &str, scene: &Scene) -> String {
    const FAMILY_WORDS: &[(&str, &str, &str)] = &[
        ("claude", "anthropic", "claude-sonnet-4"),
        ("gpt", "openai", "gpt-4o"),
        ("chatgpt", "openai", "gpt-4o"),
    ];
    if scene.kind("model").is_none() || scene.kind("provider").is_none() {
        return request.to_string();
    }
    let words: Vec<&str> = request.split(' ').collect();
    // "does the writer use claude?" asks about the family; it is no model to make.
    let asks = words.first().is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "does"
                | "do"
                | "is"
                | "are"
                | "which"
                | "what"
                | "who"
                | "how"
                | "did"
                | "why"
                | "whats"
                | "what's"
                | "where"
                | "when"
        )
    });
    if asks {
        return request.to_string();
    }
    let bare = |w: &str| w.trim_end_matches(['.', ',', ';', '!', '?']).to_lowercase();
    let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    for i in 0..words.len() {
        let b = bare(words[i]);
        // "ollama/llama3", "openai/gpt-4o": the model of a provider, said as one.
        if let Some((p, m)) = b.split_once('/') {
            if matches!(p, "ollama" | "openai" | "anthropic" | "azure" | "vllm")
                && lexicon::model_family(m).is_some()
            {
                let tail: String = words[i].chars().skip(b.len()).collect();
                out[i] = format!("{m}{tail}");
            }
            continue;
        }
        let Some((_, family, usual)) = FAMILY_WORDS.iter().find(|(w, _, _)| *w == b) else {
            continue;
        };
        if !scene.named(&b).is_empty() {
            continue;
        }
        let mut j = i;
        while j > 0 && matches!(bare(words[j - 1]).as_str(), "the" | "a" | "an") {
            j -= 1;
        }
        let before = j.checked_sub(1).map(|k| bare(words[k])).unwrap_or_default();
        if !matches!(
            before.as_str(),
            "use" | "uses" | "using" | "to" | "onto" | "on" | "->" | "=>" | "with"
        ) {
            continue;
        }
        let after = words.get(i + 1).map(|w| bare(w)).unwrap_or_default();
        let ends = words[i].ends_with(['.', ',', ';', '!', '?'])
            || matches!(
                after.as_str(),
                "" | "model"
                    | "instead"
                    | "please"
                    | "pls"
                    | "plz"
                    | "and"
                    | "then"
                    | "for"
                    | "now"
                    | "locally"
            );
        if !ends {
            continue;
        }
        let id = scene
            .of_kind("model")
            .filter_map(|(k, _)| scene.value_of(k)?.get("name")?.as_str())
            .find(|n| lexicon::model_family(n) == Some(*family))
            .unwrap_or(usual)
            .to_string();
        let tail: String = words[i].chars().skip(b.len()).collect();
        out[i] = format!("{id}{tail}");
    }
    // "could the assistant run on llama3.1 locally": a model run on is a model used.
    let mut k = 1;
    while k + 1 < out.len() {
        let model_next = {
            let w = bare(&out[k + 1]);
            lexicon::model_family(&w).is_some() && scene.named(&w).is_empty()
        };
        // "move the assistant to claude": switched to it.
        if bare(&out[0]) == "move" && bare(&out[k]) == "to" && model_next {
            out[0] = "switch".to_string();
        }
        if matches!(bare(&out[k - 1]).as_str(), "run" | "runs")
            && bare(&out[k]) == "on"
            && model_next
        {
            out[k - 1] = "use".to_string();
            out.remove(k);
            if out.get(k + 1).is_some_and(|w| bare(w) == "locally") {
                out.remove(k + 1);
            }
        }
        k += 1;
    }
    out.join(" ")
}

/// "add an otlp exporter pointing to tempo:4317": where a new component points is its
/// endpoint ("… with endpoint tempo:4317"); only for a request that adds something.
fn pointing_to(request: &str) -> String {
    let words: Vec<&str> = request.split_whitespace().collect();
    let adds = words.first().is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "add" | "create" | "new" | "insert"
        )
    });
    if !adds {
        return request.to_string();
    }
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i].to_lowercase();
        let next = words.get(i + 1).map(|n| n.to_lowercase());
        let mut j = i;
        if w == "that" || w == "which" {
            j += 1;
        }
        let verb = words.get(j).map(|x| x.to_lowercase());
        let prep = words.get(j + 1).map(|x| x.to_lowercase());
        let pointing = matches!(
            verb.as_deref(),
            Some("pointing" | "pointed" | "points" | "sending" | "sends")
        ) && matches!(prep.as_deref(), Some("to" | "at"));
        if pointing && (j > i || next.is_some()) {
            out.push("with".to_string());
            out.push("endpoint".to_string());
            i = j + 2;
            continue;
        }
        out.push(words[i].to_string());
        i += 1;
    }
    out.join(" ")
}

/// Verbs that start a change of their own ("… and then remove …").
fn starts_change(a: &Analysis, i: usize) -> bool {
    use lexicon::Verb;
    matches!(
        a.uses.get(i),
        Some(analysis::Use::Verb(
            Verb::Add
                | Verb::Remove
                | Verb::Rename
                | Verb::Set
                | Verb::Enable
                | Verb::Disable
                | Verb::Fix
                | Verb::Connect
                | Verb::Disconnect
                | Verb::Make
                | Verb::Give
                | Verb::Let
        ))
    )
}

/// The parts of a request that each ask for a change: split before "then", and before a
/// change verb that follows "and" or a comma when the part before has a verb of its own.
fn clauses(a: &Analysis) -> Vec<String> {
    let mut cuts: Vec<usize> = Vec::new();
    let mut has_verb = false;
    let mut i = 0;
    while i < a.len() {
        let t = &a.tokens[i];
        if matches!(a.uses[i], analysis::Use::Verb(_)) {
            has_verb = true;
        }
        let prev_boundary = i > 0 && a.tokens[i - 1].boundary;
        if has_verb && i > 0 {
            let then = t.is("then") && !a.tokens[i - 1].is("and");
            let and_then = t.is("and") && a.tokens.get(i + 1).is_some_and(|n| n.is("then"));
            let and_verb = t.is("and") && starts_change(a, i + 1);
            // "…, don't block pii", "…, without web search": what the part before is to
            // leave out, not a change of its own.
            let comma_verb = prev_boundary
                && (starts_change(a, i) || t.is_any(&["also", "then"]))
                && !t.is_any(&["don't", "dont", "never", "without", "no", "not"]);
            // "add service cache, image redis:7-alpine; web depends on it": a component
            // and what it should do, after a break, is a part of its own.
            let named_order = prev_boundary
                && a.mentions.iter().any(|m| {
                    m.start == i && m.end < a.len() && {
                        let next = &a.tokens[m.end];
                        next.is_any(&[
                            "depends", "needs", "uses", "waits", "should", "must", "wants",
                        ])
                    }
                });
            if then || and_then || and_verb || comma_verb || named_order {
                cuts.push(i);
                // A part that starts with its verb has one ("…, give it web search and
                // let …").
                has_verb = comma_verb && matches!(a.uses[i], analysis::Use::Verb(_));
            }
        }
        i += 1;
    }
    if cuts.is_empty() {
        return vec![a.raw(0, a.len())];
    }
    let mut out = Vec::new();
    let mut start = 0;
    for &c in cuts.iter().chain(std::iter::once(&a.len())) {
        let mut from = start;
        while from < c && a.tokens[from].is_any(&["and", "then", "also", "please"]) {
            from += 1;
        }
        if from < c {
            out.push(requote(a, from, c));
        }
        start = c;
    }
    out
}

/// "rename the researcher to investigator and the writer agent to author": one rename per
/// "… to …" pair, the verb said once.
fn gapped_renames(part: &str) -> Vec<String> {
    let words: Vec<&str> = part.split_whitespace().collect();
    let bare = |w: &str| w.trim_end_matches([',', '.', ';']).to_lowercase();
    let renames = words
        .first()
        .is_some_and(|w| lexicon::verb(&bare(w)) == Some(lexicon::Verb::Rename));
    if !renames
        || words
            .iter()
            .any(|w| w.starts_with('"') && !w.ends_with('"'))
    {
        return vec![part.to_string()];
    }
    let to_before = |end: usize| (1..end).any(|i| bare(words[i]) == "to");
    let cut = (2..words.len()).find(|&j| {
        bare(words[j]) == "and"
            && to_before(j)
            && (j + 2..words.len()).any(|k| bare(words[k]) == "to")
            && !words[j + 1..]
                .iter()
                .any(|w| lexicon::verb(&bare(w)).is_some())
    });
    match cut {
        Some(j) => {
            let first = words[..j].join(" ").trim_end_matches(',').to_string();
            let rest = format!("{} {}", words[0], words[j + 1..].join(" "));
            let mut out = vec![first];
            out.extend(gapped_renames(&rest));
            out
        }
        None => vec![part.to_string()],
    }
}

/// Tokens written back as text, quoted phrases in quotes again.
fn requote(a: &Analysis, from: usize, to: usize) -> String {
    a.tokens[from..to]
        .iter()
        .map(|t| {
            let mut s = if t.quoted {
                format!("\"{}\"", t.raw.replace('"', "'"))
            } else if t.possessive {
                format!("{}'s", t.raw)
            } else {
                t.raw.clone()
            };
            if t.boundary {
                s.push(',');
            }
            s
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "it"/"its" in a later part: the component an earlier part changed.
fn with_focus(part: &str, focus: &str) -> String {
    part.split(' ')
        .map(|w| match w.to_lowercase().trim_end_matches(',') {
            "it" | "them" => focus.to_string(),
            "its" | "it's" | "their" => format!("{focus}'s"),
            _ => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The component a proposal changed last, as "the KIND NAME".
fn focus_of(reply: &Reply, after: &Value, schema: &Arc<Schema>) -> Option<String> {
    let model = trellis_schema::Model::read(schema.walk(), after);
    // A component the part added ("add a retry middleware to the assistant"), else the
    // one it changed last.
    let added = reply.patch.iter().rev().find_map(|op| {
        if op.get("op")?.as_str()? != "add" {
            return None;
        }
        let p = trellis_core::Pointer::parse(op.get("path")?.as_str()?).ok()?;
        // The component itself, or a collection added with it in.
        model
            .components
            .iter()
            .find(|c| c.pointer == p)
            .or_else(|| {
                op.get("value")?.as_object()?;
                model.components.iter().find(|c| {
                    c.pointer.starts_with(&p) && c.pointer.tokens().len() == p.tokens().len() + 1
                })
            })
    });
    if let Some(c) = added {
        return Some(focus_label(&c.name, &c.kind));
    }
    let last = reply.patch.last()?.get("path")?.as_str()?;
    let pointer = trellis_core::Pointer::parse(last).ok()?;
    model
        .components
        .iter()
        .filter(|c| pointer.starts_with(&c.pointer))
        .max_by_key(|c| c.pointer.tokens().len())
        .map(|c| focus_label(&c.name, &c.kind))
}

/// The component whose own fields a proposal changed last (the agent that got a new
/// tool in its `tools`), as "the KIND NAME".
fn receiver_of(reply: &Reply, after: &Value, schema: &Arc<Schema>) -> Option<String> {
    let model = trellis_schema::Model::read(schema.walk(), after);
    reply.patch.iter().rev().find_map(|op| {
        let p = trellis_core::Pointer::parse(op.get("path")?.as_str()?).ok()?;
        model
            .components
            .iter()
            .filter(|c| p.starts_with(&c.pointer) && p != c.pointer)
            .max_by_key(|c| c.pointer.tokens().len())
            .map(|c| focus_label(&c.name, &c.kind))
    })
}

/// A component as "it" is replaced by: `the "writer" agent`.
fn focus_label(name: &str, kind: &str) -> String {
    format!("the \"{}\" {kind}", name.replace(['"', '\n'], "'"))
}

/// Tries each kind of request in turn; the first that recognises the request answers.
fn dispatch(a: &Analysis, scene: &Scene, gallery: &Gallery, said: &str) -> Reply {
    if a.tokens.is_empty() {
        return help(scene, None);
    }
    let handlers: [&dyn Fn() -> Option<Reply>; 14] = [
        &|| describe::help_request(a).then(|| help(scene, None)),
        &|| meta::undo(a),
        &|| meta::prohibition(a),
        &|| meta::wipe(a, scene),
        &|| meta::compare(a, scene),
        &|| (!a.question).then(|| triggers::respond(a, scene)).flatten(),
        &|| (!a.question).then(|| idioms::respond(a, scene)).flatten(),
        &|| errors::respond(a, scene),
        &|| describe::impact(a, scene),
        &|| describe::describe(a, scene),
        // A question ("how do I add an agent?") is answered, never turned into a change;
        // a request put as one ("…, and could you limit messages to 1500 characters?") is
        // a request.
        &|| {
            (!asks(a))
                .then(|| create::template(a, scene, gallery))
                .flatten()
        },
        &|| {
            if asks(a) {
                return None;
            }
            let reply = edit::respond(a, scene);
            // A document with no data: a setup that fits, rather than a change that
            // cannot be made to nothing.
            if reply.as_ref().is_none_or(|r| r.kind != ReplyKind::Proposal) {
                if let Some(t) = create::template_for_empty(a, scene, gallery) {
                    return Some(t);
                }
            }
            reply
        },
        &|| describe::other_question(a, scene),
        &|| {
            (!a.question)
                .then(|| idioms::swap_value(a, scene))
                .flatten()
        },
    ];
    let mut reply = handlers.iter().enumerate().find_map(|(n, handler)| {
        let reply = handler()?;
        trace(|| format!("answered by handler {n}: {:?}", reply.kind));
        Some(reply)
    });
    // Readings for what the others made no change of: data sent to an address ("logs
    // going to loki at http://…"), an amount said as a goal ("give ollama 5 minutes before
    // it gives up"), a connection said as a wish ("let the generalist look up invoices"),
    // a removal or a new name said any way, a kind of middleware for every agent said with
    // no verb. A refusal is a request
    // understood and ruled out ("remove the model of the researcher": it needs one); only
    // an amount ("limit it to 1 gig" is no `limits` map) or middleware for every agent
    // ("caching for all the agents": there is no cache middleware yet) is read again then.
    if reply.as_ref().is_none_or(|r| r.kind != ReplyKind::Proposal) && !asks(a) {
        let refused = reply.as_ref().is_some_and(|r| r.kind == ReplyKind::Refused);
        let fallbacks: [(&str, &dyn Fn() -> Option<Reply>); 6] = [
            ("destination", &|| edit::said_destination(a, scene)),
            ("goal", &|| edit::goal(a, scene, said)),
            ("wish", &|| edit::said_wish(a, scene)),
            ("removal", &|| {
                edit::said_removal(a, scene).filter(|_| !refused)
            }),
            ("rename", &|| {
                edit::said_rename(a, scene, said).filter(|_| !refused)
            }),
            ("across", &|| edit::said_across(a, scene, said)),
        ];
        if let Some((name, r)) = fallbacks.iter().find_map(|(name, f)| Some((name, f()?))) {
            trace(|| format!("answered by the {name} reading"));
            reply = Some(r);
        }
    }
    match reply {
        // "add rate limiting to every agent at 30 rpm": what it says of the new component.
        Some(r) => edit::with_new_attributes(a, scene, r, said),
        None => help(
            scene,
            Some("I did not understand this request, so I changed nothing."),
        ),
    }
}

/// A question that asks for an answer, not a change ("how long does ollama wait?"); a
/// request put as a yes/no question ("can you give it 5 minutes?") is no such question.
pub(crate) fn asks(a: &Analysis) -> bool {
    let request = a.tokens.iter().enumerate().any(|(i, t)| {
        // At the start, or after a remark ("while we troubleshoot, can metrics also go
        // to the debug exporter?").
        ((i == 0 || a.tokens[i - 1].boundary)
            && t.is_any(&["can", "could", "would", "will", "may", "might"]))
            || t.is_any(&["pls", "please"])
            || (t.is_any(&["can", "could", "would", "will"])
                && a.tokens
                    .get(i + 1)
                    .is_some_and(|n| n.is_any(&["you", "we"])))
    });
    a.question && !request
}

/// What the engine can do, with examples for the document's pack.
fn help(scene: &Scene, lead: Option<&str>) -> Reply {
    let mut text = String::new();
    if let Some(lead) = lead {
        text.push_str(lead);
        text.push_str("\n\n");
    }
    text.push_str("Here is what I can do offline:\n");
    let examples: &[(&str, &str)] = if scene.pack == "github-actions" {
        &[
            (
                "Create a setup from a template",
                "create a node CI workflow for node 20 and 22",
            ),
            (
                "Add a component",
                "add a job called audit that runs npm audit",
            ),
            (
                "Remove or rename one",
                "remove the deploy job · rename lint to check",
            ),
            ("Connect components", "make test need lint"),
            (
                "Set a value",
                "set the timeout of test to 20 minutes · run on pull requests too",
            ),
            (
                "Explain and fix validation errors",
                "why is this invalid? · fix the errors",
            ),
            ("Answer impact questions", "which jobs need lint?"),
            ("Describe the configuration", "describe this workflow"),
        ]
    } else if scene.pack == "otel-collector" {
        &[
            (
                "Create a setup from a template",
                "a traces collector sending to tempo:4317",
            ),
            (
                "Add a component",
                "add a debug exporter to the traces pipeline",
            ),
            ("Remove or rename one", "remove the zpages extension"),
            (
                "Add one to many",
                "add the batch processor to all pipelines",
            ),
            ("Set a value", "set the batch timeout to 10s"),
            (
                "Explain and fix validation errors",
                "why is this invalid? · fix the errors",
            ),
            ("Answer impact questions", "what uses the otlp receiver?"),
            ("Describe the configuration", "describe this collector"),
        ]
    } else if scene.pack == "docker-compose" {
        &[
            (
                "Create a setup from a template",
                "create a web app with postgres and redis",
            ),
            (
                "Add a component",
                "add a service called worker with image ghcr.io/acme/worker:1.0",
            ),
            (
                "Remove or rename one",
                "remove the cache service · rename db to database",
            ),
            ("Connect components", "make api depend on cache"),
            ("Set a value", "set the image of web to nginx:1.27"),
            (
                "Explain and fix validation errors",
                "why is this invalid? · fix the errors",
            ),
            ("Answer impact questions", "what depends on db?"),
            ("Describe the configuration", "describe this setup"),
        ]
    } else {
        &[
            (
                "Create a setup from a template",
                "create a production setup with OpenAI · a local setup with ollama and llama3",
            ),
            (
                "Add a component and what it needs",
                "add a researcher agent using gpt-4o that can search the web, with redis memory",
            ),
            (
                "Remove or rename one",
                "remove the arxiv tool · rename the writer agent to author",
            ),
            (
                "Connect components",
                "let the writer use the web search tool · make planner delegate to writer",
            ),
            ("Set a value", "set the writer model's temperature to 0.3"),
            (
                "Add middleware across components",
                "add rate limiting to all agents",
            ),
            (
                "Explain and fix validation errors",
                "why is this invalid? · fix the errors",
            ),
            (
                "Answer impact questions",
                "what depends on the openai provider?",
            ),
            ("Describe the configuration", "describe this setup"),
        ]
    };
    for (what, example) in examples {
        text.push_str(&format!("- {what} — e.g. \"{example}\"\n"));
    }
    let kinds: Vec<String> = scene.kinds.iter().map(|k| k.kind.clone()).collect();
    if !kinds.is_empty() {
        text.push_str(&format!(
            "\nThis {} document has these kinds of component: {}.",
            scene.pack,
            kinds.join(", ")
        ));
    }
    text.push_str("\nEvery change comes as a proposal you can review before applying it.");
    Reply::answer(ReplyKind::Help, text)
}

/// Several values set in one clause ("set temperature to 0.2 and max tokens to 1000 on
/// the smart model", "set the chat model's temperature to 0.2, max tokens 1000"): one
/// "set" per value, each with the clause's verb, the component named before the first
/// field and the scope after the last value. `None` unless every piece after the first
/// starts with field words and holds a value of its own.
fn assignments(a: &Analysis) -> Option<Vec<String>> {
    use lexicon::Verb;
    let (verb, v) = a.first_verb()?;
    if !matches!(v, Verb::Set | Verb::Make) {
        return None;
    }
    let has_value = |from: usize, to: usize| {
        (from..to).any(|i| {
            a.uses[i] == analysis::Use::Number
                || a.tokens[i].quoted
                || (a.tokens[i].is_any(&["to", "="]) && i + 1 < to)
        })
    };
    // Cuts: "and" or a comma, where what follows starts with field words.
    let mut cuts: Vec<(usize, usize)> = Vec::new(); // (end of the piece before, start of the next)
    for i in verb + 2..a.len() {
        let and = a.tokens[i].is("and");
        let comma = a.tokens[i - 1].boundary;
        if !(and || comma) {
            continue;
        }
        let mut j = if and { i + 1 } else { i };
        while j < a.len() && a.tokens[j].is_any(&["and", "the", "its", "also"]) {
            j += 1;
        }
        let Some(t) = a.tokens.get(j) else {
            continue;
        };
        let plain = matches!(a.uses[j], analysis::Use::Free | analysis::Use::Stop)
            && !t.quoted
            && a.mention_at(j).is_none()
            && !a.kinds.iter().any(|k| k.at == j);
        if plain {
            cuts.push((i, j));
        }
    }
    if cuts.is_empty() {
        return None;
    }
    // Pieces, each with a value.
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut start = verb + 1;
    for &(end, next) in &cuts {
        pieces.push((start, end));
        start = next;
    }
    pieces.push((start, a.len()));
    if pieces.iter().any(|&(s, e)| s >= e || !has_value(s, e)) {
        return None;
    }
    // A later piece must not carry a verb of its own (that is a clause of its own).
    if pieces[1..]
        .iter()
        .any(|&(s, e)| (s..e).any(|i| matches!(a.uses[i], analysis::Use::Verb(_))))
    {
        return None;
    }
    // The scope after the last value ("… on the smart model", "… for all models").
    let (ls, le) = *pieces.last()?;
    let value_at = (ls..le)
        .find(|&i| {
            a.uses[i] == analysis::Use::Number
                || a.tokens[i].quoted
                || a.tokens[i].is_any(&["to", "="])
        })
        .unwrap_or(ls);
    let scope_at = (value_at + 1..le).find(|&i| {
        a.tokens[i].is_any(&["for", "on", "in", "of", "across"])
            && (a.mentions.iter().any(|m| m.start > i) || a.kinds.iter().any(|k| k.at > i))
    });
    let suffix = scope_at.map(|s| requote(a, s, le)).unwrap_or_default();
    if let Some(s) = scope_at {
        let last = pieces.len() - 1;
        pieces[last].1 = s;
    }
    // The component named right after the verb ("set the chat model's temperature …").
    let mut target_end = verb + 1;
    let mut j = verb + 1;
    while j < a.len() && a.tokens[j].is_any(&["the", "a", "an"]) {
        j += 1;
    }
    if let Some(m) = a.mention_at(j) {
        let mut end = m.end;
        if m.kind_at == Some(end) {
            end += 1;
        }
        // "the chat model's temperature", "the smart model max tokens": the component
        // whose fields follow (not "set the smart model to …", its value).
        let field_follows = a.tokens.get(end).is_some_and(|t| {
            !t.is_any(&["to", "=", "as", "at", "be", "and", "with", "for", "on"])
                && matches!(a.uses[end], analysis::Use::Free | analysis::Use::Stop)
        });
        if a.tokens[end - 1].possessive || field_follows {
            target_end = end;
        }
    }
    let prefix = requote(a, 0, verb + 1);
    let target = requote(a, verb + 1, target_end);
    let mut out = Vec::new();
    for (n, &(s, e)) in pieces.iter().enumerate() {
        let s = if n == 0 { target_end.max(s) } else { s };
        let body = requote(a, s, e);
        let body = body.trim_end_matches(',');
        let mut part = prefix.clone();
        for piece in [target.as_str(), body, suffix.as_str()] {
            if !piece.is_empty() {
                part.push(' ');
                part.push_str(piece);
            }
        }
        out.push(part);
    }
    Some(out)
}
