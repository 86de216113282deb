//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting before it was run against the engine
//! (commit 71e72d6), without reading the engine, mostly in a newcomer's voice (chatty,
//! polite, longer sentences, goals instead of field names, questions that are edits,
//! remarks before the request, typos), over every intent of the offline engine: setups
//! from the gallery with parameters, adding, removing, renaming and connecting
//! components, values (units, words, relative), middleware across agents, explaining and
//! fixing validation errors, impact questions, describing, and requests that must get no
//! edit. Judged by the document each proposal makes, and by the names an answer gives for
//! questions, never by the reply's wording.
//!
//! 86 requests: 43 agent-stack, 15 docker-compose, 14 github-actions, 14 otel-collector.
//!
//! First try: 39/86 (45.3%) — agent-stack 21/43, docker-compose 7/15, github-actions
//! 6/14, otel-collector 5/14. No expectation was corrected after the run: every failure
//! was checked against its fixture, template and schema and is the engine's (37 got no
//! edit at all: help, clarify, an answer or a refusal where an edit was asked for; the
//! other 10 proposed a wrong or partial edit, 6 of them a template with a parameter the
//! request gave left at its default). The misses are listed by their text and run by the
//! ignored known-gaps test.
//! 19 of the 47 misses pass since (questions that ask for a change, remarks before the
//! change, numbers in words, "in half", "twice what it is now", "the bot", topics to
//! refuse, one's own image, a share of traces kept, "kill it after twenty minutes",
//! "once build is done", "node 18 is end of life, drop it …", "use 8080 on the host"):
//! 58/86.
//! 6 more pass after the readings by shape of stop 17 (an amount said as a goal, a removal
//! or a new name said any way, middleware for every agent): 64/86.

use serde_json::{json, Value};

mod offline_support;

use offline_support::*;

/// Whether the number at a pointer is `x` (up to rounding).
fn num_is(o: &Outcome, pointer: &str, x: f64) -> bool {
    num(o, pointer).is_some_and(|n| (n - x).abs() < 1e-9)
}

/// The string at a pointer.
fn text<'a>(o: &'a Outcome, pointer: &str) -> Option<&'a str> {
    o.get(pointer).and_then(Value::as_str)
}

/// The string field of a component.
fn field<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// Whether a number field of a component is `x` (up to rounding).
fn field_num(v: &Value, key: &str, x: f64) -> bool {
    v.get(key)
        .and_then(Value::as_f64)
        .is_some_and(|n| (n - x).abs() < 1e-9)
}

/// Whether the list at a pointer holds the number `n`, written as a number or a string.
fn holds_num(o: &Outcome, pointer: &str, n: f64) -> bool {
    o.get(pointer).and_then(Value::as_array).is_some_and(|l| {
        l.iter().any(|v| {
            v.as_f64() == Some(n) || v.as_str().and_then(|s| s.parse::<f64>().ok()) == Some(n)
        })
    })
}

/// The temperature an agent runs at: its own, else its model's.
fn effective_temperature(o: &Outcome, agent: &str) -> Option<f64> {
    o.get(&format!("/agents/{agent}/temperature"))
        .and_then(Value::as_f64)
        .or_else(|| agent_model(o, agent)?.get("temperature")?.as_f64())
}

/// Whether a compose service publishes container port `container` on host port `host`
/// (short "H:C" form, with or without a host IP, or the long form).
fn publishes(o: &Outcome, service: &str, host: u64, container: u64) -> bool {
    o.get(&format!("/services/{service}/ports"))
        .and_then(Value::as_array)
        .is_some_and(|l| {
            l.iter().any(|p| match p {
                Value::String(s) => {
                    let s = s.split('/').next().unwrap_or("");
                    s == format!("{host}:{container}")
                        || s.ends_with(&format!(":{host}:{container}"))
                }
                Value::Object(m) => {
                    let as_u64 = |k: &str| {
                        m.get(k).and_then(|v| {
                            v.as_u64()
                                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                        })
                    };
                    as_u64("published") == Some(host) && as_u64("target") == Some(container)
                }
                _ => false,
            })
        })
}

/// The name of the first compose service whose image starts with `prefix`.
fn service_with_image(o: &Outcome, prefix: &str) -> Option<String> {
    o.get("/services")?
        .as_object()?
        .iter()
        .find(|(_, s)| field(s, "image").starts_with(prefix))
        .map(|(n, _)| n.clone())
}

/// Whether a compose memory size means one gigabyte.
fn one_gig(v: &Value) -> bool {
    match v {
        Value::String(s) => ["1g", "1gb", "1024m", "1024mb"].contains(&s.to_lowercase().as_str()),
        Value::Number(n) => n.as_u64() == Some(1 << 30),
        _ => false,
    }
}

/// Whether a job's Rust toolchain step installs nightly.
fn toolchain_nightly(o: &Outcome, job: &str) -> bool {
    o.get(&format!("/jobs/{job}/steps"))
        .and_then(Value::as_array)
        .is_some_and(|steps| {
            steps.iter().any(|s| {
                let uses = field(s, "uses");
                uses.starts_with("dtolnay/rust-toolchain")
                    && (uses.ends_with("@nightly")
                        || s.pointer("/with/toolchain") == Some(&json!("nightly")))
            })
        })
}

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ---------------------------------------------------------------- agent-stack
        case(
            None,
            "hi! could you set me up with a little local assistant that runs on ollama using the mistral model please",
            vec![
                Proposed,
                Valid,
                That("an ollama provider", |o| {
                    any_of(o, "/providers", |p| field(p, "type") == "ollama")
                }),
                That("a mistral model", |o| {
                    any_of(o, "/models", |m| field(m, "name").starts_with("mistral"))
                }),
                That("an agent", |o| {
                    o.get("/agents").and_then(Value::as_object).is_some_and(|a| !a.is_empty())
                }),
            ],
        ),
        case(
            None,
            "i'd like to start a research team of agents, but without the reviewer one, and the planner should use gpt-4.1-mini",
            vec![
                Proposed,
                Valid,
                Present("/agents/planner"),
                Present("/agents/researcher"),
                Present("/agents/writer"),
                Absent("/agents/reviewer"),
                That("the planner runs on gpt-4.1-mini", |o| {
                    agent_model_is(o, "planner", "gpt-4.1-mini")
                }),
            ],
        ),
        case(
            None,
            "Can you make a customer support bot for Acme Corp? it shouldn't talk about refunds or legal advice",
            vec![
                Proposed,
                Valid,
                That("an agent speaks for Acme Corp", |o| {
                    any_of(o, "/agents", |a| field(a, "system_prompt").contains("Acme Corp"))
                }),
                That("guardrails refuse refunds and legal advice", |o| {
                    any_of(o, "/middleware", |m| {
                        let topics = m.get("denied_topics").and_then(Value::as_array);
                        let has = |part: &str| {
                            topics.is_some_and(|t| {
                                t.iter().any(|x| {
                                    x.as_str().is_some_and(|s| s.to_lowercase().contains(part))
                                })
                            })
                        };
                        field(m, "type") == "guardrails" && has("refund") && has("legal")
                    })
                }),
            ],
        ),
        case(
            None,
            "set up a RAG assistant over my docs, index stored in ./kb and retrieve 10 passages each time",
            vec![
                Proposed,
                Valid,
                That("a vector memory in ./kb recalling 10 passages", |o| {
                    any_of(o, "/memory", |m| {
                        field(m, "type") == "vector"
                            && field(m, "path") == "./kb"
                            && field_num(m, "top_k", 10.0)
                    })
                }),
            ],
        ),
        case(
            None,
            "I run vLLM at http://gpu-box:8000/v1, could you give me an assistant that talks to it? the model is Qwen/Qwen2.5-7B-Instruct",
            vec![
                Proposed,
                Valid,
                That("an openai_compatible provider at the vLLM address", |o| {
                    any_of(o, "/providers", |p| {
                        field(p, "type") == "openai_compatible"
                            && field(p, "base_url") == "http://gpu-box:8000/v1"
                    })
                }),
                That("the Qwen model", |o| {
                    any_of(o, "/models", |m| field(m, "name") == "Qwen/Qwen2.5-7B-Instruct")
                }),
            ],
        ),
        case(
            None,
            "production openai assistant please, cap it at 200 requests a minute and only trace 5% of requests",
            vec![
                Proposed,
                Valid,
                That("a rate limit of 200 requests a minute", |o| {
                    any_of(o, "/middleware", |m| {
                        field(m, "type") == "rate_limit" && field_num(m, "requests_per_minute", 200.0)
                    })
                }),
                That("tracing samples 5%", |o| {
                    any_of(o, "/middleware", |m| {
                        field(m, "type") == "tracing" && field_num(m, "sample_rate", 0.05)
                    })
                }),
            ],
        ),
        case(
            Mini,
            "the bot is way too creative, make it more focused pls",
            vec![
                Proposed,
                Valid,
                That("the assistant runs cooler than 0.5", |o| {
                    effective_temperature(o, "assistant").is_some_and(|t| t < 0.5)
                }),
            ],
        ),
        case(
            Mini,
            "can you make the temperature twice what it is now",
            vec![
                Proposed,
                Valid,
                That("the assistant runs at 1.0", |o| {
                    effective_temperature(o, "assistant").is_some_and(|t| (t - 1.0).abs() < 1e-9)
                }),
            ],
        ),
        case(
            Mini,
            "add a second agent called translator that translates everything the user writes into German, using the same model",
            vec![
                Proposed,
                Valid,
                Is("/agents/translator/model", json!("chat")),
                Present("/agents/assistant"),
                That("the translator is told about German", |o| {
                    o.get("/agents/translator").is_some_and(|a| {
                        field(a, "system_prompt").contains("German")
                            || field(a, "description").contains("German")
                    })
                }),
            ],
        ),
        case(
            Mini,
            "i'd prefer the agent to be called concierge instead of assistant",
            vec![
                Proposed,
                Valid,
                Absent("/agents/assistant"),
                Is("/agents/concierge/model", json!("chat")),
                Is("/agents/concierge/system_prompt", json!("Be helpful.")),
            ],
        ),
        case(
            Mini,
            "could the assistant use a calculator? it's bad at maths",
            vec![
                Proposed,
                Valid,
                That("the assistant has a builtin calculator", |o| {
                    names_one(o, "/agents/assistant/tools", "tools", |t| {
                        field(t, "type") == "builtin" && field(t, "name") == "calculator"
                    })
                }),
            ],
        ),
        case(
            Mini,
            "it keeps timing out, can you give the openai provider more time, like 2 minutes",
            vec![
                Proposed,
                Valid,
                That("the timeout is 120 s", |o| {
                    num_is(o, "/providers/openai/timeout_s", 120.0)
                }),
            ],
        ),
        case(
            Mini,
            "I want the assistant to remember the last 30 messages of each conversation",
            vec![
                Proposed,
                Valid,
                That("the assistant's memory keeps 30 messages", |o| {
                    follow(o, "/agents/assistant/memory", "memory")
                        .is_some_and(|m| field_num(m, "max_messages", 30.0))
                }),
            ],
        ),
        case(
            Mini,
            "what's the weather like in Paris today?",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Mini,
            "set temperature to 5 please",
            vec![That(NO_CHANGE, no_change), Is("/models/chat/temperature", json!(0.5))],
        ),
        case(
            ResearchDesk,
            "what would break if I deleted the embeddings model?",
            vec![That(NO_CHANGE, no_change), Says(&["papers"])],
        ),
        case(
            ResearchDesk,
            "add rate limiting to every agent, sixty requests a minute",
            vec![
                Proposed,
                Valid,
                That("every agent is rate limited", |o| all_agents_have(o, "rate_limit")),
                That("at 60 requests a minute", |o| {
                    any_of(o, "/middleware", |m| {
                        field(m, "type") == "rate_limit" && field_num(m, "requests_per_minute", 60.0)
                    })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "oh and could the writer agent look things up on the web as well?",
            vec![
                Proposed,
                Valid,
                That("the writer has web search", |o| {
                    names_one(o, "/agents/writer/tools", "tools", |t| {
                        field(t, "type") == "builtin" && field(t, "name") == "web_search"
                    })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "remove the arxiv tool, we dont need it anymore",
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
            "hello! I'm new to this, can you explain what this config does?",
            vec![That(NO_CHANGE, no_change), Says(&["planner", "researcher", "writer"])],
        ),
        case(
            ResearchDesk,
            "cut the writer's max tokens in half",
            vec![Proposed, Valid, Is("/models/writer/max_tokens", json!(4096))],
        ),
        case(
            ResearchDesk,
            "here's my key sk-live-9f8e7d6c5b4a3928172615abcdef put it in the openai provider so it works",
            vec![
                That(NO_CHANGE, no_change),
                That("the key is not written", |o| !mentions(o, "sk-live")),
            ],
        ),
        case(
            SupportDesk,
            "before I touch it, which agents are using the conversations memory store?",
            vec![That(NO_CHANGE, no_change), Says(&["billing", "generalist"])],
        ),
        case(
            SupportDesk,
            "we're getting throttled, lower the rate limit to 300 requests per minute",
            vec![
                Proposed,
                Valid,
                Is("/middleware/limits/requests_per_minute", json!(300)),
            ],
        ),
        case(
            SupportDesk,
            "stop the bot from discussing crypto",
            vec![
                Proposed,
                Valid,
                That("crypto is a denied topic", |o| {
                    list_has(o, "/middleware/safety/denied_topics", "crypto")
                }),
                Holds("/middleware/safety/denied_topics", json!("legal advice")),
            ],
        ),
        case(
            SupportDesk,
            "I'd like to trace every single request, not just a quarter of them",
            vec![
                Proposed,
                Valid,
                That("every request is traced", |o| {
                    num_is(o, "/middleware/traces/sample_rate", 1.0)
                }),
            ],
        ),
        case(
            LocalOllama,
            "could you point the files tool at ~/Documents/notes instead of ./notes",
            vec![
                Proposed,
                Valid,
                Holds("/tools/files/args", json!("~/Documents/notes")),
                Lacks("/tools/files/args", json!("./notes")),
                Holds("/tools/files/args", json!("@modelcontextprotocol/server-filesystem")),
            ],
        ),
        case(
            LocalOllama,
            "the chat agent rambles and makes stuff up, tone it down to 0.3",
            vec![
                Proposed,
                Valid,
                That("chat runs at 0.3", |o| {
                    effective_temperature(o, "chat").is_some_and(|t| (t - 0.3).abs() < 1e-9)
                }),
                That("the librarian still runs at 0.4", |o| {
                    effective_temperature(o, "librarian").is_some_and(|t| (t - 0.4).abs() < 1e-9)
                }),
            ],
        ),
        case(
            LocalOllama,
            "Ollama runs on my other machine at http://192.168.1.50:11434 now",
            vec![
                Proposed,
                Valid,
                That("the provider points at the other machine", |o| {
                    text(o, "/providers/ollama/base_url")
                        .is_some_and(|u| u.contains("http://192.168.1.50:11434"))
                }),
            ],
        ),
        case(
            Dangling,
            "why is copywriter red? fix it please",
            vec![
                Proposed,
                Valid,
                Is("/agents/copywriter/model", json!("writer")),
                Holds("/agents/copywriter/tools", json!("calculator")),
            ],
        ),
        case(
            EnumTypos,
            "there are two typos in the types somewhere, can u correct them",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/type", json!("openai")),
                Is("/memory/sessions/type", json!("redis")),
            ],
        ),
        case(
            OutOfRange,
            "what's wrong with this file? I don't understand the errors",
            vec![
                That(NO_CHANGE, no_change),
                Says(&["temperature", "retries", "iterations"]),
            ],
        ),
        case(
            ConditionalRequired,
            "fill in what's missing: the together base url is https://api.together.xyz/v1, the weather api is https://api.weather.example/v1/forecast and the sqlite file can be ./data/forecast.db",
            vec![
                Proposed,
                Valid,
                Is("/providers/together/base_url", json!("https://api.together.xyz/v1")),
                Is("/tools/weather/url", json!("https://api.weather.example/v1/forecast")),
                Is("/memory/local/path", json!("./data/forecast.db")),
            ],
        ),
        case(
            Cycle,
            "the delegation goes round in circles, the reviewer shouldn't hand back to the planner",
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
            "I pasted my key directly into the file by mistake, can you fix that",
            vec![
                Proposed,
                Valid,
                That("the key is read from a variable", |o| {
                    text(o, "/providers/openai/api_key").is_some_and(|k| k.starts_with("${"))
                }),
                That("the literal key is gone", |o| !mentions(o, "sk-proj")),
            ],
        ),
        case(
            YamlTypes,
            "the browser tool and surfer have the wrong types apparently? pls fix",
            vec![
                Proposed,
                Valid,
                Is("/tools/browser/args/3", json!("8080")),
                Is("/agents/surfer/max_iterations", json!(20)),
            ],
        ),
        case(
            TplProduction,
            "take tracing off the summarizer, it doesn't need it",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/summarizer/middleware", json!("tracing")),
                Holds("/agents/summarizer/middleware", json!("retry")),
                Holds("/agents/assistant/middleware", json!("tracing")),
                Present("/middleware/tracing"),
            ],
        ),
        case(
            TplProduction,
            "could the cache keep answers for 2 hours instead of one?",
            vec![
                Proposed,
                Valid,
                That("the cache lives 7200 s", |o| num_is(o, "/middleware/cache/ttl_s", 7200.0)),
            ],
        ),
        case(
            TplResearch,
            "the reviewer is overkill for us, get rid of it",
            vec![
                Proposed,
                Valid,
                Absent("/agents/reviewer"),
                Lacks("/agents/planner/delegates_to", json!("reviewer")),
                Holds("/agents/planner/delegates_to", json!("writer")),
            ],
        ),
        case(
            TplAnthropic,
            "rename the claude model to drafting",
            vec![
                Proposed,
                Valid,
                Absent("/models/claude"),
                Is("/models/drafting/provider", json!("anthropic")),
                Is("/agents/writer/model", json!("drafting")),
            ],
        ),
        case(
            TplEnvironments,
            "for production only, could we let it do 600 requests a minute?",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/prod/overrides/middleware/rate_limit/requests_per_minute",
                    json!(600),
                ),
                Is("/middleware/rate_limit/requests_per_minute", json!(1000)),
            ],
        ),
        case(
            TplSelfHosted,
            "the server was restarted with a 32k context, can you update it",
            vec![
                Proposed,
                Valid,
                That("the context window is 32k", |o| {
                    num_is(o, "/models/chat/context_window", 32768.0)
                        || num_is(o, "/models/chat/context_window", 32000.0)
                }),
            ],
        ),
        case(
            TplReview,
            "only let the reviewer do ten rounds",
            vec![Proposed, Valid, Is("/agents/reviewer/max_iterations", json!(10))],
        ),
        // ------------------------------------------------------------- docker-compose
        case(
            ComposeNone,
            "hello, I need a web app with postgres 15 and redis. the app image is ghcr.io/acme/shop:2.3 and I'd like to reach it on port 3000",
            vec![
                Proposed,
                Valid,
                That("the app image, published on host port 3000", |o| {
                    any_of(o, "/services", |s| {
                        field(s, "image") == "ghcr.io/acme/shop:2.3"
                            && s.get("ports").and_then(Value::as_array).is_some_and(|p| {
                                p.iter().any(|x| {
                                    x.as_str().is_some_and(|x| x.starts_with("3000:"))
                                        || x.get("published").is_some_and(|v| {
                                            v == &json!(3000) || v == &json!("3000")
                                        })
                                })
                            })
                    })
                }),
                That("postgres 15", |o| {
                    any_of(o, "/services", |s| field(s, "image") == "postgres:15")
                }),
                That("redis", |o| {
                    any_of(o, "/services", |s| field(s, "image").starts_with("redis"))
                }),
            ],
        ),
        case(
            ComposeNone,
            "could you set up prometheus and grafana for me? grafana on port 3001 please, and keep 30 days of metrics",
            vec![
                Proposed,
                Valid,
                That("grafana on host port 3001", |o| publishes(o, "grafana", 3001, 3000)),
                Holds(
                    "/services/prometheus/command",
                    json!("--storage.tsdb.retention.time=30d"),
                ),
            ],
        ),
        case(
            ComposeNone,
            "i want caddy as a reverse proxy in front of my app, domain is shop.example.com and use ops@example.com for the certificate emails",
            vec![
                Proposed,
                Valid,
                That("the proxy's domain", |o| {
                    env_has(o, "proxy", "DOMAIN", "shop.example.com")
                }),
                That("the proxy's ACME e-mail", |o| {
                    env_has(o, "proxy", "ACME_EMAIL", "ops@example.com")
                }),
            ],
        ),
        case(
            Web,
            "could you add a redis cache and have web wait for it to start?",
            vec![
                Proposed,
                Valid,
                That("web depends on a redis service", |o| {
                    service_with_image(o, "redis")
                        .is_some_and(|r| names(o, "/services/web/depends_on", &r))
                }),
            ],
        ),
        case(
            Web,
            "can we call the db service postgres instead? makes more sense to me",
            vec![
                Proposed,
                Valid,
                Absent("/services/db"),
                Is("/services/postgres/image", json!("postgres:16")),
            ],
        ),
        case(
            Web,
            "the databse should come back up on its own if it crashes",
            vec![
                Proposed,
                Valid,
                That("db restarts after a crash", |o| {
                    text(o, "/services/db/restart").is_some_and(|r| {
                        r == "always" || r == "unless-stopped" || r.starts_with("on-failure")
                    })
                }),
            ],
        ),
        case(
            Web,
            "port 80 is taken on my machine, can nginx use 8080 on the host instead",
            vec![
                Proposed,
                Valid,
                That("web publishes 8080 -> 80", |o| publishes(o, "web", 8080, 80)),
                That("and no longer 80 -> 80", |o| !publishes(o, "web", 80, 80)),
            ],
        ),
        case(
            WebStack,
            "if I take redis down what else is affected?",
            vec![That(NO_CHANGE, no_change), Says(&["api"])],
        ),
        case(
            WebStack,
            "please cap the database at 1 gig of memory",
            vec![
                Proposed,
                Valid,
                That("db is limited to 1 GB", |o| {
                    o.get("/services/db/mem_limit").is_some_and(one_gig)
                        || o
                            .get("/services/db/deploy/resources/limits/memory")
                            .is_some_and(one_gig)
                }),
            ],
        ),
        case(
            WebStack,
            "we're not using redis anymore, remove the cache service please",
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
            ComposeTypos,
            "i think there's a couple of spelling mistakes in here, could you fix them for me?",
            vec![
                Proposed,
                Valid,
                Absent("/services/web/imag"),
                Is("/services/web/image", json!("nginx:1.27")),
                Absent("/services/worker/enviroment"),
                That("worker keeps its queue url", |o| {
                    env_has(o, "worker", "QUEUE_URL", "redis://queue:6379/0")
                }),
            ],
        ),
        case(
            ComposeDangling,
            "the app and db services have broken references, please sort them out",
            vec![
                Proposed,
                Valid,
                That("db mounts db-data", |o| list_has(o, "/services/db/volumes", "db-data:")),
                That("db uses the db_password secret", |o| {
                    o.get("/services/db/secrets")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().any(|s| {
                                s == &json!("db_password")
                                    || s.get("source") == Some(&json!("db_password"))
                            })
                        })
                }),
            ],
        ),
        case(
            TplWebApp,
            "make the postgres health check run every 10 seconds instead of 5",
            vec![Proposed, Valid, Is("/services/db/healthcheck/interval", json!("10s"))],
        ),
        case(
            TplMonitoring,
            "I don't need the node exporter thing, drop it",
            vec![
                Proposed,
                Valid,
                Absent("/services/node-exporter"),
                Present("/services/prometheus"),
            ],
        ),
        case(
            TplProxy,
            "how long should I steep green tea?",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ------------------------------------------------------------- github-actions
        case(
            ActionsNone,
            "hi, could I get CI for my node project? we use pnpm and want to test on node 18 and 20",
            vec![
                Proposed,
                Valid,
                That("the test matrix has node 18", |o| {
                    holds_num(o, "/jobs/test/strategy/matrix/node", 18.0)
                }),
                That("and node 20", |o| holds_num(o, "/jobs/test/strategy/matrix/node", 20.0)),
                That("tests run with pnpm", |o| runs(o, "test", "pnpm")),
            ],
        ),
        case(
            ActionsNone,
            "set up rust ci please, tests should run on linux and macos, and I don't want clippy",
            vec![
                Proposed,
                Valid,
                That("tests on linux", |o| list_has(o, "/jobs/test/strategy/matrix/os", "ubuntu")),
                That("tests on macos", |o| list_has(o, "/jobs/test/strategy/matrix/os", "macos")),
                Absent("/jobs/clippy"),
            ],
        ),
        case(
            ActionsNone,
            "I need a release workflow for when I push a version tag, the binary is called trellis and I don't need a docker image",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/image"),
                That("builds the trellis binary", |o| runs(o, "build", "--bin trellis")),
            ],
        ),
        case(
            Flow,
            "can this also run on pull requests?",
            vec![
                Proposed,
                Valid,
                Present("/on/pull_request"),
                Holds("/on/push/branches", json!("main")),
            ],
        ),
        case(
            Flow,
            "add a test job that runs cargo test once build is done",
            vec![
                Proposed,
                Valid,
                That("test needs build", |o| names(o, "/jobs/test/needs", "build")),
                That("test runs cargo test", |o| runs(o, "test", "cargo test")),
            ],
        ),
        case(
            Flow,
            "the build sometimes hangs forever, could you kill it after twenty minutes",
            vec![
                Proposed,
                Valid,
                That("build times out after 20 minutes", |o| {
                    num_is(o, "/jobs/build/timeout-minutes", 20.0)
                }),
            ],
        ),
        case(
            CiNode,
            "if I got rid of the lint job, what would be affected?",
            vec![That(NO_CHANGE, no_change), Says(&["build"])],
        ),
        case(
            CiNode,
            "node 18 is end of life, please drop it from the test matrix",
            vec![
                Proposed,
                Valid,
                That("no node 18", |o| !holds_num(o, "/jobs/test/strategy/matrix/node", 18.0)),
                That("node 20 and 22 stay", |o| {
                    holds_num(o, "/jobs/test/strategy/matrix/node", 20.0)
                        && holds_num(o, "/jobs/test/strategy/matrix/node", 22.0)
                }),
            ],
        ),
        case(
            CiNode,
            "rename lint to static-checks",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/lint"),
                Present("/jobs/static-checks/steps"),
                That("build needs static-checks", |o| {
                    names(o, "/jobs/build/needs", "static-checks")
                }),
            ],
        ),
        case(
            DanglingNeeds,
            "deploy never starts, what's wrong? can you fix it",
            vec![
                Proposed,
                Valid,
                That("deploy needs build", |o| names(o, "/jobs/deploy/needs", "build")),
            ],
        ),
        case(
            Nightly,
            "could the nightly run at 4am instead of 2:30?",
            vec![
                Proposed,
                Valid,
                That("the schedule is 4:00", |o| {
                    text(o, "/on/schedule/0/cron").is_some_and(|c| c.starts_with("0 4 "))
                }),
            ],
        ),
        case(
            TplRustCi,
            "switch to the nightly toolchain please",
            vec![
                Proposed,
                Valid,
                That("clippy on nightly", |o| toolchain_nightly(o, "clippy")),
                That("tests on nightly", |o| toolchain_nightly(o, "test")),
            ],
        ),
        case(
            TplRelease,
            "make the releases drafts so i can look them over before publishing",
            vec![
                Proposed,
                Valid,
                That("the release is created as a draft", |o| runs(o, "release", "--draft")),
            ],
        ),
        case(
            Flow,
            "can you deploy this to my AWS account right now?",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ------------------------------------------------------------- otel-collector
        case(
            OtelNone,
            "can I get a collector that takes in traces and sends them to jaeger:4317, keeping about 10% of them?",
            vec![
                Proposed,
                Valid,
                Present("/service/pipelines/traces"),
                That("an exporter to jaeger:4317", |o| {
                    any_of(o, "/exporters", |e| field(e, "endpoint") == "jaeger:4317")
                }),
                That("a 10% sampler", |o| {
                    any_of(o, "/processors", |p| field_num(p, "sampling_percentage", 10.0))
                }),
            ],
        ),
        case(
            OtelNone,
            "metrics collector please: scrape localhost:9100 and localhost:9200 every 15s and remote write to http://mimir:9009/api/v1/push",
            vec![
                Proposed,
                Valid,
                That("remote write to mimir", |o| {
                    any_of(o, "/exporters", |e| {
                        field(e, "endpoint") == "http://mimir:9009/api/v1/push"
                    })
                }),
                Holds(
                    "/receivers/prometheus/config/scrape_configs/0/static_configs/0/targets",
                    json!("localhost:9100"),
                ),
                Holds(
                    "/receivers/prometheus/config/scrape_configs/0/static_configs/0/targets",
                    json!("localhost:9200"),
                ),
                Is(
                    "/receivers/prometheus/config/scrape_configs/0/scrape_interval",
                    json!("15s"),
                ),
            ],
        ),
        case(
            Collector,
            "could you batch the traces before they get exported?",
            vec![
                Proposed,
                Valid,
                That("a configured batch processor in traces, after memory_limiter", |o| {
                    o.get("/service/pipelines/traces/processors")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.first() == Some(&json!("memory_limiter"))
                                && l.iter().filter_map(Value::as_str).any(|p| {
                                    (p == "batch" || p.starts_with("batch/"))
                                        && o.after
                                            .get("processors")
                                            .is_some_and(|m| m.get(p).is_some())
                                })
                        })
                }),
            ],
        ),
        case(
            Collector,
            "also accept otlp over http on port 4318 please",
            vec![
                Proposed,
                Valid,
                That("an http endpoint on 4318", |o| {
                    text(o, "/receivers/otlp/protocols/http/endpoint")
                        .is_some_and(|e| e.ends_with(":4318"))
                }),
                Is("/receivers/otlp/protocols/grpc/endpoint", json!("0.0.0.0:4317")),
            ],
        ),
        case(
            Collector,
            "it refuses data way too early, raise the memory limit to 1 GiB",
            vec![Proposed, Valid, Is("/processors/memory_limiter/limit_mib", json!(1024))],
        ),
        case(
            Collector,
            "I'd like logs to go through the same way as traces",
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
            "quick question, which of the pipelines go through the resource processor?",
            vec![That(NO_CHANGE, no_change), Says(&["traces", "metrics", "logs"])],
        ),
        case(
            Gateway,
            "the debug exporter is way too noisy, take it out",
            vec![
                Proposed,
                Valid,
                Absent("/exporters/debug"),
                Lacks("/service/pipelines/logs/exporters", json!("debug")),
                Holds("/service/pipelines/logs/exporters", json!("otlp/vendor")),
            ],
        ),
        case(
            Gateway,
            "send batches every 10 seconds instead of 5",
            vec![Proposed, Valid, Is("/processors/batch/timeout", json!("10s"))],
        ),
        case(
            OtelAgent,
            "host metrics every minute is plenty, it's every 30s right now",
            vec![
                Proposed,
                Valid,
                That("host metrics every minute", |o| {
                    text(o, "/receivers/hostmetrics/collection_interval")
                        .is_some_and(|i| i == "1m" || i == "60s")
                }),
            ],
        ),
        case(
            OtelDangling,
            "the pipeline has references to things that don't exist, can you clean that up",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/traces/processors", json!("batch")),
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
                Holds("/service/extensions", json!("health_check")),
            ],
        ),
        case(
            TplTraces,
            "we're paying too much for storage, keep only 1 percent of traces",
            vec![
                Proposed,
                Valid,
                That("1% sampled", |o| {
                    num_is(o, "/processors/probabilistic_sampler/sampling_percentage", 1.0)
                }),
            ],
        ),
        case(
            TplMetrics,
            "oops this collector actually runs in our staging environment, not prod, can you change that",
            vec![
                Proposed,
                Valid,
                That("deployment.environment is staging", |o| {
                    o.get("/processors/resource/attributes")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().any(|a| {
                                field(a, "key") == "deployment.environment"
                                    && field(a, "value") == "staging"
                            })
                        })
                }),
            ],
        ),
        case(
            TplTraces,
            "can you delete all the traces that are already stored in tempo?",
            vec![That(NO_CHANGE, no_change)],
        ),
    ]
}

/// The misses of the first run, kept by their text.
fn known_gaps() -> Vec<&'static str> {
    vec![
        // Wrong edit: the self-hosted template kept its default model, not the Qwen one.
        "I run vLLM at http://gpu-box:8000/v1, could you give me an assistant that talks to it? the model is Qwen/Qwen2.5-7B-Instruct",
        // Wrong edit: the translator added with its model but no instructions about German.
        "add a second agent called translator that translates everything the user writes into German, using the same model",
        // Not understood (help): a memory keeping 30 messages for the assistant.
        "I want the assistant to remember the last 30 messages of each conversation",
        // Not understood (help): a denied topic added to the guardrails.
        "stop the bot from discussing crypto",
        // Not understood (help): the tracing sample rate to 1.
        "I'd like to trace every single request, not just a quarter of them",
        // Clarify: read "point the files tool at" as a connection; args unchanged.
        "could you point the files tool at ~/Documents/notes instead of ./notes",
        // Not understood (help): the chat agent's temperature to 0.3.
        "the chat agent rambles and makes stuff up, tone it down to 0.3",
        // Not understood (help): the ollama provider's base_url.
        "Ollama runs on my other machine at http://192.168.1.50:11434 now",
        // Wrong edit: placeholder values instead of the base url, url and path given.
        "fill in what's missing: the together base url is https://api.together.xyz/v1, the weather api is https://api.weather.example/v1/forecast and the sqlite file can be ./data/forecast.db",
        // Answered "already delegates to planner, nothing to change" instead of breaking the cycle.
        "the delegation goes round in circles, the reviewer shouldn't hand back to the planner",
        // Answered "no errors to fix"; the literal key (a warning) stayed.
        "I pasted my key directly into the file by mistake, can you fix that",
        // Refused: looked for a provider field like "context you upd"; context_window not set.
        "the server was restarted with a 32k context, can you update it",
        // Wrong edit: the reverse-proxy template with the default domain and e-mail.
        "i want caddy as a reverse proxy in front of my app, domain is shop.example.com and use ops@example.com for the certificate emails",
        // Not understood (help): a restart policy for the (misspelt) database.
        "the databse should come back up on its own if it crashes",
        // Not understood (help): the nightly toolchain.
        "switch to the nightly toolchain please",
        // Not understood (help): --draft on the release.
        "make the releases drafts so i can look them over before publishing",
        // Refused: "protocols cannot be set from text"; no http receiver protocol.
        "also accept otlp over http on port 4318 please",
        // Wrong edit: a logging exporter added to the traces pipeline, no logs pipeline.
        "I'd like logs to go through the same way as traces",
        // Refused: looked for a batch field "interval"; timeout not set to 10s.
        "send batches every 10 seconds instead of 5",
        // Not understood (help): deployment.environment to staging.
        "oops this collector actually runs in our staging environment, not prod, can you change that",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 18",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 18, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
