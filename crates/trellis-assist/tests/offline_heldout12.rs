//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting before it was run against the engine,
//! without reading the engine's source or the other request suites (only
//! `offline_heldout9.rs` for the file format), in the styles people type in the chat panel
//! beside the canvas (plain, terse, chatty, statements that are edits; none misspelt), over
//! every intent of the offline engine. Judged by the document each proposal makes, never by the
//! reply's wording, except that answers to questions must name what they are about.
//! Out-of-scope requests must give no patch and no proposal (help, an answer or a refusal).
//!
//! 85 requests: 45 agent-stack, 14 docker-compose, 13 github-actions, 13 otel-collector.
//!
//! First try: 58/85 (68.2%), run on 27335aa: agent-stack 27/45, docker-compose 10/14,
//! github-actions 12/13, otel-collector 9/13. No request or expectation was changed after
//! the run (every failure was checked against its fixture, template and schema, and all 27
//! are the engine's). What misses is listed by its text and run by the ignored known-gaps
//! test; 12 of the 27 pass since: 70/85.
//!
//! (While looking up the reply kinds the examiner saw the public `ReplyKind` enum in
//! `src/offline/mod.rs`, twelve lines of its declaration; nothing else of the engine.)
//! 3 more pass after the readings by shape of stop 17 (an amount said as a goal, a removal
//! or a new name said any way, middleware for every agent): 73/85.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// No patch, and not a proposal: what an out-of-scope request must get.
fn no_patch(o: &Outcome) -> bool {
    o.reply.patch.is_empty() && o.reply.kind != ReplyKind::Proposal
}

/// Whether the string at `field` of `v` contains `part`.
fn str_has(v: &Value, field: &str, part: &str) -> bool {
    v.get(field)
        .and_then(Value::as_str)
        .is_some_and(|s| s.contains(part))
}

/// Whether the list at `field` of `v` holds `item`.
fn holds(v: &Value, field: &str, item: &Value) -> bool {
    v.get(field)
        .and_then(Value::as_array)
        .is_some_and(|l| l.contains(item))
}

/// The temperature an agent runs at: its own, else its model's.
fn effective_temperature(o: &Outcome, agent: &str) -> Option<f64> {
    num(o, &format!("/agents/{agent}/temperature"))
        .or_else(|| agent_model(o, agent).and_then(|m| m.get("temperature")?.as_f64()))
}

/// Whether the workflow's schedule holds the cron expression.
fn has_cron(o: &Outcome, cron: &str) -> bool {
    o.get("/on/schedule")
        .and_then(Value::as_array)
        .is_some_and(|l| l.iter().any(|e| e.get("cron") == Some(&json!(cron))))
}

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ============================================================ agent stacks
        // ------------------------------------------------------------ templates
        case(
            None,
            "I want a claude writing helper, no web search, max 2000 tokens per answer",
            vec![
                Proposed,
                Valid,
                That("an anthropic provider", |o| {
                    any_of(o, "/providers", |p| p["type"] == json!("anthropic"))
                }),
                That("a model with max_tokens 2000", |o| {
                    any_of(o, "/models", |m| m["max_tokens"] == json!(2000))
                }),
                Absent("/tools/web_search"),
            ],
        ),
        case(
            None,
            "support bot for Acme Corp that refuses to talk about politics",
            vec![
                Proposed,
                Valid,
                That("the company", |o| mentions(o, "Acme Corp")),
                That("politics is a denied topic", |o| {
                    any_of(o, "/middleware", |m| {
                        holds(m, "denied_topics", &json!("politics"))
                    })
                }),
            ],
        ),
        case(
            None,
            "local assistant on ollama running qwen2.5 that remembers the last 50 messages",
            vec![
                Proposed,
                Valid,
                That("a qwen2.5 model", |o| {
                    any_of(o, "/models", |m| m["name"] == json!("qwen2.5"))
                }),
                That("a memory of 50 messages", |o| {
                    any_of(o, "/memory", |m| m["max_messages"] == json!(50))
                }),
            ],
        ),
        case(
            None,
            "set me up with LM Studio at http://localhost:1234/v1",
            vec![
                Proposed,
                Valid,
                That("an openai_compatible provider at the address", |o| {
                    any_of(o, "/providers", |p| {
                        p["type"] == json!("openai_compatible")
                            && p["base_url"] == json!("http://localhost:1234/v1")
                    })
                }),
            ],
        ),
        case(
            None,
            "research team, planner on gpt-4.1-mini, no more than 30 rounds",
            vec![
                Proposed,
                Valid,
                That("the planner runs gpt-4.1-mini", |o| {
                    agent_model_is(o, "planner", "gpt-4.1-mini")
                }),
                Is("/agents/planner/max_iterations", json!(30)),
            ],
        ),
        // ------------------------------------------------------------ add
        case(
            Mini,
            "give the assistant a calculator",
            vec![
                Proposed,
                Valid,
                That("the assistant has a builtin calculator", |o| {
                    names_one(o, "/agents/assistant/tools", "tools", |t| {
                        t["type"] == json!("builtin") && t["name"] == json!("calculator")
                    })
                }),
            ],
        ),
        case(
            LocalOllama,
            "add another ollama model called fastchat running mistral",
            vec![
                Proposed,
                Valid,
                Is("/models/fastchat/name", json!("mistral")),
                Is("/models/fastchat/provider", json!("ollama")),
            ],
        ),
        case(
            ResearchDesk,
            "add an agent called checker on the smart model and let the writer delegate to it",
            vec![
                Proposed,
                Valid,
                Is("/agents/checker/model", json!("smart")),
                Holds("/agents/writer/delegates_to", json!("checker")),
            ],
        ),
        case(
            SupportDesk,
            "new http tool called shipping that GETs https://shipping.internal/api/track",
            vec![
                Proposed,
                Valid,
                Is("/tools/shipping/type", json!("http")),
                Is(
                    "/tools/shipping/url",
                    json!("https://shipping.internal/api/track"),
                ),
            ],
        ),
        case(
            TplRag,
            "add a github mcp tool launched with npx -y @modelcontextprotocol/server-github",
            vec![
                Proposed,
                Valid,
                That("an mcp tool started by npx with the github server", |o| {
                    any_of(o, "/tools", |t| {
                        t["type"] == json!("mcp")
                            && t["command"] == json!("npx")
                            && holds(t, "args", &json!("@modelcontextprotocol/server-github"))
                    })
                }),
            ],
        ),
        // ------------------------------------------------------------ remove
        case(
            SupportDesk,
            "get rid of the cache middleware",
            vec![
                Proposed,
                Valid,
                Absent("/middleware/cache"),
                Lacks("/agents/triage/middleware", json!("cache")),
                Present("/middleware/traces"),
            ],
        ),
        case(
            TplProduction,
            "drop the summarizer",
            vec![
                Proposed,
                Valid,
                Absent("/agents/summarizer"),
                Present("/agents/assistant"),
            ],
        ),
        // ------------------------------------------------------------ rename
        case(
            ResearchDesk,
            "rename the notes memory to scratchpad",
            vec![
                Proposed,
                Valid,
                Absent("/memory/notes"),
                Is("/memory/scratchpad/type", json!("redis")),
                Is("/agents/writer/memory", json!("scratchpad")),
            ],
        ),
        case(
            TplAnthropic,
            "rename drafts to history",
            vec![
                Proposed,
                Valid,
                Absent("/memory/drafts"),
                Present("/memory/history"),
                Is("/agents/writer/memory", json!("history")),
            ],
        ),
        // ------------------------------------------------------------ connect
        case(
            ResearchDesk,
            "let the writer look things up on arxiv as well",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/tools", json!("arxiv")),
                Holds("/agents/researcher/tools", json!("arxiv")),
            ],
        ),
        case(
            TplSupport,
            "hook the support agent up to tracing, spans should go to http://collector:4318",
            vec![
                Proposed,
                Valid,
                That("the support agent is traced", |o| {
                    agent_has_middleware(o, "support", "tracing")
                }),
                That("the endpoint", |o| mentions(o, "http://collector:4318")),
            ],
        ),
        // ------------------------------------------------------------ set
        case(
            LocalOllama,
            "llama can handle a 32768 token context",
            vec![
                Proposed,
                Valid,
                Is("/models/llama/context_window", json!(32768)),
            ],
        ),
        case(
            TplAnthropic,
            "make the writer's replies less random",
            vec![
                Proposed,
                Valid,
                That("the writer runs below 0.6", |o| {
                    effective_temperature(o, "writer").is_some_and(|t| t < 0.6)
                }),
            ],
        ),
        case(
            SupportDesk,
            "only trace 10% of requests",
            vec![
                Proposed,
                Valid,
                That("sample_rate 0.1", |o| {
                    num(o, "/middleware/traces/sample_rate").is_some_and(|r| (r - 0.1).abs() < 1e-9)
                }),
            ],
        ),
        case(
            TplSupport,
            "allow customer messages up to 6000 characters",
            vec![
                Proposed,
                Valid,
                Is("/middleware/guardrails/max_input_chars", json!(6000)),
            ],
        ),
        case(
            SupportDesk,
            "conversations should be forgotten after a week",
            vec![
                Proposed,
                Valid,
                Is("/memory/conversations/ttl_s", json!(604800)),
            ],
        ),
        case(
            TplReview,
            "the repo lives at /srv/repo now",
            vec![
                Proposed,
                Valid,
                That("the server reads /srv/repo", |o| {
                    list_has(o, "/tools/files/args", "/srv/repo")
                }),
                That("not /workspace", |o| {
                    !list_has(o, "/tools/files/args", "/workspace")
                }),
            ],
        ),
        case(
            SupportDesk,
            "triage should also refuse to discuss crypto",
            vec![
                Proposed,
                Valid,
                That("a guardrails middleware of triage denies crypto", |o| {
                    o.get("/agents/triage/middleware")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().filter_map(Value::as_str).any(|n| {
                                o.get(&format!("/middleware/{n}")).is_some_and(|m| {
                                    m["type"] == json!("guardrails")
                                        && holds(m, "denied_topics", &json!("crypto"))
                                })
                            })
                        })
                }),
                Holds("/middleware/safety/denied_topics", json!("legal advice")),
            ],
        ),
        case(
            TplProduction,
            "turn the audit logging up to debug",
            vec![
                Proposed,
                Valid,
                Is("/middleware/audit_log/level", json!("debug")),
            ],
        ),
        case(
            TplSelfHosted,
            "the model server moved to http://10.0.0.5:8080/v1",
            vec![
                Proposed,
                Valid,
                Is(
                    "/providers/local_server/base_url",
                    json!("http://10.0.0.5:8080/v1"),
                ),
            ],
        ),
        // ------------------------------------------------------------ middleware
        case(
            ResearchDesk,
            "rate limit every agent to 60 requests a minute",
            vec![
                Proposed,
                Valid,
                That("every agent is rate limited", |o| {
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
            LocalOllama,
            "add logging to all the agents, and include the prompts",
            vec![
                Proposed,
                Valid,
                That("every agent logs", |o| all_agents_have(o, "logging")),
                That("prompts are logged", |o| {
                    any_of(o, "/middleware", |m| {
                        m["type"] == json!("logging") && m["log_prompts"] == json!(true)
                    })
                }),
            ],
        ),
        case(
            TplResearch,
            "retries for the writer and reviewer too",
            vec![
                Proposed,
                Valid,
                That("the writer retries", |o| {
                    agent_has_middleware(o, "writer", "retry")
                }),
                That("the reviewer retries", |o| {
                    agent_has_middleware(o, "reviewer", "retry")
                }),
            ],
        ),
        // ------------------------------------------------------------ errors
        case(
            ConditionalRequired,
            "what's wrong with this file?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["together", "weather", "local"]),
            ],
        ),
        case(OutOfRange, "fix the errors please", vec![Proposed, Valid]),
        case(
            YamlTypes,
            "why is surfer flagged?",
            vec![NoPatch(ReplyKind::Answer), Says(&["iterations"])],
        ),
        case(
            Cycle,
            "the reviewer shouldn't hand work back to the planner",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/reviewer/delegates_to", json!("planner")),
                Present("/agents/planner"),
            ],
        ),
        case(
            MissingModel,
            "fix it",
            vec![Proposed, Valid, Present("/agents/writer/model")],
        ),
        case(
            Dangling,
            "copywriter's tool has a typo",
            vec![
                Proposed,
                Is("/agents/copywriter/tools/0", json!("calculator")),
                ErrorsBelow(2),
            ],
        ),
        // ------------------------------------------------------------ impact
        case(
            SupportDesk,
            "what breaks if I delete the vllm provider?",
            vec![NoPatch(ReplyKind::Answer), Says(&["triage"])],
        ),
        case(
            ResearchDesk,
            "who's using the retry middleware?",
            vec![NoPatch(ReplyKind::Answer), Says(&["planner", "researcher"])],
        ),
        case(
            TplRag,
            "what depends on the embed model?",
            vec![NoPatch(ReplyKind::Answer), Says(&["knowledge"])],
        ),
        // ------------------------------------------------------------ describe
        case(
            LocalOllama,
            "give me a quick overview of this setup",
            vec![NoPatch(ReplyKind::Answer), Says(&["librarian", "chat"])],
        ),
        case(
            TplEnvironments,
            "how do the environments differ?",
            vec![NoPatch(ReplyKind::Answer), Says(&["dev", "staging", "prod"])],
        ),
        // ------------------------------------------------------------ environments
        case(
            TplEnvironments,
            "in staging, cap the rate limit at 50 requests per minute",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/staging/overrides/middleware/rate_limit/requests_per_minute",
                    json!(50),
                ),
                Is("/middleware/rate_limit/requests_per_minute", json!(1000)),
            ],
        ),
        case(
            ResearchDesk,
            "for prod, writer model temperature 0.3",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/prod/overrides/models/writer/temperature",
                    json!(0.3),
                ),
                Is("/models/writer/temperature", json!(0.9)),
            ],
        ),
        case(
            TplEnvironments,
            "dev should run phi3 instead of llama3.1",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/dev/overrides/models/main/name",
                    json!("phi3"),
                ),
                Is("/models/main/name", json!("gpt-4o")),
            ],
        ),
        // ------------------------------------------------------------ out of scope
        case(
            Mini,
            "what's the weather in Paris today?",
            vec![That("no patch and not a proposal", no_patch)],
        ),
        case(
            ResearchDesk,
            "deploy this to AWS lambda please",
            vec![That("no patch and not a proposal", no_patch)],
        ),
        case(
            TplReview,
            "write me a haiku about code review",
            vec![That("no patch and not a proposal", no_patch)],
        ),
        // ============================================================ compose
        case(
            ComposeNone,
            "web app with postgres and redis, app on port 3000, database called orders",
            vec![
                Proposed,
                Valid,
                Holds("/services/app/ports", json!("3000:8080")),
                Is("/services/db/environment/POSTGRES_DB", json!("orders")),
            ],
        ),
        case(
            ComposeNone,
            "prometheus and grafana, keep metrics 30 days, skip node exporter",
            vec![
                Proposed,
                Valid,
                Holds(
                    "/services/prometheus/command",
                    json!("--storage.tsdb.retention.time=30d"),
                ),
                Absent("/services/node-exporter"),
            ],
        ),
        case(
            Web,
            "add a redis cache",
            vec![
                Proposed,
                Valid,
                That("a redis service", |o| {
                    any_of(o, "/services", |s| str_has(s, "image", "redis"))
                }),
            ],
        ),
        case(
            WebStack,
            "remove the cache service",
            vec![
                Proposed,
                Valid,
                Absent("/services/cache"),
                That("the api no longer waits for the cache", |o| {
                    !names(o, "/services/api/depends_on", "cache")
                }),
                Present("/services/db"),
            ],
        ),
        case(
            Monitoring,
            "expose grafana on 3001 instead of 3000",
            vec![
                Proposed,
                Valid,
                Holds("/services/grafana/ports", json!("3001:3000")),
                Lacks("/services/grafana/ports", json!("3000:3000")),
            ],
        ),
        case(
            TplWebApp,
            "rename cache to redis",
            vec![
                Proposed,
                Valid,
                Present("/services/redis"),
                Absent("/services/cache"),
                That("the app waits for redis", |o| {
                    names(o, "/services/app/depends_on", "redis")
                }),
            ],
        ),
        case(
            TplProxy,
            "api should wait for the web service to start",
            vec![
                Proposed,
                Valid,
                That("api depends on web", |o| {
                    names(o, "/services/api/depends_on", "web")
                }),
            ],
        ),
        case(
            ComposeTypos,
            "fix the typos",
            vec![
                Proposed,
                Valid,
                Is("/services/web/image", json!("nginx:1.27")),
                Is(
                    "/services/worker/environment/QUEUE_URL",
                    json!("redis://queue:6379/0"),
                ),
            ],
        ),
        case(
            ComposeDangling,
            "the db volume name is wrong, fix it",
            vec![
                Proposed,
                Holds("/services/db/volumes", json!("db-data:/var/lib/mysql")),
                ErrorsBelow(3),
            ],
        ),
        case(
            WebStack,
            "what relies on the cache service?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            TplMonitoring,
            "describe this compose file",
            vec![NoPatch(ReplyKind::Answer), Says(&["prometheus", "grafana"])],
        ),
        case(
            TplWebApp,
            "bump postgres to 17",
            vec![Proposed, Valid, Is("/services/db/image", json!("postgres:17"))],
        ),
        case(
            Monitoring,
            "set TZ to Europe/Berlin for grafana",
            vec![
                Proposed,
                Valid,
                That("grafana's TZ", |o| {
                    list_has(o, "/services/grafana/environment", "TZ=Europe/Berlin")
                        || o.get("/services/grafana/environment/TZ") == Some(&json!("Europe/Berlin"))
                }),
                That("the other variables kept", |o| {
                    list_has(o, "/services/grafana/environment", "GF_SECURITY_ADMIN_USER=admin")
                }),
            ],
        ),
        case(
            Web,
            "can you run docker compose up for me?",
            vec![That("no patch and not a proposal", no_patch)],
        ),
        // ============================================================ workflows
        case(
            ActionsNone,
            "rust ci testing on ubuntu and macos, no clippy",
            vec![
                Proposed,
                Valid,
                Holds("/jobs/test/strategy/matrix/os", json!("ubuntu-latest")),
                Holds("/jobs/test/strategy/matrix/os", json!("macos-latest")),
                Absent("/jobs/clippy"),
            ],
        ),
        case(
            ActionsNone,
            "node CI with pnpm on node 18 and 20",
            vec![
                Proposed,
                Valid,
                That("pnpm runs the tests", |o| runs(o, "test", "pnpm")),
                That("node 18 and 20", |o| {
                    let m = o.get("/jobs/test/strategy/matrix/node");
                    let has = |v: &str| {
                        m.and_then(Value::as_array).is_some_and(|l| {
                            l.iter().any(|x| {
                                x.as_str() == Some(v) || x.as_i64().map(|n| n.to_string()).as_deref() == Some(v)
                            })
                        })
                    };
                    has("18") && has("20")
                }),
            ],
        ),
        case(
            ActionsNone,
            "release workflow on tags like release-*, the binary is called trellis, and make the releases drafts",
            vec![
                Proposed,
                Valid,
                Holds("/on/push/tags", json!("release-*")),
                That("builds trellis", |o| runs(o, "build", "--bin trellis")),
                That("draft releases", |o| runs(o, "release", "--draft")),
            ],
        ),
        case(
            Flow,
            "also run on pull requests",
            vec![
                Proposed,
                Valid,
                Present("/on/pull_request"),
                Present("/on/push"),
            ],
        ),
        case(
            Flow,
            "add a test job after build that runs cargo test",
            vec![
                Proposed,
                Valid,
                That("test needs build", |o| names(o, "/jobs/test/needs", "build")),
                That("test runs cargo test", |o| runs(o, "test", "cargo test")),
            ],
        ),
        case(
            CiNode,
            "lint should time out after 5 minutes",
            vec![Proposed, Valid, Is("/jobs/lint/timeout-minutes", json!(5))],
        ),
        case(
            CiNode,
            "drop node 18 from the test matrix",
            vec![
                Proposed,
                Valid,
                Lacks("/jobs/test/strategy/matrix/node", json!(18)),
                Holds("/jobs/test/strategy/matrix/node", json!(20)),
            ],
        ),
        case(
            Nightly,
            "run it at 4am every day instead",
            vec![
                Proposed,
                Valid,
                That("at 4:00 every day", |o| has_cron(o, "0 4 * * *")),
                That("not at 2:30 anymore", |o| !has_cron(o, "30 2 * * 1-5")),
            ],
        ),
        case(
            DanglingNeeds,
            "fix the needs of deploy",
            vec![
                Proposed,
                Valid,
                That("deploy needs build", |o| names(o, "/jobs/deploy/needs", "build")),
            ],
        ),
        case(
            CiNode,
            "which jobs have to pass before build?",
            vec![NoPatch(ReplyKind::Answer), Says(&["lint", "test"])],
        ),
        case(
            TplRelease,
            "rename the image job to docker",
            vec![
                Proposed,
                Valid,
                Present("/jobs/docker"),
                Absent("/jobs/image"),
            ],
        ),
        case(
            TplNodeCi,
            "add RUN_E2E=1 to the test job's environment",
            vec![
                Proposed,
                Valid,
                That("RUN_E2E is 1", |o| {
                    let v = o.get("/jobs/test/env/RUN_E2E");
                    v == Some(&json!("1")) || v == Some(&json!(1))
                }),
            ],
        ),
        case(
            TplRustCi,
            "how many CI minutes do I have left this month?",
            vec![That("no patch and not a proposal", no_patch)],
        ),
        // ============================================================ collectors
        case(
            OtelNone,
            "collector that ships traces to jaeger:4317 and samples 10 percent",
            vec![
                Proposed,
                Valid,
                That("the backend", |o| mentions(o, "jaeger:4317")),
                That("10 percent sampled", |o| {
                    any_of(o, "/processors", |p| p["sampling_percentage"] == json!(10))
                }),
            ],
        ),
        case(
            OtelNone,
            "metrics collector scraping app:8080 every 15s, remote write to http://mimir:9009/api/v1/push",
            vec![
                Proposed,
                Valid,
                That("the scrape target", |o| mentions(o, "app:8080")),
                That("the remote write address", |o| {
                    mentions(o, "http://mimir:9009/api/v1/push")
                }),
                Is("/receivers/hostmetrics/collection_interval", json!("15s")),
            ],
        ),
        case(
            Collector,
            "add a metrics pipeline with the same receiver and exporter",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/metrics/receivers", json!("otlp")),
                Holds("/service/pipelines/metrics/exporters", json!("debug")),
                Present("/service/pipelines/traces"),
            ],
        ),
        case(
            Collector,
            "make the debug exporter print everything in detail",
            vec![
                Proposed,
                Valid,
                Is("/exporters/debug/verbosity", json!("detailed")),
            ],
        ),
        case(
            Gateway,
            "raise the memory limit to 2048 MiB and the spike limit to 512",
            vec![
                Proposed,
                Valid,
                Is("/processors/memory_limiter/limit_mib", json!(2048)),
                Is("/processors/memory_limiter/spike_limit_mib", json!(512)),
            ],
        ),
        case(
            OtelAgent,
            "scrape host metrics every 10 seconds",
            vec![
                Proposed,
                Valid,
                Is("/receivers/hostmetrics/collection_interval", json!("10s")),
            ],
        ),
        case(
            OtelAgent,
            "remove the prometheus/self receiver",
            vec![
                Proposed,
                Valid,
                Absent("/receivers/prometheus~1self"),
                Lacks(
                    "/service/pipelines/metrics/receivers",
                    json!("prometheus/self"),
                ),
                Holds("/service/pipelines/metrics/receivers", json!("hostmetrics")),
            ],
        ),
        case(
            OtelDangling,
            "clean up the broken references",
            vec![Proposed, Valid],
        ),
        case(
            OtelAgent,
            "where is the batch processor used?",
            vec![NoPatch(ReplyKind::Answer), Says(&["metrics", "logs"])],
        ),
        case(
            TplTraces,
            "keep half of the traces",
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
            "the deployment environment attribute should be staging",
            vec![
                Proposed,
                Valid,
                Is("/processors/resource/attributes/0/value", json!("staging")),
            ],
        ),
        case(
            Collector,
            "add a zpages extension",
            vec![
                Proposed,
                Valid,
                Present("/extensions/zpages"),
                Holds("/service/extensions", json!("zpages")),
            ],
        ),
        case(
            Collector,
            "can you restart the collector?",
            vec![That("no patch and not a proposal", no_patch)],
        ),
    ]
}

/// The misses of the first run, kept by their text.
fn known_gaps() -> Vec<&'static str> {
    vec![
        // Not understood (help): "forgotten after a week" is the memory's ttl.
        "conversations should be forgotten after a week",
        // Not understood (help): the repository folder is the filesystem server's last argument.
        "the repo lives at /srv/repo now",
        // Not understood (help): the server's new address is the provider's base_url.
        "the model server moved to http://10.0.0.5:8080/v1",
        // Wrong answer: "shouldn't hand work back" is read as already true; nothing changed.
        "the reviewer shouldn't hand work back to the planner",
        // Wrong answer: explains the copywriter's errors instead of fixing the tool's typo.
        "copywriter's tool has a typo",
        // Not understood (help): which jobs a job needs, asked as "have to pass before".
        "which jobs have to pass before build?",
        // Not understood (refused): "print everything in detail" is verbosity detailed.
        "make the debug exporter print everything in detail",
        // Not understood (help): the second part, "the spike limit to 512".
        "raise the memory limit to 2048 MiB and the spike limit to 512",
        // Not understood (clarify: which template): the resource attribute's value.
        "the deployment environment attribute should be staging",
        // Wrong edit: the extension is configured but not listed in service.extensions, so it
        // does not run.
        "add a zpages extension",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 12",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 12, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
