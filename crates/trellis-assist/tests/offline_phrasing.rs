//! Classes of phrasing, each on several paraphrases: several components joined to one
//! ("connect web and db to internal": both join internal, not web to db); a value written
//! right after its field with no "to" ("set restart unless-stopped on every service"); a
//! job whose name is a verb, first, with where it runs ("build on windows-latest
//! instead"); an owner in a new component's description that is not what it refers to
//! ("… that reviews the writer's drafts"); a variant said as the verb ("batch the traces
//! pipeline too"); what a component may use said by what the used component does ("support
//! shouldn't open tickets" where the tool is `open_ticket`); and a component with no
//! switch turned off ("turn off web search": the agents stop using it, the tool stays);
//! a complaint and then "fix it" is one fix ("deploy's needs are broken, fix them"); a
//! question about a change is answered and the change not made ("if I remove db, what
//! else is affected?"); questions about what an environment changes, what is missing, and
//! "walk me through" descriptions; a collector component's own fields ("set the sampling
//! percentage to 50"); an address said while adding a component is its endpoint or URL
//! ("add tracing to all agents, send to http://collector:4318", "add a zipkin receiver on
//! 0.0.0.0:9411 to traces"), and a name ends before it ("called weather hitting https://…");
//! a share of traces said as keeping or sampling it ("keep 5 percent of traces", "sample
//! half the requests", "stop sampling"), in percent or as a rate by the field; how much is
//! allowed said with the field after the number ("allow 600 requests per minute", "let
//! customers send up to 2000 characters"); a topic to decline ("also refuse to talk about
//! politics"); a setup's switch said with "don't" and a company of several words ("support
//! bot for Acme Corp, don't block pii"); a component named by the last part of its name
//! ("remove the sampler"); an option with the field said in another form ("make the debug
//! output more verbose, detailed"); a new component's name right after its kind word ("new
//! sqlite memory 'archive'"); a component to use where the list names a misspelling of it
//! (the misspelt item corrected, not a second added); a pasted secret moved into a variable
//! ("move the openai key into an env variable"); a size said in two words ("limit grafana
//! to 1 gb of memory"); a command-line flag by its words ("keep metrics for 30 days" for
//! `--storage.tsdb.retention.time`); an item of a list deep in the document ("test on node
//! 18 too", "also scrape localhost:9256", "stop testing on node 20"); a setup "without"
//! what a validation verb names ("…, no lint"); what a component may use said by what it
//! does, positively ("generalist should be able to look up invoices too") or as passing
//! through ("triage shouldn't go through the cache anymore"); a value for a component
//! said after a colon ("build job: 20 min timeout") or as "a VAR of VALUE"; "fill in
//! what's missing"; what is written said for temperature ("make the assistant's answers
//! more predictable"); the guardrails told to deny a topic, and a switch's words as an
//! order ("block pii" is the switch, not a topic); how much a component may have, said
//! with a modal ("the planner should get at most 10 iterations"); a service named after a
//! well-known image runs it ("add a loki service"); a setup's parameter said before its
//! word ("db name shop", "the 'trellis' binary"); how often, said with "every" ("flush
//! batches every 2 seconds"); a published port moved "on 3001 instead of 3000"; a topic
//! refused in a setup ("refuses to talk about politics"); a leading "only" before a share
//! ("only trace 10% of requests"); a short variable after "set" ("set TZ to Europe/Berlin
//! for grafana"); a well-known image and its role ("add a redis cache"); how the
//! environments differ; an environment as the subject ("dev should run phi3 instead of
//! llama3.1"); several values in one request for a setup, each to the parameter whose
//! unit and nearest words fit ("200 rpm, 2 attempts per call", "keep 10%, mem limit
//! 1GiB"); a setup said over several sentences ("… could you set that up? put the index
//! in …"); a request put as a question about what a component does ("could the nightly
//! run start at 5:30 instead?"), after a remark too ("replies are too short :( could they
//! be three times as long?"); errors said the way the editor shows them ("underlined in
//! red", "names that don't exist", "refs that point nowhere"); terse orders that land in
//! their place ("staging rpm 400", "db healthcheck: retries 3, timeout 2s"). Judged by
//! the resulting document, answers by what they name.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

fn networks_of(o: &Outcome, service: &str) -> Vec<Value> {
    o.get(&format!("/services/{service}/networks"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn joined_to_one() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Web,
            "add a network called internal and connect web and db to it",
            vec![
                Proposed,
                Valid,
                Present("/networks/internal"),
                That("web on internal", |o| {
                    networks_of(o, "web").contains(&json!("internal"))
                }),
                That("db on internal", |o| {
                    networks_of(o, "db").contains(&json!("internal"))
                }),
                Absent("/services/web/network_mode"),
                Absent("/services/web/depends_on"),
            ],
        ),
        case(
            WebStack,
            "connect cache and proxy to the back network",
            vec![
                Proposed,
                Valid,
                That("cache on back", |o| {
                    networks_of(o, "cache").contains(&json!("back"))
                }),
                That("proxy on back", |o| {
                    networks_of(o, "proxy").contains(&json!("back"))
                }),
                Absent("/services/cache/depends_on"),
            ],
        ),
        case(
            WebStack,
            "attach proxy and cache to back",
            vec![
                Proposed,
                Valid,
                That("cache on back", |o| {
                    networks_of(o, "cache").contains(&json!("back"))
                }),
                That("proxy on back", |o| {
                    networks_of(o, "proxy").contains(&json!("back"))
                }),
            ],
        ),
    ]
}

fn values_without_to() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Web,
            "set restart unless-stopped on every service",
            vec![
                Proposed,
                Valid,
                Is("/services/web/restart", json!("unless-stopped")),
                Is("/services/db/restart", json!("unless-stopped")),
            ],
        ),
        case(
            Web,
            "set restart unless-stopped for db",
            vec![
                Proposed,
                Valid,
                Is("/services/db/restart", json!("unless-stopped")),
                Absent("/services/web/restart"),
            ],
        ),
        case(
            Web,
            "restart policy unless-stopped on all services please",
            vec![
                Proposed,
                Valid,
                Is("/services/web/restart", json!("unless-stopped")),
                Is("/services/db/restart", json!("unless-stopped")),
            ],
        ),
    ]
}

fn jobs_named_by_verbs() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Flow,
            "build on windows-latest instead",
            vec![
                Proposed,
                Valid,
                Is("/jobs/build/runs-on", json!("windows-latest")),
            ],
        ),
        case(
            CiNode,
            "build on macos-latest",
            vec![
                Proposed,
                Valid,
                Is("/jobs/build/runs-on", json!("macos-latest")),
                That("lint untouched", |o| {
                    o.get("/jobs/lint/runs-on") != Some(&json!("macos-latest"))
                }),
            ],
        ),
        case(
            CiNode,
            "lint on ubuntu-24.04 please",
            vec![
                Proposed,
                Valid,
                Is("/jobs/lint/runs-on", json!("ubuntu-24.04")),
            ],
        ),
    ]
}

fn owners_are_not_links() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            ResearchDesk,
            "add an editor agent on the smart model that reviews the writer's drafts",
            vec![Proposed, Valid, Is("/agents/editor/model", json!("smart"))],
        ),
        case(
            ResearchDesk,
            "add a critic agent using the fast model that checks the researcher's sources",
            vec![Proposed, Valid, Is("/agents/critic/model", json!("fast"))],
        ),
    ]
}

fn variants_as_verbs() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Collector,
            "batch the traces pipeline too",
            vec![
                Proposed,
                Valid,
                Present("/processors/batch"),
                That("traces batched", |o| {
                    list_has(o, "/service/pipelines/traces/processors", "batch")
                }),
            ],
        ),
        case(
            Collector,
            "batch every pipeline",
            vec![
                Proposed,
                Valid,
                That("traces batched", |o| {
                    list_has(o, "/service/pipelines/traces/processors", "batch")
                }),
            ],
        ),
    ]
}

fn actions_named_by_use() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            TplSupport,
            "support shouldn't open tickets",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/support/tools", json!("open_ticket")),
                Present("/tools/open_ticket"),
            ],
        ),
        case(
            TplSupport,
            "the support agent must not look up orders",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/support/tools", json!("lookup_order")),
            ],
        ),
        case(
            TplAnthropic,
            "the writer can't search the web",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/writer/tools", json!("web_search")),
            ],
        ),
    ]
}

fn switched_off_components() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            TplAnthropic,
            "turn off web search",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/writer/tools", json!("web_search")),
                Present("/agents/writer"),
            ],
        ),
        case(
            TplAnthropic,
            "disable web_search",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/writer/tools", json!("web_search")),
            ],
        ),
        case(
            ResearchDesk,
            "disable the arxiv tool for the researcher",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Present("/tools/arxiv"),
            ],
        ),
    ]
}

fn complaints_then_fix() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            DanglingNeeds,
            "deploy's needs are broken, fix them",
            vec![Proposed, Valid],
        ),
        case(
            OtelDangling,
            "the collector config has errors, sort them out",
            vec![Proposed, Valid],
        ),
        case(
            OutOfRange,
            "temperature is too high on creative, fix it",
            vec![
                Proposed,
                ErrorsBelow(3),
                That("a temperature within 0..2", |o| {
                    o.get("/models/creative/temperature")
                        .and_then(Value::as_f64)
                        .is_some_and(|t| (0.0..=2.0).contains(&t))
                }),
            ],
        ),
        case(
            ComposeDangling,
            "these names are wrong, please fix",
            vec![
                Proposed,
                Valid,
                // The misspelt volume is fixed in place: the mount point stays.
                Is("/services/db/volumes/0", json!("db-data:/var/lib/mysql")),
            ],
        ),
    ]
}

fn questions() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            WebStack,
            "if I remove db, what else is affected?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            WebStack,
            "if I take down db, what else is affected?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            WebStack,
            "what happens if I delete db?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            TplEnvironments,
            "what's different in dev?",
            vec![NoPatch(ReplyKind::Answer), Says(&["ollama", "llama3.1"])],
        ),
        case(
            TplEnvironments,
            "what changes in prod?",
            vec![NoPatch(ReplyKind::Answer), Says(&["300"])],
        ),
        case(
            ConditionalRequired,
            "what's missing here?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["base_url", "url", "path"]),
            ],
        ),
        case(
            Nightly,
            "walk me through this workflow",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["e2e", "deploy-staging", "notify"]),
            ],
        ),
        case(
            TplProxy,
            "can you walk me through the setup?",
            vec![NoPatch(ReplyKind::Answer), Says(&["proxy"])],
        ),
    ]
}

fn collector_fields() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            TplTraces,
            "set the sampling percentage to 50",
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
            TplTraces,
            "set the batch timeout to 10s",
            vec![
                Proposed,
                Valid,
                Is("/processors/batch/timeout", json!("10s")),
            ],
        ),
        case(
            TplProduction,
            "set the sample rate to 1",
            vec![
                Proposed,
                Valid,
                Is("/middleware/tracing/sample_rate", json!(1)),
            ],
        ),
    ]
}

fn addresses_of_new_components() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            ResearchDesk,
            "add tracing to all agents, send to http://collector:4318",
            vec![
                Proposed,
                Valid,
                Is(
                    "/middleware/tracing/endpoint",
                    json!("http://collector:4318"),
                ),
                That("every agent traced", |o| all_agents_have(o, "tracing")),
            ],
        ),
        case(
            Collector,
            "add an otlphttp exporter to http://backend:4318 and use it for traces",
            vec![
                Proposed,
                Valid,
                Is("/exporters/otlphttp/endpoint", json!("http://backend:4318")),
                That("traces export to it", |o| {
                    list_has(o, "/service/pipelines/traces/exporters", "otlphttp")
                }),
            ],
        ),
        case(
            Collector,
            "add a zipkin receiver on 0.0.0.0:9411 to traces",
            vec![
                Proposed,
                Valid,
                Is("/receivers/zipkin/endpoint", json!("0.0.0.0:9411")),
            ],
        ),
        case(
            Collector,
            "add an otlp exporter pointing at tempo:4317",
            vec![
                Proposed,
                Valid,
                Is("/exporters/otlp/endpoint", json!("tempo:4317")),
            ],
        ),
        case(
            TplAnthropic,
            "add an http tool called weather hitting https://api.weather.example/v1/forecast",
            vec![
                Proposed,
                Valid,
                Is(
                    "/tools/weather/url",
                    json!("https://api.weather.example/v1/forecast"),
                ),
            ],
        ),
        case(
            Web,
            "add a service called cache using redis:7",
            vec![
                Proposed,
                Valid,
                Is("/services/cache/image", json!("redis:7")),
            ],
        ),
    ]
}

fn sampling_shares() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            TplTraces,
            "keep 5 percent of traces",
            vec![
                Proposed,
                Valid,
                Is(
                    "/processors/probabilistic_sampler/sampling_percentage",
                    json!(5),
                ),
            ],
        ),
        case(
            TplTraces,
            "sample half the traces",
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
            TplTraces,
            "stop sampling, keep all traces",
            vec![
                Proposed,
                Valid,
                Is(
                    "/processors/probabilistic_sampler/sampling_percentage",
                    json!(100),
                ),
            ],
        ),
        case(
            TplProduction,
            "trace every request",
            vec![
                Proposed,
                Valid,
                Is("/middleware/tracing/sample_rate", json!(1)),
            ],
        ),
        case(
            TplProduction,
            "sample only 10 percent of requests",
            vec![
                Proposed,
                Valid,
                Is("/middleware/tracing/sample_rate", json!(0.1)),
            ],
        ),
        case(
            OtelNone,
            "traces collector, keep half the traces, backend at tempo.internal:4317",
            vec![
                Proposed,
                Valid,
                Is(
                    "/processors/probabilistic_sampler/sampling_percentage",
                    json!(50),
                ),
                Is(
                    "/exporters/otlp~1backend/endpoint",
                    json!("tempo.internal:4317"),
                ),
            ],
        ),
    ]
}

fn allowances_and_refusals() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            TplProduction,
            "allow 600 requests per minute",
            vec![
                Proposed,
                Valid,
                Is("/middleware/rate_limit/requests_per_minute", json!(600)),
            ],
        ),
        case(
            TplEnvironments,
            "in prod, allow 600 requests per minute",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/prod/overrides/middleware/rate_limit/requests_per_minute",
                    json!(600),
                ),
            ],
        ),
        case(
            TplSupport,
            "let customers send up to 2000 characters",
            vec![
                Proposed,
                Valid,
                Is("/middleware/guardrails/max_input_chars", json!(2000)),
            ],
        ),
        case(
            TplSupport,
            "permit at most 3000 characters",
            vec![
                Proposed,
                Valid,
                Is("/middleware/guardrails/max_input_chars", json!(3000)),
            ],
        ),
        case(
            SupportDesk,
            "also refuse to talk about politics",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/safety/denied_topics", json!("politics")),
                Holds("/middleware/safety/denied_topics", json!("legal advice")),
            ],
        ),
        case(
            TplSupport,
            "never give tax advice",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/guardrails/denied_topics", json!("tax advice")),
            ],
        ),
        case(
            None,
            "customer support bot for Acme Corp, don't block pii",
            vec![
                Proposed,
                Valid,
                Is("/middleware/guardrails/block_pii", json!(false)),
                That("the company in the instructions", |o| {
                    mentions(o, "Acme Corp")
                }),
            ],
        ),
    ]
}

fn names_and_options() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            TplTraces,
            "remove the sampler",
            vec![
                Proposed,
                Valid,
                Absent("/processors/probabilistic_sampler"),
                Present("/processors/batch"),
            ],
        ),
        case(
            TplTraces,
            "set the limiter's limit_mib to 256",
            vec![
                Proposed,
                Valid,
                Is("/processors/memory_limiter/limit_mib", json!(256)),
            ],
        ),
        case(
            Collector,
            "make the debug output more verbose, detailed",
            vec![
                Proposed,
                Valid,
                Is("/exporters/debug/verbosity", json!("detailed")),
            ],
        ),
        case(
            LocalOllama,
            "new sqlite memory 'archive' at ./data/archive.db",
            vec![
                Proposed,
                Valid,
                Is("/memory/archive/type", json!("sqlite")),
                Is("/memory/archive/path", json!("./data/archive.db")),
            ],
        ),
        case(
            ResearchDesk,
            "add a web search tool",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            Dangling,
            "copywriter should use the writer model and the calculator",
            vec![
                Proposed,
                Valid,
                Is("/agents/copywriter/model", json!("writer")),
                Is("/agents/copywriter/tools", json!(["calculator"])),
            ],
        ),
    ]
}

fn values_in_place() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            UnusedSecret,
            "move the openai key into an env variable",
            vec![
                Proposed,
                Is("/providers/openai/api_key", json!("${OPENAI_API_KEY}")),
            ],
        ),
        case(
            UnusedSecret,
            "don't hardcode the api key",
            vec![
                Proposed,
                Is("/providers/openai/api_key", json!("${OPENAI_API_KEY}")),
            ],
        ),
        case(
            Mini,
            "move the openai key into an env variable",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            ResearchDesk,
            "change anthropic's api key variable to CLAUDE_KEY",
            vec![
                Proposed,
                Valid,
                Is("/providers/anthropic/api_key", json!("${CLAUDE_KEY}")),
            ],
        ),
        case(
            Monitoring,
            "limit grafana to 1 gb of memory",
            vec![
                Proposed,
                Valid,
                That("a 1 GB limit", |o| {
                    o.get("/services/grafana/deploy/resources/limits/memory")
                        .and_then(Value::as_str)
                        .is_some_and(|s| matches!(s.to_lowercase().as_str(), "1g" | "1gb"))
                }),
            ],
        ),
        case(
            TplMonitoring,
            "keep metrics for 30 days",
            vec![
                Proposed,
                Valid,
                That("retention of 30d", |o| {
                    list_has(o, "/services/prometheus/command", "retention.time=30d")
                }),
            ],
        ),
        case(
            TplMonitoring,
            "set the retention time to 90d",
            vec![
                Proposed,
                Valid,
                That("retention of 90d", |o| {
                    list_has(o, "/services/prometheus/command", "retention.time=90d")
                }),
            ],
        ),
        case(
            TplNodeCi,
            "test on node 18 too",
            vec![
                Proposed,
                Valid,
                Is("/jobs/test/strategy/matrix/node", json!(["20", "22", "18"])),
            ],
        ),
        case(
            TplNodeCi,
            "stop testing on node 20",
            vec![
                Proposed,
                Valid,
                Is("/jobs/test/strategy/matrix/node", json!(["22"])),
            ],
        ),
        case(
            TplMetrics,
            "also scrape localhost:9256",
            vec![
                Proposed,
                Valid,
                That("a new scrape target", |o| {
                    list_has(
                        o,
                        "/receivers/prometheus/config/scrape_configs/0/static_configs/0/targets",
                        "localhost:9256",
                    )
                }),
            ],
        ),
        case(
            ActionsNone,
            "node ci with yarn on node 18 and 20, no lint",
            vec![Proposed, Valid, Absent("/jobs/lint")],
        ),
    ]
}

fn said_by_meaning() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            SupportDesk,
            "generalist should be able to look up invoices too",
            vec![
                Proposed,
                Valid,
                Holds("/agents/generalist/tools", json!("lookup_invoice")),
            ],
        ),
        case(
            SupportDesk,
            "triage shouldn't go through the cache anymore",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/triage/middleware", json!("cache")),
                Present("/middleware/cache"),
            ],
        ),
        case(
            TplProxy,
            "give the api a NODE_ENV of production",
            vec![
                Proposed,
                Valid,
                That("NODE_ENV=production on api", |o| {
                    let env = o.get("/services/api/environment");
                    env.and_then(|e| e.get("NODE_ENV")) == Some(&json!("production"))
                        || env
                            .and_then(Value::as_array)
                            .is_some_and(|l| l.iter().any(|x| x == &json!("NODE_ENV=production")))
                }),
            ],
        ),
        case(
            Flow,
            "build job: 20 min timeout",
            vec![
                Proposed,
                Valid,
                Is("/jobs/build/timeout-minutes", json!(20)),
            ],
        ),
        case(
            LocalOllama,
            "give the ollama provider a 5 minute timeout",
            vec![
                Proposed,
                Valid,
                Is("/providers/ollama/timeout_s", json!(300)),
            ],
        ),
        case(
            ConditionalRequired,
            "fill in what's missing",
            vec![Proposed, Valid],
        ),
        case(
            Mini,
            "make the assistant's answers more predictable",
            vec![
                Proposed,
                Valid,
                That("a lower temperature", |o| {
                    let agent = o
                        .get("/agents/assistant/temperature")
                        .and_then(Value::as_f64);
                    let model = o.get("/models/chat/temperature").and_then(Value::as_f64);
                    agent.or(model).is_some_and(|t| t < 0.5)
                }),
            ],
        ),
        case(
            SupportDesk,
            "the guardrails should also deny investment advice",
            vec![
                Proposed,
                Valid,
                Holds(
                    "/middleware/safety/denied_topics",
                    json!("investment advice"),
                ),
            ],
        ),
        case(SupportDesk, "block pii", vec![NoPatch(ReplyKind::Answer)]),
        case(
            TplProduction,
            "log prompts",
            vec![
                Proposed,
                Valid,
                Is("/middleware/audit_log/log_prompts", json!(true)),
            ],
        ),
        case(
            ResearchDesk,
            "the planner should get at most 10 iterations",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/max_iterations", json!(10)),
            ],
        ),
        case(
            ResearchDesk,
            "add a sqlite memory for the planner at ./data/planner.db",
            vec![
                Proposed,
                Valid,
                That("the planner's memory at that path", |o| {
                    o.get("/agents/planner/memory")
                        .and_then(Value::as_str)
                        .and_then(|m| o.get(&format!("/memory/{m}/path")))
                        == Some(&json!("./data/planner.db"))
                }),
            ],
        ),
        case(
            SupportDesk,
            "add an mcp server tool named docs that's launched with uvx",
            vec![Proposed, Valid, Is("/tools/docs/command", json!("uvx"))],
        ),
        case(
            TplAnthropic,
            "switch the writer's memory to redis at redis://localhost:6379/2",
            vec![
                Proposed,
                Valid,
                That("the writer on redis at that address", |o| {
                    o.get("/agents/writer/memory")
                        .and_then(Value::as_str)
                        .is_some_and(|m| {
                            o.get(&format!("/memory/{m}/type")) == Some(&json!("redis"))
                                && o.get(&format!("/memory/{m}/url"))
                                    == Some(&json!("redis://localhost:6379/2"))
                        })
                }),
            ],
        ),
    ]
}

fn setups_and_services() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            TplMonitoring,
            "add a loki service",
            vec![
                Proposed,
                Valid,
                Is("/services/loki/image", json!("grafana/loki")),
            ],
        ),
        case(
            ComposeNone,
            "spin up a web app with postgres 17, db name shop",
            vec![
                Proposed,
                Valid,
                Is("/services/db/environment/POSTGRES_DB", json!("shop")),
                Is("/name", json!("webapp")),
            ],
        ),
        case(
            ActionsNone,
            "release workflow for the 'trellis' binary on tags like release-*",
            vec![
                Proposed,
                Valid,
                That("builds trellis", |o| runs(o, "build", "--bin trellis")),
            ],
        ),
        case(
            ActionsNone,
            "tagged release workflow, the binary should be named mytool",
            vec![
                Proposed,
                Valid,
                That("builds mytool", |o| runs(o, "build", "mytool")),
            ],
        ),
        case(
            Gateway,
            "flush batches every 2 seconds",
            vec![
                Proposed,
                Valid,
                Is("/processors/batch/timeout", json!("2s")),
            ],
        ),
    ]
}

fn later_classes() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Monitoring,
            "expose grafana on 3001 instead of 3000",
            vec![
                Proposed,
                Valid,
                Is("/services/grafana/ports", json!(["3001:3000"])),
            ],
        ),
        case(
            None,
            "support bot for Acme Corp that refuses to talk about politics",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/guardrails/denied_topics", json!("politics")),
            ],
        ),
        case(
            ComposeNone,
            "web app with postgres and redis, app on port 3000, database called orders",
            vec![
                Proposed,
                Valid,
                Is("/services/db/environment/POSTGRES_DB", json!("orders")),
                Is("/services/db/environment/POSTGRES_USER", json!("app")),
            ],
        ),
        case(
            TplAnthropic,
            "make the writer's replies less random",
            vec![
                Proposed,
                Valid,
                That("a lower temperature", |o| {
                    o.get("/agents/writer/temperature")
                        .and_then(Value::as_f64)
                        .is_some_and(|t| t < 0.6)
                }),
            ],
        ),
        case(
            SupportDesk,
            "only trace 10% of requests",
            vec![
                Proposed,
                Valid,
                Is("/middleware/traces/sample_rate", json!(0.1)),
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
            Monitoring,
            "set TZ to Europe/Berlin for grafana",
            vec![
                Proposed,
                Valid,
                Holds("/services/grafana/environment", json!("TZ=Europe/Berlin")),
            ],
        ),
        case(
            SupportDesk,
            "generalist should also be able to look up invoices",
            vec![
                Proposed,
                Valid,
                Holds("/agents/generalist/tools", json!("lookup_invoice")),
            ],
        ),
        case(
            ComposeDangling,
            "repair the references that don't resolve",
            vec![Proposed, Valid],
        ),
        case(
            TplProduction,
            "retry up to 6 times",
            vec![
                Proposed,
                Valid,
                Is("/middleware/retry/max_attempts", json!(6)),
            ],
        ),
        case(
            Web,
            "add a redis cache",
            vec![Proposed, Valid, Is("/services/cache/image", json!("redis"))],
        ),
        case(
            TplEnvironments,
            "how do the environments differ?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["dev", "staging", "prod", "ollama"]),
            ],
        ),
        case(
            TplEnvironments,
            "delete the dev environment overrides",
            vec![Proposed, Absent("/environments/dev/overrides")],
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
    ]
}

#[test]
fn later_classes_batch() {
    run_batch("later classes", later_classes());
}

#[test]
fn setups_and_services_batch() {
    run_batch("setups and services", setups_and_services());
}

#[test]
fn said_by_meaning_batch() {
    run_batch("said by meaning", said_by_meaning());
}

#[test]
fn values_in_place_batch() {
    run_batch("values in place", values_in_place());
}

/// Units and fields said in words: a misspelt time unit ("7 minuts"), "every minute", a
/// setup's parameter counted in seconds said in minutes, an amount "per reply" / "per
/// question", "personal data" for PII, the document's own field ("the collector's own log
/// level"), an option of a field said as what the component gives ("I want detailed
/// output from …"), and a health check's command.
fn units_and_fields_in_words() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            CiNode,
            "the test job should time out after 7 minuts",
            vec![Proposed, Valid, Is("/jobs/test/timeout-minutes", json!(7))],
        ),
        case(
            CiNode,
            "lint: timeout of 1 hour",
            vec![Proposed, Valid, Is("/jobs/lint/timeout-minutes", json!(60))],
        ),
        case(
            OtelAgent,
            "collect host metrics every 10 seconds",
            vec![
                Proposed,
                Valid,
                Is("/receivers/hostmetrics/collection_interval", json!("10s")),
            ],
        ),
        case(
            OtelAgent,
            "scrape host metrics every hour",
            vec![
                Proposed,
                Valid,
                Is("/receivers/hostmetrics/collection_interval", json!("1h")),
            ],
        ),
        case(
            None,
            "openai production setup that caches responses for 15 minutes",
            vec![Proposed, Valid, Is("/middleware/cache/ttl_s", json!(900))],
        ),
        case(
            ResearchDesk,
            "let the writer model use at most 3000 tokens per response",
            vec![
                Proposed,
                Valid,
                Is("/models/writer/max_tokens", json!(3000)),
            ],
        ),
        case(
            TplRag,
            "return 4 chunks per query",
            vec![Proposed, Valid, Is("/memory/knowledge/top_k", json!(4))],
        ),
        case(
            ResearchDesk,
            "add guardrails that block personally identifiable information",
            vec![
                Proposed,
                Valid,
                That("a guardrails middleware blocks pii", |o| {
                    o.get("/middleware")
                        .and_then(Value::as_object)
                        .is_some_and(|m| {
                            m.values().any(|v| {
                                v["type"] == json!("guardrails") && v["block_pii"] == json!(true)
                            })
                        })
                }),
            ],
        ),
        case(
            Gateway,
            "change the collector's log level to warn",
            vec![
                Proposed,
                Valid,
                Is("/service/telemetry/logs/level", json!("warn")),
            ],
        ),
        case(
            Collector,
            "i want the debug exporter to be detailed",
            vec![
                Proposed,
                Valid,
                Is("/exporters/debug/verbosity", json!("detailed")),
            ],
        ),
        case(
            Collector,
            "I'd like normal output from the debug exporter",
            vec![
                Proposed,
                Valid,
                Is("/exporters/debug/verbosity", json!("normal")),
            ],
        ),
        case(
            WebStack,
            "give the db service a healthcheck that runs pg_isready -U postgres",
            vec![
                Proposed,
                Valid,
                Is(
                    "/services/db/healthcheck/test",
                    json!(["CMD-SHELL", "pg_isready -U postgres"]),
                ),
                // The check's other settings stay.
                Is("/services/db/healthcheck/retries", json!(10)),
            ],
        ),
        case(
            Web,
            "add a health check to web that curls http://localhost:8080/ping",
            vec![
                Proposed,
                Valid,
                Is(
                    "/services/web/healthcheck/test",
                    json!(["CMD-SHELL", "curl -f http://localhost:8080/ping"]),
                ),
            ],
        ),
    ]
}

/// Remarks and amounts: a remark before the change ("ollama keeps timing out, raise its
/// timeout …", "we moved off arxiv, remove that tool", "the lint job can go"); how long
/// something is kept ("keep the notes for 2 days", "cache answers for 30 minutes"); a
/// duration written as text (`10s`) said in words; memory given to a service ("give
/// grafana 2GB of memory"); GiB for a field counted in MiB; of two fields the words fit
/// equally, the one in use.
fn remarks_and_amounts() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            LocalOllama,
            "ollama keeps timing out, raise its timeout to 3 minutes",
            vec![
                Proposed,
                Valid,
                Is("/providers/ollama/timeout_s", json!(180)),
            ],
        ),
        case(
            ResearchDesk,
            "we moved off arxiv, remove that tool",
            vec![Proposed, Valid, Absent("/tools/arxiv")],
        ),
        case(
            CiNode,
            "linting happens in the editor now, the lint job can go",
            vec![Proposed, Valid, Absent("/jobs/lint")],
        ),
        case(
            UnusedSecret,
            "i pasted my openai key in here by mistake, use an environment variable instead",
            vec![
                Proposed,
                That("the key is a reference", |o| {
                    o.get("/providers/openai/api_key")
                        .and_then(Value::as_str)
                        .is_some_and(|k| k.starts_with("${"))
                }),
            ],
        ),
        case(
            ResearchDesk,
            "keep the notes for 2 days",
            vec![Proposed, Valid, Is("/memory/notes/ttl_s", json!(172800))],
        ),
        case(
            TplProduction,
            "cache answers for 30 minutes",
            vec![Proposed, Valid, Is("/middleware/cache/ttl_s", json!(1800))],
        ),
        case(
            Gateway,
            "the batch timeout should be 3 seconds",
            vec![
                Proposed,
                Valid,
                Is("/processors/batch/timeout", json!("3s")),
            ],
        ),
        case(
            Monitoring,
            "give grafana 2GB of memory",
            vec![
                Proposed,
                Valid,
                Is(
                    "/services/grafana/deploy/resources/limits/memory",
                    json!("2GB"),
                ),
            ],
        ),
        case(
            Collector,
            "lower the memory limit to 1 GiB",
            vec![
                Proposed,
                Valid,
                Is("/processors/memory_limiter/limit_mib", json!(1024)),
            ],
        ),
        case(
            Collector,
            "set the memory limit to 768",
            vec![
                Proposed,
                Valid,
                Is("/processors/memory_limiter/limit_mib", json!(768)),
            ],
        ),
    ]
}

/// New components and switches said plainly: "give X a <kind> at <address>" makes the new
/// component with the address; an option word for a new component ("add verbose … "/"debug
/// logging"); a direction with a number ("less random, like 0.1"); keeping a record said as
/// including it ("the audit log should capture the prompts"); a component named in two
/// words ("the audit log"); "evrey" for every.
fn new_components_said_plainly() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Mini,
            "give the assistant a redis memory at redis://queue:6379/2",
            vec![
                Proposed,
                Valid,
                That("the assistant's memory is at the address", |o| {
                    let m = o.get("/agents/assistant/memory").and_then(Value::as_str);
                    m.and_then(|m| o.get(&format!("/memory/{m}/url")))
                        == Some(&json!("redis://queue:6379/2"))
                }),
            ],
        ),
        case(
            ResearchDesk,
            "give the planner a sqlite memory at ./planner.db",
            vec![
                Proposed,
                Valid,
                That("the planner's memory is at the path", |o| {
                    let m = o.get("/agents/planner/memory").and_then(Value::as_str);
                    m.and_then(|m| o.get(&format!("/memory/{m}/path")))
                        == Some(&json!("./planner.db"))
                }),
            ],
        ),
        case(
            LocalOllama,
            "add warn level logging to every agent",
            vec![
                Proposed,
                Valid,
                That("a logging middleware at warn on every agent", |o| {
                    all_agents_have(o, "logging")
                        && o.get("/middleware")
                            .and_then(Value::as_object)
                            .is_some_and(|m| m.values().any(|v| v["level"] == json!("warn")))
                }),
            ],
        ),
        case(
            ResearchDesk,
            "make the writer model more focused, maybe 0.2",
            vec![
                Proposed,
                Valid,
                Is("/models/writer/temperature", json!(0.2)),
            ],
        ),
        case(
            ResearchDesk,
            "the audit log should capture the prompts",
            vec![
                Proposed,
                Valid,
                Is("/middleware/audit_log/log_prompts", json!(true)),
            ],
        ),
        case(
            ResearchDesk,
            "i'd like the audit log to record prompts for auditing",
            vec![
                Proposed,
                Valid,
                Is("/middleware/audit_log/log_prompts", json!(true)),
            ],
        ),
        case(
            ResearchDesk,
            "add retries to evey agent",
            vec![
                Proposed,
                Valid,
                That("every agent retries", |o| all_agents_have(o, "retry")),
            ],
        ),
    ]
}

/// Statements and moves: a job named by a verb after "give" / "set" ("give build a 45
/// minute timeout"); "X's field is V"; "X needs VAR set to V"; waiting for a service "to
/// start"; a misspelt category ("the databse"); a published port moved "instead" with no
/// old port said (the one published, or the one for the protocol named).
fn statements_and_moves() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            CiNode,
            "give build a 45 minute timeout",
            vec![
                Proposed,
                Valid,
                Is("/jobs/build/timeout-minutes", json!(45)),
                Is("/jobs/lint/timeout-minutes", json!(10)),
            ],
        ),
        case(
            CiNode,
            "set build timeout to 25",
            vec![
                Proposed,
                Valid,
                Is("/jobs/build/timeout-minutes", json!(25)),
            ],
        ),
        case(
            ConditionalRequired,
            "the weather tool's url is https://wttr.in/api",
            // The fixture has other errors; this one is fixed.
            vec![
                Proposed,
                Is("/tools/weather/url", json!("https://wttr.in/api")),
            ],
        ),
        case(
            Web,
            "web needs TZ set to UTC",
            vec![
                Proposed,
                Valid,
                That("TZ=UTC on web", |o| env_is(o, "web", "TZ", "UTC")),
            ],
        ),
        case(
            Web,
            "web should wait for the databse to be ready",
            vec![
                Proposed,
                Valid,
                That("web depends on db", |o| mentions_dep(o, "web", "db")),
            ],
        ),
        case(
            Monitoring,
            "publish grafana on 3300 instead",
            vec![
                Proposed,
                Valid,
                That("grafana is published on 3300 only", |o| {
                    let ports = o.get("/services/grafana/ports").map(Value::to_string);
                    ports.is_some_and(|p| p.contains("3300") && !p.contains("\"3000:"))
                }),
            ],
        ),
        case(
            WebStack,
            "publish https on 9443 instead",
            vec![
                Proposed,
                Valid,
                Holds("/services/proxy/ports", json!("9443:443")),
                Holds("/services/proxy/ports", json!("80:80")),
            ],
        ),
    ]
}

/// Whether a compose service's environment (map or list) sets `key` to `value`.
fn env_is(o: &Outcome, service: &str, key: &str, value: &str) -> bool {
    match o.get(&format!("/services/{service}/environment")) {
        Some(Value::Object(m)) => m.get(key).and_then(Value::as_str) == Some(value),
        Some(Value::Array(a)) => a.contains(&json!(format!("{key}={value}"))),
        _ => false,
    }
}

fn mentions_dep(o: &Outcome, service: &str, on: &str) -> bool {
    match o.get(&format!("/services/{service}/depends_on")) {
        Some(Value::Array(a)) => a.contains(&json!(on)),
        Some(Value::Object(m)) => m.contains_key(on),
        _ => false,
    }
}

/// Shares, scopes, setups and things Trellis does not do: "half of the requests" as a
/// share (in a setup and on a document); an environment opening the request with no comma
/// ("in prod only trace …"); a setup's iterations said as rounds; running what the
/// configuration describes is refused, never read as an edit; pull request branches added
/// "too" keep the event's other settings.
fn shares_scopes_and_refusals() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            None,
            "openai production assistant that traces a quarter of the requests",
            vec![
                Proposed,
                Valid,
                Is("/middleware/tracing/sample_rate", json!(0.25)),
            ],
        ),
        case(
            TplProduction,
            "only trace half the requests",
            vec![
                Proposed,
                Valid,
                Is("/middleware/tracing/sample_rate", json!(0.5)),
            ],
        ),
        case(
            TplEnvironments,
            "in staging only trace 20 percent of requests",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/staging/overrides/middleware/tracing/sample_rate",
                    json!(0.2),
                ),
            ],
        ),
        case(
            None,
            "research team where the planner may take up to 8 steps",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/max_iterations", json!(8)),
            ],
        ),
        case(
            Web,
            "please start the stack on my laptop",
            vec![That("no change", |o| {
                o.reply.patch.is_empty() && o.reply.kind != ReplyKind::Proposal
            })],
        ),
        case(
            CiNode,
            "can you run the workflow now?",
            vec![That("no change", |o| {
                o.reply.patch.is_empty() && o.reply.kind != ReplyKind::Proposal
            })],
        ),
        case(
            Web,
            "start db before web",
            vec![
                Proposed,
                Valid,
                That("web depends on db", |o| mentions_dep(o, "web", "db")),
            ],
        ),
        case(
            CiNode,
            "the workflow needs write access to issues",
            vec![
                Proposed,
                Valid,
                Is("/permissions/issues", json!("write")),
                Is("/permissions/contents", json!("read")),
            ],
        ),
        case(
            CiNode,
            "set the checks permission to read",
            vec![Proposed, Valid, Is("/permissions/checks", json!("read"))],
        ),
        case(
            ResearchDesk,
            "the researcher should hand off work to the writer",
            vec![
                Proposed,
                Valid,
                Holds("/agents/researcher/delegates_to", json!("writer")),
            ],
        ),
        case(
            SupportDesk,
            "triage needs to look up invoices",
            vec![
                Proposed,
                Valid,
                Holds("/agents/triage/tools", json!("lookup_invoice")),
            ],
        ),
        case(
            Web,
            "set restart: unless-stopped on every service",
            vec![
                Proposed,
                Valid,
                Is("/services/web/restart", json!("unless-stopped")),
                Is("/services/db/restart", json!("unless-stopped")),
            ],
        ),
        case(
            LocalOllama,
            "ollama keeps crashing on long answers, give it 4 minutes",
            vec![
                Proposed,
                Valid,
                Is("/providers/ollama/timeout_s", json!(240)),
            ],
        ),
        case(
            Web,
            "we need postgres as a store service too",
            vec![
                Proposed,
                Valid,
                That("a postgres service called store", |o| {
                    o.get("/services/store/image")
                        .and_then(Value::as_str)
                        .is_some_and(|i| i.starts_with("postgres"))
                }),
            ],
        ),
        case(
            CiNode,
            "run the workflow on tags too",
            vec![
                Proposed,
                Valid,
                Holds("/on/push/tags", json!("*")),
                // The workflow keeps its jobs: no template merged into it.
                Absent("/jobs/image"),
                Is("/on/push/branches", json!(["main"])),
            ],
        ),
        case(
            CiNode,
            "run on pull requests to develop too",
            vec![
                Proposed,
                Valid,
                Holds("/on/pull_request/branches", json!("develop")),
                Holds("/on/pull_request/branches", json!("main")),
                Present("/on/pull_request/types"),
            ],
        ),
    ]
}

/// Remarks ended by "so" and other everyday forms: "… now so the X job can go"; "I'll …,
/// so delete …"; a health check's interval ("check api health every 20 seconds"); a
/// restart policy said as "unless I stop it"; "an env var X with value Y"; "wrap … in
/// retries"; "cap … at N tokens per response"; "… instead of 10 min"; a trailing reason
/// ("it should be deterministic"); "N requests a minute".
fn everyday_forms() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            CiNode,
            "tests run on a nightly schedule now so the test job can go",
            vec![Proposed, Valid, Absent("/jobs/test")],
        ),
        case(
            Web,
            "we'll use a hosted postgres, so remove the db service",
            vec![Proposed, Valid, Absent("/services/db")],
        ),
        case(
            WebStack,
            "check db health every 15 seconds",
            vec![
                Proposed,
                Valid,
                Is("/services/db/healthcheck/interval", json!("15s")),
            ],
        ),
        case(
            Web,
            "db should restart unless we stop it",
            vec![
                Proposed,
                Valid,
                Is("/services/db/restart", json!("unless-stopped")),
            ],
        ),
        case(
            Web,
            "db needs an env var PGTZ with value UTC",
            vec![
                Proposed,
                Valid,
                That("PGTZ=UTC on db", |o| env_is(o, "db", "PGTZ", "UTC")),
            ],
        ),
        case(
            LocalOllama,
            "wrap every agent in a cache",
            vec![
                Proposed,
                Valid,
                That("every agent caches", |o| all_agents_have(o, "cache")),
            ],
        ),
        case(
            TplProduction,
            "cap the fast model at 300 tokens per reply",
            vec![Proposed, Valid, Is("/models/fast/max_tokens", json!(300))],
        ),
        case(
            SupportDesk,
            "cache for 2 hours instead of one",
            vec![Proposed, Valid, Is("/middleware/cache/ttl_s", json!(7200))],
        ),
        case(
            ResearchDesk,
            "writer model temperature 0.1, it should be predictable",
            vec![
                Proposed,
                Valid,
                Is("/models/writer/temperature", json!(0.1)),
            ],
        ),
        case(
            ResearchDesk,
            "could the writer also have web search?",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/tools", json!("web_search")),
            ],
        ),
        case(
            Dangling,
            "the copywriter's references are broken, please tidy them up",
            vec![Proposed, That("fewer errors", |o| fewer_errors(o, 2))],
        ),
        case(
            WebStack,
            "add a mailer service running ghcr.io/acme/mailer:2 that waits for the cache",
            vec![
                Proposed,
                Valid,
                That("mailer depends on cache", |o| {
                    mentions_dep(o, "mailer", "cache")
                }),
            ],
        ),
        case(
            None,
            "rag assistant over ./docs/index that fetches 8 pasages per question",
            vec![
                Proposed,
                Valid,
                That("recalls 8", |o| {
                    o.get("/memory")
                        .and_then(Value::as_object)
                        .is_some_and(|m| m.values().any(|v| v["top_k"] == json!(8)))
                }),
            ],
        ),
        case(
            ResearchDesk,
            "4k max tokens on the writer model",
            vec![
                Proposed,
                Valid,
                Is("/models/writer/max_tokens", json!(4000)),
            ],
        ),
        case(
            ResearchDesk,
            "the researcher shuold stop after 6 iterations",
            vec![
                Proposed,
                Valid,
                Is("/agents/researcher/max_iterations", json!(6)),
            ],
        ),
        case(
            WebStack,
            "give the cache a healthcheck with redis-cli ping",
            vec![
                Proposed,
                Valid,
                Is(
                    "/services/cache/healthcheck/test",
                    json!(["CMD-SHELL", "redis-cli ping"]),
                ),
            ],
        ),
        case(
            SupportDesk,
            "allow 90 requests a minute",
            vec![
                Proposed,
                Valid,
                That("a rate limit of 90", |o| {
                    o.get("/middleware")
                        .and_then(Value::as_object)
                        .is_some_and(|m| m.values().any(|v| v["requests_per_minute"] == json!(90)))
                }),
            ],
        ),
    ]
}

#[test]
fn names_and_options_batch() {
    run_batch("names and options", names_and_options());
}

#[test]
fn allowances_and_refusals_batch() {
    run_batch("allowances and refusals", allowances_and_refusals());
}

#[test]
fn addresses_of_new_components_batch() {
    run_batch("addresses of new components", addresses_of_new_components());
}

#[test]
fn sampling_shares_batch() {
    run_batch("sampling shares", sampling_shares());
}

#[test]
fn complaints_then_fix_batch() {
    run_batch("complaints then fix", complaints_then_fix());
}

#[test]
fn questions_batch() {
    run_batch("questions", questions());
}

#[test]
fn collector_fields_batch() {
    run_batch("collector fields", collector_fields());
}

#[test]
fn joined_to_one_batch() {
    run_batch("joined to one", joined_to_one());
}

#[test]
fn values_without_to_batch() {
    run_batch("values without to", values_without_to());
}

#[test]
fn jobs_named_by_verbs_batch() {
    run_batch("jobs named by verbs", jobs_named_by_verbs());
}

#[test]
fn owners_are_not_links_batch() {
    run_batch("owners are not links", owners_are_not_links());
}

#[test]
fn variants_as_verbs_batch() {
    run_batch("variants as verbs", variants_as_verbs());
}

#[test]
fn actions_named_by_use_batch() {
    run_batch("actions named by use", actions_named_by_use());
}

#[test]
fn switched_off_components_batch() {
    run_batch("switched-off components", switched_off_components());
}

#[test]
fn units_and_fields_in_words_batch() {
    run_batch("units and fields in words", units_and_fields_in_words());
}

#[test]
fn remarks_and_amounts_batch() {
    run_batch("remarks and amounts", remarks_and_amounts());
}

#[test]
fn new_components_said_plainly_batch() {
    run_batch("new components said plainly", new_components_said_plainly());
}

#[test]
fn statements_and_moves_batch() {
    run_batch("statements and moves", statements_and_moves());
}

#[test]
fn shares_scopes_and_refusals_batch() {
    run_batch("shares, scopes and refusals", shares_scopes_and_refusals());
}

#[test]
fn everyday_forms_batch() {
    run_batch("everyday forms", everyday_forms());
}

/// Entries of a map the schema names (a receiver's protocols) switched on and off, the
/// value of a `key`/`value` attribute, a value said as it is and as it should be, and a
/// rate limit that counts requests unless tokens are said.
fn entries_attributes_and_swaps() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Collector,
            "turn on http for the otlp receiver",
            vec![
                Proposed,
                Valid,
                Present("/receivers/otlp/protocols/http"),
                Present("/receivers/otlp/protocols/grpc"),
            ],
        ),
        case(
            Collector,
            "also accept otlp over http",
            vec![Proposed, Valid, Present("/receivers/otlp/protocols/http")],
        ),
        case(
            Gateway,
            "disable the grpc protocol",
            vec![
                Proposed,
                Valid,
                Absent("/receivers/otlp/protocols/grpc"),
                Present("/receivers/otlp/protocols/http"),
            ],
        ),
        case(
            Gateway,
            "no longer accept http on the otlp receiver",
            vec![Proposed, Valid, Absent("/receivers/otlp/protocols/http")],
        ),
        // The last protocol cannot go: the receiver needs one.
        case(
            Collector,
            "switch off grpc",
            vec![That("no patch", |o| o.reply.patch.is_empty())],
        ),
        case(
            TplMetrics,
            "set the environment attribute to staging",
            vec![
                Proposed,
                Valid,
                Is("/processors/resource/attributes/0/value", json!("staging")),
            ],
        ),
        case(
            TplMetrics,
            "change deployment.environment to qa",
            vec![
                Proposed,
                Valid,
                Is("/processors/resource/attributes/0/value", json!("qa")),
            ],
        ),
        case(
            TplMetrics,
            "switch production to preprod",
            vec![
                Proposed,
                Valid,
                Is("/processors/resource/attributes/0/value", json!("preprod")),
            ],
        ),
        case(
            TplMetrics,
            "we run this in staging, not production",
            vec![
                Proposed,
                Valid,
                Is("/processors/resource/attributes/0/value", json!("staging")),
            ],
        ),
        case(
            SupportDesk,
            "bump the rate limit to 900 a minute",
            vec![
                Proposed,
                Valid,
                Is("/middleware/limits/requests_per_minute", json!(900)),
            ],
        ),
        case(
            SupportDesk,
            "set the rate limit to 50000 tokens a minute",
            vec![
                Proposed,
                Valid,
                Is("/middleware/limits/tokens_per_minute", json!(50000)),
            ],
        ),
        case(
            SupportDesk,
            "set the rate limt to 450 requests per minute",
            vec![
                Proposed,
                Valid,
                Is("/middleware/limits/requests_per_minute", json!(450)),
            ],
        ),
    ]
}

#[test]
fn entries_attributes_and_swaps_batch() {
    run_batch(
        "entries, attributes and swaps",
        entries_attributes_and_swaps(),
    );
}

/// Pipelines said by what comes in and what goes out, and a new component said without a
/// verb whose later clause has one.
fn ins_and_outs() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Collector,
            "we also need logs: otlp in, debug out",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/logs/receivers", json!("otlp")),
                Holds("/service/pipelines/logs/exporters", json!("debug")),
            ],
        ),
        case(
            Collector,
            "add a metrics pipeline with otlp in, debug out",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/metrics/receivers", json!("otlp")),
                Holds("/service/pipelines/metrics/exporters", json!("debug")),
                Present("/service/pipelines/traces"),
            ],
        ),
        case(
            SupportDesk,
            "new agent called refunds on the triage model, it can use the tickets tool",
            vec![
                Proposed,
                Valid,
                Is("/agents/refunds/model", json!("triage")),
                Holds("/agents/refunds/tools", json!("tickets")),
            ],
        ),
    ]
}

#[test]
fn ins_and_outs_batch() {
    run_batch("ins and outs", ins_and_outs());
}

/// Yes/no questions that ask for a change, with a remark after the question mark, and
/// parts of a request each read the way a whole request is.
fn questions_that_ask() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Mini,
            "could the assistant search the web? it doesn't know recent news",
            vec![
                Proposed,
                Valid,
                Holds("/agents/assistant/tools", json!("web_search")),
            ],
        ),
        case(
            ResearchDesk,
            "so could the writer look stuff up online too?",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/tools", json!("web_search")),
            ],
        ),
        case(
            Flow,
            "can it also run on pull requests?",
            vec![Proposed, Valid, Present("/on/pull_request")],
        ),
        case(
            Collector,
            "could you add a batch processor to traces? exports are slow",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/traces/processors", json!("batch")),
            ],
        ),
        case(
            Web,
            "can we rename db to database? it reads better",
            vec![
                Proposed,
                Valid,
                Present("/services/database"),
                Absent("/services/db"),
            ],
        ),
        // A question stays a question when the order it could be is no change.
        case(
            Mini,
            "can you describe this setup?",
            vec![That("no patch", |o| o.reply.patch.is_empty())],
        ),
        case(
            Web,
            "add a redis cache and have web wait for it to be ready",
            vec![
                Proposed,
                Valid,
                Is("/services/cache/image", json!("redis")),
                Holds("/services/web/depends_on", json!("cache")),
            ],
        ),
    ]
}

#[test]
fn questions_that_ask_batch() {
    run_batch("questions that ask", questions_that_ask());
}

/// Numbers said in words, amounts relative to the value there ("in half", "twice what it
/// is", "twice as many"), and "the bot" for a document's one agent.
fn words_for_amounts() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            ResearchDesk,
            "remember notes for three days",
            vec![Proposed, Valid, Is("/memory/notes/ttl_s", json!(259200))],
        ),
        case(
            ResearchDesk,
            "writer model max tokens to two thousand five hundred",
            vec![
                Proposed,
                Valid,
                Is("/models/writer/max_tokens", json!(2500)),
            ],
        ),
        case(
            ResearchDesk,
            "let the planner stop after fifteen iterations",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/max_iterations", json!(15)),
            ],
        ),
        // Text to write keeps its words.
        case(
            ResearchDesk,
            "give the writer a new system prompt: Write two short paragraphs.",
            vec![
                Proposed,
                Valid,
                Is(
                    "/agents/writer/system_prompt",
                    json!("Write two short paragraphs."),
                ),
            ],
        ),
        case(
            ResearchDesk,
            "reduce the writer's max tokens by half",
            vec![
                Proposed,
                Valid,
                Is("/models/writer/max_tokens", json!(4096)),
            ],
        ),
        case(
            Mini,
            "set the temperature to twice its current value",
            vec![Proposed, Valid, Is("/models/chat/temperature", json!(1))],
        ),
        case(
            Mini,
            "my bot is too random, make it more precise",
            vec![
                Proposed,
                Valid,
                That("the assistant runs cooler than 0.5", |o| {
                    o.get("/agents/assistant/temperature")
                        .or(o.get("/models/chat/temperature"))
                        .and_then(Value::as_f64)
                        .is_some_and(|t| t < 0.5)
                }),
            ],
        ),
    ]
}

#[test]
fn words_for_amounts_batch() {
    run_batch("words for amounts", words_for_amounts());
}

/// Remarks of any shape before the change (no value in them), "it" for what a remark is
/// about when it names no component, "kill it after …" as a timeout, and a verbless
/// statement that is no value to write.
fn remarks_of_any_shape() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            SupportDesk,
            "customers complain about slow answers, raise the rate limit to 900 requests per minute",
            vec![
                Proposed,
                Valid,
                Is("/middleware/limits/requests_per_minute", json!(900)),
            ],
        ),
        case(
            Collector,
            "the collector drops data under load, can you raise the memory limit to 2 GiB",
            vec![
                Proposed,
                Valid,
                Is("/processors/memory_limiter/limit_mib", json!(2048)),
            ],
        ),
        case(
            CiNode,
            "node 20 is too old for us, please remove it from the test matrix",
            vec![
                Proposed,
                Valid,
                That("node 20 gone, 18 and 22 kept", |o| {
                    o.get("/jobs/test/strategy/matrix/node")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            !l.contains(&json!(20))
                                && l.contains(&json!(18))
                                && l.contains(&json!(22))
                        })
                }),
            ],
        ),
        case(
            Flow,
            "cancel the build job after 15 minutes",
            vec![Proposed, Valid, Is("/jobs/build/timeout-minutes", json!(15))],
        ),
        // A remark alone is no value to write.
        case(
            CiNode,
            "node 18 is end of life",
            vec![That("no patch", |o| o.reply.patch.is_empty())],
        ),
    ]
}

#[test]
fn remarks_of_any_shape_batch() {
    run_batch("remarks of any shape", remarks_of_any_shape());
}

/// Jobs ordered by how another ended ("once build is green", "when fmt passes"), a new
/// job named by its command when no name is said, and a job whose name is a verb.
fn once_it_passes() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Flow,
            "add a job that runs cargo clippy when build succeeds",
            vec![
                Proposed,
                Valid,
                Holds("/jobs/clippy/needs", json!("build")),
                Present("/jobs/clippy/steps"),
            ],
        ),
        case(
            TplRustCi,
            "test should run only once clippy has passed",
            vec![Proposed, Valid, Holds("/jobs/test/needs", json!("clippy"))],
        ),
        case(
            Flow,
            "add a lint job that needs build and runs cargo fmt --check",
            vec![Proposed, Valid, Is("/jobs/lint/needs", json!("build"))],
        ),
    ]
}

#[test]
fn once_it_passes_batch() {
    run_batch("once it passes", once_it_passes());
}

/// A setup's parameters told by their shape or in passing (topics to refuse, a Hugging
/// Face model identifier, one's own image, a share of traces "kept"), and an image or a
/// published port told as the value of a change.
fn parameters_and_values_by_shape() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            None,
            "a support agent for Initech with guardrails, it must not discuss salaries or layoffs",
            vec![
                Proposed,
                Valid,
                That("salaries and layoffs refused", |o| {
                    o.text().contains("salaries") && o.text().contains("layoffs")
                }),
            ],
        ),
        case(
            None,
            "self-hosted model server at http://box:8000/v1 running meta-llama/Llama-3.1-70B-Instruct",
            vec![
                Proposed,
                Valid,
                That("the llama model", |o| {
                    o.text().contains("meta-llama/llama-3.1-70b-instruct")
                }),
            ],
        ),
        case(
            ComposeNone,
            "web app with postgres and redis, the app image is ghcr.io/initech/tps:4.2",
            vec![
                Proposed,
                Valid,
                That("the app's image", |o| o.text().contains("ghcr.io/initech/tps:4.2")),
            ],
        ),
        case(
            OtelNone,
            "a traces collector to tempo:4317 that keeps 5% of traces",
            vec![
                Proposed,
                Valid,
                Is(
                    "/processors/probabilistic_sampler/sampling_percentage",
                    json!(5),
                ),
            ],
        ),
        case(
            WebStack,
            "switch the db image to postgres 17.2",
            vec![Proposed, Valid, Is("/services/db/image", json!("postgres:17.2"))],
        ),
        case(
            Monitoring,
            "move prometheus to port 9091",
            vec![
                Proposed,
                Valid,
                That("prometheus published on 9091 only", |o| {
                    o.get("/services/prometheus/ports")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.len() == 1
                                && (l[0] == json!("9091:9090")
                                    || l[0].get("published").is_some_and(|p| {
                                        p == &json!("9091") || p == &json!(9091)
                                    }))
                        })
                }),
            ],
        ),
        case(
            Web,
            "web should use 8081 on the host instead",
            vec![Proposed, Valid, Is("/services/web/ports/0", json!("8081:80"))],
        ),
    ]
}

#[test]
fn parameters_and_values_by_shape_batch() {
    run_batch(
        "parameters and values by shape",
        parameters_and_values_by_shape(),
    );
}

/// "if X fails, what else …?" as an impact question, and "walk me through …" as a
/// description: answers, named by what they name.
fn what_ifs_and_walkthroughs() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            CiNode,
            "if the lint job breaks, which jobs are skipped?",
            vec![
                That("no patch", |o| o.reply.patch.is_empty()),
                That("names build", |o| o.text().contains("build")),
            ],
        ),
        case(
            SupportDesk,
            "walk me through this config please",
            vec![
                That("no patch", |o| o.reply.patch.is_empty()),
                That("describes the agents", |o| o.text().contains("triage")),
            ],
        ),
    ]
}

#[test]
fn what_ifs_and_walkthroughs_batch() {
    run_batch("what-ifs and walkthroughs", what_ifs_and_walkthroughs());
}

/// An amount said as a goal, with no field named: the unit and the words around it say
/// which field of the component takes it. A story with an amount in it, or a question
/// about one, is no change.
fn amounts_said_as_goals() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            LocalOllama,
            "ollama is slow to answer on my laptop, let it wait 4 minutes",
            vec![
                Proposed,
                Valid,
                Is("/providers/ollama/timeout_s", json!(240)),
            ],
        ),
        case(
            CiNode,
            "tests can hang for ages. cut them off after 12 minutes",
            vec![Proposed, Valid, Is("/jobs/test/timeout-minutes", json!(12))],
        ),
        case(
            Monitoring,
            "prometheus is hogging ram, give it 2 gigs at most",
            vec![
                Proposed,
                Valid,
                Is("/services/prometheus/mem_limit", json!("2g")),
            ],
        ),
        case(
            Gateway,
            "the memory limiter should look at memory every 2 seconds",
            vec![
                Proposed,
                Valid,
                Is("/processors/memory_limiter/check_interval", json!("2s")),
            ],
        ),
        case(
            TplRag,
            "pull in 9 passages for each question",
            vec![Proposed, Valid, Is("/memory/knowledge/top_k", json!(9))],
        ),
        case(
            TplSupport,
            "people write long messages, allow 6k characters",
            vec![
                Proposed,
                Valid,
                That("max_input_chars 6000", |o| {
                    o.text().contains("6000")
                        && o.reply.patch.iter().any(|op| {
                            op["path"]
                                .as_str()
                                .is_some_and(|p| p.ends_with("/max_input_chars"))
                                && op["value"] == json!(6000)
                        })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "the notes memory only needs to remember 25 messages",
            vec![Proposed, Valid, Is("/memory/notes/max_messages", json!(25))],
        ),
        case(
            TplReview,
            "big reviews need more room, let the reviewer take up to 45 rounds",
            vec![
                Proposed,
                Valid,
                Is("/agents/reviewer/max_iterations", json!(45)),
            ],
        ),
        case(
            Flow,
            "build should never run for more than an hour",
            vec![
                Proposed,
                Valid,
                Is("/jobs/build/timeout-minutes", json!(60)),
            ],
        ),
        case(
            LocalOllama,
            "how long does ollama wait before it gives up?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            Mini,
            "I waited 5 minutes for an answer yesterday",
            vec![That("no patch", |o| o.reply.patch.is_empty())],
        ),
    ]
}

#[test]
fn amounts_said_as_goals_batch() {
    run_batch("amounts said as goals", amounts_said_as_goals());
}

/// A removal said any way ("ditch", "scrap", "has to go", "can you get rid of it?"),
/// of the one component the request names; never when it is ruled out, supposed or
/// asked about, and never of a component when a field of it is named.
fn removals_said_any_way() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            ResearchDesk,
            "we stopped using the notes memory, could you ditch it?",
            vec![Proposed, Valid, Absent("/memory/notes")],
        ),
        case(
            SupportDesk,
            "the cache thing keeps serving old replies. scrap it please",
            vec![Proposed, Valid, Absent("/middleware/cache")],
        ),
        case(
            WebStack,
            "sessions live in the database now so the cache service has to go",
            vec![Proposed, Valid, Absent("/services/cache")],
        ),
        case(
            Gateway,
            "nobody looks at zpages, can we yank it?",
            vec![Proposed, Valid, Absent("/extensions/zpages")],
        ),
        case(
            ResearchDesk,
            "don't get rid of the arxiv tool, we still need it",
            vec![That("no patch", |o| o.reply.patch.is_empty())],
        ),
        case(
            SupportDesk,
            "what happens if I take the cache out?",
            vec![That("no patch", |o| o.reply.patch.is_empty())],
        ),
        case(
            ResearchDesk,
            "can I delete the writer safely?",
            vec![That("no patch", |o| o.reply.patch.is_empty())],
        ),
        case(
            ResearchDesk,
            "please scrap the writer's description",
            vec![Present("/agents/writer")],
        ),
    ]
}

#[test]
fn removals_said_any_way_batch() {
    run_batch("removals said any way", removals_said_any_way());
}

/// A new name said without "rename … to" ("should be called", "call it", "called X
/// instead of Y"), for the one component the request names; a name only mentioned is no
/// rename.
fn new_names_said_any_way() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            ResearchDesk,
            "honestly the fast model should be called quick",
            vec![
                Proposed,
                Valid,
                Present("/models/quick"),
                Absent("/models/fast"),
            ],
        ),
        case(
            Gateway,
            "i'd like the debug exporter to be called console",
            vec![
                Proposed,
                Valid,
                Present("/exporters/console"),
                Absent("/exporters/debug"),
            ],
        ),
        case(
            LocalOllama,
            "that chat agent needs a friendlier name, call it buddy",
            vec![
                Proposed,
                Valid,
                Present("/agents/buddy"),
                Absent("/agents/chat"),
            ],
        ),
        case(
            WebStack,
            "we'd want the service called backend instead of api",
            vec![
                Proposed,
                Valid,
                Present("/services/backend"),
                Absent("/services/api"),
            ],
        ),
        case(
            ResearchDesk,
            "the model named smart is too expensive",
            vec![That("no patch", |o| o.reply.patch.is_empty())],
        ),
        case(
            ResearchDesk,
            "what is the writer agent called?",
            vec![That("no patch", |o| o.reply.patch.is_empty())],
        ),
    ]
}

#[test]
fn new_names_said_any_way_batch() {
    run_batch("new names said any way", new_names_said_any_way());
}

/// A kind of middleware for every agent said with no verb of change ("retries mw for
/// every agent"), and what the request says of a component a proposal adds ("at 45 rpm",
/// "at warn level", "keep answers 10 minutes") set on it.
fn middleware_across_with_attributes() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            ResearchDesk,
            "retry mw for every agent please",
            vec![
                Proposed,
                Valid,
                That("every agent retries", |o| all_agents_have(o, "retry")),
            ],
        ),
        case(
            TplOllama,
            "add rate limiting to all agents at 45 rpm",
            vec![
                Proposed,
                Valid,
                That("every agent limited to 45 a minute", |o| {
                    all_agents_have(o, "rate_limit")
                        && o.get("/middleware")
                            .and_then(Value::as_object)
                            .is_some_and(|m| {
                                m.values().any(|v| {
                                    v["type"] == json!("rate_limit")
                                        && v["requests_per_minute"] == json!(45)
                                })
                            })
                }),
            ],
        ),
        case(
            TplResearch,
            "logging on every agent, at warn level",
            vec![
                Proposed,
                Valid,
                That("every agent logs at warn", |o| {
                    all_agents_have(o, "logging")
                        && o.get("/middleware")
                            .and_then(Value::as_object)
                            .is_some_and(|m| {
                                m.values().any(|v| {
                                    v["type"] == json!("logging") && v["level"] == json!("warn")
                                })
                            })
                }),
            ],
        ),
        case(
            LocalOllama,
            "caching for all the agents, keep answers for 10 minutes",
            vec![
                Proposed,
                Valid,
                That("every agent caches for 600 s", |o| {
                    all_agents_have(o, "cache")
                        && o.get("/middleware")
                            .and_then(Value::as_object)
                            .is_some_and(|m| {
                                m.values().any(|v| {
                                    v["type"] == json!("cache") && v["ttl_s"] == json!(600)
                                })
                            })
                }),
            ],
        ),
    ]
}

#[test]
fn middleware_across_with_attributes_batch() {
    run_batch(
        "middleware across agents, with attributes",
        middleware_across_with_attributes(),
    );
}

/// A change said with a direction and an amount, not the value to set: "up by 100",
/// "down by 0.1", "three more", "another 30 seconds", "twice as many", "half of them";
/// decimals in words ("zero point three"); never when no direction is said.
fn changes_said_with_a_direction() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            ResearchDesk,
            "the planner needs three more iterations",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/max_iterations", json!(23)),
            ],
        ),
        case(
            ResearchDesk,
            "let the planner do 4 fewer iterations",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/max_iterations", json!(16)),
            ],
        ),
        case(
            SupportDesk,
            "could you push the rate limit up by 50 requests a minute?",
            vec![
                Proposed,
                Valid,
                Is("/middleware/limits/requests_per_minute", json!(650)),
            ],
        ),
        case(
            LocalOllama,
            "give ollama another 60 seconds before it times out",
            vec![
                Proposed,
                Valid,
                Is("/providers/ollama/timeout_s", json!(180)),
            ],
        ),
        case(
            LocalOllama,
            "the llama model is a bit wild, turn its temperature down by 0.1",
            vec![
                Proposed,
                Valid,
                That("llama at 0.3", |o| {
                    num(o, "/models/llama/temperature").is_some_and(|t| (t - 0.3).abs() < 1e-9)
                }),
            ],
        ),
        case(
            LocalOllama,
            "dial the llama model's temperature down to zero point three",
            vec![Proposed, Valid, Is("/models/llama/temperature", json!(0.3))],
        ),
        case(
            WebStack,
            "db is slow to start; could its healthcheck allow twice as many retries?",
            vec![
                Proposed,
                Valid,
                Is("/services/db/healthcheck/retries", json!(20)),
            ],
        ),
        case(
            Gateway,
            "double the batch timeout please",
            vec![
                Proposed,
                Valid,
                Is("/processors/batch/timeout", json!("10s")),
            ],
        ),
        case(
            SupportDesk,
            "only sample half of the requests",
            vec![
                Proposed,
                Valid,
                Is("/middleware/traces/sample_rate", json!(0.5)),
            ],
        ),
        // No direction: "by 100" alone says nothing of which way.
        case(
            SupportDesk,
            "the rate limit was set by 100 people",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            ResearchDesk,
            "what happens if I give the planner five more iterations?",
            vec![That(NO_CHANGE, no_change)],
        ),
    ]
}

#[test]
fn changes_said_with_a_direction_batch() {
    run_batch(
        "changes said with a direction",
        changes_said_with_a_direction(),
    );
}

/// A connection said as a wish, by what the component should be able to do: a tool or
/// agent of the document its words name ("look up invoices" for `lookup_invoice`), one
/// named outright, or a new built-in ("browse the web"); after a remark, "it" is what the
/// remark names. Never when ruled out, and never for a question about what it does.
fn connections_said_as_wishes() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            SupportDesk,
            "the generalist should be able to issue refunds too",
            vec![
                Proposed,
                Valid,
                Holds("/agents/generalist/tools", json!("refund")),
            ],
        ),
        case(
            SupportDesk,
            "could the generalist fetch invoices as well?",
            vec![
                Proposed,
                Valid,
                Holds("/agents/generalist/tools", json!("lookup_invoice")),
            ],
        ),
        case(
            ResearchDesk,
            "could the planner also search the web?",
            vec![
                Proposed,
                Valid,
                Holds("/agents/planner/tools", json!("web_search")),
            ],
        ),
        case(
            TplSelfHosted,
            "the assistant should be able to browse websites",
            vec![
                Proposed,
                Valid,
                That("the assistant has a web browser", |o| {
                    names_one(o, "/agents/assistant/tools", "tools", |t| {
                        field_str(t, "name") == Some("web_browser")
                    })
                }),
            ],
        ),
        case(
            TplProduction,
            "could the assistant hand tricky questions over to the summarizer?",
            vec![
                Proposed,
                Valid,
                Holds("/agents/assistant/delegates_to", json!("summarizer")),
            ],
        ),
        case(
            ResearchDesk,
            "the planner is hopeless with numbers. can it have a calculator?",
            vec![
                Proposed,
                Valid,
                That("the planner has a calculator", |o| {
                    names_one(o, "/agents/planner/tools", "tools", |t| {
                        field_str(t, "name") == Some("calculator")
                    })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "let the researcher draw pictures",
            vec![
                Proposed,
                Valid,
                That("one new image tool", |o| {
                    o.after["tools"].as_object().is_some_and(|t| {
                        t.values()
                            .filter(|v| v["name"] == "image_generation")
                            .count()
                            == 1
                    })
                }),
            ],
        ),
        case(
            SupportDesk,
            "don't let the generalist issue refunds",
            vec![Lacks("/agents/generalist/tools", json!("refund"))],
        ),
        case(
            SupportDesk,
            "the generalist can't issue refunds",
            vec![That(NO_CHANGE, no_change)],
        ),
        case(
            SupportDesk,
            "what can the generalist do?",
            vec![That(NO_CHANGE, no_change)],
        ),
    ]
}

#[test]
fn connections_said_as_wishes_batch() {
    run_batch("connections said as wishes", connections_said_as_wishes());
}

/// Data sent somewhere said by where it goes: in a collector, a new exporter for the
/// address, added to the pipeline of the signal said (remote write, OTLP over HTTP for a
/// URL, OTLP over gRPC for a host and port); in an agent stack, the address set on the
/// tracing middleware the request adds. Never for an address an exporter has already.
fn destinations_said_by_address() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Gateway,
            "ship the logs to http://logs.internal:3100/otlp as well",
            vec![
                Proposed,
                Valid,
                That("logs go to logs.internal", |o| {
                    pipeline_uses(o, "logs", "exporters", "/exporters", |e| {
                        field_str(e, "endpoint") == Some("http://logs.internal:3100/otlp")
                    })
                }),
            ],
        ),
        case(
            Collector,
            "traces should also end up at collector.example.com:4317",
            vec![
                Proposed,
                Valid,
                That("traces go to collector.example.com:4317", |o| {
                    pipeline_uses(o, "traces", "exporters", "/exporters", |e| {
                        field_str(e, "endpoint") == Some("collector.example.com:4317")
                    })
                }),
                Holds("/service/pipelines/traces/exporters", json!("debug")),
            ],
        ),
        case(
            Gateway,
            "metrics need to go to our thanos remote write endpoint http://thanos:19291/api/v1/receive",
            vec![
                Proposed,
                Valid,
                That("a remote write exporter for metrics", |o| {
                    o.get("/service/pipelines/metrics/exporters")
                        .and_then(Value::as_array)
                        .is_some_and(|l| {
                            l.iter().any(|e| {
                                e.as_str()
                                    .is_some_and(|e| e.starts_with("prometheusremotewrite"))
                            })
                        })
                }),
            ],
        ),
        case(
            Collector,
            "add an otlp exporter called backup with endpoint backup.example.com:4317 to the traces pipeline",
            vec![
                Proposed,
                Valid,
                Is("/exporters/otlp~1backup/endpoint", json!("backup.example.com:4317")),
                Holds("/service/pipelines/traces/exporters", json!("otlp/backup")),
            ],
        ),
        case(
            LocalOllama,
            "could the chat agent send its traces to http://localhost:4318?",
            vec![
                Proposed,
                Valid,
                That("a tracing middleware to localhost:4318", |o| {
                    any_of(o, "/middleware", |m| {
                        field_str(m, "type") == Some("tracing")
                            && field_str(m, "endpoint") == Some("http://localhost:4318")
                    })
                }),
            ],
        ),
        case(
            Gateway,
            "do the logs go to http://logs.internal:3100/otlp?",
            vec![That(NO_CHANGE, no_change)],
        ),
    ]
}

#[test]
fn destinations_said_by_address_batch() {
    run_batch(
        "destinations said by address",
        destinations_said_by_address(),
    );
}

/// Values that fit their field only: a duration is never a count ("5 minutes before timing
/// out" is no `max_retries`), "the web server" is the service, not its DNS servers, and a
/// port "of my machine" is a host port for the one port the service listens on.
fn values_that_fit_their_field() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            LocalOllama,
            "ollama is slow, give it 3 minutes before timing out",
            vec![
                Proposed,
                Valid,
                Is("/providers/ollama/timeout_s", json!(180)),
                Is("/providers/ollama/max_retries", json!(0)),
            ],
        ),
        case(
            Web,
            "our web server needs the db running before it starts",
            vec![
                Proposed,
                Valid,
                That("web depends on db", |o| {
                    names(o, "/services/web/depends_on", "db")
                }),
                Absent("/services/web/dns"),
            ],
        ),
        case(
            TplWebApp,
            "make the app reachable on port 3000 of my laptop too",
            vec![
                Proposed,
                Valid,
                That("3000 on the host to 8080", |o| {
                    publishes(o, "app", 3000, 8080)
                }),
                That("still 8080", |o| publishes(o, "app", 8080, 8080)),
            ],
        ),
    ]
}

#[test]
fn values_that_fit_their_field_batch() {
    run_batch("values that fit their field", values_that_fit_their_field());
}

/// What an order is about said first ("logs pipeline: drop debug exporter"), and a
/// component's own order after a break ("…; web depends on it"): each read where it
/// belongs, never as a second thing to remove or an attribute of the new component.
fn orders_with_their_scope() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Gateway,
            "logs pipeline: remove the debug exporter please",
            vec![
                Proposed,
                Valid,
                Present("/service/pipelines/logs"),
                Lacks("/service/pipelines/logs/exporters", json!("debug")),
            ],
        ),
        case(
            Web,
            "new service queue, image rabbitmq:3; web needs it",
            vec![
                Proposed,
                Valid,
                That("web depends on queue", |o| {
                    names(o, "/services/web/depends_on", "queue")
                }),
                Absent("/services/queue/depends_on"),
            ],
        ),
    ]
}

#[test]
fn orders_with_their_scope_batch() {
    run_batch("orders with their scope", orders_with_their_scope());
}

/// Several numbers and models in one request for a setup, each to the template parameter
/// whose unit and nearest words fit it: "200 rpm, 2 attempts per call" (not 200 attempts),
/// "keep 10%, mem limit 1GiB" (a share and a size, whatever words are near), "dev on
/// llama3.2 via ollama, prod traces 5%" (the dev model, not prod's), "researcher+writer on
/// gpt-4.1" (the researcher and writer model, not the planner's).
fn setup_values_by_unit_and_nearness() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            None,
            "openai prod setup: 120 rpm, 3 attempts per call",
            vec![
                Proposed,
                Valid,
                That("120 requests a minute", |o| rate(o, 120.0)),
                That("3 attempts", |o| attempts(o, 3.0)),
            ],
        ),
        case(
            None,
            "production stack on openai with 5 tries per call and 90 rpm",
            vec![
                Proposed,
                Valid,
                That("90 requests a minute", |o| rate(o, 90.0)),
                That("5 attempts", |o| attempts(o, 5.0)),
            ],
        ),
        case(
            OtelNone,
            "traces pipeline to tempo:4317, mem limit 2GiB, keep 15%",
            vec![
                Proposed,
                Valid,
                That("2048 MiB", |o| {
                    pipeline_uses(o, "traces", "processors", "/processors", |p| {
                        field_num(p, "limit_mib") == Some(2048.0)
                    })
                }),
                That("15 % kept", |o| {
                    pipeline_uses(o, "traces", "processors", "/processors", |p| {
                        field_num(p, "sampling_percentage") == Some(15.0)
                    })
                }),
            ],
        ),
        case(
            OtelNone,
            "tracing collector, sample 40 percent, memory cap 256 MB",
            vec![
                Proposed,
                Valid,
                That("256 MiB", |o| {
                    pipeline_uses(o, "traces", "processors", "/processors", |p| {
                        field_num(p, "limit_mib") == Some(256.0)
                    })
                }),
                That("40 % kept", |o| {
                    pipeline_uses(o, "traces", "processors", "/processors", |p| {
                        field_num(p, "sampling_percentage") == Some(40.0)
                    })
                }),
            ],
        ),
        case(
            None,
            "stack with dev, staging and prod environments: dev runs qwen2.5 on ollama, prod keeps 2% of traces",
            vec![
                Proposed,
                Valid,
                That("dev on qwen2.5", |o| mentions(o, "qwen2.5")),
                That("the base model stays gpt-4o", |o| {
                    any_of(o, "/models", |m| field_str(m, "name") == Some("gpt-4o"))
                }),
            ],
        ),
        case(
            None,
            "research team with gpt-4.1-mini for the researcher+writer, planner on gpt-4o-mini",
            vec![
                Proposed,
                Valid,
                That("the researcher and writer's model is gpt-4.1-mini", |o| {
                    any_of(o, "/models", |m| field_str(m, "name") == Some("gpt-4.1-mini"))
                }),
                That("the planner's is gpt-4o-mini", |o| {
                    any_of(o, "/models", |m| field_str(m, "name") == Some("gpt-4o-mini"))
                }),
            ],
        ),
        case(
            ActionsNone,
            "ci for a node project: yarn, node 18/22, on pushes to trunk",
            vec![
                Proposed,
                Valid,
                That("node 18 and 22", |o| {
                    [18, 22]
                        .iter()
                        .all(|n| holds_version(o, "/jobs/test/strategy/matrix/node", *n))
                }),
                That("not 20", |o| !holds_version(o, "/jobs/test/strategy/matrix/node", 20)),
                Holds("/on/push/branches", json!("trunk")),
            ],
        ),
        // What is never done, said as "we don't …", is a switch turned off; "a version
        // tag" says what the tags are, not a pattern `version`.
        case(
            ActionsNone,
            "release pipeline when we push a version tag, binary is called shipit, we never push container images",
            vec![
                Proposed,
                Valid,
                That("builds shipit", |o| any_job_runs(o, "--bin shipit")),
                Absent("/jobs/image"),
                Lacks("/on/push/tags", json!("version")),
                That("tags are a pattern", |o| {
                    o.after
                        .pointer("/on/push/tags")
                        .and_then(Value::as_array)
                        .is_some_and(|t| t.iter().any(|t| t.as_str().is_some_and(|t| t.contains('*'))))
                }),
            ],
        ),
        case(
            ActionsNone,
            "release workflow for binary relay, i don't know much about docker",
            vec![
                Proposed,
                Valid,
                That("builds relay", |o| any_job_runs(o, "--bin relay")),
                Present("/jobs/image"),
            ],
        ),
        // A share cannot be a memory limit: with only a percentage said, the memory limit
        // keeps its default.
        case(
            OtelNone,
            "traces collector with memory limiter, keep 30%",
            vec![
                Proposed,
                Valid,
                That("512 MiB, the default", |o| {
                    pipeline_uses(o, "traces", "processors", "/processors", |p| {
                        field_num(p, "limit_mib") == Some(512.0)
                    })
                }),
                That("30 % kept", |o| {
                    pipeline_uses(o, "traces", "processors", "/processors", |p| {
                        field_num(p, "sampling_percentage") == Some(30.0)
                    })
                }),
            ],
        ),
    ]
}

/// A rate limit middleware of `n` requests a minute.
fn rate(o: &Outcome, n: f64) -> bool {
    o.after
        .get("middleware")
        .and_then(Value::as_object)
        .is_some_and(|ms| {
            ms.values().any(|m| {
                field_str(m, "type") == Some("rate_limit")
                    && field_num(m, "requests_per_minute") == Some(n)
            })
        })
}

/// A retry middleware of `n` attempts.
fn attempts(o: &Outcome, n: f64) -> bool {
    o.after
        .get("middleware")
        .and_then(Value::as_object)
        .is_some_and(|ms| {
            ms.values().any(|m| {
                field_str(m, "type") == Some("retry") && field_num(m, "max_attempts") == Some(n)
            })
        })
}

#[test]
fn setup_values_by_unit_and_nearness_batch() {
    run_batch(
        "setup values by unit and nearness",
        setup_values_by_unit_and_nearness(),
    );
}

/// A setup said over several sentences, on an empty document ("i want a bot that answers
/// questions from my manuals. could you set that up? put the index in …"): one setup with
/// what every sentence says of it; a business named with "called" is the company; a
/// capitalised name is no word about errors ("Greenleaf Cycles"); separate orders stay
/// separate changes.
fn setups_over_several_sentences() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            None,
            "we're a tea store called Leaf Loft and want a support agent. it shouldn't discuss politics",
            vec![
                Proposed,
                Valid,
                That("speaks for Leaf Loft", |o| mentions(o, "Leaf Loft")),
                That("refuses politics", |o| mentions(o, "politics")),
            ],
        ),
        case(
            None,
            "our wiki has hundreds of pages. i want an assistant that answers questions from them, could you set that up? index in ./wiki-index",
            vec![
                Proposed,
                Valid,
                That("the index in ./wiki-index", |o| mentions(o, "./wiki-index")),
                That("a vector memory", |o| {
                    any_of(o, "/memory", |m| field_str(m, "type") == Some("vector"))
                }),
            ],
        ),
        case(
            None,
            "support bot for Broken Arrow Outfitters, messages up to 800 characters",
            vec![
                Proposed,
                Valid,
                That("speaks for Broken Arrow Outfitters", |o| {
                    mentions(o, "Broken Arrow Outfitters")
                }),
                That("messages capped at 800", |o| {
                    any_of(o, "/middleware", |m| {
                        field_num(m, "max_input_chars") == Some(800.0)
                    })
                }),
            ],
        ),
        // Two orders on an empty document are two changes, not a template.
        case(
            None,
            "add an openai provider. then add a model called chat on gpt-4o",
            vec![
                Proposed,
                Valid,
                Present("/providers/openai"),
                Is("/models/chat/name", json!("gpt-4o")),
                Absent("/middleware"),
                Absent("/agents"),
            ],
        ),
    ]
}

#[test]
fn setups_over_several_sentences_batch() {
    run_batch(
        "setups over several sentences",
        setups_over_several_sentences(),
    );
}

/// A request put as a yes/no question about what a component does ("could the nightly
/// run start at 5:30 instead?", "can every agent retry when a call fails?"), also after a
/// remark, where "they" is what the remark names ("replies are too short :( could they be
/// three times as long?"); a factor said as "N times as …" or "Nx"; a number written with
/// a thousands separator ("1,200").
fn requests_put_as_questions() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Nightly,
            "could the nightly run start at 5:30 instead?",
            vec![
                Proposed,
                Valid,
                That("runs at 5:30", |o| mentions(o, "30 5 * * *")),
            ],
        ),
        case(
            Flow,
            "could the tests also run for pull requests?",
            vec![Proposed, Valid, Present("/on/pull_request")],
        ),
        case(
            TplRag,
            "replies are too short :( could they be three times as long?",
            vec![
                Proposed,
                Valid,
                Is("/models/answer/max_tokens", json!(3072)),
            ],
        ),
        case(
            LocalOllama,
            "the model server is flaky. could every agent retry when a call fails?",
            vec![
                Proposed,
                Valid,
                That("every agent retries", |o| all_agents_have(o, "retry")),
            ],
        ),
        case(
            SupportDesk,
            "people paste huge texts. can we cap messages at 1,200 characters?",
            vec![
                Proposed,
                Valid,
                That("1200 characters", |o| {
                    any_of(o, "/middleware", |m| {
                        field_num(m, "max_input_chars") == Some(1200.0)
                    })
                }),
            ],
        ),
        case(
            SupportDesk,
            "limits: 3x the requests per minute",
            vec![
                Proposed,
                Valid,
                Is("/middleware/limits/requests_per_minute", json!(1800)),
            ],
        ),
        // "they" with nothing before it to name: no change.
        case(
            TplRag,
            "could they be twice as long?",
            vec![NoPatch(ReplyKind::Help)],
        ),
        // A field whose description says "keeps them forever" is not what "them" names.
        case(TplRag, "set them to 3", vec![NoPatch(ReplyKind::Help)]),
    ]
}

#[test]
fn requests_put_as_questions_batch() {
    run_batch("requests put as questions", requests_put_as_questions());
}

/// Errors said the way the editor shows them or by what they do: "underlined in red",
/// "names that don't exist", "refs that point nowhere", "values that are red … something
/// reasonable"; and what waits on a job said as what "is blocked if it fails".
fn errors_said_as_seen() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            ComposeTypos,
            "why is worker underlined in red?",
            vec![NoPatch(ReplyKind::Answer), Says(&["enviroment"])],
        ),
        case(
            OtelDangling,
            "which names in my pipeline don't exist?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["otlp/backend", "batch/2"]),
            ],
        ),
        case(
            OtelDangling,
            "could you clean up whatever points nowhere?",
            vec![
                Proposed,
                Valid,
                Holds("/service/pipelines/traces/exporters", json!("otlp/tempo")),
            ],
        ),
        case(
            OutOfRange,
            "some values are red, set them to something reasonable",
            vec![Proposed, Valid],
        ),
        case(
            CiNode,
            "what is blocked if the tests fail?",
            vec![NoPatch(ReplyKind::Answer), Says(&["build"])],
        ),
        // Asked of a valid document, "something reasonable" is no fix: which temperature?
        case(
            LocalOllama,
            "set the temperature to something reasonable",
            vec![NoPatch(ReplyKind::Clarify)],
        ),
    ]
}

#[test]
fn errors_said_as_seen_batch() {
    run_batch("errors said as seen", errors_said_as_seen());
}

/// Terse orders that used to land in the wrong place: a quoted name after the kind when
/// the new component is given to another ("add a redis memory 'scratch' to librarian"),
/// several values of one scope after a colon ("db healthcheck: retries 3, timeout 2s"),
/// and an environment first with a value ("staging rpm 400": staging's override, not the
/// base).
fn terse_orders_in_place() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            LocalOllama,
            "add a redis memory 'scratch' to librarian",
            vec![
                Proposed,
                Valid,
                Is("/memory/scratch/type", json!("redis")),
                Is("/agents/librarian/memory", json!("scratch")),
                Absent("/memory/redis"),
            ],
        ),
        case(
            WebStack,
            "db healthcheck: retries 3, timeout 2s",
            vec![
                Proposed,
                Valid,
                Is("/services/db/healthcheck/retries", json!(3)),
                Is("/services/db/healthcheck/timeout", json!("2s")),
            ],
        ),
        case(
            TplEnvironments,
            "staging rpm 400",
            vec![
                Proposed,
                Valid,
                That("staging's override", |o| {
                    num(
                        o,
                        "/environments/staging/overrides/middleware/rate_limit/requests_per_minute",
                    ) == Some(400.0)
                }),
                That("the base keeps its rate", |o| {
                    num(o, "/middleware/rate_limit/requests_per_minute") != Some(400.0)
                }),
            ],
        ),
    ]
}

#[test]
fn terse_orders_in_place_batch() {
    run_batch("terse orders in place", terse_orders_in_place());
}

/// Setup parameters said in shorthand: "ctx", "dims", "msgs" and "chars" for a
/// parameter's words, "X off" for a switch, "a/b" for a list of options, an example of
/// a name for a glob ("tags like build-42"), a duration across a comma that is no version
/// ("grafana, 14d retention"), and a setup named after a later verb ("…, make a CI that
/// …"). "on" in the middle of a clause switches nothing.
fn setup_shorthand() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            None,
            "llama.cpp server at http://192.168.1.20:8080/v1 with ctx 65536",
            vec![
                Proposed,
                Valid,
                That("a 65536-token context", |o| {
                    any_of(o, "/models", |m| {
                        field_num(m, "context_window") == Some(65536.0)
                    })
                }),
            ],
        ),
        case(
            None,
            "docs qa bot with text-embedding-3-large, 3072 dims",
            vec![
                Proposed,
                Valid,
                That("3072 dimensions", |o| {
                    any_of(o, "/memory", |m| field_num(m, "dimensions") == Some(3072.0))
                }),
            ],
        ),
        case(
            None,
            "support bot for Initech, chars max 800, pii filter off",
            vec![
                Proposed,
                Valid,
                That("personal data let through", |o| {
                    any_of(o, "/middleware", |m| {
                        m.get("block_pii") == Some(&json!(false))
                    })
                }),
                That("no topic called off", |o| !mentions(o, "\"off\"")),
            ],
        ),
        case(
            None,
            "support agent for Initech on gpt-4o with guardrails",
            vec![
                Proposed,
                Valid,
                That("personal data still blocked", |o| {
                    any_of(o, "/middleware", |m| {
                        m.get("block_pii") == Some(&json!(true))
                    })
                }),
            ],
        ),
        case(
            None,
            "i'd like a chatbot that works offline with mistral, keep the last 30 msgs",
            vec![
                Proposed,
                Valid,
                That("30 messages kept", |o| {
                    any_of(o, "/memory", |m| field_num(m, "max_messages") == Some(30.0))
                }),
                That("on mistral", |o| {
                    any_of(o, "/models", |m| field_str(m, "name") == Some("mistral"))
                }),
            ],
        ),
        case(
            ActionsNone,
            "ci for rust on ubuntu/windows",
            vec![
                Proposed,
                Valid,
                That("ubuntu and windows", |o| {
                    mentions(o, "ubuntu-latest")
                        && mentions(o, "windows-latest")
                        && !mentions(o, "macos-latest")
                }),
            ],
        ),
        case(
            ActionsNone,
            "release workflow whenever a tag like build-42 is pushed",
            vec![Proposed, Valid, Holds("/on/push/tags", json!("build-*"))],
        ),
        case(
            ActionsNone,
            "our app is node with yarn, can you make a CI that runs it on node 20 and 22?",
            vec![
                Proposed,
                Valid,
                That("node 20 and 22", |o| {
                    mentions(o, "yarn") && !mentions(o, "\"18\"")
                }),
                That("both versions", |o| {
                    o.after["jobs"].as_object().is_some_and(|jobs| {
                        jobs.values().any(|j| {
                            let m = &j["strategy"]["matrix"]["node"];
                            [20u64, 22].iter().all(|n| {
                                m.as_array().is_some_and(|l| {
                                    l.iter().any(|v| {
                                        v.as_u64() == Some(*n)
                                            || v.as_str() == Some(n.to_string().as_str())
                                    })
                                })
                            })
                        })
                    })
                }),
            ],
        ),
        case(
            ComposeNone,
            "monitoring with prometheus, 14d retention",
            vec![
                Proposed,
                Valid,
                That("kept 14 days", |o| mentions(o, "retention.time=14d")),
            ],
        ),
        case(
            ComposeNone,
            "grafana + prometheus, grafana 11.2.0, host metrics off",
            vec![
                Proposed,
                Valid,
                That("grafana 11.2.0", |o| mentions(o, "grafana/grafana:11.2.0")),
                That("no node exporter", |o| !mentions(o, "node-exporter")),
            ],
        ),
    ]
}

#[test]
fn setup_shorthand_batch() {
    run_batch("setup shorthand", setup_shorthand());
}

/// Whether a service's health check runs a command containing `part`.
fn check_runs(o: &Outcome, service: &str, part: &str) -> bool {
    o.get(&format!("/services/{service}/healthcheck/test"))
        .is_some_and(|t| t.to_string().contains(part))
}

/// Terse forms and plain questions: a field's own name as the verb ("cache depends_on
/// db"), an image moved between versions ("grafana 11.1.0 -> 11.3.0", "redis 7 to 8",
/// keeping its variant), a health check said with its command and how often it runs,
/// what is downstream or upstream of a job, and a rundown or recap of the document,
/// also after a remark.
fn terse_forms_and_questions() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            WebStack,
            "cache depends_on db",
            vec![
                Proposed,
                Valid,
                That("cache waits for db", |o| {
                    names(o, "/services/cache/depends_on", "db")
                }),
            ],
        ),
        case(
            TplMonitoring,
            "grafana 11.1.0 -> 11.3.0",
            vec![
                Proposed,
                Valid,
                Is("/services/grafana/image", json!("grafana/grafana:11.3.0")),
            ],
        ),
        case(
            TplWebApp,
            "redis 7 to 8",
            vec![
                Proposed,
                Valid,
                Is("/services/cache/image", json!("redis:8-alpine")),
            ],
        ),
        case(
            Web,
            "add a health check to web that runs `curl -f http://localhost/` every 30s",
            vec![
                Proposed,
                Valid,
                That("curls the site", |o| {
                    check_runs(o, "web", "curl -f http://localhost/")
                }),
                Is("/services/web/healthcheck/interval", json!("30s")),
            ],
        ),
        case(
            TplWebApp,
            "cache needs a healthcheck, redis-cli ping every 5 seconds works",
            vec![
                Proposed,
                Valid,
                That("pings redis", |o| check_runs(o, "cache", "redis-cli ping")),
                Is("/services/cache/healthcheck/interval", json!("5s")),
            ],
        ),
        case(
            Web,
            "give db a healthcheck with pg_isready -U postgres",
            vec![
                Proposed,
                Valid,
                That("the user stays postgres", |o| {
                    check_runs(o, "db", "pg_isready -U postgres")
                }),
            ],
        ),
        case(
            TplNodeCi,
            "anything downstream of lint?",
            vec![NoPatch(ReplyKind::Answer), Says(&["test", "build"])],
        ),
        case(
            TplNodeCi,
            "what's upstream of test?",
            vec![NoPatch(ReplyKind::Answer), Says(&["lint"])],
        ),
        case(
            OtelAgent,
            "quick rundown please",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["hostmetrics", "otlphttp/loki"]),
            ],
        ),
        case(
            SupportDesk,
            "my boss sent me this, can you do a recap of it?",
            vec![NoPatch(ReplyKind::Answer), Says(&["triage", "billing"])],
        ),
    ]
}

#[test]
fn terse_forms_and_questions_batch() {
    run_batch("terse forms and questions", terse_forms_and_questions());
}

/// Orders with their details said the short way: a field's own name for a value that
/// may also be `${ENV}` ("memory_limiter: halve spike_limit_mib"), a yes/no request with
/// a remark after its question mark (the remark does not pick what changes, and more of
/// the order after it is no remark), a quoted name with a colon after it, an order that
/// leaves out "it" ("…, attach to writer"), and a tool's command line with its
/// arguments.
fn details_said_short() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Gateway,
            "memory_limiter: halve spike_limit_mib",
            vec![
                Proposed,
                Valid,
                Is("/processors/memory_limiter/spike_limit_mib", json!(192)),
                Is("/processors/memory_limiter/limit_mib", json!(1536)),
            ],
        ),
        case(
            ResearchDesk,
            "could all agents get rate limited to 30 requests a minute? we're being throttled by openai",
            vec![
                Proposed,
                Valid,
                That("every agent is rate limited", |o| all_agents_have(o, "rate_limit")),
                That("at 30 a minute", |o| {
                    any_of(o, "/middleware", |m| {
                        field_num(m, "requests_per_minute") == Some(30.0)
                    })
                }),
                Is("/providers/openai/max_retries", json!(3)),
            ],
        ),
        case(
            LocalOllama,
            "could you add another agent called drafter? it should use the llama model",
            vec![
                Proposed,
                Valid,
                Is("/agents/drafter/model", json!("llama")),
            ],
        ),
        case(
            ResearchDesk,
            "new http tool `quotes`: GET https://api.quotes.example/today, attach to writer",
            vec![
                Proposed,
                Valid,
                Is("/tools/quotes/url", json!("https://api.quotes.example/today")),
                Holds("/agents/writer/tools", json!("quotes")),
            ],
        ),
        case(
            ResearchDesk,
            "add mcp tool jira (npx -y @acme/jira-mcp), planner gets it",
            vec![
                Proposed,
                Valid,
                Is("/tools/jira/command", json!("npx")),
                Is("/tools/jira/args", json!(["-y", "@acme/jira-mcp"])),
                Holds("/agents/planner/tools", json!("jira")),
            ],
        ),
        case(
            ResearchDesk,
            "add an mcp tool called git, launched with uvx mcp-server-git --repository ./repo",
            vec![
                Proposed,
                Valid,
                Is("/tools/git/command", json!("uvx")),
                Is(
                    "/tools/git/args",
                    json!(["mcp-server-git", "--repository", "./repo"]),
                ),
            ],
        ),
    ]
}

#[test]
fn details_said_short_batch() {
    run_batch("details said short", details_said_short());
}
