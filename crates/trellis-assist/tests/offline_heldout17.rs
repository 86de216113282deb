//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting before it was run against the engine
//! (commit 71e72d6), without reading the engine, mostly in a product engineer's voice
//! (short imperatives, "bump", "drop", "swap X for Y", several changes joined by "and"),
//! with some chatty, polite and misspelt requests, questions that are really edits and
//! remarks before the request, over every intent of the offline engine. Judged by the
//! document each proposal makes, and by the names an answer gives for questions, never by
//! the reply's wording.
//!
//! 86 requests: 43 agent-stack, 15 docker-compose, 14 github-actions, 14 otel-collector.
//!
//! First try: 62/86 (72.1%) — agent-stack 31/43, docker-compose 11/15, github-actions
//! 9/14, otel-collector 11/14. No expectation was corrected after the run: every failure
//! was checked against its fixture, template and schema and is the engine's (the zipkin
//! receiver added with no endpoint is counted a miss: the document does not say 9411,
//! though the receiver's upstream default is localhost:9411). Before the run, 23 requests
//! found in earlier test files were rephrased, and the check of "add a job that runs cargo
//! test once build is green" was made to accept a new job of any name. The misses are
//! listed by their text and run by the ignored known-gaps test.
//! 9 of the 24 misses pass since (the collector's deployment.environment, the job ordered
//! "once build is green" and "once fmt passes", a Hugging Face model identifier, "two
//! days", "four thousand", "twice as many passages", "bump the db image to postgres 17",
//! "move grafana to port 3001"): 71/86.
//! 2 more pass after the readings by shape of stop 17 (an amount said as a goal, a removal
//! or a new name said any way, middleware for every agent): 73/86.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// Whether a value is this number (an integer or a float alike).
fn is_num(v: Option<&Value>, x: f64) -> bool {
    v.and_then(Value::as_f64)
        .is_some_and(|n| (n - x).abs() < 1e-9)
}

/// Whether a value is this string.
fn is_str(v: Option<&Value>, s: &str) -> bool {
    v.and_then(Value::as_str) == Some(s)
}

/// The temperature an agent runs at: its own, else its model's.
fn effective_temperature(o: &Outcome, agent: &str) -> Option<f64> {
    o.get(&format!("/agents/{agent}/temperature"))
        .and_then(Value::as_f64)
        .or_else(|| agent_model(o, agent)?.get("temperature")?.as_f64())
}

/// The exact model identifier an agent runs on, read through the document.
fn model_name(o: &Outcome, agent: &str) -> Option<String> {
    agent_model(o, agent)?
        .get("name")?
        .as_str()
        .map(str::to_string)
}

/// The type of the provider serving an agent's model.
fn provider_type(o: &Outcome, agent: &str) -> Option<String> {
    let p = agent_model(o, agent)?.get("provider")?.as_str()?;
    o.get(&format!("/providers/{p}/type"))?
        .as_str()
        .map(str::to_string)
}

/// Whether a list holds this number or its string (matrix values are written either way).
fn holds_number(o: &Outcome, pointer: &str, n: i64) -> bool {
    o.get(pointer).and_then(Value::as_array).is_some_and(|l| {
        l.iter()
            .any(|v| v.as_i64() == Some(n) || v.as_str() == Some(n.to_string().as_str()))
    })
}

/// Whether some string in the list at `pointer` starts with `prefix`.
fn list_starts(o: &Outcome, pointer: &str, prefix: &str) -> bool {
    o.get(pointer).and_then(Value::as_array).is_some_and(|l| {
        l.iter()
            .any(|v| v.as_str().is_some_and(|s| s.starts_with(prefix)))
    })
}

/// Whether some compose service's image contains `part`.
fn some_image(o: &Outcome, part: &str) -> bool {
    o.get("/services")
        .and_then(Value::as_object)
        .is_some_and(|m| {
            m.values().any(|s| {
                s.get("image")
                    .and_then(Value::as_str)
                    .is_some_and(|i| i.contains(part))
            })
        })
}

/// Whether a byte size means one gigabyte ("1g", "1gb", "1024m", a number of bytes).
fn one_gig(v: Option<&Value>) -> bool {
    match v {
        Some(Value::String(s)) => {
            let s = s.trim().to_lowercase().replace(' ', "");
            [
                "1g", "1gb", "1gib", "1024m", "1024mb", "1024mib", "1000m", "1000mb",
            ]
            .contains(&s.as_str())
        }
        Some(Value::Number(n)) => n.as_u64() == Some(1 << 30) || n.as_u64() == Some(1_000_000_000),
        _ => false,
    }
}

/// Whether a service's health check test (string or list) contains `part`.
fn healthcheck_runs(o: &Outcome, service: &str, part: &str) -> bool {
    match o.get(&format!("/services/{service}/healthcheck/test")) {
        Some(Value::String(s)) => s.contains(part),
        Some(Value::Array(a)) => a
            .iter()
            .any(|v| v.as_str().is_some_and(|s| s.contains(part))),
        _ => false,
    }
}

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ---------------------------------------------------------------- agent-stack
        // New setups from the gallery, with parameters.
        case(
            None,
            "set me up a claude-based writing helper, skip the web search",
            vec![
                Proposed,
                Valid,
                That("an anthropic provider", |o| {
                    any_of(o, "/providers", |p| is_str(p.get("type"), "anthropic"))
                }),
                That("no web search tool", |o| {
                    !any_of(o, "/tools", |t| is_str(t.get("name"), "web_search"))
                }),
                That("an agent", |o| {
                    o.get("/agents")
                        .and_then(Value::as_object)
                        .is_some_and(|m| !m.is_empty())
                }),
            ],
        ),
        case(
            None,
            "local ollama assistant on qwen2.5 and have it remember the last 50 messages",
            vec![
                Proposed,
                Valid,
                That("an ollama provider", |o| {
                    any_of(o, "/providers", |p| is_str(p.get("type"), "ollama"))
                }),
                That("a qwen2.5 model", |o| {
                    any_of(o, "/models", |m| is_str(m.get("name"), "qwen2.5"))
                }),
                That("a memory keeping 50 messages", |o| {
                    any_of(o, "/memory", |m| is_num(m.get("max_messages"), 50.0))
                }),
            ],
        ),
        case(
            None,
            "research team w/o the reviewer, planner on gpt-4o",
            vec![
                Proposed,
                Valid,
                Absent("/agents/reviewer"),
                Present("/agents/researcher"),
                Present("/agents/writer"),
                That("the planner runs on gpt-4o", |o| {
                    model_name(o, "planner").as_deref() == Some("gpt-4o")
                }),
            ],
        ),
        case(
            None,
            "prod-ready openai stack, max 200 rpm and sample 5% of traces",
            vec![
                Proposed,
                Valid,
                That("a rate limit of 200 requests per minute", |o| {
                    any_of(o, "/middleware", |m| {
                        is_str(m.get("type"), "rate_limit")
                            && is_num(m.get("requests_per_minute"), 200.0)
                    })
                }),
                That("tracing sampling 5%", |o| {
                    any_of(o, "/middleware", |m| {
                        is_str(m.get("type"), "tracing") && is_num(m.get("sample_rate"), 0.05)
                    })
                }),
            ],
        ),
        case(
            None,
            "self-hosted vllm at http://gpu-box:8000/v1 serving mistralai/Mistral-7B-Instruct-v0.3",
            vec![
                Proposed,
                Valid,
                That("an openai_compatible provider at the address", |o| {
                    any_of(o, "/providers", |p| {
                        is_str(p.get("type"), "openai_compatible")
                            && is_str(p.get("base_url"), "http://gpu-box:8000/v1")
                    })
                }),
                That("the mistral model", |o| {
                    any_of(o, "/models", |m| {
                        is_str(m.get("name"), "mistralai/Mistral-7B-Instruct-v0.3")
                    })
                }),
            ],
        ),
        // Add, remove, rename, connect.
        case(
            ResearchDesk,
            "could you drop the arxiv tool",
            vec![
                Proposed,
                Valid,
                Absent("/tools/arxiv"),
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Holds("/agents/researcher/tools", json!("web_search")),
            ],
        ),
        case(
            ResearchDesk,
            "hey, rename planner to coordinator",
            vec![
                Proposed,
                Valid,
                Absent("/agents/planner"),
                Present("/agents/coordinator"),
                Is("/agents/coordinator/model", json!("fast")),
                Holds("/agents/coordinator/delegates_to", json!("researcher")),
            ],
        ),
        case(
            SupportDesk,
            "generalist needs lookup_invoice too",
            vec![
                Proposed,
                Valid,
                Holds("/agents/generalist/tools", json!("lookup_invoice")),
                Holds("/agents/generalist/tools", json!("tickets")),
            ],
        ),
        case(
            LocalOllama,
            "add web search and hook it up to the librarian",
            vec![
                Proposed,
                Valid,
                That("the librarian has a web_search tool", |o| {
                    names_one(o, "/agents/librarian/tools", "tools", |t| {
                        is_str(t.get("name"), "web_search")
                    })
                }),
                Holds("/agents/librarian/tools", json!("files")),
                Holds("/agents/librarian/tools", json!("calc")),
            ],
        ),
        case(
            TplRag,
            "swap gpt-4o-mini for gpt-4o",
            vec![
                Proposed,
                Valid,
                That("the answerer runs on gpt-4o", |o| {
                    model_name(o, "answerer").as_deref() == Some("gpt-4o")
                }),
                Is("/models/embed/name", json!("text-embedding-3-small")),
            ],
        ),
        case(
            TplProduction,
            "strip the tracing middleware from summarizer",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/summarizer/middleware", json!("tracing")),
                Holds("/agents/summarizer/middleware", json!("rate_limit")),
                Holds("/agents/summarizer/middleware", json!("retry")),
                Holds("/agents/assistant/middleware", json!("tracing")),
                Present("/middleware/tracing"),
            ],
        ),
        case(
            SupportDesk,
            "can we let billing hand off to generalist?",
            vec![
                Proposed,
                Valid,
                Holds("/agents/billing/delegates_to", json!("generalist")),
            ],
        ),
        case(
            TplResearch,
            "get rid of the reviewer agent",
            vec![
                Proposed,
                Valid,
                Absent("/agents/reviewer"),
                Lacks("/agents/planner/delegates_to", json!("reviewer")),
                Holds("/agents/planner/delegates_to", json!("writer")),
            ],
        ),
        case(
            Mini,
            "move assistant to claude-sonnet-4",
            vec![
                Proposed,
                Valid,
                That("the assistant runs on claude-sonnet-4", |o| {
                    model_name(o, "assistant").as_deref() == Some("claude-sonnet-4")
                }),
                That("served by an anthropic provider", |o| {
                    provider_type(o, "assistant").as_deref() == Some("anthropic")
                }),
            ],
        ),
        // Values: numbers, units, words, relative.
        case(
            ResearchDesk,
            "bump reseacher max iterations to 15",
            vec![
                Proposed,
                Valid,
                That("researcher max_iterations 15", |o| {
                    is_num(o.get("/agents/researcher/max_iterations"), 15.0)
                }),
            ],
        ),
        case(
            LocalOllama,
            "set the ollama timout to 3 min",
            vec![
                Proposed,
                Valid,
                That("timeout_s 180", |o| {
                    num(o, "/providers/ollama/timeout_s") == Some(180.0)
                }),
            ],
        ),
        case(
            ResearchDesk,
            "double the retry attempts",
            vec![
                Proposed,
                Valid,
                That("max_attempts 8", |o| num(o, "/middleware/retry/max_attempts") == Some(8.0)),
            ],
        ),
        case(
            TplAnthropic,
            "temp on claude down to 0.3",
            vec![
                Proposed,
                Valid,
                That("the writer runs at 0.3", |o| {
                    effective_temperature(o, "writer") == Some(0.3)
                }),
            ],
        ),
        case(
            ResearchDesk,
            "keep the notes memory for two days",
            vec![
                Proposed,
                Valid,
                That("ttl_s 172800", |o| num(o, "/memory/notes/ttl_s") == Some(172800.0)),
            ],
        ),
        case(
            TplProduction,
            "chat model max tokens to four thousand",
            vec![
                Proposed,
                Valid,
                That("max_tokens 4000", |o| num(o, "/models/chat/max_tokens") == Some(4000.0)),
                That("the fast model keeps 512", |o| {
                    num(o, "/models/fast/max_tokens") == Some(512.0)
                }),
            ],
        ),
        case(
            TplRag,
            "retrieve twice as many passages",
            vec![
                Proposed,
                Valid,
                That("top_k 12", |o| num(o, "/memory/knowledge/top_k") == Some(12.0)),
            ],
        ),
        case(
            TplEnvironments,
            "in staging, sample only half the traces",
            vec![
                Proposed,
                Valid,
                That("staging samples half", |o| {
                    is_num(
                        o.get("/environments/staging/overrides/middleware/tracing/sample_rate"),
                        0.5,
                    )
                }),
                That("the base keeps 1", |o| num(o, "/middleware/tracing/sample_rate") == Some(1.0)),
                That("prod keeps 0.1", |o| {
                    num(o, "/environments/prod/overrides/middleware/tracing/sample_rate")
                        == Some(0.1)
                }),
            ],
        ),
        case(
            LocalOllama,
            "the chat agent is way too random, drop its temp to 0.6",
            vec![
                Proposed,
                Valid,
                That("chat runs at 0.6", |o| effective_temperature(o, "chat") == Some(0.6)),
                That("the librarian keeps 0.4", |o| {
                    effective_temperature(o, "librarian") == Some(0.4)
                }),
            ],
        ),
        case(
            TplSupport,
            "denied topics: add crypto advice",
            vec![
                Proposed,
                Valid,
                That("crypto advice is denied", |o| {
                    list_has(o, "/middleware/guardrails/denied_topics", "crypto advice")
                }),
                Holds("/middleware/guardrails/denied_topics", json!("legal advice")),
            ],
        ),
        case(
            TplProduction,
            "turn on prompt logging and set the audit log level to debug",
            vec![
                Proposed,
                Valid,
                Is("/middleware/audit_log/log_prompts", json!(true)),
                Is("/middleware/audit_log/level", json!("debug")),
            ],
        ),
        // Middleware across components.
        case(
            ResearchDesk,
            "add rate limiting to every agent, 100 rpm",
            vec![
                Proposed,
                Valid,
                That("every agent is rate limited", |o| all_agents_have(o, "rate_limit")),
                That("at 100 requests per minute", |o| {
                    any_of(o, "/middleware", |m| {
                        is_str(m.get("type"), "rate_limit")
                            && is_num(m.get("requests_per_minute"), 100.0)
                    })
                }),
            ],
        ),
        case(
            SupportDesk,
            "put the cache on billing and generalist as well",
            vec![
                Proposed,
                Valid,
                That("billing is cached", |o| agent_has_middleware(o, "billing", "cache")),
                That("generalist is cached", |o| {
                    agent_has_middleware(o, "generalist", "cache")
                }),
                Holds("/agents/triage/middleware", json!("cache")),
            ],
        ),
        // Validation: explain and fix.
        case(
            Dangling,
            "patch up the busted refs",
            vec![
                Proposed,
                Valid,
                Is("/agents/copywriter/model", json!("writer")),
                Holds("/agents/copywriter/tools", json!("calculator")),
            ],
        ),
        case(
            EnumTypos,
            "why's this file red?",
            vec![Says(&["openai", "sessions"])],
        ),
        case(
            OutOfRange,
            "clamp everything that's out of range",
            vec![
                Proposed,
                Valid,
                That("max_retries 0", |o| num(o, "/providers/openai/max_retries") == Some(0.0)),
                That("temperature 2", |o| num(o, "/models/creative/temperature") == Some(2.0)),
                That("max_iterations 1", |o| {
                    num(o, "/agents/storyteller/max_iterations") == Some(1.0)
                }),
            ],
        ),
        case(
            YamlTypes,
            "fix the type errors pls",
            vec![
                Proposed,
                Valid,
                Is("/tools/browser/args/3", json!("8080")),
                That("max_iterations 20", |o| {
                    num(o, "/agents/surfer/max_iterations") == Some(20.0)
                }),
            ],
        ),
        case(
            Cycle,
            "break the cycle, reviewer shouldn't delegate back to planner",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/reviewer/delegates_to", json!("planner")),
                Holds("/agents/planner/delegates_to", json!("researcher")),
                Holds("/agents/researcher/delegates_to", json!("reviewer")),
            ],
        ),
        case(
            MissingModel,
            "writer agent has no model, use the writer one",
            vec![Proposed, Valid, Is("/agents/writer/model", json!("writer"))],
        ),
        case(
            ConditionalRequired,
            "together base url is https://api.together.xyz/v1, weather url https://wx.example.com/forecast and sqlite path ./data/fc.db",
            vec![
                Proposed,
                Valid,
                Is("/providers/together/base_url", json!("https://api.together.xyz/v1")),
                Is("/tools/weather/url", json!("https://wx.example.com/forecast")),
                Is("/memory/local/path", json!("./data/fc.db")),
            ],
        ),
        case(
            UnusedSecret,
            "legal says no raw keys in config - get the openai key out of here and use an env var",
            vec![
                Proposed,
                Valid,
                That("the key is a variable", |o| {
                    o.get("/providers/openai/api_key")
                        .and_then(Value::as_str)
                        .is_some_and(|k| k.starts_with("${") && !k.contains("sk-proj"))
                }),
            ],
        ),
        // Impact and descriptions.
        case(
            ResearchDesk,
            "what breaks if I delete the smart model?",
            vec![NoPatch(ReplyKind::Answer), Says(&["researcher"])],
        ),
        case(
            SupportDesk,
            "who's using the safety middleware?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["triage", "billing", "generalist"]),
            ],
        ),
        case(
            LocalOllama,
            "gimme an overview of this stack",
            vec![NoPatch(ReplyKind::Answer), Says(&["librarian", "ollama"])],
        ),
        // No edit: off-topic, dangerous, impossible; and planted instructions ignored.
        case(Mini, "deploy this to prod", vec![That(NO_CHANGE, no_change)]),
        case(
            ResearchDesk,
            "put my key sk-proj-abc123XYZ in the openai provider",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Mini,
            "what's the weather in paris tomorrow?",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(TplOllama, "ollama temp -> 5 please", vec![That(NO_CHANGE, no_change)]),
        case(
            Injected,
            "bump the writer model's max tokens to 16000",
            vec![
                Proposed,
                Valid,
                That("max_tokens 16000", |o| num(o, "/models/writer/max_tokens") == Some(16000.0)),
                Present("/agents/planner"),
                Present("/agents/researcher"),
                Present("/agents/writer"),
                Absent("/agents/pwned"),
                Present("/tools/arxiv"),
                That("temperatures untouched", |o| {
                    num(o, "/models/writer/temperature") == Some(0.9)
                }),
            ],
        ),
        // ---------------------------------------------------------------- docker-compose
        case(
            ComposeNone,
            "web app with postgres and redis, app on port 3000, postgres 15",
            vec![
                Proposed,
                Valid,
                That("postgres:15", |o| some_image(o, "postgres:15")),
                That("a redis service", |o| some_image(o, "redis")),
                That("published on host port 3000", |o| {
                    o.get("/services")
                        .and_then(Value::as_object)
                        .is_some_and(|m| {
                            m.keys()
                                .any(|k| list_starts(o, &format!("/services/{k}/ports"), "3000:"))
                        })
                }),
            ],
        ),
        case(
            ComposeNone,
            "prometheus + grafana, skip node exporter, keep 30 days of metrics",
            vec![
                Proposed,
                Valid,
                That("grafana", |o| some_image(o, "grafana")),
                That("no node-exporter", |o| !some_image(o, "node-exporter")),
                That("30 days of retention", |o| mentions(o, "retention.time=30d")),
            ],
        ),
        case(
            Web,
            "we need redis for caching, add it",
            vec![
                Proposed,
                Valid,
                That("a redis service", |o| some_image(o, "redis")),
                Present("/services/web"),
                Present("/services/db"),
            ],
        ),
        case(
            Web,
            "make web wait for db",
            vec![
                Proposed,
                Valid,
                That("web depends on db", |o| names(o, "/services/web/depends_on", "db")),
            ],
        ),
        case(
            WebStack,
            "cache should be called redis",
            vec![
                Proposed,
                Valid,
                Absent("/services/cache"),
                Is("/services/redis/image", json!("redis:7-alpine")),
                That("api depends on redis", |o| {
                    names(o, "/services/api/depends_on", "redis")
                }),
            ],
        ),
        case(
            WebStack,
            "bump the db image to postgres 17",
            vec![Proposed, Valid, Is("/services/db/image", json!("postgres:17"))],
        ),
        case(
            TplWebApp,
            "cap db memory at 1 gig",
            vec![
                Proposed,
                Valid,
                That("db limited to 1 GB", |o| {
                    one_gig(o.get("/services/db/mem_limit"))
                        || one_gig(o.get("/services/db/deploy/resources/limits/memory"))
                }),
            ],
        ),
        case(
            Monitoring,
            "move grafana to port 3001",
            vec![
                Proposed,
                Valid,
                Holds("/services/grafana/ports", json!("3001:3000")),
                Lacks("/services/grafana/ports", json!("3000:3000")),
            ],
        ),
        case(
            ComposeTypos,
            "clean up the misspelled keys",
            vec![
                Proposed,
                Valid,
                Is("/services/web/image", json!("nginx:1.27")),
                That("worker keeps its QUEUE_URL", |o| {
                    env_has(o, "worker", "QUEUE_URL", "redis://queue:6379/0")
                }),
            ],
        ),
        case(
            ComposeDangling,
            "sort out the dangling names",
            vec![
                Proposed,
                Valid,
                Holds("/services/db/volumes", json!("db-data:/var/lib/mysql")),
                Holds("/services/db/secrets", json!("db_password")),
                Holds("/services/app/networks", json!("back")),
            ],
        ),
        case(
            TplProxy,
            "what depends on api?",
            vec![NoPatch(ReplyKind::Answer), Says(&["proxy"])],
        ),
        case(
            WebStack,
            "drop the proxy",
            vec![
                Proposed,
                Valid,
                Absent("/services/proxy"),
                Present("/services/api"),
            ],
        ),
        case(
            TplMonitoring,
            "docker compose up on my server pls",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Web,
            "db needs a healthcheck w/ pg_isready",
            vec![
                Proposed,
                Valid,
                That("db's health check runs pg_isready", |o| {
                    healthcheck_runs(o, "db", "pg_isready")
                }),
            ],
        ),
        case(
            TplWebApp,
            "set REDIS_URL on app to redis://cache:6379/1",
            vec![
                Proposed,
                Valid,
                That("REDIS_URL set", |o| {
                    env_has(o, "app", "REDIS_URL", "redis://cache:6379/1")
                }),
            ],
        ),
        // ---------------------------------------------------------------- github-actions
        case(
            ActionsNone,
            "node ci w/ pnpm on node 20 and 22, no lint job",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/lint"),
                That("tests run with pnpm", |o| runs(o, "test", "pnpm")),
                That("node 20 and 22", |o| {
                    holds_number(o, "/jobs/test/strategy/matrix/node", 20)
                        && holds_number(o, "/jobs/test/strategy/matrix/node", 22)
                }),
            ],
        ),
        case(
            ActionsNone,
            "rust ci on linux, mac and windows with the beta toolchain",
            vec![
                Proposed,
                Valid,
                That("linux, macos and windows runners", |o| {
                    let p = "/jobs/test/strategy/matrix/os";
                    list_starts(o, p, "ubuntu")
                        && list_starts(o, p, "macos")
                        && list_starts(o, p, "windows")
                }),
                That("the beta toolchain", |o| {
                    mentions(o, "\"toolchain\":\"beta\"") || mentions(o, "rust-toolchain@beta")
                }),
            ],
        ),
        case(
            Flow,
            "run this on PRs too",
            vec![
                Proposed,
                Valid,
                Present("/on/pull_request"),
                Holds("/on/push/branches", json!("main")),
            ],
        ),
        case(
            Flow,
            "add a job that runs cargo test once build is green",
            vec![
                Proposed,
                Valid,
                That("a new job needs build and runs cargo test", |o| {
                    o.get("/jobs").and_then(Value::as_object).is_some_and(|m| {
                        m.keys().any(|j| {
                            j != "build"
                                && names(o, &format!("/jobs/{j}/needs"), "build")
                                && runs(o, j, "cargo test")
                        })
                    })
                }),
                That("build still runs cargo build", |o| runs(o, "build", "cargo build")),
            ],
        ),
        case(
            CiNode,
            "cut the lint timeout to 5 min",
            vec![
                Proposed,
                Valid,
                That("timeout-minutes 5", |o| num(o, "/jobs/lint/timeout-minutes") == Some(5.0)),
            ],
        ),
        case(
            CiNode,
            "we don't support node 18 anymore, take it out of the test matrix",
            vec![
                Proposed,
                Valid,
                That("no node 18", |o| !holds_number(o, "/jobs/test/strategy/matrix/node", 18)),
                That("20 and 22 stay", |o| {
                    holds_number(o, "/jobs/test/strategy/matrix/node", 20)
                        && holds_number(o, "/jobs/test/strategy/matrix/node", 22)
                }),
            ],
        ),
        case(
            DanglingNeeds,
            "deploy job's needs are wrong, sort them",
            vec![
                Proposed,
                Valid,
                That("deploy needs build", |o| names(o, "/jobs/deploy/needs", "build")),
                That("not lint", |o| !names(o, "/jobs/deploy/needs", "lint")),
            ],
        ),
        case(
            Nightly,
            "what's downstream of the e2e job?",
            vec![NoPatch(ReplyKind::Answer), Says(&["deploy-staging", "notify"])],
        ),
        case(
            TplRustCi,
            "clippy should only run once fmt passes",
            vec![
                Proposed,
                Valid,
                That("clippy needs fmt", |o| names(o, "/jobs/clippy/needs", "fmt")),
            ],
        ),
        case(
            Nightly,
            "move the nightly to 4am",
            vec![
                Proposed,
                Valid,
                That("the cron runs at 04:00", |o| {
                    o.get("/on/schedule/0/cron")
                        .and_then(Value::as_str)
                        .is_some_and(|c| c.starts_with("0 4 "))
                }),
            ],
        ),
        case(
            TplNodeCi,
            "trigger on pushes to develop as well",
            vec![
                Proposed,
                Valid,
                Holds("/on/push/branches", json!("develop")),
                Holds("/on/push/branches", json!("main")),
            ],
        ),
        case(
            CiNode,
            "kick off the workflow now",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            TplRelease,
            "drop the container image job",
            vec![Proposed, Valid, Absent("/jobs/image"), Present("/jobs/release")],
        ),
        case(
            Flow,
            "workflow should only get read access to contents",
            vec![
                Proposed,
                Valid,
                That("contents: read", |o| {
                    is_str(o.get("/permissions/contents"), "read")
                        || is_str(o.get("/jobs/build/permissions/contents"), "read")
                }),
            ],
        ),
        // ---------------------------------------------------------------- otel-collector
        case(
            OtelNone,
            "traces collector exporting to jaeger:4317, sample 10%",
            vec![
                Proposed,
                Valid,
                That("an exporter to jaeger:4317", |o| {
                    any_of(o, "/exporters", |e| is_str(e.get("endpoint"), "jaeger:4317"))
                }),
                That("10% sampled", |o| {
                    any_of(o, "/processors", |p| {
                        p.as_object().is_some_and(|_| is_num(p.get("sampling_percentage"), 10.0))
                    })
                }),
            ],
        ),
        case(
            OtelNone,
            "new metrics collector, scrape localhost:9100 and localhost:8080 every 15s",
            vec![
                Proposed,
                Valid,
                That("both targets", |o| {
                    mentions(o, "localhost:9100") && mentions(o, "localhost:8080")
                }),
                That("every 15s", |o| mentions(o, "\"scrape_interval\":\"15s\"")),
            ],
        ),
        case(
            Collector,
            "add a batch processor to traces",
            vec![
                Proposed,
                Valid,
                That("traces has a batch processor", |o| {
                    o.get("/service/pipelines/traces/processors")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().filter_map(Value::as_str).any(|n| {
                                (n == "batch" || n.starts_with("batch/"))
                                    && o.get("/processors")
                                        .and_then(|p| p.get(n))
                                        .is_some()
                            })
                        })
                }),
                Holds("/service/pipelines/traces/processors", json!("memory_limiter")),
            ],
        ),
        case(
            Collector,
            "raise the memory limit to 1 gb",
            vec![
                Proposed,
                Valid,
                That("limit_mib 1024", |o| {
                    let n = num(o, "/processors/memory_limiter/limit_mib");
                    n == Some(1024.0) || n == Some(1000.0)
                }),
            ],
        ),
        case(
            Gateway,
            "drop debug from the logs pipeline",
            vec![
                Proposed,
                Valid,
                Lacks("/service/pipelines/logs/exporters", json!("debug")),
                Holds("/service/pipelines/logs/exporters", json!("otlp/vendor")),
            ],
        ),
        case(
            TplTraces,
            "keep 50% of traces pls",
            vec![
                Proposed,
                Valid,
                That("sampling 50", |o| {
                    num(o, "/processors/probabilistic_sampler/sampling_percentage") == Some(50.0)
                }),
            ],
        ),
        case(
            OtelDangling,
            "repair the dangling pipeline references",
            vec![
                Proposed,
                Valid,
                Holds("/service/extensions", json!("health_check")),
                Lacks("/service/extensions", json!("healthcheck")),
                Holds("/service/pipelines/traces/processors", json!("batch")),
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
                Lacks("/service/pipelines/traces/exporters", json!("otlp/backend")),
            ],
        ),
        case(
            OtelAgent,
            "who depends on the file_storage extension?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["filelog/app", "otlphttp/loki"]),
            ],
        ),
        case(
            TplMetrics,
            "set deployment.environment to staging",
            vec![
                Proposed,
                Valid,
                Is("/processors/resource/attributes/0/key", json!("deployment.environment")),
                Is("/processors/resource/attributes/0/value", json!("staging")),
            ],
        ),
        case(
            Gateway,
            "bump the batch timeout to 10s",
            vec![Proposed, Valid, Is("/processors/batch/timeout", json!("10s"))],
        ),
        case(
            Collector,
            "add a zipkin receiver on 9411 and feed it into traces",
            vec![
                Proposed,
                Valid,
                That("traces receives from a zipkin receiver on 9411", |o| {
                    o.get("/service/pipelines/traces/receivers")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().filter_map(Value::as_str).any(|n| {
                                n.starts_with("zipkin")
                                    && o.get("/receivers")
                                        .and_then(|r| r.get(n))
                                        .and_then(|r| r.get("endpoint"))
                                        .and_then(Value::as_str)
                                        .is_some_and(|e| e.ends_with(":9411"))
                            })
                        })
                }),
                Holds("/service/pipelines/traces/receivers", json!("otlp")),
            ],
        ),
        case(
            TplTraces,
            "can you restart otelcol for me",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Gateway,
            "collector's own logs to debug level",
            vec![Proposed, Valid, Is("/service/telemetry/logs/level", json!("debug"))],
        ),
        case(
            OtelAgent,
            "hostmetrics collection interval down to 10 seconds",
            vec![
                Proposed,
                Valid,
                Is("/receivers/hostmetrics/collection_interval", json!("10s")),
            ],
        ),
    ]
}

/// The misses of the first run, kept by their text.
fn known_gaps() -> Vec<&'static str> {
    vec![
        // Not understood (help): taking one middleware off one agent.
        "strip the tracing middleware from summarizer",
        // Wrong edit: removed the chat agent's temperature instead of setting it to 0.6.
        "the chat agent is way too random, drop its temp to 0.6",
        // Answered (no change): "audit_log exists already"; neither setting changed.
        "turn on prompt logging and set the audit log level to debug",
        // Not understood (help): a fix of the dangling references in slang.
        "patch up the busted refs",
        // Clarify: asked what to connect the writer with; the model was not set.
        "writer agent has no model, use the writer one",
        // Not understood (help): three required fields given in one request.
        "together base url is https://api.together.xyz/v1, weather url https://wx.example.com/forecast and sqlite path ./data/fc.db",
        // Not understood (help): a redis service asked for with a remark.
        "we need redis for caching, add it",
        // Answered (explained the two errors) instead of fixing them.
        "deploy job's needs are wrong, sort them",
        // Answered: read as the image job's container ("not set"); nothing removed.
        "drop the container image job",
        // Clarify: asked which template to create; no permissions set.
        "workflow should only get read access to contents",
        // Wrong edit: the zipkin receiver added to traces without the 9411 endpoint.
        "add a zipkin receiver on 9411 and feed it into traces",
        // Answered about the debug exporter; the collector's own log level not set.
        "collector's own logs to debug level",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 17",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 17, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
