//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting at commit 4240465 before it was run
//! against the engine, without reading the engine, from the schemas, fixtures, templates
//! and the shared harness only. The voice is mixed: about half a newcomer's, as typed in
//! the chat panel beside the canvas (chatty, polite, goals rather than fields, questions
//! that are edits, remarks before the request, lowercase, chat shorthand, a few real
//! typos), and half a busy expert's terse shorthand. It covers every intent of the offline
//! engine: setups from the gallery with parameters, adding, removing, renaming and
//! connecting components, values with units, in words and relative, middleware across
//! agents, explaining and fixing validation errors, impact questions, descriptions, and
//! requests that must get no edit (nonsense, things the document cannot express, planted
//! instructions). Judged by the document each proposal makes, and by the names an answer
//! gives for questions, never by the reply's wording.
//!
//! 86 requests: 43 agent-stack, 15 docker-compose, 14 github-actions, 14 otel-collector.
//!
//! Written at 4240465 by one examiner; run once, unchanged, on 38bf4f5 by a second, after
//! all of that stop's engine work.
//!
//! Run on: 38bf4f5 (run once, unchanged, by a second examiner)
//!
//! First try: 61/86 (70.9 %): agent-stack 34/43, docker-compose 9/15, github-actions 7/14, otel-collector 11/14
//!
//! Corrected after the run (the first-try count stands): "scraped every 10s" looked for
//! `scrape_interval: 10s` only, but the compose-monitoring template always writes the
//! interval as a quoted string (`scrape_interval: "10s"`); it now accepts either, and
//! that case passes.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// Whether a number is there and equals `want` (integers and floats alike).
fn near(v: Option<f64>, want: f64) -> bool {
    v.is_some_and(|x| (x - want).abs() < 1e-9)
}

/// The temperature an agent runs at: its own, else its model's.
fn effective_temperature(o: &Outcome, agent: &str) -> Option<f64> {
    num(o, &format!("/agents/{agent}/temperature"))
        .or_else(|| agent_model(o, agent)?.get("temperature")?.as_f64())
}

/// Whether some agent runs on a model whose name contains `part`.
fn some_agent_on(o: &Outcome, part: &str) -> bool {
    agent_names(o).iter().any(|a| agent_model_is(o, a, part))
}

/// Whether some agent runs at temperature `t` (its own or its model's).
fn some_agent_at(o: &Outcome, t: f64) -> bool {
    agent_names(o)
        .iter()
        .any(|a| near(effective_temperature(o, a), t))
}

/// Whether the agent's model is named exactly `name`.
fn agent_model_named(o: &Outcome, agent: &str, name: &str) -> bool {
    agent_model(o, agent)
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        == Some(name)
}

/// Whether a vector memory indexes ./kb/index, recalls 12 passages, has 3072 dimensions
/// and embeds with a model named text-embedding-3-large.
fn rag_index_ok(o: &Outcome) -> bool {
    o.get("/memory")
        .and_then(Value::as_object)
        .is_some_and(|m| {
            m.values().any(|mem| {
                field_str(mem, "type") == Some("vector")
                    && field_str(mem, "path").map(|p| p.trim_end_matches('/')) == Some("./kb/index")
                    && near(field_num(mem, "top_k"), 12.0)
                    && near(field_num(mem, "dimensions"), 3072.0)
                    && field_str(mem, "embedding_model")
                        .and_then(|n| o.after.get("models")?.get(n))
                        .and_then(|model| field_str(model, "name"))
                        == Some("text-embedding-3-large")
            })
        })
}

/// The name of a compose service whose image starts with `prefix`.
fn service_with_image(o: &Outcome, prefix: &str) -> Option<String> {
    o.get("/services")
        .and_then(Value::as_object)?
        .iter()
        .find(|(_, s)| field_str(s, "image").is_some_and(|i| i.starts_with(prefix)))
        .map(|(name, _)| name.clone())
}

/// Whether some service with an image starting with `prefix` publishes on host port `host`.
fn image_published_on(o: &Outcome, prefix: &str, host: u64) -> bool {
    o.get("/services")
        .and_then(Value::as_object)
        .is_some_and(|m| {
            m.iter().any(|(name, s)| {
                field_str(s, "image").is_some_and(|i| i.starts_with(prefix))
                    && publishes_on(o, name, host)
            })
        })
}

/// Whether a service's memory is limited to 768 MiB (deploy limits or mem_limit).
fn limited_to_768m(o: &Outcome, service: &str) -> bool {
    let ok = |v: Option<&Value>| match v {
        Some(Value::String(s)) => {
            let s = s.to_lowercase();
            let s = s.trim_end_matches('b');
            matches!(s, "768m" | "768mi" | "805306368")
        }
        Some(Value::Number(n)) => n.as_u64() == Some(768 << 20),
        _ => false,
    };
    ok(o.get(&format!(
        "/services/{service}/deploy/resources/limits/memory"
    ))) || ok(o.get(&format!("/services/{service}/mem_limit")))
}

/// Whether some job's matrix list `key` holds version `n` (number or string).
fn matrix_holds(o: &Outcome, key: &str, n: u64) -> bool {
    o.get("/jobs")
        .and_then(Value::as_object)
        .is_some_and(|jobs| {
            jobs.keys()
                .any(|j| holds_version(o, &format!("/jobs/{j}/strategy/matrix/{key}"), n))
        })
}

/// Whether some job's matrix list `key` holds a string starting with `prefix`.
fn matrix_has_prefix(o: &Outcome, key: &str, prefix: &str) -> bool {
    o.get("/jobs")
        .and_then(Value::as_object)
        .is_some_and(|jobs| {
            jobs.values().any(|job| {
                job.pointer(&format!("/strategy/matrix/{key}"))
                    .and_then(Value::as_array)
                    .is_some_and(|l| {
                        l.iter()
                            .any(|v| v.as_str().is_some_and(|s| s.starts_with(prefix)))
                    })
            })
        })
}

/// Whether, in the job's steps, a command containing `then` runs no earlier than one
/// containing `first`.
fn step_after(o: &Outcome, job: &str, first: &str, then: &str) -> bool {
    let Some(steps) = o
        .get(&format!("/jobs/{job}/steps"))
        .and_then(Value::as_array)
    else {
        return false;
    };
    let run = |s: &Value| {
        s.get("run")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let a = steps.iter().position(|s| run(s).contains(first));
    let b = steps.iter().rposition(|s| run(s).contains(then));
    matches!((a, b), (Some(a), Some(b)) if b >= a)
}

/// Whether every component an otel pipeline names is configured.
fn pipeline_refs_resolve(o: &Outcome, pipeline: &str) -> bool {
    let defined = |collections: &[&str], n: &str| {
        collections
            .iter()
            .any(|c| o.after.get(*c).and_then(|m| m.get(n)).is_some())
    };
    let list = |k: &str| -> Vec<String> {
        o.get(&format!("/service/pipelines/{pipeline}/{k}"))
            .and_then(Value::as_array)
            .map(|l| {
                l.iter()
                    .filter_map(Value::as_str)
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    };
    list("receivers")
        .iter()
        .all(|n| defined(&["receivers", "connectors"], n))
        && list("processors")
            .iter()
            .all(|n| defined(&["processors"], n))
        && list("exporters")
            .iter()
            .all(|n| defined(&["exporters", "connectors"], n))
}

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ------------------------------------------------------------------ agent-stack
        // Setups from the gallery, with parameters.
        case(
            None,
            "hey there! I'd like to try one of those writing assistants on claude. could you use claude-opus-4 and let it be a bit more creative, like temperature 0.9?",
            vec![
                Proposed,
                Valid,
                That("an anthropic provider", |o| {
                    any_of(o, "/providers", |p| field_str(p, "type") == Some("anthropic"))
                }),
                That("an agent on claude-opus-4", |o| some_agent_on(o, "claude-opus-4")),
                That("an agent at temperature 0.9", |o| some_agent_at(o, 0.9)),
            ],
        ),
        case(
            None,
            "new stack: rag over ./kb/index, top_k 12, embeddings text-embedding-3-large @ 3072 dims",
            vec![
                Proposed,
                Valid,
                That(
                    "a vector memory in ./kb/index, 12 passages, 3072 dimensions, embedded by text-embedding-3-large",
                    rag_index_ok,
                ),
            ],
        ),
        case(
            None,
            "Hi! Could you make me a support agent for Brightside Bikes? people sometimes paste really long messages, so please allow up to 6000 characters",
            vec![
                Proposed,
                Valid,
                That("guardrails allowing 6000 characters", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("guardrails")
                            && near(field_num(m, "max_input_chars"), 6000.0)
                    })
                }),
                That("the agent speaks for Brightside Bikes", |o| {
                    mentions(o, "Brightside Bikes")
                }),
            ],
        ),
        case(
            None,
            "scaffold a multi-agent research team: planner on gpt-4.1-mini, researcher + writer on gpt-4.1, keep the reviewer",
            vec![
                Proposed,
                Valid,
                That("the planner on gpt-4.1-mini", |o| {
                    agent_model_named(o, "planner", "gpt-4.1-mini")
                }),
                That("the researcher on gpt-4.1", |o| {
                    agent_model_named(o, "researcher", "gpt-4.1")
                }),
                That("the writer on gpt-4.1", |o| agent_model_named(o, "writer", "gpt-4.1")),
                Present("/agents/reviewer"),
            ],
        ),
        case(
            None,
            "i want one assistant config with dev, staging and prod. on my laptop (dev) it should run qwen2.5 through ollama, and in production only trace 2 percent of requests",
            vec![
                Proposed,
                Valid,
                Present("/environments/dev"),
                Present("/environments/staging"),
                Present("/environments/prod"),
                That("dev runs qwen2.5 on ollama", |o| {
                    o.get("/environments/dev").is_some_and(|d| {
                        let s = d.to_string();
                        s.contains("qwen2.5") && s.contains("ollama")
                    })
                }),
                That("prod traces 2% of requests", |o| {
                    any_of(o, "/environments/prod/overrides/middleware", |m| {
                        near(field_num(m, "sample_rate"), 0.02)
                    })
                }),
            ],
        ),
        case(
            None,
            "self-hosted json stack -> http://10.0.0.5:8080/v1, model mistralai/Mistral-7B-Instruct-v0.3, ctx 32768",
            vec![
                Proposed,
                Valid,
                That("an openai-compatible provider at 10.0.0.5", |o| {
                    any_of(o, "/providers", |p| {
                        field_str(p, "type") == Some("openai_compatible")
                            && field_str(p, "base_url") == Some("http://10.0.0.5:8080/v1")
                    })
                }),
                That("an agent on the Mistral model", |o| {
                    some_agent_on(o, "mistralai/Mistral-7B-Instruct-v0.3")
                }),
                That("a 32768-token context window", |o| {
                    any_of(o, "/models", |m| near(field_num(m, "context_window"), 32768.0))
                }),
            ],
        ),
        // Adding components.
        case(
            Mini,
            "my assistant should be able to look things up online, can you give it web search?",
            vec![
                Proposed,
                Valid,
                That("the assistant has web search", |o| {
                    names_one(o, "/agents/assistant/tools", "tools", |t| {
                        field_str(t, "name") == Some("web_search")
                    })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "Could the writer get a calculator too? it keeps getting the numbers in the reports wrong",
            vec![
                Proposed,
                Valid,
                That("the writer has a calculator", |o| {
                    names_one(o, "/agents/writer/tools", "tools", |t| {
                        field_str(t, "name") == Some("calculator")
                    })
                }),
            ],
        ),
        case(
            SupportDesk,
            "http tool order_status: GET https://orders.internal/api/v1/status, give it to generalist",
            vec![
                Proposed,
                Valid,
                Is("/tools/order_status/type", json!("http")),
                Is(
                    "/tools/order_status/url",
                    json!("https://orders.internal/api/v1/status"),
                ),
                That("GET, said or by default", |o| {
                    let m = o.get("/tools/order_status/method");
                    m.is_none() || m == Some(&json!("GET"))
                }),
                Holds("/agents/generalist/tools", json!("order_status")),
                Holds("/agents/generalist/tools", json!("tickets")),
            ],
        ),
        case(
            TplRag,
            "could you add a second agent called summarizer that uses the same answer model and just writes short summaries of the docs?",
            vec![
                Proposed,
                Valid,
                Is("/agents/summarizer/model", json!("answer")),
                That("the summarizer is told to summarise", |o| {
                    agent_text_has(o, "summarizer", "summar")
                }),
                Present("/agents/answerer"),
            ],
        ),
        // Removing.
        case(
            TplProduction,
            "we don't really need the summarizer agent anymore, can you take it out?",
            vec![
                Proposed,
                Valid,
                Absent("/agents/summarizer"),
                Present("/agents/assistant"),
            ],
        ),
        case(
            ResearchDesk,
            "delete tool arxiv and its refs",
            vec![
                Proposed,
                Valid,
                Absent("/tools/arxiv"),
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Holds("/agents/researcher/tools", json!("web_search")),
            ],
        ),
        case(
            SupportDesk,
            "caching is giving our customers stale answers :( please get rid of the cache middleware entirly",
            vec![
                Proposed,
                Valid,
                Absent("/middleware/cache"),
                Lacks("/agents/triage/middleware", json!("cache")),
                Holds("/agents/triage/middleware", json!("safety")),
            ],
        ),
        // Renaming.
        case(
            ResearchDesk,
            "rename agent writer -> author",
            vec![
                Proposed,
                Valid,
                Present("/agents/author"),
                Absent("/agents/writer"),
                Is("/agents/author/model", json!("writer")),
                Holds("/agents/planner/delegates_to", json!("author")),
            ],
        ),
        case(
            TplSupport,
            "the name 'support' is a bit confusing for the agent, could we call it 'helpdesk' instead?",
            vec![
                Proposed,
                Valid,
                Present("/agents/helpdesk"),
                Absent("/agents/support"),
            ],
        ),
        case(
            LocalOllama,
            "rename model llama → llama3_chat",
            vec![
                Proposed,
                Valid,
                Present("/models/llama3_chat"),
                Absent("/models/llama"),
                Is("/agents/librarian/model", json!("llama3_chat")),
                Is("/agents/chat/model", json!("llama3_chat")),
            ],
        ),
        // Connecting.
        case(
            ResearchDesk,
            "the writer should be able to pass work back to the researcher when it needs more sources, can you let it delegate to them?",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/delegates_to", json!("researcher")),
            ],
        ),
        case(
            LocalOllama,
            "chat agent: use notes_index memory",
            vec![Proposed, Valid, Is("/agents/chat/memory", json!("notes_index"))],
        ),
        // Values: units, words, relative.
        case(
            Mini,
            "the answers are a bit too random... could you make the assistant more focused? maybe half the current temperature",
            vec![
                Proposed,
                Valid,
                That("the assistant runs at 0.25", |o| {
                    near(effective_temperature(o, "assistant"), 0.25)
                }),
            ],
        ),
        case(
            ResearchDesk,
            "openai provider: 2 min request timeout",
            vec![
                Proposed,
                Valid,
                That("a 120 s timeout", |o| {
                    near(num(o, "/providers/openai/timeout_s"), 120.0)
                }),
            ],
        ),
        case(
            SupportDesk,
            "Could conversations be kept for a week instead of a month?",
            vec![
                Proposed,
                Valid,
                That("conversations kept 604800 s", |o| {
                    near(num(o, "/memory/conversations/ttl_s"), 604800.0)
                }),
            ],
        ),
        case(
            TplProduction,
            "rate_limit rpm +50%",
            vec![
                Proposed,
                Valid,
                That("750 requests per minute", |o| {
                    near(num(o, "/middleware/rate_limit/requests_per_minute"), 750.0)
                }),
            ],
        ),
        case(
            TplAnthropic,
            "answers keep getting cut off in the middle — can you double how long they're allowed to be?",
            vec![
                Proposed,
                Valid,
                That("8192 tokens", |o| near(num(o, "/models/claude/max_tokens"), 8192.0)),
            ],
        ),
        case(
            LocalOllama,
            "librarian max iterations twelve",
            vec![
                Proposed,
                Valid,
                That("12 iterations", |o| {
                    near(num(o, "/agents/librarian/max_iterations"), 12.0)
                }),
            ],
        ),
        case(
            ConditionalRequired,
            "weather tool url = https://api.weather.example/v1/forecast",
            vec![
                Proposed,
                Is(
                    "/tools/weather/url",
                    json!("https://api.weather.example/v1/forecast"),
                ),
                ErrorsBelow(3),
            ],
        ),
        case(
            TplReview,
            "reviewer: temp 0, fully deterministic",
            vec![
                Proposed,
                Valid,
                That("the reviewer runs at 0", |o| {
                    near(effective_temperature(o, "reviewer"), 0.0)
                }),
            ],
        ),
        // Middleware across all agents.
        case(
            ResearchDesk,
            "I'd like every agent to retry when the API has a hiccup",
            vec![
                Proposed,
                Valid,
                That("every agent retries", |o| all_agents_have(o, "retry")),
            ],
        ),
        case(
            TplResearch,
            "rate limit all agents at 60 rpm",
            vec![
                Proposed,
                Valid,
                That("every agent is rate limited", |o| all_agents_have(o, "rate_limit")),
                That("a limit of 60 a minute", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("rate_limit")
                            && near(field_num(m, "requests_per_minute"), 60.0)
                    })
                }),
            ],
        ),
        case(
            LocalOllama,
            "could you add logging to all of my agents? debug level would be great while im testing",
            vec![
                Proposed,
                Valid,
                That("every agent logs", |o| all_agents_have(o, "logging")),
                That("logging at debug", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("logging")
                            && field_str(m, "level") == Some("debug")
                    })
                }),
            ],
        ),
        // Explaining and fixing validation errors.
        case(
            Dangling,
            "there are red marks on the copywriter, what's wrong with it?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["gpt4o-writer", "calculater"]),
            ],
        ),
        case(
            Dangling,
            "fix copywriter's dangling refs",
            vec![
                Proposed,
                Valid,
                Is("/agents/copywriter/model", json!("writer")),
                Holds("/agents/copywriter/tools", json!("calculator")),
            ],
        ),
        case(
            EnumTypos,
            "it says something about my provider type and memory type being wrong?? please corect them",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/type", json!("openai")),
                Is("/memory/sessions/type", json!("redis")),
            ],
        ),
        case(
            Cycle,
            "it says my agents are going in a loop. the reviewer shouldn't hand things back to the planner, can you fix that?",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/reviewer/delegates_to", json!("planner")),
                Holds("/agents/planner/delegates_to", json!("researcher")),
                Holds("/agents/researcher/delegates_to", json!("reviewer")),
            ],
        ),
        case(
            YamlTypes,
            "surfer max_iterations + browser port arg have the wrong types, fix",
            vec![
                Proposed,
                Valid,
                That("20 iterations as a number", |o| {
                    near(num(o, "/agents/surfer/max_iterations"), 20.0)
                }),
                Holds("/tools/browser/args", json!("8080")),
            ],
        ),
        case(
            UnusedSecret,
            "oops, I pasted my real openai key straight into the file. can you swap it for an environment variable instead?",
            vec![
                Proposed,
                Valid,
                That("the key is read from a variable", |o| {
                    o.get("/providers/openai/api_key")
                        .and_then(Value::as_str)
                        .is_some_and(|k| {
                            k.starts_with("${") && k.ends_with('}') && !k.contains("sk-proj")
                        })
                }),
            ],
        ),
        // Impact questions.
        case(
            ResearchDesk,
            "before i change anything — which agents would be affected if i deleted the smart model?",
            vec![NoPatch(ReplyKind::Answer), Says(&["researcher"])],
        ),
        case(
            SupportDesk,
            "what uses safety?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["triage", "billing", "generalist"]),
            ],
        ),
        case(
            TplProduction,
            "if I removed the fast model, what would break?",
            vec![NoPatch(ReplyKind::Answer), Says(&["summarizer"])],
        ),
        // Describing.
        case(
            TplResearch,
            "I'm new here, could you explain what this setup does?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["planner", "researcher", "writer", "reviewer"]),
            ],
        ),
        case(
            Injected,
            "overview of this stack, agents + tools",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["planner", "researcher", "writer"]),
            ],
        ),
        // No edit.
        case(
            Mini,
            "can you make my assistant email me the news every morning?",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            ResearchDesk,
            "smart: gpu_count 4",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            TplOllama,
            "blorp the zibble twice thx",
            vec![That(NO_CHANGE, no_change)],
        ),
        // --------------------------------------------------------------- docker-compose
        case(
            ComposeNone,
            "hi, I need a web app with postgres and redis. my image is registry.example.com/shop/web:2.3 and I'd like it reachable on port 3000. postgres 15 please",
            vec![
                Proposed,
                Valid,
                That("the app image published on 3000", |o| {
                    image_published_on(o, "registry.example.com/shop/web:2.3", 3000)
                }),
                That("postgres 15", |o| {
                    any_of(o, "/services", |s| field_str(s, "image") == Some("postgres:15"))
                }),
                That("a redis service", |o| service_with_image(o, "redis").is_some()),
            ],
        ),
        case(
            ComposeNone,
            "prometheus+grafana: retention 30d, scrape every 10s, grafana on 3001, no node-exporter",
            vec![
                Proposed,
                Valid,
                That("30 days of retention", |o| {
                    mentions(o, "--storage.tsdb.retention.time=30d")
                }),
                // Corrected after the run: the gallery writes every template string as a
                // quoted literal, so the template's config says `scrape_interval: "10s"`.
                That("scraped every 10s", |o| {
                    mentions(o, "scrape_interval: 10s")
                        || mentions(o, r#"scrape_interval: \"10s\""#)
                }),
                That("grafana on 3001", |o| image_published_on(o, "grafana/grafana", 3001)),
                That("no node-exporter", |o| {
                    o.get("/services/node-exporter").is_none()
                        && service_with_image(o, "quay.io/prometheus/node-exporter").is_none()
                }),
            ],
        ),
        case(
            ComposeNone,
            "could you set up caddy as a reverse proxy for my site shop.example.org? the certificate emails should go to ops@example.org",
            vec![
                Proposed,
                Valid,
                That("a caddy service", |o| service_with_image(o, "caddy").is_some()),
                That("the domain", |o| mentions(o, "shop.example.org")),
                That("the e-mail", |o| mentions(o, "ops@example.org")),
            ],
        ),
        case(
            Web,
            "add redis:7-alpine as cache, web depends_on it",
            vec![
                Proposed,
                Valid,
                Is("/services/cache/image", json!("redis:7-alpine")),
                That("web depends on cache", |o| {
                    names(o, "/services/web/depends_on", "cache")
                }),
            ],
        ),
        case(
            TplWebApp,
            "I'd love a little admin page for the databse — could you add adminer on port 8081?",
            vec![
                Proposed,
                Valid,
                That("adminer published on 8081", |o| image_published_on(o, "adminer", 8081)),
            ],
        ),
        case(
            WebStack,
            "we're moving sessions out of redis, so the cache service can go away",
            vec![
                Proposed,
                Valid,
                Absent("/services/cache"),
                That("api no longer waits for cache", |o| {
                    !names(o, "/services/api/depends_on", "cache")
                }),
                That("api still waits for db", |o| names(o, "/services/api/depends_on", "db")),
            ],
        ),
        case(
            TplWebApp,
            "rename service cache → redis",
            vec![
                Proposed,
                Valid,
                Present("/services/redis"),
                Absent("/services/cache"),
                That("app depends on redis", |o| {
                    names(o, "/services/app/depends_on", "redis")
                }),
            ],
        ),
        case(
            Monitoring,
            "grafana should only start once cadvisor is up too, is that possible?",
            vec![
                Proposed,
                Valid,
                That("grafana waits for cadvisor and prometheus", |o| {
                    names(o, "/services/grafana/depends_on", "cadvisor")
                        && names(o, "/services/grafana/depends_on", "prometheus")
                }),
            ],
        ),
        case(
            WebStack,
            "db healthcheck: every 2s, 15 retries",
            vec![
                Proposed,
                Valid,
                Is("/services/db/healthcheck/interval", json!("2s")),
                That("15 retries", |o| {
                    near(num(o, "/services/db/healthcheck/retries"), 15.0)
                }),
            ],
        ),
        case(
            WebStack,
            "quick rundown of this compose file pls? what are all these services",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["proxy", "api", "db", "cache"]),
            ],
        ),
        case(
            TplMonitoring,
            "grafana mem limit 768m",
            vec![
                Proposed,
                Valid,
                That("grafana limited to 768m", |o| limited_to_768m(o, "grafana")),
            ],
        ),
        case(
            TplProxy,
            "port 80 is already taken on my machine, can the proxy use 8080 for http instead?",
            vec![
                Proposed,
                Valid,
                That("http on 8080", |o| publishes(o, "proxy", 8080, 80)),
                That("no longer on 80", |o| !publishes_on(o, "proxy", 80)),
                That("https still on 443", |o| publishes(o, "proxy", 443, 443)),
            ],
        ),
        case(
            ComposeTypos,
            "what are those two errors about? i dont get it",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["imag", "enviroment"]),
            ],
        ),
        case(
            ComposeDangling,
            "fix the broken network/volume/secret refs",
            vec![
                Proposed,
                Valid,
                That("app on the back network", |o| {
                    names(o, "/services/app/networks", "back")
                }),
                Holds("/services/db/volumes", json!("db-data:/var/lib/mysql")),
                Holds("/services/db/secrets", json!("db_password")),
            ],
        ),
        case(
            WebStack,
            "which services depend on db",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        // --------------------------------------------------------------- github-actions
        case(
            ActionsNone,
            "hello! we have a node project and we use pnpm. could you make CI that tests on node 18 and 20?",
            vec![
                Proposed,
                Valid,
                That("node 18 and 20 in a matrix", |o| {
                    matrix_holds(o, "node", 18) && matrix_holds(o, "node", 20)
                }),
                That("no other default versions", |o| !matrix_holds(o, "node", 22)),
                That("pnpm is used", |o| any_job_runs(o, "pnpm")),
            ],
        ),
        case(
            ActionsNone,
            "rust ci: toolchain 1.82, tests on ubuntu + macos + windows, no clippy",
            vec![
                Proposed,
                Valid,
                That("the three systems", |o| {
                    matrix_has_prefix(o, "os", "ubuntu")
                        && matrix_has_prefix(o, "os", "macos")
                        && matrix_has_prefix(o, "os", "windows")
                }),
                That("toolchain 1.82", |o| mentions(o, "1.82")),
                Absent("/jobs/clippy"),
                That("clippy never runs", |o| !any_job_runs(o, "clippy")),
            ],
        ),
        case(
            ActionsNone,
            "i'd like release binaries built whenever I push a tag matching release-*. the binary is called fernctl, and no docker image please",
            vec![
                Proposed,
                Valid,
                Holds("/on/push/tags", json!("release-*")),
                That("fernctl is built", |o| any_job_runs(o, "fernctl")),
                Absent("/jobs/image"),
                That("no image is pushed", |o| !mentions(o, "docker/build-push-action")),
            ],
        ),
        case(
            Flow,
            "add a clippy step to build after cargo build: cargo clippy -- -D warnings",
            vec![
                Proposed,
                Valid,
                That("clippy runs after the build", |o| {
                    step_after(o, "build", "cargo build", "cargo clippy")
                }),
                That("with -D warnings", |o| runs(o, "build", "-D warnings")),
            ],
        ),
        case(
            CiNode,
            "could we get a job that deploys once build finishes? it just needs to run ./scripts/deploy.sh",
            vec![
                Proposed,
                Valid,
                That("a job after build runs the deploy script", |o| {
                    o.get("/jobs").and_then(Value::as_object).is_some_and(|jobs| {
                        jobs.keys().any(|j| {
                            j != "build"
                                && names(o, &format!("/jobs/{j}/needs"), "build")
                                && runs(o, j, "./scripts/deploy.sh")
                        })
                    })
                }),
            ],
        ),
        case(
            TplRustCi,
            "clippy is too strict for us right now, please remove that job",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/clippy"),
                Present("/jobs/test"),
                Present("/jobs/fmt"),
            ],
        ),
        case(
            CiNode,
            "rename job lint → static-checks",
            vec![
                Proposed,
                Valid,
                Present("/jobs/static-checks"),
                Absent("/jobs/lint"),
                That("build needs static-checks", |o| {
                    names(o, "/jobs/build/needs", "static-checks")
                }),
            ],
        ),
        case(
            TplRustCi,
            "test: needs clippy as well as fmt",
            vec![
                Proposed,
                Valid,
                That("test needs clippy and fmt", |o| {
                    names(o, "/jobs/test/needs", "clippy") && names(o, "/jobs/test/needs", "fmt")
                }),
            ],
        ),
        case(
            CiNode,
            "our tests keep failing on main, can you make them pass?",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            TplNodeCi,
            "we also need to test on node 24 — could you add it to the versions we test?",
            vec![
                Proposed,
                Valid,
                That("24 added to 20 and 22", |o| {
                    let p = "/jobs/test/strategy/matrix/node";
                    holds_version(o, p, 24) && holds_version(o, p, 20) && holds_version(o, p, 22)
                }),
            ],
        ),
        case(
            Nightly,
            "the nightly run starts at 2:30, could it start an hour later instead?",
            vec![
                Proposed,
                Valid,
                Is("/on/schedule/0/cron", json!("30 3 * * 1-5")),
            ],
        ),
        case(
            DanglingNeeds,
            "deploy has errors on its needs line, whats going on?",
            vec![NoPatch(ReplyKind::Answer), Says(&["biuld", "lint"])],
        ),
        case(
            DanglingNeeds,
            "fix deploy needs: biuld → build, and there's no lint job so drop it",
            vec![
                Proposed,
                Valid,
                That("deploy needs build only", |o| {
                    names(o, "/jobs/deploy/needs", "build")
                        && !names(o, "/jobs/deploy/needs", "lint")
                        && !names(o, "/jobs/deploy/needs", "biuld")
                }),
            ],
        ),
        case(
            CiNode,
            "what gets skipped if test fails?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        // --------------------------------------------------------------- otel-collector
        case(
            OtelNone,
            "traces collector → jaeger:4317 plaintext, keep 26% of traces, mem limit 1GiB",
            vec![
                Proposed,
                Valid,
                That("an exporter to jaeger:4317 without TLS", |o| {
                    any_of(o, "/exporters", |e| {
                        field_str(e, "endpoint") == Some("jaeger:4317")
                            && e.pointer("/tls/insecure") == Some(&json!(true))
                    })
                }),
                That("26% of traces kept", |o| {
                    any_of(o, "/processors", |p| {
                        near(field_num(p, "sampling_percentage"), 26.0)
                    })
                }),
                That("a 1024 MiB memory limit", |o| {
                    any_of(o, "/processors", |p| near(field_num(p, "limit_mib"), 1024.0))
                }),
            ],
        ),
        case(
            OtelNone,
            "hi, I need to collect metrics from my servers and push them to prometheus at http://prom.internal:9090/api/v1/write. every 15 seconds is fine. it's for our staging environment",
            vec![
                Proposed,
                Valid,
                That("remote write to prom.internal", |o| {
                    any_of(o, "/exporters", |e| {
                        field_str(e, "endpoint") == Some("http://prom.internal:9090/api/v1/write")
                    })
                }),
                That("host metrics every 15s", |o| {
                    any_of(o, "/receivers", |r| {
                        field_str(r, "collection_interval") == Some("15s")
                    })
                }),
                That("tagged staging", |o| mentions(o, "staging")),
            ],
        ),
        case(
            Collector,
            "i'd also like a batch processer in there so it doesn't send every span one by one",
            vec![
                Proposed,
                Valid,
                That("the traces pipeline batches", |o| {
                    o.get("/service/pipelines/traces/processors")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().filter_map(Value::as_str).any(|n| {
                                (n == "batch" || n.starts_with("batch/"))
                                    && o.after.get("processors").and_then(|p| p.get(n)).is_some()
                            })
                        })
                }),
            ],
        ),
        case(
            Gateway,
            "add a file exporter → /var/log/otel/logs.json on the logs pipeline",
            vec![
                Proposed,
                Valid,
                That("the logs pipeline writes the file", |o| {
                    pipeline_uses(o, "logs", "exporters", "/exporters", |e| {
                        field_str(e, "path") == Some("/var/log/otel/logs.json")
                    })
                }),
                Holds("/service/pipelines/logs/exporters", json!("otlp/vendor")),
            ],
        ),
        case(
            Gateway,
            "we dont use pprof anymore, please remove it",
            vec![
                Proposed,
                Valid,
                Absent("/extensions/pprof"),
                Lacks("/service/extensions", json!("pprof")),
                Holds("/service/extensions", json!("health_check")),
            ],
        ),
        case(
            TplTraces,
            "otlp/backend → otlp/tempo (rename)",
            vec![
                Proposed,
                Valid,
                Present("/exporters/otlp~1tempo"),
                Absent("/exporters/otlp~1backend"),
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
            ],
        ),
        case(
            Gateway,
            "metrics pipeline: also export to debug",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/metrics/exporters", json!("debug")),
                Holds("/service/pipelines/metrics/exporters", json!("otlp/vendor")),
            ],
        ),
        case(
            TplTraces,
            "we're keeping way too many traces, can you cut the sampling in half?",
            vec![
                Proposed,
                Valid,
                That("12.5% kept", |o| {
                    near(
                        num(o, "/processors/probabilistic_sampler/sampling_percentage"),
                        12.5,
                    )
                }),
            ],
        ),
        case(
            Gateway,
            "batch: timeout 10s, send_batch_size 4096",
            vec![
                Proposed,
                Valid,
                Is("/processors/batch/timeout", json!("10s")),
                That("batches of 4096", |o| {
                    near(num(o, "/processors/batch/send_batch_size"), 4096.0)
                }),
            ],
        ),
        case(
            TplMetrics,
            "could the host metrics be collected every minute instead?",
            vec![
                Proposed,
                Valid,
                That("host metrics every minute", |o| {
                    matches!(
                        o.get("/receivers/hostmetrics/collection_interval")
                            .and_then(Value::as_str),
                        Some("1m" | "60s")
                    )
                }),
            ],
        ),
        case(
            OtelDangling,
            "the traces pipeline is all red, can you fix it?",
            vec![
                Proposed,
                ErrorsBelow(2),
                That("every component of the traces pipeline exists", |o| {
                    pipeline_refs_resolve(o, "traces")
                }),
                Holds("/service/pipelines/traces/processors", json!("batch")),
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
            ],
        ),
        case(
            OtelDangling,
            "explain these 3 errors",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["healthcheck", "batch/2", "otlp/backend"]),
            ],
        ),
        case(
            OtelAgent,
            "what breaks if I delete file_storage?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["filelog/app", "otlphttp/loki"]),
            ],
        ),
        case(
            TplMetrics,
            "what does this collector config actually do? explain it like I'm new to otel",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["hostmetrics", "prometheus", "otlp", "prometheusremotewrite"]),
            ],
        ),
    ]
}

/// The requests of the batch the engine missed on its first run, by their text.
fn known_gaps() -> Vec<&'static str> {
    vec![
        // agent-stack
        // Wrong edit: the writing assistant kept the default claude-sonnet-4.
        "hey there! I'd like to try one of those writing assistants on claude. could you use claude-opus-4 and let it be a bit more creative, like temperature 0.9?",
        // Wrong edit: the support setup kept the default 4000 characters.
        "Hi! Could you make me a support agent for Brightside Bikes? people sometimes paste really long messages, so please allow up to 6000 characters",
        // Clarify: asked what generalist should be connected with.
        "http tool order_status: GET https://orders.internal/api/v1/status, give it to generalist",
        // Wrong edit: added summarizer with the search_docs tool but no prompt or description.
        "could you add a second agent called summarizer that uses the same answer model and just writes short summaries of the docs?",
        // Refused: read it as researcher delegating to itself (a cycle).
        "the writer should be able to pass work back to the researcher when it needs more sources, can you let it delegate to them?",
        // Wrong edit: set top_p to 0.5 instead of halving the temperature.
        "the answers are a bit too random... could you make the assistant more focused? maybe half the current temperature",
        // Wrong edit: set ttl_s to 86400 (a day) instead of 604800 (a week).
        "Could conversations be kept for a week instead of a month?",
        // Refused: took +50% as the number 0.5 ("takes a whole number").
        "rate_limit rpm +50%",
        // Wrong edit: put the variable in a new environment `an`, left the pasted key.
        "oops, I pasted my real openai key straight into the file. can you swap it for an environment variable instead?",
        // docker-compose
        // Answer instead of an edit: "the service web exists already".
        "add redis:7-alpine as cache, web depends_on it",
        // Wrong edit: published 8081:8081 on db instead of adding an adminer service.
        "I'd love a little admin page for the databse — could you add adminer on port 8081?",
        // Answer instead of an edit: described grafana and cadvisor.
        "grafana should only start once cadvisor is up too, is that possible?",
        // Refused: set the interval to "2s 15 retries", which fails the duration pattern.
        "db healthcheck: every 2s, 15 retries",
        // Answer instead of an edit: listed what the proxy uses.
        "port 80 is already taken on my machine, can the proxy use 8080 for http instead?",
        // github-actions
        // Wrong edit: the release template builds the binary `release`, not fernctl.
        "i'd like release binaries built whenever I push a tag matching release-*. the binary is called fernctl, and no docker image please",
        // Not understood (help).
        "add a clippy step to build after cargo build: cargo clippy -- -D warnings",
        // Wrong edit: added a job `job` whose runs-on is ./scripts/deploy.sh and whose step runs "".
        "could we get a job that deploys once build finishes? it just needs to run ./scripts/deploy.sh",
        // Not understood (help).
        "we also need to test on node 24 — could you add it to the versions we test?",
        // Not understood (help: cannot answer that question).
        "the nightly run starts at 2:30, could it start an hour later instead?",
        // Refused: tried to remove the deploy job ("/jobs is required").
        "fix deploy needs: biuld → build, and there's no lint job so drop it",
        // Not understood (help: cannot answer that question).
        "what gets skipped if test fails?",
        // otel-collector
        // Not understood (help).
        "i'd also like a batch processer in there so it doesn't send every span one by one",
        // Clarify: asked what otlp/backend should be connected with.
        "otlp/backend → otlp/tempo (rename)",
        // Answer instead of an edit: described the traces pipeline and the sampler at 25.
        "we're keeping way too many traces, can you cut the sampling in half?",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 26",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 26, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
