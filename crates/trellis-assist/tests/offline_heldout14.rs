//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting before it was run against the engine
//! (commit 4920d7b), without reading the engine, in the styles people type in the chat
//! panel beside the canvas (plain, terse, chatty, polite, misspelt, questions that are
//! edits), over every intent of the offline engine: setups from templates with
//! parameters, adding, removing, renaming and connecting components, values with units,
//! middleware across agents, explaining and fixing validation errors, impact questions,
//! descriptions, and requests that must change nothing. Judged by the document each
//! proposal makes, and by the names an answer gives for questions, never by the reply's
//! wording.
//!
//! 86 requests: 43 agent-stack, 15 docker-compose, 14 github-actions, 14 otel-collector.
//!
//! First try: 55/86 (64.0%) — agent-stack 25/43, docker-compose 10/15, github-actions
//! 11/14, otel-collector 9/14. No expectation was corrected after the run: every failure
//! was checked against its fixture, template and schema and is the engine's. The 31 misses
//! are listed by their text and run by the ignored known-gaps test; 25 of them pass since
//! (a remark before the change, "keep … for a week", "10 seconds" for a duration written as
//! text, GiB for a field counted in MiB, memory given to a service, a new component given
//! with its address, an option word for a new component, "evrey", statements such as "db
//! needs POSTGRES_DB set to shop", a port moved "instead", "half of the requests", "30
//! rounds" in a setup, an environment opening the request, running the containers refused):
//! 80/86.

use serde_json::{json, Value};

mod offline_support;

use offline_support::*;

/// Whether the number at a pointer is `x`.
fn num_is(o: &Outcome, pointer: &str, x: f64) -> bool {
    num(o, pointer).is_some_and(|v| (v - x).abs() < 1e-9)
}

/// The string at a pointer.
fn str_at<'a>(o: &'a Outcome, pointer: &str) -> Option<&'a str> {
    o.get(pointer).and_then(Value::as_str)
}

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    const NO_CHANGE: &str = "no patch and not a proposal";
    vec![
        // ------------------------------------------------------------------
        // agent-stack (43)
        // ------------------------------------------------------------------
        // Setups from templates, with parameters.
        case(
            None,
            "set me up a local assistant on ollama with qwen2.5, it should remember the last 50 messages",
            vec![
                That("the assistant runs qwen2.5", |o| {
                    agent_model(o, "assistant")
                        .and_then(|m| m.get("name"))
                        .and_then(Value::as_str)
                        == Some("qwen2.5")
                }),
                That("the chat memory keeps 50 messages", |o| {
                    num_is(o, "/memory/chat/max_messages", 50.0)
                }),
                Is("/providers/ollama/type", json!("ollama")),
                Valid,
            ],
        ),
        case(
            None,
            "i need a RAG setup over our docs using text-embedding-3-large, 3072 dimensions",
            vec![
                Is("/models/embed/name", json!("text-embedding-3-large")),
                That("the vector memory has 3072 dimensions", |o| {
                    num_is(o, "/memory/knowledge/dimensions", 3072.0)
                }),
                Is("/memory/knowledge/type", json!("vector")),
                Valid,
            ],
        ),
        case(
            None,
            "multi-agent reserch team please, no reviewer, and let the planner go up to 30 rounds",
            vec![
                Absent("/agents/reviewer"),
                Lacks("/agents/planner/delegates_to", json!("reviewer")),
                Holds("/agents/planner/delegates_to", json!("writer")),
                That("the planner runs up to 30 iterations", |o| {
                    num_is(o, "/agents/planner/max_iterations", 30.0)
                }),
                Valid,
            ],
        ),
        case(
            None,
            "support agent for Acme GmbH with guardrails, reject messages over 2000 characters",
            vec![
                That("guardrails cap input at 2000 characters", |o| {
                    num_is(o, "/middleware/guardrails/max_input_chars", 2000.0)
                }),
                That("the support prompt names Acme GmbH", |o| {
                    str_at(o, "/agents/support/system_prompt").is_some_and(|s| s.contains("Acme GmbH"))
                }),
                Is("/middleware/guardrails/type", json!("guardrails")),
                Valid,
            ],
        ),
        case(
            None,
            "claude based writing assistant without web search, temperature 0.3",
            vec![
                Is("/providers/anthropic/type", json!("anthropic")),
                That("no web search anywhere", |o| !mentions(o, "web_search")),
                That("the claude model runs at 0.3", |o| {
                    num_is(o, "/models/claude/temperature", 0.3)
                }),
                Present("/agents/writer"),
                Valid,
            ],
        ),
        case(
            None,
            "new agent stack with dev, staging and prod environments; prod capped at 100 requests a minute",
            vec![
                Present("/environments/dev"),
                Present("/environments/staging"),
                That("prod overrides the rate limit to 100", |o| {
                    num_is(
                        o,
                        "/environments/prod/overrides/middleware/rate_limit/requests_per_minute",
                        100.0,
                    )
                }),
                Valid,
            ],
        ),
        case(
            None,
            "production ready openai assistant, main model gpt-4.1, and trace half of the requests",
            vec![
                That("the assistant runs gpt-4.1", |o| {
                    agent_model(o, "assistant")
                        .and_then(|m| m.get("name"))
                        .and_then(Value::as_str)
                        == Some("gpt-4.1")
                }),
                That("tracing samples 0.5", |o| {
                    num_is(o, "/middleware/tracing/sample_rate", 0.5)
                }),
                Present("/middleware/cache"),
                Valid,
            ],
        ),
        // Adding components.
        case(
            ResearchDesk,
            "the researcher needs to do maths, give it a calculator",
            vec![
                That("the researcher has a builtin calculator", |o| {
                    names_one(o, "/agents/researcher/tools", "tools", |t| {
                        t.get("type") == Some(&json!("builtin"))
                            && t.get("name") == Some(&json!("calculator"))
                    })
                }),
                Holds("/agents/researcher/tools", json!("web_search")),
                Holds("/agents/researcher/tools", json!("arxiv")),
                Valid,
            ],
        ),
        case(
            Mini,
            "give the assistant a redis memmory at redis://cache:6379/1",
            vec![
                That("the assistant's memory is redis", |o| {
                    agent_memory_is(o, "assistant", "redis")
                }),
                That("the memory's url is redis://cache:6379/1", |o| {
                    follow(o, "/agents/assistant/memory", "memory")
                        .and_then(|m| m.get("url"))
                        == Some(&json!("redis://cache:6379/1"))
                }),
                Valid,
            ],
        ),
        case(
            ResearchDesk,
            "add a fact-checker agent on the smart model that the planner can delegate to",
            vec![
                That("the planner delegates to a new agent on smart", |o| {
                    o.get("/agents/planner/delegates_to")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().filter_map(Value::as_str).any(|n| {
                                n != "researcher"
                                    && n != "writer"
                                    && n.contains("check")
                                    && o.after.pointer(&format!("/agents/{n}/model"))
                                        == Some(&json!("smart"))
                            })
                        })
                }),
                Holds("/agents/planner/delegates_to", json!("researcher")),
                Valid,
            ],
        ),
        case(
            SupportDesk,
            "add an http tool called weather that does GET https://api.weather.example/v1/now",
            vec![
                Is("/tools/weather/type", json!("http")),
                Is("/tools/weather/url", json!("https://api.weather.example/v1/now")),
                That("the method is GET or left at its default", |o| {
                    o.get("/tools/weather/method").is_none_or(|m| m == "GET")
                }),
                Valid,
            ],
        ),
        case(
            LocalOllama,
            "hook up the github MCP server (npx -y @modelcontextprotocol/server-github) to the librarian",
            vec![
                That("the librarian has an mcp tool for server-github", |o| {
                    names_one(o, "/agents/librarian/tools", "tools", |t| {
                        t.get("type") == Some(&json!("mcp"))
                            && t.to_string().contains("@modelcontextprotocol/server-github")
                    })
                }),
                Holds("/agents/librarian/tools", json!("files")),
                Valid,
            ],
        ),
        // Removing.
        case(
            ResearchDesk,
            "we stopped using arxiv, delete that tool",
            vec![
                Absent("/tools/arxiv"),
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Holds("/agents/researcher/tools", json!("web_search")),
                Valid,
            ],
        ),
        case(
            SupportDesk,
            "remove the cache middleware, we dont need it anymore",
            vec![
                Absent("/middleware/cache"),
                Lacks("/agents/triage/middleware", json!("cache")),
                Holds("/agents/triage/middleware", json!("limits")),
                Present("/middleware/traces"),
                Valid,
            ],
        ),
        case(
            TplProduction,
            "take out the summarizer agent, we summarise client-side now",
            vec![
                Absent("/agents/summarizer"),
                Present("/agents/assistant"),
                Valid,
            ],
        ),
        // Renaming.
        case(
            ResearchDesk,
            "the notes memory should be called scratchpad",
            vec![
                Present("/memory/scratchpad"),
                Absent("/memory/notes"),
                Is("/agents/writer/memory", json!("scratchpad")),
                Valid,
            ],
        ),
        case(
            TplSupport,
            "call the support agent frontdesk instead",
            vec![
                Present("/agents/frontdesk"),
                Absent("/agents/support"),
                Is("/agents/frontdesk/model", json!("support")),
                Valid,
            ],
        ),
        // Connecting.
        case(
            ResearchDesk,
            "can you let the writer use web search as well?",
            vec![
                Holds("/agents/writer/tools", json!("web_search")),
                Valid,
            ],
        ),
        case(
            ResearchDesk,
            "the writer should be able to hand work back to the reseacher when it needs more sources",
            vec![
                Holds("/agents/writer/delegates_to", json!("researcher")),
                Valid,
            ],
        ),
        case(
            SupportDesk,
            "billing shouldn't issue refunds anymore, take the refund tool away from it",
            vec![
                Lacks("/agents/billing/tools", json!("refund")),
                Holds("/agents/billing/tools", json!("lookup_invoice")),
                Valid,
            ],
        ),
        // Values, with units.
        case(
            ResearchDesk,
            "make the smart model less random, like 0.1",
            vec![
                That("smart runs at 0.1", |o| num_is(o, "/models/smart/temperature", 0.1)),
                That("fast is untouched", |o| num_is(o, "/models/fast/temperature", 0.2)),
            ],
        ),
        case(
            TplProduction,
            "how about caching answers for 2 hours?",
            vec![That("the cache keeps answers 7200 s", |o| {
                num_is(o, "/middleware/cache/ttl_s", 7200.0)
            })],
        ),
        case(
            ResearchDesk,
            "keep the redis notes for a week",
            vec![That("the notes expire after 604800 s", |o| {
                num_is(o, "/memory/notes/ttl_s", 604800.0)
            })],
        ),
        case(
            LocalOllama,
            "ollama is slow on my laptop, set its timeout to 5 minutes",
            vec![That("the ollama provider waits 300 s", |o| {
                num_is(o, "/providers/ollama/timeout_s", 300.0)
            })],
        ),
        case(
            TplRag,
            "bump top_k to 12 on the knowlege memory",
            vec![That("the knowledge memory returns 12", |o| {
                num_is(o, "/memory/knowledge/top_k", 12.0)
            })],
        ),
        case(
            TplEnvironments,
            "in prod only trace 30 percent of requests",
            vec![
                That("prod samples 0.3", |o| {
                    num_is(
                        o,
                        "/environments/prod/overrides/middleware/tracing/sample_rate",
                        0.3,
                    )
                }),
                That("the base still samples everything", |o| {
                    num_is(o, "/middleware/tracing/sample_rate", 1.0)
                }),
                Valid,
            ],
        ),
        case(
            TplSupport,
            "add politics to the topics it won't discuss",
            vec![
                Holds("/middleware/guardrails/denied_topics", json!("politics")),
                Holds("/middleware/guardrails/denied_topics", json!("legal advice")),
                Valid,
            ],
        ),
        case(
            ResearchDesk,
            "we need the audit log to include the prompts for debugging",
            vec![Is("/middleware/audit_log/log_prompts", json!(true))],
        ),
        // Middleware across agents.
        case(
            ResearchDesk,
            "put a rate limit of 60 requests per minute on evrey agent",
            vec![
                That("every agent is rate limited", |o| all_agents_have(o, "rate_limit")),
                That("a rate limit of 60 per minute", |o| {
                    any_of(o, "/middleware", |m| {
                        m.get("type") == Some(&json!("rate_limit"))
                            && m.get("requests_per_minute").and_then(Value::as_f64) == Some(60.0)
                    })
                }),
                Valid,
            ],
        ),
        case(
            LocalOllama,
            "add debug logging to all agents",
            vec![
                That("every agent logs", |o| all_agents_have(o, "logging")),
                That("a logging middleware at debug", |o| {
                    any_of(o, "/middleware", |m| {
                        m.get("type") == Some(&json!("logging"))
                            && m.get("level") == Some(&json!("debug"))
                    })
                }),
                Valid,
            ],
        ),
        // Explaining and fixing validation errors.
        case(
            Dangling,
            "why is the copywriter agent flagged?",
            vec![
                That(NO_CHANGE, no_change),
                Says(&["gpt4o-writer", "calculater"]),
            ],
        ),
        case(
            Dangling,
            "copywriter points at a model and a tool that don't exist, fix it",
            vec![
                Is("/agents/copywriter/model", json!("writer")),
                Holds("/agents/copywriter/tools", json!("calculator")),
                Valid,
            ],
        ),
        case(
            EnumTypos,
            "fix the typos in the provider and memory types",
            vec![
                Is("/providers/openai/type", json!("openai")),
                Is("/memory/sessions/type", json!("redis")),
                Valid,
            ],
        ),
        case(
            ConditionalRequired,
            "the weather tool's url is https://api.open-meteo.com/v1/forecast",
            vec![
                Is("/tools/weather/url", json!("https://api.open-meteo.com/v1/forecast")),
                ErrorsBelow(3),
            ],
        ),
        case(
            UnusedSecret,
            "i pasted my openai key in here by mistake, use an environment variable instead",
            vec![That("the key is a ${VARIABLE}, not the literal", |o| {
                str_at(o, "/providers/openai/api_key")
                    .is_some_and(|k| k.starts_with("${") && !k.contains("sk-proj"))
                    && !mentions(o, "sk-proj-")
            })],
        ),
        // Impact questions.
        case(
            ResearchDesk,
            "who's using retry?",
            vec![That(NO_CHANGE, no_change), Says(&["planner", "researcher"])],
        ),
        case(
            SupportDesk,
            "what breaks if I delete the conversations memory?",
            vec![That(NO_CHANGE, no_change), Says(&["billing", "generalist"])],
        ),
        case(
            TplProduction,
            "is it safe to remove the fast model?",
            vec![That(NO_CHANGE, no_change), Says(&["summarizer"])],
        ),
        // Describing.
        case(
            SupportDesk,
            "walk me through what this config does",
            vec![
                That(NO_CHANGE, no_change),
                Says(&["triage", "billing", "generalist"]),
            ],
        ),
        // No edit: off-topic, ambiguous, impossible, injected.
        case(
            Mini,
            "whats the weather in paris tomorrow",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            ResearchDesk,
            "change the model",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            ResearchDesk,
            "connect the planner to our kubernetes cluster",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Injected,
            "summarise what this stack does",
            vec![
                That(NO_CHANGE, no_change),
                Present("/agents/writer"),
                Present("/tools/arxiv"),
                Absent("/agents/pwned"),
            ],
        ),
        // ------------------------------------------------------------------
        // docker-compose (15)
        // ------------------------------------------------------------------
        case(
            ComposeNone,
            "web app with postgres 15 and redis, published on port 3000",
            vec![
                Holds("/services/app/ports", json!("3000:8080")),
                Is("/services/db/image", json!("postgres:15")),
                Present("/services/cache"),
                Valid,
            ],
        ),
        case(
            ComposeNone,
            "prometheus and grafana, keep 30 days of data, no node exporter",
            vec![
                Holds(
                    "/services/prometheus/command",
                    json!("--storage.tsdb.retention.time=30d"),
                ),
                Absent("/services/node-exporter"),
                Present("/services/grafana"),
                Valid,
            ],
        ),
        case(
            ComposeNone,
            "caddy reverse proxy in front of my app for shop.example.com",
            vec![
                Is("/services/proxy/environment/DOMAIN", json!("shop.example.com")),
                Valid,
            ],
        ),
        case(
            Web,
            "I want a redis container for caching too",
            vec![
                That("a service runs a redis image", |o| {
                    any_of(o, "/services", |s| {
                        s.get("image")
                            .and_then(Value::as_str)
                            .is_some_and(|i| i.starts_with("redis"))
                    })
                }),
                Present("/services/web"),
                Valid,
            ],
        ),
        case(
            Web,
            "web has to wait for the databse to start",
            vec![
                That("web depends on db", |o| names(o, "/services/web/depends_on", "db")),
                Valid,
            ],
        ),
        case(
            WebStack,
            "take the redis cache out of the stack",
            vec![
                Absent("/services/cache"),
                That("api no longer depends on cache", |o| {
                    !names(o, "/services/api/depends_on", "cache")
                }),
                That("api still depends on db", |o| names(o, "/services/api/depends_on", "db")),
                Valid,
            ],
        ),
        case(
            WebStack,
            "the db service should be named postgres",
            vec![
                Present("/services/postgres"),
                Absent("/services/db"),
                That("api depends on postgres", |o| {
                    names(o, "/services/api/depends_on", "postgres")
                }),
                Valid,
            ],
        ),
        case(
            Monitoring,
            "give grafana 1GB of memory max",
            vec![
                That("grafana's memory limit is 1 GB", |o| {
                    match o.get("/services/grafana/deploy/resources/limits/memory") {
                        Some(Value::String(s)) => matches!(
                            s.to_lowercase().as_str(),
                            "1g" | "1gb" | "1024m" | "1024mb"
                        ),
                        Some(Value::Number(n)) => n.as_f64() == Some(1073741824.0),
                        _ => false,
                    }
                }),
                Valid,
            ],
        ),
        case(
            Web,
            "db needs POSTGRES_DB set to shop",
            vec![
                That("POSTGRES_DB=shop on db", |o| env_has(o, "db", "POSTGRES_DB", "shop")),
                That("the password is kept", |o| {
                    env_has(o, "db", "POSTGRES_PASSWORD", "${PG_PASS}")
                }),
            ],
        ),
        case(
            ComposeDangling,
            "why wont this compose file validate?",
            vec![
                That(NO_CHANGE, no_change),
                Says(&["backend", "dbdata", "db_pasword"]),
            ],
        ),
        case(
            ComposeDangling,
            "fix the mispelled volume and secret names",
            vec![
                Holds("/services/db/volumes", json!("db-data:/var/lib/mysql")),
                Holds("/services/db/secrets", json!("db_password")),
                ErrorsBelow(2),
            ],
        ),
        case(
            ComposeTypos,
            "fix the typos pls",
            vec![
                Is("/services/web/image", json!("nginx:1.27")),
                Is("/services/worker/environment/QUEUE_URL", json!("redis://queue:6379/0")),
                Valid,
            ],
        ),
        case(
            WebStack,
            "which services need the database?",
            vec![That(NO_CHANGE, no_change), Says(&["api"])],
        ),
        case(
            Monitoring,
            "publish prometheus on host port 9091 instead",
            vec![
                That("prometheus is published on 9091, not 9090", |o| {
                    o.get("/services/prometheus/ports")
                        .and_then(Value::as_array)
                        .is_some_and(|a| {
                            let published = |p: &Value| match p {
                                Value::String(s) => s.split(':').next().map(str::to_string),
                                Value::Object(m) => m.get("published").map(|v| match v {
                                    Value::String(s) => s.clone(),
                                    other => other.to_string(),
                                }),
                                _ => Option::None,
                            };
                            a.iter().any(|p| published(p).as_deref() == Some("9091"))
                                && !a.iter().any(|p| published(p).as_deref() == Some("9090"))
                        })
                }),
                Valid,
            ],
        ),
        case(
            Web,
            "could you start the containers on my server?",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ------------------------------------------------------------------
        // github-actions (14)
        // ------------------------------------------------------------------
        case(
            ActionsNone,
            "node CI using pnpm on node 18 and 20",
            vec![
                Is("/jobs/test/strategy/matrix/node", json!(["18", "20"])),
                That("the tests install with pnpm", |o| {
                    runs(o, "test", "pnpm install")
                }),
                Valid,
            ],
        ),
        case(
            ActionsNone,
            "rust ci on linux, mac and windows, skip clippy",
            vec![
                Holds("/jobs/test/strategy/matrix/os", json!("ubuntu-latest")),
                Holds("/jobs/test/strategy/matrix/os", json!("macos-latest")),
                Holds("/jobs/test/strategy/matrix/os", json!("windows-latest")),
                Absent("/jobs/clippy"),
                Valid,
            ],
        ),
        case(
            ActionsNone,
            "release workflow when I push a v* tag, binary is called mytool, no container image",
            vec![
                Holds("/on/push/tags", json!("v*")),
                Absent("/jobs/image"),
                That("the build builds mytool", |o| runs(o, "build", "--bin mytool")),
                Valid,
            ],
        ),
        case(
            Flow,
            "add a test job that runs cargo test after the build",
            vec![
                Present("/jobs/test"),
                That("test needs build", |o| names(o, "/jobs/test/needs", "build")),
                That("test runs cargo test", |o| runs(o, "test", "cargo test")),
                Valid,
            ],
        ),
        case(
            CiNode,
            "we lint in a pre-commit hook now, the lint job can go",
            vec![
                Absent("/jobs/lint"),
                That("build no longer needs lint", |o| {
                    !names(o, "/jobs/build/needs", "lint")
                }),
                That("build still needs test", |o| names(o, "/jobs/build/needs", "test")),
                Valid,
            ],
        ),
        case(
            Flow,
            "run it every night at 3am too",
            vec![
                Holds("/on/schedule", json!({ "cron": "0 3 * * *" })),
                Present("/on/push"),
                Valid,
            ],
        ),
        case(
            CiNode,
            "give the build job a 30 minute timout",
            vec![
                That("build times out after 30 minutes", |o| {
                    num_is(o, "/jobs/build/timeout-minutes", 30.0)
                }),
                Valid,
            ],
        ),
        case(
            Flow,
            "run the build on macos instead of ubuntu",
            vec![Is("/jobs/build/runs-on", json!("macos-latest")), Valid],
        ),
        case(
            DanglingNeeds,
            "why is deploy red",
            vec![That(NO_CHANGE, no_change), Says(&["biuld", "lint"])],
        ),
        case(
            DanglingNeeds,
            "fix deploy's needs",
            vec![
                That("deploy needs build", |o| names(o, "/jobs/deploy/needs", "build")),
                That("not biuld", |o| !names(o, "/jobs/deploy/needs", "biuld")),
                Valid,
            ],
        ),
        case(
            CiNode,
            "what happens if i remvoe the test job?",
            vec![That(NO_CHANGE, no_change), Says(&["build"])],
        ),
        case(
            Flow,
            "set CARGO_TERM_COLOR=always for the whole workflow",
            vec![Is("/env/CARGO_TERM_COLOR", json!("always")), Valid],
        ),
        case(
            Flow,
            "is github actions free for private repos?",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            TplRustCi,
            "switch the toolchain to nightly",
            vec![
                Is("/jobs/test/steps/1/with/toolchain", json!("nightly")),
                Is("/jobs/clippy/steps/1/with/toolchain", json!("nightly")),
                Valid,
            ],
        ),
        // ------------------------------------------------------------------
        // otel-collector (14)
        // ------------------------------------------------------------------
        case(
            OtelNone,
            "traces collector that sends to jaeger:4317 and samples 10%",
            vec![
                Is("/exporters/otlp~1backend/endpoint", json!("jaeger:4317")),
                That("the sampler keeps 10 percent", |o| {
                    num_is(o, "/processors/probabilistic_sampler/sampling_percentage", 10.0)
                }),
                Valid,
            ],
        ),
        case(
            OtelNone,
            "metrics collector scraping localhost:9100 and localhost:8080 every 15s, remote write to http://mimir:9009/api/v1/push",
            vec![
                Is("/receivers/hostmetrics/collection_interval", json!("15s")),
                Holds(
                    "/receivers/prometheus/config/scrape_configs/0/static_configs/0/targets",
                    json!("localhost:9100"),
                ),
                Holds(
                    "/receivers/prometheus/config/scrape_configs/0/static_configs/0/targets",
                    json!("localhost:8080"),
                ),
                Is(
                    "/exporters/prometheusremotewrite/endpoint",
                    json!("http://mimir:9009/api/v1/push"),
                ),
                Valid,
            ],
        ),
        case(
            Collector,
            "add a bacth processor",
            vec![
                Present("/processors/batch"),
                Holds("/service/pipelines/traces/processors", json!("batch")),
                Holds("/service/pipelines/traces/processors", json!("memory_limiter")),
                Valid,
            ],
        ),
        case(
            Collector,
            "also send traces to tempo:4317 over otlp",
            vec![
                That("the traces pipeline exports over otlp to tempo:4317", |o| {
                    o.get("/service/pipelines/traces/exporters")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().filter_map(Value::as_str).any(|n| {
                                (n == "otlp" || n.starts_with("otlp/"))
                                    && o.after
                                        .get("exporters")
                                        .and_then(|e| e.get(n))
                                        .and_then(|e| e.get("endpoint"))
                                        == Some(&json!("tempo:4317"))
                            })
                        })
                }),
                Holds("/service/pipelines/traces/exporters", json!("debug")),
                Valid,
            ],
        ),
        case(
            Gateway,
            "the debug exporter is noisy, get rid of it",
            vec![
                Absent("/exporters/debug"),
                Lacks("/service/pipelines/logs/exporters", json!("debug")),
                Holds("/service/pipelines/logs/exporters", json!("otlp/vendor")),
                Valid,
            ],
        ),
        case(
            Gateway,
            "we don't need pprof, take it out",
            vec![
                Lacks("/service/extensions", json!("pprof")),
                Holds("/service/extensions", json!("health_check")),
                Valid,
            ],
        ),
        case(
            Collector,
            "raise the memroy limit to 2 GiB",
            vec![
                That("the limiter allows 2048 MiB", |o| {
                    num_is(o, "/processors/memory_limiter/limit_mib", 2048.0)
                }),
                Valid,
            ],
        ),
        case(
            Gateway,
            "batch timeout should be 10 seconds",
            vec![Is("/processors/batch/timeout", json!("10s")), Valid],
        ),
        case(
            TplTraces,
            "keep half the traces",
            vec![That("the sampler keeps 50 percent", |o| {
                num_is(o, "/processors/probabilistic_sampler/sampling_percentage", 50.0)
            })],
        ),
        case(
            OtelDangling,
            "any idea why this collector config is invalid?",
            vec![
                That(NO_CHANGE, no_change),
                Says(&["healthcheck", "batch/2", "otlp/backend"]),
            ],
        ),
        case(
            OtelDangling,
            "fix all the dangling refs",
            vec![
                Valid,
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
                Holds("/service/pipelines/traces/processors", json!("batch")),
            ],
        ),
        case(
            Gateway,
            "which pipelines go through the resource processor?",
            vec![That(NO_CHANGE, no_change), Says(&["traces", "metrics", "logs"])],
        ),
        case(
            Collector,
            "which is faster, grpc or http?",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Gateway,
            "make the collector's own logs quieter, errors only",
            vec![Is("/service/telemetry/logs/level", json!("error")), Valid],
        ),
    ]
}

/// The misses of the first run, kept by their text.
fn known_gaps() -> Vec<&'static str> {
    vec![
        // Wrong edit: the new fact-checker delegates to the planner, not the other way round.
        "add a fact-checker agent on the smart model that the planner can delegate to",
        // Wrong answer: "the librarian already has files", no MCP server added.
        "hook up the github MCP server (npx -y @modelcontextprotocol/server-github) to the librarian",
        // Not understood (help): the rust toolchain of the steps.
        "switch the toolchain to nightly",
        // Wrong edit: the batch processor added but not put in the traces pipeline.
        "add a bacth processor",
        // Wrong answer: "pipeline logs is valid", the collector's own log level untouched.
        "make the collector's own logs quieter, errors only",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 14",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 14, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
