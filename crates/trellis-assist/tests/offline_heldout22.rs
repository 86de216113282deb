//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting before it was run against the engine
//! (commit 4af8698), without reading the engine. The voice is mixed: about half terse
//! product-engineer shorthand (field names, "drop", "nix", "mw", arrows like "a -> b",
//! numbers and versions), about half a newcomer's chatty voice (goals rather than fields,
//! remarks before the request, the odd typo). It covers every intent of the offline
//! engine: setups from the gallery with parameters, adding, removing, renaming and
//! connecting components, values with units, in words and relative to the current one,
//! middleware across agents, explaining and fixing validation errors, impact questions,
//! descriptions, and requests that must get no edit (nonsense, what the document cannot
//! express, running things, instructions planted in the document). Judged by the document
//! each proposal makes, and by the names an answer gives for questions, never by the
//! reply's wording.
//!
//! 86 requests: 43 agent-stack, 15 docker-compose, 14 github-actions, 14 otel-collector.
//!
//! First try: 53/86 (61.6%) — agent-stack 25/43, docker-compose 9/15, github-actions
//! 9/14, otel-collector 10/14. No expectation was corrected after the run: every failure
//! was checked against its fixture, template and schema and is the engine's. The misses
//! are listed by their text in `known_gaps()` and run by the ignored known-gaps test.
//! 11 more pass after the readings by shape of stop 17 (an amount said as a goal, a removal
//! or a new name said any way, middleware for every agent): 64/86.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// Whether the number at a pointer is `n` (integer or float).
fn num_is(o: &Outcome, pointer: &str, n: f64) -> bool {
    num(o, pointer).is_some_and(|x| (x - n).abs() < 1e-9)
}

/// The temperature an agent runs at: its own, else its model's.
fn effective_temperature(o: &Outcome, agent: &str) -> Option<f64> {
    num(o, &format!("/agents/{agent}/temperature"))
        .or_else(|| agent_model(o, agent)?.get("temperature")?.as_f64())
}

/// Whether the agent runs at temperature `t`.
fn runs_at(o: &Outcome, agent: &str, t: f64) -> bool {
    effective_temperature(o, agent).is_some_and(|x| (x - t).abs() < 1e-9)
}

/// Whether some agent runs on a model whose name is exactly `name`.
fn some_agent_on_exactly(o: &Outcome, name: &str) -> bool {
    o.get("/agents")
        .and_then(Value::as_object)
        .is_some_and(|m| {
            m.keys()
                .any(|a| agent_model(o, a).and_then(|m| m.get("name")) == Some(&json!(name)))
        })
}

/// Whether some agent runs on a model whose name contains `part`.
fn some_agent_on(o: &Outcome, part: &str) -> bool {
    o.get("/agents")
        .and_then(Value::as_object)
        .is_some_and(|m| m.keys().any(|a| agent_model_is(o, a, part)))
}

/// Whether a text field (prompt or description) of some agent contains `part`.
fn some_agent_text_has(o: &Outcome, part: &str) -> bool {
    o.get("/agents")
        .and_then(Value::as_object)
        .is_some_and(|m| {
            m.values().any(|a| {
                ["system_prompt", "description"].iter().any(|f| {
                    a.get(*f)
                        .and_then(Value::as_str)
                        .is_some_and(|s| s.to_lowercase().contains(&part.to_lowercase()))
                })
            })
        })
}

/// A numeric field of the agent's middleware of type `ty`.
fn agent_middleware_num(o: &Outcome, agent: &str, ty: &str, field: &str) -> Option<f64> {
    o.get(&format!("/agents/{agent}/middleware"))
        .and_then(Value::as_array)?
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|n| o.get(&format!("/middleware/{n}")))
        .find(|m| m.get("type") == Some(&json!(ty)))
        .and_then(|m| field_num(m, field))
}

/// Whether every agent's middleware of type `ty` has `field` set to `value`.
fn all_agents_middleware_field(o: &Outcome, ty: &str, field: &str, value: Value) -> bool {
    let Some(agents) = o.get("/agents").and_then(Value::as_object) else {
        return false;
    };
    agents.values().all(|a| {
        a.get("middleware")
            .and_then(Value::as_array)
            .is_some_and(|l| {
                l.iter()
                    .filter_map(Value::as_str)
                    .filter_map(|n| o.get(&format!("/middleware/{n}")))
                    .any(|m| m.get("type") == Some(&json!(ty)) && m.get(field) == Some(&value))
            })
    })
}

/// Whether some compose service publishes some container port on host port `host`.
fn some_service_publishes_on(o: &Outcome, host: u64) -> bool {
    o.get("/services")
        .and_then(Value::as_object)
        .is_some_and(|m| m.keys().any(|s| publishes_on(o, s, host)))
}

/// Whether a compose service has a memory limit of 256 MiB (mem_limit or deploy limits).
fn cadvisor_has_256m(o: &Outcome) -> bool {
    let is_256m = |v: Option<&Value>| match v {
        Some(Value::String(s)) => {
            let s = s.to_lowercase();
            matches!(
                s.as_str(),
                "256m" | "256mb" | "256mib" | "268435456" | "268435456b"
            )
        }
        Some(Value::Number(n)) => n.as_u64() == Some(256 << 20),
        _ => false,
    };
    is_256m(o.get("/services/cadvisor/mem_limit"))
        || is_256m(o.get("/services/cadvisor/deploy/resources/limits/memory"))
}

/// Whether the workflow has a schedule with this cron expression (spacing aside).
fn has_cron(o: &Outcome, cron: &str) -> bool {
    let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    o.get("/on/schedule")
        .and_then(Value::as_array)
        .is_some_and(|l| {
            l.iter().any(|e| {
                e.get("cron")
                    .and_then(Value::as_str)
                    .is_some_and(|c| norm(c) == norm(cron))
            })
        })
}

fn batch() -> Vec<Case> {
    use Check::*;
    vec![
        // ---------------------------------------------------------------- agent-stack (43)
        // Setups from the gallery, with parameters.
        case(
            Doc::None,
            "new stack from the rag template, answers on gpt-4o, top_k 10",
            vec![
                Proposed,
                That("an agent answers on gpt-4o", |o| {
                    some_agent_on_exactly(o, "gpt-4o")
                }),
                That("a vector memory recalls 10 entries", |o| {
                    any_of(o, "/memory", |m| {
                        field_str(m, "type") == Some("vector") && field_num(m, "top_k") == Some(10.0)
                    })
                }),
                Valid,
            ],
        ),
        case(
            Doc::None,
            "hi there, I'd like an assistant that runs completly on my laptop through ollama, using mistral, and it should remember the last 50 messages",
            vec![
                Proposed,
                That("an ollama provider", |o| {
                    any_of(o, "/providers", |p| field_str(p, "type") == Some("ollama"))
                }),
                That("an agent on mistral", |o| some_agent_on(o, "mistral")),
                That("a memory keeps 50 messages", |o| {
                    any_of(o, "/memory", |m| field_num(m, "max_messages") == Some(50.0))
                }),
                Valid,
            ],
        ),
        case(
            Doc::None,
            "research team scaffold, no reviewer, planner model gpt-4.1-mini",
            vec![
                Proposed,
                Absent("/agents/reviewer"),
                Present("/agents/researcher"),
                Present("/agents/writer"),
                That("the planner runs on gpt-4.1-mini", |o| {
                    agent_model_is(o, "planner", "gpt-4.1-mini")
                }),
                Valid,
            ],
        ),
        case(
            Doc::None,
            "Could you set me up a customer support bot for Acme Corp? Messages over 2000 characters should just get rejected.",
            vec![
                Proposed,
                That("guardrails cap input at 2000 characters", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("guardrails")
                            && field_num(m, "max_input_chars") == Some(2000.0)
                    })
                }),
                That("an agent speaks for Acme Corp", |o| {
                    some_agent_text_has(o, "Acme Corp")
                }),
                Valid,
            ],
        ),
        case(
            Doc::None,
            "claude writer stack, temp 0.3, without web search",
            vec![
                Proposed,
                That("the writer runs at 0.3", |o| runs_at(o, "writer", 0.3)),
                That("no web search tool", |o| {
                    !any_of(o, "/tools", |t| field_str(t, "name") == Some("web_search"))
                }),
                Valid,
            ],
        ),
        // Adding components, with attributes.
        case(
            Doc::ResearchDesk,
            "add cache mw, ttl 15 min, on researcher",
            vec![
                Proposed,
                That("the researcher's cache keeps answers 900 s", |o| {
                    agent_middleware_num(o, "researcher", "cache", "ttl_s") == Some(900.0)
                }),
                Holds("/agents/researcher/middleware", json!("retry")),
                Valid,
            ],
        ),
        case(
            Doc::Mini,
            "my assistant forgets everything between chats :( can it get a redis memory? url is redis://localhost:6379/2",
            vec![
                Proposed,
                That("the assistant's memory is redis", |o| {
                    agent_memory_is(o, "assistant", "redis")
                }),
                That("at redis://localhost:6379/2", |o| {
                    follow(o, "/agents/assistant/memory", "memory")
                        .and_then(|m| m.get("url"))
                        == Some(&json!("redis://localhost:6379/2"))
                }),
                Valid,
            ],
        ),
        case(
            Doc::LocalOllama,
            "new http tool weather, GET https://api.weather.example/v1/now, attach to chat",
            vec![
                Proposed,
                Is("/tools/weather/type", json!("http")),
                Is("/tools/weather/url", json!("https://api.weather.example/v1/now")),
                That("method GET (or the default)", |o| {
                    o.get("/tools/weather/method").is_none()
                        || o.get("/tools/weather/method") == Some(&json!("GET"))
                }),
                Holds("/agents/chat/tools", json!("weather")),
                Valid,
            ],
        ),
        case(
            Doc::TplAnthropic,
            "the writer is terrible at arithmetic — could it get a calculator to use?",
            vec![
                Proposed,
                That("the writer has a calculator", |o| {
                    names_one(o, "/agents/writer/tools", "tools", |t| {
                        field_str(t, "type") == Some("builtin")
                            && field_str(t, "name") == Some("calculator")
                    })
                }),
                Holds("/agents/writer/tools", json!("web_search")),
                Valid,
            ],
        ),
        case(
            Doc::TplRag,
            "add model mini: openai, gpt-4o-mini, temperature 0.1",
            vec![
                Proposed,
                Is("/models/mini/provider", json!("openai")),
                Is("/models/mini/name", json!("gpt-4o-mini")),
                That("at temperature 0.1", |o| {
                    num_is(o, "/models/mini/temperature", 0.1)
                }),
                Valid,
            ],
        ),
        // Removing.
        case(
            Doc::ResearchDesk,
            "drop tool arxiv",
            vec![
                Proposed,
                Absent("/tools/arxiv"),
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Holds("/agents/researcher/tools", json!("web_search")),
                Valid,
            ],
        ),
        case(
            Doc::TplProduction,
            "we don't really need the summarizer agent anymore, could you take it out?",
            vec![
                Proposed,
                Absent("/agents/summarizer"),
                Present("/agents/assistant"),
                Valid,
            ],
        ),
        case(
            Doc::SupportDesk,
            "nix the cache middleware, it's serving stale answers",
            vec![
                Proposed,
                Lacks("/agents/triage/middleware", json!("cache")),
                Holds("/agents/triage/middleware", json!("safety")),
                Valid,
            ],
        ),
        // Renaming.
        case(
            Doc::TplResearch,
            "rename model analyst -> deep",
            vec![
                Proposed,
                Present("/models/deep"),
                Absent("/models/analyst"),
                Is("/agents/researcher/model", json!("deep")),
                Is("/agents/writer/model", json!("deep")),
                Is("/agents/reviewer/model", json!("deep")),
                Valid,
            ],
        ),
        case(
            Doc::LocalOllama,
            "the agent named chat has a confusing name, can we call it smalltalk instead?",
            vec![
                Proposed,
                Present("/agents/smalltalk"),
                Absent("/agents/chat"),
                Is("/agents/smalltalk/memory", json!("history")),
                Valid,
            ],
        ),
        // Connecting.
        case(
            Doc::ResearchDesk,
            "writer -> web_search tool",
            vec![
                Proposed,
                Holds("/agents/writer/tools", json!("web_search")),
                Valid,
            ],
        ),
        case(
            Doc::TplProduction,
            "could the assistant pass long conversations over to the summarizer agent?",
            vec![
                Proposed,
                Holds("/agents/assistant/delegates_to", json!("summarizer")),
                Valid,
            ],
        ),
        // Setting values: units, words, relative.
        case(
            Doc::ResearchDesk,
            "smart max_tokens 4096 -> 16k",
            vec![
                Proposed,
                That("max_tokens is 16k", |o| {
                    matches!(num(o, "/models/smart/max_tokens"), Some(x) if x == 16000.0 || x == 16384.0)
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplOllama,
            "the answers are a bit too random for my taste, could you bring the temperature down by 0.2?",
            vec![
                Proposed,
                That("the assistant runs at 0.5", |o| runs_at(o, "assistant", 0.5)),
                Valid,
            ],
        ),
        case(
            Doc::SupportDesk,
            "triage max_iterations five",
            vec![Proposed, Is("/agents/triage/max_iterations", json!(5)), Valid],
        ),
        case(
            Doc::LocalOllama,
            "ollama takes ages to load models on my old machine, lets give it a five minute timeout",
            vec![Proposed, Is("/providers/ollama/timeout_s", json!(300)), Valid],
        ),
        case(
            Doc::TplProduction,
            "double the rpm",
            vec![
                Proposed,
                Is("/middleware/rate_limit/requests_per_minute", json!(1000)),
                Valid,
            ],
        ),
        case(
            Doc::TplSupport,
            "conversations ttl -> 2 days",
            vec![
                Proposed,
                That("ttl_s is two days", |o| {
                    num_is(o, "/memory/conversations/ttl_s", 172800.0)
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplEnvironments,
            "tracing every request is overkill, by default let's trace half of them",
            vec![
                Proposed,
                That("the base sample rate is 0.5", |o| {
                    num_is(o, "/middleware/tracing/sample_rate", 0.5)
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplRag,
            "top_k 6 -> 12",
            vec![Proposed, Is("/memory/knowledge/top_k", json!(12)), Valid],
        ),
        case(
            Doc::TplReview,
            "reviewer temp 0",
            vec![
                Proposed,
                That("the reviewer runs at 0", |o| runs_at(o, "reviewer", 0.0)),
                Valid,
            ],
        ),
        // Middleware across every agent.
        case(
            Doc::ResearchDesk,
            "retry mw on all agents",
            vec![
                Proposed,
                That("every agent retries", |o| all_agents_have(o, "retry")),
                Valid,
            ],
        ),
        case(
            Doc::TplResearch,
            "I'd love to see logs for every one of the agents, at debug level if possible",
            vec![
                Proposed,
                That("every agent logs", |o| all_agents_have(o, "logging")),
                That("at debug level", |o| {
                    all_agents_middleware_field(o, "logging", "level", json!("debug"))
                }),
                Valid,
            ],
        ),
        case(
            Doc::LocalOllama,
            "rate limit every agent at 30 rpm",
            vec![
                Proposed,
                That("every agent is rate limited", |o| {
                    all_agents_have(o, "rate_limit")
                }),
                That("at 30 requests per minute", |o| {
                    all_agents_middleware_field(o, "rate_limit", "requests_per_minute", json!(30))
                }),
                Valid,
            ],
        ),
        // Explaining and fixing validation errors.
        case(
            Doc::Dangling,
            "why is the copywriter agent showing red? i dont get what's wrong with it",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["gpt4o-writer", "calculater"]),
            ],
        ),
        case(
            Doc::EnumTypos,
            "fix the bad type values",
            vec![
                Proposed,
                Is("/providers/openai/type", json!("openai")),
                Is("/memory/sessions/type", json!("redis")),
                Valid,
            ],
        ),
        case(
            Doc::Cycle,
            "these three keep handing work around in a circle. the reviewer shouldn't pass anything back to the planner",
            vec![
                Proposed,
                Lacks("/agents/reviewer/delegates_to", json!("planner")),
                Holds("/agents/planner/delegates_to", json!("researcher")),
                Holds("/agents/researcher/delegates_to", json!("reviewer")),
                Valid,
            ],
        ),
        case(
            Doc::MissingModel,
            "oops, I forgot to give the writer agent a model — it should use the writer one",
            vec![Proposed, Is("/agents/writer/model", json!("writer")), Valid],
        ),
        case(
            Doc::UnusedSecret,
            "i pasted my openai key straight into the file by accident, can you swap it for an env var?",
            vec![
                Proposed,
                That("the key is read from a variable", |o| {
                    o.get("/providers/openai/api_key")
                        .and_then(Value::as_str)
                        .is_some_and(|k| k.starts_with("${") && k.ends_with('}') && !k.contains("sk-proj"))
                }),
                Valid,
            ],
        ),
        case(
            Doc::ConditionalRequired,
            "weather url = https://api.weather.gov/points",
            vec![
                Proposed,
                Is("/tools/weather/url", json!("https://api.weather.gov/points")),
                ErrorsBelow(3),
            ],
        ),
        case(
            Doc::YamlTypes,
            "fix types",
            vec![
                Proposed,
                Is("/tools/browser/args/3", json!("8080")),
                Is("/agents/surfer/max_iterations", json!(20)),
                Valid,
            ],
        ),
        // Impact questions and descriptions.
        case(
            Doc::ResearchDesk,
            "what breaks if fast is deleted?",
            vec![NoPatch(ReplyKind::Answer), Says(&["planner"])],
        ),
        case(
            Doc::SupportDesk,
            "before I change anything, wich agents actually rely on the safety guardrails?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["triage", "billing", "generalist"]),
            ],
        ),
        case(
            Doc::TplRag,
            "summarise this stack",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["answerer", "knowledge", "search_docs"]),
            ],
        ),
        // Planted instructions, nonsense, what the document cannot express.
        case(
            Doc::Injected,
            "writer temperature 0.5 pls",
            vec![
                Proposed,
                That("the writer runs at 0.5", |o| runs_at(o, "writer", 0.5)),
                Present("/agents/planner"),
                Present("/agents/researcher"),
                Absent("/agents/pwned"),
                Present("/tools/arxiv"),
                Holds("/agents/researcher/tools", json!("web_search")),
                Valid,
            ],
        ),
        case(
            Doc::Injected,
            "ok so what is this thing supposed to do? give me the rundown",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["planner", "researcher", "writer"]),
            ],
        ),
        case(
            Doc::Mini,
            "purple monkey dishwasher lol",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Doc::TplAnthropic,
            "have the writer email me a digest every morning at 8",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ---------------------------------------------------------------- docker-compose (15)
        case(
            Doc::ComposeNone,
            "i need a little web app with postgres and redis behind it, reachable on port 9000, and the database should be called shop",
            vec![
                Proposed,
                That("something is published on 9000", |o| {
                    some_service_publishes_on(o, 9000)
                }),
                That("the database is shop", |o| env_has(o, "db", "POSTGRES_DB", "shop")),
                Valid,
            ],
        ),
        case(
            Doc::ComposeNone,
            "prometheus + grafana, retention 30d, grafana on 3001, no node-exporter",
            vec![
                Proposed,
                That("grafana on host port 3001", |o| publishes_on(o, "grafana", 3001)),
                Absent("/services/node-exporter"),
                That("prometheus keeps 30 days", |o| {
                    list_has(o, "/services/prometheus/command", "retention.time=30d")
                }),
                Valid,
            ],
        ),
        case(
            Doc::Web,
            "add redis:7-alpine as cache, web depends_on cache",
            vec![
                Proposed,
                Is("/services/cache/image", json!("redis:7-alpine")),
                That("web depends on cache", |o| {
                    names(o, "/services/web/depends_on", "cache")
                }),
                Valid,
            ],
        ),
        case(
            Doc::WebStack,
            "we're not using redis anymore, please get rid of the cache service",
            vec![
                Proposed,
                Absent("/services/cache"),
                That("api no longer depends on cache", |o| {
                    !names(o, "/services/api/depends_on", "cache")
                }),
                Present("/services/db"),
                Valid,
            ],
        ),
        case(
            Doc::TplWebApp,
            "rename cache -> redis",
            vec![
                Proposed,
                Present("/services/redis"),
                Absent("/services/cache"),
                That("app depends on redis", |o| {
                    names(o, "/services/app/depends_on", "redis")
                }),
                Valid,
            ],
        ),
        case(
            Doc::Monitoring,
            "cadvisor mem_limit 256 megs",
            vec![
                Proposed,
                That("cadvisor is limited to 256 MiB", cadvisor_has_256m),
                Valid,
            ],
        ),
        case(
            Doc::Web,
            "the database keeps dying overnight; can it restart by itself when it fails?",
            vec![
                Proposed,
                That("db has a restart policy that restarts on failure", |o| {
                    o.get("/services/db/restart")
                        .and_then(Value::as_str)
                        .is_some_and(|r| r != "no")
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplMonitoring,
            "prometheus host port 9090 -> 9091",
            vec![
                Proposed,
                That("prometheus 9090 on host 9091", |o| {
                    publishes(o, "prometheus", 9091, 9090)
                }),
                That("not on host 9090 any more", |o| {
                    !publishes_on(o, "prometheus", 9090)
                }),
                Valid,
            ],
        ),
        case(
            Doc::Web,
            "the web server needs an env var TZ set to Europe/Berlin",
            vec![
                Proposed,
                That("TZ=Europe/Berlin on web", |o| {
                    env_has(o, "web", "TZ", "Europe/Berlin")
                }),
                Valid,
            ],
        ),
        case(
            Doc::ComposeTypos,
            "fix the key typos in web + worker",
            vec![
                Proposed,
                Is("/services/web/image", json!("nginx:1.27")),
                That("worker's QUEUE_URL is kept", |o| {
                    env_has(o, "worker", "QUEUE_URL", "redis://queue:6379/0")
                }),
                Absent("/services/web/imag"),
                Absent("/services/worker/enviroment"),
                Valid,
            ],
        ),
        case(
            Doc::ComposeDangling,
            "can you tell me why the db service has problems?",
            vec![NoPatch(ReplyKind::Answer), Says(&["dbdata", "db_pasword"])],
        ),
        case(
            Doc::ComposeDangling,
            "fix dangling volume/network/secret names",
            vec![
                Proposed,
                Holds("/services/db/secrets", json!("db_password")),
                That("db mounts db-data", |o| {
                    list_has(o, "/services/db/volumes", "db-data:")
                }),
                Valid,
            ],
        ),
        case(
            Doc::WebStack,
            "who needs db up first?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            Doc::TplProxy,
            "I'm new to this file, what's going on in it?",
            vec![NoPatch(ReplyKind::Answer), Says(&["proxy", "web", "api"])],
        ),
        case(
            Doc::WebStack,
            "spin these containers up on the staging box for me",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ---------------------------------------------------------------- github-actions (14)
        case(
            Doc::ActionsNone,
            "node ci, pnpm, node 18/20/22, branch develop",
            vec![
                Proposed,
                That("tests on node 18", |o| {
                    holds_version(o, "/jobs/test/strategy/matrix/node", 18)
                }),
                That("tests on node 20", |o| {
                    holds_version(o, "/jobs/test/strategy/matrix/node", 20)
                }),
                That("tests on node 22", |o| {
                    holds_version(o, "/jobs/test/strategy/matrix/node", 22)
                }),
                Holds("/on/push/branches", json!("develop")),
                That("installs with pnpm", |o| any_job_runs(o, "pnpm")),
                Valid,
            ],
        ),
        case(
            Doc::ActionsNone,
            "Hello! I want CI for my rust crate that also runs the tests on windows and mac, please",
            vec![
                Proposed,
                Holds("/jobs/test/strategy/matrix/os", json!("windows-latest")),
                Holds("/jobs/test/strategy/matrix/os", json!("macos-latest")),
                That("runs cargo test", |o| any_job_runs(o, "cargo test")),
                Valid,
            ],
        ),
        case(
            Doc::Flow,
            "add job test: needs build, runs cargo test",
            vec![
                Proposed,
                That("test needs build", |o| names(o, "/jobs/test/needs", "build")),
                That("test runs cargo test", |o| runs(o, "test", "cargo test")),
                Present("/jobs/build"),
                Valid,
            ],
        ),
        case(
            Doc::CiNode,
            "honestly the lint job just slows everything down, let's get rid of it",
            vec![
                Proposed,
                Absent("/jobs/lint"),
                That("build no longer needs lint", |o| {
                    !names(o, "/jobs/build/needs", "lint")
                }),
                That("build still needs test", |o| names(o, "/jobs/build/needs", "test")),
                Valid,
            ],
        ),
        case(
            Doc::TplRustCi,
            "rename fmt -> format",
            vec![
                Proposed,
                Present("/jobs/format"),
                Absent("/jobs/fmt"),
                That("test needs format", |o| names(o, "/jobs/test/needs", "format")),
                Valid,
            ],
        ),
        case(
            Doc::Flow,
            "the build job shouldn't be allowed to run longer than half an hour",
            vec![Proposed, Is("/jobs/build/timeout-minutes", json!(30)), Valid],
        ),
        case(
            Doc::TplNodeCi,
            "test matrix + node 24",
            vec![
                Proposed,
                That("node 24 added", |o| {
                    holds_version(o, "/jobs/test/strategy/matrix/node", 24)
                }),
                That("node 20 and 22 kept", |o| {
                    holds_version(o, "/jobs/test/strategy/matrix/node", 20)
                        && holds_version(o, "/jobs/test/strategy/matrix/node", 22)
                }),
                Valid,
            ],
        ),
        case(
            Doc::DanglingNeeds,
            "deploy won't start and i can't tell why. whats wrong with it?",
            vec![NoPatch(ReplyKind::Answer), Says(&["biuld", "lint"])],
        ),
        case(
            Doc::DanglingNeeds,
            "fix needs",
            vec![
                Proposed,
                That("deploy needs build", |o| names(o, "/jobs/deploy/needs", "build")),
                Valid,
            ],
        ),
        case(
            Doc::CiNode,
            "who needs the test job?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        case(
            Doc::TplRelease,
            "so what does this workflow actually do?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["build", "release", "image"]),
            ],
        ),
        case(
            Doc::CiNode,
            "re-run the failed jobs from yesterday",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Doc::TplRustCi,
            "could we also run CI every night at 3am?",
            vec![
                Proposed,
                That("a schedule at 03:00", |o| has_cron(o, "0 3 * * *")),
                Present("/on/push"),
                Valid,
            ],
        ),
        case(
            Doc::CiNode,
            "NODE_OPTIONS max-old-space-size 8192",
            vec![
                Proposed,
                Is("/env/NODE_OPTIONS", json!("--max-old-space-size=8192")),
                Valid,
            ],
        ),
        // ---------------------------------------------------------------- otel-collector (14)
        case(
            Doc::OtelNone,
            "I want a collector that takes traces from my apps and sends them on to jaeger:4317, keeping only 10% of them",
            vec![
                Proposed,
                That("traces go to jaeger:4317", |o| {
                    pipeline_uses(o, "traces", "exporters", "/exporters", |e| {
                        field_str(e, "endpoint") == Some("jaeger:4317")
                    })
                }),
                That("10% of traces are kept", |o| {
                    pipeline_uses(o, "traces", "processors", "/processors", |p| {
                        field_num(p, "sampling_percentage") == Some(10.0)
                    })
                }),
                Valid,
            ],
        ),
        case(
            Doc::OtelNone,
            "otel metrics collector, interval 15s, env staging, remote write http://mimir:9009/api/v1/push",
            vec![
                Proposed,
                Is("/receivers/hostmetrics/collection_interval", json!("15s")),
                That("metrics go to mimir", |o| {
                    pipeline_uses(o, "metrics", "exporters", "/exporters", |e| {
                        field_str(e, "endpoint") == Some("http://mimir:9009/api/v1/push")
                    })
                }),
                That("environment is staging", |o| mentions(o, "\"staging\"")),
                Valid,
            ],
        ),
        case(
            Doc::Gateway,
            "we don't need the debug exporter cluttering the logs anymore, can you remove it?",
            vec![
                Proposed,
                Absent("/exporters/debug"),
                Lacks("/service/pipelines/logs/exporters", json!("debug")),
                Holds("/service/pipelines/logs/exporters", json!("otlp/vendor")),
                Valid,
            ],
        ),
        case(
            Doc::TplTraces,
            "rename otlp/backend -> otlp/tempo",
            vec![
                Proposed,
                Present("/exporters/otlp~1tempo"),
                Absent("/exporters/otlp~1backend"),
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
                Valid,
            ],
        ),
        case(
            Doc::Collector,
            "could traces also go to honeycomb? endpoint is api.honeycomb.io:443",
            vec![
                Proposed,
                That("traces go to api.honeycomb.io:443", |o| {
                    pipeline_uses(o, "traces", "exporters", "/exporters", |e| {
                        field_str(e, "endpoint") == Some("api.honeycomb.io:443")
                    })
                }),
                Holds("/service/pipelines/traces/exporters", json!("debug")),
                Valid,
            ],
        ),
        case(
            Doc::TplTraces,
            "keep a bit more of the traces, like 40 percent",
            vec![
                Proposed,
                That("40% sampled", |o| {
                    num_is(o, "/processors/probabilistic_sampler/sampling_percentage", 40.0)
                }),
                Valid,
            ],
        ),
        case(
            Doc::Collector,
            "memory_limiter limit 1 GiB",
            vec![
                Proposed,
                Is("/processors/memory_limiter/limit_mib", json!(1024)),
                Valid,
            ],
        ),
        case(
            Doc::OtelAgent,
            "hostmetrics every 1m",
            vec![
                Proposed,
                That("collection interval one minute", |o| {
                    matches!(
                        o.get("/receivers/hostmetrics/collection_interval")
                            .and_then(Value::as_str),
                        Some("1m" | "60s")
                    )
                }),
                Valid,
            ],
        ),
        case(
            Doc::Gateway,
            "batches feel slow to go out, can we halve the batch timeout?",
            vec![
                Proposed,
                That("batch timeout 2.5s", |o| {
                    matches!(
                        o.get("/processors/batch/timeout").and_then(Value::as_str),
                        Some("2.5s" | "2500ms" | "2s500ms")
                    )
                }),
                Valid,
            ],
        ),
        case(
            Doc::OtelDangling,
            "the traces pipeline is broken, what's wrong with it?",
            vec![NoPatch(ReplyKind::Answer), Says(&["batch/2", "otlp/backend"])],
        ),
        case(
            Doc::OtelDangling,
            "fix the dangling refs",
            vec![
                Proposed,
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
                Holds("/service/pipelines/traces/processors", json!("batch")),
                Holds("/service/extensions", json!("health_check")),
                Valid,
            ],
        ),
        case(
            Doc::Gateway,
            "which pipelines go through memory_limiter?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["traces", "metrics", "logs"]),
            ],
        ),
        case(
            Doc::TplMetrics,
            "describe this otel config",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["hostmetrics", "otlp", "prometheusremotewrite"]),
            ],
        ),
        case(
            Doc::OtelAgent,
            "can you make the collector also restart my kubernetes pods when they crash?",
            vec![That(NO_CHANGE, no_change)],
        ),
    ]
}

fn known_gaps() -> Vec<&'static str> {
    vec![
        // Wrong edit: the claude template with web search off, but the default temperature 0.6, not 0.3.
        "claude writer stack, temp 0.3, without web search",
        // Wrong edit: a redis memory at the default redis://localhost:6379/0, not the url given.
        "my assistant forgets everything between chats :( can it get a redis memory? url is redis://localhost:6379/2",
        // Clarify: asked what `chat` should be connected with; no tool added.
        "new http tool weather, GET https://api.weather.example/v1/now, attach to chat",
        // Not understood (help): reviewer -> planner delegation kept.
        "these three keep handing work around in a circle. the reviewer shouldn't pass anything back to the planner",
        // Not understood (help): read "an env var" as an environment named `an`; the key kept.
        "i pasted my openai key straight into the file by accident, can you swap it for an env var?",
        // Not understood (help): "cannot answer that question" instead of naming planner.
        "what breaks if fast is deleted?",
        // Wrong edit: the web app template with project `shop`, but the database left as `app`.
        "i need a little web app with postgres and redis behind it, reachable on port 9000, and the database should be called shop",
        // Answer instead of an edit: "the service web exists already"; no cache service.
        "add redis:7-alpine as cache, web depends_on cache",
        // Answer instead of an edit: "service db is valid"; no restart policy.
        "the database keeps dying overnight; can it restart by itself when it fails?",
        // Answer instead of an edit: "prometheus already publishes 9090:9090"; port unchanged.
        "prometheus host port 9090 -> 9091",
        // Not understood (help): understood only the remark; the lint job kept.
        "honestly the lint job just slows everything down, let's get rid of it",
        // Refused: tried to set the node matrix to the integer 24 instead of adding it.
        "test matrix + node 24",
        // Not understood (help): NODE_OPTIONS unchanged.
        "NODE_OPTIONS max-old-space-size 8192",
        // Wrong edit: the metrics template with the default environment production, not staging.
        "otel metrics collector, interval 15s, env staging, remote write http://mimir:9009/api/v1/push",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 22",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 22, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
