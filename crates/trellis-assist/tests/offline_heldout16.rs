//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting before it was run against the engine
//! (commit 0ca9ff3), without reading the engine, in the styles people type in the chat
//! panel beside the canvas (plain, terse, chatty, misspelt, questions that are edits),
//! over every intent of the offline engine: setups from the gallery with parameters,
//! adding, removing, renaming and connecting components, values with units, middleware
//! across agents, explaining and fixing validation errors, impact questions, descriptions,
//! and requests that must get no edit. Judged by the document each proposal makes, and by
//! the names an answer gives for questions, never by the reply's wording.
//!
//! 86 requests: 43 agent-stack, 15 docker-compose, 14 github-actions, 14 otel-collector.
//!
//! First try: 70/86 (81.4%) — agent-stack 35/43, docker-compose 12/15, github-actions
//! 13/14, otel-collector 10/14. No expectation was corrected after the run: every failure
//! was checked against its fixture, template and schema and is the engine's. The misses are
//! listed by their text and run by the ignored known-gaps test; all 16 pass since
//! ("8k max tokens on claude", "shuold stop after 12 iterations", "remember 100 messages
//! insted of 20", "a healthcheck with pg_isready", "before exporting", "id-token: write",
//! "hand off work to", "needs to look up invoices", "set restart: always", "… keep timing
//! out, give them 2 minutes", "redis … as a cache service", "the rate limit … per minute"
//! as requests, "the environment attribute", "enable the http protocol", "logs: otlp in,
//! debug out", a verbless "new agent …" with a verb in a later clause): 86/86.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// The temperature an agent runs at: its own, else its model's.
fn effective_temperature(o: &Outcome, agent: &str) -> Option<f64> {
    o.get(&format!("/agents/{agent}/temperature"))
        .and_then(Value::as_f64)
        .or_else(|| agent_model(o, agent)?.get("temperature")?.as_f64())
}

/// The string at a pointer.
fn text_at<'a>(o: &'a Outcome, pointer: &str) -> Option<&'a str> {
    o.get(pointer).and_then(Value::as_str)
}

/// Whether a value (string or number) is the number `n`.
fn is_num(v: &Value, n: f64) -> bool {
    v.as_f64() == Some(n) || v.as_str().and_then(|s| s.parse::<f64>().ok()) == Some(n)
}

/// Whether a compose service publishes host port 3000 to container port 3000.
fn api_publishes_3000(o: &Outcome) -> bool {
    o.get("/services/api/ports")
        .and_then(Value::as_array)
        .is_some_and(|l| {
            l.iter().any(|p| match p {
                Value::String(s) => s.ends_with("3000:3000") || s.ends_with("3000:3000/tcp"),
                Value::Object(m) => {
                    m.get("published").is_some_and(|v| is_num(v, 3000.0))
                        && m.get("target").is_some_and(|v| is_num(v, 3000.0))
                }
                _ => false,
            })
        })
}

/// Whether grafana's memory is limited to 512 MB (mem_limit or deploy limits).
fn grafana_512(o: &Outcome) -> bool {
    let ok = |v: &Value| match v {
        Value::String(s) => {
            let s = s.to_lowercase();
            ["512m", "512mb", "512mib", "512mi"].contains(&s.as_str())
        }
        Value::Number(n) => n
            .as_u64()
            .is_some_and(|n| n == 536_870_912 || n == 512_000_000),
        _ => false,
    };
    o.get("/services/grafana/mem_limit").is_some_and(ok)
        || o.get("/services/grafana/deploy/resources/limits/memory")
            .is_some_and(ok)
}

/// Whether some job's matrix tests node 18 and 20 and nothing newer.
fn node_18_and_20(o: &Outcome) -> bool {
    let has = |l: &Vec<Value>, n: f64| l.iter().any(|v| is_num(v, n));
    o.get("/jobs")
        .and_then(Value::as_object)
        .is_some_and(|jobs| {
            jobs.values().any(|j| {
                j.pointer("/strategy/matrix/node")
                    .or_else(|| j.pointer("/strategy/matrix/node-version"))
                    .and_then(Value::as_array)
                    .is_some_and(|l| has(l, 18.0) && has(l, 20.0) && !has(l, 22.0))
            })
        })
}

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ---------------------------------------------------------------- agent-stack
        // Setups from the gallery, with parameters.
        case(
            None,
            "set me up a local assistant on ollama running mistral, remember the last 50 messages",
            vec![
                Proposed,
                Valid,
                That("a model named mistral", |o| {
                    any_of(o, "/models", |m| {
                        m["name"].as_str().is_some_and(|n| n.starts_with("mistral"))
                    })
                }),
                That("an ollama provider", |o| {
                    any_of(o, "/providers", |p| p["type"] == "ollama")
                }),
                That("a memory of 50 messages", |o| {
                    any_of(o, "/memory", |m| m["max_messages"] == json!(50))
                }),
            ],
        ),
        case(
            None,
            "I need a RAG bot over our docs, embeddings with text-embedding-3-large at 3072 dimensions",
            vec![
                Proposed,
                Valid,
                That("the embedding model text-embedding-3-large", |o| {
                    any_of(o, "/models", |m| m["name"] == "text-embedding-3-large")
                }),
                That("a vector memory of 3072 dimensions", |o| {
                    any_of(o, "/memory", |m| m["dimensions"] == json!(3072))
                }),
            ],
        ),
        case(
            None,
            "research team setup but without the reviewer pls",
            vec![
                Proposed,
                Valid,
                Present("/agents/planner"),
                Present("/agents/researcher"),
                Absent("/agents/reviewer"),
            ],
        ),
        case(
            None,
            "can you start me a claude writing assistant? no web search, max 2000 tokens",
            vec![
                Proposed,
                Valid,
                That("an anthropic provider", |o| {
                    any_of(o, "/providers", |p| p["type"] == "anthropic")
                }),
                That("no web search tool", |o| {
                    !any_of(o, "/tools", |t| t["name"] == "web_search")
                }),
                That("a model with 2000 max tokens", |o| {
                    any_of(o, "/models", |m| m["max_tokens"] == json!(2000))
                }),
            ],
        ),
        case(
            None,
            "support bot for Acme Corp that also refuses to talk about politics",
            vec![
                Proposed,
                Valid,
                That("politics among the denied topics", |o| {
                    any_of(o, "/middleware", |m| {
                        m["denied_topics"]
                            .as_array()
                            .is_some_and(|l| l.iter().any(|t| t == "politics"))
                    })
                }),
                That("the company named", |o| mentions(o, "Acme Corp")),
            ],
        ),
        case(
            None,
            "production openai assistant, 200 requests per minute and sample 5% of traces",
            vec![
                Proposed,
                Valid,
                That("a rate limit of 200 per minute", |o| {
                    any_of(o, "/middleware", |m| m["requests_per_minute"] == json!(200))
                }),
                That("a trace sample rate of 0.05", |o| {
                    any_of(o, "/middleware", |m| m["sample_rate"].as_f64() == Some(0.05))
                }),
            ],
        ),
        case(
            None,
            "stack for my vllm server at http://gpu-box:8080/v1 running qwen2.5-7b-instruct",
            vec![
                Proposed,
                Valid,
                That("a provider at http://gpu-box:8080/v1", |o| {
                    any_of(o, "/providers", |p| p["base_url"] == "http://gpu-box:8080/v1")
                }),
                That("a qwen2.5-7b-instruct model", |o| {
                    any_of(o, "/models", |m| {
                        m["name"]
                            .as_str()
                            .is_some_and(|n| n.to_lowercase().contains("qwen2.5-7b-instruct"))
                    })
                }),
            ],
        ),
        // Adding components.
        case(
            Mini,
            "add a web search tool to the assistant",
            vec![
                Proposed,
                Valid,
                That("the assistant has a web search tool", |o| {
                    names_one(o, "/agents/assistant/tools", "tools", |t| {
                        t["type"] == "builtin" && t["name"] == "web_search"
                    })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "give the writer a calculater too",
            vec![
                Proposed,
                Valid,
                That("the writer has a calculator tool", |o| {
                    names_one(o, "/agents/writer/tools", "tools", |t| {
                        t["name"] == "calculator"
                    })
                }),
            ],
        ),
        case(
            SupportDesk,
            "new agent 'escalations' on the agent model, it can use the tickets tool",
            vec![
                Proposed,
                Valid,
                Is("/agents/escalations/model", json!("agent")),
                Holds("/agents/escalations/tools", json!("tickets")),
            ],
        ),
        // Removing.
        case(
            ResearchDesk,
            "we don't use arxiv anymore, remove that tool",
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
            "drop the summarizer, we dont need it anymore",
            vec![
                Proposed,
                Valid,
                Absent("/agents/summarizer"),
                Present("/agents/assistant"),
            ],
        ),
        case(
            SupportDesk,
            "take caching off the triage agent",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/triage/middleware", json!("cache")),
                Holds("/agents/triage/middleware", json!("safety")),
                Holds("/agents/triage/middleware", json!("traces")),
            ],
        ),
        // Renaming.
        case(
            ResearchDesk,
            "rename planner to coordinator",
            vec![
                Proposed,
                Valid,
                Absent("/agents/planner"),
                Is("/agents/coordinator/model", json!("fast")),
                Holds("/agents/coordinator/delegates_to", json!("writer")),
            ],
        ),
        case(
            LocalOllama,
            "call the llama model 'main' instead",
            vec![
                Proposed,
                Valid,
                Absent("/models/llama"),
                Is("/models/main/name", json!("llama3")),
                Is("/agents/librarian/model", json!("main")),
                Is("/agents/chat/model", json!("main")),
            ],
        ),
        // Connecting.
        case(
            ResearchDesk,
            "let the researcher hand off work to the writer",
            vec![
                Proposed,
                Valid,
                Holds("/agents/researcher/delegates_to", json!("writer")),
            ],
        ),
        case(
            SupportDesk,
            "generalist needs to look up invoices as well",
            vec![
                Proposed,
                Valid,
                Holds("/agents/generalist/tools", json!("lookup_invoice")),
                Holds("/agents/generalist/tools", json!("tickets")),
            ],
        ),
        // Values, with units.
        case(
            ResearchDesk,
            "openai calls keep timing out, give them 2 minutes",
            vec![
                Proposed,
                Valid,
                That("openai timeout_s is 120", |o| {
                    num(o, "/providers/openai/timeout_s") == Some(120.0)
                }),
            ],
        ),
        case(
            TplSupport,
            "keep conversations for a week",
            vec![
                Proposed,
                Valid,
                That("conversations ttl_s is 604800", |o| {
                    num(o, "/memory/conversations/ttl_s") == Some(604_800.0)
                }),
            ],
        ),
        case(
            SupportDesk,
            "lower the rate limit to 300 per minute",
            vec![
                Proposed,
                Valid,
                Is("/middleware/limits/requests_per_minute", json!(300)),
            ],
        ),
        case(
            Mini,
            "make the assistant fully deterministic, temperature 0",
            vec![
                Proposed,
                Valid,
                That("the assistant runs at temperature 0", |o| {
                    effective_temperature(o, "assistant") == Some(0.0)
                }),
            ],
        ),
        case(
            TplAnthropic,
            "8k max tokens on claude please",
            vec![
                Proposed,
                Valid,
                That("claude max_tokens is 8000 or 8192", |o| {
                    matches!(o.get("/models/claude/max_tokens").and_then(Value::as_u64), Some(8000 | 8192))
                }),
            ],
        ),
        case(
            ResearchDesk,
            "the planner shuold stop after 12 iterations",
            vec![Proposed, Valid, Is("/agents/planner/max_iterations", json!(12))],
        ),
        case(
            TplOllama,
            "remember 100 messages insted of 20",
            vec![Proposed, Valid, Is("/memory/chat/max_messages", json!(100))],
        ),
        // Middleware across components.
        case(
            ResearchDesk,
            "add retrys to every agent",
            vec![
                Proposed,
                Valid,
                That("every agent retries", |o| all_agents_have(o, "retry")),
            ],
        ),
        case(
            TplResearch,
            "put a rate limit of 60 requests per minute on all the agents",
            vec![
                Proposed,
                Valid,
                That("every agent is rate limited", |o| all_agents_have(o, "rate_limit")),
                That("a rate limit of 60 per minute", |o| {
                    any_of(o, "/middleware", |m| {
                        m["type"] == "rate_limit" && m["requests_per_minute"] == json!(60)
                    })
                }),
            ],
        ),
        case(
            SupportDesk,
            "turn on debug logging for all agents",
            vec![
                Proposed,
                Valid,
                That("every agent logs", |o| all_agents_have(o, "logging")),
                That("a logging middleware at debug", |o| {
                    any_of(o, "/middleware", |m| m["type"] == "logging" && m["level"] == "debug")
                }),
            ],
        ),
        case(
            TplAnthropic,
            "add guardrails to the writer that block personal data",
            vec![
                Proposed,
                Valid,
                That("the writer has guardrails", |o| {
                    agent_has_middleware(o, "writer", "guardrails")
                }),
                That("guardrails that block PII", |o| {
                    any_of(o, "/middleware", |m| {
                        m["type"] == "guardrails" && m["block_pii"] == json!(true)
                    })
                }),
            ],
        ),
        // Validation errors: fixes and explanations.
        case(
            Dangling,
            "copywriter points at stuff that doesn't exist, sort it out",
            vec![
                Proposed,
                Valid,
                Is("/agents/copywriter/model", json!("writer")),
                Holds("/agents/copywriter/tools", json!("calculator")),
            ],
        ),
        case(
            EnumTypos,
            "why is this showing errors?",
            vec![That(NO_CHANGE, no_change), Says(&["openai", "sessions"])],
        ),
        case(
            OutOfRange,
            "can u fix whatever is out of range",
            vec![Proposed, Valid, Present("/agents/storyteller")],
        ),
        case(
            ConditionalRequired,
            "which required fields am I missing?",
            vec![
                That(NO_CHANGE, no_change),
                Says(&["together", "weather", "base_url", "path"]),
            ],
        ),
        case(
            Cycle,
            "break the delegation loop",
            vec![
                Proposed,
                Valid,
                Present("/agents/planner"),
                Present("/agents/researcher"),
                Present("/agents/reviewer"),
            ],
        ),
        case(
            YamlTypes,
            "please fix the wrong types",
            vec![
                Proposed,
                Valid,
                Is("/agents/surfer/max_iterations", json!(20)),
                Holds("/tools/browser/args", json!("8080")),
            ],
        ),
        case(
            UnusedSecret,
            "don't paste the openai key in there, use an env var",
            vec![
                Proposed,
                Valid,
                That("the openai key is a ${VAR}", |o| {
                    text_at(o, "/providers/openai/api_key")
                        .is_some_and(|k| k.starts_with("${") && k.ends_with('}'))
                }),
                That("the pasted key is gone", |o| !mentions(o, "sk-proj")),
            ],
        ),
        // Impact questions.
        case(
            ResearchDesk,
            "what depends on the fast model?",
            vec![NoPatch(ReplyKind::Answer), Says(&["planner"])],
        ),
        case(
            SupportDesk,
            "what breaks if i remove the saftey middleware?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["triage", "billing", "generalist"]),
            ],
        ),
        case(
            LocalOllama,
            "if I delete the nomic model, what's affected?",
            vec![NoPatch(ReplyKind::Answer), Says(&["notes_index"])],
        ),
        // Description.
        case(
            SupportDesk,
            "walk me through this stack",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["triage", "billing", "generalist"]),
            ],
        ),
        // No edit: off-topic, ambiguous, impossible, thanks.
        case(
            Mini,
            "what's the best LLM right now?",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(ResearchDesk, "change that one", vec![That(NO_CHANGE, no_change)]),
        case(
            Mini,
            "crank the temperature up to 5",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            TplOllama,
            "thanks, that looks great!",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ------------------------------------------------------------- docker-compose
        case(
            ComposeNone,
            "spin up a web app with postgres 15 and redis, publish the app on port 3000",
            vec![
                Proposed,
                Valid,
                That("a postgres:15 service", |o| {
                    any_of(o, "/services", |s| {
                        s["image"].as_str().is_some_and(|i| i.starts_with("postgres:15"))
                    })
                }),
                That("a redis service", |o| {
                    any_of(o, "/services", |s| {
                        s["image"].as_str().is_some_and(|i| i.starts_with("redis"))
                    })
                }),
                That("host port 3000 published", |o| {
                    any_of(o, "/services", |s| {
                        s["ports"].as_array().is_some_and(|l| {
                            l.iter().any(|p| p.as_str().is_some_and(|p| p.starts_with("3000:")))
                        })
                    })
                }),
            ],
        ),
        case(
            ComposeNone,
            "prometheus + grafana stack, keep metrics for 30 days",
            vec![
                Proposed,
                Valid,
                That("retention of 30 days", |o| mentions(o, "retention.time=30d")),
            ],
        ),
        case(
            Web,
            "I need redis in here as a cache service",
            vec![
                Proposed,
                Valid,
                That("a redis service", |o| {
                    any_of(o, "/services", |s| {
                        s["image"].as_str().is_some_and(|i| i.starts_with("redis"))
                    })
                }),
                Present("/services/web"),
                Present("/services/db"),
            ],
        ),
        case(
            Web,
            "web should wait for the db to come up first",
            vec![
                Proposed,
                Valid,
                That("web depends on db", |o| names(o, "/services/web/depends_on", "db")),
            ],
        ),
        case(
            WebStack,
            "publish the api on port 3000 on the host",
            vec![Proposed, Valid, That("api publishes 3000:3000", api_publishes_3000)],
        ),
        case(
            WebStack,
            "remove the cache servce",
            vec![
                Proposed,
                Valid,
                Absent("/services/cache"),
                That("api no longer depends on cache", |o| {
                    !names(o, "/services/api/depends_on", "cache")
                }),
                That("api still depends on db", |o| names(o, "/services/api/depends_on", "db")),
            ],
        ),
        case(
            Monitoring,
            "rename grafana to dashboards",
            vec![
                Proposed,
                Valid,
                Absent("/services/grafana"),
                Is("/services/dashboards/image", json!("grafana/grafana:11.1.0")),
            ],
        ),
        case(
            TplWebApp,
            "set restart: always on all services",
            vec![
                Proposed,
                Valid,
                Is("/services/app/restart", json!("always")),
                Is("/services/db/restart", json!("always")),
                Is("/services/cache/restart", json!("always")),
            ],
        ),
        case(
            Web,
            "give db a healthcheck with pg_isready",
            vec![
                Proposed,
                Valid,
                Present("/services/db/healthcheck/test"),
                That("the check runs pg_isready", |o| {
                    o.get("/services/db/healthcheck/test")
                        .is_some_and(|t| t.to_string().contains("pg_isready"))
                }),
            ],
        ),
        case(
            ComposeTypos,
            "there are some typos in the keys, can you fix them",
            vec![
                Proposed,
                Valid,
                Is("/services/web/image", json!("nginx:1.27")),
                Is("/services/worker/environment/QUEUE_URL", json!("redis://queue:6379/0")),
            ],
        ),
        case(
            ComposeDangling,
            "whats wrong with this file?",
            vec![
                That(NO_CHANGE, no_change),
                Says(&["backend", "dbdata", "db_pasword"]),
            ],
        ),
        case(
            TplWebApp,
            "what depnds on db?",
            vec![NoPatch(ReplyKind::Answer), Says(&["app"])],
        ),
        case(
            TplMonitoring,
            "limit grafana to 512MB of memory",
            vec![Proposed, Valid, That("grafana limited to 512 MB", grafana_512)],
        ),
        case(
            WebStack,
            "set NODE_ENV to staging on the api",
            vec![
                Proposed,
                Valid,
                That("api NODE_ENV=staging", |o| env_has(o, "api", "NODE_ENV", "staging")),
            ],
        ),
        case(Web, "can you make it faster?", vec![That(NO_CHANGE, no_change)]),
        // ------------------------------------------------------------- github-actions
        case(
            ActionsNone,
            "node ci with pnpm, test on node 18 and 20",
            vec![
                Proposed,
                Valid,
                That("pnpm used", |o| mentions(o, "pnpm")),
                That("a matrix of node 18 and 20", node_18_and_20),
            ],
        ),
        case(
            ActionsNone,
            "rust CI for linux, mac and windows, no clippy",
            vec![
                Proposed,
                Valid,
                That("all three systems", |o| {
                    mentions(o, "ubuntu-latest")
                        && mentions(o, "macos-latest")
                        && mentions(o, "windows-latest")
                }),
                That("no clippy run", |o| !mentions(o, "cargo clippy")),
            ],
        ),
        case(
            ActionsNone,
            "release wokflow for binary trellis-cli, no docker image",
            vec![
                Proposed,
                Valid,
                That("builds trellis-cli", |o| mentions(o, "--bin trellis-cli")),
                That("no image pushed", |o| !mentions(o, "build-push-action")),
            ],
        ),
        case(
            Flow,
            "trigger this on PRs too",
            vec![Proposed, Valid, Present("/on/pull_request"), Present("/on/push")],
        ),
        case(
            Flow,
            "add a test job running cargo test after build",
            vec![
                Proposed,
                Valid,
                That("test needs build", |o| names(o, "/jobs/test/needs", "build")),
                That("test runs cargo test", |o| runs(o, "test", "cargo test")),
            ],
        ),
        case(
            CiNode,
            "lint can take up to 20 minutes",
            vec![Proposed, Valid, Is("/jobs/lint/timeout-minutes", json!(20))],
        ),
        case(
            CiNode,
            "stop testing on node 18",
            vec![
                Proposed,
                Valid,
                Lacks("/jobs/test/strategy/matrix/node", json!(18)),
                Holds("/jobs/test/strategy/matrix/node", json!(20)),
                Holds("/jobs/test/strategy/matrix/node", json!(22)),
            ],
        ),
        case(
            Nightly,
            "move the nightly run to 4am, every day of the week",
            vec![
                Proposed,
                Valid,
                That("cron at 04:00 every day", |o| {
                    matches!(
                        text_at(o, "/on/schedule/0/cron"),
                        Some("0 4 * * *" | "0 4 * * 0-6" | "0 4 * * 1-7" | "0 4 * * 0-7")
                    )
                }),
            ],
        ),
        case(
            DanglingNeeds,
            "fix the job dependancies",
            vec![
                Proposed,
                Valid,
                That("deploy needs build", |o| names(o, "/jobs/deploy/needs", "build")),
            ],
        ),
        case(
            CiNode,
            "what happens if I delete the test job?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        case(
            Nightly,
            "describe this workflow",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["e2e", "deploy-staging", "notify"]),
            ],
        ),
        case(
            TplRustCi,
            "rename the fmt job to format",
            vec![
                Proposed,
                Valid,
                Present("/jobs/format"),
                Absent("/jobs/fmt"),
                That("test needs format", |o| names(o, "/jobs/test/needs", "format")),
            ],
        ),
        case(Flow, "whats the weather in berlin", vec![That(NO_CHANGE, no_change)]),
        case(
            TplRelease,
            "the workflow needs id-token: write",
            vec![
                Proposed,
                Valid,
                Is("/permissions/id-token", json!("write")),
                Is("/permissions/contents", json!("write")),
            ],
        ),
        // ------------------------------------------------------------- otel-collector
        case(
            OtelNone,
            "traces collector that sends to jaeger:4317, keep 10% of traces",
            vec![
                Proposed,
                Valid,
                That("an exporter to jaeger:4317", |o| {
                    any_of(o, "/exporters", |e| e["endpoint"] == "jaeger:4317")
                }),
                That("10 percent sampled", |o| {
                    any_of(o, "/processors", |p| p["sampling_percentage"].as_f64() == Some(10.0))
                }),
            ],
        ),
        case(
            OtelNone,
            "metrics collector scraping localhost:9100 and app:8080 every 15s",
            vec![
                Proposed,
                Valid,
                That("both targets scraped", |o| {
                    mentions(o, "localhost:9100") && mentions(o, "app:8080")
                }),
                That("a 15s interval", |o| mentions(o, "\"15s\"")),
            ],
        ),
        case(
            Collector,
            "batch the traces before exporting",
            vec![
                Proposed,
                Valid,
                Present("/processors/batch"),
                Holds("/service/pipelines/traces/processors", json!("batch")),
                Holds("/service/pipelines/traces/processors", json!("memory_limiter")),
            ],
        ),
        case(
            Collector,
            "I also want logs: otlp in, debug out",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/logs/receivers", json!("otlp")),
                Holds("/service/pipelines/logs/exporters", json!("debug")),
                Present("/service/pipelines/traces"),
            ],
        ),
        case(
            Gateway,
            "we don't need the debug exporter anymore",
            vec![
                Proposed,
                Valid,
                Absent("/exporters/debug"),
                Lacks("/service/pipelines/logs/exporters", json!("debug")),
                Holds("/service/pipelines/logs/exporters", json!("otlp/vendor")),
            ],
        ),
        case(
            TplTraces,
            "raise the memroy limit to 1 GB",
            vec![
                Proposed,
                Valid,
                That("limit_mib is 1024 or 1000", |o| {
                    matches!(
                        num(o, "/processors/memory_limiter/limit_mib"),
                        Some(x) if x == 1024.0 || x == 1000.0
                    )
                }),
            ],
        ),
        case(
            OtelAgent,
            "collect host metrics every minute",
            vec![
                Proposed,
                Valid,
                That("hostmetrics every 60s", |o| {
                    matches!(
                        text_at(o, "/receivers/hostmetrics/collection_interval"),
                        Some("60s" | "1m" | "1m0s")
                    )
                }),
            ],
        ),
        case(
            OtelDangling,
            "the pipelines reference things that don't exist, please repair",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
                Holds("/service/pipelines/traces/processors", json!("batch")),
                Holds("/service/extensions", json!("health_check")),
            ],
        ),
        case(
            Gateway,
            "where is the resource processor used?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["traces", "metrics", "logs"]),
            ],
        ),
        case(
            OtelAgent,
            "what does this collector do",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["prometheusremotewrite", "otlphttp/loki"]),
            ],
        ),
        case(
            TplMetrics,
            "change the environment attribute to staging",
            vec![
                Proposed,
                Valid,
                Is("/processors/resource/attributes/0/value", json!("staging")),
            ],
        ),
        case(
            Collector,
            "enable the http protocol on the otlp reciever too",
            vec![
                Proposed,
                Valid,
                Present("/receivers/otlp/protocols/http"),
                Present("/receivers/otlp/protocols/grpc"),
            ],
        ),
        case(
            TplTraces,
            "point the exporter at otel.example.com:4317",
            vec![
                Proposed,
                Valid,
                Is("/exporters/otlp~1backend/endpoint", json!("otel.example.com:4317")),
            ],
        ),
        case(
            Gateway,
            "is otel better than datadog?",
            vec![That(NO_CHANGE, no_change)],
        ),
    ]
}

/// The misses of the first run, kept by their text.
fn known_gaps() -> Vec<&'static str> {
    vec![]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 16",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 16, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
