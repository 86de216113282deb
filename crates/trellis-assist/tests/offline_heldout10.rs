//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting before it was run against the engine, in
//! the styles people type in the chat panel beside the canvas (plain, terse, chatty,
//! misspelt, things named by what they do rather than by their field), over every intent
//! of the offline engine: templates with parameters, add, remove, rename, connect, set,
//! middleware across agents, explain and fix, impact questions, descriptions, and requests
//! it cannot do. Judged by the document each proposal makes, never by the reply's wording
//! (except which components an answer names).
//!
//! 83 requests: 42 agent-stack, 14 docker-compose, 13 github-actions, 14 otel-collector.
//!
//! First try: 56/83 (67.5%) — agent-stack 30/42, docker-compose 10/14, github-actions
//! 9/13, otel-collector 7/14. No expectation was corrected after the run (every failure was
//! checked against its fixture and found to be the engine's). What missed is listed by its
//! text and run by the ignored known-gaps test.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// Whether a list holds `v` as a string or as a number.
fn holds_loosely(o: &Outcome, pointer: &str, v: &str) -> bool {
    o.get(pointer).and_then(Value::as_array).is_some_and(|l| {
        l.iter().any(|x| match x {
            Value::String(s) => s == v,
            Value::Number(n) => n.to_string() == v,
            _ => false,
        })
    })
}

/// A request that must leave the document alone (help or an answer, no patch).
fn unchanged() -> Check {
    Check::That("no change (help or an answer)", |o| {
        o.reply.patch.is_empty() && o.reply.kind != ReplyKind::Proposal
    })
}

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ============================================================ agent stacks
        // ------------------------------------------------------------ templates
        case(
            None,
            "I want a local assistant on ollama running mistral, remember the last 50 messages",
            vec![
                Proposed,
                Valid,
                That("an ollama provider", |o| {
                    any_of(o, "/providers", |p| p["type"] == json!("ollama"))
                }),
                That("a model named mistral", |o| {
                    any_of(o, "/models", |m| m["name"] == json!("mistral"))
                }),
                That("a memory keeping 50 messages", |o| {
                    any_of(o, "/memory", |m| m["max_messages"] == json!(50))
                }),
            ],
        ),
        case(
            None,
            "production openai setup with gpt-4.1 as the main model and 200 requests per minute",
            vec![
                Proposed,
                Valid,
                That("a gpt-4.1 model", |o| {
                    any_of(o, "/models", |m| m["name"] == json!("gpt-4.1"))
                }),
                That("a rate limit of 200 a minute", |o| {
                    any_of(o, "/middleware", |m| {
                        m["type"] == json!("rate_limit") && m["requests_per_minute"] == json!(200)
                    })
                }),
            ],
        ),
        case(
            None,
            "customer support bot for Acme Corp, don't block pii",
            vec![
                Proposed,
                Valid,
                That("the company in the instructions", |o| {
                    mentions(o, "Acme Corp")
                }),
                That("guardrails that let personal data through", |o| {
                    any_of(o, "/middleware", |m| {
                        m["type"] == json!("guardrails") && m["block_pii"] == json!(false)
                    })
                }),
            ],
        ),
        case(
            None,
            "claude writing helper without web search",
            vec![
                Proposed,
                Valid,
                That("an anthropic provider", |o| {
                    any_of(o, "/providers", |p| p["type"] == json!("anthropic"))
                }),
                That("no web search tool", |o| !mentions(o, "web_search")),
            ],
        ),
        case(
            None,
            "rag setup using text-embedding-3-large with 3072 dimensions",
            vec![
                Proposed,
                Valid,
                That("the large embedding model", |o| {
                    any_of(o, "/models", |m| {
                        m["name"] == json!("text-embedding-3-large")
                    })
                }),
                That("a vector memory of 3072 dimensions", |o| {
                    any_of(o, "/memory", |m| {
                        m["type"] == json!("vector") && m["dimensions"] == json!(3072)
                    })
                }),
            ],
        ),
        case(
            None,
            "research team where the planner can go 30 rounds",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/max_iterations", json!(30)),
            ],
        ),
        // ------------------------------------------------------------ add
        case(
            Mini,
            "add a tool that searches the web",
            vec![
                Proposed,
                Valid,
                That("a built-in web search tool", |o| {
                    any_of(o, "/tools", |t| {
                        t["type"] == json!("builtin") && t["name"] == json!("web_search")
                    })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "add an editor agent on the smart model that delegates to writer",
            vec![
                Proposed,
                Valid,
                Is("/agents/editor/model", json!("smart")),
                Holds("/agents/editor/delegates_to", json!("writer")),
            ],
        ),
        case(
            LocalOllama,
            "new sqlite memory 'archive' at ./data/archive.db",
            vec![
                Proposed,
                Valid,
                Is("/memory/archive/type", json!("sqlite")),
                Is("/memory/archive/path", json!("./data/archive.db")),
            ],
        ),
        case(
            TplAnthropic,
            "add an http tool called weather hitting https://api.weather.example/v1/forecast",
            vec![
                Proposed,
                Valid,
                Is("/tools/weather/type", json!("http")),
                Is(
                    "/tools/weather/url",
                    json!("https://api.weather.example/v1/forecast"),
                ),
            ],
        ),
        // ------------------------------------------------------------ remove
        case(
            SupportDesk,
            "delete the refund tool",
            vec![
                Proposed,
                Valid,
                Absent("/tools/refund"),
                Lacks("/agents/billing/tools", json!("refund")),
                Present("/tools/lookup_invoice"),
            ],
        ),
        case(
            TplProduction,
            "we don't need the summarizer anymore",
            vec![
                Proposed,
                Valid,
                Absent("/agents/summarizer"),
                Present("/agents/assistant"),
            ],
        ),
        case(
            LocalOllama,
            "take the calculator off the librarian",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/librarian/tools", json!("calc")),
                Holds("/agents/librarian/tools", json!("files")),
            ],
        ),
        case(
            ResearchDesk,
            "remove the audit log middleware",
            vec![
                Proposed,
                Valid,
                Absent("/middleware/audit_log"),
                Lacks("/agents/planner/middleware", json!("audit_log")),
                Holds("/agents/planner/middleware", json!("retry")),
            ],
        ),
        // ------------------------------------------------------------ rename
        case(
            ResearchDesk,
            "rename the fast model to quick",
            vec![
                Proposed,
                Valid,
                Absent("/models/fast"),
                Is("/models/quick/name", json!("gpt-4o-mini")),
                Is("/agents/planner/model", json!("quick")),
            ],
        ),
        case(
            SupportDesk,
            "rename memory conversations -> chats",
            vec![
                Proposed,
                Valid,
                Absent("/memory/conversations"),
                Is("/memory/chats/type", json!("postgres")),
                Is("/agents/billing/memory", json!("chats")),
                Is("/agents/generalist/memory", json!("chats")),
            ],
        ),
        // ------------------------------------------------------------ connect
        case(
            ResearchDesk,
            "the writer should be able to use arxiv too",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/tools", json!("arxiv")),
            ],
        ),
        case(
            SupportDesk,
            "generalist should hand off to billing when needed",
            vec![
                Proposed,
                Valid,
                Holds("/agents/generalist/delegates_to", json!("billing")),
            ],
        ),
        case(
            TplResearch,
            "writer should use the retry middleware as well",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/middleware", json!("retry")),
            ],
        ),
        // ------------------------------------------------------------ set
        case(
            Mini,
            "make the chat model less random, temperature 0.1",
            vec![Proposed, Valid, Is("/models/chat/temperature", json!(0.1))],
        ),
        case(
            ResearchDesk,
            "give the writer model a max of 2000 tokens",
            vec![
                Proposed,
                Valid,
                Is("/models/writer/max_tokens", json!(2000)),
            ],
        ),
        case(
            SupportDesk,
            "sample 50% of traces",
            vec![
                Proposed,
                Valid,
                Is("/middleware/traces/sample_rate", json!(0.5)),
            ],
        ),
        case(
            TplProduction,
            "cache responses for 10 minutes",
            vec![Proposed, Valid, Is("/middleware/cache/ttl_s", json!(600))],
        ),
        case(
            TplSupport,
            "let customers send up to 2000 characters",
            vec![
                Proposed,
                Valid,
                Is("/middleware/guardrails/max_input_chars", json!(2000)),
            ],
        ),
        case(
            SupportDesk,
            "also refuse to talk about politics",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/safety/denied_topics", json!("politics")),
                Holds("/middleware/safety/denied_topics", json!("legal advice")),
            ],
        ),
        case(
            TplEnvironments,
            "in prod, allow 600 requests per minute",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/prod/overrides/middleware/rate_limit/requests_per_minute",
                    json!(600),
                ),
                Is("/middleware/rate_limit/requests_per_minute", json!(1000)),
            ],
        ),
        // ------------------------------------------------------------ middleware across
        case(
            ResearchDesk,
            "add tracing to all agents, send to http://collector:4318",
            vec![
                Proposed,
                Valid,
                That("every agent traced", |o| all_agents_have(o, "tracing")),
                That("the endpoint", |o| mentions(o, "http://collector:4318")),
            ],
        ),
        case(
            TplRag,
            "put a rate limit of 60 requests/minute on every agent",
            vec![
                Proposed,
                Valid,
                That("every agent rate limited", |o| {
                    all_agents_have(o, "rate_limit")
                }),
                That("60 a minute", |o| {
                    any_of(o, "/middleware", |m| {
                        m["type"] == json!("rate_limit") && m["requests_per_minute"] == json!(60)
                    })
                }),
            ],
        ),
        case(
            SupportDesk,
            "every agent should go through the cache",
            vec![
                Proposed,
                Valid,
                That("every agent cached", |o| all_agents_have(o, "cache")),
            ],
        ),
        // ------------------------------------------------------------ explain and fix
        case(
            EnumTypos,
            "correct the provider type typo",
            vec![
                Proposed,
                Is("/providers/openai/type", json!("openai")),
                ErrorsBelow(2),
            ],
        ),
        case(
            ConditionalRequired,
            "what's missing here?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["together", "weather", "base_url", "path"]),
            ],
        ),
        case(
            YamlTypes,
            "fix the type errors",
            vec![
                Proposed,
                Valid,
                Is("/agents/surfer/max_iterations", json!(20)),
                Is("/tools/browser/args/3", json!("8080")),
            ],
        ),
        case(
            OutOfRange,
            "temperature is too high on creative, fix it",
            vec![
                Proposed,
                ErrorsBelow(3),
                That("a temperature within 0..2", |o| {
                    o.get("/models/creative/temperature")
                        .and_then(Value::as_f64)
                        .is_some_and(|t| (0.0..=2.0).contains(&t))
                }),
            ],
        ),
        case(
            Cycle,
            "explain the errors",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["planner", "researcher", "reviewer"]),
            ],
        ),
        case(
            Dangling,
            "copywriter should use the writer model and the calculator",
            vec![
                Proposed,
                Valid,
                Is("/agents/copywriter/model", json!("writer")),
                Holds("/agents/copywriter/tools", json!("calculator")),
            ],
        ),
        case(
            UnusedSecret,
            "move the openai key into an env variable",
            vec![
                Proposed,
                Valid,
                That("the key is a variable reference", |o| {
                    o.get("/providers/openai/api_key")
                        .and_then(Value::as_str)
                        .is_some_and(|k| k.starts_with("${") && !k.contains("sk-proj"))
                }),
            ],
        ),
        // ------------------------------------------------------------ impact
        case(
            SupportDesk,
            "what uses the vllm provider?",
            vec![NoPatch(ReplyKind::Answer), Says(&["triage"])],
        ),
        case(
            TplResearch,
            "if i delete the sources memory what breaks",
            vec![NoPatch(ReplyKind::Answer), Says(&["researcher", "writer"])],
        ),
        // ------------------------------------------------------------ describe
        case(
            LocalOllama,
            "give me an overview of this setup",
            vec![NoPatch(ReplyKind::Answer), Says(&["librarian", "chat"])],
        ),
        case(
            TplEnvironments,
            "what's different in dev?",
            vec![NoPatch(ReplyKind::Answer), Says(&["ollama"])],
        ),
        // ------------------------------------------------------------ cannot do
        case(Mini, "deploy this to aws for me", vec![unchanged()]),
        case(
            ResearchDesk,
            "translate all the system prompts into german",
            vec![unchanged()],
        ),
        // ============================================================ docker compose
        case(
            ComposeNone,
            "reverse proxy with caddy for example.org, email ops@example.org",
            vec![
                Proposed,
                Valid,
                Is("/services/proxy/environment/DOMAIN", json!("example.org")),
                Is(
                    "/services/proxy/environment/ACME_EMAIL",
                    json!("ops@example.org"),
                ),
            ],
        ),
        case(
            ComposeNone,
            "set up a web app with postgres and redis, app on port 3000",
            vec![
                Proposed,
                Valid,
                That("the app published on 3000", |o| {
                    list_has(o, "/services/app/ports", "3000:")
                }),
            ],
        ),
        case(
            Web,
            "add an adminer service on port 8081",
            vec![
                Proposed,
                Valid,
                Present("/services/adminer"),
                That("port 8081 published", |o| {
                    list_has(o, "/services/adminer/ports", "8081")
                }),
            ],
        ),
        case(
            WebStack,
            "remove the cache",
            vec![
                Proposed,
                Valid,
                Absent("/services/cache"),
                That("api no longer waits for it", |o| {
                    !names(o, "/services/api/depends_on", "cache")
                }),
                Present("/services/db"),
            ],
        ),
        case(
            TplWebApp,
            "rename cache to redis",
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
            Monitoring,
            "make grafana also depend on cadvisor",
            vec![
                Proposed,
                Valid,
                That("grafana waits for cadvisor", |o| {
                    names(o, "/services/grafana/depends_on", "cadvisor")
                }),
                That("and still for prometheus", |o| {
                    names(o, "/services/grafana/depends_on", "prometheus")
                }),
            ],
        ),
        case(
            WebStack,
            "bump postgres to 17",
            vec![
                Proposed,
                Valid,
                Is("/services/db/image", json!("postgres:17")),
            ],
        ),
        case(
            TplMonitoring,
            "keep metrics for 30 days",
            vec![
                Proposed,
                Valid,
                That("retention of 30d", |o| {
                    list_has(o, "/services/prometheus/command", "retention.time=30d")
                }),
            ],
        ),
        case(
            Monitoring,
            "limit grafana to 1 gb of memory",
            vec![
                Proposed,
                Valid,
                That("a 1 GB memory limit on grafana", |o| {
                    let ok = |v: Option<&Value>| match v {
                        Some(Value::String(s)) => {
                            matches!(s.to_lowercase().as_str(), "1g" | "1gb" | "1024m" | "1024mb")
                        }
                        Some(Value::Number(n)) => n.as_u64() == Some(1 << 30),
                        _ => false,
                    };
                    ok(o.get("/services/grafana/deploy/resources/limits/memory"))
                        || ok(o.get("/services/grafana/mem_limit"))
                }),
            ],
        ),
        case(
            ComposeDangling,
            "fix the wrong names",
            vec![
                Proposed,
                Valid,
                Is("/services/db/secrets/0", json!("db_password")),
                Is("/services/db/volumes/0", json!("db-data:/var/lib/mysql")),
            ],
        ),
        case(
            ComposeTypos,
            "what's wrong with web?",
            vec![NoPatch(ReplyKind::Answer), Says(&["imag"])],
        ),
        case(
            WebStack,
            "if I take down db, what else is affected?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            TplProxy,
            "what does this compose file do?",
            vec![NoPatch(ReplyKind::Answer), Says(&["proxy", "web", "api"])],
        ),
        case(Web, "push this to docker hub", vec![unchanged()]),
        // ============================================================ github actions
        case(
            ActionsNone,
            "release workflow for tags like release-*, binary called trellis",
            vec![
                Proposed,
                Valid,
                Holds("/on/push/tags", json!("release-*")),
                That("builds the trellis binary", |o| {
                    mentions(o, "--bin trellis")
                }),
            ],
        ),
        case(
            ActionsNone,
            "node ci with yarn on node 18 and 20, no lint",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/lint"),
                That("yarn", |o| mentions(o, "yarn")),
                That("node 18 and 20", |o| {
                    holds_loosely(o, "/jobs/test/strategy/matrix/node", "18")
                        && holds_loosely(o, "/jobs/test/strategy/matrix/node", "20")
                }),
            ],
        ),
        case(
            Flow,
            "add a lint job that runs cargo clippy",
            vec![
                Proposed,
                Valid,
                Present("/jobs/lint"),
                That("lint runs clippy", |o| runs(o, "lint", "cargo clippy")),
            ],
        ),
        case(
            CiNode,
            "remove the lint job",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/lint"),
                That("build no longer needs lint", |o| {
                    !names(o, "/jobs/build/needs", "lint")
                }),
                That("build still needs test", |o| {
                    names(o, "/jobs/build/needs", "test")
                }),
            ],
        ),
        case(
            CiNode,
            "rename build to package",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/build"),
                Present("/jobs/package/steps"),
            ],
        ),
        case(
            TplRustCi,
            "clippy should only run after fmt",
            vec![
                Proposed,
                Valid,
                That("clippy needs fmt", |o| {
                    names(o, "/jobs/clippy/needs", "fmt")
                }),
            ],
        ),
        case(
            Flow,
            "run every night at 3am too",
            vec![
                Proposed,
                Valid,
                Present("/on/push"),
                That("a schedule at 03:00", |o| {
                    o.get("/on/schedule")
                        .and_then(Value::as_array)
                        .is_some_and(|l| l.iter().any(|s| s["cron"] == json!("0 3 * * *")))
                }),
            ],
        ),
        case(
            TplNodeCi,
            "stop running on pull requests",
            vec![
                Proposed,
                Valid,
                Absent("/on/pull_request"),
                Present("/on/push"),
            ],
        ),
        case(
            DanglingNeeds,
            "deploy's needs are broken, fix them",
            vec![
                Proposed,
                Valid,
                That("deploy needs build", |o| {
                    names(o, "/jobs/deploy/needs", "build")
                }),
            ],
        ),
        case(
            CiNode,
            "what happens if the test job is removed?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        case(
            Nightly,
            "walk me through this workflow",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["e2e", "deploy-staging", "notify"]),
            ],
        ),
        case(
            TplRelease,
            "make the release a draft",
            vec![
                Proposed,
                Valid,
                That("the release is created as a draft", |o| {
                    runs(o, "release", "--draft")
                }),
            ],
        ),
        case(Flow, "how long did the last run take?", vec![unchanged()]),
        // ============================================================ otel collector
        case(
            OtelNone,
            "collector for metrics scraping localhost:9100 and app:8080 every 15s",
            vec![
                Proposed,
                Valid,
                That("both targets", |o| {
                    mentions(o, "localhost:9100") && mentions(o, "app:8080")
                }),
                Is("/receivers/hostmetrics/collection_interval", json!("15s")),
            ],
        ),
        case(
            OtelNone,
            "traces collector, keep half the traces, backend at tempo.internal:4317",
            vec![
                Proposed,
                Valid,
                Is(
                    "/processors/probabilistic_sampler/sampling_percentage",
                    json!(50),
                ),
                That("the backend", |o| mentions(o, "tempo.internal:4317")),
            ],
        ),
        case(
            Collector,
            "add an otlphttp exporter to http://backend:4318 and use it for traces",
            vec![
                Proposed,
                Valid,
                That("an otlphttp exporter to the backend, in traces", |o| {
                    let Some(exporters) = o.get("/exporters").and_then(Value::as_object) else {
                        return false;
                    };
                    exporters.iter().any(|(k, v)| {
                        k.starts_with("otlphttp")
                            && v["endpoint"] == json!("http://backend:4318")
                            && o.get("/service/pipelines/traces/exporters")
                                .and_then(Value::as_array)
                                .is_some_and(|l| l.contains(&json!(k)))
                    })
                }),
            ],
        ),
        case(
            Gateway,
            "drop the debug exporter from logs",
            vec![
                Proposed,
                Valid,
                Lacks("/service/pipelines/logs/exporters", json!("debug")),
                Holds("/service/pipelines/logs/exporters", json!("otlp/vendor")),
            ],
        ),
        case(
            TplTraces,
            "remove the sampler",
            vec![
                Proposed,
                Valid,
                Absent("/processors/probabilistic_sampler"),
                Lacks(
                    "/service/pipelines/traces/processors",
                    json!("probabilistic_sampler"),
                ),
            ],
        ),
        case(
            OtelAgent,
            "rename the loki exporter to otlphttp/logs",
            vec![
                Proposed,
                Valid,
                Absent("/exporters/otlphttp~1loki"),
                Present("/exporters/otlphttp~1logs"),
                Holds("/service/pipelines/logs/exporters", json!("otlphttp/logs")),
            ],
        ),
        case(
            Collector,
            "make the debug output more verbose, detailed",
            vec![
                Proposed,
                Valid,
                Is("/exporters/debug/verbosity", json!("detailed")),
            ],
        ),
        case(
            TplTraces,
            "keep 5 percent of traces",
            vec![
                Proposed,
                Valid,
                Is(
                    "/processors/probabilistic_sampler/sampling_percentage",
                    json!(5),
                ),
            ],
        ),
        case(
            TplMetrics,
            "read host metrics every 10s",
            vec![
                Proposed,
                Valid,
                Is("/receivers/hostmetrics/collection_interval", json!("10s")),
            ],
        ),
        case(
            Collector,
            "add a zipkin receiver on 0.0.0.0:9411 to traces",
            vec![
                Proposed,
                Valid,
                That("a zipkin receiver on 9411 feeding traces", |o| {
                    let Some(receivers) = o.get("/receivers").and_then(Value::as_object) else {
                        return false;
                    };
                    receivers.iter().any(|(k, v)| {
                        k.starts_with("zipkin")
                            && v["endpoint"] == json!("0.0.0.0:9411")
                            && o.get("/service/pipelines/traces/receivers")
                                .and_then(Value::as_array)
                                .is_some_and(|l| l.contains(&json!(k)))
                    })
                }),
            ],
        ),
        case(
            OtelDangling,
            "the collector config has errors, sort them out",
            vec![Proposed, Valid],
        ),
        case(
            Gateway,
            "where does the logs pipeline send data?",
            vec![NoPatch(ReplyKind::Answer), Says(&["otlp/vendor", "debug"])],
        ),
        case(
            OtelAgent,
            "what depends on the basicauth/prw extension?",
            vec![NoPatch(ReplyKind::Answer), Says(&["prometheusremotewrite"])],
        ),
        case(OtelAgent, "restart the collector", vec![unchanged()]),
    ]
}

/// The misses of the first run, kept by their text.
fn known_gaps() -> Vec<&'static str> {
    vec![
        // Not understood (an answer that the job exists): the release made a draft.
        "make the release a draft",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 10",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 10, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
