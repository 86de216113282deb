//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting before it was run against the engine
//! (commit 4af8698), without reading the engine, in a newcomer's voice as typed in the
//! chat panel beside the canvas (chatty, polite, goals rather than fields, questions that
//! are edits, remarks before the request, lowercase and chat shorthand), over every intent
//! of the offline engine: setups from the gallery with parameters, adding, removing,
//! renaming and connecting components, values with units, in words and relative,
//! middleware across agents, explaining and fixing validation errors, impact questions,
//! descriptions, and requests that must get no edit. Judged by the document each
//! proposal makes, and by the names an answer gives for questions, never by the reply's
//! wording.
//!
//! 86 requests: 43 agent-stack, 15 docker-compose, 14 github-actions, 14 otel-collector.
//!
//! First try: 49/86 (57.0%) — agent-stack 19/43, docker-compose 9/15, github-actions
//! 10/14, otel-collector 11/14. No expectation was corrected after the run: every failure
//! was checked against its fixture, template and schema and is the engine's. The misses
//! are listed by their text in `known_gaps()` and run by the ignored known-gaps test.
//! 10 more pass after the readings by shape of stop 17 (an amount said as a goal, a removal
//! or a new name said any way, middleware for every agent): 59/86.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// Whether `x` is `want`, give or take rounding.
fn near(x: Option<f64>, want: f64) -> bool {
    x.is_some_and(|x| (x - want).abs() < 1e-9)
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

/// Whether a text field of some agent contains `part`.
fn some_agent_text_has(o: &Outcome, part: &str) -> bool {
    agent_names(o).iter().any(|a| agent_text_has(o, a, part))
}

/// The first middleware of type `ty` the agent's middleware list names.
fn agent_middleware<'a>(o: &'a Outcome, agent: &str, ty: &str) -> Option<&'a Value> {
    o.get(&format!("/agents/{agent}/middleware"))?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|n| o.after.get("middleware")?.get(n))
        .find(|m| m.get("type") == Some(&json!(ty)))
}

/// A compose service's environment variable (map or list form).
fn env_get(o: &Outcome, service: &str, key: &str) -> Option<String> {
    match o.get(&format!("/services/{service}/environment")) {
        Some(Value::Object(m)) => m.get(key).map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }),
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).find_map(|s| {
            s.split_once('=')
                .filter(|(k, _)| *k == key)
                .map(|(_, v)| v.to_string())
        }),
        _ => None,
    }
}

/// Whether a compose service's secrets (short or long syntax) name `secret`.
fn uses_secret(o: &Outcome, service: &str, secret: &str) -> bool {
    o.get(&format!("/services/{service}/secrets"))
        .and_then(Value::as_array)
        .is_some_and(|l| {
            l.iter().any(|s| {
                s.as_str() == Some(secret)
                    || s.get("source").and_then(Value::as_str) == Some(secret)
            })
        })
}

/// Whether a compose service mounts the named volume `volume` (short or long syntax).
fn mounts_volume(o: &Outcome, service: &str, volume: &str) -> bool {
    o.get(&format!("/services/{service}/volumes"))
        .and_then(Value::as_array)
        .is_some_and(|l| {
            l.iter().any(|v| match v {
                Value::String(s) => s.split(':').next() == Some(volume),
                Value::Object(m) => m.get("source").and_then(Value::as_str) == Some(volume),
                _ => false,
            })
        })
}

/// Whether a job other than `other` runs a command containing `part`.
fn another_job_runs(o: &Outcome, other: &str, part: &str) -> bool {
    o.get("/jobs")
        .and_then(Value::as_object)
        .is_some_and(|jobs| jobs.keys().any(|j| j != other && runs(o, j, part)))
}

/// Whether the collection has a component whose key is `ty` or `ty/name`.
fn has_component(o: &Outcome, collection: &str, ty: &str) -> bool {
    o.get(collection)
        .and_then(Value::as_object)
        .is_some_and(|m| {
            m.keys()
                .any(|k| k == ty || k.starts_with(&format!("{ty}/")))
        })
}

/// Whether the pipeline's list names a component of type `ty` (`ty` or `ty/name`).
fn pipeline_names_type(o: &Outcome, pointer: &str, ty: &str) -> bool {
    o.get(pointer).and_then(Value::as_array).is_some_and(|l| {
        l.iter()
            .filter_map(Value::as_str)
            .any(|n| n == ty || n.starts_with(&format!("{ty}/")))
    })
}

fn batch() -> Vec<Case> {
    use Check::*;
    vec![
        // ---------------------------------------------------------------- agent-stack
        // Setups from the gallery, with parameters.
        case(
            Doc::None,
            "hi! i'm brand new to all this. could you set me up a little assistant that runs locally on ollama, with the mistral model?",
            vec![
                Proposed,
                That("an agent runs on mistral", |o| some_agent_on(o, "mistral")),
                That("an ollama provider", |o| {
                    any_of(o, "/providers", |p| field_str(p, "type") == Some("ollama"))
                }),
                Valid,
            ],
        ),
        case(
            Doc::None,
            "We're a small shop called Acme Corp and we need a customer support bot with guardrails. Could customer messages be capped at 2000 characters?",
            vec![
                Proposed,
                That("guardrails capping input at 2000 characters", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("guardrails")
                            && field_num(m, "max_input_chars") == Some(2000.0)
                    })
                }),
                That("an agent speaks for Acme Corp", |o| {
                    some_agent_text_has(o, "Acme Corp")
                }),
                Valid,
            ],
        ),
        case(
            Doc::None,
            "could you give me the multi-agent research team setup, but leave out the reviewer? we'll review the reports ourselves",
            vec![
                Proposed,
                Present("/agents/planner"),
                Present("/agents/researcher"),
                Present("/agents/writer"),
                Absent("/agents/reviewer"),
                Valid,
            ],
        ),
        case(
            Doc::None,
            "starting from scratch - i want a writing helper on claude. no web searching please, and keep the temperature at 0.3",
            vec![
                Proposed,
                That("an agent runs on claude", |o| some_agent_on(o, "claude")),
                That("no web search tool", |o| {
                    !any_of(o, "/tools", |t| field_str(t, "name") == Some("web_search"))
                }),
                That("an agent runs at temperature 0.3", |o| some_agent_at(o, 0.3)),
                Valid,
            ],
        ),
        case(
            Doc::None,
            "Could you set up something that answers questions from our own documents? I'd like ten passages per question, and the index should live in ./kb/index",
            vec![
                Proposed,
                That("a vector memory with top_k 10 at ./kb/index", |o| {
                    any_of(o, "/memory", |m| {
                        field_str(m, "type") == Some("vector")
                            && field_num(m, "top_k") == Some(10.0)
                            && field_str(m, "path") == Some("./kb/index")
                    })
                }),
                Valid,
            ],
        ),
        // Adding components, with attributes.
        case(
            Doc::Mini,
            "Thanks! Now could you add a second agent called translator on the chat model that translates everything into French?",
            vec![
                Is("/agents/translator/model", json!("chat")),
                That("the translator is told about French", |o| {
                    agent_text_has(o, "translator", "french")
                }),
                Present("/agents/assistant"),
                Valid,
            ],
        ),
        case(
            Doc::ResearchDesk,
            "the researcher keeps getting sums wrong lol. can it have a calculator?",
            vec![
                That("the researcher has a calculator tool", |o| {
                    names_one(o, "/agents/researcher/tools", "tools", |t| {
                        field_str(t, "type") == Some("builtin")
                            && field_str(t, "name") == Some("calculator")
                    })
                }),
                Holds("/agents/researcher/tools", json!("web_search")),
                Holds("/agents/researcher/tools", json!("arxiv")),
                Valid,
            ],
        ),
        case(
            Doc::LocalOllama,
            "we've got redis running on localhost:6379 now — could you add a redis memory store named sessions for it?",
            vec![
                Is("/memory/sessions/type", json!("redis")),
                That("its url points at localhost:6379", |o| {
                    o.get("/memory/sessions/url")
                        .and_then(Value::as_str)
                        .is_some_and(|u| u.contains("localhost:6379"))
                }),
                Present("/memory/history"),
                Valid,
            ],
        ),
        case(
            Doc::SupportDesk,
            "refunds time out every now and then. please add a retry layer with 5 attempts to the billing agent",
            vec![
                That("billing retries with 5 attempts", |o| {
                    agent_middleware(o, "billing", "retry")
                        .is_some_and(|m| field_num(m, "max_attempts") == Some(5.0))
                }),
                Holds("/agents/billing/middleware", json!("safety")),
                Holds("/agents/billing/middleware", json!("traces")),
                Valid,
            ],
        ),
        case(
            Doc::TplOllama,
            "i'd like a tool called weather that calls https://api.weather.example/v1/forecast over http",
            vec![
                Is("/tools/weather/type", json!("http")),
                Is(
                    "/tools/weather/url",
                    json!("https://api.weather.example/v1/forecast"),
                ),
                Valid,
            ],
        ),
        // Middleware across all agents.
        case(
            Doc::ResearchDesk,
            "could every agent send traces to http://localhost:4318? we just set up jaeger",
            vec![
                That("every agent has tracing", |o| all_agents_have(o, "tracing")),
                That("tracing goes to http://localhost:4318", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("tracing")
                            && field_str(m, "endpoint") == Some("http://localhost:4318")
                    })
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplResearch,
            "we keep hitting openai's limits... put a rate limit of 60 requests a minute on all the agents please",
            vec![
                That("every agent is rate limited", |o| {
                    all_agents_have(o, "rate_limit")
                }),
                That("a rate limit of 60 requests a minute", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("rate_limit")
                            && field_num(m, "requests_per_minute") == Some(60.0)
                    })
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplProduction,
            "we're handling customer data now, so i'd like every agent to block personal info like emails and card numbers",
            vec![
                That("every agent has guardrails", |o| {
                    all_agents_have(o, "guardrails")
                }),
                That("the guardrails block PII", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("guardrails")
                            && m.get("block_pii") == Some(&json!(true))
                    })
                }),
                Valid,
            ],
        ),
        // Removing.
        case(
            Doc::ResearchDesk,
            "honestly we never use the arxiv thing, can you get rid of it?",
            vec![
                Absent("/tools/arxiv"),
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Holds("/agents/researcher/tools", json!("web_search")),
                Valid,
            ],
        ),
        case(
            Doc::SupportDesk,
            "The cache layer is giving customers stale answers. Could you take it out entirely?",
            vec![
                Absent("/middleware/cache"),
                Lacks("/agents/triage/middleware", json!("cache")),
                Holds("/agents/triage/middleware", json!("safety")),
                Valid,
            ],
        ),
        case(
            Doc::TplResearch,
            "remove the reviewer agent pls, we check reports by hand now",
            vec![
                Absent("/agents/reviewer"),
                Lacks("/agents/planner/delegates_to", json!("reviewer")),
                Present("/agents/writer"),
                Valid,
            ],
        ),
        // Renaming.
        case(
            Doc::Mini,
            "could we call the assistant agent 'helper' instead? it reads nicer",
            vec![
                Present("/agents/helper"),
                Absent("/agents/assistant"),
                Is("/agents/helper/model", json!("chat")),
                Valid,
            ],
        ),
        case(
            Doc::ResearchDesk,
            "i'd like the smart model to be called deep from now on",
            vec![
                Present("/models/deep"),
                Absent("/models/smart"),
                Is("/models/deep/name", json!("gpt-4o")),
                Is("/agents/researcher/model", json!("deep")),
                Valid,
            ],
        ),
        case(
            Doc::TplSupport,
            "open_ticket should really be called escalate — can you rename it?",
            vec![
                Present("/tools/escalate"),
                Absent("/tools/open_ticket"),
                Holds("/agents/support/tools", json!("escalate")),
                Lacks("/agents/support/tools", json!("open_ticket")),
                Valid,
            ],
        ),
        // Connecting.
        case(
            Doc::ResearchDesk,
            "the writer should be allowed to hand work back to the researcher when a source is missing",
            vec![
                Holds("/agents/writer/delegates_to", json!("researcher")),
                Valid,
            ],
        ),
        case(
            Doc::LocalOllama,
            "oh and can the chat agent use the files tool as well?",
            vec![Holds("/agents/chat/tools", json!("files")), Valid],
        ),
        case(
            Doc::TplProduction,
            "hook the summarizer up to the cache too, it answers the same stuff all day",
            vec![
                Holds("/agents/summarizer/middleware", json!("cache")),
                Holds("/agents/summarizer/middleware", json!("retry")),
                Valid,
            ],
        ),
        // Values: in words, relative, with units.
        case(
            Doc::Mini,
            "answers feel a bit random. could you bring the temperature down to zero point two?",
            vec![
                That("the assistant runs at 0.2", |o| {
                    near(effective_temperature(o, "assistant"), 0.2)
                }),
                Valid,
            ],
        ),
        case(
            Doc::ResearchDesk,
            "the planner gives up too early, give it five more iterations",
            vec![Is("/agents/planner/max_iterations", json!(25)), Valid],
        ),
        case(
            Doc::SupportDesk,
            "we're getting throttled by our own limiter. can we allow twice as many requests a minute?",
            vec![
                Is("/middleware/limits/requests_per_minute", json!(1200)),
                Valid,
            ],
        ),
        case(
            Doc::TplProduction,
            "let the cache keep answers for two hours",
            vec![Is("/middleware/cache/ttl_s", json!(7200)), Valid],
        ),
        case(
            Doc::TplEnvironments,
            "the assistant sounds a bit stiff. nudge the main model's temperature up by 0.2",
            vec![
                That("the assistant runs at 0.6", |o| {
                    near(effective_temperature(o, "assistant"), 0.6)
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplRag,
            "answers get cut off halfway. allow up to 2k tokens please",
            vec![
                That("the answer model allows 2k tokens", |o| {
                    matches!(num(o, "/models/answer/max_tokens"), Some(x) if x == 2000.0 || x == 2048.0)
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplReview,
            "reviews of big PRs stop halfway through; let the reviewer go up to thirty rounds",
            vec![Is("/agents/reviewer/max_iterations", json!(30)), Valid],
        ),
        // Validation errors: explaining and fixing.
        case(
            Doc::Dangling,
            "why is the copywriter showing red on the canvas?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["gpt4o-writer", "calculater"]),
            ],
        ),
        case(
            Doc::Dangling,
            "ok can you fix the copywriter so it points at the right stuff?",
            vec![
                Is("/agents/copywriter/model", json!("writer")),
                Holds("/agents/copywriter/tools", json!("calculator")),
                Lacks("/agents/copywriter/tools", json!("calculater")),
                Valid,
            ],
        ),
        case(
            Doc::EnumTypos,
            "i think i misspelled some of the types in here, could you fix them?",
            vec![
                Is("/providers/openai/type", json!("openai")),
                Is("/memory/sessions/type", json!("redis")),
                Valid,
            ],
        ),
        case(
            Doc::OutOfRange,
            "the storyteller can't do zero iterations lol, set it to something sensible",
            vec![
                That("the storyteller gets at least one iteration", |o| {
                    o.get("/agents/storyteller/max_iterations")
                        .and_then(Value::as_u64)
                        .is_some_and(|n| n >= 1)
                }),
                ErrorsBelow(3),
            ],
        ),
        case(
            Doc::Cycle,
            "the agents keep passing work around in circles. please stop the reviewer handing things back to the planner",
            vec![
                Lacks("/agents/reviewer/delegates_to", json!("planner")),
                Holds("/agents/planner/delegates_to", json!("researcher")),
                Holds("/agents/researcher/delegates_to", json!("reviewer")),
                Valid,
            ],
        ),
        case(
            Doc::ConditionalRequired,
            "the weather tool needs an address, it's https://api.weather.gov/points",
            vec![
                Is("/tools/weather/url", json!("https://api.weather.gov/points")),
                ErrorsBelow(3),
            ],
        ),
        // Impact questions.
        case(
            Doc::ResearchDesk,
            "what would break if I deleted the openai provider?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["fast", "smart", "embeddings"]),
            ],
        ),
        case(
            Doc::SupportDesk,
            "which agents rely on the safety middleware?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["triage", "billing", "generalist"]),
            ],
        ),
        case(
            Doc::TplRag,
            "before i touch anything — is the embed model actually used by something?",
            vec![NoPatch(ReplyKind::Answer), Says(&["knowledge"])],
        ),
        // Descriptions.
        case(
            Doc::TplResearch,
            "hey, i just opened this template. can you walk me thru what each agent does?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["planner", "researcher", "writer", "reviewer"]),
            ],
        ),
        case(
            Doc::TplSelfHosted,
            "give me a quick overview of what's in this setup",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["assistant", "calculator"]),
            ],
        ),
        // No edit.
        case(
            Doc::Injected,
            "the writer's instructions look weird to me, what do they tell it to do?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["writer"]),
                That(NO_CHANGE, no_change),
            ],
        ),
        case(
            Doc::Mini,
            "can you set a monthly spending cap of $50 for the assistant?",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Doc::TplAnthropic,
            "asdfgh qwerty lol",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ------------------------------------------------------------- docker-compose
        case(
            Doc::ComposeNone,
            "hi, i need a web app with postgres and redis. my app image is ghcr.io/acme/shop:2.1 and it should be reachable on port 3000",
            vec![
                Proposed,
                Is("/services/app/image", json!("ghcr.io/acme/shop:2.1")),
                That("the app is published on host port 3000", |o| {
                    publishes_on(o, "app", 3000)
                }),
                That("a postgres service", |o| {
                    any_of(o, "/services", |s| {
                        field_str(s, "image").is_some_and(|i| i.starts_with("postgres"))
                    })
                }),
                That("a redis service", |o| {
                    any_of(o, "/services", |s| {
                        field_str(s, "image").is_some_and(|i| i.starts_with("redis"))
                    })
                }),
                Valid,
            ],
        ),
        case(
            Doc::ComposeNone,
            "could you set up prometheus and grafana for me? grafana on port 3001 please, and i don't need node exporter",
            vec![
                Proposed,
                Present("/services/prometheus"),
                That("grafana is published on host port 3001", |o| {
                    publishes_on(o, "grafana", 3001)
                }),
                Absent("/services/node-exporter"),
                Valid,
            ],
        ),
        case(
            Doc::Web,
            "we want a cache next to the db — add a redis service using redis:7-alpine",
            vec![
                That("a service runs redis:7-alpine", |o| {
                    any_of(o, "/services", |s| {
                        field_str(s, "image") == Some("redis:7-alpine")
                    })
                }),
                Present("/services/web"),
                Present("/services/db"),
                Valid,
            ],
        ),
        case(
            Doc::Monitoring,
            "we don't use cadvisor anymore, please remove it",
            vec![
                Absent("/services/cadvisor"),
                Present("/services/prometheus"),
                Valid,
            ],
        ),
        case(
            Doc::TplWebApp,
            "can the cache service be called redis instead?",
            vec![
                Present("/services/redis"),
                Absent("/services/cache"),
                That("the app depends on redis", |o| {
                    names(o, "/services/app/depends_on", "redis")
                }),
                Valid,
            ],
        ),
        case(
            Doc::Web,
            "the web container should wait for the database before it starts",
            vec![
                That("web depends on db", |o| {
                    names(o, "/services/web/depends_on", "db")
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplWebApp,
            "while i'm debugging, could the app log at debug level? i think the variable is LOG_LEVEL",
            vec![
                That("LOG_LEVEL=debug on the app", |o| {
                    env_get(o, "app", "LOG_LEVEL").as_deref() == Some("debug")
                }),
                That("the app keeps its DATABASE_URL", |o| {
                    env_get(o, "app", "DATABASE_URL").is_some()
                }),
                Valid,
            ],
        ),
        case(
            Doc::Monitoring,
            "prometheus should keep 30 days of data instead of 15",
            vec![
                That("retention is 30d", |o| {
                    list_has(
                        o,
                        "/services/prometheus/command",
                        "--storage.tsdb.retention.time=30d",
                    )
                }),
                That("retention is no longer 15d", |o| {
                    !list_has(o, "/services/prometheus/command", "retention.time=15d")
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplProxy,
            "port 80 is already taken on my laptop, can the proxy take http on 8080 instead?",
            vec![
                That("the proxy publishes 8080:80", |o| publishes(o, "proxy", 8080, 80)),
                That("host port 80 is free", |o| !publishes_on(o, "proxy", 80)),
                That("https stays on 443", |o| publishes(o, "proxy", 443, 443)),
                Valid,
            ],
        ),
        case(
            Doc::ComposeTypos,
            "why doesn't my compose file validate? i don't get it",
            vec![NoPatch(ReplyKind::Answer), Says(&["web", "worker"])],
        ),
        case(
            Doc::ComposeTypos,
            "ugh, i always mistype stuff. can you sort out the spelling mistakes in this file?",
            vec![
                Is("/services/web/image", json!("nginx:1.27")),
                Absent("/services/web/imag"),
                That("the worker keeps QUEUE_URL", |o| {
                    env_get(o, "worker", "QUEUE_URL").as_deref() == Some("redis://queue:6379/0")
                }),
                Valid,
            ],
        ),
        case(
            Doc::ComposeDangling,
            "a few names in here don't match anything. can you point them at the right volume, network and secret?",
            vec![
                That("app joins the back network", |o| {
                    names(o, "/services/app/networks", "back")
                }),
                That("db mounts db-data", |o| mounts_volume(o, "db", "db-data")),
                That("db uses the db_password secret", |o| {
                    uses_secret(o, "db", "db_password")
                }),
                Valid,
            ],
        ),
        case(
            Doc::WebStack,
            "if i take the db down for maintenance, which services are affected?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            Doc::TplProxy,
            "what does this compose file actually do? i copied it from a colleague",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["proxy", "web", "api"]),
            ],
        ),
        case(
            Doc::Web,
            "can you add a kubernetes ingress with tls for this?",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ------------------------------------------------------------- github-actions
        case(
            Doc::ActionsNone,
            "can you make me a CI workflow for our node project? we use pnpm and test on node 18 and 20",
            vec![
                Proposed,
                That("pnpm is used", |o| all_runs(o).iter().any(|r| r.contains("pnpm"))),
                That("tests run on node 18", |o| {
                    holds_version(o, "/jobs/test/strategy/matrix/node", 18)
                }),
                That("tests run on node 20", |o| {
                    holds_version(o, "/jobs/test/strategy/matrix/node", 20)
                }),
                Valid,
            ],
        ),
        case(
            Doc::ActionsNone,
            "set up rust ci on the nightly toolchain please, running on both ubuntu and macos",
            vec![
                Proposed,
                That("the nightly toolchain", |o| {
                    mentions(o, "\"toolchain\":\"nightly\"")
                }),
                That("tests run on ubuntu", |o| {
                    list_has(o, "/jobs/test/strategy/matrix/os", "ubuntu")
                }),
                That("tests run on macos", |o| {
                    list_has(o, "/jobs/test/strategy/matrix/os", "macos")
                }),
                Valid,
            ],
        ),
        case(
            Doc::ActionsNone,
            "i'd like a release workflow that triggers on tags like release-*, and no docker image please",
            vec![
                Proposed,
                Holds("/on/push/tags", json!("release-*")),
                Present("/jobs/release"),
                Absent("/jobs/image"),
                Valid,
            ],
        ),
        case(
            Doc::Flow,
            "could you add a lint job that runs cargo clippy?",
            vec![
                That("a job besides build runs cargo clippy", |o| {
                    another_job_runs(o, "build", "cargo clippy")
                }),
                That("build still runs cargo build", |o| {
                    runs(o, "build", "cargo build")
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplRustCi,
            "we don't need the fmt check anymore, please remove that job",
            vec![Absent("/jobs/fmt"), Present("/jobs/test"), Valid],
        ),
        case(
            Doc::Nightly,
            "could the e2e job be called end-to-end instead? it reads better in the UI",
            vec![
                Present("/jobs/end-to-end"),
                Absent("/jobs/e2e"),
                That("deploy-staging needs end-to-end", |o| {
                    names(o, "/jobs/deploy-staging/needs", "end-to-end")
                }),
                That("notify needs end-to-end", |o| {
                    names(o, "/jobs/notify/needs", "end-to-end")
                }),
                Valid,
            ],
        ),
        case(
            Doc::TplNodeCi,
            "build shouldn't start until lint has passed as well",
            vec![
                That("build needs lint", |o| names(o, "/jobs/build/needs", "lint")),
                That("build still needs test", |o| {
                    names(o, "/jobs/build/needs", "test")
                }),
                Valid,
            ],
        ),
        case(
            Doc::CiNode,
            "lint sometimes hangs forever; kill it after 5 minutes instead of 10",
            vec![Is("/jobs/lint/timeout-minutes", json!(5)), Valid],
        ),
        case(
            Doc::TplRustCi,
            "add windows to the test matrix too",
            vec![
                Holds("/jobs/test/strategy/matrix/os", json!("windows-latest")),
                Holds("/jobs/test/strategy/matrix/os", json!("ubuntu-latest")),
                Valid,
            ],
        ),
        case(
            Doc::DanglingNeeds,
            "deploy is flagged red, what's up with it?",
            vec![NoPatch(ReplyKind::Answer), Says(&["biuld", "lint"])],
        ),
        case(
            Doc::DanglingNeeds,
            "please fix the deploy job. it only has to wait for build",
            vec![
                That("deploy needs build", |o| names(o, "/jobs/deploy/needs", "build")),
                That("deploy no longer needs biuld", |o| {
                    !names(o, "/jobs/deploy/needs", "biuld")
                }),
                That("deploy no longer needs lint", |o| {
                    !names(o, "/jobs/deploy/needs", "lint")
                }),
                Valid,
            ],
        ),
        case(
            Doc::CiNode,
            "quick q: which jobs are waiting on test?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        case(
            Doc::Nightly,
            "explain this workflow to me like i'm new to github actions",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["e2e", "deploy-staging", "notify"]),
            ],
        ),
        case(
            Doc::Flow,
            "please make the repository private",
            vec![That(NO_CHANGE, no_change)],
        ),
        // ------------------------------------------------------------- otel-collector
        case(
            Doc::OtelNone,
            "i need a collector for traces that forwards them to jaeger:4317 and keeps about 10% of them",
            vec![
                Proposed,
                That("traces are exported to jaeger:4317", |o| {
                    pipeline_uses(o, "traces", "exporters", "/exporters", |e| {
                        field_str(e, "endpoint") == Some("jaeger:4317")
                    })
                }),
                That("traces are sampled at 10%", |o| {
                    pipeline_uses(o, "traces", "processors", "/processors", |p| {
                        field_num(p, "sampling_percentage") == Some(10.0)
                    })
                }),
                Valid,
            ],
        ),
        case(
            Doc::OtelNone,
            "set up a metrics collector that scrapes localhost:9100 and localhost:9256 every 15 seconds",
            vec![
                Proposed,
                That("localhost:9100 is scraped", |o| mentions(o, "localhost:9100")),
                That("localhost:9256 is scraped", |o| mentions(o, "localhost:9256")),
                Is(
                    "/receivers/prometheus/config/scrape_configs/0/scrape_interval",
                    json!("15s"),
                ),
                Valid,
            ],
        ),
        case(
            Doc::Collector,
            "could you add a batch processor to the traces pipeline? i read it's best practice",
            vec![
                That("a batch processor is configured", |o| {
                    has_component(o, "/processors", "batch")
                }),
                That("the traces pipeline uses it", |o| {
                    pipeline_names_type(o, "/service/pipelines/traces/processors", "batch")
                }),
                Holds(
                    "/service/pipelines/traces/processors",
                    json!("memory_limiter"),
                ),
                Valid,
            ],
        ),
        case(
            Doc::Gateway,
            "we also want logs going to loki at http://loki:3100/otlp",
            vec![
                That("logs are exported to loki", |o| {
                    pipeline_uses(o, "logs", "exporters", "/exporters", |e| {
                        field_str(e, "endpoint") == Some("http://loki:3100/otlp")
                    })
                }),
                Holds("/service/pipelines/logs/exporters", json!("otlp/vendor")),
                Valid,
            ],
        ),
        case(
            Doc::Gateway,
            "drop the debug exporter, it's spamming our logs",
            vec![
                Absent("/exporters/debug"),
                Lacks("/service/pipelines/logs/exporters", json!("debug")),
                Holds("/service/pipelines/logs/exporters", json!("otlp/vendor")),
                Valid,
            ],
        ),
        case(
            Doc::TplTraces,
            "our backend is tempo, so i'd like the exporter called otlp/tempo instead of otlp/backend",
            vec![
                Present("/exporters/otlp~1tempo"),
                Absent("/exporters/otlp~1backend"),
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
                Valid,
            ],
        ),
        case(
            Doc::Gateway,
            "while we troubleshoot, can metrics also go to the debug exporter?",
            vec![
                Holds("/service/pipelines/metrics/exporters", json!("debug")),
                Holds("/service/pipelines/metrics/exporters", json!("otlp/vendor")),
                Valid,
            ],
        ),
        case(
            Doc::TplTraces,
            "the collector keeps refusing data. raise the memory limit to 1 GiB",
            vec![Is("/processors/memory_limiter/limit_mib", json!(1024)), Valid],
        ),
        case(
            Doc::TplTraces,
            "batches should go out after 2 seconds instead of 5",
            vec![Is("/processors/batch/timeout", json!("2s")), Valid],
        ),
        case(
            Doc::OtelDangling,
            "what's wrong with my pipeline?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["otlp/backend", "batch/2", "healthcheck"]),
            ],
        ),
        case(
            Doc::OtelDangling,
            "please fix the broken references",
            vec![
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
                Lacks("/service/pipelines/traces/exporters", json!("otlp/backend")),
                Lacks("/service/pipelines/traces/processors", json!("batch/2")),
                Lacks("/service/extensions", json!("healthcheck")),
                Holds("/service/extensions", json!("health_check")),
                Valid,
            ],
        ),
        case(
            Doc::Gateway,
            "what stops working if i remove the resource processor?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["traces", "metrics", "logs"]),
            ],
        ),
        case(
            Doc::OtelAgent,
            "what does this collector collect and where does it send it?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&[
                    "hostmetrics",
                    "filelog/app",
                    "prometheusremotewrite",
                    "otlphttp/loki",
                ]),
            ],
        ),
        case(
            Doc::Collector,
            "can the collector send me a slack message when it crashes?",
            vec![That(NO_CHANGE, no_change)],
        ),
    ]
}

fn known_gaps() -> Vec<&'static str> {
    vec![
        // Answer instead of an edit: "no guardrails middleware" instead of the support template for Acme Corp.
        "We're a small shop called Acme Corp and we need a customer support bot with guardrails. Could customer messages be capped at 2000 characters?",
        // Wrong edit: the research team template with its defaults, reviewer kept.
        "could you give me the multi-agent research team setup, but leave out the reviewer? we'll review the reports ourselves",
        // Answer instead of an edit: described the chat model instead of adding the translator agent.
        "Thanks! Now could you add a second agent called translator on the chat model that translates everything into French?",
        // Not understood (help): PII-blocking guardrails on every agent.
        "we're handling customer data now, so i'd like every agent to block personal info like emails and card numbers",
        // Refused: "0 is not allowed" instead of setting a valid max_iterations.
        "the storyteller can't do zero iterations lol, set it to something sensible",
        // Refused: tried to make the planner refer to itself instead of dropping reviewer -> planner.
        "the agents keep passing work around in circles. please stop the reviewer handing things back to the planner",
        // Not understood (help): the weather tool's url.
        "the weather tool needs an address, it's https://api.weather.gov/points",
        // Not understood (help): a walk-through of the agents.
        "hey, i just opened this template. can you walk me thru what each agent does?",
        // Clarify: asked whether "writer" is the model or the agent, though only the agent has instructions.
        "the writer's instructions look weird to me, what do they tell it to do?",
        // Refused: "no service named redis" instead of adding a redis:7-alpine service.
        "we want a cache next to the db — add a redis service using redis:7-alpine",
        // Not understood (help): LOG_LEVEL=debug on the app.
        "while i'm debugging, could the app log at debug level? i think the variable is LOG_LEVEL",
        // Refused: took "30 days of data" as a value of stdin_open instead of the retention flag.
        "prometheus should keep 30 days of data instead of 15",
        // Answer instead of an edit: described the proxy instead of publishing 8080:80.
        "port 80 is already taken on my laptop, can the proxy take http on 8080 instead?",
        // Not understood (help): fixing the dangling network, volume and secret names.
        "a few names in here don't match anything. can you point them at the right volume, network and secret?",
        // Answer instead of an edit: read "shouldn't start" as a negation and changed nothing.
        "build shouldn't start until lint has passed as well",
        // Not understood (help): windows-latest in the test matrix.
        "add windows to the test matrix too",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 21",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 21, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
