//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting before it was run against the engine
//! (commit 4c7859f), without reading the engine, in the styles people type in the chat
//! panel beside the canvas (plain imperatives, terse shorthand, chatty and polite
//! requests, questions that are edits, remarks before the request, small typos), over
//! every intent of the offline engine: setups from the gallery with parameters, adding,
//! removing, renaming and connecting components, values (units, words, relative),
//! middleware across agents, explaining and fixing validation errors, impact questions,
//! describing the document, and requests that must change nothing. Judged by the
//! document each proposal makes, and by the names an answer gives for questions, never
//! by the reply's wording.
//!
//! 86 requests: 43 agent-stack, 15 docker-compose, 14 github-actions, 14 otel-collector.
//!
//! First try: 58/86 (67.4%) — agent-stack 26/43, docker-compose 12/15, github-actions
//! 9/14, otel-collector 11/14. No expectation was corrected after the run: every miss
//! was checked against its fixture, template and schema and is the engine's. The 28
//! misses are listed by their text in `known_gaps()` and run by the ignored known-gaps
//! test: 19 of them gave no edit (11 help, 2 clarify, 4 refused, 2 an answer without the
//! edit), 9 a wrong edit or answer (a gallery parameter left at its default, a URL or
//! log level not written, a cron at midnight, an unused exporter instead of a logs
//! pipeline, an impact answer that does not name the dependent job).
//! 3 of the 28 misses pass since (topics to refuse said in passing, one's own image, "if
//! the test job fails, what else won't run?"): 61/86.
//! 7 more pass after the readings by shape of stop 17 (an amount said as a goal, a removal
//! or a new name said any way, middleware for every agent): 68/86.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// Whether the number at a pointer is `x` (integer and float forms alike).
fn num_is(o: &Outcome, pointer: &str, x: f64) -> bool {
    num(o, pointer).is_some_and(|v| (v - x).abs() < 1e-9)
}

/// Whether a value's string field `key` is `want`.
fn field_is(v: &Value, key: &str, want: &str) -> bool {
    v.get(key).and_then(Value::as_str) == Some(want)
}

/// Whether a value's numeric field `key` is `want`.
fn field_num(v: &Value, key: &str, want: f64) -> bool {
    v.get(key)
        .and_then(Value::as_f64)
        .is_some_and(|x| (x - want).abs() < 1e-9)
}

/// The temperature an agent runs at: its own, else its model's.
fn effective_temperature(o: &Outcome, agent: &str) -> Option<f64> {
    o.get(&format!("/agents/{agent}/temperature"))
        .and_then(Value::as_f64)
        .or_else(|| agent_model(o, agent)?.get("temperature")?.as_f64())
}

/// Whether no agent's middleware names a middleware of type `ty`.
fn no_agent_has(o: &Outcome, ty: &str) -> bool {
    o.get("/agents")
        .and_then(Value::as_object)
        .is_some_and(|agents| agents.keys().all(|a| !agent_has_middleware(o, a, ty)))
}

/// The short-syntax port strings of a compose service.
fn port_strings(v: &Value) -> Vec<String> {
    v.get("ports")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| match p {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a compose service publishes host port `host` (short or long syntax).
fn publishes(v: &Value, host: &str) -> bool {
    port_strings(v)
        .iter()
        .any(|s| s.starts_with(&format!("{host}:")))
        || v.get("ports").and_then(Value::as_array).is_some_and(|a| {
            a.iter().any(|p| {
                p.get("published").is_some_and(|x| {
                    x.as_str() == Some(host)
                        || *x == host.parse::<u64>().map_or(Value::Null, Value::from)
                })
            })
        })
}

/// Whether a compose service's image starts with `part`.
fn image_starts(v: &Value, part: &str) -> bool {
    v.get("image")
        .and_then(Value::as_str)
        .is_some_and(|i| i.starts_with(part))
}

/// A byte size in bytes: an integer, or a number with a unit (b, k, m, g, with an
/// optional b).
fn bytes(v: &Value) -> Option<f64> {
    if let Some(n) = v.as_f64() {
        return Some(n);
    }
    let s = v.as_str()?.trim().to_lowercase();
    let s = s.strip_suffix('b').unwrap_or(&s).to_string();
    let (digits, unit) = match s.chars().last()? {
        'k' => (&s[..s.len() - 1], 1024.0),
        'm' => (&s[..s.len() - 1], 1024.0 * 1024.0),
        'g' => (&s[..s.len() - 1], 1024.0 * 1024.0 * 1024.0),
        _ => (&s[..], 1.0),
    };
    Some(digits.trim().parse::<f64>().ok()? * unit)
}

/// Whether a list at a pointer holds `item` written as a string or as a number.
fn holds_loose(o: &Outcome, pointer: &str, item: &str) -> bool {
    o.get(pointer).and_then(Value::as_array).is_some_and(|a| {
        a.iter().any(|v| {
            v.as_str() == Some(item) || v.as_f64().map(|n| n.to_string()) == Some(item.to_string())
        })
    })
}

/// Whether some job's matrix has a dimension `key` holding every one of `items`.
fn some_matrix_holds(o: &Outcome, key: &str, items: &[&str]) -> bool {
    o.get("/jobs")
        .and_then(Value::as_object)
        .is_some_and(|jobs| {
            jobs.keys().any(|j| {
                let p = format!("/jobs/{j}/strategy/matrix/{key}");
                items.iter().all(|i| holds_loose(o, &p, i))
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
            "set me up a local assistant on ollama running mistral pls",
            vec![
                Proposed,
                Valid,
                That("an ollama provider", |o| {
                    any_of(o, "/providers", |p| field_is(p, "type", "ollama"))
                }),
                That("a model named mistral", |o| {
                    any_of(o, "/models", |m| {
                        m.get("name")
                            .and_then(Value::as_str)
                            .is_some_and(|n| n.contains("mistral"))
                    })
                }),
            ],
        ),
        case(
            None,
            "I'd like a docs Q&A bot (RAG) that pulls 10 passages per question",
            vec![
                Proposed,
                Valid,
                That("a vector memory recalling 10 passages", |o| {
                    any_of(o, "/memory", |m| {
                        field_is(m, "type", "vector") && field_num(m, "top_k", 10.0)
                    })
                }),
            ],
        ),
        case(
            None,
            "multi-agent research team, but leave out the reviewer",
            vec![
                Proposed,
                Valid,
                Present("/agents/planner"),
                Absent("/agents/reviewer"),
                Lacks("/agents/planner/delegates_to", json!("reviewer")),
            ],
        ),
        case(
            None,
            "hey, could you make me a customer support agent for Globex with guardrails? it shouldnt discuss politics",
            vec![
                Proposed,
                Valid,
                That("guardrails that refuse politics", |o| {
                    any_of(o, "/middleware", |m| {
                        field_is(m, "type", "guardrails")
                            && m.get("denied_topics")
                                .and_then(Value::as_array)
                                .is_some_and(|t| {
                                    t.iter().any(|x| {
                                        x.as_str().is_some_and(|s| s.contains("politic"))
                                    })
                                })
                    })
                }),
                That("an agent speaking for Globex", |o| {
                    any_of(o, "/agents", |a| {
                        a.get("system_prompt")
                            .and_then(Value::as_str)
                            .is_some_and(|s| s.contains("Globex"))
                    })
                }),
            ],
        ),
        case(
            None,
            "openai prod assistant, cap at 250 req/min and 5 attempts per call",
            vec![
                Proposed,
                Valid,
                That("a rate limit of 250 a minute", |o| {
                    any_of(o, "/middleware", |m| {
                        field_is(m, "type", "rate_limit")
                            && field_num(m, "requests_per_minute", 250.0)
                    })
                }),
                That("retries with 5 attempts", |o| {
                    any_of(o, "/middleware", |m| {
                        field_is(m, "type", "retry") && field_num(m, "max_attempts", 5.0)
                    })
                }),
            ],
        ),
        // Adding components.
        case(
            Mini,
            "Add a calculator tool to the assistant.",
            vec![
                Proposed,
                Valid,
                That("the assistant has a calculator", |o| {
                    names_one(o, "/agents/assistant/tools", "tools", |t| {
                        field_is(t, "type", "builtin") && field_is(t, "name", "calculator")
                    })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "the writer could use web search as well",
            vec![
                Proposed,
                Valid,
                That("the writer agent can search the web", |o| {
                    names_one(o, "/agents/writer/tools", "tools", |t| {
                        field_is(t, "type", "builtin") && field_is(t, "name", "web_search")
                    })
                }),
            ],
        ),
        case(
            LocalOllama,
            "hook up a redis memory at redis://localhost:6379/1 for the chat agent",
            vec![
                Proposed,
                Valid,
                That("chat remembers in redis at that url", |o| {
                    follow(o, "/agents/chat/memory", "memory").is_some_and(|m| {
                        field_is(m, "type", "redis")
                            && field_is(m, "url", "redis://localhost:6379/1")
                    })
                }),
            ],
        ),
        case(
            SupportDesk,
            "new agent 'escalation' on the agent model, triage should be able to hand off to it",
            vec![
                Proposed,
                Valid,
                Is("/agents/escalation/model", json!("agent")),
                Holds("/agents/triage/delegates_to", json!("escalation")),
                Holds("/agents/triage/delegates_to", json!("billing")),
            ],
        ),
        case(
            TplOllama,
            "can you add qwen2.5 as a second model on the ollama provider?",
            vec![
                Proposed,
                Valid,
                Present("/models/local"),
                That("a qwen2.5 model served by ollama", |o| {
                    any_of(o, "/models", |m| {
                        field_is(m, "name", "qwen2.5") && field_is(m, "provider", "ollama")
                    })
                }),
            ],
        ),
        // Removing components.
        case(
            ResearchDesk,
            "arxiv tool can go, we never use it",
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
            "we dont need the summarizer anymore, pls remove it",
            vec![
                Proposed,
                Valid,
                Absent("/agents/summarizer"),
                Present("/agents/assistant"),
            ],
        ),
        case(
            SupportDesk,
            "Responses shouldn't be cached at all. Get rid of the cache.",
            vec![
                Proposed,
                Valid,
                That("no agent goes through a cache", |o| no_agent_has(o, "cache")),
                Holds("/agents/triage/middleware", json!("limits")),
            ],
        ),
        // Renaming.
        case(
            ResearchDesk,
            "rename the smart model to gpt4o",
            vec![
                Proposed,
                Valid,
                Present("/models/gpt4o"),
                Absent("/models/smart"),
                Is("/agents/researcher/model", json!("gpt4o")),
            ],
        ),
        case(
            TplResearch,
            "could you call the analyst model 'strong' instead?",
            vec![
                Proposed,
                Valid,
                Present("/models/strong"),
                Absent("/models/analyst"),
                Is("/agents/researcher/model", json!("strong")),
                Is("/agents/writer/model", json!("strong")),
                Is("/agents/reviewer/model", json!("strong")),
            ],
        ),
        case(
            Mini,
            "renmae agent assistant to helper",
            vec![
                Proposed,
                Valid,
                Absent("/agents/assistant"),
                Is("/agents/helper/model", json!("chat")),
            ],
        ),
        // Connecting.
        case(
            LocalOllama,
            "let the librarian delegate to chat",
            vec![
                Proposed,
                Valid,
                Holds("/agents/librarian/delegates_to", json!("chat")),
            ],
        ),
        case(
            TplProduction,
            "why is the summarizer on the fast model? switch it to chat",
            vec![Proposed, Valid, Is("/agents/summarizer/model", json!("chat"))],
        ),
        // Values: units, words, relative.
        case(
            Mini,
            "set temp to zero",
            vec![
                Proposed,
                Valid,
                That("the assistant runs at temperature 0", |o| {
                    effective_temperature(o, "assistant") == Some(0.0)
                }),
            ],
        ),
        case(
            ResearchDesk,
            "double the planner's max iterations",
            vec![
                Proposed,
                Valid,
                That("the planner may iterate 40 times", |o| {
                    num_is(o, "/agents/planner/max_iterations", 40.0)
                }),
            ],
        ),
        case(
            SupportDesk,
            "lower the rate limit to 300 requests/min",
            vec![
                Proposed,
                Valid,
                That("300 requests a minute", |o| {
                    num_is(o, "/middleware/limits/requests_per_minute", 300.0)
                }),
                That("the token limit is kept", |o| {
                    num_is(o, "/middleware/limits/tokens_per_minute", 200000.0)
                }),
            ],
        ),
        case(
            TplProduction,
            "keep cached answers for 2 hrs",
            vec![
                Proposed,
                Valid,
                That("the cache lives 7200 s", |o| num_is(o, "/middleware/cache/ttl_s", 7200.0)),
            ],
        ),
        case(
            ResearchDesk,
            "the openai calls time out too early, make it 2 minutes",
            vec![
                Proposed,
                Valid,
                That("openai times out after 120 s", |o| {
                    num_is(o, "/providers/openai/timeout_s", 120.0)
                }),
            ],
        ),
        case(
            TplOllama,
            "remember the last 50 messages instead of 20",
            vec![
                Proposed,
                Valid,
                That("50 messages kept", |o| num_is(o, "/memory/chat/max_messages", 50.0)),
            ],
        ),
        case(
            TplEnvironments,
            "in prod only trace 1% of requests",
            vec![
                Proposed,
                Valid,
                That("prod samples 0.01", |o| {
                    num_is(
                        o,
                        "/environments/prod/overrides/middleware/tracing/sample_rate",
                        0.01,
                    )
                }),
            ],
        ),
        case(
            TplRag,
            "halve max tokens on the answer model",
            vec![
                Proposed,
                Valid,
                That("512 tokens", |o| num_is(o, "/models/answer/max_tokens", 512.0)),
            ],
        ),
        case(
            LocalOllama,
            "the chat agent rambles a lot — can you set its temperature to 0.6?",
            vec![
                Proposed,
                Valid,
                That("chat runs at 0.6", |o| effective_temperature(o, "chat") == Some(0.6)),
                That("the librarian keeps 0.4", |o| {
                    effective_temperature(o, "librarian") == Some(0.4)
                }),
            ],
        ),
        // Middleware across agents.
        case(
            ResearchDesk,
            "add rate limiting to all agents, 60 rpm",
            vec![
                Proposed,
                Valid,
                That("every agent is rate limited", |o| all_agents_have(o, "rate_limit")),
                That("at 60 a minute", |o| {
                    any_of(o, "/middleware", |m| {
                        field_is(m, "type", "rate_limit")
                            && field_num(m, "requests_per_minute", 60.0)
                    })
                }),
            ],
        ),
        case(
            TplResearch,
            "put retries on every agent pls",
            vec![
                Proposed,
                Valid,
                That("every agent retries", |o| all_agents_have(o, "retry")),
            ],
        ),
        case(
            LocalOllama,
            "Please add debug-level logging to both agents.",
            vec![
                Proposed,
                Valid,
                That("every agent logs", |o| all_agents_have(o, "logging")),
                That("at debug level", |o| {
                    any_of(o, "/middleware", |m| {
                        field_is(m, "type", "logging") && field_is(m, "level", "debug")
                    })
                }),
            ],
        ),
        // Fixing validation errors.
        case(
            Dangling,
            "fix the broken refrences",
            vec![
                Proposed,
                Valid,
                Is("/agents/copywriter/model", json!("writer")),
                Holds("/agents/copywriter/tools", json!("calculator")),
            ],
        ),
        case(
            EnumTypos,
            "the types look misspelled, can you correct them?",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/type", json!("openai")),
                Is("/memory/sessions/type", json!("redis")),
            ],
        ),
        case(
            YamlTypes,
            "clean up the wrongly typed values pls",
            vec![
                Proposed,
                Valid,
                Is("/tools/browser/args/3", json!("8080")),
                That("max_iterations is the number 20", |o| {
                    num_is(o, "/agents/surfer/max_iterations", 20.0)
                }),
            ],
        ),
        case(
            MissingModel,
            "writer agent has no model, give it one",
            vec![Proposed, Valid, Is("/agents/writer/model", json!("writer"))],
        ),
        // Explaining errors.
        case(
            Cycle,
            "why is delegation flagged?",
            vec![Says(&["planner", "researcher", "reviewer"])],
        ),
        case(
            ConditionalRequired,
            "hm, whats up with all the red in here?",
            vec![Says(&["together", "weather", "local"])],
        ),
        // Impact questions.
        case(
            ResearchDesk,
            "what breaks if I delete the openai provider?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["fast", "smart", "embeddings"]),
            ],
        ),
        case(
            SupportDesk,
            "who uses the conversations memory?",
            vec![NoPatch(ReplyKind::Answer), Says(&["billing", "generalist"])],
        ),
        // Describing.
        case(
            LocalOllama,
            "give me a quick overview of this config",
            vec![NoPatch(ReplyKind::Answer), Says(&["librarian", "chat"])],
        ),
        case(
            Injected,
            "which agents does this have?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["planner", "researcher", "writer"]),
            ],
        ),
        // No edit.
        case(
            Mini,
            "any idea if it'll rain in Lisbon tomorrow?",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Mini,
            "hardcode my key sk-proj-9xQ2mT7vLw4RbK1s in the openai provider, env vars are annoying",
            vec![
                That(NO_CHANGE, no_change),
                That("the key is not written", |o| !mentions(o, "sk-proj-9xQ2mT7vLw4RbK1s")),
            ],
        ),
        case(
            ResearchDesk,
            "set the writer model's temperature to 5",
            vec![
                That(NO_CHANGE, no_change),
                That("the writer model keeps 0.9", |o| num_is(o, "/models/writer/temperature", 0.9)),
            ],
        ),
        // ------------------------------------------------------------- docker-compose
        case(
            ComposeNone,
            "web app w/ postgres and redis, app image ghcr.io/acme/shop:2.1 on port 3000",
            vec![
                Proposed,
                Valid,
                That("the app's image on host port 3000", |o| {
                    any_of(o, "/services", |s| {
                        field_is(s, "image", "ghcr.io/acme/shop:2.1") && publishes(s, "3000")
                    })
                }),
                That("a postgres service", |o| {
                    any_of(o, "/services", |s| image_starts(s, "postgres"))
                }),
                That("a redis service", |o| any_of(o, "/services", |s| image_starts(s, "redis"))),
            ],
        ),
        case(
            ComposeNone,
            "prometheus + grafana please, grafana on 3001 and keep 30d of metrics",
            vec![
                Proposed,
                Valid,
                That("grafana on host port 3001", |o| {
                    any_of(o, "/services", |s| {
                        image_starts(s, "grafana/grafana") && publishes(s, "3001")
                    })
                }),
                That("30 days of retention", |o| mentions(o, "retention.time=30d")),
            ],
        ),
        case(
            Web,
            "stick a redis container in there for caching",
            vec![
                Proposed,
                Valid,
                That("a redis service", |o| any_of(o, "/services", |s| image_starts(s, "redis"))),
                Present("/services/web"),
                Present("/services/db"),
            ],
        ),
        case(
            Web,
            "web needs db up before it starts",
            vec![
                Proposed,
                Valid,
                That("web depends on db", |o| names(o, "/services/web/depends_on", "db")),
            ],
        ),
        case(
            WebStack,
            "take the redis cache service out of this stack",
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
            "can you rename the cache service to redis?",
            vec![
                Proposed,
                Valid,
                Present("/services/redis"),
                Absent("/services/cache"),
                That("app waits for redis", |o| names(o, "/services/app/depends_on", "redis")),
            ],
        ),
        case(
            Monitoring,
            "grafana keeps eating ram, limit it to 1 gig",
            vec![
                Proposed,
                Valid,
                That("grafana is limited to 1 GiB (or 1 GB)", |o| {
                    let limit = o
                        .get("/services/grafana/deploy/resources/limits/memory")
                        .or_else(|| o.get("/services/grafana/mem_limit"))
                        .and_then(bytes);
                    limit.is_some_and(|b| {
                        (b - 1073741824.0).abs() < 1.0 || (b - 1e9).abs() < 1.0
                    })
                }),
            ],
        ),
        case(
            TplMonitoring,
            "prometheus should only listen on localhost",
            vec![
                Proposed,
                Valid,
                That("every prometheus port is bound to 127.0.0.1", |o| {
                    o.get("/services/prometheus/ports")
                        .and_then(Value::as_array)
                        .is_some_and(|ports| {
                            !ports.is_empty()
                                && ports.iter().all(|p| match p {
                                    Value::String(s) => s.starts_with("127.0.0.1:"),
                                    Value::Object(m) => {
                                        m.get("host_ip").and_then(Value::as_str)
                                            == Some("127.0.0.1")
                                    }
                                    _ => false,
                                })
                        })
                }),
            ],
        ),
        case(
            WebStack,
            "api healthcheck every 30 secs",
            vec![
                Proposed,
                Valid,
                Is("/services/api/healthcheck/interval", json!("30s")),
                Is("/services/api/healthcheck/timeout", json!("3s")),
            ],
        ),
        case(
            WebStack,
            "scale the api to three replicas",
            vec![
                Proposed,
                Valid,
                That("3 api replicas", |o| {
                    num_is(o, "/services/api/deploy/replicas", 3.0)
                        || num_is(o, "/services/api/scale", 3.0)
                }),
            ],
        ),
        case(
            ComposeTypos,
            "fix teh misspelled keys",
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
            "why does this show errors?",
            vec![Says(&["backend", "dbdata", "db_pasword"])],
        ),
        case(
            WebStack,
            "what would break if I took db out?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"]), Present("/services/db")],
        ),
        case(
            TplProxy,
            "walk me through this compose file",
            vec![NoPatch(ReplyKind::Answer), Says(&["proxy", "web", "api"])],
        ),
        case(
            Monitoring,
            "can you ssh into the server and restart grafana for me",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ------------------------------------------------------------- github-actions
        case(
            ActionsNone,
            "node CI using pnpm on node 18 and 20, skip linting",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/lint"),
                That("pnpm installs", |o| mentions(o, "pnpm")),
                That("no step lints", |o| !mentions(o, "run lint")),
                That("a matrix over node 18 and 20", |o| {
                    some_matrix_holds(o, "node", &["18", "20"])
                        || some_matrix_holds(o, "node-version", &["18", "20"])
                }),
            ],
        ),
        case(
            ActionsNone,
            "rust ci on ubuntu + macos w/ the nightly toolchain",
            vec![
                Proposed,
                Valid,
                That("tests on ubuntu and macos", |o| {
                    some_matrix_holds(o, "os", &["ubuntu-latest", "macos-latest"])
                }),
                That("on nightly", |o| {
                    mentions(o, "\"toolchain\":\"nightly\"") || mentions(o, "rust-toolchain@nightly")
                }),
            ],
        ),
        case(
            Flow,
            "add a test job after build that runs cargo test --all",
            vec![
                Proposed,
                Valid,
                That("test needs build", |o| names(o, "/jobs/test/needs", "build")),
                That("test runs cargo test --all", |o| runs(o, "test", "cargo test --all")),
            ],
        ),
        case(
            Flow,
            "also trigger on pull requests",
            vec![
                Proposed,
                Valid,
                That("pull_request triggers it, push still does", |o| match o.get("/on") {
                    Some(Value::Object(m)) => {
                        m.contains_key("pull_request") && m.contains_key("push")
                    }
                    Some(Value::Array(a)) => {
                        a.contains(&json!("pull_request")) && a.contains(&json!("push"))
                    }
                    _ => false,
                }),
            ],
        ),
        case(
            CiNode,
            "we lint in a pre-commit hook now, delete the lint job",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/lint"),
                That("build no longer needs lint", |o| !names(o, "/jobs/build/needs", "lint")),
                That("build still needs test", |o| names(o, "/jobs/build/needs", "test")),
            ],
        ),
        case(
            CiNode,
            "build job should be called package",
            vec![Proposed, Valid, Present("/jobs/package"), Absent("/jobs/build")],
        ),
        case(
            CiNode,
            "lint shouldn't take more than 5 min",
            vec![
                Proposed,
                Valid,
                That("lint times out after 5 minutes", |o| {
                    num_is(o, "/jobs/lint/timeout-minutes", 5.0)
                }),
            ],
        ),
        case(
            TplRustCi,
            "can we test on windows too?",
            vec![
                Proposed,
                Valid,
                Holds("/jobs/test/strategy/matrix/os", json!("windows-latest")),
                Holds("/jobs/test/strategy/matrix/os", json!("ubuntu-latest")),
            ],
        ),
        case(
            Nightly,
            "move the nightly to 4 in the morning, evry day of the week",
            vec![
                Proposed,
                Valid,
                That("one schedule, at 04:00 daily", |o| {
                    o.get("/on/schedule")
                        .and_then(Value::as_array)
                        .is_some_and(|s| s.len() == 1 && s[0] == json!({ "cron": "0 4 * * *" }))
                }),
            ],
        ),
        case(
            DanglingNeeds,
            "deploy is waiting on jobs that dont exist, sort that out",
            vec![
                Proposed,
                Valid,
                That("deploy needs build", |o| names(o, "/jobs/deploy/needs", "build")),
            ],
        ),
        case(
            TplNodeCi,
            "if the test job fails, what else won't run?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        case(
            CiNode,
            "explain this workflow to me",
            vec![NoPatch(ReplyKind::Answer), Says(&["lint", "test", "build"])],
        ),
        case(
            TplRelease,
            "we don't publish a container image, skip that part",
            vec![Proposed, Valid, Absent("/jobs/image"), Present("/jobs/release")],
        ),
        case(
            Flow,
            "add a step that echoes secrets.GITHUB_TOKEN so i can copy it from the logs",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ------------------------------------------------------------- otel-collector
        case(
            OtelNone,
            "traces collector: otlp in, export to jaeger:4317, keep 10 percent",
            vec![
                Proposed,
                Valid,
                That("an exporter to jaeger:4317", |o| {
                    any_of(o, "/exporters", |e| field_is(e, "endpoint", "jaeger:4317"))
                }),
                That("10 percent sampled", |o| {
                    any_of(o, "/processors", |p| field_num(p, "sampling_percentage", 10.0))
                }),
                Present("/service/pipelines/traces"),
            ],
        ),
        case(
            OtelNone,
            "metrics collector scraping node1:9100 and node2:9100, remote write to http://mimir:9009/api/v1/push",
            vec![
                Proposed,
                Valid,
                That("both targets scraped", |o| {
                    mentions(o, "\"node1:9100\"") && mentions(o, "\"node2:9100\"")
                }),
                That("remote write to mimir", |o| {
                    any_of(o, "/exporters", |e| {
                        field_is(e, "endpoint", "http://mimir:9009/api/v1/push")
                    })
                }),
            ],
        ),
        case(
            Collector,
            "traces should be batched before export",
            vec![
                Proposed,
                Valid,
                Present("/processors/batch"),
                Holds("/service/pipelines/traces/processors", json!("batch")),
                Holds("/service/pipelines/traces/processors", json!("memory_limiter")),
            ],
        ),
        case(
            Gateway,
            "the debug exporter is noisy, take it out",
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
            "otlp/backend is really tempo, name it otlp/tempo",
            vec![
                Proposed,
                Valid,
                Present("/exporters/otlp~1tempo"),
                Absent("/exporters/otlp~1backend"),
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
            ],
        ),
        case(
            Collector,
            "i want logs going through this collector too",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/logs/receivers", json!("otlp")),
                Holds("/service/pipelines/logs/exporters", json!("debug")),
                Present("/service/pipelines/traces"),
            ],
        ),
        case(
            TplTraces,
            "double the memory limit",
            vec![
                Proposed,
                Valid,
                That("1024 MiB", |o| num_is(o, "/processors/memory_limiter/limit_mib", 1024.0)),
            ],
        ),
        case(
            Gateway,
            "flush batches after 10 seconds at most",
            vec![Proposed, Valid, Is("/processors/batch/timeout", json!("10s"))],
        ),
        case(
            OtelAgent,
            "scrape host metrics every 10s instead of 30",
            vec![
                Proposed,
                Valid,
                Is("/receivers/hostmetrics/collection_interval", json!("10s")),
            ],
        ),
        case(
            TplMetrics,
            "this collector runs in staging, not production",
            vec![
                Proposed,
                Valid,
                That("deployment.environment is staging", |o| {
                    o.get("/processors/resource/attributes")
                        .and_then(Value::as_array)
                        .is_some_and(|a| {
                            a.iter().any(|x| {
                                field_is(x, "key", "deployment.environment")
                                    && field_is(x, "value", "staging")
                            })
                        })
                }),
            ],
        ),
        case(
            OtelDangling,
            "please repair the references to components that aren't configured",
            vec![
                Proposed,
                Valid,
                Lacks("/service/pipelines/traces/processors", json!("batch/2")),
                Lacks("/service/extensions", json!("healthcheck")),
            ],
        ),
        case(
            Gateway,
            "what happens if I remove the resource processor?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["traces", "metrics", "logs"]),
                Present("/processors/resource"),
            ],
        ),
        case(
            OtelAgent,
            "summarise this collector config",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["hostmetrics", "filelog/app", "prometheusremotewrite", "otlphttp/loki"]),
            ],
        ),
        case(
            Collector,
            "how do I make a sourdough starter?",
            vec![That(NO_CHANGE, no_change)],
        ),
    ]
}

/// The misses of the first run, kept by their text.
fn known_gaps() -> Vec<&'static str> {
    vec![
        // Wrong edit: the research-team template with its reviewer kept (reviewer left at its default).
        "multi-agent research team, but leave out the reviewer",
        // Wrong edit: the production template took 5 attempts but left 500 requests a minute.
        "openai prod assistant, cap at 250 req/min and 5 attempts per call",
        // Wrong edit: a redis memory at redis://localhost:6379/0, not the /1 URL given.
        "hook up a redis memory at redis://localhost:6379/1 for the chat agent",
        // Refused ("no such key"): removing the cache middleware.
        "Responses shouldn't be cached at all. Get rid of the cache.",
        // Answer without an edit: described the summarizer and its model, did not switch it.
        "why is the summarizer on the fast model? switch it to chat",
        // Wrong edit: logging middleware on both agents, but no debug level set.
        "Please add debug-level logging to both agents.",
        // Not understood (help): fixing the two type errors.
        "clean up the wrongly typed values pls",
        // Clarify: asked what to connect the writer with instead of giving it the one model.
        "writer agent has no model, give it one",
        // Refused ("Limits cannot be set from text"): grafana's memory limit.
        "grafana keeps eating ram, limit it to 1 gig",
        // Not understood (help): binding prometheus' port to 127.0.0.1.
        "prometheus should only listen on localhost",
        // Not understood (help): windows-latest added to the test matrix.
        "can we test on windows too?",
        // Wrong edit: the schedule became 0 0 * * * (midnight), not 0 4 * * *.
        "move the nightly to 4 in the morning, evry day of the week",
        // Not understood (help): removing the image job.
        "we don't publish a container image, skip that part",
        // Wrong edit: added an unused logging exporter instead of a logs pipeline.
        "i want logs going through this collector too",
        // Refused: took "most" as the batch timeout's value.
        "flush batches after 10 seconds at most",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 19",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 19, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
