//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting before it was run against the engine
//! (commit 445e2f1), without reading the engine, in the styles people type in the chat
//! panel beside the canvas (plain, terse, chatty, misspelt, questions that are edits),
//! over every intent of the offline engine. Judged by the document each proposal makes,
//! and by the names an answer gives for questions, never by the reply's wording.
//!
//! 86 requests: 43 agent-stack, 15 docker-compose, 14 github-actions, 14 otel-collector.
//!
//! First try: 67/86 (77.9%) — agent-stack 36/43, docker-compose 12/15, github-actions
//! 10/14, otel-collector 9/14. No expectation was corrected after the run: every failure
//! was checked against its fixture, template and schema and is the engine's. The misses are
//! listed by their text and run by the ignored known-gaps test; 15 of the 19 pass since
//! (among them "should also be able to", "retry up to 6 times", "5 minuts", "tokens per
//! reply", "cache responses for 10 minutes", a health check's command, a remark before a
//! removal, a port moved "instead", write access to pull requests): 82/86.

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

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    const NO_CHANGE: &str = "no patch and not a proposal";
    vec![
        // ============================================================ agent stacks
        // ------------------------------------------------------------ templates
        case(
            None,
            "I'd like a claude writing assistant, no web search, max tokens 2000",
            vec![
                Proposed,
                Valid,
                That("no web search tool", |o| !mentions(o, "web_search")),
                That("a claude model", |o| {
                    any_of(o, "/models", |m| {
                        m["name"].as_str().is_some_and(|n| n.contains("claude"))
                    })
                }),
                That("max tokens 2000", |o| {
                    any_of(o, "/models", |m| m["max_tokens"] == json!(2000))
                }),
            ],
        ),
        case(
            None,
            "support bot for Acme Corp that refuses to discuss crypto and politics",
            vec![
                Proposed,
                Valid,
                That("the company in the instructions", |o| mentions(o, "Acme Corp")),
                That("crypto and politics refused", |o| {
                    any_of(o, "/middleware", |m| {
                        m["denied_topics"]
                            .as_array()
                            .is_some_and(|t| t.contains(&json!("crypto")) && t.contains(&json!("politics")))
                    })
                }),
            ],
        ),
        case(
            None,
            "production openai stack, 200 requests per minute, cache responses for 10 minutes",
            vec![
                Proposed,
                Valid,
                That("200 requests a minute", |o| {
                    any_of(o, "/middleware", |m| m["requests_per_minute"] == json!(200))
                }),
                That("a 600 s cache", |o| {
                    any_of(o, "/middleware", |m| {
                        m["type"] == json!("cache") && m["ttl_s"] == json!(600)
                    })
                }),
            ],
        ),
        case(
            None,
            "RAG over our handbook using text-embedding-3-large with 3072 dimensions",
            vec![
                Proposed,
                Valid,
                That("the embedding model", |o| {
                    any_of(o, "/memory", |m| {
                        m["type"] == json!("vector") && m["dimensions"] == json!(3072)
                    })
                }),
                That("text-embedding-3-large embeds", |o| {
                    any_of(o, "/memory", |m| m["type"] == json!("vector"))
                        && o.get("/memory")
                            .and_then(Value::as_object)
                            .is_some_and(|m| {
                                m.values().any(|mem| {
                                    mem["embedding_model"].as_str().is_some_and(|e| {
                                        o.after["models"][e]["name"]
                                            == json!("text-embedding-3-large")
                                    })
                                })
                            })
                }),
                That("the answer model is no embedding model", |o| {
                    o.get("/agents")
                        .and_then(Value::as_object)
                        .is_some_and(|a| {
                            a.keys().all(|name| {
                                !agent_model_is(o, name, "embedding")
                            })
                        })
                }),
            ],
        ),
        case(
            None,
            "LM Studio server on http://localhost:1234/v1 running qwen2.5-7b-instruct",
            vec![
                Proposed,
                Valid,
                That("the server's address", |o| {
                    any_of(o, "/providers", |p| {
                        p["base_url"] == json!("http://localhost:1234/v1")
                    })
                }),
                That("the model", |o| {
                    any_of(o, "/models", |m| m["name"] == json!("qwen2.5-7b-instruct"))
                }),
            ],
        ),
        // ------------------------------------------------------------ add
        case(
            LocalOllama,
            "add a web browser tool",
            vec![
                Proposed,
                Valid,
                That("a builtin web_browser", |o| {
                    any_of(o, "/tools", |t| {
                        t["type"] == json!("builtin") && t["name"] == json!("web_browser")
                    })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "add a guardrails middlware that blocks personal data",
            vec![
                Proposed,
                Valid,
                That("guardrails blocking PII", |o| {
                    any_of(o, "/middleware", |m| {
                        m["type"] == json!("guardrails") && m["block_pii"] == json!(true)
                    })
                }),
            ],
        ),
        case(
            SupportDesk,
            "new agent escalations on the agent model with access to the tickets tool",
            vec![
                Proposed,
                Valid,
                Is("/agents/escalations/model", json!("agent")),
                Holds("/agents/escalations/tools", json!("tickets")),
            ],
        ),
        case(
            TplAnthropic,
            "add an sqlite memory at ./data/writer.db",
            vec![
                Proposed,
                Valid,
                That("a sqlite memory at the path", |o| {
                    any_of(o, "/memory", |m| {
                        m["type"] == json!("sqlite") && m["path"] == json!("./data/writer.db")
                    })
                }),
            ],
        ),
        // ------------------------------------------------------------ remove
        case(
            LocalOllama,
            "delet the calc tool",
            vec![
                Proposed,
                Valid,
                Absent("/tools/calc"),
                Lacks("/agents/librarian/tools", json!("calc")),
                Holds("/agents/librarian/tools", json!("files")),
            ],
        ),
        case(
            TplProduction,
            "we don't need audit logging anymore",
            vec![
                Proposed,
                Valid,
                Absent("/middleware/audit_log"),
                Lacks("/agents/assistant/middleware", json!("audit_log")),
                Present("/middleware/tracing"),
            ],
        ),
        case(
            ResearchDesk,
            "remove the papers memory",
            vec![
                Proposed,
                Valid,
                Absent("/memory/papers"),
                That("the researcher no longer uses it", |o| {
                    o.get("/agents/researcher/memory") != Some(&json!("papers"))
                }),
                Present("/agents/researcher"),
            ],
        ),
        case(
            TplSupport,
            "take the rate limit off the support agent",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/support/middleware", json!("rate_limit")),
                Holds("/agents/support/middleware", json!("guardrails")),
                Holds("/agents/support/middleware", json!("audit_log")),
            ],
        ),
        // ------------------------------------------------------------ rename
        case(
            LocalOllama,
            "rename the librarian to archivist",
            vec![
                Proposed,
                Valid,
                Present("/agents/archivist"),
                Absent("/agents/librarian"),
                Is("/agents/archivist/memory", json!("notes_index")),
            ],
        ),
        case(
            ResearchDesk,
            "call the smart model 'strong' instead",
            vec![
                Proposed,
                Valid,
                Present("/models/strong"),
                Absent("/models/smart"),
                Is("/agents/researcher/model", json!("strong")),
            ],
        ),
        case(
            TplOllama,
            "rename memory chat to history",
            vec![
                Proposed,
                Valid,
                Present("/memory/history"),
                Absent("/memory/chat"),
                Is("/agents/assistant/memory", json!("history")),
            ],
        ),
        // ------------------------------------------------------------ connect
        case(
            TplResearch,
            "let the writer search the web too",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/tools", json!("web_search")),
                Holds("/agents/researcher/tools", json!("web_search")),
            ],
        ),
        case(
            SupportDesk,
            "generalist should also be able to look up invoices",
            vec![
                Proposed,
                Valid,
                Holds("/agents/generalist/tools", json!("lookup_invoice")),
                Holds("/agents/generalist/tools", json!("tickets")),
            ],
        ),
        case(
            LocalOllama,
            "chat agent should use the notes index as its memory",
            vec![
                Proposed,
                Valid,
                Is("/agents/chat/memory", json!("notes_index")),
            ],
        ),
        // ------------------------------------------------------------ set
        case(
            SupportDesk,
            "set top p on the agent model to 0.95",
            vec![Proposed, Valid, Is("/models/agent/top_p", json!(0.95))],
        ),
        case(
            ResearchDesk,
            "the writer model should allow up to 16000 tokens per reply",
            vec![Proposed, Valid, Is("/models/writer/max_tokens", json!(16000))],
        ),
        case(
            LocalOllama,
            "give ollama a 300 second timeout",
            vec![Proposed, Valid, Is("/providers/ollama/timeout_s", json!(300))],
        ),
        case(
            TplSupport,
            "stop blocking PII",
            vec![
                Proposed,
                Valid,
                Is("/middleware/guardrails/block_pii", json!(false)),
                Holds("/agents/support/middleware", json!("guardrails")),
            ],
        ),
        case(
            TplProduction,
            "retry up to 6 times",
            vec![
                Proposed,
                Valid,
                That("6 retries (6 or 7 attempts)", |o| {
                    let a = o.get("/middleware/retry/max_attempts");
                    a == Some(&json!(6)) || a == Some(&json!(7))
                }),
            ],
        ),
        case(
            TplRag,
            "fetch 10 pasages per question",
            vec![Proposed, Valid, Is("/memory/knowledge/top_k", json!(10))],
        ),
        case(
            Mini,
            "make the assistant's answers more deterministic",
            vec![
                Proposed,
                Valid,
                That("a lower temperature", |o| {
                    effective_temperature(o, "assistant").is_some_and(|t| t < 0.5)
                }),
            ],
        ),
        case(
            TplReview,
            "point the file server at /home/me/project instead",
            vec![
                Proposed,
                Valid,
                Holds("/tools/files/args", json!("/home/me/project")),
                Lacks("/tools/files/args", json!("/workspace")),
                Holds("/tools/files/args", json!("@modelcontextprotocol/server-filesystem")),
            ],
        ),
        // ------------------------------------------------------------ middleware on all
        case(
            ResearchDesk,
            "add response caching to every agent",
            vec![
                Proposed,
                Valid,
                That("every agent caches", |o| all_agents_have(o, "cache")),
            ],
        ),
        case(
            TplRag,
            "turn on tracing for all agents, send to http://collector:4318",
            vec![
                Proposed,
                Valid,
                That("every agent traced", |o| all_agents_have(o, "tracing")),
                That("the endpoint", |o| {
                    any_of(o, "/middleware", |m| {
                        m["type"] == json!("tracing")
                            && m["endpoint"] == json!("http://collector:4318")
                    })
                }),
            ],
        ),
        // ------------------------------------------------------------ errors
        case(
            ConditionalRequired,
            "why is this red?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["together", "weather", "local"]),
            ],
        ),
        case(
            OutOfRange,
            "fix the numbers that are out of range",
            vec![
                Proposed,
                Valid,
                Present("/agents/storyteller"),
                Present("/models/creative"),
            ],
        ),
        case(
            Cycle,
            "break the delegation cycle",
            vec![
                Proposed,
                Valid,
                Present("/agents/planner"),
                Present("/agents/researcher"),
                Present("/agents/reviewer"),
            ],
        ),
        case(
            MissingModel,
            "what's wrong with this file?",
            vec![NoPatch(ReplyKind::Answer), Says(&["writer", "model"])],
        ),
        // ------------------------------------------------------------ impact, describe
        case(
            SupportDesk,
            "what would break if I deleted the azure provder?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["billing", "generalist"]),
            ],
        ),
        case(
            ResearchDesk,
            "who uses the retry middleware?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["planner", "researcher"]),
            ],
        ),
        case(
            LocalOllama,
            "give me a quick overview of this setup",
            vec![NoPatch(ReplyKind::Answer), Says(&["librarian", "chat"])],
        ),
        case(
            TplSupport,
            "what tools does the support agent have?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["lookup_order", "open_ticket"]),
            ],
        ),
        // ------------------------------------------------------------ environments
        case(
            ResearchDesk,
            "in prod, set the planner's max iterations to 10",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/prod/overrides/agents/planner/max_iterations",
                    json!(10),
                ),
                Is("/agents/planner/max_iterations", json!(20)),
                Is(
                    "/environments/prod/overrides/middleware/audit_log/level",
                    json!("warn"),
                ),
            ],
        ),
        case(
            SupportDesk,
            "for staging, raise the rate limit to 2000 requests per minute",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/staging/overrides/middleware/limits/requests_per_minute",
                    json!(2000),
                ),
                Is("/middleware/limits/requests_per_minute", json!(600)),
            ],
        ),
        case(
            TplEnvironments,
            "in dev, set temperature of main to 0.9",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/dev/overrides/models/main/temperature",
                    json!(0.9),
                ),
                Is("/models/main/temperature", json!(0.4)),
                Is(
                    "/environments/dev/overrides/models/main/name",
                    json!("llama3.1"),
                ),
            ],
        ),
        case(
            TplEnvironments,
            "what's different in prod?",
            vec![NoPatch(ReplyKind::Answer), Says(&["300", "0.1"])],
        ),
        // ------------------------------------------------------------ out of scope
        case(
            Mini,
            "what's the weather in Berlin tomorrow?",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            TplProduction,
            "deploy this to kubernetes for me",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ============================================================ docker compose
        case(
            ComposeNone,
            "prometheus and grafana, grafana on port 3100, keep metrics for 30 days",
            vec![
                Proposed,
                Valid,
                Holds("/services/grafana/ports", json!("3100:3000")),
                That("30 days of retention", |o| {
                    list_has(o, "/services/prometheus/command", "retention.time=30d")
                }),
            ],
        ),
        case(
            ComposeNone,
            "caddy reverse proxy for shop.example.org, certificate emails to ops@example.org",
            vec![
                Proposed,
                Valid,
                That("the domain", |o| env_has(o, "proxy", "DOMAIN", "shop.example.org")),
                That("the e-mail", |o| {
                    env_has(o, "proxy", "ACME_EMAIL", "ops@example.org")
                }),
            ],
        ),
        case(
            ComposeNone,
            "web app with postgres 15 and redis, db user shopper",
            vec![
                Proposed,
                Valid,
                Is("/services/db/image", json!("postgres:15")),
                That("the user", |o| env_has(o, "db", "POSTGRES_USER", "shopper")),
                Present("/services/cache"),
            ],
        ),
        case(
            WebStack,
            "add a healthcheck to the cache service runing redis-cli ping",
            vec![
                Proposed,
                Valid,
                That("the test runs redis-cli ping", |o| {
                    o.get("/services/cache/healthcheck/test")
                        .map(Value::to_string)
                        .is_some_and(|t| t.contains("redis-cli") && t.contains("ping"))
                }),
            ],
        ),
        case(
            Web,
            "add an adminer service on port 8081",
            vec![
                Proposed,
                Valid,
                That("an adminer image", |o| {
                    o.get("/services/adminer/image")
                        .and_then(Value::as_str)
                        .is_some_and(|i| i.starts_with("adminer"))
                }),
                That("published on 8081", |o| {
                    list_has(o, "/services/adminer/ports", "8081")
                }),
            ],
        ),
        case(
            Monitoring,
            "remove cadvsior",
            vec![
                Proposed,
                Valid,
                Absent("/services/cadvisor"),
                Present("/services/prometheus"),
            ],
        ),
        case(
            WebStack,
            "rename the cache service to redis",
            vec![
                Proposed,
                Valid,
                Present("/services/redis"),
                Absent("/services/cache"),
                That("api waits for redis", |o| {
                    names(o, "/services/api/depends_on", "redis")
                }),
            ],
        ),
        case(
            Monitoring,
            "limit grafana to 1 gig of memory",
            vec![
                Proposed,
                Valid,
                That("a 1 GiB limit", |o| {
                    o.get("/services/grafana/deploy/resources/limits/memory")
                        .is_some_and(|m| {
                            ["1g", "1G", "1gb", "1GB", "1Gb", "1024m", "1024M", "1024mb"]
                                .iter()
                                .any(|s| m == &json!(s))
                                || m == &json!(1073741824u64)
                        })
                }),
            ],
        ),
        case(
            TplProxy,
            "publish https on 8443 instead",
            vec![
                Proposed,
                Valid,
                Holds("/services/proxy/ports", json!("8443:443")),
                Lacks("/services/proxy/ports", json!("443:443")),
                Holds("/services/proxy/ports", json!("80:80")),
            ],
        ),
        case(
            ComposeDangling,
            "repair the references that don't resolve",
            vec![Proposed, Valid, Present("/services/db")],
        ),
        case(
            ComposeTypos,
            "why doesn't this validate?",
            vec![NoPatch(ReplyKind::Answer), Says(&["imag", "enviroment"])],
        ),
        case(
            WebStack,
            "if I take down the cache, which services are affected?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            TplMonitoring,
            "what's in this file?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["prometheus", "grafana", "node-exporter"]),
            ],
        ),
        case(
            Web,
            "set TZ=UTC on both services",
            vec![
                Proposed,
                Valid,
                That("web has TZ", |o| env_has(o, "web", "TZ", "UTC")),
                That("db has TZ", |o| env_has(o, "db", "TZ", "UTC")),
                That("db keeps its password", |o| {
                    env_has(o, "db", "POSTGRES_PASSWORD", "${PG_PASS}")
                }),
            ],
        ),
        case(
            Web,
            "how do I install docker on ubuntu?",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ============================================================ github actions
        case(
            ActionsNone,
            "rust ci on ubuntu and macos using the beta toolchain, skip clippy",
            vec![
                Proposed,
                Valid,
                Holds("/jobs/test/strategy/matrix/os", json!("ubuntu-latest")),
                Holds("/jobs/test/strategy/matrix/os", json!("macos-latest")),
                Absent("/jobs/clippy"),
                That("the beta toolchain", |o| mentions(o, "\"toolchain\":\"beta\"")),
            ],
        ),
        case(
            ActionsNone,
            "node ci with pnpm on node 18 and 20, no lint",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/lint"),
                Holds("/jobs/test/strategy/matrix/node", json!("18")),
                Holds("/jobs/test/strategy/matrix/node", json!("20")),
                That("pnpm", |o| runs(o, "test", "pnpm")),
            ],
        ),
        case(
            ActionsNone,
            "release workflow for tags like release-*, binary called trellis, as a draft",
            vec![
                Proposed,
                Valid,
                Holds("/on/push/tags", json!("release-*")),
                That("builds the trellis binary", |o| runs(o, "build", "--bin trellis")),
                That("a draft release", |o| runs(o, "release", "--draft")),
            ],
        ),
        case(
            Flow,
            "also run on pull requests",
            vec![
                Proposed,
                Valid,
                Present("/on/pull_request"),
                Holds("/on/push/branches", json!("main")),
            ],
        ),
        case(
            Flow,
            "add a test job that runs cargo test after build",
            vec![
                Proposed,
                Valid,
                That("test needs build", |o| names(o, "/jobs/test/needs", "build")),
                That("test runs cargo test", |o| runs(o, "test", "cargo test")),
            ],
        ),
        case(
            CiNode,
            "drop node 18 from the test matirx",
            vec![
                Proposed,
                Valid,
                Lacks("/jobs/test/strategy/matrix/node", json!(18)),
                Holds("/jobs/test/strategy/matrix/node", json!(20)),
                Holds("/jobs/test/strategy/matrix/node", json!(22)),
            ],
        ),
        case(
            CiNode,
            "the lint job should time out after 5 minuts",
            vec![Proposed, Valid, Is("/jobs/lint/timeout-minutes", json!(5))],
        ),
        case(
            Nightly,
            "run it at 4am every day instead",
            vec![
                Proposed,
                Valid,
                Is("/on/schedule/0/cron", json!("0 4 * * *")),
                Absent("/on/schedule/1"),
                Present("/on/workflow_dispatch"),
            ],
        ),
        case(
            DanglingNeeds,
            "what's wrong here?",
            vec![NoPatch(ReplyKind::Answer), Says(&["biuld", "lint"])],
        ),
        case(
            TplRelease,
            "we don't publish container images, remove the image job",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/image"),
                Present("/jobs/release"),
                Present("/jobs/build"),
            ],
        ),
        case(
            CiNode,
            "what happens if the lint job is removed?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        case(
            CiNode,
            "give the workflow write access to pull requests",
            vec![
                Proposed,
                Valid,
                Is("/permissions/pull-requests", json!("write")),
                Is("/permissions/contents", json!("read")),
            ],
        ),
        case(
            TplNodeCi,
            "summarise this workflow",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["lint", "test", "build"]),
            ],
        ),
        case(
            Flow,
            "how much do github runners cost per minute?",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ============================================================ otel collector
        case(
            OtelNone,
            "collector for traces, send them to tempo.observability:4317 over tls, keep 5 percent",
            vec![
                Proposed,
                Valid,
                That("the backend", |o| {
                    any_of(o, "/exporters", |e| {
                        e["endpoint"] == json!("tempo.observability:4317")
                    })
                }),
                That("with TLS", |o| {
                    any_of(o, "/exporters", |e| {
                        e["endpoint"] == json!("tempo.observability:4317")
                            && e["tls"]["insecure"] != json!(true)
                    })
                }),
                That("5 percent", |o| {
                    any_of(o, "/processors", |p| p["sampling_percentage"] == json!(5))
                }),
            ],
        ),
        case(
            OtelNone,
            "metrics collector scraping app:8080 and db-exporter:9187 every 15s, environment staging",
            vec![
                Proposed,
                Valid,
                That("both targets", |o| mentions(o, "app:8080") && mentions(o, "db-exporter:9187")),
                Is("/receivers/hostmetrics/collection_interval", json!("15s")),
                That("staging", |o| {
                    o.get("/processors/resource/attributes/0/value") == Some(&json!("staging"))
                }),
            ],
        ),
        case(
            Collector,
            "add the zipkin receiver to traces",
            vec![
                Proposed,
                Valid,
                Present("/receivers/zipkin"),
                Holds("/service/pipelines/traces/receivers", json!("zipkin")),
                Holds("/service/pipelines/traces/receivers", json!("otlp")),
            ],
        ),
        case(
            Collector,
            "also export traces over otlphttp to https://otlp.example.com",
            vec![
                Proposed,
                Valid,
                That("an otlphttp exporter in traces", |o| {
                    o.get("/service/pipelines/traces/exporters")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().filter_map(Value::as_str).any(|n| {
                                n.starts_with("otlphttp")
                                    && o.after["exporters"][n]["endpoint"]
                                        == json!("https://otlp.example.com")
                            })
                        })
                }),
                Holds("/service/pipelines/traces/exporters", json!("debug")),
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
                Holds("/service/extensions", json!("health_check")),
            ],
        ),
        case(
            OtelAgent,
            "scrape host metrics every minute",
            vec![
                Proposed,
                Valid,
                That("a one-minute interval", |o| {
                    let v = o.get("/receivers/hostmetrics/collection_interval");
                    v == Some(&json!("1m")) || v == Some(&json!("60s"))
                }),
            ],
        ),
        case(
            TplTraces,
            "raise samplng to 50%",
            vec![
                Proposed,
                Valid,
                Is(
                    "/processors/probabilistic_sampler/sampling_percentage",
                    json!(50),
                ),
            ],
        ),
        case(
            TplMetrics,
            "rename the prometheus receiver to prometheus/apps",
            vec![
                Proposed,
                Valid,
                Present("/receivers/prometheus~1apps"),
                Absent("/receivers/prometheus"),
                Holds(
                    "/service/pipelines/metrics/receivers",
                    json!("prometheus/apps"),
                ),
            ],
        ),
        case(
            Gateway,
            "set the collector's own log level to debug",
            vec![
                Proposed,
                Valid,
                Is("/service/telemetry/logs/level", json!("debug")),
                Present("/exporters/debug"),
            ],
        ),
        case(
            OtelDangling,
            "what's broken?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["healthcheck", "batch/2", "otlp/backend"]),
            ],
        ),
        case(
            OtelAgent,
            "where do the logs go?",
            vec![NoPatch(ReplyKind::Answer), Says(&["otlphttp/loki"])],
        ),
        case(
            Gateway,
            "put the debug exporter on the traces and metrics piplines too",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/traces/exporters", json!("debug")),
                Holds("/service/pipelines/metrics/exporters", json!("debug")),
                Holds("/service/pipelines/logs/exporters", json!("debug")),
                Holds("/service/pipelines/traces/exporters", json!("otlp/vendor")),
            ],
        ),
        case(
            Collector,
            "I want detailed output from the debug exporter",
            vec![Proposed, Valid, Is("/exporters/debug/verbosity", json!("detailed"))],
        ),
        case(
            Collector,
            "is grafana better than kibana?",
            vec![That(NO_CHANGE, no_change)],
        ),
    ]
}

/// The misses of the first run, kept by their text.
fn known_gaps() -> Vec<&'static str> {
    vec![
        // Wrong edit: the release template without its draft parameter.
        "release workflow for tags like release-*, binary called trellis, as a draft",
        // Wrong edit: "over tls" left the exporter's tls.insecure at true.
        "collector for traces, send them to tempo.observability:4317 over tls, keep 5 percent",
        // Not understood (help): the filesystem server's folder argument.
        "point the file server at /home/me/project instead",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 13",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 13, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
