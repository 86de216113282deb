//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting at commit f02c8c6, before it was run
//! against the engine, without reading the engine. The voice is mixed: about half is a
//! newcomer typing in the chat panel beside the canvas (chatty, polite, goals rather than
//! field names, questions that are really edits, remarks before the request, lowercase,
//! chat shorthand and a few real typos), the other half a busy expert's terse shorthand.
//! It covers every intent of the offline engine: setups from the gallery with parameters,
//! adding, removing, renaming and connecting components, values with units, in words and
//! relative to the current one, middleware across all agents, explaining and fixing
//! validation errors, impact questions, descriptions, and requests that must get no edit
//! (nonsense, what the document cannot express, instructions planted in the document).
//! Judged by the document each proposal makes, and by the names an answer gives for
//! questions, never by the reply's wording.
//!
//! 86 requests: 43 agent-stack, 15 docker-compose, 14 github-actions, 14 otel-collector.
//!
//! Written at f02c8c6 by one examiner; run once, unchanged, on df57e98 by a second, after
//! that stop's work. No check was corrected after the run.
//!
//! Run on: df57e98
//!
//! First try: 60/86 (69.8 %): agent-stack 32/43, compose 10/15, actions 7/14, collector 11/14.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// The temperature an agent runs at: its own, else its model's.
fn effective_temperature(o: &Outcome, agent: &str) -> Option<f64> {
    num(o, &format!("/agents/{agent}/temperature"))
        .or_else(|| agent_model(o, agent)?.get("temperature")?.as_f64())
}

/// Whether some agent runs on a model whose name contains `part`.
fn some_agent_on(o: &Outcome, part: &str) -> bool {
    o.get("/agents")
        .and_then(Value::as_object)
        .is_some_and(|m| m.keys().any(|a| agent_model_is(o, a, part)))
}

/// Whether an agent's model is named exactly `name`.
fn agent_model_named(o: &Outcome, agent: &str, name: &str) -> bool {
    agent_model(o, agent)
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        == Some(name)
}

/// Whether the number at a pointer is `x` (written as an integer or a float).
fn is_num(o: &Outcome, pointer: &str, x: f64) -> bool {
    num(o, pointer) == Some(x)
}

/// Whether some argument of a tool contains `part`.
fn tool_has_arg(t: &Value, part: &str) -> bool {
    t.get("args").and_then(Value::as_array).is_some_and(|a| {
        a.iter()
            .any(|v| v.as_str().is_some_and(|s| s.contains(part)))
    })
}

/// Whether an environment's overrides name a model called `name`.
fn env_model_named(o: &Outcome, env: &str, name: &str) -> bool {
    o.get(&format!("/environments/{env}/overrides/models"))
        .and_then(Value::as_object)
        .is_some_and(|m| m.values().any(|v| field_str(v, "name") == Some(name)))
}

/// Whether an environment's overrides set a middleware's `field` to `x`.
fn env_middleware_num(o: &Outcome, env: &str, field: &str, x: f64) -> bool {
    o.get(&format!("/environments/{env}/overrides/middleware"))
        .and_then(Value::as_object)
        .is_some_and(|m| m.values().any(|v| field_num(v, field) == Some(x)))
}

/// Whether a vector memory recalls `top_k` entries of `dims` dimensions, embedded by a
/// model named `model`.
fn vector_memory(o: &Outcome, model: &str, top_k: f64, dims: f64) -> bool {
    o.get("/memory")
        .and_then(Value::as_object)
        .is_some_and(|mems| {
            mems.values().any(|m| {
                field_str(m, "type") == Some("vector")
                    && field_num(m, "top_k") == Some(top_k)
                    && field_num(m, "dimensions") == Some(dims)
                    && field_str(m, "embedding_model")
                        .and_then(|e| o.get(&format!("/models/{e}")))
                        .and_then(|e| field_str(e, "name"))
                        == Some(model)
            })
        })
}

/// The name of a compose service running `image`.
fn service_with_image(o: &Outcome, image: &str) -> Option<String> {
    o.get("/services")
        .and_then(Value::as_object)?
        .iter()
        .find(|(_, s)| field_str(s, "image") == Some(image))
        .map(|(n, _)| n.clone())
}

/// Whether some compose service runs an image starting with `prefix`.
fn some_image_starts(o: &Outcome, prefix: &str) -> bool {
    o.get("/services")
        .and_then(Value::as_object)
        .is_some_and(|m| {
            m.values()
                .any(|s| field_str(s, "image").is_some_and(|i| i.starts_with(prefix)))
        })
}

/// Whether some compose service runs an image whose name contains `part`.
fn some_image_has(o: &Outcome, part: &str) -> bool {
    o.get("/services")
        .and_then(Value::as_object)
        .is_some_and(|m| {
            m.values()
                .any(|s| field_str(s, "image").is_some_and(|i| i.contains(part)))
        })
}

/// Whether a compose service's health check test (string or list) contains `part`.
fn healthcheck_runs(o: &Outcome, service: &str, part: &str) -> bool {
    match o.get(&format!("/services/{service}/healthcheck/test")) {
        Some(Value::String(s)) => s.contains(part),
        Some(Value::Array(a)) => a
            .iter()
            .any(|v| v.as_str().is_some_and(|s| s.contains(part))),
        _ => false,
    }
}

/// Whether a compose service mounts secret `name` (short or long syntax).
fn mounts_secret(o: &Outcome, service: &str, name: &str) -> bool {
    o.get(&format!("/services/{service}/secrets"))
        .and_then(Value::as_array)
        .is_some_and(|l| {
            l.iter().any(|s| match s {
                Value::String(n) => n == name,
                Value::Object(m) => m.get("source").and_then(Value::as_str) == Some(name),
                _ => false,
            })
        })
}

/// Whether some job's matrix lists `value` (as a string or a number).
fn matrix_holds(o: &Outcome, value: &str) -> bool {
    o.get("/jobs")
        .and_then(Value::as_object)
        .is_some_and(|jobs| {
            jobs.values().any(|j| {
                j.pointer("/strategy/matrix")
                    .and_then(Value::as_object)
                    .is_some_and(|m| {
                        m.values().filter_map(Value::as_array).any(|l| {
                            l.iter().any(|v| match v {
                                Value::String(s) => s == value,
                                Value::Number(n) => n.to_string() == value,
                                _ => false,
                            })
                        })
                    })
            })
        })
}

/// Whether a step of the job uses an action starting with `prefix`.
fn job_uses(o: &Outcome, job: &str, prefix: &str) -> bool {
    o.get(&format!("/jobs/{job}/steps"))
        .and_then(Value::as_array)
        .is_some_and(|s| {
            s.iter()
                .any(|st| field_str(st, "uses").is_some_and(|u| u.starts_with(prefix)))
        })
}

/// Whether the last step of the job runs a command containing `part`.
fn last_step_runs(o: &Outcome, job: &str, part: &str) -> bool {
    o.get(&format!("/jobs/{job}/steps"))
        .and_then(Value::as_array)
        .and_then(|s| s.last())
        .and_then(|st| field_str(st, "run"))
        .is_some_and(|r| r.contains(part))
}

/// The cron expressions of the workflow's schedule.
fn crons(o: &Outcome) -> Vec<String> {
    o.get("/on/schedule")
        .and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(|e| field_str(e, "cron").map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a cron expression fires every day at 04:00 (leading zeros allowed).
fn daily_at_four(cron: &str) -> bool {
    let f: Vec<&str> = cron.split_whitespace().collect();
    f.len() == 5
        && f[0].parse::<u32>() == Ok(0)
        && f[1].parse::<u32>() == Ok(4)
        && f[2..].iter().all(|x| *x == "*")
}

/// The tag filters of the push trigger (a list or one glob).
fn push_tags(o: &Outcome) -> Vec<String> {
    match o.get("/on/push/tags") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        Some(Value::String(s)) => vec![s.clone()],
        _ => vec![],
    }
}

/// Whether the collector pipeline's list names a configured component of type `kind`
/// (`kind` or `kind/name`) in `collection`.
fn pipeline_has_kind(
    o: &Outcome,
    pipeline: &str,
    list: &str,
    collection: &str,
    kind: &str,
) -> bool {
    o.get(&format!("/service/pipelines/{pipeline}/{list}"))
        .and_then(Value::as_array)
        .is_some_and(|names| {
            names.iter().filter_map(Value::as_str).any(|n| {
                (n == kind || n.starts_with(&format!("{kind}/")))
                    && o.get(collection)
                        .and_then(Value::as_object)
                        .is_some_and(|m| m.contains_key(n))
            })
        })
}

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ------------------------------------------------------------------ agent-stack
        // Setups from the gallery, with parameters.
        case(
            None,
            "hey there! i want to try a chatbot that runs totally offline on my laptop, with qwen2.5 as the model, and it should remember the last 50 messages",
            vec![
                Proposed,
                Valid,
                That("an ollama provider", |o| {
                    any_of(o, "/providers", |p| field_str(p, "type") == Some("ollama"))
                }),
                That("an agent on qwen2.5", |o| some_agent_on(o, "qwen2.5")),
                That("a memory keeping 50 messages", |o| {
                    any_of(o, "/memory", |m| field_num(m, "max_messages") == Some(50.0))
                }),
            ],
        ),
        case(
            None,
            "gallery: RAG assistant, top_k 12, embeddings text-embedding-3-large @ 3072 dims",
            vec![
                Proposed,
                Valid,
                That(
                    "a vector memory recalling 12, 3072 dimensions, embedded by text-embedding-3-large",
                    |o| vector_memory(o, "text-embedding-3-large", 12.0, 3072.0),
                ),
            ],
        ),
        case(
            None,
            "Could you set up a code review bot for me? It should be able to read the repo that's checked out at /srv/checkout.",
            vec![
                Proposed,
                Valid,
                That("a tool reading /srv/checkout", |o| {
                    any_of(o, "/tools", |t| tool_has_arg(t, "/srv/checkout"))
                }),
            ],
        ),
        case(
            None,
            "support agent w/ guardrails for Globex, max msg 2000 chars, pii blocking off",
            vec![
                Proposed,
                Valid,
                That("guardrails capping input at 2000 without blocking PII", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("guardrails")
                            && field_num(m, "max_input_chars") == Some(2000.0)
                            && m.get("block_pii") != Some(&json!(true))
                    })
                }),
                That("the agent speaks for Globex", |o| mentions(o, "Globex")),
            ],
        ),
        case(
            None,
            "multi-agent research team: planner on gpt-4.1-mini, researcher + writer on o3, planner capped at 25 iterations",
            vec![
                Proposed,
                Valid,
                That("the planner on gpt-4.1-mini", |o| {
                    agent_model_named(o, "planner", "gpt-4.1-mini")
                }),
                That("the researcher on o3", |o| agent_model_named(o, "researcher", "o3")),
                That("the writer on o3", |o| agent_model_named(o, "writer", "o3")),
                That("the planner capped at 25", |o| {
                    is_num(o, "/agents/planner/max_iterations", 25.0)
                }),
            ],
        ),
        case(
            None,
            "we deploy to dev, staging and production, could you set up a stack for that? on dev i'd run qwen2.5:7b locally thru ollama, and in prod please only trace about 2% of requests",
            vec![
                Proposed,
                Valid,
                Present("/environments/staging"),
                That("dev on qwen2.5:7b", |o| env_model_named(o, "dev", "qwen2.5:7b")),
                That("prod traces 2%", |o| {
                    env_middleware_num(o, "prod", "sample_rate", 0.02)
                }),
            ],
        ),
        case(
            None,
            "self-hosted llama.cpp server at http://10.0.0.5:8080/v1, ctx 32768",
            vec![
                Proposed,
                Valid,
                That("an openai-compatible provider at 10.0.0.5", |o| {
                    any_of(o, "/providers", |p| {
                        field_str(p, "type") == Some("openai_compatible")
                            && field_str(p, "base_url") == Some("http://10.0.0.5:8080/v1")
                    })
                }),
                That("a model with a 32768 context window", |o| {
                    any_of(o, "/models", |m| field_num(m, "context_window") == Some(32768.0))
                }),
            ],
        ),
        case(
            None,
            "openai prod assistant: 1200 rpm, 6 attempts per call, cache 15 min",
            vec![
                Proposed,
                Valid,
                That("a rate limit of 1200 a minute", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("rate_limit")
                            && field_num(m, "requests_per_minute") == Some(1200.0)
                    })
                }),
                That("6 attempts", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("retry")
                            && field_num(m, "max_attempts") == Some(6.0)
                    })
                }),
                That("a cache of 900 s", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("cache") && field_num(m, "ttl_s") == Some(900.0)
                    })
                }),
            ],
        ),
        // Adding components, with attributes.
        case(
            Mini,
            "could my assistant look things up on the web? like, give it web search or whatever its called",
            vec![
                Proposed,
                Valid,
                That("the assistant has web search", |o| {
                    names_one(o, "/agents/assistant/tools", "tools", |t| {
                        field_str(t, "name") == Some("web_search")
                    })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "new http tool `weather`: GET https://api.weather.example/v1/now, attach to researcher",
            vec![
                Proposed,
                Valid,
                Is("/tools/weather/type", json!("http")),
                Is("/tools/weather/url", json!("https://api.weather.example/v1/now")),
                That("the method is GET (or the GET default)", |o| {
                    matches!(o.get("/tools/weather/method"), Some(m) if m == "GET")
                        || o.get("/tools/weather/method").is_none()
                }),
                Holds("/agents/researcher/tools", json!("weather")),
                Holds("/agents/researcher/tools", json!("web_search")),
                Holds("/agents/researcher/tools", json!("arxiv")),
            ],
        ),
        case(
            LocalOllama,
            "could you add another agent called summarizer? it should use the llama model and sum up my notes in 3 bullet points",
            vec![
                Proposed,
                Valid,
                Is("/agents/summarizer/model", json!("llama")),
                That("the summarizer is told about bullet points", |o| {
                    agent_text_has(o, "summarizer", "bullet")
                }),
                Present("/agents/librarian"),
                Present("/agents/chat"),
            ],
        ),
        case(
            TplReview,
            "add mcp tool github (npx -y @modelcontextprotocol/server-github), reviewer gets it",
            vec![
                Proposed,
                Valid,
                Is("/tools/github/type", json!("mcp")),
                Is("/tools/github/command", json!("npx")),
                Holds("/tools/github/args", json!("@modelcontextprotocol/server-github")),
                Holds("/agents/reviewer/tools", json!("github")),
                Holds("/agents/reviewer/tools", json!("files")),
            ],
        ),
        case(
            TplAnthropic,
            "the writer forgets my drafts every time i restart :( could it keep them in postgres instead? the connection url is in DATABASE_URL",
            vec![
                Proposed,
                Valid,
                That("the writer's memory is postgres", |o| {
                    agent_memory_is(o, "writer", "postgres")
                }),
                That("its url comes from DATABASE_URL", |o| {
                    follow(o, "/agents/writer/memory", "memory")
                        .and_then(|m| field_str(m, "url"))
                        .is_some_and(|u| u.contains("${DATABASE_URL"))
                }),
            ],
        ),
        // Removing.
        case(
            ResearchDesk,
            "we don't really use the arxiv thing anymore, could you take it out?",
            vec![
                Proposed,
                Valid,
                Absent("/tools/arxiv"),
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Holds("/agents/researcher/tools", json!("web_search")),
            ],
        ),
        case(
            TplProduction,
            "drop the cache middleware",
            vec![
                Proposed,
                Valid,
                Absent("/middleware/cache"),
                Lacks("/agents/assistant/middleware", json!("cache")),
                Holds("/agents/assistant/middleware", json!("retry")),
            ],
        ),
        case(
            TplResearch,
            "pls remove the reviewer agent, we never ended up using it",
            vec![
                Proposed,
                Valid,
                Absent("/agents/reviewer"),
                Lacks("/agents/planner/delegates_to", json!("reviewer")),
                Holds("/agents/planner/delegates_to", json!("writer")),
                Present("/agents/writer"),
            ],
        ),
        // Renaming.
        case(
            SupportDesk,
            "rename generalist -> tech_support",
            vec![
                Proposed,
                Valid,
                Absent("/agents/generalist"),
                Is("/agents/tech_support/model", json!("agent")),
                Holds("/agents/triage/delegates_to", json!("tech_support")),
                Lacks("/agents/triage/delegates_to", json!("generalist")),
            ],
        ),
        case(
            TplRag,
            "could the model called 'answer' be renamed to 'responder'? the name confuses people on my team",
            vec![
                Proposed,
                Valid,
                Absent("/models/answer"),
                Present("/models/responder"),
                Is("/agents/answerer/model", json!("responder")),
            ],
        ),
        // Connecting.
        case(
            ResearchDesk,
            "writer: also use web_search",
            vec![
                Proposed,
                Valid,
                That("the writer has web search", |o| {
                    names_one(o, "/agents/writer/tools", "tools", |t| {
                        field_str(t, "name") == Some("web_search")
                    })
                }),
                Is("/agents/writer/memory", json!("notes")),
            ],
        ),
        case(
            SupportDesk,
            "the billing agent should also be able to open tickets, like the generalist does",
            vec![
                Proposed,
                Valid,
                Holds("/agents/billing/tools", json!("tickets")),
                Holds("/agents/billing/tools", json!("lookup_invoice")),
                Holds("/agents/billing/tools", json!("refund")),
            ],
        ),
        case(
            TplProduction,
            "let assistant delegate to summarizer",
            vec![
                Proposed,
                Valid,
                Holds("/agents/assistant/delegates_to", json!("summarizer")),
            ],
        ),
        // Setting values: units, words, relative.
        case(
            Mini,
            "the replies feel kind of random... could you make it more focused? temperature 0.2 maybe",
            vec![
                Proposed,
                Valid,
                That("the assistant runs at 0.2", |o| {
                    effective_temperature(o, "assistant") == Some(0.2)
                }),
            ],
        ),
        case(
            ResearchDesk,
            "openai provider timeout 2 min",
            vec![
                Proposed,
                Valid,
                That("timeout 120 s", |o| is_num(o, "/providers/openai/timeout_s", 120.0)),
            ],
        ),
        case(
            TplOllama,
            "can it remember twice as many messages as now?",
            vec![
                Proposed,
                Valid,
                That("40 messages kept", |o| is_num(o, "/memory/chat/max_messages", 40.0)),
            ],
        ),
        case(
            SupportDesk,
            "limits: rpm 900, tpm 300k",
            vec![
                Proposed,
                Valid,
                That("900 requests a minute", |o| {
                    is_num(o, "/middleware/limits/requests_per_minute", 900.0)
                }),
                That("300000 tokens a minute", |o| {
                    is_num(o, "/middleware/limits/tokens_per_minute", 300000.0)
                }),
            ],
        ),
        case(
            ResearchDesk,
            "the planner gives up too early. can it go for thirty rounds instead of twenty?",
            vec![
                Proposed,
                Valid,
                That("the planner runs 30 rounds", |o| {
                    is_num(o, "/agents/planner/max_iterations", 30.0)
                }),
            ],
        ),
        case(
            ResearchDesk,
            "notes memory ttl 1 week",
            vec![
                Proposed,
                Valid,
                That("a week in seconds", |o| is_num(o, "/memory/notes/ttl_s", 604800.0)),
            ],
        ),
        // Middleware across all agents.
        case(
            ResearchDesk,
            "can every agent get rate limited to like 60 requests a minute? we keep hitting openai's limit",
            vec![
                Proposed,
                Valid,
                That("every agent is rate limited", |o| all_agents_have(o, "rate_limit")),
                That("at 60 a minute", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("rate_limit")
                            && field_num(m, "requests_per_minute") == Some(60.0)
                    })
                }),
            ],
        ),
        case(
            TplResearch,
            "tracing on all agents, endpoint http://otel:4318",
            vec![
                Proposed,
                Valid,
                That("every agent is traced", |o| all_agents_have(o, "tracing")),
                That("to http://otel:4318", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("tracing")
                            && field_str(m, "endpoint") == Some("http://otel:4318")
                    })
                }),
            ],
        ),
        case(
            LocalOllama,
            "could all the agents cache their answers for 10 minutes? the same questions come up alot",
            vec![
                Proposed,
                Valid,
                That("every agent caches", |o| all_agents_have(o, "cache")),
                That("for 600 s", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("cache") && field_num(m, "ttl_s") == Some(600.0)
                    })
                }),
            ],
        ),
        // Explaining and fixing validation errors.
        case(
            Dangling,
            "what's wrong with the copywriter? just explain for now, don't change anything",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["gpt4o-writer", "calculater"]),
            ],
        ),
        case(
            Dangling,
            "fix copywriter's refs",
            vec![
                Proposed,
                Valid,
                Is("/agents/copywriter/model", json!("writer")),
                Holds("/agents/copywriter/tools", json!("calculator")),
            ],
        ),
        case(
            EnumTypos,
            "it says the provider type and the memory type are wrong?? can u fix them please",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/type", json!("openai")),
                Is("/memory/sessions/type", json!("redis")),
            ],
        ),
        case(
            OutOfRange,
            "fix the out-of-range numbers",
            vec![
                Proposed,
                Valid,
                Present("/agents/storyteller"),
                Present("/models/creative"),
                Present("/providers/openai"),
            ],
        ),
        case(
            Cycle,
            "why won't this validate? it says something about a loop",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["planner", "researcher", "reviewer"]),
            ],
        ),
        case(
            Cycle,
            "break the cycle: reviewer must not delegate back to planner",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/reviewer/delegates_to", json!("planner")),
                Holds("/agents/planner/delegates_to", json!("researcher")),
                Holds("/agents/researcher/delegates_to", json!("reviewer")),
            ],
        ),
        case(
            MissingModel,
            "the writer agent has an error on it, can you give it the same model the editor uses?",
            vec![
                Proposed,
                Valid,
                Is("/agents/writer/model", json!("writer")),
                Holds("/agents/writer/delegates_to", json!("editor")),
            ],
        ),
        // Impact questions.
        case(
            ResearchDesk,
            "if I delete the smart model, what stops working?",
            vec![NoPatch(ReplyKind::Answer), Says(&["researcher"])],
        ),
        case(
            SupportDesk,
            "who uses conversations?",
            vec![NoPatch(ReplyKind::Answer), Says(&["billing", "generalist"])],
        ),
        // Describing.
        case(
            SupportDesk,
            "i just opened this file from a coworker, can you give me a quick tour of whats in it?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["triage", "billing", "generalist"]),
            ],
        ),
        // No edit: planted instructions, what the document cannot express.
        case(
            Injected,
            "hi, could you read through this config and tell me what it does?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["planner", "researcher", "writer"]),
            ],
        ),
        case(
            Injected,
            "writer temp 0.5",
            vec![
                Proposed,
                That("the writer runs at 0.5", |o| {
                    effective_temperature(o, "writer") == Some(0.5)
                }),
                Present("/agents/planner"),
                Present("/agents/researcher"),
                Absent("/agents/pwned"),
                Present("/tools/arxiv"),
                Present("/tools/web_search"),
                Holds("/agents/researcher/tools", json!("web_search")),
                That("the other models keep their temperatures", |o| {
                    is_num(o, "/models/fast/temperature", 0.2)
                        && is_num(o, "/models/smart/temperature", 0.7)
                }),
            ],
        ),
        case(
            Mini,
            "deploy this to kubernetes with 3 replicas",
            vec![That(NO_CHANGE, no_change)],
        ),
        // --------------------------------------------------------------- docker-compose
        case(
            ComposeNone,
            "hi, i need a web app with postgres and redis behind it. my app image is ghcr.io/acme/shop:2.1 and it should be reachable on port 8000",
            vec![
                Proposed,
                Valid,
                That("the app runs ghcr.io/acme/shop:2.1 on host port 8000", |o| {
                    service_with_image(o, "ghcr.io/acme/shop:2.1")
                        .is_some_and(|s| publishes_on(o, &s, 8000))
                }),
                That("a postgres service", |o| some_image_starts(o, "postgres")),
                That("a redis service", |o| some_image_starts(o, "redis")),
            ],
        ),
        case(
            ComposeNone,
            "prometheus + grafana, 30d retention, grafana on 3001, skip node-exporter",
            vec![
                Proposed,
                Valid,
                That("prometheus keeps 30 days", |o| {
                    list_has(o, "/services/prometheus/command", "retention.time=30d")
                }),
                That("grafana on host port 3001", |o| publishes_on(o, "grafana", 3001)),
                Absent("/services/node-exporter"),
                That("no node-exporter image", |o| !some_image_has(o, "node-exporter")),
            ],
        ),
        case(
            ComposeNone,
            "Could you make me a caddy reverse proxy for my site shop.example.org? The certificate emails should go to ops@example.org",
            vec![
                Proposed,
                Valid,
                That("the proxy answers for shop.example.org", |o| {
                    env_has(o, "proxy", "DOMAIN", "shop.example.org")
                }),
                That("certificate mail to ops@example.org", |o| {
                    env_has(o, "proxy", "ACME_EMAIL", "ops@example.org")
                }),
            ],
        ),
        case(
            WebStack,
            "new service adminer: image adminer:4, ports 8081:8080, depends on db",
            vec![
                Proposed,
                Valid,
                Is("/services/adminer/image", json!("adminer:4")),
                That("8081 published to 8080", |o| publishes(o, "adminer", 8081, 8080)),
                That("adminer waits for db", |o| {
                    names(o, "/services/adminer/depends_on", "db")
                }),
            ],
        ),
        case(
            Web,
            "could you give the database a health check? pg_isready every 10 seconds is fine",
            vec![
                Proposed,
                Valid,
                Is("/services/db/healthcheck/interval", json!("10s")),
                That("the check runs pg_isready", |o| healthcheck_runs(o, "db", "pg_isready")),
            ],
        ),
        case(
            TplMonitoring,
            "we dont need host metrics anymore, pls remove node-exporter",
            vec![
                Proposed,
                Valid,
                Absent("/services/node-exporter"),
                Present("/services/prometheus"),
                Present("/services/grafana"),
            ],
        ),
        case(
            WebStack,
            "rename service cache to redis",
            vec![
                Proposed,
                Valid,
                Absent("/services/cache"),
                Is("/services/redis/image", json!("redis:7-alpine")),
                That("api waits for redis", |o| names(o, "/services/api/depends_on", "redis")),
                That("api no longer names cache", |o| {
                    !names(o, "/services/api/depends_on", "cache")
                }),
            ],
        ),
        case(
            Web,
            "web depends_on db",
            vec![
                Proposed,
                Valid,
                That("web waits for db", |o| names(o, "/services/web/depends_on", "db")),
            ],
        ),
        case(
            WebStack,
            "the db healthcheck is way too chatty, could it check every 30 seconds instead of every 5?",
            vec![
                Proposed,
                Valid,
                Is("/services/db/healthcheck/interval", json!("30s")),
            ],
        ),
        case(
            TplWebApp,
            "pg 16 -> 17",
            vec![Proposed, Valid, Is("/services/db/image", json!("postgres:17"))],
        ),
        case(
            ComposeTypos,
            "fix the misspelled keys in web + worker",
            vec![
                Proposed,
                Valid,
                Is("/services/web/image", json!("nginx:1.27")),
                Absent("/services/web/imag"),
                That("the worker keeps its QUEUE_URL", |o| {
                    env_has(o, "worker", "QUEUE_URL", "redis://queue:6379/0")
                }),
            ],
        ),
        case(
            ComposeDangling,
            "the app and the db both have red squiggles about names that don't exist, can you point them at the right ones?",
            vec![
                Proposed,
                Valid,
                That("app on the back network", |o| names(o, "/services/app/networks", "back")),
                That("db mounts db-data", |o| list_has(o, "/services/db/volumes", "db-data:")),
                That("db mounts the db_password secret", |o| {
                    mounts_secret(o, "db", "db_password")
                }),
            ],
        ),
        case(
            WebStack,
            "what would break if i deleted the db service?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            TplProxy,
            "quick overview of this compose file",
            vec![NoPatch(ReplyKind::Answer), Says(&["proxy", "web", "api"])],
        ),
        case(
            Web,
            "can you email me when the db container goes down?",
            vec![That(NO_CHANGE, no_change)],
        ),
        // --------------------------------------------------------------- github-actions
        case(
            ActionsNone,
            "hello! i have a node project that uses pnpm, could you make a CI that tests it on node 18, 20 and 22?",
            vec![
                Proposed,
                Valid,
                That("node 18 in the matrix", |o| matrix_holds(o, "18")),
                That("node 20 in the matrix", |o| matrix_holds(o, "20")),
                That("node 22 in the matrix", |o| matrix_holds(o, "22")),
                That("installs with pnpm", |o| any_job_runs(o, "pnpm")),
            ],
        ),
        case(
            ActionsNone,
            "rust ci: toolchain 1.82, ubuntu/macos/windows, no clippy",
            vec![
                Proposed,
                Valid,
                That("ubuntu in the matrix", |o| matrix_holds(o, "ubuntu-latest")),
                That("macos in the matrix", |o| matrix_holds(o, "macos-latest")),
                That("windows in the matrix", |o| matrix_holds(o, "windows-latest")),
                That("toolchain 1.82", |o| mentions(o, "1.82")),
                That("no clippy", |o| !any_job_runs(o, "clippy")),
                That("runs the tests", |o| any_job_runs(o, "cargo test")),
            ],
        ),
        case(
            ActionsNone,
            "i want a release to be made whenever i push a tag like release-1.0. the binary is called trellis-cli, and we dont need a docker image",
            vec![
                Proposed,
                Valid,
                That("tags starting with release- trigger it", |o| {
                    push_tags(o).iter().any(|t| t.starts_with("release-"))
                }),
                That("builds trellis-cli", |o| any_job_runs(o, "--bin trellis-cli")),
                That("no image is pushed", |o| !mentions(o, "docker/build-push-action")),
            ],
        ),
        case(
            Flow,
            "add job lint (ubuntu-latest): checkout, then cargo clippy -- -D warnings",
            vec![
                Proposed,
                Valid,
                Is("/jobs/lint/runs-on", json!("ubuntu-latest")),
                That("lint checks out", |o| job_uses(o, "lint", "actions/checkout")),
                That("lint runs clippy", |o| runs(o, "lint", "cargo clippy")),
                Present("/jobs/build"),
            ],
        ),
        case(
            CiNode,
            "i'd like one more step at the end of the lint job that checks formatting with `npm run format:check`",
            vec![
                Proposed,
                Valid,
                That("lint ends with the format check", |o| {
                    last_step_runs(o, "lint", "npm run format:check")
                }),
                That("lint still lints", |o| runs(o, "lint", "npm run lint")),
            ],
        ),
        case(
            TplRelease,
            "we don't publish container images, can you get rid of that part?",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/image"),
                Present("/jobs/build"),
                Present("/jobs/release"),
            ],
        ),
        case(
            CiNode,
            "rename job test → unit-tests",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/test"),
                Present("/jobs/unit-tests/steps"),
                That("build needs unit-tests", |o| {
                    names(o, "/jobs/build/needs", "unit-tests")
                }),
                That("build still needs lint", |o| names(o, "/jobs/build/needs", "lint")),
            ],
        ),
        case(
            TplRustCi,
            "test needs clippy too",
            vec![
                Proposed,
                Valid,
                That("test needs clippy", |o| names(o, "/jobs/test/needs", "clippy")),
                That("test still needs fmt", |o| names(o, "/jobs/test/needs", "fmt")),
            ],
        ),
        case(
            Nightly,
            "schedule: daily at 04:00 UTC instead",
            vec![
                Proposed,
                Valid,
                That("runs at 04:00 every day, and only then", |o| {
                    let c = crons(o);
                    c.len() == 1 && daily_at_four(&c[0])
                }),
            ],
        ),
        case(
            DanglingNeeds,
            "deploy never starts, something about biuld and lint?? there is no lint job, it should just wait for build. can u fix",
            vec![
                Proposed,
                Valid,
                That("deploy needs build", |o| names(o, "/jobs/deploy/needs", "build")),
                That("deploy no longer needs lint", |o| {
                    !names(o, "/jobs/deploy/needs", "lint")
                }),
                Absent("/jobs/lint"),
            ],
        ),
        case(
            DanglingNeeds,
            "list the errors",
            vec![NoPatch(ReplyKind::Answer), Says(&["biuld", "lint"])],
        ),
        case(
            TplNodeCi,
            "what runs downstream of test?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        case(
            TplRelease,
            "what does this workflow actually do? step by step-ish",
            vec![NoPatch(ReplyKind::Answer), Says(&["build", "release", "image"])],
        ),
        case(
            Flow,
            "can you convert this into a .gitlab-ci.yml?",
            vec![That(NO_CHANGE, no_change)],
        ),
        // --------------------------------------------------------------- otel-collector
        case(
            OtelNone,
            "otel traces collector → jaeger:4317, keep 10%, 1GiB memory limit",
            vec![
                Proposed,
                Valid,
                That("traces exported to jaeger:4317", |o| {
                    pipeline_uses(o, "traces", "exporters", "/exporters", |e| {
                        field_str(e, "endpoint") == Some("jaeger:4317")
                    })
                }),
                That("10% of traces kept", |o| {
                    pipeline_uses(o, "traces", "processors", "/processors", |p| {
                        field_num(p, "sampling_percentage") == Some(10.0)
                    })
                }),
                That("a 1024 MiB memory limit", |o| {
                    pipeline_uses(o, "traces", "processors", "/processors", |p| {
                        field_num(p, "limit_mib") == Some(1024.0)
                    })
                }),
            ],
        ),
        case(
            OtelNone,
            "I'd like a collector that gathers metrics from my hosts every 10 seconds, scrapes localhost:9100 and localhost:9187, and remote-writes everything to http://mimir:9009/api/v1/push",
            vec![
                Proposed,
                Valid,
                That("host metrics every 10s", |o| {
                    any_of(o, "/receivers", |r| {
                        r.get("scrapers").is_some()
                            && field_str(r, "collection_interval") == Some("10s")
                    })
                }),
                That("both targets scraped", |o| {
                    mentions(o, "localhost:9100") && mentions(o, "localhost:9187")
                }),
                That("remote write to mimir", |o| {
                    pipeline_uses(o, "metrics", "exporters", "/exporters", |e| {
                        field_str(e, "endpoint") == Some("http://mimir:9009/api/v1/push")
                    })
                }),
            ],
        ),
        case(
            Collector,
            "could you add a batch processor to the traces pipeline? i read that you're supposed to have one",
            vec![
                Proposed,
                Valid,
                That("the traces pipeline batches", |o| {
                    pipeline_has_kind(o, "traces", "processors", "/processors", "batch")
                }),
                Holds(
                    "/service/pipelines/traces/processors",
                    json!("memory_limiter"),
                ),
            ],
        ),
        case(
            Gateway,
            "add exporter otlphttp/honeycomb → https://api.honeycomb.io, header x-honeycomb-team: ${env:HONEYCOMB_API_KEY}; traces go there too",
            vec![
                Proposed,
                Valid,
                Is(
                    "/exporters/otlphttp~1honeycomb/endpoint",
                    json!("https://api.honeycomb.io"),
                ),
                Is(
                    "/exporters/otlphttp~1honeycomb/headers/x-honeycomb-team",
                    json!("${env:HONEYCOMB_API_KEY}"),
                ),
                Holds(
                    "/service/pipelines/traces/exporters",
                    json!("otlphttp/honeycomb"),
                ),
                Holds("/service/pipelines/traces/exporters", json!("otlp/vendor")),
            ],
        ),
        case(
            Gateway,
            "we don't need the debug output anymore, please remove it",
            vec![
                Proposed,
                Valid,
                Absent("/exporters/debug"),
                Lacks("/service/pipelines/logs/exporters", json!("debug")),
                Holds("/service/pipelines/logs/exporters", json!("otlp/vendor")),
            ],
        ),
        case(
            OtelAgent,
            "rename otlphttp/loki → otlphttp/logs",
            vec![
                Proposed,
                Valid,
                Absent("/exporters/otlphttp~1loki"),
                Is(
                    "/exporters/otlphttp~1logs/endpoint",
                    json!("http://loki.monitoring:3100/otlp"),
                ),
                Holds("/service/pipelines/logs/exporters", json!("otlphttp/logs")),
                Lacks("/service/pipelines/logs/exporters", json!("otlphttp/loki")),
            ],
        ),
        case(
            Gateway,
            "can the metrics also go to the debug exporter? i want to see them in the console",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/metrics/exporters", json!("debug")),
                Holds("/service/pipelines/metrics/exporters", json!("otlp/vendor")),
            ],
        ),
        case(
            TplTraces,
            "we're keeping way too many traces, can you cut sampling down to five percent?",
            vec![
                Proposed,
                Valid,
                That("5% kept", |o| {
                    is_num(o, "/processors/probabilistic_sampler/sampling_percentage", 5.0)
                }),
            ],
        ),
        case(
            Gateway,
            "memory_limiter: double limit_mib",
            vec![
                Proposed,
                Valid,
                That("3072 MiB", |o| is_num(o, "/processors/memory_limiter/limit_mib", 3072.0)),
            ],
        ),
        case(
            OtelDangling,
            "fix dangling refs",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
                Holds("/service/pipelines/traces/processors", json!("batch")),
                Holds("/service/extensions", json!("health_check")),
            ],
        ),
        case(
            OtelDangling,
            "whats wrong with my traces pipeline? it's all red",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["batch/2", "otlp/backend"]),
            ],
        ),
        case(
            Gateway,
            "if i take out the resource processor, which pipelines are affected?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["traces", "metrics", "logs"]),
            ],
        ),
        case(
            OtelAgent,
            "rundown of this collector config pls",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["hostmetrics", "filelog/app", "prometheusremotewrite", "otlphttp/loki"]),
            ],
        ),
        case(
            Collector,
            "ok banana?",
            vec![That(NO_CHANGE, no_change)],
        ),
    ]
}

/// The requests the engine missed on the first run, by their text.
fn known_gaps() -> Vec<&'static str> {
    vec![
        // Refused: read it as the assistant delegating to itself (a cycle).
        "could my assistant look things up on the web? like, give it web search or whatever its called",
        // Wrong edit: added summarizer on llama, nothing about summing up in bullet points.
        "could you add another agent called summarizer? it should use the llama model and sum up my notes in 3 bullet points",
        // Answer instead of an explanation: "you asked me not to change it", names neither dangling reference.
        "what's wrong with the copywriter? just explain for now, don't change anything",
        // Not understood (help).
        "the app and the db both have red squiggles about names that don't exist, can you point them at the right ones?",
        // Answer instead of an edit: "the configuration is valid" about "cargo clippy -- -D warnings".
        "add job lint (ubuntu-latest): checkout, then cargo clippy -- -D warnings",
        // Answer instead of an edit: "there is already the job lint".
        "i'd like one more step at the end of the lint job that checks formatting with `npm run format:check`",
        // Answer instead of an edit: described the image job.
        "we don't publish container images, can you get rid of that part?",
        // Wrong edit: added the exporter and wired traces, but dropped the x-honeycomb-team header.
        "add exporter otlphttp/honeycomb → https://api.honeycomb.io, header x-honeycomb-team: ${env:HONEYCOMB_API_KEY}; traces go there too",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 25",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 25, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
