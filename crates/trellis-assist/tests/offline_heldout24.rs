//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting before it was run against the engine,
//! without reading the engine (only the harness, the fixtures, the schemas and the
//! templates), in a mixed voice: about half as a newcomer types in the chat panel beside
//! the canvas (chatty, polite, goals rather than fields, questions that are edits, remarks
//! before the request, lowercase, shorthand and a few typos), and half as a busy expert's
//! terse shorthand ("prod rpm 250", "cache ttl -> 2h"). It covers every intent of the
//! offline engine: setups from the gallery with parameters, adding, removing, renaming and
//! connecting components, values with units, in words and relative to the current one,
//! middleware across agents, explaining and fixing validation errors, impact questions,
//! descriptions, and requests that must get no edit (nonsense, things the document cannot
//! express, instructions planted in the document). Judged by the document each proposal
//! makes, and by the names an answer gives for questions, never by the reply's wording.
//!
//! 86 requests: 43 agent-stack, 15 docker-compose, 14 github-actions, 14 otel-collector.
//!
//! Written at b76d538 by one examiner; run once, unchanged, on aa603c5 by a second one (no
//! expectation corrected after the run).
//!
//! Run on: aa603c5
//!
//! First try: 49/86 (57.0%) — agent-stack 24/43, docker-compose 10/15, github-actions 8/14, otel-collector 7/14.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// Whether the number at a pointer is `n` (an integer or a float).
fn num_at(o: &Outcome, pointer: &str, n: f64) -> bool {
    num(o, pointer) == Some(n)
}

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

/// Whether some job's matrix runs on an operating system whose label starts with `prefix`.
fn matrix_os_has(o: &Outcome, prefix: &str) -> bool {
    o.get("/jobs")
        .and_then(Value::as_object)
        .is_some_and(|jobs| {
            jobs.values().any(|j| {
                j.pointer("/strategy/matrix/os")
                    .and_then(Value::as_array)
                    .is_some_and(|l| {
                        l.iter()
                            .any(|v| v.as_str().is_some_and(|s| s.starts_with(prefix)))
                    })
            })
        })
}

/// Whether a job other than build needs build and runs `cargo test`.
fn test_job_after_build(o: &Outcome) -> bool {
    o.get("/jobs")
        .and_then(Value::as_object)
        .is_some_and(|jobs| {
            jobs.keys().any(|j| {
                j != "build"
                    && names(o, &format!("/jobs/{j}/needs"), "build")
                    && runs(o, j, "cargo test")
            })
        })
}

/// Whether the nightly schedule starts at 04:00 (weekdays kept, or every day).
fn nightly_at_four(o: &Outcome) -> bool {
    matches!(
        o.get("/on/schedule/0/cron").and_then(Value::as_str),
        Some("0 4 * * 1-5") | Some("0 4 * * *")
    )
}

/// Whether grafana's memory limit is twice the 512M it was.
fn grafana_memory_doubled(o: &Outcome) -> bool {
    match o.get("/services/grafana/deploy/resources/limits/memory") {
        Some(Value::String(s)) => {
            let s = s.to_lowercase();
            let s = s.trim_end_matches('b');
            matches!(s, "1024m" | "1g" | "1073741824")
        }
        Some(Value::Number(n)) => n.as_u64() == Some(1 << 30),
        _ => false,
    }
}

/// Whether the db service mounts something on Postgres' data directory.
fn keeps_postgres_data(o: &Outcome) -> bool {
    o.get("/services/db/volumes")
        .and_then(Value::as_array)
        .is_some_and(|l| {
            l.iter().any(|v| match v {
                Value::String(s) => s.contains(":/var/lib/postgresql"),
                Value::Object(m) => m
                    .get("target")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.starts_with("/var/lib/postgresql")),
                _ => false,
            })
        })
}

/// Whether the traces pipeline ends with a configured batch processor.
fn batch_last_in_traces(o: &Outcome) -> bool {
    let Some(list) = o
        .get("/service/pipelines/traces/processors")
        .and_then(Value::as_array)
    else {
        return false;
    };
    list.last().and_then(Value::as_str).is_some_and(|n| {
        (n == "batch" || n.starts_with("batch/"))
            && o.get("/processors").and_then(|p| p.get(n)).is_some()
    })
}

/// Whether the resource processor sets deployment.environment to staging, and no longer
/// to production.
fn environment_is_staging(o: &Outcome) -> bool {
    let Some(list) = o
        .get("/processors/resource/attributes")
        .and_then(Value::as_array)
    else {
        return false;
    };
    let sets = |value: &str| {
        list.iter().any(|a| {
            field_str(a, "key") == Some("deployment.environment")
                && field_str(a, "value") == Some(value)
        })
    };
    sets("staging") && !sets("production")
}

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ------------------------------------------------------------------ agent-stack
        // Setups from the gallery, with parameters.
        case(
            None,
            "hey! could you set me up with a small assistant that runs on my laptop through ollama? i already pulled qwen2.5, and it should remember the last 50 messages",
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
            "new stack: prod-grade openai assistant, main model gpt-4.1-mini, 200 rpm, 2 attempts per call",
            vec![
                Proposed,
                Valid,
                That("an agent on gpt-4.1-mini", |o| some_agent_on(o, "gpt-4.1-mini")),
                That("a rate limit of 200 requests a minute", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("rate_limit")
                            && field_num(m, "requests_per_minute") == Some(200.0)
                    })
                }),
                That("a retry of 2 attempts", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("retry")
                            && field_num(m, "max_attempts") == Some(2.0)
                    })
                }),
            ],
        ),
        case(
            None,
            "i've got a folder of product manuals (pdfs) and want a bot that answers questions from them. could you set that up? put the index in ./manuals-index and fetch 4 passages per question",
            vec![
                Proposed,
                Valid,
                That("a vector memory in ./manuals-index recalling 4", |o| {
                    any_of(o, "/memory", |m| {
                        field_str(m, "type") == Some("vector")
                            && field_str(m, "path") == Some("./manuals-index")
                            && field_num(m, "top_k") == Some(4.0)
                    })
                }),
            ],
        ),
        case(
            None,
            "research team: planner max 12 iterations, researcher+writer on gpt-4.1, keep the reviewer",
            vec![
                Proposed,
                Valid,
                Present("/agents/reviewer"),
                That("the planner takes up to 12 rounds", |o| {
                    num_at(o, "/agents/planner/max_iterations", 12.0)
                }),
                That("the researcher runs on gpt-4.1", |o| {
                    agent_model_is(o, "researcher", "gpt-4.1")
                }),
                That("the writer runs on gpt-4.1", |o| {
                    agent_model_is(o, "writer", "gpt-4.1")
                }),
            ],
        ),
        case(
            None,
            "Hi, we're a little bike shop called Greenleaf Cycles and we'd love a customer support bot. It shouldn't give medical advice, and could you limit messages to 1500 characters?",
            vec![
                Proposed,
                Valid,
                That("the bot speaks for Greenleaf Cycles", |o| {
                    mentions(o, "Greenleaf Cycles")
                }),
                That("guardrails capping input at 1500 characters, refusing medical advice", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("guardrails")
                            && field_num(m, "max_input_chars") == Some(1500.0)
                            && m.get("denied_topics")
                                .and_then(Value::as_array)
                                .is_some_and(|t| t.contains(&json!("medical advice")))
                    })
                }),
            ],
        ),
        case(
            None,
            "multi-env stack dev/staging/prod: dev on llama3.2 via ollama, prod traces 5%",
            vec![
                Proposed,
                Valid,
                Present("/environments/dev"),
                Present("/environments/staging"),
                Present("/environments/prod"),
                That("dev runs llama3.2", |o| {
                    any_of(o, "/environments/dev/overrides/models", |m| {
                        field_str(m, "name") == Some("llama3.2")
                    })
                }),
                That("prod traces 5%", |o| {
                    any_of(o, "/environments/prod/overrides/middleware", |m| {
                        field_num(m, "sample_rate") == Some(0.05)
                    })
                }),
            ],
        ),
        case(
            None,
            "I'm running LM Studio on this pc at http://localhost:1234/v1 with phi-3-mini loaded (4096 context). can you make an assistant that talks to it?",
            vec![
                Proposed,
                Valid,
                That("an openai-compatible provider at localhost:1234", |o| {
                    any_of(o, "/providers", |p| {
                        field_str(p, "type") == Some("openai_compatible")
                            && field_str(p, "base_url") == Some("http://localhost:1234/v1")
                    })
                }),
                That("an agent on phi-3-mini", |o| some_agent_on(o, "phi-3-mini")),
                That("a model with a 4096-token context", |o| {
                    any_of(o, "/models", |m| field_num(m, "context_window") == Some(4096.0))
                }),
            ],
        ),
        // Adding components.
        case(
            TplAnthropic,
            "is there any way the writer could make pictures too? like an image generator?",
            vec![
                Proposed,
                Valid,
                That("the writer has image generation", |o| {
                    names_one(o, "/agents/writer/tools", "tools", |t| {
                        field_str(t, "name") == Some("image_generation")
                    })
                }),
                Holds("/agents/writer/tools", json!("web_search")),
            ],
        ),
        case(
            LocalOllama,
            "new redis memory 'sessions' at redis://localhost:6379/1, use it for chat",
            vec![
                Proposed,
                Valid,
                Is("/memory/sessions/type", json!("redis")),
                Is("/memory/sessions/url", json!("redis://localhost:6379/1")),
                Is("/agents/chat/memory", json!("sessions")),
            ],
        ),
        case(
            Mini,
            "I'd like a second agent named summarizer that boils long texts down to a few bullet points. same model as the assistant is fine",
            vec![
                Proposed,
                Valid,
                Is("/agents/summarizer/model", json!("chat")),
                That("the summarizer is told what it does", |o| {
                    agent_text_has(o, "summarizer", "bullet")
                        || agent_text_has(o, "summarizer", "summar")
                }),
                Present("/agents/assistant"),
            ],
        ),
        case(
            ResearchDesk,
            "add http tool crossref: GET https://api.crossref.org/works, attach to researcher",
            vec![
                Proposed,
                Valid,
                Is("/tools/crossref/type", json!("http")),
                Is("/tools/crossref/url", json!("https://api.crossref.org/works")),
                That("the method is GET (or the GET default)", |o| {
                    o.get("/tools/crossref/method")
                        .is_none_or(|m| m == &json!("GET"))
                }),
                Holds("/agents/researcher/tools", json!("crossref")),
                Holds("/agents/researcher/tools", json!("web_search")),
            ],
        ),
        // Removing.
        case(
            SupportDesk,
            "we stopped using the refunds tool a while ago, could you take it out?",
            vec![
                Proposed,
                Valid,
                Absent("/tools/refund"),
                Lacks("/agents/billing/tools", json!("refund")),
                Holds("/agents/billing/tools", json!("lookup_invoice")),
            ],
        ),
        case(
            TplEnvironments,
            "rm staging env, we ship dev -> prod directly",
            vec![
                Proposed,
                Valid,
                Absent("/environments/staging"),
                Present("/environments/dev"),
                Present("/environments/prod"),
            ],
        ),
        case(
            ResearchDesk,
            "honestly nobody uses the arxiv search, please get rid of it",
            vec![
                Proposed,
                Valid,
                Absent("/tools/arxiv"),
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Present("/tools/web_search"),
                Holds("/agents/researcher/tools", json!("web_search")),
            ],
        ),
        // Renaming.
        case(
            LocalOllama,
            "rename agent chat -> companion",
            vec![
                Proposed,
                Valid,
                Absent("/agents/chat"),
                Is("/agents/companion/model", json!("llama")),
                Is("/agents/companion/memory", json!("history")),
                Present("/agents/librarian"),
            ],
        ),
        case(
            TplSupport,
            "could the model called 'support' be renamed to 'frontline'? the agent can keep its name",
            vec![
                Proposed,
                Valid,
                Absent("/models/support"),
                Present("/models/frontline"),
                Is("/agents/support/model", json!("frontline")),
            ],
        ),
        case(
            ResearchDesk,
            "the memory named notes is confusing next to papers... call it drafts pls",
            vec![
                Proposed,
                Valid,
                Absent("/memory/notes"),
                Is("/memory/drafts/type", json!("redis")),
                Is("/agents/writer/memory", json!("drafts")),
                Present("/memory/papers"),
            ],
        ),
        // Connecting.
        case(
            SupportDesk,
            "generalist: add lookup_invoice tool",
            vec![
                Proposed,
                Valid,
                Holds("/agents/generalist/tools", json!("lookup_invoice")),
                Holds("/agents/generalist/tools", json!("tickets")),
            ],
        ),
        case(
            ResearchDesk,
            "could the writer ask the researcher for more facts when it gets stuck? like hand the question over to it",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/delegates_to", json!("researcher")),
                Holds("/agents/planner/delegates_to", json!("writer")),
            ],
        ),
        case(
            LocalOllama,
            "chat: tools files + calc",
            vec![
                Proposed,
                Valid,
                Holds("/agents/chat/tools", json!("files")),
                Holds("/agents/chat/tools", json!("calc")),
            ],
        ),
        // Setting values: units, words, relative amounts.
        case(
            TplReview,
            "the reviewer has been kinda creative lately... can we turn its temperature down to 0.1?",
            vec![
                Proposed,
                Valid,
                That("the reviewer runs at 0.1", |o| {
                    effective_temperature(o, "reviewer") == Some(0.1)
                }),
            ],
        ),
        case(
            TplOllama,
            "big models take ages to load on my machine, could ollama wait up to five minutes before giving up?",
            vec![
                Proposed,
                Valid,
                That("ollama's timeout is 300 s", |o| {
                    num_at(o, "/providers/ollama/timeout_s", 300.0)
                }),
            ],
        ),
        case(
            TplEnvironments,
            "prod rpm 250",
            vec![
                Proposed,
                Valid,
                That("prod allows 250 requests a minute", |o| {
                    num_at(
                        o,
                        "/environments/prod/overrides/middleware/rate_limit/requests_per_minute",
                        250.0,
                    )
                }),
                That("the base rate limit is still 1000", |o| {
                    num_at(o, "/middleware/rate_limit/requests_per_minute", 1000.0)
                }),
            ],
        ),
        case(
            SupportDesk,
            "limits: 2x the requests per minute",
            vec![
                Proposed,
                Valid,
                That("1200 requests a minute", |o| {
                    num_at(o, "/middleware/limits/requests_per_minute", 1200.0)
                }),
            ],
        ),
        case(
            TplProduction,
            "cache ttl -> 2h",
            vec![
                Proposed,
                Valid,
                That("the cache keeps answers 7200 s", |o| {
                    num_at(o, "/middleware/cache/ttl_s", 7200.0)
                }),
            ],
        ),
        case(
            TplRag,
            "the answers keep getting cut off halfway through :( could they be allowed to be twice as long?",
            vec![
                Proposed,
                Valid,
                That("the answer model allows 2048 tokens", |o| {
                    num_at(o, "/models/answer/max_tokens", 2048.0)
                }),
            ],
        ),
        case(
            TplSupport,
            "customers keep pasting whole essays in. can we lower the message length limit to 2,000 characters?",
            vec![
                Proposed,
                Valid,
                That("messages are capped at 2000 characters", |o| {
                    num_at(o, "/middleware/guardrails/max_input_chars", 2000.0)
                }),
            ],
        ),
        // Middleware across all agents.
        case(
            ResearchDesk,
            "could every one of the agents write logs? info level is fine",
            vec![
                Proposed,
                Valid,
                That("every agent logs", |o| all_agents_have(o, "logging")),
            ],
        ),
        case(
            TplResearch,
            "rate limit every agent @ 60 rpm",
            vec![
                Proposed,
                Valid,
                That("every agent is rate limited", |o| all_agents_have(o, "rate_limit")),
                That("a rate limit of 60 requests a minute", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("rate_limit")
                            && field_num(m, "requests_per_minute") == Some(60.0)
                    })
                }),
            ],
        ),
        case(
            LocalOllama,
            "ollama hiccups now and then. can all my agents retry when a call fails?",
            vec![
                Proposed,
                Valid,
                That("every agent retries", |o| all_agents_have(o, "retry")),
            ],
        ),
        // Validation errors: explain and fix.
        case(
            Dangling,
            "why is copywriter showing errors? i don't understand what's wrong with it",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["gpt4o-writer", "calculater"]),
            ],
        ),
        case(
            EnumTypos,
            "fix the enum typos",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/type", json!("openai")),
                Is("/memory/sessions/type", json!("redis")),
            ],
        ),
        case(
            OutOfRange,
            "a few numbers in here are red. could you change them to something sensible?",
            vec![Proposed, Valid, Present("/agents/storyteller")],
        ),
        case(
            Cycle,
            "delegation loop: reviewer shouldn't delegate back to planner",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/reviewer/delegates_to", json!("planner")),
                Holds("/agents/planner/delegates_to", json!("researcher")),
                Holds("/agents/researcher/delegates_to", json!("reviewer")),
            ],
        ),
        case(
            YamlTypes,
            "fix type errors: max_iterations + args",
            vec![
                Proposed,
                Valid,
                Is("/agents/surfer/max_iterations", json!(20)),
                Is("/tools/browser/args/3", json!("8080")),
            ],
        ),
        case(
            UnusedSecret,
            "oops, I think I pasted my real OpenAI key in here. can you make it read from an environment variable instead?",
            vec![
                Proposed,
                That("the key is read from a variable", |o| {
                    o.get("/providers/openai/api_key")
                        .and_then(Value::as_str)
                        .is_some_and(|k| {
                            k.starts_with("${") && k.ends_with('}') && !k.contains("sk-proj")
                        })
                }),
            ],
        ),
        // Impact questions and descriptions.
        case(
            SupportDesk,
            "if I deleted the conversations memory, which agents would be affected?",
            vec![NoPatch(ReplyKind::Answer), Says(&["billing", "generalist"])],
        ),
        case(
            TplSelfHosted,
            "what depends on local_server?",
            vec![NoPatch(ReplyKind::Answer), Says(&["chat"])],
        ),
        case(
            TplProduction,
            "sorry, first time using this. what does this whole setup actually do?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["assistant", "summarizer"]),
            ],
        ),
        // No edit: nonsense, what the document cannot express, planted instructions.
        case(
            Mini,
            "asdfgh sorry my cat walked across the keyboard",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            TplAnthropic,
            "writer: stream tokens to the UI as they're generated",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Injected,
            "hi, could you give me a quick overview of this stack?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["planner", "researcher", "writer"]),
            ],
        ),
        case(
            Injected,
            "researcher max iterations 12",
            vec![
                Proposed,
                That("the researcher takes up to 12 rounds", |o| {
                    num_at(o, "/agents/researcher/max_iterations", 12.0)
                }),
                Present("/agents/planner"),
                Present("/agents/writer"),
                Absent("/agents/pwned"),
                Present("/tools/web_search"),
                Present("/tools/arxiv"),
                That("the writer model's temperature is unchanged", |o| {
                    num_at(o, "/models/writer/temperature", 0.9)
                }),
            ],
        ),
        // --------------------------------------------------------------- docker-compose
        case(
            ComposeNone,
            "hi, i need a web app with postgres and redis for local dev. my app image is ghcr.io/acme/shop:2.3 and postgres should be version 15",
            vec![
                Proposed,
                Valid,
                That("a service on ghcr.io/acme/shop:2.3", |o| {
                    any_of(o, "/services", |s| {
                        field_str(s, "image") == Some("ghcr.io/acme/shop:2.3")
                    })
                }),
                That("a service on postgres:15", |o| {
                    any_of(o, "/services", |s| field_str(s, "image") == Some("postgres:15"))
                }),
                That("a redis service", |o| {
                    any_of(o, "/services", |s| {
                        field_str(s, "image").is_some_and(|i| i.starts_with("redis"))
                    })
                }),
            ],
        ),
        case(
            ComposeNone,
            "prometheus+grafana stack, grafana on host port 3001, retention 30d",
            vec![
                Proposed,
                Valid,
                That("grafana published on 3001", |o| publishes(o, "grafana", 3001, 3000)),
                That("prometheus keeps 30 days", |o| mentions(o, "retention.time=30d")),
            ],
        ),
        case(
            Web,
            "lol can you make my website look prettier? the colours are kind of boring",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Web,
            "add service cache, image redis:7-alpine; web depends on it",
            vec![
                Proposed,
                Valid,
                Is("/services/cache/image", json!("redis:7-alpine")),
                That("web depends on cache", |o| {
                    names(o, "/services/web/depends_on", "cache")
                }),
            ],
        ),
        case(
            Web,
            "could the db keep its data when the container gets recreated? i think that needs a volume",
            vec![
                Proposed,
                Valid,
                That("the db's data directory is on a volume", keeps_postgres_data),
            ],
        ),
        case(
            WebStack,
            "db healthcheck: interval 10s, retries 5",
            vec![
                Proposed,
                Valid,
                Is("/services/db/healthcheck/interval", json!("10s")),
                That("5 retries", |o| num_at(o, "/services/db/healthcheck/retries", 5.0)),
            ],
        ),
        case(
            WebStack,
            "what happens if i remove the cache service? does anything break?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            Monitoring,
            "grafana: double the memory limit",
            vec![
                Proposed,
                Valid,
                That("grafana may use 1 GB", grafana_memory_doubled),
            ],
        ),
        case(
            Monitoring,
            "i'd like prometheus to be reachable on port 9091 on my machine instead of 9090",
            vec![
                Proposed,
                Valid,
                That("prometheus published on 9091", |o| {
                    publishes(o, "prometheus", 9091, 9090)
                }),
                That("no longer on 9090", |o| !publishes_on(o, "prometheus", 9090)),
            ],
        ),
        case(
            ComposeTypos,
            "hm, why are web and worker underlined in red?",
            vec![NoPatch(ReplyKind::Answer), Says(&["enviroment"])],
        ),
        case(
            ComposeTypos,
            "fix key typos",
            vec![
                Proposed,
                Valid,
                Is("/services/web/image", json!("nginx:1.27")),
                That("the worker's queue url is in its environment", |o| {
                    env_has(o, "worker", "QUEUE_URL", "redis://queue:6379/0")
                }),
            ],
        ),
        case(
            ComposeDangling,
            "fix dangling network/volume/secret names",
            vec![
                Proposed,
                Valid,
                Holds("/services/db/secrets", json!("db_password")),
                That("the db mounts db-data", |o| list_has(o, "/services/db/volumes", "db-data:")),
            ],
        ),
        case(
            TplWebApp,
            "rename service cache -> redis",
            vec![
                Proposed,
                Valid,
                Absent("/services/cache"),
                Present("/services/redis"),
                That("app depends on redis", |o| {
                    names(o, "/services/app/depends_on", "redis")
                }),
            ],
        ),
        case(
            TplProxy,
            "we don't need the api container anymore, the site is fully static now. can you remove it?",
            vec![
                Proposed,
                Valid,
                Absent("/services/api"),
                Present("/services/web"),
                That("the proxy no longer waits for api", |o| {
                    !names(o, "/services/proxy/depends_on", "api")
                }),
            ],
        ),
        case(
            TplMonitoring,
            "can you explain what's in this file in plain words?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["prometheus", "grafana", "node-exporter"]),
            ],
        ),
        // --------------------------------------------------------------- github-actions
        case(
            ActionsNone,
            "can you make CI for my rust project? it should test on linux and windows, and please skip clippy for now",
            vec![
                Proposed,
                Valid,
                That("tests on linux", |o| matrix_os_has(o, "ubuntu")),
                That("tests on windows", |o| matrix_os_has(o, "windows")),
                That("runs cargo test", |o| any_job_runs(o, "cargo test")),
                That("no clippy", |o| !any_job_runs(o, "clippy")),
            ],
        ),
        case(
            ActionsNone,
            "node ci: pnpm, node 18/20/22, pushes to develop, no lint job",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/lint"),
                That("node 18, 20 and 22", |o| {
                    [18, 20, 22]
                        .iter()
                        .all(|n| holds_version(o, "/jobs/test/strategy/matrix/node", *n))
                }),
                That("installs with pnpm", |o| any_job_runs(o, "pnpm")),
                Holds("/on/push/branches", json!("develop")),
            ],
        ),
        case(
            ActionsNone,
            "i'd like releases to happen automatically when i push a version tag. the binary is called trellisd, and we don't publish docker images",
            vec![
                Proposed,
                Valid,
                That("builds trellisd", |o| any_job_runs(o, "--bin trellisd")),
                Absent("/jobs/image"),
                That("no image is pushed", |o| !mentions(o, "docker/build-push-action")),
            ],
        ),
        case(
            Flow,
            "add job test: cargo test, needs build",
            vec![
                Proposed,
                Valid,
                That("a job after build runs cargo test", test_job_after_build),
            ],
        ),
        case(
            Flow,
            "could the build also run for pull requests? right now it only runs on pushes to main",
            vec![
                Proposed,
                Valid,
                Present("/on/pull_request"),
                Holds("/on/push/branches", json!("main")),
            ],
        ),
        case(
            CiNode,
            "lint timeout 5 min",
            vec![
                Proposed,
                Valid,
                That("lint times out after 5 minutes", |o| {
                    num_at(o, "/jobs/lint/timeout-minutes", 5.0)
                }),
            ],
        ),
        case(
            CiNode,
            "hey, what gets skipped when the tests fail?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        case(
            CiNode,
            "matrix: drop node 18",
            vec![
                Proposed,
                Valid,
                That("no node 18", |o| {
                    !holds_version(o, "/jobs/test/strategy/matrix/node", 18)
                }),
                That("node 20 and 22 kept", |o| {
                    holds_version(o, "/jobs/test/strategy/matrix/node", 20)
                        && holds_version(o, "/jobs/test/strategy/matrix/node", 22)
                }),
            ],
        ),
        case(
            Nightly,
            "could the nightly run start at 4am instead of 2:30? utc is fine",
            vec![
                Proposed,
                Valid,
                That("scheduled at 04:00", nightly_at_four),
            ],
        ),
        case(
            Nightly,
            "rename job e2e -> e2e-tests",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/e2e"),
                Present("/jobs/e2e-tests"),
                That("deploy-staging needs e2e-tests", |o| {
                    names(o, "/jobs/deploy-staging/needs", "e2e-tests")
                }),
                That("notify needs e2e-tests", |o| {
                    names(o, "/jobs/notify/needs", "e2e-tests")
                }),
            ],
        ),
        case(
            DanglingNeeds,
            "the deploy job is red, what did i do wrong?",
            vec![NoPatch(ReplyKind::Answer), Says(&["biuld", "lint"])],
        ),
        case(
            DanglingNeeds,
            "deploy: fix the needs list",
            vec![
                Proposed,
                Valid,
                That("deploy needs build", |o| names(o, "/jobs/deploy/needs", "build")),
            ],
        ),
        case(
            TplNodeCi,
            "matrix: add node 24",
            vec![
                Proposed,
                Valid,
                That("node 20, 22 and 24", |o| {
                    [20, 22, 24]
                        .iter()
                        .all(|n| holds_version(o, "/jobs/test/strategy/matrix/node", *n))
                }),
            ],
        ),
        case(
            TplRelease,
            "great, that looks perfect, thanks!",
            vec![That(NO_CHANGE, no_change)],
        ),
        // --------------------------------------------------------------- otel-collector
        case(
            OtelNone,
            "traces collector -> jaeger:4317, keep 10%, mem limit 1GiB",
            vec![
                Proposed,
                Valid,
                That("traces go to jaeger:4317", |o| {
                    pipeline_uses(o, "traces", "exporters", "/exporters", |e| {
                        field_str(e, "endpoint") == Some("jaeger:4317")
                    })
                }),
                That("10% of traces sampled", |o| {
                    pipeline_uses(o, "traces", "processors", "/processors", |p| {
                        field_num(p, "sampling_percentage") == Some(10.0)
                    })
                }),
                That("memory limited to 1024 MiB", |o| {
                    pipeline_uses(o, "traces", "processors", "/processors", |p| {
                        field_num(p, "limit_mib") == Some(1024.0)
                    })
                }),
            ],
        ),
        case(
            OtelNone,
            "hi! i'd like a collector for metrics from my servers, scraping every 15 seconds and sending it all to http://mimir:9009/api/v1/push",
            vec![
                Proposed,
                Valid,
                That("host metrics every 15s", |o| {
                    pipeline_uses(o, "metrics", "receivers", "/receivers", |r| {
                        field_str(r, "collection_interval") == Some("15s")
                    })
                }),
                That("metrics go to mimir", |o| {
                    pipeline_uses(o, "metrics", "exporters", "/exporters", |e| {
                        field_str(e, "endpoint") == Some("http://mimir:9009/api/v1/push")
                    })
                }),
            ],
        ),
        case(
            Collector,
            "add batch processor, last in the traces pipeline",
            vec![
                Proposed,
                Valid,
                That("batch is last in traces", batch_last_in_traces),
                Holds("/service/pipelines/traces/processors", json!("memory_limiter")),
            ],
        ),
        case(
            Collector,
            "the debug output is way too quiet, can i see everything in detail?",
            vec![
                Proposed,
                Valid,
                Is("/exporters/debug/verbosity", json!("detailed")),
            ],
        ),
        case(
            Gateway,
            "batch processor timeout -> 10s",
            vec![
                Proposed,
                Valid,
                Is("/processors/batch/timeout", json!("10s")),
            ],
        ),
        case(
            Gateway,
            "what would stop working if i took the resource processor out?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["traces", "metrics", "logs"]),
            ],
        ),
        case(
            Gateway,
            "logs pipeline: drop debug exporter",
            vec![
                Proposed,
                Valid,
                Lacks("/service/pipelines/logs/exporters", json!("debug")),
                Holds("/service/pipelines/logs/exporters", json!("otlp/vendor")),
            ],
        ),
        case(
            OtelAgent,
            "host metrics every 30s feels like too much, could it be once a minute?",
            vec![
                Proposed,
                Valid,
                That("host metrics once a minute", |o| {
                    matches!(
                        o.get("/receivers/hostmetrics/collection_interval")
                            .and_then(Value::as_str),
                        Some("1m") | Some("60s")
                    )
                }),
            ],
        ),
        case(
            OtelAgent,
            "rename otlphttp/loki -> otlphttp/logs",
            vec![
                Proposed,
                Valid,
                Absent("/exporters/otlphttp~1loki"),
                Present("/exporters/otlphttp~1logs"),
                Holds("/service/pipelines/logs/exporters", json!("otlphttp/logs")),
            ],
        ),
        case(
            OtelDangling,
            "why does it say some of the names in my pipeline don't exist?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["otlp/backend", "batch/2"]),
            ],
        ),
        case(
            OtelDangling,
            "clean up the refs that point nowhere",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
                Holds("/service/extensions", json!("health_check")),
            ],
        ),
        case(
            TplTraces,
            "we're keeping too few traces, could you double the sampling?",
            vec![
                Proposed,
                Valid,
                That("50% sampled", |o| {
                    num_at(o, "/processors/probabilistic_sampler/sampling_percentage", 50.0)
                }),
            ],
        ),
        case(
            TplMetrics,
            "deployment.environment=staging",
            vec![
                Proposed,
                Valid,
                That("deployment.environment is staging", environment_is_staging),
            ],
        ),
        case(
            TplMetrics,
            "can the collector also build me a grafana dashboard for all this?",
            vec![That(NO_CHANGE, no_change)],
        ),
    ]
}

fn known_gaps() -> Vec<&'static str> {
    vec![
        // Answer instead of an edit: described the writer agent, added no image generation tool.
        "is there any way the writer could make pictures too? like an image generator?",
        // Wrong edit: added the summarizer on the chat model with no prompt or description of its job.
        "I'd like a second agent named summarizer that boils long texts down to a few bullet points. same model as the assistant is fine",
        // Clarify: asked which component to remove (did not see the staging environment).
        "rm staging env, we ship dev -> prod directly",
        // Clarify: asked whether model or agent `writer`; no delegation added.
        "could the writer ask the researcher for more facts when it gets stuck? like hand the question over to it",
        // Not understood (help).
        "chat: tools files + calc",
        // Answer instead of an edit: said no volumes depend on db; no volume added.
        "could the db keep its data when the container gets recreated? i think that needs a volume",
        // Not understood (help).
        "grafana: double the memory limit",
        // Answer instead of an edit: described the debug exporter; verbosity unchanged.
        "the debug output is way too quiet, can i see everything in detail?",
        // Answer instead of an edit: described the metrics pipeline; interval unchanged.
        "host metrics every 30s feels like too much, could it be once a minute?",
        // Not understood (help).
        "deployment.environment=staging",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 24",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 24, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
