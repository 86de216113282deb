//! A held-out batch of requests over all four packs (agent stacks, compose files,
//! workflows, collectors), written in one sitting before it was run against the engine
//! (commit 4c7859f), without reading the engine, mostly in a newcomer's voice as typed in
//! the chat panel beside the canvas (chatty, polite, goals rather than fields, questions
//! that are edits, remarks before the request, typos), over every intent of the offline
//! engine: setups from the gallery with parameters, adding, removing, renaming and
//! connecting components, values with units, in words and relative, middleware across
//! agents, explaining and fixing validation errors, impact questions, descriptions, and
//! requests that must get no edit. Judged by the document each proposal makes, and by the
//! names an answer gives for questions, never by the reply's wording.
//!
//! 86 requests: 43 agent-stack, 15 docker-compose, 14 github-actions, 14 otel-collector.
//!
//! First try: 51/86 (59.3%) — agent-stack 27/43, docker-compose 7/15, github-actions
//! 7/14, otel-collector 10/14. No expectation was corrected after the run: every failure
//! was checked against its fixture, template and schema and is the engine's. The misses
//! are listed by their text in `known_gaps()` and run by the ignored known-gaps test.
//! 5 of the 35 misses pass since (topics to refuse, one's own image, a share of traces
//! kept, "if lint fails, what else gets skipped?", "walk me through …"): 56/86.
//! 6 more pass after the readings by shape of stop 17 (an amount said as a goal, a removal
//! or a new name said any way, middleware for every agent): 62/86.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// The temperature an agent runs at: its own, else its model's.
fn effective_temperature(o: &Outcome, agent: &str) -> Option<f64> {
    num(o, &format!("/agents/{agent}/temperature"))
        .or_else(|| agent_model(o, agent)?.get("temperature")?.as_f64())
}

/// Whether some agent runs on a model whose name contains `part`.
fn some_agent_on(o: &Outcome, part: &str) -> bool {
    o.get("/agents")
        .and_then(Value::as_object)
        .is_some_and(|m| m.keys().any(|a| agent_model_is(o, a, part)))
}

/// Whether a grafana memory limit of one gigabyte is set (deploy limits or mem_limit).
fn grafana_has_a_gig(o: &Outcome) -> bool {
    let one_gig = |v: Option<&Value>| match v {
        Some(Value::String(s)) => {
            let s = s.to_lowercase();
            let s = s.trim_end_matches('b');
            matches!(s, "1g" | "1024m" | "1073741824")
        }
        Some(Value::Number(n)) => n.as_u64() == Some(1 << 30),
        _ => false,
    };
    one_gig(o.get("/services/grafana/deploy/resources/limits/memory"))
        || one_gig(o.get("/services/grafana/mem_limit"))
}

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ------------------------------------------------------------------ agent-stack
        // Setups from the gallery, with parameters.
        case(
            None,
            "hi! i'm new to all this. could you set me up with a little assistant that runs on my own computer thru ollama? i'd like to use mistral",
            vec![
                Proposed,
                Valid,
                That("an ollama provider", |o| {
                    any_of(o, "/providers", |p| field_str(p, "type") == Some("ollama"))
                }),
                That("an agent on mistral", |o| some_agent_on(o, "mistral")),
            ],
        ),
        case(
            None,
            "We need a customer support bot for Acme Corp with guardrails please. It must never talk about legal advice or politics.",
            vec![
                Proposed,
                Valid,
                That("guardrails denying legal advice and politics", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("guardrails")
                            && m.get("denied_topics").and_then(Value::as_array).is_some_and(|t| {
                                t.contains(&json!("politics")) && t.contains(&json!("legal advice"))
                            })
                    })
                }),
                That("the bot speaks for Acme Corp", |o| mentions(o, "Acme Corp")),
            ],
        ),
        case(
            None,
            "could you make me a research team of agents? we dont need the reviewer, and the planner can take up to 30 rounds",
            vec![
                Proposed,
                Valid,
                Present("/agents/researcher"),
                Present("/agents/writer"),
                Absent("/agents/reviewer"),
                Is("/agents/planner/max_iterations", json!(30)),
            ],
        ),
        case(
            None,
            "I'd like a writing helper on claude, no web searching, and keep the answers under 2000 tokens",
            vec![
                Proposed,
                Valid,
                That("an anthropic provider", |o| {
                    any_of(o, "/providers", |p| field_str(p, "type") == Some("anthropic"))
                }),
                That("a model capped at 2000 tokens", |o| {
                    any_of(o, "/models", |m| field_num(m, "max_tokens") == Some(2000.0))
                }),
                That("no web search", |o| !mentions(o, "web_search")),
            ],
        ),
        case(
            None,
            "set up a RAG asisstant over our docs please: 10 passages per question and keep the index in ./vectors",
            vec![
                Proposed,
                Valid,
                That("a vector memory in ./vectors recalling 10", |o| {
                    any_of(o, "/memory", |m| {
                        field_str(m, "type") == Some("vector")
                            && field_num(m, "top_k") == Some(10.0)
                            && field_str(m, "path") == Some("./vectors")
                    })
                }),
            ],
        ),
        case(
            None,
            "can you create a stack with dev, staging and prod enviroments? in prod cap it at 100 requests per minute",
            vec![
                Proposed,
                Valid,
                Present("/environments/dev"),
                Present("/environments/staging"),
                That("prod limited to 100 requests a minute", |o| {
                    any_of(o, "/environments/prod/overrides/middleware", |m| {
                        field_num(m, "requests_per_minute") == Some(100.0)
                    })
                }),
            ],
        ),
        case(
            None,
            "production ready openai assistant please, with gpt-4.1 as the main model and only 5% of requests traced",
            vec![
                Proposed,
                Valid,
                That("a gpt-4.1 model", |o| {
                    any_of(o, "/models", |m| field_str(m, "name") == Some("gpt-4.1"))
                }),
                That("tracing sampled at 5%", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("tracing")
                            && field_num(m, "sample_rate") == Some(0.05)
                    })
                }),
            ],
        ),
        case(
            None,
            "I run vllm on http://gpu-box:8000/v1 , could you hook an assistant up to it? the model is Qwen/Qwen2.5-7B-Instruct",
            vec![
                Proposed,
                Valid,
                That("an openai-compatible provider at gpu-box", |o| {
                    any_of(o, "/providers", |p| {
                        field_str(p, "type") == Some("openai_compatible")
                            && field_str(p, "base_url") == Some("http://gpu-box:8000/v1")
                    })
                }),
                That("an agent on Qwen", |o| some_agent_on(o, "Qwen/Qwen2.5-7B-Instruct")),
            ],
        ),
        // Adding components.
        case(
            Mini,
            "could the assistant get a calculator tool please?",
            vec![
                Proposed,
                Valid,
                That("the assistant has a calculator", |o| {
                    names_one(o, "/agents/assistant/tools", "tools", |t| {
                        field_str(t, "name") == Some("calculator")
                    })
                }),
            ],
        ),
        case(
            Mini,
            "add another agent called translator, same model as the assistant, that translates whatever it gets into French",
            vec![
                Proposed,
                Valid,
                Is("/agents/translator/model", json!("chat")),
                That("the translator is told about French", |o| {
                    agent_text_has(o, "translator", "french")
                }),
                Present("/agents/assistant"),
            ],
        ),
        case(
            TplOllama,
            "the assistant forgets everything whenever i restart it :( can its memory survive restarts? a sqlite file would be fine",
            vec![
                Proposed,
                Valid,
                That("the assistant's memory is sqlite", |o| {
                    agent_memory_is(o, "assistant", "sqlite")
                }),
            ],
        ),
        case(
            ResearchDesk,
            "could the researcher also run code? give it a code interpeter",
            vec![
                Proposed,
                Valid,
                That("the researcher has a code interpreter", |o| {
                    names_one(o, "/agents/researcher/tools", "tools", |t| {
                        field_str(t, "name") == Some("code_interpreter")
                    })
                }),
                Holds("/agents/researcher/tools", json!("web_search")),
                Holds("/agents/researcher/tools", json!("arxiv")),
            ],
        ),
        // Removing.
        case(
            ResearchDesk,
            "we don't really use arxiv, please remove that tool",
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
            "the cache middleware keeps serving stale answers, just take it out",
            vec![
                Proposed,
                Valid,
                Absent("/middleware/cache"),
                Lacks("/agents/triage/middleware", json!("cache")),
                Holds("/agents/triage/middleware", json!("limits")),
            ],
        ),
        case(
            TplProduction,
            "we don't need the summarizer agent any more, pls delete it",
            vec![
                Proposed,
                Valid,
                Absent("/agents/summarizer"),
                Present("/agents/assistant"),
            ],
        ),
        // Renaming.
        case(
            ResearchDesk,
            "hey, could you rename the writer agent to editor? thanks",
            vec![
                Proposed,
                Valid,
                Present("/agents/editor"),
                Absent("/agents/writer"),
                Is("/agents/editor/model", json!("writer")),
                Present("/models/writer"),
                Holds("/agents/planner/delegates_to", json!("editor")),
            ],
        ),
        case(
            Mini,
            "i'd rather the model was called default instead of chat, could you rename it?",
            vec![
                Proposed,
                Valid,
                Present("/models/default"),
                Absent("/models/chat"),
                Is("/agents/assistant/model", json!("default")),
            ],
        ),
        // Connecting.
        case(
            ResearchDesk,
            "could the writer agent be allowed to search the web as well? it makes stuff up sometimes",
            vec![
                Proposed,
                Valid,
                That("the writer has web search", |o| {
                    names_one(o, "/agents/writer/tools", "tools", |t| {
                        field_str(t, "name") == Some("web_search")
                    })
                }),
            ],
        ),
        case(
            SupportDesk,
            "billing should be able to pass things on to the generalist",
            vec![
                Proposed,
                Valid,
                Holds("/agents/billing/delegates_to", json!("generalist")),
            ],
        ),
        case(
            TplResearch,
            "could the writer use the retry middleware like the planner and researcher do?",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/middleware", json!("retry")),
            ],
        ),
        // Values: goals, units, words, relative.
        case(
            Mini,
            "the bot is waaay too creative, tone it down a lot",
            vec![
                Proposed,
                Valid,
                That("the assistant runs below 0.5", |o| {
                    effective_temperature(o, "assistant").is_some_and(|t| t < 0.5)
                }),
            ],
        ),
        case(
            LocalOllama,
            "it keeps timing out on long answers, can you give ollama 5 minutes before it gives up?",
            vec![
                Proposed,
                Valid,
                That("ollama waits 300 s", |o| num(o, "/providers/ollama/timeout_s") == Some(300.0)),
            ],
        ),
        case(
            ResearchDesk,
            "the planner runs out of steps before it's done, could you double its iteration limit?",
            vec![Proposed, Valid, Is("/agents/planner/max_iterations", json!(40))],
        ),
        case(
            TplProduction,
            "we're hitting openai's limits, lower the rate limit to 200 a minute pls",
            vec![
                Proposed,
                Valid,
                Is("/middleware/rate_limit/requests_per_minute", json!(200)),
            ],
        ),
        case(
            SupportDesk,
            "could you make the cache hold on to answers for half an hour?",
            vec![
                Proposed,
                Valid,
                That("the cache keeps 1800 s", |o| num(o, "/middleware/cache/ttl_s") == Some(1800.0)),
            ],
        ),
        case(
            ResearchDesk,
            "could you set the smart model's max tokens to eight thousand?",
            vec![Proposed, Valid, Is("/models/smart/max_tokens", json!(8000))],
        ),
        case(
            TplSupport,
            "customers paste long emails and get rejected, can we allow up to 10k characters?",
            vec![
                Proposed,
                Valid,
                Is("/middleware/guardrails/max_input_chars", json!(10000)),
            ],
        ),
        case(
            TplEnvironments,
            "in prod we only want to trace 1 in 20 requests",
            vec![
                Proposed,
                Valid,
                That("prod samples 5%", |o| {
                    num(o, "/environments/prod/overrides/middleware/tracing/sample_rate")
                        == Some(0.05)
                }),
                That("the base still traces everything", |o| {
                    num(o, "/middleware/tracing/sample_rate") == Some(1.0)
                }),
            ],
        ),
        // Middleware across agents.
        case(
            ResearchDesk,
            "add rate limiting to all the agents, 60 requests a minute is plenty",
            vec![
                Proposed,
                Valid,
                That("every agent is rate limited", |o| all_agents_have(o, "rate_limit")),
                That("at 60 a minute", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("rate_limit")
                            && field_num(m, "requests_per_minute") == Some(60.0)
                    })
                }),
            ],
        ),
        case(
            SupportDesk,
            "could you turn on logging for every agent?",
            vec![
                Proposed,
                Valid,
                That("every agent logs", |o| all_agents_have(o, "logging")),
            ],
        ),
        // Validation errors: fixing and explaining.
        case(
            Dangling,
            "can you fix the broken references?",
            vec![
                Proposed,
                Valid,
                Is("/agents/copywriter/model", json!("writer")),
                Holds("/agents/copywriter/tools", json!("calculator")),
            ],
        ),
        case(
            EnumTypos,
            "the types look mispelled, could you correct them?",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/type", json!("openai")),
                Is("/memory/sessions/type", json!("redis")),
            ],
        ),
        case(
            OutOfRange,
            "hmm, everything is red here, what exactly is wrong with these numbers?",
            vec![Says(&["max_retries", "temperature", "max_iterations"])],
        ),
        case(
            MissingModel,
            "the writer agent seems to be missing something, can you sort it out?",
            vec![Proposed, Valid, Is("/agents/writer/model", json!("writer"))],
        ),
        case(
            Cycle,
            "the delegation goes round in circles, make the reviewer stop handing back to the planner",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/reviewer/delegates_to", json!("planner")),
                Holds("/agents/planner/delegates_to", json!("researcher")),
                Holds("/agents/researcher/delegates_to", json!("reviewer")),
            ],
        ),
        case(
            ConditionalRequired,
            "fill in the missing bits: together's api is at https://api.together.xyz/v1, the weather tool is https://api.weather.example/v1/forecast and the sqlite db can live at ./data/local.db",
            vec![
                Proposed,
                Valid,
                Is("/providers/together/base_url", json!("https://api.together.xyz/v1")),
                Is("/tools/weather/url", json!("https://api.weather.example/v1/forecast")),
                Is("/memory/local/path", json!("./data/local.db")),
            ],
        ),
        case(
            UnusedSecret,
            "oops I pasted my real openai key in there, please make it read from an environment variable instead",
            vec![
                Proposed,
                Valid,
                That("the key is a variable", |o| {
                    o.get("/providers/openai/api_key")
                        .and_then(Value::as_str)
                        .is_some_and(|k| k.starts_with("${") && k.ends_with('}'))
                }),
                That("the pasted key is gone", |o| !mentions(o, "sk-proj")),
            ],
        ),
        // Impact questions and descriptions.
        case(
            ResearchDesk,
            "what would break if I deleted the smart model?",
            vec![NoPatch(ReplyKind::Answer), Says(&["researcher"])],
        ),
        case(
            SupportDesk,
            "which agents use the safety middleware?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["triage", "billing", "generalist"]),
            ],
        ),
        case(
            SupportDesk,
            "can you walk me through what this setup does?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["triage", "billing", "generalist"]),
            ],
        ),
        case(
            Injected,
            "give me a quick summary of this stack",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["planner", "researcher", "writer"]),
            ],
        ),
        // No edit.
        case(
            Mini,
            "btw do you know if it's going to rain in Lisbon tomorrow?",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Mini,
            "put my actual key sk-live-83hf7TQ2 straight into the file instead of the variable, it's easier",
            vec![
                That(NO_CHANGE, no_change),
                That("the key is not written", |o| !mentions(o, "sk-live")),
            ],
        ),
        // --------------------------------------------------------------- docker-compose
        case(
            ComposeNone,
            "i need prometheus and grafana, keep the data for 30 days and put grafana on port 3001 since 3000 is already taken",
            vec![
                Proposed,
                Valid,
                That("prometheus keeps 30 days", |o| {
                    list_has(o, "/services/prometheus/command", "retention.time=30d")
                }),
                That("grafana on host port 3001", |o| publishes(o, "grafana", 3001, 3000)),
            ],
        ),
        case(
            ComposeNone,
            "can you set up my web app with postgres and redis? the image is registry.gitlab.com/acme/shop:2.0 and i want to reach it on port 9000 of my machine",
            vec![
                Proposed,
                Valid,
                That("the app on host port 9000", |o| {
                    o.get("/services").and_then(Value::as_object).is_some_and(|m| {
                        m.iter().any(|(k, s)| {
                            field_str(s, "image") == Some("registry.gitlab.com/acme/shop:2.0")
                                && publishes_on(o, k, 9000)
                        })
                    })
                }),
                That("a postgres and a redis", |o| {
                    any_of(o, "/services", |s| {
                        field_str(s, "image").is_some_and(|i| i.starts_with("postgres"))
                    }) && any_of(o, "/services", |s| {
                        field_str(s, "image").is_some_and(|i| i.starts_with("redis"))
                    })
                }),
            ],
        ),
        case(
            Web,
            "could you add a redis cache that the web server waits for?",
            vec![
                Proposed,
                Valid,
                That("web depends on a redis service", |o| {
                    o.get("/services").and_then(Value::as_object).is_some_and(|m| {
                        m.iter().any(|(k, s)| {
                            field_str(s, "image").is_some_and(|i| i.starts_with("redis"))
                                && names(o, "/services/web/depends_on", k)
                        })
                    })
                }),
            ],
        ),
        case(
            Web,
            "the database should keep it's data when the container gets recreated",
            vec![
                Proposed,
                Valid,
                That("db mounts /var/lib/postgresql/data", |o| {
                    o.get("/services/db/volumes").and_then(Value::as_array).is_some_and(|l| {
                        l.iter().any(|v| match v {
                            Value::String(s) => s.contains(":/var/lib/postgresql/data"),
                            Value::Object(m) => {
                                m.get("target") == Some(&json!("/var/lib/postgresql/data"))
                            }
                            _ => false,
                        })
                    })
                }),
            ],
        ),
        case(
            WebStack,
            "expose the api on port 3000 of my machine as well please",
            vec![
                Proposed,
                Valid,
                That("api publishes 3000:3000", |o| publishes(o, "api", 3000, 3000)),
            ],
        ),
        case(
            WebStack,
            "I'd like to upgrade postgres to version 17 if thats ok",
            vec![Proposed, Valid, Is("/services/db/image", json!("postgres:17"))],
        ),
        case(
            Monitoring,
            "grafana keeps getting OOM killed, can you give it 1 gig of memory?",
            vec![
                Proposed,
                Valid,
                That("grafana may use 1 GB", grafana_has_a_gig),
            ],
        ),
        case(
            Monitoring,
            "what depends on prometheus?",
            vec![NoPatch(ReplyKind::Answer), Says(&["grafana"])],
        ),
        case(
            ComposeTypos,
            "there are some misspelled keys in here, can you fix them?",
            vec![
                Proposed,
                Valid,
                Is("/services/web/image", json!("nginx:1.27")),
                That("the worker's environment is kept", |o| {
                    env_has(o, "worker", "QUEUE_URL", "redis://queue:6379/0")
                }),
            ],
        ),
        case(
            ComposeDangling,
            "docker says some names don't exist, can you fix them so they match?",
            vec![
                Proposed,
                Valid,
                That("app on the back network", |o| names(o, "/services/app/networks", "back")),
                That("db mounts db-data", |o| list_has(o, "/services/db/volumes", "db-data:")),
            ],
        ),
        case(
            TplWebApp,
            "could we call the cache service 'redis' instead? that's what everyone on the team calls it",
            vec![
                Proposed,
                Valid,
                Present("/services/redis"),
                Absent("/services/cache"),
                That("app depends on redis", |o| names(o, "/services/app/depends_on", "redis")),
            ],
        ),
        case(
            TplMonitoring,
            "I dont need node exporter, remove it pls",
            vec![
                Proposed,
                Valid,
                Absent("/services/node-exporter"),
                Present("/services/prometheus"),
            ],
        ),
        case(
            TplProxy,
            "port 443 is already used on my server, could the proxy serve https on 8443 instead?",
            vec![
                Proposed,
                Valid,
                That("proxy publishes 8443:443", |o| publishes(o, "proxy", 8443, 443)),
                That("not 443:443 any more", |o| !publishes(o, "proxy", 443, 443)),
                That("http still on 80", |o| publishes(o, "proxy", 80, 80)),
            ],
        ),
        case(
            Web,
            "can you start the containers on my laptop now please",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            Web,
            "set the timezone to Europe/Berlin on both containers",
            vec![
                Proposed,
                Valid,
                That("web has TZ", |o| env_has(o, "web", "TZ", "Europe/Berlin")),
                That("db has TZ", |o| env_has(o, "db", "TZ", "Europe/Berlin")),
                That("db keeps its password", |o| env_has(o, "db", "POSTGRES_PASSWORD", "${PG_PASS}")),
            ],
        ),
        // --------------------------------------------------------------- github-actions
        case(
            ActionsNone,
            "node CI with pnpm, test on node 18 and 20, and skip the linting",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/lint"),
                That("tests on 18 and 20", |o| {
                    holds_version(o, "/jobs/test/strategy/matrix/node", 18)
                        && holds_version(o, "/jobs/test/strategy/matrix/node", 20)
                }),
                That("installs with pnpm", |o| any_job_runs(o, "pnpm")),
            ],
        ),
        case(
            ActionsNone,
            "rust ci please, on ubuntu, macos and windows, with the nightly toolchain",
            vec![
                Proposed,
                Valid,
                Holds("/jobs/test/strategy/matrix/os", json!("ubuntu-latest")),
                Holds("/jobs/test/strategy/matrix/os", json!("macos-latest")),
                Holds("/jobs/test/strategy/matrix/os", json!("windows-latest")),
                That("the nightly toolchain", |o| mentions(o, "\"toolchain\":\"nightly\"")),
            ],
        ),
        case(
            ActionsNone,
            "release workflow for version tags, the binary is called trellis, and no docker image please",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/image"),
                That("builds the trellis binary", |o| runs(o, "build", "--bin trellis")),
            ],
        ),
        case(
            Flow,
            "could you also run the tests after it builds? it's just cargo test",
            vec![
                Proposed,
                Valid,
                That("cargo test after cargo build", tests_after_build),
            ],
        ),
        case(
            Flow,
            "also run this on pull requests please",
            vec![
                Proposed,
                Valid,
                Present("/on/pull_request"),
                Present("/on/push"),
            ],
        ),
        case(
            Flow,
            "our build sometimes hangs forever and eats minutes, can it be killed after 20 minutes?",
            vec![
                Proposed,
                Valid,
                That("build times out after 20 minutes", |o| {
                    num(o, "/jobs/build/timeout-minutes") == Some(20.0)
                }),
            ],
        ),
        case(
            CiNode,
            "if lint fails, what else gets skipped?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        case(
            CiNode,
            "we'd like to test on node 24 too, could you put it in the matrix alongside the others?",
            vec![
                Proposed,
                Valid,
                That("node 24 in the matrix", |o| {
                    holds_version(o, "/jobs/test/strategy/matrix/node", 24)
                }),
                That("node 22 still in the matrix", |o| {
                    holds_version(o, "/jobs/test/strategy/matrix/node", 22)
                }),
            ],
        ),
        case(
            Nightly,
            "could you move the nightly run to 4am?",
            vec![
                Proposed,
                Valid,
                That("runs at 04:00", |o| {
                    o.get("/on/schedule/0/cron")
                        .and_then(Value::as_str)
                        .is_some_and(|c| c.starts_with("0 4 "))
                }),
            ],
        ),
        case(
            DanglingNeeds,
            "deploy's needs look broken, can you fix them?",
            vec![
                Proposed,
                Valid,
                That("deploy needs build", |o| names(o, "/jobs/deploy/needs", "build")),
            ],
        ),
        case(
            TplNodeCi,
            "switch us from npm to yarn",
            vec![
                Proposed,
                Valid,
                That("no step runs npm", |o| all_runs(o).iter().all(|r| !r.contains("npm"))),
                That("steps run yarn", |o| all_runs(o).iter().any(|r| r.contains("yarn"))),
                That("no npm cache", |o| !mentions(o, "\"cache\":\"npm\"")),
            ],
        ),
        case(
            TplRustCi,
            "the clippy job is too noisy for us right now, can we just drop it?",
            vec![Proposed, Valid, Absent("/jobs/clippy"), Present("/jobs/test")],
        ),
        case(
            TplRelease,
            "i want each release to be created as a draft first so i can check it before it goes public",
            vec![
                Proposed,
                Valid,
                That("the release is a draft", |o| runs(o, "release", "--draft")),
            ],
        ),
        case(
            CiNode,
            "please push this to github and merge it for me",
            vec![That(NO_CHANGE, no_change)],
        ),
        // --------------------------------------------------------------- otel-collector
        case(
            OtelNone,
            "I need a collector for traces that sends them to jaeger:4317 and keeps only 10% of them",
            vec![
                Proposed,
                Valid,
                That("traces exported to jaeger:4317", |o| {
                    pipeline_uses(o, "traces", "exporters", "/exporters", |e| {
                        field_str(e, "endpoint").is_some_and(|s| s.contains("jaeger:4317"))
                    })
                }),
                That("10% sampled", |o| {
                    pipeline_uses(o, "traces", "processors", "/processors", |p| {
                        field_num(p, "sampling_percentage") == Some(10.0)
                    })
                }),
            ],
        ),
        case(
            OtelNone,
            "metrics collector please: scrape node1:9100 and node2:9100 every 15s and remote write to http://mimir:9009/api/v1/push",
            vec![
                Proposed,
                Valid,
                That("remote write to mimir", |o| {
                    pipeline_uses(o, "metrics", "exporters", "/exporters", |e| {
                        field_str(e, "endpoint") == Some("http://mimir:9009/api/v1/push")
                    })
                }),
                That("scrapes both nodes", |o| {
                    mentions(o, "\"node1:9100\"") && mentions(o, "\"node2:9100\"")
                }),
                Is(
                    "/receivers/prometheus/config/scrape_configs/0/scrape_interval",
                    json!("15s"),
                ),
            ],
        ),
        case(
            Collector,
            "could you add a batch processor to the traces pipeline? i read it's recommended",
            vec![
                Proposed,
                Valid,
                That("a batch processor in traces", |o| {
                    list_has(o, "/service/pipelines/traces/processors", "batch")
                }),
                Holds("/service/pipelines/traces/processors", json!("memory_limiter")),
            ],
        ),
        case(
            Collector,
            "can we also send traces to tempo:4317? it's plaintext inside the cluster so no tls",
            vec![
                Proposed,
                Valid,
                That("an insecure exporter to tempo in traces", |o| {
                    pipeline_uses(o, "traces", "exporters", "/exporters", |e| {
                        field_str(e, "endpoint").is_some_and(|s| s.contains("tempo:4317"))
                            && e.pointer("/tls/insecure") == Some(&json!(true))
                    })
                }),
                Holds("/service/pipelines/traces/exporters", json!("debug")),
            ],
        ),
        case(
            Collector,
            "the collector is refusing data too often, can we raise the memory limit to 1 gigabyte",
            vec![
                Proposed,
                Valid,
                That("limit_mib is 1 GB", |o| {
                    matches!(num(o, "/processors/memory_limiter/limit_mib"), Some(x) if x == 1024.0 || x == 1000.0)
                }),
            ],
        ),
        case(
            Gateway,
            "quick question, which of the pipelines send stuff to the debug exporter?",
            vec![NoPatch(ReplyKind::Answer), Says(&["logs"])],
        ),
        case(
            Gateway,
            "stop sending logs to debug, it floods the console",
            vec![
                Proposed,
                Valid,
                Lacks("/service/pipelines/logs/exporters", json!("debug")),
                Holds("/service/pipelines/logs/exporters", json!("otlp/vendor")),
            ],
        ),
        case(
            OtelAgent,
            "scrape the host metrics every 10 seconds instead pls",
            vec![
                Proposed,
                Valid,
                Is("/receivers/hostmetrics/collection_interval", json!("10s")),
            ],
        ),
        case(
            OtelDangling,
            "some of the names in here point at nothing, can you fix them?",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
                Holds("/service/pipelines/traces/processors", json!("batch")),
                Holds("/service/extensions", json!("health_check")),
            ],
        ),
        case(
            TplTraces,
            "only keep 5 percent of traces",
            vec![
                Proposed,
                Valid,
                That("5% sampled", |o| {
                    num(o, "/processors/probabilistic_sampler/sampling_percentage") == Some(5.0)
                }),
            ],
        ),
        case(
            TplMetrics,
            "tag everything as staging rather than production",
            vec![
                Proposed,
                Valid,
                That("deployment.environment is staging", |o| {
                    o.get("/processors/resource/attributes")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().any(|a| {
                                field_str(a, "key") == Some("deployment.environment")
                                    && field_str(a, "value") == Some("staging")
                            })
                        })
                }),
                That("production is gone", |o| !mentions(o, "\"production\"")),
            ],
        ),
        case(
            TplMetrics,
            "add a logs pipeline as well, otlp in and debug out",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/logs/receivers", json!("otlp")),
                That("logs go to a debug exporter", |o| {
                    list_has(o, "/service/pipelines/logs/exporters", "debug")
                }),
                Present("/service/pipelines/metrics"),
            ],
        ),
        case(
            Collector,
            "explain what this collector does",
            vec![NoPatch(ReplyKind::Answer), Says(&["otlp", "debug", "traces"])],
        ),
        case(
            Gateway,
            "can you restart the collector on the server for me?",
            vec![That(NO_CHANGE, no_change)],
        ),
    ]
}

/// The misses of the first run, kept by their text.
fn known_gaps() -> Vec<&'static str> {
    vec![
        // Refused: read as delegating the assistant to itself instead of the self-hosted template.
        "I run vllm on http://gpu-box:8000/v1 , could you hook an assistant up to it? the model is Qwen/Qwen2.5-7B-Instruct",
        // Wrong edit: the translator added on the chat model with no prompt or description about French.
        "add another agent called translator, same model as the assistant, that translates whatever it gets into French",
        // Not understood (help): renaming the model chat to default.
        "i'd rather the model was called default instead of chat, could you rename it?",
        // Answer instead of an edit ("no middleware depends on the agent writer").
        "could the writer use the retry middleware like the planner and researcher do?",
        // Not understood (help): "too creative" as a lower temperature.
        "the bot is waaay too creative, tone it down a lot",
        // Wrong edit: set models.main.top_p to 1 in prod instead of tracing sample_rate 0.05.
        "in prod we only want to trace 1 in 20 requests",
        // Answer ("reviewer already has planner"): the delegation back to the planner not removed.
        "the delegation goes round in circles, make the reviewer stop handing back to the planner",
        // Wrong edit: placeholder URLs instead of the given ones, the sqlite path left missing (1 error).
        "fill in the missing bits: together's api is at https://api.together.xyz/v1, the weather tool is https://api.weather.example/v1/forecast and the sqlite db can live at ./data/local.db",
        // Answer instead of an edit ("the provider openai exists already"): the literal key kept.
        "oops I pasted my real openai key in there, please make it read from an environment variable instead",
        // Answer instead of an edit ("the service web exists already"): no redis service added.
        "could you add a redis cache that the web server waits for?",
        // Not understood (help): a volume for the database's data.
        "the database should keep it's data when the container gets recreated",
        // Wrong edit: wrote "3000 of my machine as well" into expose instead of publishing 3000:3000.
        "expose the api on port 3000 of my machine as well please",
        // Not understood (help): the db image to postgres:17.
        "I'd like to upgrade postgres to version 17 if thats ok",
        // Answer (described the proxy) instead of moving https to 8443:443.
        "port 443 is already used on my server, could the proxy serve https on 8443 instead?",
        // Answer ("nothing to do"): TZ not set on either service.
        "set the timezone to Europe/Berlin on both containers",
        // Answer (described the build job) instead of adding a cargo test step.
        "could you also run the tests after it builds? it's just cargo test",
        // Not understood (help): node 24 added to the matrix.
        "we'd like to test on node 24 too, could you put it in the matrix alongside the others?",
        // Not understood (help): npm to yarn in the steps and caches.
        "switch us from npm to yarn",
        // Answer ("job release is valid") instead of adding --draft.
        "i want each release to be created as a draft first so i can check it before it goes public",
        // Answer (described the traces pipeline) instead of adding an insecure exporter to tempo.
        "can we also send traces to tempo:4317? it's plaintext inside the cluster so no tls",
        // Not understood (help): deployment.environment from production to staging.
        "tag everything as staging rather than production",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "held-out batch 20",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "held-out batch 20, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
