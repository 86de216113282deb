//! A sixth round of held-out requests for the offline engine, written after the engine
//! learned nested values, list items, model families without a provider and templates
//! chosen by provider, and before it was changed for this batch: every intent on every
//! pack, in the styles people type (typos, terse, chatty, questions that are edits,
//! several changes in one request). Judged by the document each proposal makes, never by
//! the reply's wording.
//!
//! First try, before the engine was changed for each batch: ninth 77/98 (78.6%), tenth
//! 27/37 (73.0%).
//! What still misses is listed by its text and run by the ignored known-gaps test.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ------------------------------------------------------------ templates
        case(
            None,
            "start me off with a research team setup",
            vec![
                Proposed,
                Valid,
                That("several agents", |o| {
                    o.get("/agents")
                        .and_then(Value::as_object)
                        .is_some_and(|m| m.len() >= 2)
                }),
            ],
        ),
        case(
            None,
            "I need a local assistant running on ollama with llama3.1",
            vec![
                Proposed,
                Valid,
                That("an ollama provider", |o| mentions(o, "\"ollama\"")),
                That("llama3.1", |o| mentions(o, "llama3.1")),
            ],
        ),
        case(
            None,
            "create a support bot for Globex with guardrails",
            vec![
                Proposed,
                Valid,
                That("for Globex", |o| mentions(o, "Globex")),
            ],
        ),
        case(
            None,
            "claude writing assistant, temperature 0.3",
            vec![
                Proposed,
                Valid,
                That("temperature 0.3", |o| mentions(o, "\"temperature\":0.3")),
            ],
        ),
        case(
            None,
            "new production stack on openai called helpdesk",
            vec![Proposed, Valid, Is("/name", json!("helpdesk"))],
        ),
        case(
            ComposeNone,
            "web app with postgres 17 and redis",
            vec![
                Proposed,
                Valid,
                That("postgres 17", |o| mentions(o, "postgres:17")),
            ],
        ),
        case(
            ComposeNone,
            "set up prometheus and grafana monitoring, grafana on port 3001",
            vec![
                Proposed,
                Valid,
                That("grafana on 3001", |o| mentions(o, "3001:3000")),
            ],
        ),
        case(
            ComposeNone,
            "reverse proxy for shop.example.com",
            vec![
                Proposed,
                Valid,
                That("the domain", |o| mentions(o, "shop.example.com")),
            ],
        ),
        case(
            ActionsNone,
            "node CI workflow using pnpm",
            vec![Proposed, Valid, That("pnpm", |o| mentions(o, "pnpm"))],
        ),
        case(
            ActionsNone,
            "rust ci on the nightly toolchain",
            vec![Proposed, Valid, That("nightly", |o| mentions(o, "nightly"))],
        ),
        case(
            ActionsNone,
            "a release workflow that triggers on tags matching release-*",
            vec![Proposed, Valid, Is("/on/push/tags", json!(["release-*"]))],
        ),
        case(
            ActionsNone,
            "make a rust ci that runs when I push to dev",
            vec![Proposed, Valid, Is("/on/push/branches", json!(["dev"]))],
        ),
        case(
            OtelNone,
            "traces collector sending to jaeger:4317",
            vec![
                Proposed,
                Valid,
                That("the backend", |o| mentions(o, "jaeger:4317")),
            ],
        ),
        case(
            OtelNone,
            "tracing pipeline keeping 10% of traces",
            vec![
                Proposed,
                Valid,
                That("10 percent", |o| mentions(o, "\"sampling_percentage\":10")),
            ],
        ),
        case(
            OtelNone,
            "metrics setup for the staging environment",
            vec![Proposed, Valid, That("staging", |o| mentions(o, "staging"))],
        ),
        // ------------------------------------------------------------ agent-stack: values
        case(
            ResearchDesk,
            "set the fast model's temperature to 0.1",
            vec![Proposed, Valid, Is("/models/fast/temperature", json!(0.1))],
        ),
        case(
            ResearchDesk,
            "bump retry max attempts to 6",
            vec![
                Proposed,
                Valid,
                Is("/middleware/retry/max_attempts", json!(6)),
            ],
        ),
        case(
            ResearchDesk,
            "notes memory should keep 80 messages",
            vec![Proposed, Valid, Is("/memory/notes/max_messages", json!(80))],
        ),
        case(
            ResearchDesk,
            "the planner's model's temperature to 0.3 pls",
            vec![Proposed, Valid, Is("/models/fast/temperature", json!(0.3))],
        ),
        case(
            ResearchDesk,
            "papers memory top k 12",
            vec![Proposed, Valid, Is("/memory/papers/top_k", json!(12))],
        ),
        case(
            ResearchDesk,
            "openai provider: timeout 75s",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/timeout_s", json!(75)),
            ],
        ),
        case(
            ResearchDesk,
            "make the audit log level debug",
            vec![
                Proposed,
                Valid,
                Is("/middleware/audit_log/level", json!("debug")),
            ],
        ),
        case(
            ResearchDesk,
            "Change the writer's system prompt to \"Write short, plain reports.\"",
            vec![
                Proposed,
                Valid,
                Is(
                    "/agents/writer/system_prompt",
                    json!("Write short, plain reports."),
                ),
            ],
        ),
        case(
            LocalOllama,
            "context window of the llama model -> 16384",
            vec![
                Proposed,
                Valid,
                Is("/models/llama/context_window", json!(16384)),
            ],
        ),
        case(
            LocalOllama,
            "lower the chat agent's temperature to 0.7",
            vec![Proposed, Valid, Is("/agents/chat/temperature", json!(0.7))],
        ),
        case(
            SupportDesk,
            "set the safety max input chars to 4000",
            vec![
                Proposed,
                Valid,
                Is("/middleware/safety/max_input_chars", json!(4000)),
            ],
        ),
        case(
            SupportDesk,
            "raise limits rpm to 1200",
            vec![
                Proposed,
                Valid,
                Is("/middleware/limits/requests_per_minute", json!(1200)),
            ],
        ),
        case(
            SupportDesk,
            "the conversations memory ttl should be one day (86400)",
            vec![
                Proposed,
                Valid,
                Is("/memory/conversations/ttl_s", json!(86400)),
            ],
        ),
        case(
            ResearchDesk,
            "set the researcher's model's max tokens to 2048",
            vec![Proposed, Valid, Is("/models/smart/max_tokens", json!(2048))],
        ),
        // ------------------------------------------------------------ agent-stack: lists
        case(
            SupportDesk,
            "safety shouldn't block medical advice anymore",
            vec![
                Proposed,
                Valid,
                Lacks("/middleware/safety/denied_topics", json!("medical advice")),
                Holds("/middleware/safety/denied_topics", json!("legal advice")),
            ],
        ),
        case(
            SupportDesk,
            "also deny 'crypto' in safety",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/safety/denied_topics", json!("crypto")),
            ],
        ),
        case(
            SupportDesk,
            "please add gambling to the denied topics",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/safety/denied_topics", json!("gambling")),
                Holds("/middleware/safety/denied_topics", json!("legal advice")),
            ],
        ),
        // ------------------------------------------------------------ agent-stack: add/remove/rename/connect
        case(
            ResearchDesk,
            "add an editor agent on the smart model that reviews the writer's drafts",
            vec![Proposed, Valid, Is("/agents/editor/model", json!("smart"))],
        ),
        case(
            ResearchDesk,
            "give the writer web search",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/tools", json!("web_search")),
            ],
        ),
        case(
            ResearchDesk,
            "the writer shld also delegate to the researcher",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/delegates_to", json!("researcher")),
            ],
        ),
        case(
            ResearchDesk,
            "get rid of the embeddings model",
            // The papers memory needs it: the intended answer is a refusal saying so.
            vec![NoPatch(ReplyKind::Refused), Present("/models/embeddings")],
        ),
        case(
            ResearchDesk,
            "rename audit_log to audit",
            vec![
                Proposed,
                Valid,
                Present("/middleware/audit"),
                Absent("/middleware/audit_log"),
            ],
        ),
        case(
            ResearchDesk,
            "put the audit log middleware on every agent",
            vec![
                Proposed,
                Valid,
                That("every agent logs", |o| all_agents_have(o, "logging")),
            ],
        ),
        case(
            ResearchDesk,
            "researcher: drop the retry middleware",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/researcher/middleware", json!("retry")),
            ],
        ),
        case(
            ResearchDesk,
            "add a calculator tool and give it to the planner",
            vec![
                Proposed,
                Valid,
                That("the planner has a calculator", |o| {
                    names_one(o, "/agents/planner/tools", "tools", |t| {
                        t.to_string().contains("calculator")
                    })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "switch the planner over to the writer model",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/model", json!("writer")),
            ],
        ),
        case(
            ResearchDesk,
            "use gpt-4.1 for the researcher",
            vec![
                Proposed,
                Valid,
                That("researcher on gpt-4.1", |o| {
                    agent_model_is(o, "researcher", "gpt-4.1")
                }),
            ],
        ),
        case(
            Mini,
            "hook the assistant up to redis memory",
            vec![
                Proposed,
                Valid,
                That("redis memory", |o| agent_memory_is(o, "assistant", "redis")),
            ],
        ),
        case(
            Mini,
            "assistant should run on claude-opus-4",
            vec![
                Proposed,
                Valid,
                That("assistant on opus", |o| {
                    agent_model_is(o, "assistant", "claude-opus-4")
                }),
            ],
        ),
        case(
            Mini,
            "add caching to the assistant",
            vec![
                Proposed,
                Valid,
                That("cache middleware", |o| {
                    agent_has_middleware(o, "assistant", "cache")
                }),
            ],
        ),
        case(
            LocalOllama,
            "let chat use the files tool too",
            vec![Proposed, Valid, Holds("/agents/chat/tools", json!("files"))],
        ),
        case(
            LocalOllama,
            "remove calc from the librarian",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/librarian/tools", json!("calc")),
                Present("/tools/calc"),
            ],
        ),
        case(
            LocalOllama,
            "switch chat to mistral",
            vec![
                Proposed,
                Valid,
                That("chat on mistral", |o| agent_model_is(o, "chat", "mistral")),
            ],
        ),
        // ------------------------------------------------------------ agent-stack: errors
        case(
            EnumTypos,
            "repair the wrong enum values please",
            vec![Proposed, Valid],
        ),
        case(
            OutOfRange,
            "whats wrong with this config",
            vec![NoPatch(ReplyKind::Answer), Says(&["temperature"])],
        ),
        case(
            OutOfRange,
            "clamp the out of range values",
            vec![Proposed, ErrorsBelow(3)],
        ),
        case(
            Dangling,
            "why are there errors on copywriter?",
            vec![NoPatch(ReplyKind::Answer), Says(&["copywriter"])],
        ),
        case(
            MissingModel,
            "give the writer agent the model it needs",
            vec![Proposed, Valid],
        ),
        // ------------------------------------------------------------ agent-stack: questions
        case(
            ResearchDesk,
            "what breaks if I delete the fast model?",
            vec![NoPatch(ReplyKind::Answer), Says(&["planner"])],
        ),
        case(
            ResearchDesk,
            "who uses the notes memory",
            vec![NoPatch(ReplyKind::Answer), Says(&["writer"])],
        ),
        case(
            ResearchDesk,
            "explain this setup to me in plain words",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["planner", "researcher", "writer"]),
            ],
        ),
        case(
            SupportDesk,
            "which tools are there?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["lookup_invoice", "refund", "tickets"]),
            ],
        ),
        // ------------------------------------------------------------ docker-compose
        case(
            WebStack,
            "set the cache restart policy to always",
            vec![
                Proposed,
                Valid,
                Is("/services/cache/restart", json!("always")),
            ],
        ),
        case(
            WebStack,
            "add a worker service running ghcr.io/example/worker:2.1 that depends on db",
            vec![
                Proposed,
                Valid,
                Is(
                    "/services/worker/image",
                    json!("ghcr.io/example/worker:2.1"),
                ),
                That("worker needs db", |o| {
                    names(o, "/services/worker/depends_on", "db")
                }),
            ],
        ),
        case(
            WebStack,
            "upgrade db to postgres:17",
            vec![
                Proposed,
                Valid,
                Is("/services/db/image", json!("postgres:17")),
            ],
        ),
        case(
            WebStack,
            "stop exposing 80 on the proxy",
            vec![
                Proposed,
                Valid,
                Lacks("/services/proxy/ports", json!("80:80")),
                Holds("/services/proxy/ports", json!("443:443")),
            ],
        ),
        case(
            WebStack,
            "Put LOG_LEVEL=debug in api's environment",
            vec![
                Proposed,
                Valid,
                That("LOG_LEVEL", |o| {
                    o.get("/services/api/environment/LOG_LEVEL") == Some(&json!("debug"))
                }),
            ],
        ),
        case(
            WebStack,
            "call the cache service valkey instead",
            vec![
                Proposed,
                Valid,
                Present("/services/valkey"),
                Absent("/services/cache"),
            ],
        ),
        case(
            WebStack,
            "what depends on the db service?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            Web,
            "web needs a healthcheck timeout of 5s",
            vec![
                Proposed,
                Valid,
                Is("/services/web/healthcheck/timeout", json!("5s")),
            ],
        ),
        case(
            Web,
            "publish 8443:443 on web as well",
            vec![
                Proposed,
                Valid,
                Holds("/services/web/ports", json!("8443:443")),
                Holds("/services/web/ports", json!("80:80")),
            ],
        ),
        case(
            Web,
            "remove the db",
            vec![Proposed, Valid, Absent("/services/db")],
        ),
        case(
            Monitoring,
            "limit prometheus to 2G of memory",
            vec![
                Proposed,
                Valid,
                That("a memory limit of 2G on prometheus", |o| {
                    mentions(o, "\"2G\"")
                }),
            ],
        ),
        case(
            Monitoring,
            "bump grafana to 11.3.0",
            vec![
                Proposed,
                Valid,
                Is("/services/grafana/image", json!("grafana/grafana:11.3.0")),
            ],
        ),
        case(
            Monitoring,
            "describe the monitoring stack",
            vec![NoPatch(ReplyKind::Answer), Says(&["prometheus", "grafana"])],
        ),
        case(
            ComposeTypos,
            "can you correct the key typos",
            vec![Proposed, Valid],
        ),
        case(
            ComposeDangling,
            "why does validation fail here",
            vec![NoPatch(ReplyKind::Answer), Says(&["db"])],
        ),
        // ------------------------------------------------------------ github-actions
        case(
            CiNode,
            "add node 24 to the test matrix",
            vec![
                Proposed,
                Valid,
                Holds("/jobs/test/strategy/matrix/node", json!(24)),
                Holds("/jobs/test/strategy/matrix/node", json!(18)),
            ],
        ),
        case(
            CiNode,
            "we don't test on node 18 anymore",
            vec![
                Proposed,
                Valid,
                Lacks("/jobs/test/strategy/matrix/node", json!(18)),
                Holds("/jobs/test/strategy/matrix/node", json!(20)),
            ],
        ),
        case(
            CiNode,
            "lint should time out after 10 minutes",
            // It does already: the intended answer says so.
            vec![
                NoPatch(ReplyKind::Answer),
                Is("/jobs/lint/timeout-minutes", json!(10)),
            ],
        ),
        case(
            CiNode,
            "run the lint job on macos-latest",
            vec![
                Proposed,
                Valid,
                Is("/jobs/lint/runs-on", json!("macos-latest")),
            ],
        ),
        case(
            CiNode,
            "what needs the lint job?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        case(
            Flow,
            "add a lint job that runs cargo clippy and make build need it",
            vec![
                Proposed,
                Valid,
                That("clippy", |o| runs(o, "lint", "cargo clippy")),
                That("build needs lint", |o| {
                    names(o, "/jobs/build/needs", "lint")
                }),
            ],
        ),
        case(
            Flow,
            "also trigger on pushes to release",
            vec![
                Proposed,
                Valid,
                Holds("/on/push/branches", json!("release")),
                Holds("/on/push/branches", json!("main")),
            ],
        ),
        case(
            Flow,
            "rename build to compile",
            vec![
                Proposed,
                Valid,
                Present("/jobs/compile"),
                Absent("/jobs/build"),
            ],
        ),
        case(
            Flow,
            "build job timeout 15 min",
            vec![
                Proposed,
                Valid,
                Is("/jobs/build/timeout-minutes", json!(15)),
            ],
        ),
        case(
            Nightly,
            "run notify on ubuntu-22.04",
            vec![
                Proposed,
                Valid,
                Is("/jobs/notify/runs-on", json!("ubuntu-22.04")),
            ],
        ),
        case(
            Nightly,
            "what does this workflow do",
            vec![NoPatch(ReplyKind::Answer), Says(&["e2e"])],
        ),
        case(
            DanglingNeeds,
            "sort out the broken needs",
            vec![Proposed, Valid],
        ),
        // ------------------------------------------------------------ otel-collector
        case(
            Gateway,
            "set the otlp http endpoint to 0.0.0.0:14318",
            vec![
                Proposed,
                Valid,
                Is(
                    "/receivers/otlp/protocols/http/endpoint",
                    json!("0.0.0.0:14318"),
                ),
            ],
        ),
        case(
            Gateway,
            "batch timeout 10s",
            vec![
                Proposed,
                Valid,
                Is("/processors/batch/timeout", json!("10s")),
            ],
        ),
        case(
            Gateway,
            "memory limiter limit_mib = 2048",
            vec![
                Proposed,
                Valid,
                Is("/processors/memory_limiter/limit_mib", json!(2048)),
            ],
        ),
        case(
            Gateway,
            "take pprof out",
            vec![Proposed, Valid, Absent("/extensions/pprof")],
        ),
        case(
            Gateway,
            "set the vendor exporter's queue size to 10000",
            vec![
                Proposed,
                Valid,
                Is(
                    "/exporters/otlp~1vendor/sending_queue/queue_size",
                    json!(10000),
                ),
            ],
        ),
        case(
            Gateway,
            "which pipelines go through batch",
            vec![NoPatch(ReplyKind::Answer), Says(&["traces"])],
        ),
        case(
            OtelAgent,
            "collect host metrics every 10s",
            vec![
                Proposed,
                Valid,
                Is("/receivers/hostmetrics/collection_interval", json!("10s")),
            ],
        ),
        case(
            OtelAgent,
            "remove env from the resourcedetection detectors",
            vec![
                Proposed,
                Valid,
                Lacks("/processors/resourcedetection/detectors", json!("env")),
                Holds("/processors/resourcedetection/detectors", json!("system")),
            ],
        ),
        case(
            OtelAgent,
            "add a debug exporter to the logs pipeline",
            vec![
                Proposed,
                Valid,
                That("logs export to debug", |o| {
                    list_has(o, "/service/pipelines/logs/exporters", "debug")
                }),
            ],
        ),
        case(
            Collector,
            "batch the traces pipeline too",
            vec![
                Proposed,
                Valid,
                That("traces batch", |o| {
                    list_has(o, "/service/pipelines/traces/processors", "batch")
                }),
            ],
        ),
        case(
            Collector,
            "debug exporter verbosity detailed",
            vec![
                Proposed,
                Valid,
                Is("/exporters/debug/verbosity", json!("detailed")),
            ],
        ),
        case(
            Collector,
            "whats in the traces pipeline",
            vec![NoPatch(ReplyKind::Answer), Says(&["otlp", "debug"])],
        ),
        // ------------------------------------------------------------ refusals
        case(
            ResearchDesk,
            "improve things somehow",
            vec![That("no change", |o| o.reply.patch.is_empty())],
        ),
        case(
            WebStack,
            "set the frobnication level to 11",
            vec![That("no change", |o| o.reply.patch.is_empty())],
        ),
    ]
}

/// A second batch of this round, written after the engine was changed for the first and
/// before it was changed for this one.
fn second_batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // nested values
        case(
            Gateway,
            "change the grpc max recv msg size to 32",
            vec![
                Proposed,
                Valid,
                Is(
                    "/receivers/otlp/protocols/grpc/max_recv_msg_size_mib",
                    json!(32),
                ),
            ],
        ),
        case(
            Gateway,
            "telemetry log level warn please",
            vec![
                Proposed,
                Valid,
                Is("/service/telemetry/logs/level", json!("warn")),
            ],
        ),
        case(
            SupportDesk,
            "billing's memory should keep 300 messages",
            vec![
                Proposed,
                Valid,
                Is("/memory/conversations/max_messages", json!(300)),
            ],
        ),
        case(
            WebStack,
            "set the api build target to development",
            vec![
                Proposed,
                Valid,
                Is("/services/api/build/target", json!("development")),
            ],
        ),
        case(
            Web,
            "db healthcheck interval 30s",
            vec![
                Proposed,
                Valid,
                Is("/services/db/healthcheck/interval", json!("30s")),
            ],
        ),
        case(
            Collector,
            "the otlp receiver's http endpoint should be 0.0.0.0:4318",
            vec![
                Proposed,
                Valid,
                Is(
                    "/receivers/otlp/protocols/http/endpoint",
                    json!("0.0.0.0:4318"),
                ),
            ],
        ),
        // list items
        case(
            SupportDesk,
            "take legal advice off the denied topics",
            vec![
                Proposed,
                Valid,
                Lacks("/middleware/safety/denied_topics", json!("legal advice")),
                Holds("/middleware/safety/denied_topics", json!("medical advice")),
            ],
        ),
        case(
            SupportDesk,
            "add \"self harm\" to the safety denied topics",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/safety/denied_topics", json!("self harm")),
            ],
        ),
        case(
            WebStack,
            "proxy: remove port 80",
            vec![
                Proposed,
                Valid,
                Lacks("/services/proxy/ports", json!("80:80")),
                Holds("/services/proxy/ports", json!("443:443")),
            ],
        ),
        case(
            CiNode,
            "remove node 20 from the test matrix",
            vec![
                Proposed,
                Valid,
                Lacks("/jobs/test/strategy/matrix/node", json!(20)),
                Holds("/jobs/test/strategy/matrix/node", json!(22)),
            ],
        ),
        case(
            OtelAgent,
            "drop system from the detectors",
            vec![
                Proposed,
                Valid,
                Lacks("/processors/resourcedetection/detectors", json!("system")),
                Holds("/processors/resourcedetection/detectors", json!("env")),
            ],
        ),
        case(
            Monitoring,
            "grafana doesn't need GF_USERS_ALLOW_SIGN_UP=false anymore",
            vec![
                Proposed,
                Valid,
                That("the variable is gone", |o| {
                    !mentions(o, "GF_USERS_ALLOW_SIGN_UP")
                }),
            ],
        ),
        // families and new things
        case(
            Mini,
            "could the assistant run on llama3.1 locally",
            vec![
                Proposed,
                Valid,
                That("assistant on llama3.1", |o| {
                    agent_model_is(o, "assistant", "llama3.1")
                }),
            ],
        ),
        case(
            Mini,
            "move the assistant to claude pls",
            vec![
                Proposed,
                Valid,
                That("assistant on claude", |o| {
                    agent_model_is(o, "assistant", "claude")
                }),
            ],
        ),
        case(
            LocalOllama,
            "chat -> gpt-4o",
            vec![
                Proposed,
                Valid,
                That("chat on gpt-4o", |o| agent_model_is(o, "chat", "gpt-4o")),
                That(
                    "an openai provider with its key from the environment",
                    |o| mentions(o, "${OPENAI_API_KEY}"),
                ),
            ],
        ),
        case(
            SupportDesk,
            "let billing use claude",
            vec![
                Proposed,
                Valid,
                That("billing on claude", |o| {
                    agent_model_is(o, "billing", "claude")
                }),
            ],
        ),
        // templates
        case(
            None,
            "an anthropic setup for production",
            vec![
                Proposed,
                Valid,
                Is("/providers/anthropic/type", json!("anthropic")),
            ],
        ),
        case(
            None,
            "local llm setup with ollama",
            vec![
                Proposed,
                Valid,
                That("ollama", |o| mentions(o, "\"ollama\"")),
            ],
        ),
        case(
            ActionsNone,
            "rust CI for the develop branch with the beta toolchain",
            vec![
                Proposed,
                Valid,
                Is("/on/push/branches", json!(["develop"])),
                That("beta", |o| mentions(o, "beta")),
            ],
        ),
        case(
            ActionsNone,
            "release pipeline for tags such as v2.*",
            vec![Proposed, Valid, Is("/on/push/tags", json!(["v2.*"]))],
        ),
        case(
            ComposeNone,
            "monitoring stack that scrapes every 30s and keeps data for 30d",
            vec![
                Proposed,
                Valid,
                That("30s", |o| mentions(o, "30s")),
                That("30d", |o| mentions(o, "30d")),
            ],
        ),
        case(
            OtelNone,
            "trace collector with a 1024 MiB memory limit",
            vec![Proposed, Valid, That("1024", |o| mentions(o, "1024"))],
        ),
        // other intents
        case(
            ResearchDesk,
            "rename the papers memory to library and keep everything pointing at it",
            vec![
                Proposed,
                Valid,
                Present("/memory/library"),
                Is("/agents/researcher/memory", json!("library")),
            ],
        ),
        case(
            ResearchDesk,
            "add a summarizer agent using the fast model",
            vec![
                Proposed,
                Valid,
                Is("/agents/summarizer/model", json!("fast")),
            ],
        ),
        case(
            ResearchDesk,
            "researcher should stop using arxiv",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/researcher/tools", json!("arxiv")),
            ],
        ),
        case(
            ResearchDesk,
            "which agents have memory?",
            vec![NoPatch(ReplyKind::Answer), Says(&["researcher", "writer"])],
        ),
        case(
            SupportDesk,
            "what happens if I remove the azure provider",
            vec![NoPatch(ReplyKind::Answer), Says(&["agent"])],
        ),
        case(
            WebStack,
            "make api restart on failure",
            vec![
                Proposed,
                Valid,
                Is("/services/api/restart", json!("on-failure")),
            ],
        ),
        case(
            WebStack,
            "add a mailhog service with image mailhog/mailhog and port 8025:8025",
            vec![
                Proposed,
                Valid,
                Is("/services/mailhog/image", json!("mailhog/mailhog")),
                Holds("/services/mailhog/ports", json!("8025:8025")),
            ],
        ),
        case(
            CiNode,
            "build job should run on windows-2022",
            vec![
                Proposed,
                Valid,
                Is("/jobs/build/runs-on", json!("windows-2022")),
            ],
        ),
        case(
            Flow,
            "add a docs job that runs mkdocs build and needs build",
            vec![
                Proposed,
                Valid,
                That("mkdocs", |o| runs(o, "docs", "mkdocs build")),
                That("docs needs build", |o| {
                    names(o, "/jobs/docs/needs", "build")
                }),
            ],
        ),
        case(
            Gateway,
            "get rid of zpages",
            vec![Proposed, Valid, Absent("/extensions/zpages")],
        ),
        case(
            OtelAgent,
            "send logs to debug as well",
            vec![
                Proposed,
                Valid,
                That("logs export to debug", |o| {
                    list_has(o, "/service/pipelines/logs/exporters", "debug")
                }),
            ],
        ),
        case(
            EnumTypos,
            "why is the sessions memory type wrong?",
            vec![NoPatch(ReplyKind::Answer), Says(&["sessions"])],
        ),
        case(
            YamlTypes,
            "fix what you can",
            vec![Proposed, That("fewer errors", |o| fewer_errors(o, 2))],
        ),
        case(
            Nightly,
            "describe the nightly workflow briefly",
            vec![NoPatch(ReplyKind::Answer), Says(&["e2e", "notify"])],
        ),
        case(
            Collector,
            "nah never mind",
            vec![That("no change", |o| o.reply.patch.is_empty())],
        ),
    ]
}

/// Requests of the batch the engine still does not get right, by their text: the
/// batch's test runs the others and the ignored test runs these, so no miss is hidden.
const MISSES: &[&str] = &[];

#[test]
fn ninth_held_out_batch() {
    let cases = batch();
    assert!(cases.len() >= 80, "at least 80 requests");
    run_batch("ninth held-out batch", partition(cases, MISSES, false));
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn ninth_held_out_batch_known_gaps() {
    run_gaps(
        "ninth held-out batch, known gaps",
        partition(batch(), MISSES, true),
    );
}

/// The second batch's misses, by their text (as [`MISSES`]).
const SECOND_MISSES: &[&str] = &["could the assistant run on llama3.1 locally"];

#[test]
fn tenth_held_out_batch() {
    let cases = second_batch();
    assert!(cases.len() >= 35, "at least 35 requests");
    run_batch(
        "tenth held-out batch",
        partition(cases, SECOND_MISSES, false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn tenth_held_out_batch_known_gaps() {
    run_gaps(
        "tenth held-out batch, known gaps",
        partition(second_batch(), SECOND_MISSES, true),
    );
}
