//! Whole classes of requests, each on several paraphrases: values nested below a
//! component's field, one item of a list taken out or put in, a model family the document
//! has no provider for, a template chosen by the provider the request names, and template
//! parameters said in common shapes. Judged by the resulting document.

use serde_json::json;

mod offline_support;

use offline_support::*;

fn nested_values() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Collector,
            "set the otlp grpc endpoint to 0.0.0.0:14317",
            vec![
                Proposed,
                Valid,
                Is(
                    "/receivers/otlp/protocols/grpc/endpoint",
                    json!("0.0.0.0:14317"),
                ),
            ],
        ),
        case(
            Collector,
            "change the grpc endpoint of the otlp receiver to 0.0.0.0:4319",
            vec![
                Proposed,
                Valid,
                Is(
                    "/receivers/otlp/protocols/grpc/endpoint",
                    json!("0.0.0.0:4319"),
                ),
            ],
        ),
        case(
            Collector,
            "otlp http endpoint should be 0.0.0.0:4318",
            vec![
                Proposed,
                Valid,
                Is(
                    "/receivers/otlp/protocols/http/endpoint",
                    json!("0.0.0.0:4318"),
                ),
            ],
        ),
        case(
            ResearchDesk,
            "set the writer's memory ttl to 600",
            vec![
                Proposed,
                Valid,
                That("the writer's memory ttl", |o| {
                    follow(o, "/agents/writer/memory", "memory").and_then(|m| m.get("ttl_s"))
                        == Some(&json!(600))
                }),
            ],
        ),
        case(
            ResearchDesk,
            "the researcher's memory ttl should be 1200",
            vec![
                Proposed,
                Valid,
                That("the researcher's memory ttl", |o| {
                    follow(o, "/agents/researcher/memory", "memory").and_then(|m| m.get("ttl_s"))
                        == Some(&json!(1200))
                }),
            ],
        ),
        case(
            Web,
            "set web's healthcheck interval to 10s",
            vec![
                Proposed,
                Valid,
                Is("/services/web/healthcheck/interval", json!("10s")),
            ],
        ),
        case(
            Web,
            "web healthcheck retries = 5",
            vec![
                Proposed,
                Valid,
                Is("/services/web/healthcheck/retries", json!(5)),
            ],
        ),
        case(
            Monitoring,
            "set grafana's memory limit to 1G",
            vec![
                Proposed,
                Valid,
                Is(
                    "/services/grafana/deploy/resources/limits/memory",
                    json!("1G"),
                ),
            ],
        ),
        case(
            Gateway,
            "turn off the vendor exporter's retries",
            vec![
                Proposed,
                Valid,
                Is(
                    "/exporters/otlp~1vendor/retry_on_failure/enabled",
                    json!(false),
                ),
            ],
        ),
        case(
            Gateway,
            "set the vendor exporter's num consumers to 8",
            vec![
                Proposed,
                Valid,
                Is(
                    "/exporters/otlp~1vendor/sending_queue/num_consumers",
                    json!(8),
                ),
            ],
        ),
        case(
            CiNode,
            "build should time out after 12 minutes",
            vec![
                Proposed,
                Valid,
                Is("/jobs/build/timeout-minutes", json!(12)),
            ],
        ),
        case(
            OtelAgent,
            "scrape hostmetrics every 45 seconds",
            vec![
                Proposed,
                Valid,
                Is("/receivers/hostmetrics/collection_interval", json!("45s")),
            ],
        ),
        case(
            Web,
            "cap web at 512M of memory",
            vec![
                Proposed,
                Valid,
                Is("/services/web/mem_limit", json!("512M")),
            ],
        ),
        case(
            ResearchDesk,
            "audit log level warn",
            vec![
                Proposed,
                Valid,
                Is("/middleware/audit_log/level", json!("warn")),
            ],
        ),
        case(
            ResearchDesk,
            "hand the notes memory to the planner",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/memory", json!("notes")),
            ],
        ),
        case(
            ResearchDesk,
            "give web search to the writer agent.",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/tools", json!("web_search")),
            ],
        ),
        // A component whose schema describes no fields: the key said, when it validates.
        case(
            Collector,
            "add a zipkin exporter with endpoint http://zipkin:9411/api/v2/spans and use it in the traces pipeline",
            vec![Proposed, Valid, Is("/exporters/zipkin/endpoint", json!("http://zipkin:9411/api/v2/spans"))],
        ),
        case(
            Web,
            "set web's memory limit to 1G",
            vec![Proposed, Valid, Is("/services/web/mem_limit", json!("1G"))],
        ),
    ]
}

fn list_items() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            SupportDesk,
            "remove the legal advice topic from safety",
            vec![
                Proposed,
                Valid,
                Lacks("/middleware/safety/denied_topics", json!("legal advice")),
                Holds("/middleware/safety/denied_topics", json!("medical advice")),
            ],
        ),
        case(
            SupportDesk,
            "drop medical advice from the denied topics",
            vec![
                Proposed,
                Valid,
                Lacks("/middleware/safety/denied_topics", json!("medical advice")),
                Holds("/middleware/safety/denied_topics", json!("legal advice")),
            ],
        ),
        case(
            WebStack,
            "remove 443:443 from the proxy ports",
            vec![
                Proposed,
                Valid,
                Lacks("/services/proxy/ports", json!("443:443")),
                Holds("/services/proxy/ports", json!("80:80")),
            ],
        ),
        case(
            WebStack,
            "drop port 443 from proxy",
            vec![
                Proposed,
                Valid,
                Lacks("/services/proxy/ports", json!("443:443")),
                Holds("/services/proxy/ports", json!("80:80")),
            ],
        ),
        case(
            CiNode,
            "drop node 18 from the matrix",
            vec![
                Proposed,
                Valid,
                Lacks("/jobs/test/strategy/matrix/node", json!(18)),
                Holds("/jobs/test/strategy/matrix/node", json!(20)),
            ],
        ),
        case(
            CiNode,
            "take 22 out of the node matrix",
            vec![
                Proposed,
                Valid,
                Lacks("/jobs/test/strategy/matrix/node", json!(22)),
                Holds("/jobs/test/strategy/matrix/node", json!(18)),
            ],
        ),
        case(
            SupportDesk,
            "add 'pii' to the blocked topics",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/safety/denied_topics", json!("pii")),
                Holds("/middleware/safety/denied_topics", json!("legal advice")),
            ],
        ),
        case(
            SupportDesk,
            "add tax advice to the denied topics of safety",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/safety/denied_topics", json!("tax advice")),
            ],
        ),
        case(
            SupportDesk,
            "add \"politics\" to safety's denied topics",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/safety/denied_topics", json!("politics")),
            ],
        ),
        case(
            SupportDesk,
            "safety should no longer block legal advice",
            vec![
                Proposed,
                Valid,
                Lacks("/middleware/safety/denied_topics", json!("legal advice")),
                Holds("/middleware/safety/denied_topics", json!("medical advice")),
            ],
        ),
        case(
            WebStack,
            "the proxy shouldn't publish 443 any more",
            vec![
                Proposed,
                Valid,
                Lacks("/services/proxy/ports", json!("443:443")),
                Holds("/services/proxy/ports", json!("80:80")),
            ],
        ),
        case(
            CiNode,
            "stop testing on node 22",
            vec![
                Proposed,
                Valid,
                Lacks("/jobs/test/strategy/matrix/node", json!(22)),
                Holds("/jobs/test/strategy/matrix/node", json!(18)),
            ],
        ),
        case(
            SupportDesk,
            "block 'weapons' in safety",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/safety/denied_topics", json!("weapons")),
            ],
        ),
        case(
            SupportDesk,
            "ban gambling",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/safety/denied_topics", json!("gambling")),
            ],
        ),
        case(
            CiNode,
            "add node 16 to the matrix of the test job",
            vec![
                Proposed,
                Valid,
                Holds("/jobs/test/strategy/matrix/node", json!(16)),
                Holds("/jobs/test/strategy/matrix/node", json!(22)),
            ],
        ),
        // Refused things are not let through by a negation of allowing.
        case(
            SupportDesk,
            "safety shouldn't allow legal advice",
            vec![That("legal advice still denied", |o| {
                o.get("/middleware/safety/denied_topics")
                    .and_then(|l| l.as_array())
                    .is_none_or(|l| l.contains(&json!("legal advice")))
            })],
        ),
        // A name of a component is no list item: the tool is disconnected as before.
        case(
            ResearchDesk,
            "remove arxiv from the researcher",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Present("/tools/arxiv"),
            ],
        ),
        // Refusing what is already refused: nothing is deleted (these once removed the
        // whole middleware, reading "shouldn't allow" as undoing a connection).
        case(
            SupportDesk,
            "safety shouldn't allow medical advice anymore",
            vec![
                Present("/middleware/safety"),
                Holds("/middleware/safety/denied_topics", json!("medical advice")),
                Holds("/middleware/safety/denied_topics", json!("legal advice")),
            ],
        ),
        case(
            SupportDesk,
            "the safety middleware should not allow legal advice",
            vec![
                Present("/middleware/safety"),
                Holds("/agents/triage/middleware", json!("safety")),
                Holds("/middleware/safety/denied_topics", json!("legal advice")),
            ],
        ),
        case(
            SupportDesk,
            "safety mustn't permit medical advice",
            vec![
                Present("/middleware/safety"),
                Holds("/middleware/safety/denied_topics", json!("medical advice")),
            ],
        ),
    ]
}

fn new_families() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            Mini,
            "can you make the assistant use claude?",
            vec![
                Proposed,
                Valid,
                That("assistant on claude", |o| {
                    agent_model_is(o, "assistant", "claude")
                }),
                That(
                    "an anthropic provider with its key from the environment",
                    |o| {
                        o.get("/providers/anthropic/api_key")
                            == Some(&json!("${ANTHROPIC_API_KEY}"))
                    },
                ),
            ],
        ),
        case(
            Mini,
            "assistant -> claude",
            vec![
                Proposed,
                Valid,
                That("assistant on claude", |o| {
                    agent_model_is(o, "assistant", "claude")
                }),
            ],
        ),
        case(
            Mini,
            "switch the assistant to the claude model",
            vec![
                Proposed,
                Valid,
                That("assistant on claude", |o| {
                    agent_model_is(o, "assistant", "claude")
                }),
            ],
        ),
        case(
            Mini,
            "make the assistant use ollama/llama3",
            vec![
                Proposed,
                Valid,
                That("assistant on llama3", |o| {
                    agent_model_is(o, "assistant", "llama3")
                }),
                Is("/providers/ollama/type", json!("ollama")),
            ],
        ),
        case(
            Mini,
            "switch the assistant to llama3",
            vec![
                Proposed,
                Valid,
                That("assistant on llama3", |o| {
                    agent_model_is(o, "assistant", "llama3")
                }),
            ],
        ),
        case(
            Mini,
            "switch the assistant to a new model named deep running claude-opus-4",
            vec![
                Proposed,
                Valid,
                Is("/agents/assistant/model", json!("deep")),
                Is("/models/deep/name", json!("claude-opus-4")),
            ],
        ),
        case(
            Mini,
            "have the assistant use a new model called quick on gpt-4o-mini",
            vec![
                Proposed,
                Valid,
                Is("/agents/assistant/model", json!("quick")),
                Is("/models/quick/name", json!("gpt-4o-mini")),
            ],
        ),
        // The document has a Claude model already: it is used, nothing is made.
        case(
            ResearchDesk,
            "make the researcher use claude",
            vec![
                Proposed,
                Valid,
                That("researcher on claude", |o| {
                    agent_model_is(o, "researcher", "claude")
                }),
                That("no new provider", |o| {
                    o.get("/providers")
                        .and_then(|p| p.as_object())
                        .map(|m| m.len())
                        == Some(2)
                }),
            ],
        ),
        case(
            ResearchDesk,
            "does the writer use claude?",
            vec![NoPatch(trellis_assist::offline::ReplyKind::Answer)],
        ),
    ]
}

fn templates() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            None,
            "Create a production setup with Anthropic please",
            vec![
                Proposed,
                Valid,
                Is("/providers/anthropic/type", json!("anthropic")),
            ],
        ),
        case(
            None,
            "a production setup with OpenAI",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/type", json!("openai")),
            ],
        ),
        case(
            ActionsNone,
            "release workflow for tags like v*",
            vec![Proposed, Valid, Is("/on/push/tags", json!(["v*"]))],
        ),
        case(
            ActionsNone,
            "rust ci on pushes to develop",
            vec![Proposed, Valid, Is("/on/push/branches", json!(["develop"]))],
        ),
        case(
            ActionsNone,
            "node ci that runs on pushes to trunk",
            vec![Proposed, Valid, Is("/on/push/branches", json!(["trunk"]))],
        ),
        case(
            OtelNone,
            "traces collector that samples 5% of traces",
            vec![
                Proposed,
                Valid,
                That("5 percent", |o| mentions(o, "\"sampling_percentage\":5")),
            ],
        ),
        case(
            OtelNone,
            "metrics pipeline for the dev environment",
            vec![Proposed, Valid, That("dev", |o| mentions(o, "\"dev\""))],
        ),
        case(
            OtelNone,
            "metrics collector scraping every 5 minutes",
            vec![
                Proposed,
                Valid,
                Is("/receivers/hostmetrics/collection_interval", json!("5m")),
            ],
        ),
    ]
}

#[test]
fn nested_values_batch() {
    run_batch("nested values", nested_values());
}

#[test]
fn list_items_batch() {
    run_batch("list items", list_items());
}

#[test]
fn new_families_batch() {
    run_batch("model families with nothing to serve them", new_families());
}

#[test]
fn templates_batch() {
    run_batch("templates by provider and parameter shapes", templates());
}
