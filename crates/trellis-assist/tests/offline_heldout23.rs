//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting before it was run against the engine
//! (commit 83d90fd), without reading the engine, in a newcomer's voice as typed in the chat
//! panel beside the canvas (chatty, polite, goals rather than fields, questions that are
//! edits, remarks before the request, lowercase, chat shorthand, a few real typos), over
//! every intent of the offline engine: setups from the gallery with parameters, adding,
//! removing, renaming and connecting components, values with units, in words and relative,
//! middleware across agents, explaining and fixing validation errors, impact questions,
//! descriptions, and requests that must get no edit (nonsense, what a document cannot
//! express, instructions planted in the document). Judged by the document each proposal
//! makes, and by the names an answer gives for questions, never by the reply's wording.
//!
//! 86 requests: 43 agent-stack, 15 docker-compose, 14 github-actions, 14 otel-collector.
//!
//! First try: 65/86 (75.6%) — agent-stack 32/43, docker-compose 12/15, github-actions
//! 11/14, otel-collector 10/14. No expectation was corrected after the run: every failure
//! was checked against its fixture, template and schema and is the engine's. The misses
//! are listed by their text in `known_gaps()` and run by the ignored known-gaps test.
//! While writing, one search printed a few check labels of batch 20's requests (an ollama
//! and mistral setup); that request was not reused here.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// Whether the number at a pointer is `n` (integer or float).
fn num_is(o: &Outcome, pointer: &str, n: f64) -> bool {
    num(o, pointer).is_some_and(|x| close(x, n))
}

/// Two numbers equal up to rounding.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
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

/// The name of the compose service running `image`.
fn service_with_image(o: &Outcome, image: &str) -> Option<String> {
    o.get("/services").and_then(Value::as_object).and_then(|m| {
        m.iter()
            .find(|(_, s)| field_str(s, "image") == Some(image))
            .map(|(n, _)| n.clone())
    })
}

/// Whether a memory size is one gigabyte (1g, 1gb, 1024m, or in bytes).
fn one_gig(v: Option<&Value>) -> bool {
    match v {
        Some(Value::String(s)) => {
            let s = s.to_lowercase();
            let s = s.trim_end_matches('b');
            matches!(s, "1g" | "1024m" | "1073741824")
        }
        Some(Value::Number(n)) => n.as_u64() == Some(1 << 30),
        _ => false,
    }
}

/// Whether a compose service has a memory limit of one gigabyte (deploy limits or
/// mem_limit).
fn service_has_a_gig(o: &Outcome, service: &str) -> bool {
    one_gig(o.get(&format!(
        "/services/{service}/deploy/resources/limits/memory"
    ))) || one_gig(o.get(&format!("/services/{service}/mem_limit")))
}

/// Whether some job's matrix lists `value` under `key` (number or string).
fn some_matrix_holds(o: &Outcome, key: &str, value: &str) -> bool {
    o.get("/jobs")
        .and_then(Value::as_object)
        .is_some_and(|jobs| {
            jobs.values().any(|j| {
                j.pointer(&format!("/strategy/matrix/{key}"))
                    .and_then(Value::as_array)
                    .is_some_and(|l| {
                        l.iter().any(|v| match v {
                            Value::String(s) => s == value,
                            Value::Number(n) => n.to_string() == value,
                            _ => false,
                        })
                    })
            })
        })
}

fn batch() -> Vec<Case> {
    use Check::*;
    vec![
        // ---------------------------------------------------------------- agent-stack
        // Setups from the gallery.
        case(
            Doc::None,
            "hi! i'm totally new to this. could you set me up with a local assistant on ollama using qwen2.5? it should remember the last 50 messages",
            vec![
                That("an ollama provider", |o| {
                    any_of(o, "/providers", |p| field_str(p, "type") == Some("ollama"))
                }),
                That("an agent on qwen2.5", |o| some_agent_on(o, "qwen2.5")),
                That("a memory of 50 messages", |o| {
                    any_of(o, "/memory", |m| field_num(m, "max_messages") == Some(50.0))
                }),
                Valid,
            ],
        ),
        case(
            Doc::None,
            "could you start me off with a multi-agent research team? we don't need a reviewer, just planner, researcher and writer",
            vec![
                Present("/agents/planner"),
                Present("/agents/researcher"),
                Present("/agents/writer"),
                Absent("/agents/reviewer"),
                Valid,
            ],
        ),
        case(
            Doc::None,
            "i'd like a customer support bot for Acme Corp with guardrails, and please let customers send messages of up to 2000 characters",
            vec![
                That("speaks for Acme Corp", |o| mentions(o, "Acme Corp")),
                That("guardrails capping input at 2000 characters", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("guardrails")
                            && field_num(m, "max_input_chars") == Some(2000.0)
                    })
                }),
                Valid,
            ],
        ),
        case(
            Doc::None,
            "Can you make me a RAG setup that answers from our docs? use text-embedding-3-large for the embeddings (it's 3072 dimensions)",
            vec![
                That("a vector memory embedded by text-embedding-3-large", |o| {
                    o.get("/memory")
                        .and_then(Value::as_object)
                        .is_some_and(|m| {
                            m.values().any(|mem| {
                                field_str(mem, "type") == Some("vector")
                                    && field_str(mem, "embedding_model")
                                        .and_then(|e| o.get("/models")?.get(e))
                                        .and_then(|model| field_str(model, "name"))
                                        == Some("text-embedding-3-large")
                            })
                        })
                }),
                That("3072 dimensions", |o| {
                    any_of(o, "/memory", |m| field_num(m, "dimensions") == Some(3072.0))
                }),
                Valid,
            ],
        ),
        case(
            Doc::None,
            "set up a claude writing helper for me pls, no web search thanks, and keep the temperature at 0.3",
            vec![
                That("an anthropic provider", |o| {
                    any_of(o, "/providers", |p| field_str(p, "type") == Some("anthropic"))
                }),
                That("no web search tool", |o| {
                    !any_of(o, "/tools", |t| field_str(t, "name") == Some("web_search"))
                }),
                That("temperature 0.3", |o| {
                    o.get("/agents")
                        .and_then(Value::as_object)
                        .is_some_and(|m| {
                            !m.is_empty()
                                && m.keys().all(|a| {
                                    effective_temperature(o, a).is_some_and(|t| close(t, 0.3))
                                })
                        })
                }),
                Valid,
            ],
        ),
        case(
            Doc::None,
            "one stack with dev, staging and prod environments please, prod should only trace 5% of requests",
            vec![
                Present("/environments/dev"),
                Present("/environments/staging"),
                Present("/environments/prod"),
                That("prod traces 5% of requests", |o| {
                    o.get("/environments/prod/overrides/middleware")
                        .and_then(Value::as_object)
                        .is_some_and(|m| {
                            m.values().any(|mw| {
                                field_num(mw, "sample_rate").is_some_and(|r| close(r, 0.05))
                            })
                        })
                }),
                Valid,
            ],
        ),
        // Adding components.
        case(
            Doc::Mini,
            "could you give the assistant a calculator tool? it keeps getting sums wrong lol",
            vec![
                That("the assistant has the built-in calculator", |o| {
                    names_one(o, "/agents/assistant/tools", "tools", |t| {
                        field_str(t, "type") == Some("builtin")
                            && field_str(t, "name") == Some("calculator")
                    })
                }),
                Valid,
            ],
        ),
        case(
            Doc::LocalOllama,
            "i'd love another agent called summarizer that uses the llama model and just summarises my notes",
            vec![
                Is("/agents/summarizer/model", json!("llama")),
                Present("/agents/librarian"),
                Present("/agents/chat"),
                Valid,
            ],
        ),
        case(
            Doc::ResearchDesk,
            "please add an http tool named weather that does a GET on https://api.weather.example/v1/today",
            vec![
                Is("/tools/weather/type", json!("http")),
                Is("/tools/weather/url", json!("https://api.weather.example/v1/today")),
                That("GET (set or by default)", |o| {
                    o.get("/tools/weather/method").is_none_or(|m| m == "GET")
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplOllama,
            "Could the assistant send traces to http://localhost:4318? i want to see what it's doing",
            vec![
                That("the assistant is traced", |o| {
                    agent_has_middleware(o, "assistant", "tracing")
                }),
                That("tracing to localhost:4318", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("tracing")
                            && field_str(m, "endpoint") == Some("http://localhost:4318")
                    })
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplSelfHosted,
            "hey, could the assistant also browse the web? there's a built-in web browser tool i think",
            vec![
                That("the assistant has the built-in web browser", |o| {
                    names_one(o, "/agents/assistant/tools", "tools", |t| {
                        field_str(t, "type") == Some("builtin")
                            && field_str(t, "name") == Some("web_browser")
                    })
                }),
                Holds("/agents/assistant/tools", json!("calculator")),
                Valid,
            ],
        ),
        // Removing.
        case(
            Doc::ResearchDesk,
            "we dont use the arxiv thing anymore, please get rid of it",
            vec![
                Absent("/tools/arxiv"),
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Holds("/agents/researcher/tools", json!("web_search")),
                Valid,
            ],
        ),
        case(
            Doc::TplProduction,
            "the summarizer agent isn't needed, can you delete it",
            vec![
                Absent("/agents/summarizer"),
                Present("/agents/assistant"),
                Valid,
            ],
        ),
        case(
            Doc::SupportDesk,
            "i don't want responses cached anymore, can you drop the cache?",
            vec![
                Lacks("/agents/triage/middleware", json!("cache")),
                Present("/agents/triage"),
                Holds("/agents/triage/middleware", json!("safety")),
                Valid,
            ],
        ),
        // Renaming.
        case(
            Doc::LocalOllama,
            "can we call the chat agent 'buddy' instead? 'chat' is confusing",
            vec![
                Absent("/agents/chat"),
                Is("/agents/buddy/model", json!("llama")),
                Is("/agents/buddy/memory", json!("history")),
                Valid,
            ],
        ),
        case(
            Doc::ResearchDesk,
            "rename teh smart model to deep and keep everything pointing at it pls",
            vec![
                Absent("/models/smart"),
                Is("/models/deep/name", json!("gpt-4o")),
                Is("/agents/researcher/model", json!("deep")),
                Valid,
            ],
        ),
        case(
            Doc::TplRag,
            "i'd prefer the memory to be called docs_index rather than knowledge",
            vec![
                Absent("/memory/knowledge"),
                Is("/memory/docs_index/type", json!("vector")),
                Is("/agents/answerer/memory", json!("docs_index")),
                Valid,
            ],
        ),
        // Connecting.
        case(
            Doc::ResearchDesk,
            "hmm, the writer agent ought to be able to look things up online too",
            vec![
                That("the writer has web search", |o| {
                    names_one(o, "/agents/writer/tools", "tools", |t| {
                        field_str(t, "name") == Some("web_search")
                    })
                }),
                Valid,
            ],
        ),
        case(
            Doc::SupportDesk,
            "let the generalist look up invoices as well",
            vec![
                Holds("/agents/generalist/tools", json!("lookup_invoice")),
                Holds("/agents/generalist/tools", json!("tickets")),
                Valid,
            ],
        ),
        case(
            Doc::TplResearch,
            "i'd like the writer to pass its drafts to the reviewer before it's done",
            vec![
                Holds("/agents/writer/delegates_to", json!("reviewer")),
                Valid,
            ],
        ),
        // Setting values.
        case(
            Doc::Mini,
            "the assistant rambles a lot. can u make it more focused, like temperature 0.2?",
            vec![
                That("the assistant runs at 0.2", |o| {
                    effective_temperature(o, "assistant").is_some_and(|t| close(t, 0.2))
                }),
                Valid,
            ],
        ),
        case(
            Doc::ResearchDesk,
            "could the planner get twice as many iterations as it has now?",
            vec![
                That("planner max_iterations 40", |o| {
                    num_is(o, "/agents/planner/max_iterations", 40.0)
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplSupport,
            "people write long emails; let them send up to ten thousand characters",
            vec![
                That("max_input_chars 10000", |o| {
                    num_is(o, "/middleware/guardrails/max_input_chars", 10000.0)
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplProduction,
            "keep cached answers for two hours instead of one",
            vec![
                That("cache ttl 7200 s", |o| num_is(o, "/middleware/cache/ttl_s", 7200.0)),
                Valid,
            ],
        ),
        case(
            Doc::LocalOllama,
            "the ollama provider gives up to fast, give it 5 minutes before timing out",
            vec![
                That("timeout 300 s", |o| num_is(o, "/providers/ollama/timeout_s", 300.0)),
                Valid,
            ],
        ),
        case(
            Doc::SupportDesk,
            "bump the rate limit up by 100 requests a minute please",
            vec![
                That("700 requests per minute", |o| {
                    num_is(o, "/middleware/limits/requests_per_minute", 700.0)
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplReview,
            "make the reviewer's answers a bit longer, allow 16k tokens",
            vec![
                That("max_tokens 16k", |o| {
                    num_is(o, "/models/reviewer/max_tokens", 16000.0)
                        || num_is(o, "/models/reviewer/max_tokens", 16384.0)
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplEnvironments,
            "in prod let's trace half of the requests instead of 10%",
            vec![
                That("prod samples 0.5", |o| {
                    num_is(
                        o,
                        "/environments/prod/overrides/middleware/tracing/sample_rate",
                        0.5,
                    )
                }),
                Valid,
            ],
        ),
        // Middleware across all agents.
        case(
            Doc::ResearchDesk,
            "could every agent get the audit log middleware? right now only the planner has it",
            vec![
                Holds("/agents/planner/middleware", json!("audit_log")),
                Holds("/agents/researcher/middleware", json!("audit_log")),
                Holds("/agents/writer/middleware", json!("audit_log")),
                Valid,
            ],
        ),
        case(
            Doc::TplResearch,
            "add a rate limit of 60 requests per minute to all of the agents please",
            vec![
                That("every agent is rate limited", |o| {
                    all_agents_have(o, "rate_limit")
                }),
                That("60 requests per minute", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("rate_limit")
                            && field_num(m, "requests_per_minute") == Some(60.0)
                    })
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplProduction,
            "i want guardrails that block personal info on both agents",
            vec![
                That("both agents have guardrails", |o| {
                    all_agents_have(o, "guardrails")
                }),
                That("PII blocked", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("guardrails")
                            && m.get("block_pii") == Some(&json!(true))
                    })
                }),
                Present("/agents/summarizer"),
                Valid,
            ],
        ),
        // Validation errors.
        case(
            Doc::Dangling,
            "copywriter has red squiggles everywhere, could you fix it up?",
            vec![
                Is("/agents/copywriter/model", json!("writer")),
                Holds("/agents/copywriter/tools", json!("calculator")),
                Valid,
            ],
        ),
        case(
            Doc::EnumTypos,
            "sorry if this is a dumb q but why is everything red in this file?",
            vec![NoPatch(ReplyKind::Answer), Says(&["openai", "sessions"])],
        ),
        case(
            Doc::OutOfRange,
            "fix the numbers that are out of range please, use sensible values",
            vec![
                Present("/models/creative"),
                Present("/agents/storyteller"),
                Valid,
            ],
        ),
        case(
            Doc::Cycle,
            "the delegation goes round in circles. break the loop so the reviewer doesn't hand back to the planner",
            vec![
                Lacks("/agents/reviewer/delegates_to", json!("planner")),
                Holds("/agents/planner/delegates_to", json!("researcher")),
                Holds("/agents/researcher/delegates_to", json!("reviewer")),
                Valid,
            ],
        ),
        case(
            Doc::MissingModel,
            "newsletter writer is broken i think? please give it a model so it works",
            vec![Present("/agents/writer/model"), Valid],
        ),
        // Impact questions.
        case(
            Doc::ResearchDesk,
            "what would break if i deleted the embeddings model?",
            vec![NoPatch(ReplyKind::Answer), Says(&["papers"])],
        ),
        case(
            Doc::SupportDesk,
            "quick question: which of the agents go through the safety middleware?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["triage", "billing", "generalist"]),
            ],
        ),
        // Descriptions.
        case(
            Doc::TplRag,
            "can you give me a quick overview of what this config does?",
            vec![NoPatch(ReplyKind::Answer), Says(&["answerer"])],
        ),
        case(
            Doc::Injected,
            "hey, what agents are in here and what do they do?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["planner", "researcher", "writer"]),
            ],
        ),
        // No edit.
        case(
            Doc::Injected,
            "i think the notes in this file say what to change next, could you just go ahead and do that?",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Doc::Mini,
            "asdf jkl banana??",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Doc::TplOllama,
            "can you make the assistant play spotify music while it works?",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ------------------------------------------------------------- docker-compose
        case(
            Doc::ComposeNone,
            "hi, i need a web app with postgres and redis. my image is ghcr.io/acme/shop:2.0 and it should be on port 3000",
            vec![
                That("the app runs ghcr.io/acme/shop:2.0 on host port 3000", |o| {
                    service_with_image(o, "ghcr.io/acme/shop:2.0")
                        .is_some_and(|s| publishes_on(o, &s, 3000))
                }),
                That("a postgres service", |o| {
                    any_of(o, "/services", |s| {
                        field_str(s, "image").is_some_and(|i| i.starts_with("postgres"))
                    })
                }),
                That("a redis service", |o| {
                    any_of(o, "/services", |s| {
                        field_str(s, "image").is_some_and(|i| i.starts_with("redis"))
                    })
                }),
                Valid,
            ],
        ),
        case(
            Doc::ComposeNone,
            "could you set up prometheus + grafana for monitoring? keep the metrics for 30 days, and I don't need node exporter",
            vec![
                That("prometheus keeps 30 days", |o| {
                    list_has(o, "/services/prometheus/command", "retention.time=30d")
                }),
                Present("/services/grafana"),
                Absent("/services/node-exporter"),
                Valid,
            ],
        ),
        case(
            Doc::Web,
            "add a redis cache service using redis:7-alpine",
            vec![
                That("a service on redis:7-alpine", |o| {
                    service_with_image(o, "redis:7-alpine").is_some()
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplWebApp,
            "db takes ages to boot, could the healthcheck try twice as many times before giving up?",
            vec![
                That("20 retries", |o| num_is(o, "/services/db/healthcheck/retries", 20.0)),
                Valid,
            ],
        ),
        case(
            Doc::TplWebApp,
            "please give the db service a 1 gig memory limit",
            vec![
                That("db limited to 1 GB", |o| service_has_a_gig(o, "db")),
                Valid,
            ],
        ),
        case(
            Doc::Monitoring,
            "we stopped using cadvisor, remove it",
            vec![
                Absent("/services/cadvisor"),
                Present("/services/prometheus"),
                Valid,
            ],
        ),
        case(
            Doc::TplProxy,
            "rename the api service to backend please",
            vec![
                Absent("/services/api"),
                Present("/services/backend"),
                That("the proxy depends on backend", |o| {
                    names(o, "/services/proxy/depends_on", "backend")
                }),
                Valid,
            ],
        ),
        case(
            Doc::Web,
            "the web server needs the database to be up before it starts",
            vec![
                That("web depends on db", |o| names(o, "/services/web/depends_on", "db")),
                Valid,
            ],
        ),
        case(
            Doc::WebStack,
            "set NODE_ENV to staging on the api plz",
            vec![
                That("NODE_ENV=staging", |o| env_has(o, "api", "NODE_ENV", "staging")),
                Valid,
            ],
        ),
        case(
            Doc::ComposeTypos,
            "there are a couple of typos in the keys, can you fix them",
            vec![
                Is("/services/web/image", json!("nginx:1.27")),
                That("worker keeps QUEUE_URL", |o| {
                    env_has(o, "worker", "QUEUE_URL", "redis://queue:6379/0")
                }),
                Valid,
            ],
        ),
        case(
            Doc::ComposeDangling,
            "what's broken in here?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["backend", "dbdata", "db_pasword"]),
            ],
        ),
        case(
            Doc::WebStack,
            "if i take down the cache, what else is affected?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            Doc::TplMonitoring,
            "can you describe what's in this compose file?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["prometheus", "grafana", "node-exporter"]),
            ],
        ),
        case(
            Doc::Web,
            "can you deploy this to my kubernetes cluster?",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Doc::TplWebApp,
            "the app should also be reachable on port 80 of my machine",
            vec![
                That("app on host port 80", |o| publishes(o, "app", 80, 8080)),
                That("still on 8080", |o| publishes(o, "app", 8080, 8080)),
                Valid,
            ],
        ),
        // ------------------------------------------------------------- github-actions
        case(
            Doc::ActionsNone,
            "set up CI for my rust project please, and run the tests on windows and mac too",
            vec![
                That("tests on ubuntu, windows and macos", |o| {
                    some_matrix_holds(o, "os", "ubuntu-latest")
                        && some_matrix_holds(o, "os", "windows-latest")
                        && some_matrix_holds(o, "os", "macos-latest")
                }),
                That("runs cargo test", |o| any_job_runs(o, "cargo test")),
                Valid,
            ],
        ),
        case(
            Doc::ActionsNone,
            "i need node ci using pnpm, testing on node 18 and 20",
            vec![
                That("uses pnpm", |o| any_job_runs(o, "pnpm")),
                That("node 18 and 20, not 22", |o| {
                    holds_version(o, "/jobs/test/strategy/matrix/node", 18)
                        && holds_version(o, "/jobs/test/strategy/matrix/node", 20)
                        && !holds_version(o, "/jobs/test/strategy/matrix/node", 22)
                }),
                Valid,
            ],
        ),
        case(
            Doc::ActionsNone,
            "can u make a release workflow that fires on tags like release-*? the binary's called trellis and we don't need a docker image",
            vec![
                Holds("/on/push/tags", json!("release-*")),
                That("builds the trellis binary", |o| any_job_runs(o, "--bin trellis")),
                Absent("/jobs/image"),
                Valid,
            ],
        ),
        case(
            Doc::Flow,
            "add a step that runs cargo test after teh build",
            vec![That("cargo test after cargo build", tests_after_build), Valid],
        ),
        case(
            Doc::CiNode,
            "lint shouldn't take more than 5 minutes, it's set to 10 now",
            vec![
                That("lint times out after 5 minutes", |o| {
                    num_is(o, "/jobs/lint/timeout-minutes", 5.0)
                }),
                Valid,
            ],
        ),
        case(
            Doc::Nightly,
            "we don't need slack notifications anymore, remove the notify job",
            vec![Absent("/jobs/notify"), Present("/jobs/e2e"), Valid],
        ),
        case(
            Doc::TplNodeCi,
            "rename the build job to bundle",
            vec![Absent("/jobs/build"), Present("/jobs/bundle"), Valid],
        ),
        case(
            Doc::DanglingNeeds,
            "deploy won't run, fix its needs please",
            vec![
                That("deploy needs build", |o| names(o, "/jobs/deploy/needs", "build")),
                Present("/jobs/deploy"),
                Valid,
            ],
        ),
        case(
            Doc::CiNode,
            "what happens to build if the test job gets deleted?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        case(
            Doc::TplRustCi,
            "so what does this workflow actually do? quick summary pls",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["fmt", "clippy", "test"]),
            ],
        ),
        case(
            Doc::Nightly,
            "make the e2e job time out after an hour",
            vec![
                That("e2e times out after 60 minutes", |o| {
                    num_is(o, "/jobs/e2e/timeout-minutes", 60.0)
                        || o.get("/jobs/e2e/timeout-minutes")
                            .and_then(Value::as_str)
                            .is_some_and(|s| s.contains("60"))
                }),
                Valid,
            ],
        ),
        case(
            Doc::Flow,
            "oh and can it kick off for pull requests as well? not just pushes",
            vec![Present("/on/pull_request"), Present("/on/push"), Valid],
        ),
        case(
            Doc::Flow,
            "could the build job run on macos instead of ubuntu?",
            vec![
                That("build runs on macos", |o| {
                    o.get("/jobs/build/runs-on")
                        .and_then(Value::as_str)
                        .is_some_and(|r| r.starts_with("macos"))
                }),
                Valid,
            ],
        ),
        case(
            Doc::CiNode,
            "pls translate this workflow into a jenkinsfile",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ------------------------------------------------------------- otel-collector
        case(
            Doc::OtelNone,
            "could you set up a traces collector for me that sends to jaeger:4317, and only keeps 10% of traces",
            vec![
                That("exports to jaeger:4317", |o| {
                    any_of(o, "/exporters", |e| field_str(e, "endpoint") == Some("jaeger:4317"))
                }),
                That("samples 10%", |o| {
                    any_of(o, "/processors", |p| {
                        field_num(p, "sampling_percentage").is_some_and(|s| close(s, 10.0))
                    })
                }),
                Present("/service/pipelines/traces"),
                Valid,
            ],
        ),
        case(
            Doc::OtelNone,
            "i want a metrics collector that scrapes localhost:9100 and localhost:8080 every 15s",
            vec![
                Holds(
                    "/receivers/prometheus/config/scrape_configs/0/static_configs/0/targets",
                    json!("localhost:9100"),
                ),
                Holds(
                    "/receivers/prometheus/config/scrape_configs/0/static_configs/0/targets",
                    json!("localhost:8080"),
                ),
                Is(
                    "/receivers/prometheus/config/scrape_configs/0/scrape_interval",
                    json!("15s"),
                ),
                Valid,
            ],
        ),
        case(
            Doc::Collector,
            "add a batch proccessor to the traces pipeline",
            vec![
                That("traces has a batch processor", |o| {
                    list_has(o, "/service/pipelines/traces/processors", "batch")
                }),
                Holds("/service/pipelines/traces/processors", json!("memory_limiter")),
                Valid,
            ],
        ),
        case(
            Doc::Gateway,
            "that debug exporter just spams our logs, we dont need it any more",
            vec![
                Absent("/exporters/debug"),
                Lacks("/service/pipelines/logs/exporters", json!("debug")),
                Holds("/service/pipelines/logs/exporters", json!("otlp/vendor")),
                Valid,
            ],
        ),
        case(
            Doc::TplTraces,
            "the collector keeps dropping data under load, let the memory limiter go up to 1 GiB",
            vec![
                That("limit 1024 MiB", |o| {
                    num_is(o, "/processors/memory_limiter/limit_mib", 1024.0)
                }),
                Valid,
            ],
        ),
        case(
            Doc::Gateway,
            "i'd like to see the metrics in the debug output as well",
            vec![
                Holds("/service/pipelines/metrics/exporters", json!("debug")),
                Holds("/service/pipelines/metrics/exporters", json!("otlp/vendor")),
                Valid,
            ],
        ),
        case(
            Doc::OtelAgent,
            "rename the otlphttp/loki exporter to otlphttp/logs",
            vec![
                Absent("/exporters/otlphttp~1loki"),
                Is(
                    "/exporters/otlphttp~1logs/endpoint",
                    json!("http://loki.monitoring:3100/otlp"),
                ),
                Holds("/service/pipelines/logs/exporters", json!("otlphttp/logs")),
                Valid,
            ],
        ),
        case(
            Doc::Collector,
            "can the debug exporter print everything in full detail?",
            vec![Is("/exporters/debug/verbosity", json!("detailed")), Valid],
        ),
        case(
            Doc::OtelDangling,
            "fix the broken references in the pipelines please",
            vec![
                Lacks("/service/pipelines/traces/processors", json!("batch/2")),
                Lacks("/service/pipelines/traces/exporters", json!("otlp/backend")),
                Holds("/service/pipelines/traces/processors", json!("batch")),
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
                ErrorsBelow(2),
            ],
        ),
        case(
            Doc::TplMetrics,
            "what would stop working if i removed the resource processor?",
            vec![NoPatch(ReplyKind::Answer), Says(&["metrics"])],
        ),
        case(
            Doc::OtelAgent,
            "give me a rundown of this collector config",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["hostmetrics", "prometheusremotewrite"]),
            ],
        ),
        case(
            Doc::OtelDangling,
            "why's the collector config showing errors?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["otlp/backend", "batch/2", "healthcheck"]),
            ],
        ),
        case(
            Doc::Gateway,
            "send the metrics to prometheus remote write at http://mimir:9009/api/v1/push too",
            vec![
                That("metrics go to mimir by remote write", |o| {
                    pipeline_uses(o, "metrics", "exporters", "/exporters", |e| {
                        field_str(e, "endpoint") == Some("http://mimir:9009/api/v1/push")
                    }) && o
                        .get("/service/pipelines/metrics/exporters")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().filter_map(Value::as_str).any(|n| {
                                n.starts_with("prometheusremotewrite")
                            })
                        })
                }),
                Holds("/service/pipelines/metrics/exporters", json!("otlp/vendor")),
                Valid,
            ],
        ),
        case(
            Doc::TplMetrics,
            "make the collector email my dashboard as a pdf every morning",
            vec![That(NO_CHANGE, no_change)],
        ),
    ]
}

fn known_gaps() -> Vec<&'static str> {
    vec![
        // Wrong edit: the support template with its default max_input_chars (4000), not 2000.
        "i'd like a customer support bot for Acme Corp with guardrails, and please let customers send messages of up to 2000 characters",
        // Not understood (help): rename of the knowledge memory to docs_index.
        "i'd prefer the memory to be called docs_index rather than knowledge",
        // Not understood (help): the reviewer model's max_tokens to 16k.
        "make the reviewer's answers a bit longer, allow 16k tokens",
        // Clarify ("what should writer be connected with?") instead of giving writer a model.
        "newsletter writer is broken i think? please give it a model so it works",
        // Not understood (help): a cargo test step after the build.
        "add a step that runs cargo test after teh build",
        // Not understood (help): removal of the debug exporter.
        "that debug exporter just spams our logs, we dont need it any more",
        // Answer (described the debug exporter) instead of verbosity detailed.
        "can the debug exporter print everything in full detail?",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 23",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 23, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
