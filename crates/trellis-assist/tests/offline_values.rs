//! Classes of requests about values, each on several paraphrases: a value asked for with no
//! component named ("what's the sample rate of the tracing?"), a middleware switched off
//! where it has no switch ("turn off caching"), a value raised or lowered with no number
//! ("make the writer more creative", "double the cache ttl"), and a field named word for
//! word when another reading takes part of it from a component ("max retries" is the
//! provider's `max_retries`, not the retry middleware); and setups named by what sets a
//! template apart (an OpenAI-compatible server with its address, several environments);
//! changes and questions scoped to one environment ("in prod, set …"), kept in its
//! overrides with the base left as it is; what a component may use said as having or
//! being able to ("billing shouldn't be able to issue refunds"), and a limit said with the
//! field after the number ("cap the librarian at 5 iterations"); a component switched to
//! another variant gets what a new one of it needs ("switch the history memory to redis");
//! a text field said with the word "name" ("the collection name") is that field, not a
//! rename; the whole stack moved to a model family ("switch to claude"); one model
//! identifier for another ("use llama3.1 instead of llama3") changed in place; and the help
//! a request that is not understood gets shows examples of the document's own pack; "the
//! model" where the document has one model is that model; a template parameter written as
//! one word ("top_k 4").
//! Judged by the resulting document; answers to questions by the value they name.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

fn value_questions() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            SupportDesk,
            "what's the sample rate of the tracing?",
            vec![NoPatch(ReplyKind::Answer), Says(&["traces", "0.25"])],
        ),
        case(
            SupportDesk,
            "what is the requests per minute limit?",
            vec![NoPatch(ReplyKind::Answer), Says(&["limits", "600"])],
        ),
        case(
            SupportDesk,
            "what temperature do the models use?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["triage", "agent", "0.3"]),
            ],
        ),
        case(
            SupportDesk,
            "which base url does the vllm provider use?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["http://vllm.internal:8000/v1"]),
            ],
        ),
        case(
            ResearchDesk,
            "what is the ttl of the notes memory?",
            vec![NoPatch(ReplyKind::Answer), Says(&["86400"])],
        ),
        case(
            ResearchDesk,
            "what is the backoff?",
            vec![NoPatch(ReplyKind::Answer), Says(&["0.5"])],
        ),
    ]
}

fn uses_of(o: &Outcome, middleware: &str) -> usize {
    o.after["agents"]
        .as_object()
        .map(|agents| {
            agents
                .values()
                .filter(|a| {
                    a["middleware"]
                        .as_array()
                        .is_some_and(|m| m.contains(&json!(middleware)))
                })
                .count()
        })
        .unwrap_or(0)
}

fn switched_off() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            SupportDesk,
            "turn off caching",
            vec![
                Proposed,
                Valid,
                That("no agent uses the cache", |o| uses_of(o, "cache") == 0),
            ],
        ),
        case(
            SupportDesk,
            "disable tracing",
            vec![
                Proposed,
                Valid,
                That("no agent is traced", |o| uses_of(o, "traces") == 0),
            ],
        ),
        case(
            SupportDesk,
            "disable the guardrails for billing",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/billing/middleware", json!("safety")),
                Holds("/agents/generalist/middleware", json!("safety")),
            ],
        ),
        case(
            SupportDesk,
            "switch tracing off on triage please",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/triage/middleware", json!("traces")),
                Holds("/agents/billing/middleware", json!("traces")),
            ],
        ),
        case(
            ResearchDesk,
            "turn off retries",
            vec![
                Proposed,
                Valid,
                That("no agent retries", |o| uses_of(o, "retry") == 0),
            ],
        ),
    ]
}

fn number(o: &Outcome, pointer: &str) -> f64 {
    o.get(pointer).and_then(Value::as_f64).unwrap_or(f64::NAN)
}

/// The temperature an agent runs at: its own, else its model's.
fn agent_temperature(o: &Outcome, agent: &str) -> f64 {
    o.get(&format!("/agents/{agent}/temperature"))
        .and_then(Value::as_f64)
        .or_else(|| {
            let model = o.get(&format!("/agents/{agent}/model"))?.as_str()?;
            o.get(&format!("/models/{model}/temperature"))?.as_f64()
        })
        .unwrap_or(f64::NAN)
}

fn adjustments() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            ResearchDesk,
            "make the researcher more creative",
            vec![
                Proposed,
                Valid,
                That("hotter than 0.7", |o| {
                    agent_temperature(o, "researcher") > 0.7
                }),
            ],
        ),
        case(
            ResearchDesk,
            "the planner should be less random",
            vec![
                Proposed,
                Valid,
                That("cooler than 0.2", |o| agent_temperature(o, "planner") < 0.2),
            ],
        ),
        case(
            ResearchDesk,
            "make the writer model more deterministic",
            vec![
                Proposed,
                Valid,
                That("cooler than 0.9", |o| {
                    number(o, "/models/writer/temperature") < 0.9
                }),
            ],
        ),
        case(
            ResearchDesk,
            "raise the temperature of the fast model",
            vec![
                Proposed,
                Valid,
                That("hotter than 0.2", |o| {
                    number(o, "/models/fast/temperature") > 0.2
                }),
            ],
        ),
        case(
            ResearchDesk,
            "lower the smart model's temperature a bit",
            vec![
                Proposed,
                Valid,
                That("cooler than 0.7", |o| {
                    number(o, "/models/smart/temperature") < 0.7
                }),
                That("still above 0.3", |o| {
                    number(o, "/models/smart/temperature") > 0.3
                }),
            ],
        ),
        case(
            ResearchDesk,
            "double the notes ttl",
            vec![Proposed, Valid, Is("/memory/notes/ttl_s", json!(172800))],
        ),
        case(
            ResearchDesk,
            "halve the max tokens of the writer model",
            vec![
                Proposed,
                Valid,
                Is("/models/writer/max_tokens", json!(4096)),
            ],
        ),
        case(
            ResearchDesk,
            "increase the openai timeout",
            vec![
                Proposed,
                Valid,
                That("longer than 30 s", |o| {
                    number(o, "/providers/openai/timeout_s") > 30.0
                }),
            ],
        ),
        case(
            ResearchDesk,
            "bump up the planner's max iterations",
            vec![
                Proposed,
                Valid,
                That("more than 20", |o| {
                    number(o, "/agents/planner/max_iterations") > 20.0
                }),
            ],
        ),
        // A number is the request's own: set, not worked out.
        case(
            ResearchDesk,
            "increase the planner's max iterations to 25",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/max_iterations", json!(25)),
            ],
        ),
    ]
}

fn exact_field_names() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            ResearchDesk,
            "set max retries to 5",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/max_retries", json!(5)),
                Is("/middleware/retry/max_attempts", json!(4)),
            ],
        ),
        case(
            ResearchDesk,
            "set max_retries to 1",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/max_retries", json!(1)),
                Is("/middleware/retry/max_attempts", json!(4)),
            ],
        ),
        case(
            ResearchDesk,
            "set the retry max attempts to 6",
            vec![
                Proposed,
                Valid,
                Is("/middleware/retry/max_attempts", json!(6)),
                Is("/providers/openai/max_retries", json!(3)),
            ],
        ),
    ]
}

fn setups() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            None,
            "create an openai compatible setup pointing at http://localhost:8000/v1",
            vec![
                Proposed,
                Valid,
                That("an openai_compatible provider at the address", |o| {
                    mentions(o, "openai_compatible") && mentions(o, "http://localhost:8000/v1")
                }),
            ],
        ),
        case(
            None,
            "set up an openai-compatible server at http://localhost:1234/v1",
            vec![
                Proposed,
                Valid,
                That("at the address", |o| {
                    mentions(o, "http://localhost:1234/v1")
                }),
            ],
        ),
        case(
            None,
            "config for lm studio",
            vec![
                Proposed,
                Valid,
                That("an openai_compatible provider", |o| {
                    mentions(o, "openai_compatible")
                }),
            ],
        ),
        case(
            None,
            "multi-environment setup with dev and prod",
            vec![
                Proposed,
                Valid,
                Present("/environments/dev"),
                Present("/environments/prod"),
            ],
        ),
        case(
            None,
            "multi environment agent stack",
            vec![Proposed, Valid, Present("/environments")],
        ),
        // The OpenAI production setup stays OpenAI's.
        case(
            None,
            "Create a production setup with OpenAI",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/type", json!("openai")),
                Present("/middleware"),
            ],
        ),
    ]
}

fn environments() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            ResearchDesk,
            "in prod, set the smart model's temperature to 0.2",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/prod/overrides/models/smart/temperature",
                    json!(0.2),
                ),
                Is("/models/smart/temperature", json!(0.7)),
                Is(
                    "/environments/prod/overrides/middleware/audit_log/level",
                    json!("warn"),
                ),
            ],
        ),
        case(
            ResearchDesk,
            "for the dev environment set the fast model temperature to 1",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/dev/overrides/models/fast/temperature",
                    json!(1),
                ),
                Is(
                    "/environments/dev/overrides/models/smart/name",
                    json!("gpt-4o-mini"),
                ),
                Is("/models/fast/temperature", json!(0.2)),
            ],
        ),
        case(
            ResearchDesk,
            "set the max tokens of the writer model to 2048 in the staging environment",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/staging/overrides/models/writer/max_tokens",
                    json!(2048),
                ),
                Is("/models/writer/max_tokens", json!(8192)),
            ],
        ),
        case(
            ResearchDesk,
            "in the staging env add rate limiting to all agents",
            vec![
                Proposed,
                Valid,
                Present("/environments/staging/overrides/middleware/rate_limit"),
                Holds(
                    "/environments/staging/overrides/agents/writer/middleware",
                    json!("rate_limit"),
                ),
                Absent("/middleware/rate_limit"),
            ],
        ),
        case(
            ResearchDesk,
            "add a staging environment",
            vec![Proposed, Valid, Present("/environments/staging/overrides")],
        ),
        case(
            ResearchDesk,
            "create a new environment called qa",
            vec![Proposed, Valid, Present("/environments/qa")],
        ),
        // An environment's view answers questions.
        case(
            ResearchDesk,
            "what is the model name of the smart model in dev?",
            vec![NoPatch(ReplyKind::Answer), Says(&["gpt-4o-mini"])],
        ),
        // Overrides cannot take a value away: said so, nothing changed.
        case(
            ResearchDesk,
            "in dev remove the retry middleware",
            vec![NoPatch(ReplyKind::Refused)],
        ),
        // No environment named: the base.
        case(
            ResearchDesk,
            "set the fast model temperature to 0.5",
            vec![Proposed, Is("/models/fast/temperature", json!(0.5))],
        ),
    ]
}

fn access_and_caps() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            LocalOllama,
            "the librarian shouldn't have the calculator anymore",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/librarian/tools", json!("calc")),
                Present("/tools/calc"),
            ],
        ),
        case(
            LocalOllama,
            "the librarian should not be able to use the calculator",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/librarian/tools", json!("calc")),
                Present("/tools/calc"),
            ],
        ),
        case(
            SupportDesk,
            "billing shouldn't be able to issue refunds",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/billing/tools", json!("refund")),
                Present("/tools/refund"),
            ],
        ),
        case(
            LocalOllama,
            "chat: use the calc tool",
            vec![Proposed, Valid, Holds("/agents/chat/tools", json!("calc"))],
        ),
        case(
            SupportDesk,
            "generalist: delegate to billing",
            vec![
                Proposed,
                Valid,
                Holds("/agents/generalist/delegates_to", json!("billing")),
            ],
        ),
        case(
            LocalOllama,
            "take the calculator away from the librarian",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/librarian/tools", json!("calc")),
                Present("/tools/calc"),
            ],
        ),
        case(
            LocalOllama,
            "cap the librarian at 5 iterations",
            vec![
                Proposed,
                Valid,
                Is("/agents/librarian/max_iterations", json!(5)),
            ],
        ),
        case(
            SupportDesk,
            "limit triage to 2 iterations",
            vec![
                Proposed,
                Valid,
                Is("/agents/triage/max_iterations", json!(2)),
            ],
        ),
        // A unit after the number is the value's own.
        case(
            ResearchDesk,
            "cap the openai timeout at 45 seconds",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/timeout_s", json!(45)),
            ],
        ),
    ]
}

fn switched_variants() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            LocalOllama,
            "switch the history memory to redis",
            vec![
                Proposed,
                Valid,
                Is("/memory/history/type", json!("redis")),
                Present("/memory/history/url"),
                Is("/memory/history/max_messages", json!(200)),
            ],
        ),
        case(
            LocalOllama,
            "history should be a postgres memory",
            vec![
                Proposed,
                Valid,
                Is("/memory/history/type", json!("postgres")),
            ],
        ),
    ]
}

fn field_names() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            ResearchDesk,
            "set the papers memory's collection name to library",
            vec![
                Proposed,
                Valid,
                Is("/memory/papers/collection", json!("library")),
                Present("/memory/papers"),
            ],
        ),
        case(
            ResearchDesk,
            "change the collection name to library",
            vec![
                Proposed,
                Valid,
                Is("/memory/papers/collection", json!("library")),
            ],
        ),
        case(
            ResearchDesk,
            "set chunks of the papers memory to 4",
            vec![Proposed, Valid, Is("/memory/papers/top_k", json!(4))],
        ),
        // The name a model is served under, and a component's own name, stay as they were.
        case(
            ResearchDesk,
            "set the model name of smart to gpt-4.1",
            vec![Proposed, Valid, Is("/models/smart/name", json!("gpt-4.1"))],
        ),
        case(
            ResearchDesk,
            "change the name of the writer agent to author",
            vec![
                Proposed,
                Valid,
                Present("/agents/author"),
                Absent("/agents/writer"),
            ],
        ),
    ]
}

/// The provider type serving an agent's model.
fn served_by(o: &Outcome, agent: &str) -> Option<String> {
    let model = o
        .get(&format!("/agents/{agent}/model"))?
        .as_str()?
        .to_string();
    let provider = o
        .get(&format!("/models/{model}/provider"))?
        .as_str()?
        .to_string();
    Some(
        o.get(&format!("/providers/{provider}/type"))?
            .as_str()?
            .to_string(),
    )
}

fn all_served_by(o: &Outcome, ty: &str) -> bool {
    o.after["agents"].as_object().is_some_and(|agents| {
        agents
            .keys()
            .all(|a| served_by(o, a).as_deref() == Some(ty))
    })
}

fn whole_switches() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            ResearchDesk,
            "switch to claude",
            vec![
                Proposed,
                Valid,
                That("every agent on anthropic", |o| {
                    all_served_by(o, "anthropic")
                }),
            ],
        ),
        case(
            ResearchDesk,
            "use anthropic instead of openai",
            vec![
                Proposed,
                Valid,
                That("every agent on anthropic", |o| {
                    all_served_by(o, "anthropic")
                }),
            ],
        ),
        case(
            ResearchDesk,
            "move everything over to ollama",
            vec![
                Proposed,
                Valid,
                That("every agent on ollama", |o| all_served_by(o, "ollama")),
            ],
        ),
        case(
            LocalOllama,
            "switch the whole stack to gpt",
            vec![
                Proposed,
                Valid,
                That("every agent on openai", |o| all_served_by(o, "openai")),
            ],
        ),
        // One agent named: that agent only.
        case(
            ResearchDesk,
            "switch the planner to claude",
            vec![
                Proposed,
                Valid,
                That("planner on anthropic", |o| {
                    served_by(o, "planner").as_deref() == Some("anthropic")
                }),
                That("researcher still on openai", |o| {
                    served_by(o, "researcher").as_deref() == Some("openai")
                }),
            ],
        ),
    ]
}

fn model_ids() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            LocalOllama,
            "use llama3.1 instead of llama3",
            vec![
                Proposed,
                Valid,
                Is("/models/llama/name", json!("llama3.1")),
                Is("/models/llama/temperature", json!(0.4)),
                Is("/agents/chat/model", json!("llama")),
            ],
        ),
        case(
            LocalOllama,
            "upgrade llama3 to llama3.1",
            vec![Proposed, Valid, Is("/models/llama/name", json!("llama3.1"))],
        ),
        case(
            LocalOllama,
            "replace llama3 with mistral",
            vec![Proposed, Valid, Is("/models/llama/name", json!("mistral"))],
        ),
        case(
            ResearchDesk,
            "swap gpt-4o-mini for gpt-4.1-mini",
            vec![
                Proposed,
                Valid,
                Is("/models/fast/name", json!("gpt-4.1-mini")),
                Is("/models/fast/provider", json!("openai")),
            ],
        ),
    ]
}

fn help_per_pack() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            CiNode,
            "make it sparkle",
            vec![
                NoPatch(ReplyKind::Help),
                Says(&["job"]),
                Omits(&["agent", "openai"]),
            ],
        ),
        case(
            Collector,
            "make it sparkle",
            vec![
                NoPatch(ReplyKind::Help),
                Says(&["pipeline"]),
                Omits(&["agent", "openai"]),
            ],
        ),
        case(
            Web,
            "make it sparkle",
            vec![
                NoPatch(ReplyKind::Help),
                Says(&["service"]),
                Omits(&["agent", "openai"]),
            ],
        ),
    ]
}

fn lone_kinds() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Mini,
            "change the model to gpt-4.1",
            vec![Proposed, Valid, Is("/models/chat/name", json!("gpt-4.1"))],
        ),
        case(
            Mini,
            "rename the agent to helper",
            vec![
                Proposed,
                Valid,
                Present("/agents/helper"),
                Absent("/agents/assistant"),
            ],
        ),
        case(
            Mini,
            "give the agent redis memory",
            vec![
                Proposed,
                Valid,
                That("redis memory", |o| agent_memory_is(o, "assistant", "redis")),
            ],
        ),
        case(
            TplOllama,
            "switch the model to qwen2.5",
            vec![
                Proposed,
                Valid,
                That("a model serves qwen2.5", |o| mentions(o, "\"qwen2.5\"")),
            ],
        ),
        // Several models: "the model" says which to none, so nothing is guessed.
        case(
            ResearchDesk,
            "change the model to gpt-4.1",
            vec![That("no change", |o| o.reply.patch.is_empty())],
        ),
        case(
            None,
            "set up a RAG assistant over my docs, top_k 4",
            vec![
                Proposed,
                Valid,
                That("top_k 4", |o| mentions(o, "\"top_k\":4")),
            ],
        ),
    ]
}

#[test]
fn lone_kinds_batch() {
    run_batch("lone kinds", lone_kinds());
}

#[test]
fn help_per_pack_batch() {
    run_batch("help per pack", help_per_pack());
}

#[test]
fn model_ids_batch() {
    run_batch("model identifiers", model_ids());
}

#[test]
fn whole_switches_batch() {
    run_batch("whole switches", whole_switches());
}

#[test]
fn field_names_batch() {
    run_batch("field names", field_names());
}

#[test]
fn switched_variants_batch() {
    run_batch("switched variants", switched_variants());
}

#[test]
fn access_and_caps_batch() {
    run_batch("access and caps", access_and_caps());
}

#[test]
fn environments_batch() {
    run_batch("environments", environments());
}

#[test]
fn setups_batch() {
    run_batch("setups", setups());
}

#[test]
fn value_questions_batch() {
    run_batch("value questions", value_questions());
}

#[test]
fn switched_off_batch() {
    run_batch("switched off", switched_off());
}

#[test]
fn adjustments_batch() {
    run_batch("adjustments", adjustments());
}

#[test]
fn exact_field_names_batch() {
    run_batch("exact field names", exact_field_names());
}
