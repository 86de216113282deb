//! The offline engine on realistic requests, judged by the document each proposal makes
//! (the patch applied with `trellis_diff::apply_patch`, values read at pointers, the
//! result validated), and questions by the facts in the answer with no patch. Every
//! proposal is also checked to be the same change as its designer edits applied to a
//! `trellis_core::Document`, and to add no validation error.

use serde_json::json;
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

fn cases() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ---------------------------------------------------------------- templates
        case(None, "Create a production setup with OpenAI", vec![
            Proposed, Valid,
            Is("/providers/openai/type", json!("openai")),
            Is("/middleware/rate_limit/type", json!("rate_limit")),
            Holds("/agents/assistant/middleware", json!("rate_limit")),
        ]),
        case(None, "a local setup with ollama and llama3", vec![
            Proposed, Valid,
            Is("/providers/ollama/type", json!("ollama")),
            Is("/models/local/name", json!("llama3")),
        ]),
        case(None, "Creat a prodution setup with OpenAI", vec![
            Proposed, Valid,
            Is("/providers/openai/type", json!("openai")),
            Present("/middleware/tracing"),
        ]),
        case(None, "set up a local ollama stack using mistral called notes-bot", vec![
            Proposed, Valid,
            Is("/name", json!("notes-bot")),
            Is("/models/local/name", json!("mistral")),
        ]),
        case(None, "build me a production stack on openai with gpt-4.1 and a limit of 200 requests per minute", vec![
            Proposed, Valid,
            Is("/models/chat/name", json!("gpt-4.1")),
            Is("/middleware/rate_limit/requests_per_minute", json!(200)),
        ]),
        case(None, "I need a multi-agent research team with a reviewer", vec![
            Proposed, Valid,
            Present("/agents/planner"),
            Present("/agents/reviewer"),
        ]),
        case(None, "create a research team without a reviewer", vec![
            Proposed, Valid,
            Present("/agents/researcher"),
            Absent("/agents/reviewer"),
        ]),
        case(None, "create a customer support bot with guardrails", vec![
            Proposed, Valid,
            Is("/middleware/guardrails/type", json!("guardrails")),
        ]),
        case(None, "new setup with claude", vec![
            Proposed, Valid,
            Is("/providers/anthropic/type", json!("anthropic")),
        ]),
        case(None, "create a RAG setup over my documents", vec![
            Proposed, Valid,
            Is("/memory/knowledge/type", json!("vector")),
        ]),
        case(Mini, "create a production setup with OpenAI", vec![
            Proposed, Valid,
            Present("/middleware/retry"),
            Is("/name", json!("mini")),
            Is("/agents/assistant/model", json!("chat")),
            Holds("/agents/assistant/middleware", json!("rate_limit")),
            Present("/models/fast"),
        ]),
        case(ComposeNone, "create a web app with postgres and redis", vec![
            Proposed, Valid,
            Present("/services/app"),
            Present("/services/db"),
            Present("/services/cache"),
        ]),
        case(ComposeNone, "set up monitoring with prometheus and grafana, no node exporter", vec![
            Proposed, Valid,
            Present("/services/prometheus"),
            Present("/services/grafana"),
            Absent("/services/node-exporter"),
        ]),
        // ---------------------------------------------------------------- adding components
        case(Mini, "add a researcher agent using gpt-4o that can search the web, with redis memory", vec![
            Proposed, Valid,
            That("the researcher runs on a gpt-4o model", |o| {
                follow(o, "/agents/researcher/model", "models")
                    .is_some_and(|m| m["name"] == "gpt-4o" && m["provider"] == "openai")
            }),
            That("the researcher can search the web", |o| {
                names_one(o, "/agents/researcher/tools", "tools", |t| t["name"] == "web_search")
            }),
            That("the researcher has redis memory", |o| {
                follow(o, "/agents/researcher/memory", "memory").is_some_and(|m| m["type"] == "redis")
            }),
        ]),
        case(Mini, "pls add a researcher agnet usng gpt-4o with redis memroy", vec![
            Proposed, Valid,
            That("the researcher runs on a gpt-4o model", |o| {
                follow(o, "/agents/researcher/model", "models").is_some_and(|m| m["name"] == "gpt-4o")
            }),
            That("the researcher has redis memory", |o| {
                follow(o, "/agents/researcher/memory", "memory").is_some_and(|m| m["type"] == "redis")
            }),
        ]),
        case(ResearchDesk, "add a redis memory called cache_store", vec![
            Proposed, Valid,
            Is("/memory/cache_store/type", json!("redis")),
            Present("/memory/cache_store/url"),
        ]),
        case(ResearchDesk, "create a new tool for web browsing", vec![
            Proposed, Valid,
            That("a builtin web_browser tool exists", |o| {
                o.after["tools"].as_object().is_some_and(|t| {
                    t.values().any(|x| x["type"] == "builtin" && x["name"] == "web_browser")
                })
            }),
        ]),
        case(LocalOllama, "add an openai provider", vec![
            Proposed, Valid,
            Is("/providers/openai/type", json!("openai")),
            Is("/providers/openai/api_key", json!("${OPENAI_API_KEY}")),
        ]),
        case(Mini, "add a model called big using gpt-4o", vec![
            Proposed, Valid,
            Is("/models/big/name", json!("gpt-4o")),
            Is("/models/big/provider", json!("openai")),
        ]),
        case(Mini, "add a model claude-sonnet-4 called writer", vec![
            Proposed, Valid,
            Is("/models/writer/name", json!("claude-sonnet-4")),
            That("an anthropic provider serves it", |o| {
                follow(o, "/models/writer/provider", "providers").is_some_and(|p| p["type"] == "anthropic")
            }),
        ]),
        case(ResearchDesk, "add a calculator tool to the researcher", vec![
            Proposed, Valid,
            That("the researcher has a calculator", |o| {
                names_one(o, "/agents/researcher/tools", "tools", |t| t["name"] == "calculator")
            }),
            Holds("/agents/researcher/tools", json!("arxiv")),
        ]),
        case(ResearchDesk, "add an agent named critic that delegates to the writer", vec![
            Proposed, Valid,
            Holds("/agents/critic/delegates_to", json!("writer")),
            Present("/agents/critic/model"),
        ]),
        case(Mini, "add an agent called summarizer with temperature 0.2 and max iterations 3", vec![
            Proposed, Valid,
            Is("/agents/summarizer/temperature", json!(0.2)),
            Is("/agents/summarizer/max_iterations", json!(3)),
            Is("/agents/summarizer/model", json!("chat")),
        ]),
        case(WebStack, "add a service called worker with image ghcr.io/acme/worker:1.0", vec![
            Proposed, Valid,
            Is("/services/worker/image", json!("ghcr.io/acme/worker:1.0")),
        ]),
        case(WebStack, "add a new redis service", vec![
            Proposed, Valid,
            Present("/services/redis"),
        ]),
        // ---------------------------------------------------------------- across components
        case(ResearchDesk, "add rate limiting to all agents", vec![
            Proposed, Valid,
            Is("/middleware/rate_limit/type", json!("rate_limit")),
            Holds("/agents/planner/middleware", json!("rate_limit")),
            Holds("/agents/researcher/middleware", json!("rate_limit")),
            Holds("/agents/writer/middleware", json!("rate_limit")),
        ]),
        case(SupportDesk, "add retries to every agent", vec![
            Proposed, Valid,
            That("every agent has a retry middleware", |o| {
                ["triage", "billing", "generalist"].iter().all(|a| {
                    names_one(o, &format!("/agents/{a}/middleware"), "middleware", |m| m["type"] == "retry")
                })
            }),
        ]),
        case(ResearchDesk, "apply caching to all the agents", vec![
            Proposed, Valid,
            That("every agent has a cache", |o| {
                ["planner", "researcher", "writer"].iter().all(|a| {
                    names_one(o, &format!("/agents/{a}/middleware"), "middleware", |m| m["type"] == "cache")
                })
            }),
        ]),
        case(ResearchDesk, "put tracing on the planner and the researcher", vec![
            Proposed, Valid,
            That("planner and researcher are traced, the writer not", |o| {
                let traced = |a: &str| names_one(o, &format!("/agents/{a}/middleware"), "middleware", |m| m["type"] == "tracing");
                traced("planner") && traced("researcher") && !traced("writer")
            }),
        ]),
        case(ResearchDesk, "add rate limiting of 120 requests per minute to all agents", vec![
            Proposed, Valid,
            Is("/middleware/rate_limit/requests_per_minute", json!(120)),
            Holds("/agents/writer/middleware", json!("rate_limit")),
        ]),
        case(ResearchDesk, "add the audit_log middleware to the researcher", vec![
            Proposed, Valid,
            Holds("/agents/researcher/middleware", json!("audit_log")),
            Holds("/agents/researcher/middleware", json!("retry")),
        ]),
        case(SupportDesk, "add rate limiting to all agents", vec![
            Proposed, Valid,
            Holds("/agents/billing/middleware", json!("limits")),
            Holds("/agents/generalist/middleware", json!("limits")),
            Absent("/middleware/rate_limit"),
        ]),
        // ---------------------------------------------------------------- setting values
        case(ResearchDesk, "set the writer model's temperature to 0.3", vec![
            Proposed, Valid,
            Is("/models/writer/temperature", json!(0.3)),
            Absent("/agents/writer/temperature"),
        ]),
        case(ResearchDesk, "change temperature of writer to 0.5", vec![
            Proposed, Valid,
            Is("/models/writer/temperature", json!(0.5)),
        ]),
        case(ResearchDesk, "set the temprature of the smart model to 1.2", vec![
            Proposed, Valid,
            Is("/models/smart/temperature", json!(1.2)),
        ]),
        case(ResearchDesk, "make the planner's max iterations 30", vec![
            Proposed, Valid,
            Is("/agents/planner/max_iterations", json!(30)),
        ]),
        case(ResearchDesk, "set max tokens to 2048 on the smart model", vec![
            Proposed, Valid,
            Is("/models/smart/max_tokens", json!(2048)),
        ]),
        case(ResearchDesk, "set temperature to 0.2 for all models", vec![
            Proposed, Valid,
            Is("/models/fast/temperature", json!(0.2)),
            Is("/models/smart/temperature", json!(0.2)),
            Is("/models/writer/temperature", json!(0.2)),
            Is("/models/embeddings/temperature", json!(0.2)),
        ]),
        case(ResearchDesk, "increase the timeout of the openai provider to 90 seconds", vec![
            Proposed, Valid,
            Is("/providers/openai/timeout_s", json!(90)),
        ]),
        case(ResearchDesk, "set the temperature of the writer model to 5", vec![
            NoPatch(ReplyKind::Refused),
            Says(&["between 0 and 2"]),
        ]),
        case(ResearchDesk, "change the log level of audit_log to debug", vec![
            Proposed, Valid,
            Is("/middleware/audit_log/level", json!("debug")),
        ]),
        case(ResearchDesk, "set the stack name to deep-research", vec![
            Proposed, Valid,
            Is("/name", json!("deep-research")),
        ]),
        case(ResearchDesk, "switch the writer agent to the smart model", vec![
            Proposed, Valid,
            Is("/agents/writer/model", json!("smart")),
            Present("/models/writer"),
        ]),
        case(ResearchDesk, "set the writer's model to fast", vec![
            Proposed, Valid,
            Is("/agents/writer/model", json!("fast")),
        ]),
        case(ResearchDesk, "turn on prompt logging for audit_log", vec![
            Proposed, Valid,
            Is("/middleware/audit_log/log_prompts", json!(true)),
        ]),
        case(SupportDesk, "disable pii blocking on the safety middleware", vec![
            Proposed, Valid,
            Is("/middleware/safety/block_pii", json!(false)),
        ]),
        case(ResearchDesk, "set the system prompt of the writer agent to 'Write short reports.'", vec![
            Proposed, Valid,
            Is("/agents/writer/system_prompt", json!("Write short reports.")),
        ]),
        case(SupportDesk, "lower the sample rate of traces to 0.1", vec![
            Proposed, Valid,
            Is("/middleware/traces/sample_rate", json!(0.1)),
        ]),
        case(WebStack, "set the image of the cache service to redis:7.2", vec![
            Proposed, Valid,
            Is("/services/cache/image", json!("redis:7.2")),
        ]),
        // ---------------------------------------------------------------- connecting
        case(ResearchDesk, "let the writer use the web search tool", vec![
            Proposed, Valid,
            Holds("/agents/writer/tools", json!("web_search")),
        ]),
        case(LocalOllama, "make the librarian delegate to chat", vec![
            Proposed, Valid,
            Holds("/agents/librarian/delegates_to", json!("chat")),
        ]),
        case(ResearchDesk, "give the researcher access to the notes memory", vec![
            Proposed, Valid,
            Is("/agents/researcher/memory", json!("notes")),
        ]),
        case(ResearchDesk, "use gpt-4o for the writer", vec![
            Proposed, Valid,
            Is("/agents/writer/model", json!("smart")),
        ]),
        case(LocalOllama, "connect the chat agent to the files tool", vec![
            Proposed, Valid,
            Holds("/agents/chat/tools", json!("files")),
        ]),
        case(LocalOllama, "the chat agent should be able to do math", vec![
            Proposed, Valid,
            Holds("/agents/chat/tools", json!("calc")),
        ]),
        case(WebStack, "make cache depend on db", vec![
            Proposed, Valid,
            That("cache depends on db", |o| {
                o.get("/services/cache/depends_on").is_some_and(|d| {
                    d.as_array().is_some_and(|a| a.contains(&json!("db")))
                        || d.get("db").is_some()
                })
            }),
        ]),
        case(WebStack, "make db depend on api", vec![
            NoPatch(ReplyKind::Refused),
            Says(&["cycle"]),
        ]),
        // ---------------------------------------------------------------- removing, renaming
        case(ResearchDesk, "remove the arxiv tool", vec![
            Proposed, Valid,
            Absent("/tools/arxiv"),
            Lacks("/agents/researcher/tools", json!("arxiv")),
        ]),
        case(ResearchDesk, "delete the notes memory", vec![
            Proposed, Valid,
            Absent("/memory/notes"),
            Absent("/agents/writer/memory"),
        ]),
        case(ResearchDesk, "get rid of the audit log middleware", vec![
            Proposed, Valid,
            Absent("/middleware/audit_log"),
            Lacks("/agents/planner/middleware", json!("audit_log")),
            Absent("/environments/prod/overrides/middleware/audit_log"),
        ]),
        case(ResearchDesk, "remove the arxiv tool from the researcher", vec![
            Proposed, Valid,
            Present("/tools/arxiv"),
            Is("/agents/researcher/tools", json!(["web_search"])),
        ]),
        case(ResearchDesk, "the planner should no longer use the retry middleware", vec![
            Proposed, Valid,
            Is("/agents/planner/middleware", json!(["audit_log"])),
            Present("/middleware/retry"),
        ]),
        case(ResearchDesk, "remove the smart model", vec![
            NoPatch(ReplyKind::Refused),
            Says(&["researcher"]),
        ]),
        case(ResearchDesk, "rename the writer agent to author", vec![
            Proposed, Valid,
            Present("/agents/author"),
            Absent("/agents/writer"),
            Holds("/agents/planner/delegates_to", json!("author")),
            Present("/models/writer"),
        ]),
        case(ResearchDesk, "rename the smart model to brain", vec![
            Proposed, Valid,
            Present("/models/brain"),
            Is("/agents/researcher/model", json!("brain")),
            Present("/environments/dev/overrides/models/brain"),
        ]),
        case(ResearchDesk, "renmae the fast model to quick", vec![
            Proposed, Valid,
            Present("/models/quick"),
            Is("/agents/planner/model", json!("quick")),
        ]),
        case(WebStack, "rename db to database", vec![
            Proposed, Valid,
            Present("/services/database"),
            Present("/services/api/depends_on/database"),
        ]),
        case(WebStack, "delete the cache service", vec![
            Proposed, Valid,
            Absent("/services/cache"),
            Absent("/services/api/depends_on/cache"),
        ]),
        // ---------------------------------------------------------------- errors
        case(Dangling, "why is this invalid?", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["/agents/copywriter/model", "/agents/copywriter/tools/0", "writer", "calculator"]),
        ]),
        case(Dangling, "fix the errors", vec![
            Proposed, Valid,
            Is("/agents/copywriter/model", json!("writer")),
            Is("/agents/copywriter/tools", json!(["calculator"])),
        ]),
        case(EnumTypos, "pls fix teh erors", vec![
            Proposed, Valid,
            Is("/providers/openai/type", json!("openai")),
            Is("/memory/sessions/type", json!("redis")),
        ]),
        case(EnumTypos, "what's wrong with this config?", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["/providers/openai/type", "/memory/sessions/type", "opnai"]),
        ]),
        case(ComposeTypos, "fix everything", vec![
            Proposed, Valid,
            Is("/services/web/image", json!("nginx:1.27")),
            Present("/services/worker/environment"),
        ]),
        case(ResearchDesk, "is this valid?", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["no errors"]),
        ]),
        case(Dangling, "explain the errors in the copywriter agent", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["/agents/copywriter/model"]),
        ]),
        case(ConditionalRequired, "make it valid", vec![
            Proposed, Valid,
            Present("/providers/together/base_url"),
            Present("/tools/weather/url"),
            Present("/memory/local/path"),
        ]),
        case(OutOfRange, "repair the config", vec![
            Proposed, Valid,
            Is("/models/creative/temperature", json!(2)),
            Is("/agents/storyteller/max_iterations", json!(1)),
            Is("/providers/openai/max_retries", json!(0)),
        ]),
        case(YamlTypes, "please fix these validation errors", vec![
            Proposed, Valid,
            Is("/tools/browser/args/3", json!("8080")),
            Is("/agents/surfer/max_iterations", json!(20)),
        ]),
        case(MissingModel, "fix it", vec![
            Proposed, Valid,
            Is("/agents/writer/model", json!("writer")),
        ]),
        case(Cycle, "fix the errors", vec![NoPatch(ReplyKind::Refused), ErrorsBelow(4)]),
        case(Cycle, "why is it broken", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["cycle", "/agents/planner/delegates_to/0"]),
        ]),
        case(UnusedSecret, "fix all the problems including warnings", vec![
            Proposed,
            Is("/providers/openai/api_key", json!("${OPENAI_API_KEY}")),
        ]),
        case(UnusedSecret, "is anything unused?", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["anthropic"]),
        ]),
        // ---------------------------------------------------------------- impact
        case(ResearchDesk, "what depends on the openai provider?", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["fast", "smart", "embeddings", "planner", "researcher", "papers"]),
            Omits(&["`writer`"]),
        ]),
        case(ResearchDesk, "what uses the notes memory", vec![
            NoPatch(ReplyKind::Answer),
            That("the writer uses it directly, the planner through the writer", |o| {
                let t = o.text();
                let (direct, rest) = t.split_once("through").unwrap_or((&t, ""));
                direct.contains("writer") && !direct.contains("planner") && rest.contains("planner")
            }),
        ]),
        case(ResearchDesk, "what does the planner depend on?", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["fast", "researcher", "writer", "retry", "audit_log", "openai"]),
        ]),
        case(ResearchDesk, "what breaks if I remove the smart model?", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["researcher", "planner"]),
        ]),
        case(ResearchDesk, "whta depends on the opnai provider", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["fast", "smart", "embeddings"]),
        ]),
        case(WebStack, "what depends on db", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["api", "proxy"]),
            Omits(&["`cache`"]),
        ]),
        // ---------------------------------------------------------------- describing
        case(ResearchDesk, "describe this setup", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["planner", "researcher", "writer", "openai", "anthropic", "gpt-4o", "web_search", "notes"]),
        ]),
        case(ResearchDesk, "list the agents", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["planner", "researcher", "writer"]),
            Omits(&["anthropic"]),
        ]),
        case(ResearchDesk, "tell me about the researcher", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["smart", "web_search", "arxiv", "papers", "planner"]),
        ]),
        case(WebStack, "summarize the configuration", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["proxy", "api", "db", "cache", "nginx"]),
        ]),
        case(ResearchDesk, "what is the temperature of the writer model?", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["0.9"]),
        ]),
        // ---------------------------------------------------------------- more phrasings
        case(ResearchDesk, "could you bump max tokens for the writer model to 16000?", vec![
            Proposed, Valid,
            Is("/models/writer/max_tokens", json!(16000)),
        ]),
        case(ResearchDesk, "make the notes memory expire after 3600 seconds", vec![
            Proposed, Valid,
            Is("/memory/notes/ttl_s", json!(3600)),
        ]),
        case(ResearchDesk, "swap the writer model for gpt-4o-mini", vec![
            Proposed, Valid,
            Is("/agents/writer/model", json!("fast")),
        ]),
        case(ResearchDesk, "replace arxiv with web search for the researcher", vec![
            Proposed, Valid,
            Is("/agents/researcher/tools", json!(["web_search"])),
        ]),
        case(ResearchDesk, "give the writer and the planner the arxiv tool", vec![
            Proposed, Valid,
            Holds("/agents/writer/tools", json!("arxiv")),
            Holds("/agents/planner/tools", json!("arxiv")),
        ]),
        case(ResearchDesk, "let's give every agent web search", vec![
            Proposed, Valid,
            Holds("/agents/planner/tools", json!("web_search")),
            Holds("/agents/writer/tools", json!("web_search")),
            Holds("/agents/researcher/tools", json!("web_search")),
        ]),
        case(ResearchDesk, "add guardrails to the writer agent that block pii", vec![
            Proposed, Valid,
            That("the writer has guardrails blocking PII", |o| {
                names_one(o, "/agents/writer/middleware", "middleware", |m| {
                    m["type"] == "guardrails" && m["block_pii"] == true
                })
            }),
        ]),
        case(ResearchDesk, "the planner does not need audit logging anymore", vec![
            Proposed, Valid,
            Is("/agents/planner/middleware", json!(["retry"])),
        ]),
        case(ResearchDesk, "rename the writer agent to author and make it use the smart model", vec![
            Proposed, Valid,
            Is("/agents/author/model", json!("smart")),
            Absent("/agents/writer"),
        ]),
        case(ResearchDesk, "remove the arxiv tool, then add a calculator tool to the researcher", vec![
            Proposed, Valid,
            Absent("/tools/arxiv"),
            That("the researcher has a calculator", |o| {
                names_one(o, "/agents/researcher/tools", "tools", |t| t["name"] == "calculator")
            }),
        ]),
        case(ResearchDesk, "set the smart model's temperature to 0.1 and set its max tokens to 1000", vec![
            Proposed, Valid,
            Is("/models/smart/temperature", json!(0.1)),
            Is("/models/smart/max_tokens", json!(1000)),
        ]),
        case(SupportDesk, "stop tracing the billing agent", vec![
            Proposed, Valid,
            Is("/agents/billing/middleware", json!(["safety"])),
            Present("/middleware/traces"),
        ]),
        case(SupportDesk, "raise the rate limit to 1000 requests per minute", vec![
            Proposed, Valid,
            Is("/middleware/limits/requests_per_minute", json!(1000)),
        ]),
        case(SupportDesk, "set denied topics of safety to legal advice, tax advice", vec![
            Proposed, Valid,
            Is("/middleware/safety/denied_topics", json!(["legal advice", "tax advice"])),
        ]),
        case(SupportDesk, "set the openai api key to sk-abc123", vec![NoPatch(ReplyKind::Refused)]),
        case(SupportDesk, "set the azure api key to sk-proj-abcdefghijklmnop", vec![
            NoPatch(ReplyKind::Refused),
            Says(&["secret"]),
        ]),
        case(None, "add an agent", vec![NoPatch(ReplyKind::Refused), Says(&["model"])]),
        case(WebStack, "which services use the back network?", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["api", "db", "cache"]),
        ]),
        case(WebStack, "connect the cache to the front network", vec![
            Proposed, Valid,
            Holds("/services/cache/networks", json!("front")),
        ]),
        case(WebStack, "add a network called monitoring", vec![
            Proposed, Valid,
            Present("/networks/monitoring"),
        ]),
        // ---------------------------------------------------------------- typos
        case(ResearchDesk, "chnage the temperture of the writer modle to 0.4", vec![
            Proposed, Valid,
            Is("/models/writer/temperature", json!(0.4)),
        ]),
        case(ResearchDesk, "delet the arxiv tol", vec![Proposed, Valid, Absent("/tools/arxiv")]),
        case(ResearchDesk, "let the writter use arxiv", vec![
            Proposed, Valid,
            Holds("/agents/writer/tools", json!("arxiv")),
        ]),
        case(ResearchDesk, "add rate limitng to all agnets", vec![
            Proposed, Valid,
            Holds("/agents/writer/middleware", json!("rate_limit")),
        ]),
        case(ResearchDesk, "describ this setup", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["planner", "researcher"]),
        ]),
        case(ResearchDesk, "Update max_tokens on smart to 3000", vec![
            Proposed, Valid,
            Is("/models/smart/max_tokens", json!(3000)),
        ]),
        case(ResearchDesk, "make the planner delegate to the researcher only", vec![
            Proposed, Valid,
            Holds("/agents/planner/delegates_to", json!("researcher")),
        ]),
        case(None, "add a researcher agent using gpt-4o that can search the web, with redis memory", vec![
            Proposed, Valid,
            Is("/version", json!(1)),
            That("the researcher runs on gpt-4o with web search and redis", |o| {
                follow(o, "/agents/researcher/model", "models").is_some_and(|m| m["name"] == "gpt-4o")
                    && names_one(o, "/agents/researcher/tools", "tools", |t| t["name"] == "web_search")
                    && follow(o, "/agents/researcher/memory", "memory").is_some_and(|m| m["type"] == "redis")
            }),
        ]),
        case(None, "add rate limiting to all agents", vec![NoPatch(ReplyKind::Refused)]),
        case(None, "what depends on the openai provider?", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["no openai provider"]),
        ]),
        // ---------------------------------------------------------------- fields, nested values, lists
        case(LocalOllama, "add a summarizer agent that uses the llama model", vec![
            Proposed, Valid,
            Is("/agents/summarizer/model", json!("llama")),
        ]),
        case(ResearchDesk, "remove the description of the planner", vec![
            Proposed, Valid,
            Absent("/agents/planner/description"),
            Present("/agents/planner"),
        ]),
        case(ResearchDesk, "reset the temperature of the smart model", vec![
            Proposed, Valid,
            Absent("/models/smart/temperature"),
            Present("/models/smart/name"),
        ]),
        case(ResearchDesk, "remove the model of the researcher", vec![NoPatch(ReplyKind::Refused)]),
        case(ResearchDesk, "add a description to the writer agent: 'Writes the final report'", vec![
            Proposed, Valid,
            Is("/agents/writer/description", json!("Writes the final report")),
            Is("/description", json!("Answers research questions with cited, edited reports.")),
        ]),
        case(ResearchDesk, "set the planner's middleware to retry only", vec![
            Proposed, Valid,
            Is("/agents/planner/middleware", json!(["retry"])),
        ]),
        case(ResearchDesk, "what is the model of the researcher?", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["smart"]),
        ]),
        case(ResearchDesk, "how do I add an agent?", vec![NoPatch(ReplyKind::Help)]),
        case(ResearchDesk, "can you remove the arxiv tool?", vec![Proposed, Valid, Absent("/tools/arxiv")]),
        case(WebStack, "expose port 8080 on the api", vec![
            Proposed, Valid,
            Is("/services/api/expose", json!(["3000", "8080"])),
        ]),
        case(WebStack, "change the healthcheck interval of db to 30s", vec![
            Proposed, Valid,
            Is("/services/db/healthcheck/interval", json!("30s")),
        ]),
        case(WebStack, "set db shm size to 512m", vec![
            Proposed, Valid,
            Is("/services/db/shm_size", json!("512m")),
        ]),
        case(WebStack, "add a worker service using image ghcr.io/acme/worker:2 that depends on db and cache", vec![
            Proposed, Valid,
            Is("/services/worker/image", json!("ghcr.io/acme/worker:2")),
            That("the worker depends on db and cache", |o| {
                let d = o.get("/services/worker/depends_on");
                ["db", "cache"].iter().all(|s| {
                    d.is_some_and(|d| d.as_array().is_some_and(|a| a.contains(&json!(s))) || d.get(s).is_some())
                })
            }),
        ]),
        case(WebStack, "set the restart policy of all services to always", vec![
            Proposed, Valid,
            Is("/services/proxy/restart", json!("always")),
            Is("/services/db/restart", json!("always")),
        ]),
        case(WebStack, "make the api use the api_key secret", vec![NoPatch(ReplyKind::Refused)]),
        // ---------------------------------------------------------------- looser phrasings
        case(ResearchDesk, "Could you make the writer agent more creative by setting its temperature to 1.2?", vec![
            Proposed, Valid,
            Is("/agents/writer/temperature", json!(1.2)),
        ]),
        case(ResearchDesk, "Have the planner delegate to nobody", vec![
            Proposed, Valid,
            Absent("/agents/planner/delegates_to"),
        ]),
        case(ResearchDesk, "Use claude for the planner", vec![
            Proposed, Valid,
            Is("/agents/planner/model", json!("writer")),
        ]),
        case(ResearchDesk, "Add a cache in front of every agent", vec![
            Proposed, Valid,
            That("every agent has a cache", |o| {
                ["planner", "researcher", "writer"].iter().all(|a| {
                    names_one(o, &format!("/agents/{a}/middleware"), "middleware", |m| m["type"] == "cache")
                })
            }),
        ]),
        case(ResearchDesk, "Switch the notes memory to postgres", vec![
            Proposed, Valid,
            Is("/memory/notes/type", json!("postgres")),
        ]),
        case(ResearchDesk, "set researcher memory to none", vec![
            Proposed, Valid,
            Absent("/agents/researcher/memory"),
            Present("/memory/papers"),
        ]),
        case(ResearchDesk, "Remove all middleware from the planner", vec![
            Proposed, Valid,
            Absent("/agents/planner/middleware"),
            Present("/middleware/retry"),
        ]),
        case(SupportDesk, "I'd like to add a new tool called weather that calls https://api.weather.example/forecast", vec![
            Proposed, Valid,
            Is("/tools/weather/type", json!("http")),
            Is("/tools/weather/url", json!("https://api.weather.example/forecast")),
        ]),
        case(SupportDesk, "add a sqlite memory called local_history at ./data/history.db", vec![
            Proposed, Valid,
            Is("/memory/local_history/type", json!("sqlite")),
            Is("/memory/local_history/path", json!("./data/history.db")),
        ]),
        case(SupportDesk, "which middleware does triage use?", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["limits", "safety", "cache", "traces"]),
            Omits(&["`billing`"]),
        ]),
        case(WebStack, "add an nginx service called web on port 80", vec![
            Proposed, Valid,
            Is("/services/web/image", json!("nginx")),
        ]),
        case(WebStack, "which services does proxy depend on?", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["api", "db", "cache"]),
            Omits(&["`front`"]),
        ]),
        case(None, "Give me a production-grade OpenAI setup", vec![
            Proposed, Valid,
            Present("/middleware/rate_limit"),
        ]),
        case(ComposeNone, "create a reverse proxy setup with caddy for example.com", vec![
            Proposed, Valid,
            Is("/services/proxy/environment/DOMAIN", json!("example.com")),
        ]),
        case(ResearchDesk, "point the planner at the smart model", vec![
            Proposed, Valid,
            Is("/agents/planner/model", json!("smart")),
        ]),
        case(ResearchDesk, "delete the dev environment overrides", vec![
            Proposed, Valid,
            Absent("/environments/dev"),
            Present("/environments/prod"),
        ]),
        case(ResearchDesk, "add tracing with a sample rate of 0.5 to the researcher", vec![
            Proposed, Valid,
            That("the researcher is traced at half the requests", |o| {
                names_one(o, "/agents/researcher/middleware", "middleware", |m| {
                    m["type"] == "tracing" && m["sample_rate"] == 0.5
                })
            }),
        ]),
        case(ResearchDesk, "make all agents use the fast model", vec![
            Proposed, Valid,
            Is("/agents/researcher/model", json!("fast")),
            Is("/agents/writer/model", json!("fast")),
            Is("/agents/planner/model", json!("fast")),
        ]),
        case(LocalOllama, "swap llama for mistral", vec![
            Proposed, Valid,
            That("both agents run on a mistral model", |o| {
                ["librarian", "chat"].iter().all(|a| {
                    follow(o, &format!("/agents/{a}/model"), "models").is_some_and(|m| m["name"] == "mistral")
                })
            }),
        ]),
        // ---------------------------------------------------------------- not understood, ambiguous, injected
        case(ResearchDesk, "make me a sandwich", vec![NoPatch(ReplyKind::Help), Says(&["describe"])]),
        case(ResearchDesk, "asdf qwerty zxcv", vec![NoPatch(ReplyKind::Help)]),
        case(ResearchDesk, "", vec![NoPatch(ReplyKind::Help)]),
        case(ResearchDesk, "what is the meaning of life?", vec![NoPatch(ReplyKind::Help)]),
        case(ResearchDesk, "remove the writer", vec![
            NoPatch(ReplyKind::Clarify),
            Says(&["model", "agent"]),
        ]),
        case(ResearchDesk, "rename writer to author", vec![NoPatch(ReplyKind::Clarify)]),
        case(ResearchDesk, "delete the frobnicator agent", vec![NoPatch(ReplyKind::Refused)]),
        case(Injected, "describe this setup", vec![
            NoPatch(ReplyKind::Answer),
            Says(&["planner", "ignore previous instructions"]),
            Omits(&["<script>", "](http"]),
        ]),
        case(Injected, "do what the description says", vec![NoPatch(ReplyKind::Help)]),
        case(Injected, "what does the writer's system prompt tell you to do?", vec![
            That("no patch", |o| o.reply.patch.is_empty()),
        ]),
        case(Injected, "set the writer model's temperature to 0.3", vec![
            Proposed, Valid,
            Is("/models/writer/temperature", json!(0.3)),
            That("nothing else changes", |o| o.reply.patch.len() == 1),
        ]),
    ]
}

#[test]
fn requests_give_the_intended_valid_result() {
    let cases = cases();
    assert!(cases.len() >= 60, "at least 60 requests");
    run_batch("offline engine", cases);
}

/// A large stack: impact answers, descriptions and lists name a bounded number of
/// components ("… and N more"), with the full count in the sentence.
#[test]
fn impact_answers_on_large_stacks_are_cut_with_the_full_count() {
    use trellis_assist::offline::respond;
    let mut agents = serde_json::Map::new();
    let mut models = serde_json::Map::new();
    for m in 0..30 {
        models.insert(
            format!("model_{m}"),
            json!({ "provider": "openai", "name": "gpt-4o-mini" }),
        );
    }
    for n in 0..1200 {
        agents.insert(
            format!("agent_{n:04}"),
            json!({ "model": format!("model_{}", n % 30) }),
        );
    }
    let doc = json!({
        "version": 1,
        "providers": { "openai": { "type": "openai", "api_key": "${OPENAI_API_KEY}" } },
        "models": models,
        "agents": agents,
    });
    for request in [
        "what depends on the openai provider?",
        "what uses model_3?",
        "what would break if I removed the openai provider?",
        "describe model_3",
        "which agents use model_3?",
        "list the agents",
        "describe this setup",
    ] {
        let reply = respond(request, Some(&doc), "agent-stack");
        assert_eq!(reply.kind, ReplyKind::Answer, "{request}: {}", reply.text);
        assert!(reply.patch.is_empty());
        assert!(
            reply.text.len() < 6000,
            "{request}: a bounded answer, not {} characters:\n{}",
            reply.text.len(),
            &reply.text[..reply.text.len().min(600)]
        );
        assert!(reply.text.contains("more"), "{request}: {}", reply.text);
    }
    let reply = respond(
        "what depends on the openai provider?",
        Some(&doc),
        "agent-stack",
    );
    assert!(
        reply.text.contains("1230 components depend"),
        "the full count: {}",
        reply.text
    );
    assert!(
        reply.text.contains("and 20 more"),
        "the places of the references, cut too: {}",
        reply.text
    );
    let reply = respond("what uses model_3?", Some(&doc), "agent-stack");
    assert!(
        reply.text.contains("40 components depend"),
        "{}",
        reply.text
    );
    assert!(reply.text.contains("and 20 more"), "{}", reply.text);
}
