//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting before it was run against the engine, in
//! the styles people type in the chat panel beside the canvas (plain, terse, chatty,
//! misspelt, questions that are edits), over every intent of the offline engine. Judged by
//! the document each proposal makes, never by the reply's wording.
//!
//! 69 requests: 39 agent-stack, 12 docker-compose, 9 github-actions, 9 otel-collector.
//!
//! First try: 64/69 (92.8%); after the fixes for two of its misses (a template parameter
//! written as one word, "the model" in a stack with one model), 66/69; with the later
//! classes of `offline_phrasing.rs` (a value right after its field, a job named by a verb),
//! 68/69. What still misses
//! is listed by its text and run by the ignored known-gaps test.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

fn count(o: &Outcome, collection: &str) -> usize {
    o.get(collection)
        .and_then(Value::as_object)
        .map_or(0, |m| m.len())
}

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ============================================================ agent stacks
        // ------------------------------------------------------------ templates
        case(
            None,
            "set up a RAG assistant over my docs, top_k 4",
            vec![
                Proposed,
                Valid,
                That("a vector memory with top_k 4", |o| {
                    any_of(o, "/memory", |m| {
                        m["type"] == json!("vector") && m["top_k"] == json!(4)
                    })
                }),
            ],
        ),
        case(
            None,
            "Could you make me a multi-agent research setup, without the reviewer please?",
            vec![
                Proposed,
                Valid,
                That("several agents", |o| count(o, "/agents") >= 2),
                Absent("/agents/reviewer"),
            ],
        ),
        case(
            None,
            "self hosted vllm server at http://gpu-box:8000/v1",
            vec![
                Proposed,
                Valid,
                That("the server's address", |o| {
                    mentions(o, "http://gpu-box:8000/v1")
                }),
            ],
        ),
        case(
            None,
            "assistant with dev, staging and prod environments; dev should run llama3.2",
            vec![
                Proposed,
                Valid,
                That("three environments", |o| count(o, "/environments") >= 3),
                That("llama3.2", |o| mentions(o, "llama3.2")),
            ],
        ),
        case(
            None,
            "code review bot for the repo at /srv/app",
            vec![
                Proposed,
                Valid,
                That("the repository path", |o| mentions(o, "/srv/app")),
            ],
        ),
        // ------------------------------------------------------------ add
        case(
            Mini,
            "add a summarizer agent that uses the chat model",
            vec![
                Proposed,
                Valid,
                Is("/agents/summarizer/model", json!("chat")),
            ],
        ),
        case(
            ResearchDesk,
            "new tool: a builtin calculator called calc",
            vec![Proposed, Valid, Is("/tools/calc/type", json!("builtin"))],
        ),
        case(
            Mini,
            "add an anthropic provider",
            vec![
                Proposed,
                Valid,
                That("an anthropic provider", |o| {
                    any_of(o, "/providers", |p| p["type"] == json!("anthropic"))
                }),
            ],
        ),
        case(
            SupportDesk,
            "add a redis memory called sessions, url redis://cache:6379/1",
            vec![
                Proposed,
                Valid,
                Is("/memory/sessions/type", json!("redis")),
                Is("/memory/sessions/url", json!("redis://cache:6379/1")),
            ],
        ),
        case(
            Mini,
            "add a model named big that runs gpt-4.1 on openai",
            vec![
                Proposed,
                Valid,
                Is("/models/big/name", json!("gpt-4.1")),
                Is("/models/big/provider", json!("openai")),
            ],
        ),
        // ------------------------------------------------------------ remove
        case(
            ResearchDesk,
            "remove the arxiv tool",
            vec![
                Proposed,
                Valid,
                Absent("/tools/arxiv"),
                Lacks("/agents/researcher/tools", json!("arxiv")),
            ],
        ),
        case(
            SupportDesk,
            "get rid of the cache middleware pls",
            vec![
                Proposed,
                Valid,
                Absent("/middleware/cache"),
                Lacks("/agents/triage/middleware", json!("cache")),
            ],
        ),
        case(
            TplResearch,
            "drop the reviewer agent",
            vec![
                Proposed,
                Valid,
                Absent("/agents/reviewer"),
                Lacks("/agents/planner/delegates_to", json!("reviewer")),
            ],
        ),
        // ------------------------------------------------------------ rename
        case(
            SupportDesk,
            "rename generalist to helpdesk",
            vec![
                Proposed,
                Valid,
                Present("/agents/helpdesk"),
                Absent("/agents/generalist"),
                Holds("/agents/triage/delegates_to", json!("helpdesk")),
            ],
        ),
        case(
            TplProduction,
            "can you rename the summarizer agent to digest?",
            vec![
                Proposed,
                Valid,
                Present("/agents/digest"),
                Absent("/agents/summarizer"),
            ],
        ),
        // ------------------------------------------------------------ connect
        case(
            ResearchDesk,
            "give the writer agent the web search tool",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/tools", json!("web_search")),
            ],
        ),
        case(
            SupportDesk,
            "let billing delegate to generalist",
            vec![
                Proposed,
                Valid,
                Holds("/agents/billing/delegates_to", json!("generalist")),
            ],
        ),
        case(
            TplRag,
            "the answerer should also be able to search the web",
            vec![
                Proposed,
                Valid,
                That("a web search tool on the answerer", |o| {
                    names_one(o, "/agents/answerer/tools", "tools", |t| {
                        t["name"] == json!("web_search")
                    })
                }),
            ],
        ),
        case(
            Mini,
            "hook the assistant up to a redis memory",
            vec![
                Proposed,
                Valid,
                That("a redis memory", |o| {
                    agent_memory_is(o, "assistant", "redis")
                }),
            ],
        ),
        // ------------------------------------------------------------ set values
        case(
            Mini,
            "set temperature of chat to 0.2",
            vec![Proposed, Valid, Is("/models/chat/temperature", json!(0.2))],
        ),
        case(
            ResearchDesk,
            "planner max iterations 10",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/max_iterations", json!(10)),
            ],
        ),
        case(
            TplProduction,
            "bump the rate limit to 1000 requests a minute",
            vec![
                Proposed,
                Valid,
                Is("/middleware/rate_limit/requests_per_minute", json!(1000)),
            ],
        ),
        case(
            ResearchDesk,
            "make the researcher use claude-sonnet-4",
            vec![
                Proposed,
                Valid,
                That("claude-sonnet-4", |o| {
                    agent_model_is(o, "researcher", "claude-sonnet-4")
                }),
                That("on an anthropic provider", |o| {
                    agent_model(o, "researcher")
                        .and_then(|m| m["provider"].as_str())
                        .and_then(|p| o.get(&format!("/providers/{p}/type")))
                        == Some(&json!("anthropic"))
                }),
            ],
        ),
        case(
            TplOllama,
            "switch the model to qwen2.5",
            vec![
                Proposed,
                Valid,
                That("qwen2.5", |o| agent_model_is(o, "assistant", "qwen2.5")),
            ],
        ),
        case(
            ResearchDesk,
            "set the audit log level to debug",
            vec![
                Proposed,
                Valid,
                Is("/middleware/audit_log/level", json!("debug")),
            ],
        ),
        case(
            SupportDesk,
            "in staging, triage max_iterations should be 5",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/staging/overrides/agents/triage/max_iterations",
                    json!(5),
                ),
                Is("/agents/triage/max_iterations", json!(3)),
            ],
        ),
        // ------------------------------------------------------------ middleware across
        case(
            ResearchDesk,
            "add retry middleware to every agent",
            vec![
                Proposed,
                Valid,
                That("retry on every agent", |o| all_agents_have(o, "retry")),
            ],
        ),
        case(
            SupportDesk,
            "put logging on all the agents",
            vec![
                Proposed,
                Valid,
                That("logging on every agent", |o| all_agents_have(o, "logging")),
            ],
        ),
        case(
            Mini,
            "add guardrails that block PII to the assistant",
            vec![
                Proposed,
                Valid,
                That("guardrails on the assistant", |o| {
                    agent_has_middleware(o, "assistant", "guardrails")
                }),
                That("PII blocked", |o| {
                    any_of(o, "/middleware", |m| {
                        m["type"] == json!("guardrails") && m["block_pii"] == json!(true)
                    })
                }),
            ],
        ),
        // ------------------------------------------------------------ explain and fix
        case(Dangling, "fix the broken references", vec![Proposed, Valid]),
        case(
            EnumTypos,
            "why is this invalid?",
            vec![NoPatch(ReplyKind::Answer), Says(&["openai", "sessions"])],
        ),
        case(OutOfRange, "plz fix the errors", vec![Proposed, Valid]),
        case(
            Cycle,
            "can you fix the delegation loop?",
            vec![Proposed, Valid],
        ),
        case(
            MissingModel,
            "the writer agent needs a model, give it the writer model",
            vec![Proposed, Valid, Is("/agents/writer/model", json!("writer"))],
        ),
        // ------------------------------------------------------------ impact and describe
        case(
            ResearchDesk,
            "what depends on the embeddings model?",
            vec![NoPatch(ReplyKind::Answer), Says(&["papers"])],
        ),
        case(
            SupportDesk,
            "what would break if I deleted the safety middleware?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["triage", "billing", "generalist"]),
            ],
        ),
        case(
            TplProduction,
            "what's in this config?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["assistant", "summarizer"]),
            ],
        ),
        // ------------------------------------------------------------ cannot do
        case(
            Mini,
            "run the assistant and show me what it answers",
            vec![That("no change", |o| o.reply.patch.is_empty())],
        ),
        case(
            SupportDesk,
            "make the agents smarter somehow",
            vec![That("no change", |o| o.reply.patch.is_empty())],
        ),
        // ============================================================ docker compose
        case(
            ComposeNone,
            "web app with postgres 15 and redis",
            vec![
                Proposed,
                Valid,
                That("postgres 15", |o| mentions(o, "postgres:15")),
                That("redis", |o| mentions(o, "redis")),
            ],
        ),
        case(
            ComposeNone,
            "prometheus + grafana monitoring, grafana on port 3001",
            vec![
                Proposed,
                Valid,
                That("grafana on 3001", |o| mentions(o, "3001")),
            ],
        ),
        case(
            Web,
            "add a redis service",
            vec![
                Proposed,
                Valid,
                That("a redis service", |o| {
                    any_of(o, "/services", |s| {
                        s["image"].as_str().is_some_and(|i| i.starts_with("redis"))
                    })
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
            "web should depend on db",
            vec![
                Proposed,
                Valid,
                That("web depends on db", |o| {
                    names(o, "/services/web/depends_on", "db")
                }),
            ],
        ),
        case(
            WebStack,
            "publish port 6379 on the cache",
            vec![
                Proposed,
                Valid,
                That("6379 published", |o| {
                    list_has(o, "/services/cache/ports", "6379")
                }),
            ],
        ),
        case(
            Web,
            "set restart unless-stopped on every service",
            vec![
                Proposed,
                Valid,
                Is("/services/web/restart", json!("unless-stopped")),
                Is("/services/db/restart", json!("unless-stopped")),
            ],
        ),
        case(
            Web,
            "rename db to postgres",
            vec![
                Proposed,
                Valid,
                Present("/services/postgres"),
                Absent("/services/db"),
            ],
        ),
        case(
            Web,
            "set LOG_LEVEL=debug on web",
            vec![
                Proposed,
                Valid,
                That("LOG_LEVEL debug on web", |o| {
                    let env = o.get("/services/web/environment").map(Value::to_string);
                    env.is_some_and(|e| e.contains("LOG_LEVEL") && e.contains("debug"))
                }),
            ],
        ),
        case(
            ComposeTypos,
            "fix the typos",
            vec![
                Proposed,
                Valid,
                Present("/services/web/image"),
                Present("/services/worker/environment"),
            ],
        ),
        case(
            ComposeDangling,
            "what's wrong with this file?",
            vec![NoPatch(ReplyKind::Answer), Says(&["backend", "dbdata"])],
        ),
        case(
            WebStack,
            "what depends on db?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        // ============================================================ github actions
        case(
            ActionsNone,
            "rust ci with clippy on ubuntu and macos",
            vec![
                Proposed,
                Valid,
                That("macos", |o| mentions(o, "macos-latest")),
                That("clippy", |o| mentions(o, "clippy")),
            ],
        ),
        case(
            ActionsNone,
            "node CI using pnpm, node 22 only",
            vec![Proposed, Valid, That("pnpm", |o| mentions(o, "pnpm"))],
        ),
        case(
            Flow,
            "add a test job that runs cargo test after build",
            vec![
                Proposed,
                Valid,
                That("a job that runs cargo test and needs build", |o| {
                    o.get("/jobs")
                        .and_then(Value::as_object)
                        .is_some_and(|jobs| {
                            jobs.keys().any(|j| {
                                runs(o, j, "cargo test")
                                    && names(o, &format!("/jobs/{j}/needs"), "build")
                            })
                        })
                }),
            ],
        ),
        case(
            Flow,
            "also run on pull requests",
            vec![Proposed, Valid, Present("/on/pull_request")],
        ),
        case(
            CiNode,
            "set the lint job timeout to 5 minutes",
            vec![Proposed, Valid, Is("/jobs/lint/timeout-minutes", json!(5))],
        ),
        case(
            Flow,
            "build on windows-latest instead",
            vec![
                Proposed,
                Valid,
                Is("/jobs/build/runs-on", json!("windows-latest")),
            ],
        ),
        case(
            DanglingNeeds,
            "fix it",
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
            "which jobs need test?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        case(
            Nightly,
            "run this workflow now",
            vec![That("no change", |o| o.reply.patch.is_empty())],
        ),
        // ============================================================ otel collector
        case(
            OtelNone,
            "traces collector sending to jaeger:4317, sample 10 percent",
            vec![
                Proposed,
                Valid,
                That("jaeger", |o| mentions(o, "jaeger:4317")),
                That("10 percent", |o| {
                    any_of(o, "/processors", |p| p["sampling_percentage"] == json!(10))
                }),
            ],
        ),
        case(
            OtelNone,
            "metrics pipeline that scrapes node-exporter:9100",
            vec![
                Proposed,
                Valid,
                That("the scrape target", |o| mentions(o, "node-exporter:9100")),
            ],
        ),
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
            Collector,
            "add a logs pipeline from otlp to debug",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/logs/receivers", json!("otlp")),
                Holds("/service/pipelines/logs/exporters", json!("debug")),
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
            TplTraces,
            "set the memory limit to 1024 mib",
            vec![
                Proposed,
                Valid,
                Is("/processors/memory_limiter/limit_mib", json!(1024)),
            ],
        ),
        case(
            OtelDangling,
            "fix the broken references",
            vec![Proposed, Valid],
        ),
        case(
            Gateway,
            "which pipelines use the resource processor?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["traces", "metrics", "logs"]),
            ],
        ),
        case(
            Collector,
            "describe this collector",
            vec![NoPatch(ReplyKind::Answer), Says(&["otlp", "debug"])],
        ),
    ]
}

/// The misses of the first run, kept by their text.
fn known_gaps() -> Vec<&'static str> {
    vec![]
}

#[test]
fn held_out_batch() {
    run_batch("held-out batch 9", partition(batch(), &known_gaps(), false));
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 9, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
