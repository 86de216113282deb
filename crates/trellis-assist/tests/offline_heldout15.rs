//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting before it was run against the engine
//! (commit 704a703), without reading the engine, in the styles people type in the chat
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
//! First try: 62/86 (72.1%) — agent-stack 33/43, docker-compose 10/15, github-actions 8/14,
//! otel-collector 11/14. No expectation was corrected after the run: every failure was
//! checked against its fixture, template and schema and is the engine's. The 24 misses are
//! listed by their text and run by the ignored known-gaps test; 20 of them pass since (a
//! remark ended by "so", a health check "every 30 seconds", "unless I stop it", "an env var
//! X with value Y", "wrap … in retries", "cap … at 1000 tokens per response", "… instead of
//! 10 min", a trailing "it should be deterministic", "could X also get Y?", "sort that out"
//! / "clean them up" as a fix, "waits for the databse" while adding, a setup parameter's
//! word with a typo, "spans" for traces and a share that "makes it to the backend", "set
//! contents permission to write", "rate limt" with a letter missing, "for staging, not
//! production"): 82/86.

use serde_json::{json, Value};

mod offline_support;

use offline_support::*;

/// Whether the number at a pointer is `want`.
fn num_is(o: &Outcome, pointer: &str, want: f64) -> bool {
    num(o, pointer).is_some_and(|n| (n - want).abs() < 1e-9)
}

/// The temperature an agent runs at: its own, else its model's.
fn effective_temperature(o: &Outcome, agent: &str) -> Option<f64> {
    o.get(&format!("/agents/{agent}/temperature"))
        .and_then(Value::as_f64)
        .or_else(|| agent_model(o, agent)?.get("temperature")?.as_f64())
}

/// Whether some agent runs at temperature `t`.
fn some_agent_at(o: &Outcome, t: f64) -> bool {
    agent_names(o)
        .iter()
        .any(|a| effective_temperature(o, a).is_some_and(|x| (x - t).abs() < 1e-9))
}

/// Whether some agent's model's name contains `part`.
fn some_agent_on(o: &Outcome, part: &str) -> bool {
    agent_names(o).iter().any(|a| agent_model_is(o, a, part))
}

/// Whether a guardrails middleware refuses a topic containing `part`.
fn refuses(o: &Outcome, part: &str) -> bool {
    o.get("/middleware")
        .and_then(Value::as_object)
        .is_some_and(|m| {
            m.values().any(|mw| {
                mw.get("type") == Some(&json!("guardrails"))
                    && mw
                        .get("denied_topics")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().any(|t| {
                                t.as_str().is_some_and(|s| s.to_lowercase().contains(part))
                            })
                        })
            })
        })
}

/// Whether a list at `pointer` holds `n` as a number or as a string.
fn holds_num_or_str(o: &Outcome, pointer: &str, n: i64) -> bool {
    o.get(pointer).and_then(Value::as_array).is_some_and(|l| {
        l.iter()
            .any(|v| v.as_i64() == Some(n) || v.as_str() == Some(n.to_string().as_str()))
    })
}

/// Whether a compose size is 256 MB, in any of its spellings.
fn is_256m(v: Option<&Value>) -> bool {
    match v {
        Some(Value::String(s)) => {
            matches!(
                s.to_lowercase().as_str(),
                "256m" | "256mb" | "256mi" | "256mib"
            )
        }
        Some(Value::Number(n)) => n.as_u64() == Some(268_435_456),
        _ => false,
    }
}

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    const NO_CHANGE: &str = "no patch and not a proposal";
    vec![
        // ---------------------------------------------------------------- agent-stack
        // Setups from templates, with parameters.
        case(
            None,
            "can you set me up a research team? planner on gpt-4o-mini, researchers on gpt-4.1, and skip the reviewer",
            vec![
                Proposed,
                Valid,
                Absent("/agents/reviewer"),
                That("the researcher runs on gpt-4.1", |o| {
                    agent_model_is(o, "researcher", "gpt-4.1")
                }),
                That("the planner runs on gpt-4o-mini", |o| {
                    agent_model_is(o, "planner", "gpt-4o-mini")
                }),
            ],
        ),
        case(
            None,
            "start a local ollama assistant using qwen2.5, remember the last 50 messages",
            vec![
                Proposed,
                Valid,
                That("an ollama provider", |o| {
                    any_of(o, "/providers", |p| p.get("type") == Some(&json!("ollama")))
                }),
                That("an agent runs on qwen2.5", |o| some_agent_on(o, "qwen2.5")),
                That("a memory keeps 50 messages", |o| {
                    any_of(o, "/memory", |m| m.get("max_messages") == Some(&json!(50)))
                }),
            ],
        ),
        case(
            None,
            "I need a customer support bot for Acme Corp that refuses to talk about politics or crypto",
            vec![
                Proposed,
                Valid,
                That("an agent's instructions name Acme Corp", |o| {
                    any_of(o, "/agents", |a| {
                        a.get("system_prompt")
                            .and_then(Value::as_str)
                            .is_some_and(|s| s.contains("Acme Corp"))
                    })
                }),
                That("guardrails refuse politics", |o| refuses(o, "politic")),
                That("guardrails refuse crypto", |o| refuses(o, "crypto")),
            ],
        ),
        case(
            None,
            "new stack pls: production assistant on openai, 200 requests per minute, cache responses for 30 min",
            vec![
                Proposed,
                Valid,
                That("a rate limit of 200 requests per minute", |o| {
                    any_of(o, "/middleware", |m| {
                        m.get("type") == Some(&json!("rate_limit"))
                            && m.get("requests_per_minute") == Some(&json!(200))
                    })
                }),
                That("a cache of 1800 s", |o| {
                    any_of(o, "/middleware", |m| {
                        m.get("type") == Some(&json!("cache"))
                            && m.get("ttl_s").and_then(Value::as_f64) == Some(1800.0)
                    })
                }),
            ],
        ),
        case(
            None,
            "rag setup over my docs in ./kb/index, return 10 pasages per question",
            vec![
                Proposed,
                Valid,
                That("a vector memory at ./kb/index recalling 10", |o| {
                    any_of(o, "/memory", |m| {
                        m.get("type") == Some(&json!("vector"))
                            && m.get("path") == Some(&json!("./kb/index"))
                            && m.get("top_k") == Some(&json!(10))
                    })
                }),
            ],
        ),
        case(
            None,
            "claude writing assistant, no web search, temperature 0.3",
            vec![
                Proposed,
                Valid,
                That("an anthropic provider", |o| {
                    any_of(o, "/providers", |p| p.get("type") == Some(&json!("anthropic")))
                }),
                That("an agent at temperature 0.3", |o| some_agent_at(o, 0.3)),
                That("no web search tool", |o| {
                    !any_of(o, "/tools", |t| t.get("name") == Some(&json!("web_search")))
                }),
            ],
        ),
        case(
            None,
            "code review bot that reads the repo at /srv/repos/api",
            vec![
                Proposed,
                Valid,
                That("a tool reads /srv/repos/api", |o| {
                    any_of(o, "/tools", |t| {
                        t.get("args")
                            .and_then(Value::as_array)
                            .is_some_and(|a| a.contains(&json!("/srv/repos/api")))
                    })
                }),
            ],
        ),
        // Adding, removing, renaming, connecting.
        case(
            ResearchDesk,
            "could the researcher also get a calculator?",
            vec![
                Proposed,
                Valid,
                That("the researcher has a calculator", |o| {
                    names_one(o, "/agents/researcher/tools", "tools", |t| {
                        t.get("name") == Some(&json!("calculator"))
                    })
                }),
                Holds("/agents/researcher/tools", json!("web_search")),
                Holds("/agents/researcher/tools", json!("arxiv")),
            ],
        ),
        case(
            ResearchDesk,
            "we stopped paying for arxiv lookups, take that tool out",
            vec![
                Proposed,
                Valid,
                Absent("/tools/arxiv"),
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Present("/tools/web_search"),
            ],
        ),
        case(
            ResearchDesk,
            "rename the writer agent to editor",
            vec![
                Proposed,
                Valid,
                Absent("/agents/writer"),
                Is("/agents/editor/model", json!("writer")),
                Holds("/agents/planner/delegates_to", json!("editor")),
                Present("/models/writer"),
            ],
        ),
        case(
            SupportDesk,
            "let the generalist hand off to billing too",
            vec![
                Proposed,
                Valid,
                Holds("/agents/generalist/delegates_to", json!("billing")),
            ],
        ),
        case(
            LocalOllama,
            "hook the calculator up to the chat agent as well",
            vec![
                Proposed,
                Valid,
                Holds("/agents/chat/tools", json!("calc")),
                Holds("/agents/librarian/tools", json!("calc")),
            ],
        ),
        case(
            TplProduction,
            "drop the summarizer, we don't need it anymore",
            vec![
                Proposed,
                Valid,
                Absent("/agents/summarizer"),
                Present("/agents/assistant"),
            ],
        ),
        case(
            SupportDesk,
            "add an http tool status_page that GETs https://status.internal/api/summary and give it to triage",
            vec![
                Proposed,
                Valid,
                Is("/tools/status_page/type", json!("http")),
                Is("/tools/status_page/url", json!("https://status.internal/api/summary")),
                That("method GET (or the default)", |o| {
                    matches!(o.get("/tools/status_page/method"), Option::None)
                        || o.get("/tools/status_page/method") == Some(&json!("GET"))
                }),
                Holds("/agents/triage/tools", json!("status_page")),
            ],
        ),
        // Values, with units.
        case(
            ResearchDesk,
            "bump the openai timeout to 2 minutes",
            vec![
                Proposed,
                Valid,
                That("timeout_s is 120", |o| num_is(o, "/providers/openai/timeout_s", 120.0)),
            ],
        ),
        case(
            SupportDesk,
            "cache for an hour instead of 10 min",
            vec![
                Proposed,
                Valid,
                That("ttl_s is 3600", |o| num_is(o, "/middleware/cache/ttl_s", 3600.0)),
            ],
        ),
        case(
            SupportDesk,
            "raise the rate limt to 1000 requests a minute",
            vec![
                Proposed,
                Valid,
                Is("/middleware/limits/requests_per_minute", json!(1000)),
                Is("/middleware/limits/tokens_per_minute", json!(200000)),
            ],
        ),
        case(
            SupportDesk,
            "only trace 5% of requests",
            vec![
                Proposed,
                Valid,
                That("sample_rate is 0.05", |o| {
                    num_is(o, "/middleware/traces/sample_rate", 0.05)
                }),
            ],
        ),
        case(
            ResearchDesk,
            "notes should expire after 12 hours",
            vec![
                Proposed,
                Valid,
                That("ttl_s is 43200", |o| num_is(o, "/memory/notes/ttl_s", 43200.0)),
            ],
        ),
        case(
            TplProduction,
            "cap the chat model at 1000 tokens per response",
            vec![Proposed, Valid, Is("/models/chat/max_tokens", json!(1000))],
        ),
        case(
            ResearchDesk,
            "make the writer a bit less creative, temprature 0.4",
            vec![
                Proposed,
                Valid,
                That("the writer runs at 0.4", |o| {
                    effective_temperature(o, "writer").is_some_and(|t| (t - 0.4).abs() < 1e-9)
                }),
            ],
        ),
        case(
            TplSupport,
            "allow messages up to 6000 characters",
            vec![
                Proposed,
                Valid,
                Is("/middleware/guardrails/max_input_chars", json!(6000)),
            ],
        ),
        case(
            ResearchDesk,
            "set the audit log to debug and have it log prompts",
            vec![
                Proposed,
                Valid,
                Is("/middleware/audit_log/level", json!("debug")),
                Is("/middleware/audit_log/log_prompts", json!(true)),
            ],
        ),
        case(
            TplEnvironments,
            "in prod, sample 25% of traces",
            vec![
                Proposed,
                Valid,
                That("prod samples 0.25", |o| {
                    num_is(o, "/environments/prod/overrides/middleware/tracing/sample_rate", 0.25)
                }),
                That("the base still samples everything", |o| {
                    num_is(o, "/middleware/tracing/sample_rate", 1.0)
                }),
            ],
        ),
        case(
            TplReview,
            "reviewer temperature 0 please, it should be deterministic",
            vec![
                Proposed,
                Valid,
                That("the reviewer runs at 0", |o| {
                    effective_temperature(o, "reviewer") == Some(0.0)
                }),
            ],
        ),
        // Middleware across agents.
        case(
            ResearchDesk,
            "put rate limiting on all agents, 60 requests per minute",
            vec![
                Proposed,
                Valid,
                That("every agent is rate limited", |o| all_agents_have(o, "rate_limit")),
                That("60 requests per minute", |o| {
                    any_of(o, "/middleware", |m| {
                        m.get("type") == Some(&json!("rate_limit"))
                            && m.get("requests_per_minute") == Some(&json!(60))
                    })
                }),
            ],
        ),
        case(
            TplResearch,
            "every agent in this team should cache its model calls",
            vec![
                Proposed,
                Valid,
                That("every agent has a cache", |o| all_agents_have(o, "cache")),
            ],
        ),
        case(
            LocalOllama,
            "wrap both agents in retries with 5 atempts",
            vec![
                Proposed,
                Valid,
                That("every agent retries", |o| all_agents_have(o, "retry")),
                That("5 attempts", |o| {
                    any_of(o, "/middleware", |m| {
                        m.get("type") == Some(&json!("retry"))
                            && m.get("max_attempts") == Some(&json!(5))
                    })
                }),
            ],
        ),
        case(
            TplAnthropic,
            "I want tracing on the writer, send spans to http://collector:4318",
            vec![
                Proposed,
                Valid,
                That("the writer is traced", |o| agent_has_middleware(o, "writer", "tracing")),
                That("to http://collector:4318", |o| {
                    any_of(o, "/middleware", |m| {
                        m.get("type") == Some(&json!("tracing"))
                            && m.get("endpoint") == Some(&json!("http://collector:4318"))
                    })
                }),
            ],
        ),
        // Validation errors: explain and fix.
        case(
            Dangling,
            "copywriter points at stuff that doesn't exist, can you sort that out?",
            vec![
                Proposed,
                Valid,
                Is("/agents/copywriter/model", json!("writer")),
                Holds("/agents/copywriter/tools", json!("calculator")),
            ],
        ),
        case(
            OutOfRange,
            "how come this file doesn't validate?",
            vec![Says(&["creative", "storyteller", "max_retries"])],
        ),
        case(
            EnumTypos,
            "fix the typos in the type fields",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/type", json!("openai")),
                Is("/memory/sessions/type", json!("redis")),
            ],
        ),
        case(
            MissingModel,
            "the writer agent has no model, give it the writer modle",
            vec![Proposed, Valid, Is("/agents/writer/model", json!("writer"))],
        ),
        case(
            Cycle,
            "break the delegation loop, reviewer shouldn't delegate back to planner",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/reviewer/delegates_to", json!("planner")),
                Holds("/agents/planner/delegates_to", json!("researcher")),
                Holds("/agents/researcher/delegates_to", json!("reviewer")),
            ],
        ),
        case(
            UnusedSecret,
            "don't hardcode the openai key, use an env var",
            vec![
                Proposed,
                Valid,
                That("the key is a ${VARIABLE}", |o| {
                    o.get("/providers/openai/api_key")
                        .and_then(Value::as_str)
                        .is_some_and(|k| k.starts_with("${") && k.ends_with('}'))
                }),
                That("the literal key is gone", |o| !mentions(o, "sk-proj")),
            ],
        ),
        case(
            YamlTypes,
            "whats wrong with this file",
            vec![Says(&["browser", "surfer"])],
        ),
        // Impact questions and descriptions.
        case(
            ResearchDesk,
            "what uses the smart model?",
            vec![That(NO_CHANGE, no_change), Says(&["researcher"])],
        ),
        case(
            SupportDesk,
            "what breaks if i delete the conversations memory",
            vec![That(NO_CHANGE, no_change), Says(&["billing", "generalist"])],
        ),
        case(
            TplProduction,
            "which agents go through the cache?",
            vec![That(NO_CHANGE, no_change), Says(&["assistant"])],
        ),
        case(
            SupportDesk,
            "walk me through what's in this support config",
            vec![
                That(NO_CHANGE, no_change),
                Says(&["triage", "billing", "generalist"]),
            ],
        ),
        // Nothing to change.
        case(
            ResearchDesk,
            "what's the weather in Berlin today",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(Mini, "change it", vec![That(NO_CHANGE, no_change)]),
        case(
            Mini,
            "set the temperature to 5",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ------------------------------------------------------------- docker-compose
        case(
            ComposeNone,
            "spin up a web app with postgres 15 and redis, publish it on port 3000",
            vec![
                Proposed,
                Valid,
                That("a postgres:15 service", |o| {
                    any_of(o, "/services", |s| s.get("image") == Some(&json!("postgres:15")))
                }),
                That("a redis service", |o| {
                    any_of(o, "/services", |s| {
                        s.get("image")
                            .and_then(Value::as_str)
                            .is_some_and(|i| i.starts_with("redis"))
                    })
                }),
                That("port 3000 published", |o| {
                    any_of(o, "/services", |s| {
                        s.get("ports").and_then(Value::as_array).is_some_and(|p| {
                            p.iter()
                                .any(|x| x.as_str().is_some_and(|x| x.starts_with("3000:")))
                        })
                    })
                }),
            ],
        ),
        case(
            ComposeNone,
            "prometheus + grafana, keep 30 days of metrics, grafana on 3001, no node exporter",
            vec![
                Proposed,
                Valid,
                Absent("/services/node-exporter"),
                That("retention of 30 days", |o| {
                    list_has(o, "/services/prometheus/command", "retention.time=30d")
                        || list_has(o, "/services/prometheus/command", "retention.time=720h")
                }),
                That("grafana on 3001", |o| {
                    list_has(o, "/services/grafana/ports", "3001:3000")
                }),
            ],
        ),
        case(
            WebStack,
            "add a worker service from ghcr.io/example/storefront-worker:1.4 that waits for the databse",
            vec![
                Proposed,
                Valid,
                Is("/services/worker/image", json!("ghcr.io/example/storefront-worker:1.4")),
                That("the worker waits for db", |o| {
                    names(o, "/services/worker/depends_on", "db")
                }),
            ],
        ),
        case(
            Web,
            "i'll use a managed database, so delete the db container",
            vec![Proposed, Valid, Absent("/services/db"), Present("/services/web")],
        ),
        case(
            WebStack,
            "call the cache service redis instead",
            vec![
                Proposed,
                Valid,
                Present("/services/redis"),
                Absent("/services/cache"),
                That("api depends on redis", |o| {
                    names(o, "/services/api/depends_on", "redis")
                }),
            ],
        ),
        case(
            Monitoring,
            "limit cadvisor to 256 megs of memory",
            vec![
                Proposed,
                Valid,
                That("cadvisor limited to 256 MB", |o| {
                    is_256m(o.get("/services/cadvisor/mem_limit"))
                        || is_256m(o.get("/services/cadvisor/deploy/resources/limits/memory"))
                }),
            ],
        ),
        case(
            WebStack,
            "make the api health check run every 30 seconds",
            vec![
                Proposed,
                Valid,
                Is("/services/api/healthcheck/interval", json!("30s")),
            ],
        ),
        case(
            Web,
            "web should restart automaticaly unless I stop it",
            vec![Proposed, Valid, Is("/services/web/restart", json!("unless-stopped"))],
        ),
        case(
            Web,
            "web needs an env var LOG_LEVEL with value debug",
            vec![
                Proposed,
                Valid,
                That("web has LOG_LEVEL=debug", |o| env_has(o, "web", "LOG_LEVEL", "debug")),
            ],
        ),
        case(
            ComposeTypos,
            "there are some typos in the key names, please correct them",
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
            "what do these three errors mean?",
            vec![Says(&["backend", "dbdata", "db_pasword"])],
        ),
        case(
            WebStack,
            "which services need the db to be up?",
            vec![That(NO_CHANGE, no_change), Says(&["api"])],
        ),
        case(
            Monitoring,
            "what happens if I take out prometheus?",
            vec![That(NO_CHANGE, no_change), Says(&["grafana"])],
        ),
        case(
            TplProxy,
            "set the acme email to ops@shop.io",
            vec![
                Proposed,
                Valid,
                That("ACME_EMAIL is ops@shop.io", |o| {
                    env_has(o, "proxy", "ACME_EMAIL", "ops@shop.io")
                }),
            ],
        ),
        case(Web, "what is kubernetes?", vec![That(NO_CHANGE, no_change)]),
        // ------------------------------------------------------------- github-actions
        case(
            ActionsNone,
            "rust ci on develop, also test on macos and windows, and skip clippy",
            vec![
                Proposed,
                Valid,
                Holds("/on/push/branches", json!("develop")),
                Holds("/jobs/test/strategy/matrix/os", json!("ubuntu-latest")),
                Holds("/jobs/test/strategy/matrix/os", json!("macos-latest")),
                Holds("/jobs/test/strategy/matrix/os", json!("windows-latest")),
                Absent("/jobs/clippy"),
            ],
        ),
        case(
            ActionsNone,
            "set up CI for our node project, we use pnpm, test against node 18 and 20",
            vec![
                Proposed,
                Valid,
                That("node 18 in the matrix", |o| {
                    holds_num_or_str(o, "/jobs/test/strategy/matrix/node", 18)
                }),
                That("node 20 in the matrix", |o| {
                    holds_num_or_str(o, "/jobs/test/strategy/matrix/node", 20)
                }),
                That("tests run with pnpm", |o| runs(o, "test", "pnpm")),
            ],
        ),
        case(
            Flow,
            "after build finishes, run cargo test in a separate job called test",
            vec![
                Proposed,
                Valid,
                That("test needs build", |o| names(o, "/jobs/test/needs", "build")),
                That("test runs cargo test", |o| runs(o, "test", "cargo test")),
            ],
        ),
        case(
            CiNode,
            "lint job should time out after 5 minutes",
            vec![Proposed, Valid, Is("/jobs/lint/timeout-minutes", json!(5))],
        ),
        case(
            CiNode,
            "we lint in a pre-commit hook now so the lint job can go",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/lint"),
                That("build no longer needs lint", |o| !names(o, "/jobs/build/needs", "lint")),
                That("build still needs test", |o| names(o, "/jobs/build/needs", "test")),
            ],
        ),
        case(
            Flow,
            "also run on pull requests to main",
            vec![
                Proposed,
                Valid,
                Present("/on/pull_request"),
                Present("/on/push"),
                That("pull requests to main (or all)", |o| {
                    match o.get("/on/pull_request/branches") {
                        Option::None => true,
                        Some(Value::Array(a)) => a.contains(&json!("main")),
                        Some(v) => v == &json!("main"),
                    }
                }),
            ],
        ),
        case(
            Nightly,
            "run it at 4am evry day instead",
            vec![
                Proposed,
                Valid,
                Is("/on/schedule/0/cron", json!("0 4 * * *")),
                That("one schedule", |o| {
                    o.get("/on/schedule").and_then(Value::as_array).map(Vec::len) == Some(1)
                }),
            ],
        ),
        case(
            DanglingNeeds,
            "deploy has bad needs entries, clean them up",
            vec![
                Proposed,
                Valid,
                That("deploy needs build", |o| names(o, "/jobs/deploy/needs", "build")),
            ],
        ),
        case(
            Nightly,
            "which jobs wait on e2e?",
            vec![That(NO_CHANGE, no_change), Says(&["deploy-staging", "notify"])],
        ),
        case(
            CiNode,
            "what breaks if I drop the test job?",
            vec![That(NO_CHANGE, no_change), Says(&["build"])],
        ),
        case(
            TplRelease,
            "we don't publish docker images, remove that part",
            vec![Proposed, Valid, Absent("/jobs/image"), Present("/jobs/release")],
        ),
        case(
            CiNode,
            "set contents permission to write",
            vec![Proposed, Valid, Is("/permissions/contents", json!("write"))],
        ),
        case(
            Flow,
            "add workflow_dispatch so i can trigger it manualy",
            vec![
                Proposed,
                Valid,
                Present("/on/workflow_dispatch"),
                Present("/on/push"),
            ],
        ),
        case(Flow, "can you write my resume", vec![That(NO_CHANGE, no_change)]),
        // ------------------------------------------------------------- otel-collector
        case(
            OtelNone,
            "traces collector sending to jaeger:4317, keep 10% of traces",
            vec![
                Proposed,
                Valid,
                Present("/service/pipelines/traces"),
                That("exports to jaeger:4317", |o| {
                    any_of(o, "/exporters", |e| {
                        e.get("endpoint") == Some(&json!("jaeger:4317"))
                    })
                }),
                That("keeps 10%", |o| {
                    any_of(o, "/processors", |p| {
                        p.get("sampling_percentage").and_then(Value::as_f64) == Some(10.0)
                    })
                }),
            ],
        ),
        case(
            OtelNone,
            "metrics collector scraping app:8080 and node:9100, remote write to http://mimir:9009/api/v1/push, every 15s",
            vec![
                Proposed,
                Valid,
                Present("/service/pipelines/metrics"),
                That("remote write to mimir", |o| {
                    any_of(o, "/exporters", |e| {
                        e.get("endpoint") == Some(&json!("http://mimir:9009/api/v1/push"))
                    })
                }),
                That("scrapes app:8080", |o| mentions(o, "app:8080")),
                That("scrapes node:9100", |o| mentions(o, "node:9100")),
                Is("/receivers/hostmetrics/collection_interval", json!("15s")),
            ],
        ),
        case(
            Collector,
            "batch the spans before they go out",
            vec![
                Proposed,
                Valid,
                Present("/processors/batch"),
                Holds("/service/pipelines/traces/processors", json!("batch")),
            ],
        ),
        case(
            Gateway,
            "remove the pprof extension",
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
            "set the host metrics intervall to 1 minute",
            vec![
                Proposed,
                Valid,
                That("collection_interval is a minute", |o| {
                    matches!(
                        o.get("/receivers/hostmetrics/collection_interval")
                            .and_then(Value::as_str),
                        Some("1m" | "60s")
                    )
                }),
            ],
        ),
        case(
            TplTraces,
            "only half the traces need to make it to the backend",
            vec![
                Proposed,
                Valid,
                That("sampling_percentage is 50", |o| {
                    num_is(o, "/processors/probabilistic_sampler/sampling_percentage", 50.0)
                }),
            ],
        ),
        case(
            Gateway,
            "bump the memory limit to 2 GB",
            vec![
                Proposed,
                Valid,
                That("limit_mib is 2 GB", |o| {
                    matches!(
                        o.get("/processors/memory_limiter/limit_mib").and_then(Value::as_i64),
                        Some(2048 | 2000 | 1907)
                    )
                }),
            ],
        ),
        case(
            OtelDangling,
            "the pipeline lists things that aren't defined, can you repair it",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
                Holds("/service/pipelines/traces/processors", json!("batch")),
            ],
        ),
        case(
            Gateway,
            "what uses the resource processor?",
            vec![That(NO_CHANGE, no_change), Says(&["traces", "metrics", "logs"])],
        ),
        case(
            OtelAgent,
            "what breaks if i remove file_storage",
            vec![
                That(NO_CHANGE, no_change),
                Says(&["filelog/app", "otlphttp/loki"]),
            ],
        ),
        case(
            TplMetrics,
            "this collector is for staging, not production",
            vec![
                Proposed,
                Valid,
                That("deployment.environment is staging", |o| {
                    o.get("/processors/resource/attributes")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().any(|a| {
                                a.get("key") == Some(&json!("deployment.environment"))
                                    && a.get("value") == Some(&json!("staging"))
                            })
                        })
                }),
            ],
        ),
        case(
            Gateway,
            "stop sending logs to the debug exporter",
            vec![
                Proposed,
                Valid,
                Lacks("/service/pipelines/logs/exporters", json!("debug")),
                Holds("/service/pipelines/logs/exporters", json!("otlp/vendor")),
            ],
        ),
        case(Collector, "how do I cook rice", vec![That(NO_CHANGE, no_change)]),
        case(
            TplTraces,
            "what does this collector config do, in short?",
            vec![That(NO_CHANGE, no_change), Says(&["otlp", "otlp/backend"])],
        ),
    ]
}

/// The misses of the first run, kept by their text.
fn known_gaps() -> Vec<&'static str> {
    vec![
        // Refused: read "log prompts" as a reference ("cannot refer to a middleware").
        "set the audit log to debug and have it log prompts",
        // Wrong edit: the Rust CI template kept branch main, "on develop" was dropped.
        "rust ci on develop, also test on macos and windows, and skip clippy",
        // Not understood (help): a new test job that needs build.
        "after build finishes, run cargo test in a separate job called test",
        // Not understood (help): removing the image job of the release template.
        "we don't publish docker images, remove that part",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 15",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 15, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
