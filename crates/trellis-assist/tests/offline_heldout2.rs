//! A third round of held-out requests for the offline engine (all four packs), written
//! before the engine was changed for them and judged by the document each proposal makes.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// The first batch of this round: written before the engine was changed for it.
fn first_batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ---------------------------------------------------------------- compose
        case(
            WebStack,
            "add a redis service",
            vec![
                Proposed,
                Valid,
                That("a redis image", |o| {
                    o.get("/services/redis/image")
                        .and_then(Value::as_str)
                        .is_some_and(|s| s.starts_with("redis"))
                }),
            ],
        ),
        case(
            Web,
            "expose port 8080 on web",
            vec![
                Proposed,
                That("8080 published", |o| {
                    list_has(o, "/services/web/ports", "8080")
                }),
            ],
        ),
        case(
            Web,
            "make db use postgres:17",
            vec![Proposed, Is("/services/db/image", json!("postgres:17"))],
        ),
        case(
            Web,
            "make web depend on db",
            vec![
                Proposed,
                Valid,
                That("web depends on db", |o| {
                    names(o, "/services/web/depends_on", "db")
                }),
            ],
        ),
        case(
            ComposeNone,
            "create a compose setup for a web app with postgres and redis",
            vec![
                Proposed,
                Valid,
                That("a postgres image", |o| mentions(o, "postgres:")),
                That("a redis image", |o| mentions(o, "redis:")),
            ],
        ),
        case(
            Web,
            "change the web image to nginx:1.27-alpine",
            vec![
                Proposed,
                Is("/services/web/image", json!("nginx:1.27-alpine")),
            ],
        ),
        case(
            Web,
            "add env var LOG_LEVEL=debug to web",
            vec![
                Proposed,
                That("LOG_LEVEL set", |o| {
                    o.get("/services/web/environment/LOG_LEVEL") == Some(&json!("debug"))
                        || list_has(o, "/services/web/environment", "LOG_LEVEL=debug")
                }),
            ],
        ),
        case(
            Web,
            "remove the db service",
            vec![Proposed, Valid, Absent("/services/db")],
        ),
        case(
            Web,
            "rename web to frontend",
            vec![
                Proposed,
                Present("/services/frontend"),
                Absent("/services/web"),
            ],
        ),
        case(
            WebStack,
            "what depends on db?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            Web,
            "set restart to always on all services",
            vec![
                Proposed,
                Is("/services/web/restart", json!("always")),
                Is("/services/db/restart", json!("always")),
            ],
        ),
        case(
            Web,
            "add a network called backend",
            vec![Proposed, Present("/networks/backend")],
        ),
        case(
            WebStack,
            "which services use postgres?",
            vec![NoPatch(ReplyKind::Answer), Says(&["db"])],
        ),
        case(
            WebStack,
            "describe this",
            vec![NoPatch(ReplyKind::Answer), Says(&["proxy", "cache"])],
        ),
        case(
            Web,
            "web shuold depend on db",
            vec![
                Proposed,
                That("web depends on db", |o| {
                    names(o, "/services/web/depends_on", "db")
                }),
            ],
        ),
        case(
            Web,
            "publish 3000:3000 on web",
            vec![Proposed, Holds("/services/web/ports", json!("3000:3000"))],
        ),
        case(
            ComposeNone,
            "add a service called api with image node:20",
            vec![Proposed, Is("/services/api/image", json!("node:20"))],
        ),
        case(
            WebStack,
            "remove port 443 from proxy",
            vec![
                Proposed,
                Lacks("/services/proxy/ports", json!("443:443")),
                Holds("/services/proxy/ports", json!("80:80")),
            ],
        ),
        case(
            Web,
            "whats the image of db",
            vec![NoPatch(ReplyKind::Answer), Says(&["postgres:16"])],
        ),
        case(
            WebStack,
            "how many services are there",
            vec![NoPatch(ReplyKind::Answer), Says(&["4"])],
        ),
        case(
            Web,
            "set db restart policy to unless-stopped",
            vec![
                Proposed,
                Is("/services/db/restart", json!("unless-stopped")),
            ],
        ),
        case(
            Monitoring,
            "bump grafana to 11.2.0",
            vec![
                Proposed,
                Is("/services/grafana/image", json!("grafana/grafana:11.2.0")),
            ],
        ),
        case(ComposeDangling, "fix the errors", vec![Proposed]),
        // ---------------------------------------------------------------- actions
        case(
            Flow,
            "add a test job that runs cargo test",
            vec![
                Proposed,
                Valid,
                That("test runs cargo test", |o| runs(o, "test", "cargo test")),
            ],
        ),
        case(
            CiNode,
            "add a deploy job that needs build",
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
            "run lint on macos-latest",
            vec![Proposed, Is("/jobs/lint/runs-on", json!("macos-latest"))],
        ),
        case(
            CiNode,
            "set timeout-minutes to 30 on build",
            vec![Proposed, Is("/jobs/build/timeout-minutes", json!(30))],
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
            ],
        ),
        case(
            CiNode,
            "rename test to unit-tests",
            vec![
                Proposed,
                Valid,
                Present("/jobs/unit-tests"),
                That("build needs unit-tests", |o| {
                    names(o, "/jobs/build/needs", "unit-tests")
                }),
            ],
        ),
        case(
            CiNode,
            "what depends on lint?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        case(
            Flow,
            "add a step to build that runs cargo clippy",
            vec![
                Proposed,
                That("a clippy step", |o| runs(o, "build", "cargo clippy")),
            ],
        ),
        case(
            ActionsNone,
            "create a rust ci workflow",
            vec![
                Proposed,
                Valid,
                That("cargo is used", |o| mentions(o, "cargo")),
            ],
        ),
        case(
            ActionsNone,
            "set up node ci with pnpm",
            vec![
                Proposed,
                Valid,
                That("pnpm is used", |o| mentions(o, "pnpm")),
            ],
        ),
        case(
            Flow,
            "make build run on windows-latest",
            vec![Proposed, Is("/jobs/build/runs-on", json!("windows-latest"))],
        ),
        case(
            CiNode,
            "which jobs are there?",
            vec![NoPatch(ReplyKind::Answer), Says(&["lint", "test", "build"])],
        ),
        case(
            Flow,
            "add env var RUST_BACKTRACE=1 to build",
            vec![
                Proposed,
                That(
                    "RUST_BACKTRACE set",
                    |o| matches!(o.get("/jobs/build/env/RUST_BACKTRACE"), Some(v) if v == &json!(1) || v == &json!("1")),
                ),
            ],
        ),
        case(
            CiNode,
            "make test depend on lint",
            vec![
                Proposed,
                Valid,
                That("test needs lint", |o| names(o, "/jobs/test/needs", "lint")),
            ],
        ),
        case(DanglingNeeds, "fix it", vec![Proposed]),
        // ---------------------------------------------------------------- otel
        case(
            Collector,
            "add a batch processor to the traces pipeline",
            vec![
                Proposed,
                Valid,
                Present("/processors/batch"),
                Holds("/service/pipelines/traces/processors", json!("batch")),
            ],
        ),
        case(
            Gateway,
            "remove the debug exporter",
            vec![
                Proposed,
                Valid,
                Absent("/exporters/debug"),
                Lacks("/service/pipelines/logs/exporters", json!("debug")),
            ],
        ),
        case(
            Gateway,
            "add the debug exporter to the traces pipeline",
            vec![
                Proposed,
                Holds("/service/pipelines/traces/exporters", json!("debug")),
            ],
        ),
        case(
            Gateway,
            "set the batch timeout to 10s",
            vec![Proposed, Is("/processors/batch/timeout", json!("10s"))],
        ),
        case(
            Gateway,
            "what uses memory_limiter?",
            vec![NoPatch(ReplyKind::Answer), Says(&["traces", "logs"])],
        ),
        case(
            Collector,
            "set limit_mib to 1024 on memory_limiter",
            vec![
                Proposed,
                Is("/processors/memory_limiter/limit_mib", json!(1024)),
            ],
        ),
        case(
            OtelNone,
            "create an otel collector for traces",
            vec![Proposed, Valid, Present("/service/pipelines/traces")],
        ),
        case(
            OtelNone,
            "set up an opentelemetry metrics collector",
            vec![Proposed, Valid, Present("/service/pipelines/metrics")],
        ),
        case(
            Gateway,
            "rename the debug exporter to logging",
            vec![
                Proposed,
                Valid,
                Present("/exporters/logging"),
                Holds("/service/pipelines/logs/exporters", json!("logging")),
            ],
        ),
        case(
            Gateway,
            "which exporters are there",
            vec![NoPatch(ReplyKind::Answer), Says(&["otlp/vendor", "debug"])],
        ),
        case(
            Gateway,
            "remove memory_limiter from the logs pipeline",
            vec![
                Proposed,
                Lacks(
                    "/service/pipelines/logs/processors",
                    json!("memory_limiter"),
                ),
                Present("/processors/memory_limiter"),
                Holds(
                    "/service/pipelines/traces/processors",
                    json!("memory_limiter"),
                ),
            ],
        ),
        case(
            OtelAgent,
            "describe the collector",
            vec![NoPatch(ReplyKind::Answer), Says(&["hostmetrics"])],
        ),
        // ---------------------------------------------------------------- agents
        case(
            None,
            "Create a production setup with OpenAI",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/type", json!("openai")),
            ],
        ),
        case(
            None,
            "local setup w/ ollama and llama3",
            vec![
                Proposed,
                Valid,
                That("llama3 is used", |o| mentions(o, "llama3")),
            ],
        ),
        case(
            None,
            "i need an anthropic setup",
            vec![
                Proposed,
                Valid,
                That("an anthropic provider", |o| mentions(o, "\"anthropic\"")),
            ],
        ),
        case(
            ResearchDesk,
            "add a critic agent using gpt-4o that can search the web, with redis memory",
            vec![
                Proposed,
                Valid,
                Present("/agents/critic"),
                That("a gpt-4o model", |o| {
                    o.get("/agents/critic/model")
                        .and_then(Value::as_str)
                        .is_some_and(|m| {
                            o.after.pointer(&format!("/models/{m}/name")) == Some(&json!("gpt-4o"))
                        })
                }),
                Holds("/agents/critic/tools", json!("web_search")),
                That("redis memory", |o| {
                    o.get("/agents/critic/memory")
                        .and_then(Value::as_str)
                        .is_some_and(|m| {
                            o.after.pointer(&format!("/memory/{m}/type")) == Some(&json!("redis"))
                        })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "set the writer model's temperature to 0.3",
            vec![Proposed, Is("/models/writer/temperature", json!(0.3))],
        ),
        case(
            ResearchDesk,
            "add rate limiting to all agents",
            vec![
                Proposed,
                Valid,
                That("every agent rate limited", |o| {
                    all_agents_have(o, "rate_limit")
                }),
            ],
        ),
        case(
            ResearchDesk,
            "turn guardrails on for all agents",
            vec![
                Proposed,
                Valid,
                That("every agent has guardrails", |o| {
                    all_agents_have(o, "guardrails")
                }),
            ],
        ),
        case(
            ResearchDesk,
            "which tools does the researcher have?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["web_search", "arxiv"]),
                That("no raw JSON", |o| !o.reply.text.contains("[\"")),
            ],
        ),
        case(
            ResearchDesk,
            "fast and smart both need temperature 0.1",
            vec![
                Proposed,
                Is("/models/fast/temperature", json!(0.1)),
                Is("/models/smart/temperature", json!(0.1)),
            ],
        ),
        case(
            ResearchDesk,
            "what depends on the openai provider?",
            vec![NoPatch(ReplyKind::Answer), Says(&["fast", "smart"])],
        ),
        case(
            ResearchDesk,
            "get rid of the arxiv tool",
            vec![
                Proposed,
                Valid,
                Absent("/tools/arxiv"),
                Lacks("/agents/researcher/tools", json!("arxiv")),
            ],
        ),
        case(
            ResearchDesk,
            "rename the writer agent to author",
            vec![
                Proposed,
                Valid,
                Present("/agents/author"),
                Holds("/agents/planner/delegates_to", json!("author")),
            ],
        ),
        case(
            ResearchDesk,
            "let the writer use web search",
            vec![Proposed, Holds("/agents/writer/tools", json!("web_search"))],
        ),
        case(
            ResearchDesk,
            "planner shouldn't delegate to writer anymore",
            vec![
                Proposed,
                Lacks("/agents/planner/delegates_to", json!("writer")),
                Holds("/agents/planner/delegates_to", json!("researcher")),
            ],
        ),
        case(
            ResearchDesk,
            "bump max tokens on smart to 8000",
            vec![Proposed, Is("/models/smart/max_tokens", json!(8000))],
        ),
        case(
            ResearchDesk,
            "set temperature to 0.2 for all models",
            vec![
                Proposed,
                Is("/models/fast/temperature", json!(0.2)),
                Is("/models/smart/temperature", json!(0.2)),
                Is("/models/writer/temperature", json!(0.2)),
            ],
        ),
        case(
            ResearchDesk,
            "swap the smart model to gpt-4.1",
            vec![Proposed, Is("/models/smart/name", json!("gpt-4.1"))],
        ),
        case(
            ResearchDesk,
            "give me an overview of this config",
            vec![NoPatch(ReplyKind::Answer), Says(&["planner", "researcher"])],
        ),
        case(
            ResearchDesk,
            "how many agents do i have",
            vec![NoPatch(ReplyKind::Answer), Says(&["3"])],
        ),
        case(ResearchDesk, "undo that", vec![NoPatch(ReplyKind::Answer)]),
        case(
            ResearchDesk,
            "delete everything",
            vec![That("no patch", |o| o.reply.patch.is_empty())],
        ),
        case(
            ResearchDesk,
            "whats the diff between fast and smart",
            vec![NoPatch(ReplyKind::Answer), Says(&["gpt-4o-mini"])],
        ),
        case(
            SupportDesk,
            "add retry to billing",
            vec![
                Proposed,
                Valid,
                That("billing has a retry", |o| {
                    o.get("/agents/billing/middleware")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().filter_map(Value::as_str).any(|n| {
                                o.after.pointer(&format!("/middleware/{n}/type"))
                                    == Some(&json!("retry"))
                            })
                        })
                }),
            ],
        ),
        case(
            SupportDesk,
            "remove tracing from all agents",
            vec![
                Proposed,
                Lacks("/agents/triage/middleware", json!("traces")),
                Lacks("/agents/billing/middleware", json!("traces")),
                Lacks("/agents/generalist/middleware", json!("traces")),
            ],
        ),
        case(
            SupportDesk,
            "set the refund tool timeout to 20",
            vec![Proposed, Is("/tools/refund/timeout_s", json!(20))],
        ),
        case(
            SupportDesk,
            "use the triage model for billing",
            vec![Proposed, Is("/agents/billing/model", json!("triage"))],
        ),
        case(
            SupportDesk,
            "give generalist the refund tool",
            vec![Proposed, Holds("/agents/generalist/tools", json!("refund"))],
        ),
        case(
            SupportDesk,
            "what does billing use?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["lookup_invoice", "refund"]),
            ],
        ),
        case(
            LocalOllama,
            "switch the llama model to llama3.1:8b",
            vec![Proposed, Is("/models/llama/name", json!("llama3.1:8b"))],
        ),
        case(
            LocalOllama,
            "add web search to chat",
            vec![
                Proposed,
                Valid,
                That("chat can search the web", |o| {
                    o.get("/agents/chat/tools")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().filter_map(Value::as_str).any(|n| {
                                o.after.pointer(&format!("/tools/{n}/name"))
                                    == Some(&json!("web_search"))
                            })
                        })
                }),
            ],
        ),
        case(Dangling, "fix all the errors", vec![Proposed]),
        case(
            Dangling,
            "why is this broken?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(EnumTypos, "pls fix", vec![Proposed]),
        case(
            Mini,
            "add an agent called summarizer with the system prompt \"Summarise the text.\"",
            vec![
                Proposed,
                Valid,
                Is(
                    "/agents/summarizer/system_prompt",
                    json!("Summarise the text."),
                ),
            ],
        ),
        case(
            Mini,
            "set top_p to 0.95 on chat",
            vec![Proposed, Is("/models/chat/top_p", json!(0.95))],
        ),
        case(
            Mini,
            "connect assistant to a redis memory",
            vec![
                Proposed,
                Valid,
                That("redis memory", |o| {
                    o.get("/agents/assistant/memory")
                        .and_then(Value::as_str)
                        .is_some_and(|m| {
                            o.after.pointer(&format!("/memory/{m}/type")) == Some(&json!("redis"))
                        })
                }),
            ],
        ),
        case(
            Mini,
            "hey can you add a second model called big using gpt-4o",
            vec![
                Proposed,
                Valid,
                Is("/models/big/name", json!("gpt-4o")),
                Is("/models/big/provider", json!("openai")),
            ],
        ),
        case(
            Mini,
            "add logging middleware to the assistant",
            vec![
                Proposed,
                Valid,
                That("assistant logs", |o| all_agents_have(o, "logging")),
            ],
        ),
        case(
            ResearchDesk,
            "set the planner max iterations to 10",
            vec![Proposed, Is("/agents/planner/max_iterations", json!(10))],
        ),
        case(
            ResearchDesk,
            "drop the audit_log middleware",
            vec![
                Proposed,
                Valid,
                Absent("/middleware/audit_log"),
                Lacks("/agents/planner/middleware", json!("audit_log")),
            ],
        ),
        case(
            ResearchDesk,
            "add a calculator tool to researcher",
            vec![
                Proposed,
                Valid,
                That("a calculator", |o| {
                    o.get("/agents/researcher/tools")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().filter_map(Value::as_str).any(|n| {
                                o.after.pointer(&format!("/tools/{n}/name"))
                                    == Some(&json!("calculator"))
                            })
                        })
                }),
            ],
        ),
        case(
            SupportDesk,
            "turn off pii blocking in safety",
            vec![Proposed, Is("/middleware/safety/block_pii", json!(false))],
        ),
        case(
            ResearchDesk,
            "set the openai timeout to 60 seconds",
            vec![Proposed, Is("/providers/openai/timeout_s", json!(60))],
        ),
        case(
            ResearchDesk,
            "is everything ok?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            ResearchDesk,
            "which models use anthropic?",
            vec![NoPatch(ReplyKind::Answer), Says(&["writer"])],
        ),
        case(
            Mini,
            "rename chat to main",
            vec![
                Proposed,
                Valid,
                Present("/models/main"),
                Is("/agents/assistant/model", json!("main")),
            ],
        ),
        case(
            ResearchDesk,
            "researcher should use the fast model",
            vec![Proposed, Is("/agents/researcher/model", json!("fast"))],
        ),
        case(
            ResearchDesk,
            "lower the writer temp to 0.5",
            vec![Proposed, Is("/models/writer/temperature", json!(0.5))],
        ),
        case(
            SupportDesk,
            "what's wrong with my config?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            ResearchDesk,
            "blorp the frobnicator",
            vec![NoPatch(ReplyKind::Help)],
        ),
    ]
}

/// Requests of the first batch still not right: kept here, run on demand
/// (`cargo test -- --ignored`), so the gap stays visible. Neither gives a wrong valid
/// document silently: both add the exporter, under the wrong type or with the default
/// endpoint, as a reviewable proposal.
fn known_gaps() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            OtelAgent,
            "add a zipkin exporter with endpoint http://zipkin:9411/api/v2/spans",
            vec![
                Proposed,
                Is(
                    "/exporters/zipkin/endpoint",
                    json!("http://zipkin:9411/api/v2/spans"),
                ),
            ],
        ),
        case(
            Collector,
            "add an otlp exporter pointing to tempo:4317",
            vec![
                Proposed,
                Is("/exporters/otlp/endpoint", json!("tempo:4317")),
            ],
        ),
    ]
}

/// The last batch of this round: written after the fixes for the first, run once to
/// measure, then kept as a regression test.
fn last_batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Web,
            "add a mysql service",
            vec![
                Proposed,
                Valid,
                That("a mysql image", |o| {
                    o.get("/services/mysql/image")
                        .and_then(Value::as_str)
                        .is_some_and(|s| s.starts_with("mysql"))
                }),
            ],
        ),
        case(
            Web,
            "web needs to publish port 443",
            vec![
                Proposed,
                That("443 published", |o| {
                    list_has(o, "/services/web/ports", "443")
                }),
            ],
        ),
        case(
            Web,
            "switch db to postgres:16-alpine",
            vec![
                Proposed,
                Is("/services/db/image", json!("postgres:16-alpine")),
            ],
        ),
        case(
            Web,
            "upgrade db to 17",
            vec![Proposed, Is("/services/db/image", json!("postgres:17"))],
        ),
        case(
            Web,
            "set POSTGRES_DB=shop on db",
            vec![
                Proposed,
                Is("/services/db/environment/POSTGRES_DB", json!("shop")),
            ],
        ),
        case(
            Web,
            "remove the POSTGRES_PASSWORD env var from db",
            vec![
                Proposed,
                Absent("/services/db/environment/POSTGRES_PASSWORD"),
            ],
        ),
        case(
            Web,
            "web depends on db",
            vec![
                Proposed,
                That("web depends on db", |o| {
                    names(o, "/services/web/depends_on", "db")
                }),
            ],
        ),
        case(
            Monitoring,
            "what does grafana depend on?",
            vec![NoPatch(ReplyKind::Answer), Says(&["prometheus"])],
        ),
        case(
            Monitoring,
            "remove cadvisor",
            vec![Proposed, Valid, Absent("/services/cadvisor")],
        ),
        case(
            Web,
            "map port 8443 to 443 on web",
            vec![Proposed, Holds("/services/web/ports", json!("8443:443"))],
        ),
        case(
            WebStack,
            "close port 80 on proxy",
            vec![
                Proposed,
                Lacks("/services/proxy/ports", json!("80:80")),
                Holds("/services/proxy/ports", json!("443:443")),
            ],
        ),
        case(
            Web,
            "which image does web use?",
            vec![NoPatch(ReplyKind::Answer), Says(&["nginx:1.27"])],
        ),
        case(
            ComposeNone,
            "make me a prometheus and grafana monitoring stack",
            vec![Proposed, Valid, That("grafana", |o| mentions(o, "grafana"))],
        ),
        case(
            Web,
            "rename db to postgres",
            vec![
                Proposed,
                Present("/services/postgres"),
                Absent("/services/db"),
            ],
        ),
        // actions
        case(
            Flow,
            "add a lint job that runs cargo clippy -- -D warnings",
            vec![
                Proposed,
                Valid,
                That("lint runs clippy", |o| runs(o, "lint", "cargo clippy")),
            ],
        ),
        case(
            Flow,
            "build should also run cargo test",
            vec![
                Proposed,
                That("build runs tests", |o| runs(o, "build", "cargo test")),
            ],
        ),
        case(
            CiNode,
            "switch all jobs to ubuntu-24.04",
            vec![
                Proposed,
                Is("/jobs/lint/runs-on", json!("ubuntu-24.04")),
                Is("/jobs/build/runs-on", json!("ubuntu-24.04")),
            ],
        ),
        case(
            CiNode,
            "delete the build job",
            vec![Proposed, Valid, Absent("/jobs/build")],
        ),
        case(
            Nightly,
            "what does deploy-staging need?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            CiNode,
            "set the lint timeout to 5 minutes",
            vec![Proposed, Is("/jobs/lint/timeout-minutes", json!(5))],
        ),
        case(
            Flow,
            "add a step to build that uses actions/cache@v4",
            vec![
                Proposed,
                That("a cache step", |o| mentions(o, "actions/cache@v4")),
            ],
        ),
        case(
            ActionsNone,
            "i want a github actions workflow for a node project",
            vec![Proposed, Valid, Present("/jobs")],
        ),
        case(
            CiNode,
            "how many jobs?",
            vec![NoPatch(ReplyKind::Answer), Says(&["3"])],
        ),
        case(
            Flow,
            "set env CARGO_TERM_COLOR=always on build",
            vec![
                Proposed,
                Is("/jobs/build/env/CARGO_TERM_COLOR", json!("always")),
            ],
        ),
        // otel
        case(
            Gateway,
            "drop the resource processor",
            vec![
                Proposed,
                Valid,
                Absent("/processors/resource"),
                Lacks("/service/pipelines/traces/processors", json!("resource")),
            ],
        ),
        case(
            Collector,
            "add a debug exporter to the pipeline",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            Gateway,
            "which pipelines use the debug exporter?",
            vec![NoPatch(ReplyKind::Answer), Says(&["logs"])],
        ),
        case(
            Gateway,
            "set send_batch_size to 4096 on batch",
            vec![
                Proposed,
                Is("/processors/batch/send_batch_size", json!(4096)),
            ],
        ),
        case(
            OtelAgent,
            "remove the batch processor from the logs pipeline",
            vec![
                Proposed,
                Lacks("/service/pipelines/logs/processors", json!("batch")),
                Holds("/service/pipelines/metrics/processors", json!("batch")),
            ],
        ),
        case(
            OtelNone,
            "new otel collector that sends metrics to prometheus",
            vec![Proposed, Valid, Present("/service/pipelines/metrics")],
        ),
        // agents
        case(
            ResearchDesk,
            "writer and planner both need the retry middleware",
            vec![
                Proposed,
                Holds("/agents/writer/middleware", json!("retry")),
                Holds("/agents/planner/middleware", json!("retry")),
            ],
        ),
        case(
            ResearchDesk,
            "turn caching on for the researcher agent",
            vec![
                Proposed,
                Valid,
                That("researcher caches", |o| {
                    o.get("/agents/researcher/middleware")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().filter_map(Value::as_str).any(|n| {
                                o.after.pointer(&format!("/middleware/{n}/type"))
                                    == Some(&json!("cache"))
                            })
                        })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "researcher should no longer use arxiv",
            vec![
                Proposed,
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Holds("/agents/researcher/tools", json!("web_search")),
            ],
        ),
        case(
            ResearchDesk,
            "what middleware does the planner have?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["retry", "audit_log"]),
                That("no raw JSON", |o| !o.reply.text.contains("[\"")),
            ],
        ),
        case(
            SupportDesk,
            "set max tokens to 1024 for all models",
            vec![
                Proposed,
                Is("/models/triage/max_tokens", json!(1024)),
                Is("/models/agent/max_tokens", json!(1024)),
            ],
        ),
        case(
            LocalOllama,
            "add a summarizer agent using llama",
            vec![
                Proposed,
                Valid,
                Is("/agents/summarizer/model", json!("llama")),
            ],
        ),
        case(
            Mini,
            "make the chat model use gpt-4.1-mini",
            vec![Proposed, Is("/models/chat/name", json!("gpt-4.1-mini"))],
        ),
        case(
            ResearchDesk,
            "smart and writer need max tokens 2000",
            vec![
                Proposed,
                Is("/models/smart/max_tokens", json!(2000)),
                Is("/models/writer/max_tokens", json!(2000)),
            ],
        ),
        case(
            SupportDesk,
            "what uses the conversations memory?",
            vec![NoPatch(ReplyKind::Answer), Says(&["billing", "generalist"])],
        ),
        case(
            None,
            "setup for anthropic claude please",
            vec![
                Proposed,
                Valid,
                That("anthropic", |o| mentions(o, "anthropic")),
            ],
        ),
        case(
            ResearchDesk,
            "add guardrails to the writer",
            vec![
                Proposed,
                Valid,
                That("writer guarded", |o| {
                    o.get("/agents/writer/middleware")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().filter_map(Value::as_str).any(|n| {
                                o.after.pointer(&format!("/middleware/{n}/type"))
                                    == Some(&json!("guardrails"))
                            })
                        })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "make the planner stop delegating to the researcher",
            vec![
                Proposed,
                Lacks("/agents/planner/delegates_to", json!("researcher")),
            ],
        ),
    ]
}

#[test]
fn third_held_out_batch() {
    let cases = first_batch();
    assert!(cases.len() >= 80, "at least 80 requests");
    run_batch("third held-out batch", cases);
}

#[test]
fn last_held_out_batch() {
    let cases = last_batch();
    assert!(cases.len() >= 40, "at least 40 requests");
    run_batch("last held-out batch", cases);
}

/// Known gaps of this round that a later round closed, by their text: they run with the
/// passing tests; the rest stay in the ignored known-gaps test.
const CLOSED_GAPS: &[&str] = &[
    "add an otlp exporter pointing to tempo:4317",
    "add a zipkin exporter with endpoint http://zipkin:9411/api/v2/spans",
];

#[test]
fn closed_gaps_batch() {
    let cases: Vec<Case> = known_gaps()
        .into_iter()
        .filter(|c| CLOSED_GAPS.contains(&c.request))
        .collect();
    assert_eq!(
        cases.len(),
        CLOSED_GAPS.len(),
        "every closed gap names a case"
    );
    run_batch("closed gaps", cases);
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn known_gaps_batch() {
    let cases: Vec<Case> = known_gaps()
        .into_iter()
        .filter(|c| !CLOSED_GAPS.contains(&c.request))
        .collect();
    run_gaps("known gaps", cases);
}
