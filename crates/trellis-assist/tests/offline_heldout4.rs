//! A fifth round of held-out requests for the offline engine: every intent on every pack,
//! in the styles people type (typos, terse, polite, questions that are edits, several
//! intents in one request, references by description, British spellings, mixed case,
//! trailing punctuation, synonyms such as "bump", "switch", "hook up", "get rid of",
//! "wire", "point X at Y"). Each batch was written before the engine was changed for it
//! and is judged by the document each proposal makes, never by the reply's wording.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// No patch, whatever kind of answer it is.
fn unchanged(o: &Outcome) -> bool {
    o.reply.patch.is_empty()
}

/// Whether a service's environment (map or list) sets `key`.
fn env_has(o: &Outcome, service: &str, key: &str) -> bool {
    match o.get(&format!("/services/{service}/environment")) {
        Some(Value::Object(m)) => m.contains_key(key),
        Some(Value::Array(a)) => a.iter().any(|v| {
            v.as_str()
                .is_some_and(|s| s.starts_with(&format!("{key}=")))
        }),
        _ => false,
    }
}

/// The first batch of this round: written before the engine was changed for it.
fn first_batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ------------------------------------------------------------ agent-stack: values
        case(
            ResearchDesk,
            "Set the Writer model temperature to 0.35.",
            vec![Proposed, Is("/models/writer/temperature", json!(0.35))],
        ),
        case(
            ResearchDesk,
            "could u bump smart's max_tokens to 6000",
            vec![Proposed, Is("/models/smart/max_tokens", json!(6000))],
        ),
        case(
            ResearchDesk,
            "reduce the planner's max iterations to 12",
            vec![Proposed, Is("/agents/planner/max_iterations", json!(12))],
        ),
        case(
            ResearchDesk,
            "set temperature to 0.4 on every model",
            vec![
                Proposed,
                Is("/models/fast/temperature", json!(0.4)),
                Is("/models/smart/temperature", json!(0.4)),
                Is("/models/writer/temperature", json!(0.4)),
            ],
        ),
        case(
            ResearchDesk,
            "increase the openai retries to 6",
            vec![Proposed, Is("/providers/openai/max_retries", json!(6))],
        ),
        case(
            ResearchDesk,
            "make the audit log level warn",
            vec![Proposed, Is("/middleware/audit_log/level", json!("warn"))],
        ),
        case(
            ResearchDesk,
            "set retry backoff to 1.5",
            vec![Proposed, Is("/middleware/retry/backoff_s", json!(1.5))],
        ),
        case(
            ResearchDesk,
            "set the notes memory max messages to 100",
            vec![Proposed, Is("/memory/notes/max_messages", json!(100))],
        ),
        case(
            ResearchDesk,
            "papers top_k -> 5",
            vec![Proposed, Is("/memory/papers/top_k", json!(5))],
        ),
        case(
            ResearchDesk,
            "make the smart model gpt-4.1",
            vec![Proposed, Valid, Is("/models/smart/name", json!("gpt-4.1"))],
        ),
        case(
            ResearchDesk,
            "switch the writer model to claude-3-5-haiku-latest",
            vec![
                Proposed,
                Valid,
                Is("/models/writer/name", json!("claude-3-5-haiku-latest")),
            ],
        ),
        case(
            ResearchDesk,
            "set the researcher's system prompt to \"Cite every source.\"",
            vec![
                Proposed,
                Is("/agents/researcher/system_prompt", json!("Cite every source.")),
            ],
        ),
        case(
            ResearchDesk,
            "set the fast model's temperature to zero",
            vec![Proposed, Is("/models/fast/temperature", json!(0))],
        ),
        case(
            ResearchDesk,
            "can you set the planner's max iterations to 25?",
            vec![Proposed, Is("/agents/planner/max_iterations", json!(25))],
        ),
        case(
            ResearchDesk,
            "chnage the smrt model temprature to 0.6",
            vec![Proposed, Is("/models/smart/temperature", json!(0.6))],
        ),
        case(
            ResearchDesk,
            "set the temperature of the anthropic model to 0.5",
            vec![Proposed, Is("/models/writer/temperature", json!(0.5))],
        ),
        case(
            ResearchDesk,
            "change the redis memory's ttl to 1 hour",
            vec![Proposed, Is("/memory/notes/ttl_s", json!(3600))],
        ),
        case(
            SupportDesk,
            "set the limits rpm to 300",
            vec![
                Proposed,
                Is("/middleware/limits/requests_per_minute", json!(300)),
            ],
        ),
        case(
            SupportDesk,
            "set the traces sample rate to 0.5",
            vec![Proposed, Is("/middleware/traces/sample_rate", json!(0.5))],
        ),
        case(
            SupportDesk,
            "change the azure api version to 2025-01-01",
            vec![
                Proposed,
                Valid,
                Is("/providers/azure/api_version", json!("2025-01-01")),
            ],
        ),
        case(
            SupportDesk,
            "set the agent model's top p to 0.8",
            vec![Proposed, Is("/models/agent/top_p", json!(0.8))],
        ),
        case(
            SupportDesk,
            "make the conversations memory keep 50 messages",
            vec![Proposed, Is("/memory/conversations/max_messages", json!(50))],
        ),
        case(
            SupportDesk,
            "set the mcp tool's url to https://mcp.example.com/mcp",
            vec![
                Proposed,
                Valid,
                Is("/tools/tickets/url", json!("https://mcp.example.com/mcp")),
            ],
        ),
        case(
            LocalOllama,
            "set llama's context window to 16384",
            vec![Proposed, Is("/models/llama/context_window", json!(16384))],
        ),
        case(
            LocalOllama,
            "swap the llama model to mistral",
            vec![Proposed, Valid, Is("/models/llama/name", json!("mistral"))],
        ),
        case(
            LocalOllama,
            "bump ollama timeout to 300",
            vec![Proposed, Is("/providers/ollama/timeout_s", json!(300))],
        ),
        case(
            LocalOllama,
            "make the sqlite memory keep 500 messages",
            vec![Proposed, Is("/memory/history/max_messages", json!(500))],
        ),
        case(
            Mini,
            "set chat temp=0.9",
            vec![Proposed, Is("/models/chat/temperature", json!(0.9))],
        ),
        case(
            Mini,
            "the assistant's system prompt should be \"Answer in French.\"",
            vec![
                Proposed,
                Is("/agents/assistant/system_prompt", json!("Answer in French.")),
            ],
        ),
        // ------------------------------------------------------------ agent-stack: connect
        case(
            ResearchDesk,
            "switch the planner over to the smart model",
            vec![Proposed, Valid, Is("/agents/planner/model", json!("smart"))],
        ),
        case(
            ResearchDesk,
            "point the writer agent at the fast model",
            vec![Proposed, Valid, Is("/agents/writer/model", json!("fast"))],
        ),
        case(
            ResearchDesk,
            "hook up the arxiv tool to the writer",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/tools", json!("arxiv")),
            ],
        ),
        case(
            ResearchDesk,
            "wire the notes memory into the researcher",
            vec![Proposed, Valid, Is("/agents/researcher/memory", json!("notes"))],
        ),
        case(
            ResearchDesk,
            "the researcher should use the notes memory instead of papers",
            vec![Proposed, Valid, Is("/agents/researcher/memory", json!("notes"))],
        ),
        case(
            ResearchDesk,
            "remove arxiv from the researcher's tools",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Present("/tools/arxiv"),
            ],
        ),
        case(
            ResearchDesk,
            "stop the planner from delegating to the writer",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/planner/delegates_to", json!("writer")),
                Present("/agents/writer"),
            ],
        ),
        case(
            ResearchDesk,
            "let the writer hand off to the researcher",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/delegates_to", json!("researcher")),
            ],
        ),
        case(
            ResearchDesk,
            "add guardrails to the planner and the writer",
            vec![
                Proposed,
                Valid,
                That("planner and writer guarded", |o| {
                    agent_has_middleware(o, "planner", "guardrails")
                        && agent_has_middleware(o, "writer", "guardrails")
                }),
            ],
        ),
        case(
            SupportDesk,
            "add retry middleware to the triage agent",
            vec![
                Proposed,
                Valid,
                That("triage retries", |o| {
                    agent_has_middleware(o, "triage", "retry")
                }),
            ],
        ),
        case(
            SupportDesk,
            "give the billing agent the tickets tool too",
            vec![
                Proposed,
                Valid,
                Holds("/agents/billing/tools", json!("tickets")),
            ],
        ),
        case(
            SupportDesk,
            "would you mind adding retries to billing?",
            vec![
                Proposed,
                Valid,
                That("billing retries", |o| {
                    agent_has_middleware(o, "billing", "retry")
                }),
            ],
        ),
        case(
            LocalOllama,
            "give chat the calc tool",
            vec![Proposed, Valid, Holds("/agents/chat/tools", json!("calc"))],
        ),
        case(
            LocalOllama,
            "ad the calc tool to chat",
            vec![Proposed, Valid, Holds("/agents/chat/tools", json!("calc"))],
        ),
        case(
            Mini,
            "Give the assistant a sqlite memory.",
            vec![
                Proposed,
                Valid,
                That("assistant on sqlite memory", |o| {
                    agent_memory_is(o, "assistant", "sqlite")
                }),
            ],
        ),
        // ------------------------------------------------------------ agent-stack: middleware
        case(
            ResearchDesk,
            "rate-limit every agent",
            vec![
                Proposed,
                Valid,
                That("all agents rate limited", |o| {
                    all_agents_have(o, "rate_limit")
                }),
            ],
        ),
        case(
            ResearchDesk,
            "Add retries to all the agents.",
            vec![
                Proposed,
                Valid,
                That("all agents retry", |o| all_agents_have(o, "retry")),
            ],
        ),
        case(
            SupportDesk,
            "remove the safety middleware from all agents",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/triage/middleware", json!("safety")),
                Lacks("/agents/billing/middleware", json!("safety")),
                Lacks("/agents/generalist/middleware", json!("safety")),
            ],
        ),
        case(
            Mini,
            "add a retry middleware to the assistant with 3 max attempts",
            vec![
                Proposed,
                Valid,
                That("assistant retries 3 times", |o| {
                    agent_has_middleware(o, "assistant", "retry")
                        && o.get("/middleware").and_then(Value::as_object).is_some_and(|m| {
                            m.values().any(|v| {
                                v["type"] == json!("retry") && v["max_attempts"] == json!(3)
                            })
                        })
                }),
            ],
        ),
        // ------------------------------------------------------------ agent-stack: add
        case(
            ResearchDesk,
            "add an agent called fact_checker using gpt-4o with the web search tool",
            vec![
                Proposed,
                Valid,
                That("fact_checker on gpt-4o", |o| {
                    agent_model_is(o, "fact_checker", "gpt-4o")
                }),
                Holds("/agents/fact_checker/tools", json!("web_search")),
            ],
        ),
        case(
            ResearchDesk,
            "new agent 'translator' on the writer model",
            vec![Proposed, Valid, Is("/agents/translator/model", json!("writer"))],
        ),
        case(
            ResearchDesk,
            "add a redis memory called cache_mem",
            vec![Proposed, Valid, Is("/memory/cache_mem/type", json!("redis"))],
        ),
        case(
            ResearchDesk,
            "add an anthropic model named opus using claude-opus-4",
            vec![
                Proposed,
                Valid,
                Is("/models/opus/provider", json!("anthropic")),
                Is("/models/opus/name", json!("claude-opus-4")),
            ],
        ),
        case(
            ResearchDesk,
            "add a tool called weather that calls https://api.weather.example/v1",
            vec![
                Proposed,
                Valid,
                Is("/tools/weather/url", json!("https://api.weather.example/v1")),
            ],
        ),
        case(
            ResearchDesk,
            "add a categoriser agent on the fast model",
            vec![Proposed, Valid, Is("/agents/categoriser/model", json!("fast"))],
        ),
        case(
            ResearchDesk,
            "add a moderator agent using the fast model with guardrails",
            vec![
                Proposed,
                Valid,
                Is("/agents/moderator/model", json!("fast")),
                That("moderator guarded", |o| {
                    agent_has_middleware(o, "moderator", "guardrails")
                }),
            ],
        ),
        case(
            LocalOllama,
            "add a coder agent on llama with the files tool",
            vec![
                Proposed,
                Valid,
                Is("/agents/coder/model", json!("llama")),
                Holds("/agents/coder/tools", json!("files")),
            ],
        ),
        case(
            Mini,
            "add an agent named helper that uses chat",
            vec![Proposed, Valid, Is("/agents/helper/model", json!("chat"))],
        ),
        case(
            Mini,
            "add a fallback model called backup using gpt-4o-mini",
            vec![Proposed, Valid, Is("/models/backup/name", json!("gpt-4o-mini"))],
        ),
        // ------------------------------------------------------------ agent-stack: remove, rename
        case(
            ResearchDesk,
            "get rid of the audit log middleware",
            vec![
                Proposed,
                Valid,
                Absent("/middleware/audit_log"),
                Lacks("/agents/planner/middleware", json!("audit_log")),
            ],
        ),
        case(
            ResearchDesk,
            "delete the writer agent",
            vec![
                Proposed,
                Valid,
                Absent("/agents/writer"),
                Present("/models/writer"),
                Lacks("/agents/planner/delegates_to", json!("writer")),
            ],
        ),
        case(
            ResearchDesk,
            "remove the http tool",
            vec![Proposed, Valid, Absent("/tools/arxiv"), Present("/tools/web_search")],
        ),
        case(
            SupportDesk,
            "delte the cahce middleware",
            vec![
                Proposed,
                Valid,
                Absent("/middleware/cache"),
                Lacks("/agents/triage/middleware", json!("cache")),
            ],
        ),
        case(
            ResearchDesk,
            "rename the 'papers' memory to 'paper_index'",
            vec![
                Proposed,
                Valid,
                Present("/memory/paper_index"),
                Absent("/memory/papers"),
                Is("/agents/researcher/memory", json!("paper_index")),
            ],
        ),
        case(
            ResearchDesk,
            "call the fast model 'cheap' instead",
            vec![
                Proposed,
                Valid,
                Present("/models/cheap"),
                Absent("/models/fast"),
                Is("/agents/planner/model", json!("cheap")),
            ],
        ),
        case(
            ResearchDesk,
            "RENAME THE PLANNER TO LEAD",
            vec![
                Proposed,
                Valid,
                Absent("/agents/planner"),
                That("lead agent", |o| {
                    o.get("/agents/lead").is_some() || o.get("/agents/LEAD").is_some()
                }),
            ],
        ),
        case(
            SupportDesk,
            "rename lookup_invoice to invoice_lookup",
            vec![
                Proposed,
                Valid,
                Present("/tools/invoice_lookup"),
                Holds("/agents/billing/tools", json!("invoice_lookup")),
            ],
        ),
        // ------------------------------------------------------------ agent-stack: questions
        case(
            ResearchDesk,
            "what would break if I removed the smart model?",
            vec![NoPatch(ReplyKind::Answer), Says(&["researcher"])],
        ),
        case(
            ResearchDesk,
            "what depends on web_search",
            vec![NoPatch(ReplyKind::Answer), Says(&["researcher"])],
        ),
        case(
            SupportDesk,
            "what uses the tickets tool",
            vec![NoPatch(ReplyKind::Answer), Says(&["generalist"])],
        ),
        case(
            LocalOllama,
            "who's using the nomic model",
            vec![NoPatch(ReplyKind::Answer), Says(&["notes_index"])],
        ),
        case(
            ResearchDesk,
            "explain this configuration",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            ResearchDesk,
            "Give me a quick summary of what this stack does.",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            ResearchDesk,
            "whats the model behind the planner",
            vec![NoPatch(ReplyKind::Answer), Says(&["fast"])],
        ),
        case(
            ResearchDesk,
            "which tools does the researcher have access to",
            vec![NoPatch(ReplyKind::Answer), Says(&["arxiv"])],
        ),
        case(
            ResearchDesk,
            "is my config valid?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        // ------------------------------------------------------------ errors
        case(
            Dangling,
            "fix the dangling references pls",
            vec![Proposed, ErrorsBelow(2)],
        ),
        case(EnumTypos, "fix the typos", vec![Proposed, Valid]),
        case(
            OutOfRange,
            "fix the out of range values",
            vec![Proposed, ErrorsBelow(3)],
        ),
        case(
            ConditionalRequired,
            "explain the errors",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            YamlTypes,
            "can you fix the type errors?",
            vec![Proposed, ErrorsBelow(2)],
        ),
        case(
            MissingModel,
            "what's wrong with the writer agent?",
            vec![NoPatch(ReplyKind::Answer), Says(&["model"])],
        ),
        case(Cycle, "why is there a cycle", vec![NoPatch(ReplyKind::Answer)]),
        case(ComposeTypos, "fix the misspelled keys", vec![Proposed, Valid]),
        case(ComposeDangling, "fix the broken refs", vec![Proposed, ErrorsBelow(3)]),
        case(DanglingNeeds, "fix the needs", vec![Proposed, ErrorsBelow(2)]),
        // ------------------------------------------------------------ templates
        case(
            None,
            "set me up a production config using openai pls",
            vec![Proposed, Valid, That("openai", |o| mentions(o, "openai"))],
        ),
        case(
            None,
            "Local ollama setup with phi3",
            vec![Proposed, Valid, That("phi3", |o| mentions(o, "phi3"))],
        ),
        case(
            None,
            "retrieval augmented generation setup with openai",
            vec![Proposed, Valid, That("vector memory", |o| mentions(o, "vector"))],
        ),
        case(
            None,
            "a customer support bot with guardrails for Acme",
            vec![Proposed, Valid, That("Acme", |o| mentions(o, "Acme"))],
        ),
        case(
            None,
            "production setup with openai and gpt-4.1 as the main model",
            vec![Proposed, Valid, That("gpt-4.1", |o| mentions(o, "\"gpt-4.1\""))],
        ),
        case(
            None,
            "create a setup with dev, staging and prod environments",
            vec![Proposed, Valid, Present("/environments")],
        ),
        case(None, "make a code review bot", vec![Proposed, Valid]),
        case(
            None,
            "create a self-hosted setup with vllm at http://gpu-box:8000/v1",
            vec![Proposed, Valid, That("gpu-box", |o| mentions(o, "gpu-box"))],
        ),
        case(
            ComposeNone,
            "create a monitoring stack with grafana 11.2.0",
            vec![Proposed, Valid, That("11.2.0", |o| mentions(o, "11.2.0"))],
        ),
        case(
            ComposeNone,
            "reverse proxy for example.com",
            vec![Proposed, Valid, That("example.com", |o| mentions(o, "example.com"))],
        ),
        case(
            ActionsNone,
            "create a rust CI on the develop branch",
            vec![Proposed, Valid, That("develop", |o| mentions(o, "develop"))],
        ),
        case(
            ActionsNone,
            "release workflow for version tags",
            vec![Proposed, Valid],
        ),
        case(
            OtelNone,
            "traces collector on grpc port 14317",
            vec![Proposed, Valid, That("14317", |o| mentions(o, "14317"))],
        ),
        case(
            OtelNone,
            "Metrics pipeline that scrapes every 15s",
            vec![Proposed, Valid, That("15s", |o| mentions(o, "15s"))],
        ),
        // ------------------------------------------------------------ docker-compose
        case(
            Web,
            "open port 8081 on web",
            vec![
                Proposed,
                Valid,
                That("8081 published", |o| list_has(o, "/services/web/ports", "8081")),
            ],
        ),
        case(Web, "get rid of db", vec![Proposed, Valid, Absent("/services/db")]),
        case(
            Web,
            "hook web up to db",
            vec![
                Proposed,
                Valid,
                That("web depends on db", |o| {
                    names(o, "/services/web/depends_on", "db")
                }),
            ],
        ),
        case(
            Web,
            "Set the restart policy for web to always",
            vec![Proposed, Is("/services/web/restart", json!("always"))],
        ),
        case(
            Web,
            "add a redis cache service named cache",
            vec![
                Proposed,
                Valid,
                That("redis image", |o| {
                    o.get("/services/cache/image")
                        .and_then(Value::as_str)
                        .is_some_and(|i| i.contains("redis"))
                }),
            ],
        ),
        case(
            Web,
            "upgrade nginx to 1.29",
            vec![Proposed, Valid, Is("/services/web/image", json!("nginx:1.29"))],
        ),
        case(
            Web,
            "add TZ=Europe/London to both services",
            vec![
                Proposed,
                Valid,
                That("TZ on web and db", |o| env_has(o, "web", "TZ") && env_has(o, "db", "TZ")),
            ],
        ),
        case(
            Web,
            "exopse port 9000 on web",
            vec![
                Proposed,
                Valid,
                That("9000 published", |o| list_has(o, "/services/web/ports", "9000")),
            ],
        ),
        case(
            Web,
            "could you make db restart always?",
            vec![Proposed, Is("/services/db/restart", json!("always"))],
        ),
        case(
            Web,
            "add a redis service and make web depend on it",
            vec![
                Proposed,
                Valid,
                Present("/services/redis"),
                That("web depends on redis", |o| {
                    names(o, "/services/web/depends_on", "redis")
                }),
            ],
        ),
        case(
            WebStack,
            "what breaks if I remove cache?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            WebStack,
            "rename the cache service to redis",
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
            WebStack,
            "change the redis image to redis:7.4-alpine",
            vec![Proposed, Valid, Is("/services/cache/image", json!("redis:7.4-alpine"))],
        ),
        case(
            WebStack,
            "describe the compose file",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            WebStack,
            "which services does the api need",
            vec![NoPatch(ReplyKind::Answer), Says(&["db", "cache"])],
        ),
        case(
            Monitoring,
            "make grafana depend on node-exporter too",
            vec![
                Proposed,
                Valid,
                That("grafana depends on both", |o| {
                    names(o, "/services/grafana/depends_on", "node-exporter")
                        && names(o, "/services/grafana/depends_on", "prometheus")
                }),
            ],
        ),
        case(
            Monitoring,
            "bump prometheus to v2.55.1",
            vec![
                Proposed,
                Valid,
                Is("/services/prometheus/image", json!("prom/prometheus:v2.55.1")),
            ],
        ),
        case(
            Monitoring,
            "set cadvisor's restart policy to always",
            vec![Proposed, Is("/services/cadvisor/restart", json!("always"))],
        ),
        // ------------------------------------------------------------ github-actions
        case(
            CiNode,
            "make lint run on windows-latest",
            vec![Proposed, Valid, Is("/jobs/lint/runs-on", json!("windows-latest"))],
        ),
        case(
            CiNode,
            "raise the test job's timeout to 45 minutes",
            vec![Proposed, Is("/jobs/test/timeout-minutes", json!(45))],
        ),
        case(
            CiNode,
            "add a job called docs that runs npm run docs",
            vec![
                Proposed,
                Valid,
                That("docs runs npm run docs", |o| runs(o, "docs", "npm run docs")),
            ],
        ),
        case(
            CiNode,
            "get rid of the lint job",
            vec![
                Proposed,
                Valid,
                Absent("/jobs/lint"),
                That("build no longer needs lint", |o| {
                    !names(o, "/jobs/build/needs", "lint")
                }),
            ],
        ),
        case(
            CiNode,
            "build shouldn't need lint anymore",
            vec![
                Proposed,
                Valid,
                Present("/jobs/lint"),
                That("build no longer needs lint", |o| {
                    !names(o, "/jobs/build/needs", "lint") && names(o, "/jobs/build/needs", "test")
                }),
            ],
        ),
        case(
            CiNode,
            "rename lint to check and make test need it",
            vec![
                Proposed,
                Valid,
                Present("/jobs/check"),
                That("test needs check", |o| names(o, "/jobs/test/needs", "check")),
            ],
        ),
        case(
            CiNode,
            "renmae build to package",
            vec![Proposed, Valid, Present("/jobs/package"), Absent("/jobs/build")],
        ),
        case(
            CiNode,
            "describe the workflow",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            Flow,
            "add a step to build that runs cargo fmt --check",
            vec![
                Proposed,
                Valid,
                That("runs cargo fmt", |o| runs(o, "build", "cargo fmt --check")),
            ],
        ),
        case(
            Flow,
            "add a deploy job that runs ./deploy.sh and needs build",
            vec![
                Proposed,
                Valid,
                That("deploy runs deploy.sh", |o| runs(o, "deploy", "./deploy.sh")),
                That("deploy needs build", |o| names(o, "/jobs/deploy/needs", "build")),
            ],
        ),
        case(
            Flow,
            "set the build timeout to 20 mins",
            vec![Proposed, Is("/jobs/build/timeout-minutes", json!(20))],
        ),
        case(
            Nightly,
            "what happens if I delete e2e?",
            vec![NoPatch(ReplyKind::Answer), Says(&["deploy-staging"])],
        ),
        case(
            Nightly,
            "rename e2e to end-to-end",
            vec![
                Proposed,
                Valid,
                Present("/jobs/end-to-end"),
                That("deploy-staging needs end-to-end", |o| {
                    names(o, "/jobs/deploy-staging/needs", "end-to-end")
                }),
            ],
        ),
        // ------------------------------------------------------------ otel-collector
        case(
            Gateway,
            "take the debug exporter out of the logs pipeline",
            vec![
                Proposed,
                Valid,
                Lacks("/service/pipelines/logs/exporters", json!("debug")),
            ],
        ),
        case(
            Gateway,
            "set memory_limiter's limit_mib to 2048",
            vec![Proposed, Is("/processors/memory_limiter/limit_mib", json!(2048))],
        ),
        case(
            Collector,
            "hook a batch processor into traces",
            vec![
                Proposed,
                Valid,
                Present("/processors/batch"),
                Holds("/service/pipelines/traces/processors", json!("batch")),
            ],
        ),
        case(
            Gateway,
            "remove pprof from the extensions",
            vec![
                Proposed,
                Valid,
                Absent("/extensions/pprof"),
                Lacks("/service/extensions", json!("pprof")),
            ],
        ),
        case(
            OtelAgent,
            "set the hostmetrics interval to 10s",
            vec![
                Proposed,
                Is("/receivers/hostmetrics/collection_interval", json!("10s")),
            ],
        ),
        case(
            Gateway,
            "what does the traces pipeline use",
            vec![NoPatch(ReplyKind::Answer), Says(&["otlp"])],
        ),
        case(
            Gateway,
            "rename the debug exporter to console",
            vec![
                Proposed,
                Valid,
                Present("/exporters/console"),
                Holds("/service/pipelines/logs/exporters", json!("console")),
            ],
        ),
        case(
            Collector,
            "add a zipkin receiver",
            vec![Proposed, Valid, Present("/receivers/zipkin")],
        ),
        case(
            Gateway,
            "drop pprof and zpages",
            vec![
                Proposed,
                Valid,
                Absent("/extensions/pprof"),
                Absent("/extensions/zpages"),
            ],
        ),
        // ------------------------------------------------------------ several intents
        case(
            ResearchDesk,
            "add rate limiting to all agents and set the smart temperature to 0.5",
            vec![
                Proposed,
                Valid,
                That("all agents rate limited", |o| {
                    all_agents_have(o, "rate_limit")
                }),
                Is("/models/smart/temperature", json!(0.5)),
            ],
        ),
        case(
            ResearchDesk,
            "rename the writer agent to author then give author the web search tool",
            vec![
                Proposed,
                Valid,
                Present("/agents/author"),
                Holds("/agents/author/tools", json!("web_search")),
            ],
        ),
        case(
            ResearchDesk,
            "add a critic agent on the smart model, give it web search and let the planner delegate to it",
            vec![
                Proposed,
                Valid,
                Is("/agents/critic/model", json!("smart")),
                Holds("/agents/critic/tools", json!("web_search")),
                Holds("/agents/planner/delegates_to", json!("critic")),
            ],
        ),
        case(
            SupportDesk,
            "remove the refund tool and give billing the tickets tool",
            vec![
                Proposed,
                Valid,
                Absent("/tools/refund"),
                Holds("/agents/billing/tools", json!("tickets")),
            ],
        ),
        // ------------------------------------------------------------ not understood
        case(
            ResearchDesk,
            "make everything faster",
            vec![That("no patch", unchanged)],
        ),
        case(
            ResearchDesk,
            "what's the weather in London?",
            vec![That("no patch", unchanged)],
        ),
        case(Web, "deploy this to kubernetes", vec![That("no patch", unchanged)]),
        case(ResearchDesk, "set it to 0.5", vec![That("no patch", unchanged)]),
    ]
}

/// Requests of the first batch that did not give the intended result, by their text: the
/// batch's test runs the others and the ignored test runs these, so no miss is hidden. A
/// request leaves this list when the engine gets it right.
const FIRST_BATCH_MISSES: &[&str] =
    &["add a retry middleware to the assistant with 3 max attempts"];

/// The cases whose request is (`true`) or is not (`false`) in `misses`; every entry of
/// `misses` must name a case.
fn partition(cases: Vec<Case>, misses: &[&str], missed: bool) -> Vec<Case> {
    for m in misses {
        assert!(
            cases.iter().any(|c| c.request == *m),
            "{m:?} is listed as a miss but is no request of the batch"
        );
    }
    cases
        .into_iter()
        .filter(|c| misses.contains(&c.request) == missed)
        .collect()
}

#[test]
fn fifth_held_out_batch() {
    let cases = first_batch();
    assert!(cases.len() >= 100, "at least 100 requests");
    run_batch(
        "fifth held-out batch",
        partition(cases, FIRST_BATCH_MISSES, false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn fifth_held_out_batch_known_gaps() {
    run_batch(
        "fifth held-out batch, known gaps",
        partition(first_batch(), FIRST_BATCH_MISSES, true),
    );
}
