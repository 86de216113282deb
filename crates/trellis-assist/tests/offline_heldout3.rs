//! A fourth round of held-out requests for the offline engine, varied in style (polite
//! wrappers, terse fragments, questions that are edits, several intents, references by
//! description), written before the engine was changed for them and judged by the
//! document each proposal makes.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// The first batch of this round: written before the engine was changed for it.
fn first_batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ------------------------------------------------------------ agent-stack
        case(
            ResearchDesk,
            "hey, could you please set the writer model's temperature to 0.3? thanks!",
            vec![Proposed, Is("/models/writer/temperature", json!(0.3))],
        ),
        case(
            ResearchDesk,
            "I'd like to change the temperature of the fast model to 0.1",
            vec![Proposed, Is("/models/fast/temperature", json!(0.1))],
        ),
        case(
            ResearchDesk,
            "can we get rate limiting on all the agents please",
            vec![
                Proposed,
                Valid,
                That("all agents rate limited", |o| {
                    all_agents_have(o, "rate_limit")
                }),
            ],
        ),
        case(
            ResearchDesk,
            "I think we need a summarizer agent using gpt-4o-mini, thanks!",
            vec![
                Proposed,
                Valid,
                That("summarizer on gpt-4o-mini", |o| {
                    agent_model_is(o, "summarizer", "gpt-4o-mini")
                }),
            ],
        ),
        case(
            ResearchDesk,
            "does the writer use claude?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            ResearchDesk,
            "temp 0.2 on smart",
            vec![Proposed, Is("/models/smart/temperature", json!(0.2))],
        ),
        case(
            ResearchDesk,
            "+redis memory for researcher",
            vec![
                Proposed,
                Valid,
                That("researcher has redis memory", |o| {
                    agent_memory_is(o, "researcher", "redis")
                }),
            ],
        ),
        case(
            ResearchDesk,
            "drop arxiv",
            vec![Proposed, Valid, Absent("/tools/arxiv")],
        ),
        case(
            ResearchDesk,
            "remove the arxiv tool because we don't use it anymore",
            vec![
                Proposed,
                Valid,
                Absent("/tools/arxiv"),
                Lacks("/agents/researcher/tools", json!("arxiv")),
            ],
        ),
        case(
            ResearchDesk,
            "pls rename the planner agent to coordinator",
            vec![
                Proposed,
                Valid,
                Present("/agents/coordinator"),
                Absent("/agents/planner"),
            ],
        ),
        case(
            ResearchDesk,
            "rename teh planer to orchestrator",
            vec![
                Proposed,
                Valid,
                Present("/agents/orchestrator"),
                Absent("/agents/planner"),
            ],
        ),
        case(
            ResearchDesk,
            "set the smart models max tokens to 2000",
            vec![Proposed, Is("/models/smart/max_tokens", json!(2000))],
        ),
        case(
            ResearchDesk,
            "whats using the anthropic provider",
            vec![NoPatch(ReplyKind::Answer), Says(&["writer"])],
        ),
        case(
            ResearchDesk,
            "which agents use the fast model",
            vec![NoPatch(ReplyKind::Answer), Says(&["planner"])],
        ),
        case(
            ResearchDesk,
            "describe this config pls",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            ResearchDesk,
            "can you summarise the setup?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            ResearchDesk,
            "add rate limiting to all agents, then set the fast model's temperature to 0.1",
            vec![
                Proposed,
                Valid,
                That("all agents rate limited", |o| {
                    all_agents_have(o, "rate_limit")
                }),
                Is("/models/fast/temperature", json!(0.1)),
            ],
        ),
        case(
            ResearchDesk,
            "rename smart to strong and drop arxiv",
            vec![
                Proposed,
                Valid,
                Present("/models/strong"),
                Absent("/models/smart"),
                Absent("/tools/arxiv"),
            ],
        ),
        case(
            ResearchDesk,
            "add a critic agent using the smart model\nthen let it delegate to the writer",
            vec![
                Proposed,
                Valid,
                Is("/agents/critic/model", json!("smart")),
                Holds("/agents/critic/delegates_to", json!("writer")),
            ],
        ),
        case(
            ResearchDesk,
            "the last agent I added should use gpt-4o",
            vec![NoPatch(ReplyKind::Clarify)],
        ),
        case(
            ResearchDesk,
            "remove the last agent I added",
            vec![NoPatch(ReplyKind::Clarify)],
        ),
        case(
            ResearchDesk,
            "set the temperature of the model the researcher uses to 0.4",
            vec![Proposed, Is("/models/smart/temperature", json!(0.4))],
        ),
        case(
            ResearchDesk,
            "set the temperature on the model used by the planner to 0.3",
            vec![Proposed, Is("/models/fast/temperature", json!(0.3))],
        ),
        case(
            ResearchDesk,
            "could you give the writer access to the web search tool?",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/tools", json!("web_search")),
            ],
        ),
        case(
            ResearchDesk,
            "let the writer search arxiv too",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/tools", json!("arxiv")),
            ],
        ),
        case(
            ResearchDesk,
            "enable guardrails for every agent",
            vec![
                Proposed,
                Valid,
                That("all agents guarded", |o| all_agents_have(o, "guardrails")),
            ],
        ),
        case(
            ResearchDesk,
            "add retries to the writer",
            vec![
                Proposed,
                Valid,
                That("writer retries", |o| {
                    agent_has_middleware(o, "writer", "retry")
                }),
            ],
        ),
        case(
            ResearchDesk,
            "please add logging middleware to the researcher, we need an audit trail",
            vec![
                Proposed,
                Valid,
                That("researcher logs", |o| {
                    agent_has_middleware(o, "researcher", "logging")
                }),
            ],
        ),
        case(
            Dangling,
            "hey! fix the errors please",
            vec![Proposed, That("fewer errors", |o| fewer_errors(o, 2))],
        ),
        case(
            Dangling,
            "why is this broken?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            None,
            "i'd like a local setup using ollama with mistral",
            vec![
                Proposed,
                Valid,
                That("ollama", |o| mentions(o, "ollama")),
                That("mistral", |o| mentions(o, "mistral")),
            ],
        ),
        case(
            None,
            "could you set up a local stack w/ ollama + llama3",
            vec![
                Proposed,
                Valid,
                That("ollama", |o| mentions(o, "ollama")),
                That("llama3", |o| mentions(o, "llama3")),
            ],
        ),
        case(
            ResearchDesk,
            "set max tokens to 1000 for all models",
            vec![
                Proposed,
                Is("/models/smart/max_tokens", json!(1000)),
                Is("/models/fast/max_tokens", json!(1000)),
            ],
        ),
        case(
            ResearchDesk,
            "change the fast model to gpt-4.1-mini because the old one is deprecated",
            vec![
                Proposed,
                Valid,
                Is("/models/fast/name", json!("gpt-4.1-mini")),
            ],
        ),
        case(
            ResearchDesk,
            "switch the smart model over to claude-opus-4, the old one is too slow",
            vec![
                Proposed,
                Valid,
                Is("/models/smart/name", json!("claude-opus-4")),
                Is("/models/smart/provider", json!("anthropic")),
            ],
        ),
        case(
            ResearchDesk,
            "how many agents are there",
            vec![NoPatch(ReplyKind::Answer), Says(&["3"])],
        ),
        case(
            ResearchDesk,
            "is the writer using claude",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            ResearchDesk,
            "does anything use the arxiv tool?",
            vec![NoPatch(ReplyKind::Answer), Says(&["researcher"])],
        ),
        case(
            ResearchDesk,
            "remove the papers memory",
            vec![Proposed, Valid, Absent("/memory/papers")],
        ),
        case(
            ResearchDesk,
            "Add Redis memory to the planner.",
            vec![
                Proposed,
                Valid,
                That("planner has redis memory", |o| {
                    agent_memory_is(o, "planner", "redis")
                }),
            ],
        ),
        case(
            ResearchDesk,
            "connect the planner to the notes memory",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/memory", json!("notes")),
            ],
        ),
        case(
            ResearchDesk,
            "make the researcher delegate to the writer",
            vec![
                Proposed,
                Valid,
                Holds("/agents/researcher/delegates_to", json!("writer")),
            ],
        ),
        case(
            ResearchDesk,
            "set the temprature of the smart model to 0.25",
            vec![Proposed, Is("/models/smart/temperature", json!(0.25))],
        ),
        case(
            ResearchDesk,
            "turn on prompt logging for audit log",
            vec![
                Proposed,
                Is("/middleware/audit_log/log_prompts", json!(true)),
            ],
        ),
        case(
            ResearchDesk,
            "set the openai timeout to 60 seconds",
            vec![Proposed, Is("/providers/openai/timeout_s", json!(60))],
        ),
        case(
            Mini,
            "hey could you add a web search tool to the assistant",
            vec![
                Proposed,
                Valid,
                That("assistant searches the web", |o| {
                    o.get("/agents/assistant/tools")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().filter_map(Value::as_str).any(|t| {
                                o.after.pointer(&format!("/tools/{t}/name"))
                                    == Some(&json!("web_search"))
                            })
                        })
                }),
            ],
        ),
        case(
            Mini,
            "I think we need a second agent called reviewer using the chat model, thanks!",
            vec![Proposed, Valid, Is("/agents/reviewer/model", json!("chat"))],
        ),
        case(
            SupportDesk,
            "add caching to the billing agent",
            vec![
                Proposed,
                Valid,
                Holds("/agents/billing/middleware", json!("cache")),
            ],
        ),
        case(
            SupportDesk,
            "bump the triage model's max tokens to 1024",
            vec![Proposed, Is("/models/triage/max_tokens", json!(1024))],
        ),
        case(
            SupportDesk,
            "what uses the azure provider",
            vec![NoPatch(ReplyKind::Answer), Says(&["agent"])],
        ),
        case(
            SupportDesk,
            "remove the tracing middleware from the generalist",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/generalist/middleware", json!("traces")),
                Present("/middleware/traces"),
            ],
        ),
        case(
            LocalOllama,
            "change llama to llama3.1",
            vec![Proposed, Is("/models/llama/name", json!("llama3.1"))],
        ),
        case(
            LocalOllama,
            "set the chat agents temperature to 0.7",
            vec![Proposed, Is("/agents/chat/temperature", json!(0.7))],
        ),
        case(EnumTypos, "can you fix the typos?", vec![Proposed]),
        // ---------------------------------------------------------------- compose
        case(
            Web,
            "hey can you add a redis service please",
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
            "could we expose 8443 on the web service?",
            vec![
                Proposed,
                That("8443 published", |o| {
                    list_has(o, "/services/web/ports", "8443")
                }),
            ],
        ),
        case(
            Web,
            "db -> postgres:17",
            vec![Proposed, Is("/services/db/image", json!("postgres:17"))],
        ),
        case(
            Web,
            "bump postgres to 17",
            vec![Proposed, Is("/services/db/image", json!("postgres:17"))],
        ),
        case(
            Web,
            "the postgres service should use version 17",
            vec![Proposed, Is("/services/db/image", json!("postgres:17"))],
        ),
        case(
            Web,
            "I'd like web to depend on db, thanks",
            vec![
                Proposed,
                Valid,
                That("web depends on db", |o| {
                    names(o, "/services/web/depends_on", "db")
                }),
            ],
        ),
        case(
            Web,
            "drop db",
            vec![Proposed, Valid, Absent("/services/db")],
        ),
        case(
            Web,
            "add LOG_LEVEL=debug to the nginx service",
            vec![
                Proposed,
                That("LOG_LEVEL set", |o| {
                    o.get("/services/web/environment/LOG_LEVEL") == Some(&json!("debug"))
                        || list_has(o, "/services/web/environment", "LOG_LEVEL=debug")
                }),
            ],
        ),
        case(
            WebStack,
            "what depends on the db?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            WebStack,
            "remove the cache service and then rename db to database",
            vec![
                Proposed,
                Valid,
                Absent("/services/cache"),
                Present("/services/database"),
                Absent("/services/db"),
            ],
        ),
        case(
            WebStack,
            "set restart to always on proxy",
            vec![Proposed, Is("/services/proxy/restart", json!("always"))],
        ),
        case(
            Monitoring,
            "upgrade grafana to 11.2.0 please, 11.1 has a bug",
            vec![
                Proposed,
                Is("/services/grafana/image", json!("grafana/grafana:11.2.0")),
            ],
        ),
        case(
            Monitoring,
            "which services depend on prometheus",
            vec![NoPatch(ReplyKind::Answer), Says(&["grafana"])],
        ),
        case(
            Monitoring,
            "add a loki service with image grafana/loki:3.0.0",
            vec![
                Proposed,
                Valid,
                Is("/services/loki/image", json!("grafana/loki:3.0.0")),
            ],
        ),
        case(
            ComposeNone,
            "I'd like a web app with postgres and redis pls",
            vec![
                Proposed,
                Valid,
                That("postgres", |o| mentions(o, "postgres:")),
                That("redis", |o| mentions(o, "redis:")),
            ],
        ),
        case(
            Web,
            "can you tell me what this compose file does?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            Web,
            "change the nginx image to nginx:1.27-alpine",
            vec![
                Proposed,
                Is("/services/web/image", json!("nginx:1.27-alpine")),
            ],
        ),
        case(
            Web,
            "add port 5432 to the database",
            vec![
                Proposed,
                That("5432 published", |o| {
                    list_has(o, "/services/db/ports", "5432")
                }),
            ],
        ),
        case(
            ComposeDangling,
            "fix it",
            vec![Proposed, That("fewer errors", |o| fewer_errors(o, 3))],
        ),
        case(
            Web,
            "rename web to frontend, then make it depend on db",
            vec![
                Proposed,
                Valid,
                Absent("/services/web"),
                That("frontend depends on db", |o| {
                    names(o, "/services/frontend/depends_on", "db")
                }),
            ],
        ),
        // ---------------------------------------------------------------- actions
        case(
            Flow,
            "could you add a test job that runs cargo test?",
            vec![
                Proposed,
                Valid,
                That("runs cargo test", |o| runs(o, "test", "cargo test")),
            ],
        ),
        case(
            Flow,
            "run build on macos-latest pls",
            vec![Proposed, Is("/jobs/build/runs-on", json!("macos-latest"))],
        ),
        case(
            CiNode,
            "what does build need?",
            vec![NoPatch(ReplyKind::Answer), Says(&["lint", "test"])],
        ),
        case(
            CiNode,
            "drop the lint job",
            vec![Proposed, Valid, Absent("/jobs/lint")],
        ),
        case(
            CiNode,
            "set the lint timeout to 20 minutes",
            vec![Proposed, Is("/jobs/lint/timeout-minutes", json!(20))],
        ),
        case(
            Flow,
            "add a lint job that runs cargo clippy, and make build need it",
            vec![
                Proposed,
                Valid,
                That("lint runs clippy", |o| runs(o, "lint", "cargo clippy")),
                That("build needs lint", |o| {
                    names(o, "/jobs/build/needs", "lint")
                }),
            ],
        ),
        case(
            Nightly,
            "rename notify to slack-notify",
            vec![
                Proposed,
                Valid,
                Present("/jobs/slack-notify"),
                Absent("/jobs/notify"),
            ],
        ),
        case(
            Flow,
            "add env RUST_LOG=debug to build",
            vec![Proposed, Is("/jobs/build/env/RUST_LOG", json!("debug"))],
        ),
        case(
            CiNode,
            "what depends on the test job?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        case(
            ActionsNone,
            "create a ci workflow for a node project",
            vec![Proposed, Valid, That("node", |o| mentions(o, "node"))],
        ),
        case(
            DanglingNeeds,
            "please fix the errors",
            vec![Proposed, That("fewer errors", |o| fewer_errors(o, 2))],
        ),
        case(
            Flow,
            "build -> windows-latest",
            vec![Proposed, Is("/jobs/build/runs-on", json!("windows-latest"))],
        ),
        // ------------------------------------------------------------------- otel
        case(
            Collector,
            "add a batch processor to the traces pipeline please",
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
            "what uses the batch processor?",
            vec![NoPatch(ReplyKind::Answer), Says(&["traces"])],
        ),
        case(
            OtelAgent,
            "set the memory limiter's check interval to 5s",
            vec![
                Proposed,
                Is("/processors/memory_limiter/check_interval", json!("5s")),
            ],
        ),
        case(
            Gateway,
            "drop pprof",
            vec![
                Proposed,
                Valid,
                Absent("/extensions/pprof"),
                Lacks("/service/extensions", json!("pprof")),
            ],
        ),
        case(
            OtelNone,
            "hey, could you create a collector for traces?",
            vec![Proposed, Valid, Present("/service/pipelines/traces")],
        ),
        case(
            Collector,
            "describe this collector",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            Gateway,
            "set batch timeout to 10s",
            vec![Proposed, Is("/processors/batch/timeout", json!("10s"))],
        ),
        case(
            OtelAgent,
            "hey, can you set the hostmetrics collection interval to 60s?",
            vec![
                Proposed,
                Is("/receivers/hostmetrics/collection_interval", json!("60s")),
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
            ResearchDesk,
            "hi there, can you please bump the smart model's temperature to 0.5? cheers",
            vec![Proposed, Is("/models/smart/temperature", json!(0.5))],
        ),
        case(
            ResearchDesk,
            "I want to remove the arxiv tool, nobody uses it",
            vec![Proposed, Valid, Absent("/tools/arxiv")],
        ),
        case(
            ResearchDesk,
            "we need retry middleware on the writer agent",
            vec![
                Proposed,
                Valid,
                That("writer retries", |o| {
                    agent_has_middleware(o, "writer", "retry")
                }),
            ],
        ),
        case(
            ResearchDesk,
            "can the planner delegate to the researcher?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            ResearchDesk,
            "planner -> smart",
            vec![Proposed, Valid, Is("/agents/planner/model", json!("smart"))],
        ),
        case(
            ResearchDesk,
            "temp 0.9 on fast",
            vec![Proposed, Is("/models/fast/temperature", json!(0.9))],
        ),
        case(
            ResearchDesk,
            "drop the papers memory pls",
            vec![Proposed, Valid, Absent("/memory/papers")],
        ),
        case(
            ResearchDesk,
            "set the max tokens of the model used by the writer to 4000",
            vec![Proposed, Is("/models/writer/max_tokens", json!(4000))],
        ),
        case(
            ResearchDesk,
            "lower the temperature on the model the planner uses to 0.1",
            vec![Proposed, Is("/models/fast/temperature", json!(0.1))],
        ),
        case(
            ResearchDesk,
            "add tracing to every agent and set the openai timeout to 90",
            vec![
                Proposed,
                Valid,
                That("all traced", |o| all_agents_have(o, "tracing")),
                Is("/providers/openai/timeout_s", json!(90)),
            ],
        ),
        case(
            ResearchDesk,
            "Hey! Please add a summariser agent using the fast model. Thanks",
            vec![
                Proposed,
                Valid,
                Is("/agents/summariser/model", json!("fast")),
            ],
        ),
        case(
            ResearchDesk,
            "could you let the writer use the arxiv tool as well?",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/tools", json!("arxiv")),
            ],
        ),
        case(
            ResearchDesk,
            "what does the researcher agent use?",
            vec![NoPatch(ReplyKind::Answer), Says(&["smart"])],
        ),
        case(
            ResearchDesk,
            "is anything using the notes memory",
            vec![NoPatch(ReplyKind::Answer), Says(&["writer"])],
        ),
        case(
            ResearchDesk,
            "remove the agent I added yesterday",
            vec![NoPatch(ReplyKind::Clarify)],
        ),
        case(
            SupportDesk,
            "I'd like the triage model's temperature at 0.1 please",
            vec![Proposed, Is("/models/triage/temperature", json!(0.1))],
        ),
        case(
            SupportDesk,
            "can we get caching on the generalist too?",
            vec![
                Proposed,
                Valid,
                Holds("/agents/generalist/middleware", json!("cache")),
            ],
        ),
        case(
            SupportDesk,
            "switch the agent model to gpt-4.1 because 4o is being retired",
            vec![Proposed, Valid, Is("/models/agent/name", json!("gpt-4.1"))],
        ),
        case(
            LocalOllama,
            "hey, could you add the calc tool to the chat agent?",
            vec![Proposed, Valid, Holds("/agents/chat/tools", json!("calc"))],
        ),
        case(
            Mini,
            "i think we need redis memory for the assistant, thanks!",
            vec![
                Proposed,
                Valid,
                That("assistant has redis memory", |o| {
                    agent_memory_is(o, "assistant", "redis")
                }),
            ],
        ),
        case(
            None,
            "hello, I'd like a production setup on openai please",
            vec![Proposed, Valid, That("openai", |o| mentions(o, "openai"))],
        ),
        // ---------------------------------------------------------------- compose
        case(
            Web,
            "hey, can you change the postgres image to postgres:16-alpine?",
            vec![
                Proposed,
                Is("/services/db/image", json!("postgres:16-alpine")),
            ],
        ),
        case(
            Web,
            "we need a redis service too",
            vec![Proposed, Valid, Present("/services/redis")],
        ),
        case(
            Web,
            "the nginx service should restart always",
            vec![Proposed, Is("/services/web/restart", json!("always"))],
        ),
        case(
            Web,
            "web -> nginx:1.28",
            vec![Proposed, Is("/services/web/image", json!("nginx:1.28"))],
        ),
        case(
            WebStack,
            "what does the proxy depend on?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            Monitoring,
            "could we upgrade prometheus to v2.54.0, there's a security fix",
            vec![
                Proposed,
                Is(
                    "/services/prometheus/image",
                    json!("prom/prometheus:v2.54.0"),
                ),
            ],
        ),
        case(
            Monitoring,
            "drop cadvisor",
            vec![Proposed, Valid, Absent("/services/cadvisor")],
        ),
        case(
            Web,
            "I'd like to expose port 8080 on web",
            vec![
                Proposed,
                That("8080 published", |o| {
                    list_has(o, "/services/web/ports", "8080")
                }),
            ],
        ),
        // ---------------------------------------------------------------- actions
        case(
            Flow,
            "hey could you run the build job on ubuntu-24.04?",
            vec![Proposed, Is("/jobs/build/runs-on", json!("ubuntu-24.04"))],
        ),
        case(
            Nightly,
            "which jobs need e2e?",
            vec![NoPatch(ReplyKind::Answer), Says(&["notify"])],
        ),
        // ------------------------------------------------------------------- otel
        case(
            Gateway,
            "could you please set the batch processor's timeout to 2s?",
            vec![Proposed, Is("/processors/batch/timeout", json!("2s"))],
        ),
        case(
            Gateway,
            "what uses the otlp receiver",
            vec![NoPatch(ReplyKind::Answer), Says(&["traces"])],
        ),
        case(
            OtelAgent,
            "drop the debug exporter",
            vec![NoPatch(ReplyKind::Refused)],
        ),
        case(
            Collector,
            "i think we need a batch processor in the traces pipeline",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/traces/processors", json!("batch")),
            ],
        ),
        case(
            Gateway,
            "remove zpages, we don't use it",
            vec![Proposed, Valid, Absent("/extensions/zpages")],
        ),
    ]
}

/// Requests of this round still not right, run on demand (`cargo test -- --ignored`) so
/// the gaps stay visible. None gives a wrong document: each is refused, asks back, or
/// (the otlp endpoint) proposes a reviewable exporter with the default endpoint.
fn known_gaps() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            ResearchDesk,
            "does the planner delegate to the writer?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            Mini,
            "can you make the assistant use claude?",
            vec![
                Proposed,
                Valid,
                That("assistant on claude", |o| {
                    agent_model_is(o, "assistant", "claude")
                }),
            ],
        ),
        case(
            Mini,
            "assistant -> claude",
            vec![
                Proposed,
                Valid,
                That("assistant on claude", |o| {
                    agent_model_is(o, "assistant", "claude")
                }),
            ],
        ),
        case(
            None,
            "Create a production setup with Anthropic please",
            vec![
                Proposed,
                Valid,
                That("anthropic", |o| mentions(o, "anthropic")),
            ],
        ),
        case(
            Collector,
            "could you add an otlp exporter with endpoint tempo:4317",
            vec![
                Proposed,
                Valid,
                Is("/exporters/otlp/endpoint", json!("tempo:4317")),
            ],
        ),
        case(
            ResearchDesk,
            "rename the researcher agent to scout, then give it the arxiv tool",
            vec![
                Proposed,
                Valid,
                Present("/agents/scout"),
                Holds("/agents/scout/tools", json!("arxiv")),
            ],
        ),
        case(
            WebStack,
            "please remove the redis service and make api stop depending on it",
            vec![Proposed, Valid, Absent("/services/cache")],
        ),
        case(
            CiNode,
            "i want to set lint's timeout to 5 minutes",
            vec![Proposed, Is("/jobs/lint/timeout-minutes", json!(5))],
        ),
        case(
            Flow,
            "add a test job that runs cargo test\nmake build need test",
            vec![
                Proposed,
                Valid,
                That("runs cargo test", |o| runs(o, "test", "cargo test")),
                That("build needs test", |o| {
                    names(o, "/jobs/build/needs", "test")
                }),
            ],
        ),
    ]
}

#[test]
fn fourth_held_out_batch() {
    let cases = first_batch();
    assert!(
        cases.len() >= 80 - 4,
        "at least 80 requests (with the known gaps)"
    );
    run_batch("fourth held-out batch", cases);
}

#[test]
fn last_held_out_batch() {
    let cases = last_batch();
    assert!(
        cases.len() >= 40 - 4,
        "at least 40 requests (with the known gaps)"
    );
    run_batch("last held-out batch", cases);
}

/// Known gaps of this round that a later round closed, by their text: they run with the
/// passing tests; the rest stay in the ignored known-gaps test.
const CLOSED_GAPS: &[&str] = &[
    "rename the researcher agent to scout, then give it the arxiv tool",
    "please remove the redis service and make api stop depending on it",
    "i want to set lint's timeout to 5 minutes",
    "add a test job that runs cargo test\nmake build need test",
    "does the planner delegate to the writer?",
    "could you add an otlp exporter with endpoint tempo:4317",
    "can you make the assistant use claude?",
    "assistant -> claude",
    "Create a production setup with Anthropic please",
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
