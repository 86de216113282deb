//! An eleventh round of held-out requests for the offline engine, on the agent-stack
//! pack only, written before the engine was changed for it: setups created from
//! templates with parameters, components added, removed, renamed and connected, values
//! set, middleware applied across agents, errors explained and fixed, impact questions,
//! descriptions, and requests the engine cannot do. Many start from documents rendered
//! from the built-in templates, as users start from the gallery and then edit. Judged
//! by the document each proposal makes, never by the reply's wording (questions: no
//! patch, and the answer names the components).
//!
//! First try, before the engine was changed for this batch: 79/89 (88.8%); after the
//! fixes for its classes of request: 88/89. Twelfth (a second fresh batch, written after
//! those fixes): 25/36 (69.4%) first try, 33/36 after the fixes for it. Thirteenth (a
//! third, written after those): 20/28 (71.4%) first try, 27/28 after the fixes for it.
//! Fourteenth (a fourth, written after those): 10/22 (45.5%) first try, 14/22 after the
//! fixes for it, 16/22 with the later classes of `offline_phrasing.rs`.
//! What still misses is listed by its text and run by the ignored known-gaps test.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

fn no_patch(o: &Outcome) -> bool {
    o.reply.patch.is_empty()
}

fn agent_tool_is(o: &Outcome, agent: &str, builtin: &str) -> bool {
    o.get(&format!("/agents/{agent}/tools"))
        .and_then(Value::as_array)
        .is_some_and(|l| {
            l.iter().filter_map(Value::as_str).any(|n| {
                o.after.pointer(&format!("/tools/{n}/name")) == Some(&json!(builtin))
                    || (n == builtin && o.after.pointer(&format!("/tools/{n}")).is_some())
            })
        })
}

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ------------------------------------------------------------ new setups
        case(
            None,
            "Create a production setup with OpenAI",
            vec![
                Proposed,
                Valid,
                That("an openai provider", |o| mentions(o, "\"type\":\"openai\"")),
                That("rate limiting", |o| mentions(o, "\"type\":\"rate_limit\"")),
            ],
        ),
        case(
            None,
            "a local setup with ollama and llama3",
            vec![
                Proposed,
                Valid,
                That("an ollama provider", |o| mentions(o, "\"type\":\"ollama\"")),
                That("llama3", |o| mentions(o, "\"name\":\"llama3\"")),
            ],
        ),
        case(
            None,
            "set me up a research team, planner on gpt-4o-mini and the others on gpt-4.1",
            vec![
                Proposed,
                Valid,
                That("gpt-4.1", |o| mentions(o, "\"name\":\"gpt-4.1\"")),
                That("gpt-4o-mini", |o| mentions(o, "\"name\":\"gpt-4o-mini\"")),
            ],
        ),
        case(
            None,
            "RAG assistant over my docs with top k 10",
            vec![
                Proposed,
                Valid,
                That("top_k 10", |o| mentions(o, "\"top_k\":10")),
            ],
        ),
        case(
            None,
            "support bot w/ guardrails for Initech",
            vec![
                Proposed,
                Valid,
                That("for Initech", |o| mentions(o, "Initech")),
                That("guardrails", |o| mentions(o, "\"type\":\"guardrails\"")),
            ],
        ),
        case(
            None,
            "new claude writing assistant using claude-opus-4, no web search",
            vec![
                Proposed,
                Valid,
                That("opus", |o| mentions(o, "\"name\":\"claude-opus-4\"")),
                That("no web search", |o| !mentions(o, "web_search")),
            ],
        ),
        case(
            None,
            "I want an agent stack with dev, staging and prod environments",
            vec![
                Proposed,
                Valid,
                Present("/environments/dev"),
                Present("/environments/prod"),
            ],
        ),
        case(
            None,
            "self hosted vllm assistant at http://gpu-box:8000/v1",
            vec![
                Proposed,
                Valid,
                That("the server address", |o| mentions(o, "http://gpu-box:8000/v1")),
            ],
        ),
        case(
            None,
            "code review bot that reads /home/me/repo",
            vec![
                Proposed,
                Valid,
                That("the folder", |o| mentions(o, "/home/me/repo")),
            ],
        ),
        case(
            None,
            "make a production openai stack limited to 100 requests per minute",
            vec![
                Proposed,
                Valid,
                That("100 rpm", |o| mentions(o, "\"requests_per_minute\":100")),
            ],
        ),
        case(
            None,
            "local ollama assistant using qwen2.5 that remembers 50 messages",
            vec![
                Proposed,
                Valid,
                That("qwen2.5", |o| mentions(o, "\"name\":\"qwen2.5\"")),
                That("50 messages", |o| mentions(o, "\"max_messages\":50")),
            ],
        ),
        case(
            None,
            "Create an anthropic setup called drafty",
            vec![
                Proposed,
                Valid,
                Is("/name", json!("drafty")),
                That("an anthropic provider", |o| {
                    mentions(o, "\"type\":\"anthropic\"")
                }),
            ],
        ),
        case(
            None,
            "research team without the reviewer agent",
            vec![
                Proposed,
                Valid,
                Present("/agents/planner"),
                Absent("/agents/reviewer"),
            ],
        ),
        case(
            None,
            "customer support agent on gpt-4o",
            vec![
                Proposed,
                Valid,
                That("gpt-4o", |o| mentions(o, "\"name\":\"gpt-4o\"")),
            ],
        ),
        // ------------------------------------------------------------ add / remove / rename / connect
        case(
            Mini,
            "add a researcher agent using gpt-4o that can search the web, with redis memory",
            vec![
                Proposed,
                Valid,
                That("researcher on gpt-4o", |o| {
                    agent_model_is(o, "researcher", "gpt-4o")
                }),
                That("web search", |o| agent_tool_is(o, "researcher", "web_search")),
                That("redis memory", |o| agent_memory_is(o, "researcher", "redis")),
            ],
        ),
        case(
            ResearchDesk,
            "add a reviewer agent on the smart model",
            vec![Proposed, Valid, Is("/agents/reviewer/model", json!("smart"))],
        ),
        case(
            TplProduction,
            "remove the summarizer",
            vec![
                Proposed,
                Valid,
                Absent("/agents/summarizer"),
                Present("/agents/assistant"),
            ],
        ),
        case(
            TplResearch,
            "rename the researcher to scout",
            vec![
                Proposed,
                Valid,
                Present("/agents/scout"),
                Absent("/agents/researcher"),
                Holds("/agents/planner/delegates_to", json!("scout")),
            ],
        ),
        case(
            TplResearch,
            "let the writer search the web too",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/tools", json!("web_search")),
            ],
        ),
        case(
            TplRag,
            "add a web search tool for the answerer",
            vec![
                Proposed,
                Valid,
                That("answerer searches the web", |o| {
                    agent_tool_is(o, "answerer", "web_search")
                }),
                Holds("/agents/answerer/tools", json!("search_docs")),
            ],
        ),
        case(
            TplSupport,
            "switch the conversations memory to postgres",
            vec![
                Proposed,
                Valid,
                Is("/memory/conversations/type", json!("postgres")),
            ],
        ),
        case(
            TplOllama,
            "delete the chat memory",
            vec![
                Proposed,
                Valid,
                Absent("/memory/chat"),
                Absent("/agents/assistant/memory"),
                Present("/agents/assistant"),
            ],
        ),
        case(
            ResearchDesk,
            "make the researcher delegate to the writer",
            vec![
                Proposed,
                Valid,
                Holds("/agents/researcher/delegates_to", json!("writer")),
            ],
        ),
        case(
            Cycle,
            "stop the reviewer delegating to the planner",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/reviewer/delegates_to", json!("planner")),
                Present("/agents/reviewer"),
                Present("/agents/planner"),
            ],
        ),
        case(
            SupportDesk,
            "take the refund tool away from billing",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/billing/tools", json!("refund")),
                Holds("/agents/billing/tools", json!("lookup_invoice")),
            ],
        ),
        case(
            TplReview,
            "give the reviewer a code interpreter",
            vec![
                Proposed,
                Valid,
                That("a code interpreter", |o| {
                    agent_tool_is(o, "reviewer", "code_interpreter")
                }),
                Holds("/agents/reviewer/tools", json!("files")),
            ],
        ),
        case(
            LocalOllama,
            "add a summarizer agent that uses the llama model",
            vec![
                Proposed,
                Valid,
                Is("/agents/summarizer/model", json!("llama")),
            ],
        ),
        case(
            TplAnthropic,
            "connect the writer to a redis memory",
            vec![
                Proposed,
                Valid,
                That("redis memory", |o| agent_memory_is(o, "writer", "redis")),
            ],
        ),
        case(
            TplSelfHosted,
            "add a second agent called translator on the chat model with the prompt 'Translate everything to French.'",
            vec![
                Proposed,
                Valid,
                Is("/agents/translator/model", json!("chat")),
                Is(
                    "/agents/translator/system_prompt",
                    json!("Translate everything to French."),
                ),
            ],
        ),
        case(
            TplEnvironments,
            "rename the main model to primary",
            vec![
                Proposed,
                Valid,
                Present("/models/primary"),
                Absent("/models/main"),
                Is("/agents/assistant/model", json!("primary")),
                Present("/environments/dev/overrides/models/primary"),
            ],
        ),
        case(
            ResearchDesk,
            "remove the arxiv tool",
            vec![
                Proposed,
                Valid,
                Absent("/tools/arxiv"),
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Holds("/agents/researcher/tools", json!("web_search")),
            ],
        ),
        case(
            Mini,
            "add an anthropic provider",
            vec![
                Proposed,
                Valid,
                That("an anthropic provider", |o| {
                    o.get("/providers")
                        .and_then(Value::as_object)
                        .is_some_and(|m| {
                            m.values().any(|p| p.get("type") == Some(&json!("anthropic")))
                        })
                }),
            ],
        ),
        case(
            TplProduction,
            "swap the fast model to gpt-4.1-mini",
            vec![Proposed, Valid, Is("/models/fast/name", json!("gpt-4.1-mini"))],
        ),
        case(
            Dangling,
            "point copywriter at the writer model",
            vec![Proposed, Is("/agents/copywriter/model", json!("writer"))],
        ),
        // ------------------------------------------------------------ values
        case(
            ResearchDesk,
            "set the writer model's temperature to 0.3",
            vec![Proposed, Valid, Is("/models/writer/temperature", json!(0.3))],
        ),
        case(
            TplProduction,
            "max tokens of the chat model to 4000",
            vec![Proposed, Valid, Is("/models/chat/max_tokens", json!(4000))],
        ),
        case(
            TplResearch,
            "planner max iterations 25",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/max_iterations", json!(25)),
            ],
        ),
        case(
            TplProduction,
            "set the openai timeout to 120 seconds",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/timeout_s", json!(120)),
            ],
        ),
        case(
            TplOllama,
            "change the system prompt to 'You are a pirate. Answer like one.'",
            vec![
                Proposed,
                Valid,
                Is(
                    "/agents/assistant/system_prompt",
                    json!("You are a pirate. Answer like one."),
                ),
            ],
        ),
        case(
            TplRag,
            "answerer description: Answers questions about the HR handbook",
            vec![
                Proposed,
                Valid,
                Is(
                    "/agents/answerer/description",
                    json!("Answers questions about the HR handbook"),
                ),
            ],
        ),
        case(
            TplSupport,
            "set max input chars to 2000",
            vec![
                Proposed,
                Valid,
                Is("/middleware/guardrails/max_input_chars", json!(2000)),
            ],
        ),
        case(
            TplProduction,
            "cache ttl 10 minutes",
            vec![Proposed, Valid, Is("/middleware/cache/ttl_s", json!(600))],
        ),
        case(
            TplProduction,
            "trace every request, sample rate 1",
            vec![
                Proposed,
                Valid,
                That("sample rate 1", |o| {
                    num(o, "/middleware/tracing/sample_rate") == Some(1.0)
                }),
            ],
        ),
        case(
            TplProduction,
            "up the retry attempts to 5",
            vec![
                Proposed,
                Valid,
                Is("/middleware/retry/max_attempts", json!(5)),
            ],
        ),
        case(
            LocalOllama,
            "increase the ollama timeout to 300",
            vec![
                Proposed,
                Valid,
                Is("/providers/ollama/timeout_s", json!(300)),
            ],
        ),
        case(
            TplAnthropic,
            "temperature 0.2 on claude",
            vec![Proposed, Valid, Is("/models/claude/temperature", json!(0.2))],
        ),
        case(
            TplSupport,
            "rate limit 60 rpm",
            vec![
                Proposed,
                Valid,
                Is("/middleware/rate_limit/requests_per_minute", json!(60)),
            ],
        ),
        case(
            TplEnvironments,
            "in prod, set requests per minute to 500",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/prod/overrides/middleware/rate_limit/requests_per_minute",
                    json!(500),
                ),
                Is("/middleware/rate_limit/requests_per_minute", json!(1000)),
            ],
        ),
        case(
            ResearchDesk,
            "the writer agent's description should be 'Writes the final report.'",
            vec![
                Proposed,
                Valid,
                Is(
                    "/agents/writer/description",
                    json!("Writes the final report."),
                ),
            ],
        ),
        case(
            SupportDesk,
            "set top_p of the agent model to 0.8",
            vec![Proposed, Valid, Is("/models/agent/top_p", json!(0.8))],
        ),
        case(
            TplReview,
            "reviewer max iterations -> 10",
            vec![
                Proposed,
                Valid,
                Is("/agents/reviewer/max_iterations", json!(10)),
            ],
        ),
        case(
            TplRag,
            "retrieve 4 passages per question",
            vec![Proposed, Valid, Is("/memory/knowledge/top_k", json!(4))],
        ),
        case(
            TplResearch,
            "set the analyst model's max tokens to 8000",
            vec![Proposed, Valid, Is("/models/analyst/max_tokens", json!(8000))],
        ),
        // ------------------------------------------------------------ middleware across agents
        case(
            TplResearch,
            "add rate limiting to all agents",
            vec![
                Proposed,
                Valid,
                That("every agent rate limited", |o| {
                    all_agents_have(o, "rate_limit")
                }),
            ],
        ),
        case(
            ResearchDesk,
            "add retries to every agent",
            vec![
                Proposed,
                Valid,
                That("every agent retries", |o| all_agents_have(o, "retry")),
            ],
        ),
        case(
            TplSupport,
            "enable caching for the support agent",
            vec![
                Proposed,
                Valid,
                That("support caches", |o| agent_has_middleware(o, "support", "cache")),
            ],
        ),
        case(
            TplProduction,
            "add caching to the summarizer as well",
            vec![
                Proposed,
                Valid,
                Holds("/agents/summarizer/middleware", json!("cache")),
            ],
        ),
        case(
            LocalOllama,
            "put guardrails on all the agents",
            vec![
                Proposed,
                Valid,
                That("every agent guarded", |o| all_agents_have(o, "guardrails")),
            ],
        ),
        case(
            TplResearch,
            "turn on tracing for all agents",
            vec![
                Proposed,
                Valid,
                That("every agent traced", |o| all_agents_have(o, "tracing")),
            ],
        ),
        case(
            SupportDesk,
            "remove caching from triage",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/triage/middleware", json!("cache")),
                Holds("/agents/triage/middleware", json!("safety")),
            ],
        ),
        case(
            TplProduction,
            "take the audit log off the assistant",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/assistant/middleware", json!("audit_log")),
                Holds("/agents/assistant/middleware", json!("cache")),
            ],
        ),
        case(
            TplAnthropic,
            "add retry to the writer",
            vec![
                Proposed,
                Valid,
                That("writer retries", |o| agent_has_middleware(o, "writer", "retry")),
            ],
        ),
        // ------------------------------------------------------------ explain and fix
        case(
            Dangling,
            "why is this invalid?",
            vec![NoPatch(ReplyKind::Answer), Says(&["copywriter"])],
        ),
        case(Dangling, "fix it", vec![Proposed, Valid]),
        case(
            EnumTypos,
            "fix the errors",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/type", json!("openai")),
            ],
        ),
        case(OutOfRange, "pls fix the errors", vec![Proposed, Valid]),
        case(
            Cycle,
            "why is there a cycle error",
            vec![NoPatch(ReplyKind::Answer), Says(&["planner"])],
        ),
        case(
            MissingModel,
            "fix the errors",
            vec![Proposed, Valid, Present("/agents/writer/model")],
        ),
        case(
            ConditionalRequired,
            "whats wrong here",
            vec![NoPatch(ReplyKind::Answer), Says(&["together", "weather"])],
        ),
        case(
            YamlTypes,
            "fix the types",
            vec![
                Proposed,
                Valid,
                Is("/agents/surfer/max_iterations", json!(20)),
            ],
        ),
        case(
            UnusedSecret,
            "why the warnings?",
            vec![NoPatch(ReplyKind::Answer), Says(&["anthropic"])],
        ),
        case(Cycle, "break the delegation cycle", vec![Proposed, Valid]),
        // ------------------------------------------------------------ impact
        case(
            TplProduction,
            "what depends on the openai provider?",
            vec![NoPatch(ReplyKind::Answer), Says(&["chat", "fast"])],
        ),
        case(
            TplResearch,
            "who uses the analyst model",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["researcher", "writer", "reviewer"]),
            ],
        ),
        case(
            ResearchDesk,
            "what breaks if I delete the retry middleware",
            vec![NoPatch(ReplyKind::Answer), Says(&["planner", "researcher"])],
        ),
        case(
            TplSupport,
            "which agents use the guardrails?",
            vec![NoPatch(ReplyKind::Answer), Says(&["support"])],
        ),
        case(
            SupportDesk,
            "what happens if i remove the conversations memory",
            vec![NoPatch(ReplyKind::Answer), Says(&["billing", "generalist"])],
        ),
        case(
            TplRag,
            "is the embed model used anywhere?",
            vec![NoPatch(ReplyKind::Answer), Says(&["knowledge"])],
        ),
        // ------------------------------------------------------------ describe
        case(
            TplProduction,
            "describe this",
            vec![NoPatch(ReplyKind::Answer), Says(&["assistant", "summarizer"])],
        ),
        case(
            TplResearch,
            "what does this config do",
            vec![NoPatch(ReplyKind::Answer), Says(&["planner", "researcher"])],
        ),
        case(
            SupportDesk,
            "summarize",
            vec![NoPatch(ReplyKind::Answer), Says(&["triage", "billing"])],
        ),
        case(
            TplOllama,
            "give me an overview of the setup",
            vec![NoPatch(ReplyKind::Answer), Says(&["assistant", "ollama"])],
        ),
        // ------------------------------------------------------------ cannot do / negations
        case(
            ResearchDesk,
            "deploy this to aws",
            vec![That("no change", no_patch)],
        ),
        case(
            TplProduction,
            "make the agents smarter",
            vec![That("no change", no_patch)],
        ),
        case(
            Mini,
            "run the assistant and show me what it says",
            vec![That("no change", no_patch)],
        ),
        case(
            LocalOllama,
            "what's the weather in Paris",
            vec![NoPatch(ReplyKind::Help)],
        ),
        case(
            ResearchDesk,
            "the writer shouldn't use the notes memory",
            vec![
                Proposed,
                Valid,
                Absent("/agents/writer/memory"),
                Present("/agents/writer"),
            ],
        ),
        case(
            TplSupport,
            "don't remove the support agent",
            vec![That("no change", no_patch), Present("/agents/support")],
        ),
        case(
            TplResearch,
            "the reviewer should not delegate to anyone",
            vec![
                Present("/agents/reviewer"),
                That("the reviewer delegates to no one", |o| {
                    o.get("/agents/reviewer/delegates_to")
                        .and_then(Value::as_array)
                        .is_none_or(|l| l.is_empty())
                }),
            ],
        ),
    ]
}

/// Paraphrases of the classes of request the misses of the batch stood for, added with
/// the engine's fixes for them.
fn classes() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // A change the request rules out is no change.
        case(
            ResearchDesk,
            "never delete the researcher",
            vec![That("no change", no_patch), Present("/agents/researcher")],
        ),
        case(
            ResearchDesk,
            "please don't rename the writer",
            vec![That("no change", no_patch), Present("/agents/writer")],
        ),
        case(
            ResearchDesk,
            "do not add caching to the writer",
            vec![That("no change", no_patch)],
        ),
        case(
            TplProduction,
            "don't remove tracing from the assistant",
            vec![
                That("no change", no_patch),
                Holds("/agents/assistant/middleware", json!("tracing")),
            ],
        ),
        case(
            ResearchDesk,
            "don't get rid of the planner",
            vec![That("no change", no_patch), Present("/agents/planner")],
        ),
        case(
            ResearchDesk,
            "don't unlink arxiv from the researcher",
            vec![
                That("no change", no_patch),
                Holds("/agents/researcher/tools", json!("arxiv")),
            ],
        ),
        // Comparatives are words, not typos of template words.
        case(
            ResearchDesk,
            "make the writer smarter",
            vec![That("no change", no_patch)],
        ),
        case(
            TplProduction,
            "make the agents safer",
            vec![That("no change", no_patch)],
        ),
        // A change for one environment goes into its overrides.
        case(
            TplEnvironments,
            "set the tracing sample rate to 0.5 in staging",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/staging/overrides/middleware/tracing/sample_rate",
                    json!(0.5),
                ),
                Is("/middleware/tracing/sample_rate", json!(1)),
            ],
        ),
        case(
            TplEnvironments,
            "for production, bump the temperature of main to 0.6",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/prod/overrides/models/main/temperature",
                    json!(0.6),
                ),
                Is("/models/main/temperature", json!(0.4)),
            ],
        ),
        case(
            TplEnvironments,
            "staging: rate limit 200 rpm",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/staging/overrides/middleware/rate_limit/requests_per_minute",
                    json!(200),
                ),
                Is("/middleware/rate_limit/requests_per_minute", json!(1000)),
            ],
        ),
        case(
            TplEnvironments,
            "remove tracing from the assistant in staging",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/staging/overrides/agents/assistant/middleware",
                    json!(["rate_limit"]),
                ),
                Holds("/agents/assistant/middleware", json!("tracing")),
            ],
        ),
        case(
            ResearchDesk,
            "in prod, set the smart model's temperature to 0.1",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/prod/overrides/models/smart/temperature",
                    json!(0.1),
                ),
                Is("/models/smart/temperature", json!(0.7)),
                Is(
                    "/environments/prod/overrides/middleware/audit_log/level",
                    json!("warn"),
                ),
            ],
        ),
        // "take X away from Y".
        case(
            ResearchDesk,
            "take away the arxiv tool from the researcher",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/researcher/tools", json!("arxiv")),
                Present("/tools/arxiv"),
            ],
        ),
        case(
            TplAnthropic,
            "take web search away from the writer",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/writer/tools", json!("web_search")),
                Present("/agents/writer"),
            ],
        ),
        // "component field: text".
        case(
            TplAnthropic,
            "writer prompt: Keep it short.",
            vec![
                Proposed,
                Valid,
                Is("/agents/writer/system_prompt", json!("Keep it short.")),
            ],
        ),
        case(
            TplResearch,
            "planner description: Plans the work.",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/description", json!("Plans the work.")),
            ],
        ),
        case(
            TplResearch,
            "reviewer system prompt: Check every claim twice.",
            vec![
                Proposed,
                Valid,
                Is(
                    "/agents/reviewer/system_prompt",
                    json!("Check every claim twice."),
                ),
            ],
        ),
        // A cycle asked about: the reference that closes it goes.
        case(
            Cycle,
            "fix the cycle",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/reviewer/delegates_to", json!("planner")),
                Holds("/agents/planner/delegates_to", json!("researcher")),
            ],
        ),
        case(Cycle, "untangle the delegation loop", vec![Proposed, Valid]),
        // A recall's size and an agent's steps, in the words people use for them.
        case(
            TplRag,
            "return 10 chunks per query",
            vec![Proposed, Valid, Is("/memory/knowledge/top_k", json!(10))],
        ),
        case(
            TplRag,
            "the knowledge memory should recall 3 results",
            vec![Proposed, Valid, Is("/memory/knowledge/top_k", json!(3))],
        ),
        case(
            TplOllama,
            "max steps 3",
            vec![
                Proposed,
                Valid,
                Is("/agents/assistant/max_iterations", json!(3)),
            ],
        ),
        // Template switches and paths.
        case(
            None,
            "research team with no reviewer",
            vec![Proposed, Valid, Absent("/agents/reviewer")],
        ),
        case(
            None,
            "writing assistant on claude without web search",
            vec![
                Proposed,
                Valid,
                That("no web search", |o| !mentions(o, "web_search")),
            ],
        ),
        case(
            None,
            "rag assistant with the index in ./var/index",
            vec![
                Proposed,
                Valid,
                That("the index path", |o| mentions(o, "./var/index")),
            ],
        ),
        case(
            None,
            "code review bot for ~/code/api",
            vec![
                Proposed,
                Valid,
                That("the folder", |o| mentions(o, "~/code/api")),
            ],
        ),
    ]
}

#[test]
fn eleventh_held_out_batch_classes() {
    run_batch("eleventh held-out batch, classes of its misses", classes());
}

/// Requests of the batch the engine still does not get right, by their text: the
/// batch's test runs the others and the ignored test runs these, so no miss is hidden.
const MISSES: &[&str] = &[];

#[test]
fn eleventh_held_out_batch() {
    let cases = batch();
    assert!(cases.len() >= 80, "at least 80 requests");
    run_batch("eleventh held-out batch", partition(cases, MISSES, false));
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn eleventh_held_out_batch_known_gaps() {
    run_gaps(
        "eleventh held-out batch, known gaps",
        partition(batch(), MISSES, true),
    );
}

/// A second fresh batch, written after the fixes for the first and before the engine was
/// changed for it.
fn second_batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            None,
            "hey can you spin up a RAG bot using gpt-4.1-mini for answers",
            vec![
                Proposed,
                Valid,
                That("gpt-4.1-mini", |o| mentions(o, "\"name\":\"gpt-4.1-mini\"")),
                That("a vector memory", |o| mentions(o, "\"type\":\"vector\"")),
            ],
        ),
        case(
            None,
            "i need a multi agent research setup with max 30 planner iterations",
            vec![
                Proposed,
                Valid,
                That("30 iterations", |o| mentions(o, "\"max_iterations\":30")),
            ],
        ),
        case(
            None,
            "prodution assistant on openai pls, 4 retry attempts",
            vec![
                Proposed,
                Valid,
                That("4 attempts", |o| mentions(o, "\"max_attempts\":4")),
                That("rate limiting", |o| mentions(o, "\"type\":\"rate_limit\"")),
            ],
        ),
        case(
            None,
            "support desk for Umbrella Corp with max 2000 chars per message",
            vec![
                Proposed,
                Valid,
                That("Umbrella", |o| mentions(o, "Umbrella")),
                That("2000 chars", |o| mentions(o, "\"max_input_chars\":2000")),
            ],
        ),
        case(
            None,
            "ollama setup w/ mistral",
            vec![
                Proposed,
                Valid,
                That("mistral", |o| mentions(o, "\"name\":\"mistral\"")),
                That("an ollama provider", |o| mentions(o, "\"type\":\"ollama\"")),
            ],
        ),
        case(
            TplProduction,
            "add a translator agent on the fast model",
            vec![
                Proposed,
                Valid,
                Is("/agents/translator/model", json!("fast")),
            ],
        ),
        case(
            TplProduction,
            "hook the summarizer up to the cache too",
            vec![
                Proposed,
                Valid,
                Holds("/agents/summarizer/middleware", json!("cache")),
            ],
        ),
        case(
            TplProduction,
            "assistant: max iterations 12",
            vec![
                Proposed,
                Valid,
                Is("/agents/assistant/max_iterations", json!(12)),
            ],
        ),
        case(
            TplProduction,
            "what uses the retry middleware?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["assistant", "summarizer"]),
            ],
        ),
        case(
            TplProduction,
            "drop the audit log entirely",
            vec![
                Proposed,
                Valid,
                Absent("/middleware/audit_log"),
                Lacks("/agents/assistant/middleware", json!("audit_log")),
            ],
        ),
        case(
            TplResearch,
            "the writer should use its own model, gpt-4.1",
            vec![
                Proposed,
                Valid,
                That("writer on gpt-4.1", |o| {
                    agent_model_is(o, "writer", "gpt-4.1")
                }),
                That("researcher still on gpt-4o", |o| {
                    agent_model_is(o, "researcher", "gpt-4o")
                        && !agent_model_is(o, "researcher", "gpt-4.1")
                }),
            ],
        ),
        case(
            TplResearch,
            "add redis memory to the reviewer",
            vec![
                Proposed,
                Valid,
                That("redis memory", |o| agent_memory_is(o, "reviewer", "redis")),
            ],
        ),
        case(
            TplResearch,
            "delete the papers tool",
            vec![
                Proposed,
                Valid,
                Absent("/tools/papers"),
                Lacks("/agents/researcher/tools", json!("papers")),
            ],
        ),
        case(
            TplResearch,
            "renmae planner to coordinator",
            vec![
                Proposed,
                Valid,
                Present("/agents/coordinator"),
                Absent("/agents/planner"),
            ],
        ),
        case(
            TplResearch,
            "lower the analyst temperature to 0.2",
            vec![
                Proposed,
                Valid,
                Is("/models/analyst/temperature", json!(0.2)),
            ],
        ),
        case(
            TplRag,
            "use text-embedding-3-large for embeddings and set dimensions to 3072",
            vec![
                Proposed,
                Valid,
                Is("/models/embed/name", json!("text-embedding-3-large")),
                Is("/memory/knowledge/dimensions", json!(3072)),
            ],
        ),
        case(
            TplRag,
            "describe the setup",
            vec![NoPatch(ReplyKind::Answer), Says(&["answerer", "knowledge"])],
        ),
        case(
            TplSupport,
            "stop blocking pii",
            vec![
                Proposed,
                Valid,
                Is("/middleware/guardrails/block_pii", json!(false)),
            ],
        ),
        case(
            TplSupport,
            "also refuse questions about politics",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/guardrails/denied_topics", json!("politics")),
                Holds(
                    "/middleware/guardrails/denied_topics",
                    json!("legal advice"),
                ),
            ],
        ),
        case(
            TplSupport,
            "what would break if i removed the lookup_order tool",
            vec![NoPatch(ReplyKind::Answer), Says(&["support"])],
        ),
        case(
            TplSupport,
            "let the audit log record prompts",
            vec![
                Proposed,
                Valid,
                Is("/middleware/audit_log/log_prompts", json!(true)),
            ],
        ),
        case(
            TplAnthropic,
            "switch the claude model to claude-opus-4",
            vec![
                Proposed,
                Valid,
                Is("/models/claude/name", json!("claude-opus-4")),
            ],
        ),
        case(
            TplAnthropic,
            "max tokens 1000",
            vec![
                Proposed,
                Valid,
                Is("/models/claude/max_tokens", json!(1000)),
            ],
        ),
        case(
            TplEnvironments,
            "in dev use a temperature of 0.9",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/dev/overrides/models/main/temperature",
                    json!(0.9),
                ),
                Is("/models/main/temperature", json!(0.4)),
            ],
        ),
        case(
            TplEnvironments,
            "remove the staging environment",
            vec![
                Proposed,
                Valid,
                Absent("/environments/staging"),
                Present("/environments/prod"),
            ],
        ),
        case(
            TplSelfHosted,
            "change the server url to http://10.0.0.5:8000/v1",
            vec![
                Proposed,
                Valid,
                Is(
                    "/providers/local_server/base_url",
                    json!("http://10.0.0.5:8000/v1"),
                ),
            ],
        ),
        case(
            TplSelfHosted,
            "give the assistant web search",
            vec![
                Proposed,
                Valid,
                That("web search", |o| {
                    agent_tool_is(o, "assistant", "web_search")
                }),
                Holds("/agents/assistant/tools", json!("calculator")),
            ],
        ),
        case(
            TplReview,
            "the reviewer shouldn't use the files tool anymore",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/reviewer/tools", json!("files")),
                Present("/agents/reviewer"),
            ],
        ),
        case(
            TplReview,
            "is this config ok?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            TplOllama,
            "bump memory to 100 messages",
            vec![Proposed, Valid, Is("/memory/chat/max_messages", json!(100))],
        ),
        case(
            TplOllama,
            "dont change anything, just tell me what the assistant does",
            vec![NoPatch(ReplyKind::Answer), Says(&["assistant", "local"])],
        ),
        case(
            Mini,
            "add a backup model called backup using claude-sonnet-4",
            vec![
                Proposed,
                Valid,
                Is("/models/backup/name", json!("claude-sonnet-4")),
            ],
        ),
        case(
            SupportDesk,
            "set the billing agent's max iterations to 5 and give it the tickets tool",
            vec![
                Proposed,
                Valid,
                Is("/agents/billing/max_iterations", json!(5)),
                Holds("/agents/billing/tools", json!("tickets")),
            ],
        ),
        case(
            LocalOllama,
            "summarise this config",
            vec![NoPatch(ReplyKind::Answer), Says(&["librarian", "chat"])],
        ),
        case(
            TplResearch,
            "add tracing to every agent with a sample rate of 0.5",
            vec![
                Proposed,
                Valid,
                That("every agent traced", |o| all_agents_have(o, "tracing")),
                That("sample rate 0.5", |o| mentions(o, "\"sample_rate\":0.5")),
            ],
        ),
        case(
            TplProduction,
            "could you make the summarizer a bit more creative, like temperature 0.7",
            // An agent has a temperature of its own, over its model's: either is the
            // summarizer answering at 0.7. (First written as the model's only, which
            // judged a right answer wrong.)
            vec![
                Proposed,
                Valid,
                That("the summarizer at 0.7", |o| {
                    num(o, "/agents/summarizer/temperature") == Some(0.7)
                        || (o.get("/agents/summarizer/temperature").is_none()
                            && num(o, "/models/fast/temperature") == Some(0.7))
                }),
            ],
        ),
    ]
}

/// Paraphrases of the classes the second batch's misses stood for.
fn second_classes() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // A preface that nothing should change, then what is asked.
        case(
            LocalOllama,
            "do not change anything, just describe the librarian",
            vec![NoPatch(ReplyKind::Answer), Says(&["librarian", "files"])],
        ),
        case(
            ResearchDesk,
            "don't edit a thing. what does the planner do?",
            vec![NoPatch(ReplyKind::Answer), Says(&["planner", "researcher"])],
        ),
        case(
            Mini,
            "dont change anything",
            vec![That("no change", no_patch)],
        ),
        // "use a FIELD of VALUE"; of several that could take it, the one that sets it.
        case(
            Mini,
            "use a temperature of 0.9",
            vec![Proposed, Valid, Is("/models/chat/temperature", json!(0.9))],
        ),
        case(
            SupportDesk,
            "use a max tokens of 1024 for the triage model",
            vec![
                Proposed,
                Valid,
                Is("/models/triage/max_tokens", json!(1024)),
            ],
        ),
        // "… to N UNIT": the unit names the field.
        case(
            LocalOllama,
            "raise history to 300 messages",
            vec![
                Proposed,
                Valid,
                Is("/memory/history/max_messages", json!(300)),
            ],
        ),
        // "stop/start doing" a switch.
        case(
            ResearchDesk,
            "start logging prompts",
            vec![
                Proposed,
                Valid,
                Is("/middleware/audit_log/log_prompts", json!(true)),
            ],
        ),
        case(
            SupportDesk,
            "stop blocking pii",
            vec![
                Proposed,
                Valid,
                Is("/middleware/safety/block_pii", json!(false)),
            ],
        ),
        // A topic said with "questions about", "topics like", "anything about".
        case(
            SupportDesk,
            "deny anything about crypto",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/safety/denied_topics", json!("crypto")),
            ],
        ),
        case(
            TplSupport,
            "also refuse topics like gambling",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/guardrails/denied_topics", json!("gambling")),
            ],
        ),
        // "with a FIELD of VALUE", "…, like FIELD VALUE", "a bit more …".
        case(
            ResearchDesk,
            "add tracing to the writer with a sample rate of 0.5",
            vec![
                Proposed,
                Valid,
                That("writer traced", |o| {
                    agent_has_middleware(o, "writer", "tracing")
                }),
                That("sample rate 0.5", |o| mentions(o, "\"sample_rate\":0.5")),
            ],
        ),
        case(
            ResearchDesk,
            "make the writer model a little less random, say temperature 0.4",
            vec![
                Proposed,
                Valid,
                Is("/models/writer/temperature", json!(0.4)),
            ],
        ),
        // "spin up", "whip up": create.
        case(
            None,
            "whip up a local ollama assistant",
            vec![
                Proposed,
                Valid,
                That("an ollama provider", |o| mentions(o, "\"type\":\"ollama\"")),
            ],
        ),
    ]
}

#[test]
fn twelfth_held_out_batch_classes() {
    run_batch(
        "twelfth held-out batch, classes of its misses",
        second_classes(),
    );
}

/// The second batch's misses, by their text (as [`MISSES`]).
const SECOND_MISSES: &[&str] = &[
    "renmae planner to coordinator",
    "use text-embedding-3-large for embeddings and set dimensions to 3072",
    "let the audit log record prompts",
];

#[test]
fn twelfth_held_out_batch() {
    let cases = second_batch();
    assert!(cases.len() >= 30, "at least 30 requests");
    run_batch(
        "twelfth held-out batch",
        partition(cases, SECOND_MISSES, false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn twelfth_held_out_batch_known_gaps() {
    run_gaps(
        "twelfth held-out batch, known gaps",
        partition(second_batch(), SECOND_MISSES, true),
    );
}

/// A third fresh batch, written after the fixes for the second and before the engine was
/// changed for it.
fn third_batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            None,
            "Create a production setup with OpenAI using gpt-4.1 as the chat model",
            vec![
                Proposed,
                Valid,
                That("gpt-4.1 chat", |o| mentions(o, "\"name\":\"gpt-4.1\"")),
            ],
        ),
        case(
            None,
            "new stack with dev/staging/prod, dev on qwen2.5",
            vec![
                Proposed,
                Valid,
                That("qwen2.5 in dev", |o| mentions(o, "qwen2.5")),
                Present("/environments/staging"),
            ],
        ),
        case(
            None,
            "a support bot with guardrails that refuses legal advice only",
            vec![
                Proposed,
                Valid,
                That("legal advice only", |o| {
                    o.after
                        .pointer("/middleware/guardrails/denied_topics")
                        .is_some_and(|v| v == &json!(["legal advice"]))
                }),
            ],
        ),
        case(
            TplProduction,
            "add a triage agent using gpt-4o-mini with the prompt 'Route every request.'",
            vec![
                Proposed,
                Valid,
                That("triage on gpt-4o-mini", |o| {
                    agent_model_is(o, "triage", "gpt-4o-mini")
                }),
                Is(
                    "/agents/triage/system_prompt",
                    json!("Route every request."),
                ),
            ],
        ),
        case(
            TplProduction,
            "rename summarizer -> digest",
            vec![
                Proposed,
                Valid,
                Present("/agents/digest"),
                Absent("/agents/summarizer"),
            ],
        ),
        case(
            TplProduction,
            "requests per minute 250",
            vec![
                Proposed,
                Valid,
                Is("/middleware/rate_limit/requests_per_minute", json!(250)),
            ],
        ),
        case(
            TplProduction,
            "which agents have caching?",
            vec![NoPatch(ReplyKind::Answer), Says(&["assistant"])],
        ),
        case(
            TplResearch,
            "let the reviewer search papers too",
            vec![
                Proposed,
                Valid,
                Holds("/agents/reviewer/tools", json!("papers")),
            ],
        ),
        case(
            TplResearch,
            "reviewer should delegate back to the writer",
            vec![
                Proposed,
                Valid,
                Holds("/agents/reviewer/delegates_to", json!("writer")),
            ],
        ),
        case(
            TplResearch,
            "get rid of the retry middleware",
            vec![
                Proposed,
                Valid,
                Absent("/middleware/retry"),
                Lacks("/agents/planner/middleware", json!("retry")),
            ],
        ),
        case(
            TplResearch,
            "what happens if i delete the embeddings model?",
            vec![NoPatch(ReplyKind::Answer), Says(&["sources"])],
        ),
        case(
            TplRag,
            "answerer max iterations 4 pls",
            vec![
                Proposed,
                Valid,
                Is("/agents/answerer/max_iterations", json!(4)),
            ],
        ),
        case(
            TplRag,
            "give the answerer a calculator",
            vec![
                Proposed,
                Valid,
                That("a calculator", |o| {
                    agent_tool_is(o, "answerer", "calculator")
                }),
            ],
        ),
        case(
            TplSupport,
            "set the ticket tool's url to https://help.acme.io/api/tickets",
            vec![
                Proposed,
                Valid,
                Is(
                    "/tools/open_ticket/url",
                    json!("https://help.acme.io/api/tickets"),
                ),
            ],
        ),
        case(
            TplSupport,
            "forget conversations after an hour",
            vec![
                Proposed,
                Valid,
                Is("/memory/conversations/ttl_s", json!(3600)),
            ],
        ),
        case(
            TplSupport,
            "why isn't the support agent using a cache?",
            vec![That("no change", no_patch)],
        ),
        case(
            TplAnthropic,
            "add a second agent, an editor, on the claude model",
            vec![Proposed, Valid, Is("/agents/editor/model", json!("claude"))],
        ),
        case(
            TplAnthropic,
            "what does the writer use",
            vec![NoPatch(ReplyKind::Answer), Says(&["claude", "drafts"])],
        ),
        case(
            TplEnvironments,
            "for staging, sample only half of the requests (0.5)",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/staging/overrides/middleware/tracing/sample_rate",
                    json!(0.5),
                ),
                Is("/middleware/tracing/sample_rate", json!(1)),
            ],
        ),
        case(
            TplEnvironments,
            "prod: tracing endpoint http://otel.prod:4318",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/prod/overrides/middleware/tracing/endpoint",
                    json!("http://otel.prod:4318"),
                ),
            ],
        ),
        case(
            TplEnvironments,
            "describe the environments",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["dev", "staging", "prod"]),
            ],
        ),
        case(
            TplSelfHosted,
            "context window 32768",
            vec![
                Proposed,
                Valid,
                Is("/models/chat/context_window", json!(32768)),
            ],
        ),
        case(
            TplReview,
            "add rate limiting to the reviewer, 30 requests per minute",
            vec![
                Proposed,
                Valid,
                That("rate limited", |o| {
                    agent_has_middleware(o, "reviewer", "rate_limit")
                }),
                That("30 rpm", |o| mentions(o, "\"requests_per_minute\":30")),
            ],
        ),
        case(
            TplOllama,
            "switch the local model to phi3",
            vec![Proposed, Valid, Is("/models/local/name", json!("phi3"))],
        ),
        case(
            TplOllama,
            "point ollama at http://gpu-server:11434",
            vec![
                Proposed,
                Valid,
                Is(
                    "/providers/ollama/base_url",
                    json!("http://gpu-server:11434"),
                ),
            ],
        ),
        case(
            LocalOllama,
            "don't let chat use the history memory anymore",
            vec![
                Proposed,
                Valid,
                Absent("/agents/chat/memory"),
                Present("/memory/history"),
                Present("/agents/chat"),
            ],
        ),
        case(Dangling, "fix copywriter", vec![Proposed, Valid]),
        case(
            OutOfRange,
            "what's out of range?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["temperature", "max_iterations"]),
            ],
        ),
    ]
}

/// Paraphrases of the classes the third batch's misses stood for.
fn third_classes() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // "a KIND, a NAME, …": the name; but "a tool, a calculator" says which tool.
        case(
            ResearchDesk,
            "add an agent, a critic, on the smart model",
            vec![Proposed, Valid, Is("/agents/critic/model", json!("smart"))],
        ),
        case(
            ResearchDesk,
            "add a tool, a calculator, to the planner",
            vec![
                Proposed,
                Valid,
                That("the planner has a calculator", |o| {
                    agent_tool_is(o, "planner", "calculator")
                }),
            ],
        ),
        // "add X to Y, N FIELD": X comes with that value.
        case(
            ResearchDesk,
            "add a cache to the writer, ttl 120",
            vec![
                Proposed,
                Valid,
                That("writer caches", |o| {
                    agent_has_middleware(o, "writer", "cache")
                }),
                That("ttl 120", |o| mentions(o, "\"ttl_s\":120")),
            ],
        ),
        // A field and an address with no verb; "point X at URL".
        case(
            SupportDesk,
            "traces endpoint http://collector:4318",
            vec![
                Proposed,
                Valid,
                Is(
                    "/middleware/traces/endpoint",
                    json!("http://collector:4318"),
                ),
            ],
        ),
        case(
            LocalOllama,
            "point the ollama provider at http://10.1.1.1:11434",
            vec![
                Proposed,
                Valid,
                Is("/providers/ollama/base_url", json!("http://10.1.1.1:11434")),
            ],
        ),
        // "forget / expire X after DURATION": its ttl.
        case(
            TplProduction,
            "expire the cache after 10 minutes",
            vec![Proposed, Valid, Is("/middleware/cache/ttl_s", json!(600))],
        ),
        case(
            ResearchDesk,
            "forget notes after 2 hours",
            vec![Proposed, Valid, Is("/memory/notes/ttl_s", json!(7200))],
        ),
        // Templates: environments said with slashes; refused topics.
        case(
            None,
            "assistant with dev/staging/prod environments",
            vec![Proposed, Valid, Present("/environments/staging")],
        ),
        case(
            None,
            "support agent for Acme that refuses crypto and gambling",
            vec![
                Proposed,
                Valid,
                Holds("/middleware/guardrails/denied_topics", json!("crypto")),
                Holds("/middleware/guardrails/denied_topics", json!("gambling")),
                Holds(
                    "/middleware/guardrails/denied_topics",
                    json!("legal advice"),
                ),
            ],
        ),
        case(
            None,
            "support bot that blocks pii",
            vec![
                Proposed,
                Valid,
                Lacks("/middleware/guardrails/denied_topics", json!("pii")),
            ],
        ),
    ]
}

#[test]
fn thirteenth_held_out_batch_classes() {
    run_batch(
        "thirteenth held-out batch, classes of its misses",
        third_classes(),
    );
}

/// The third batch's misses, by their text (as [`MISSES`]).
const THIRD_MISSES: &[&str] = &[];

#[test]
fn thirteenth_held_out_batch() {
    let cases = third_batch();
    assert!(cases.len() >= 25, "at least 25 requests");
    run_batch(
        "thirteenth held-out batch",
        partition(cases, THIRD_MISSES, false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn thirteenth_held_out_batch_known_gaps() {
    run_gaps(
        "thirteenth held-out batch, known gaps",
        partition(third_batch(), THIRD_MISSES, true),
    );
}

/// A fourth fresh batch, written after the fixes for the third and before the engine was
/// changed for it.
fn fourth_batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        case(
            None,
            "local llama3.1 assistant that remembers the last 10 messages, temperature 0.2",
            vec![
                Proposed,
                Valid,
                That("10 messages", |o| mentions(o, "\"max_messages\":10")),
                That("temperature 0.2", |o| mentions(o, "\"temperature\":0.2")),
            ],
        ),
        case(
            None,
            "research team on anthropic",
            vec![
                Proposed,
                Valid,
                That("an anthropic provider", |o| {
                    mentions(o, "\"type\":\"anthropic\"")
                }),
            ],
        ),
        case(
            TplProduction,
            "change the assistant's system prompt to: Answer in French.",
            vec![
                Proposed,
                Valid,
                Is(
                    "/agents/assistant/system_prompt",
                    json!("Answer in French."),
                ),
            ],
        ),
        case(
            TplProduction,
            "use gpt-4o-mini for the assistant too",
            vec![
                Proposed,
                Valid,
                That("assistant on gpt-4o-mini", |o| {
                    agent_model_is(o, "assistant", "gpt-4o-mini")
                }),
            ],
        ),
        case(
            TplProduction,
            "the summarizer doesn't need retries",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/summarizer/middleware", json!("retry")),
                Present("/middleware/retry"),
                Present("/agents/summarizer"),
            ],
        ),
        case(
            TplProduction,
            "in what order does the middleware run for the assistant?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["rate_limit", "audit_log"]),
            ],
        ),
        case(
            TplResearch,
            "add a fact checker agent using the analyst model that the writer can delegate to",
            vec![
                Proposed,
                Valid,
                That("a fact checker on analyst", |o| {
                    o.get("/agents")
                        .and_then(Value::as_object)
                        .is_some_and(|m| {
                            m.iter().any(|(k, v)| {
                                k.contains("fact") && v.get("model") == Some(&json!("analyst"))
                            })
                        })
                }),
            ],
        ),
        case(
            TplResearch,
            "set max_results default to 20 on the papers tool",
            vec![
                Proposed,
                Valid,
                Is(
                    "/tools/papers/parameters/properties/max_results/default",
                    json!(20),
                ),
            ],
        ),
        case(
            TplResearch,
            "who does the planner delegate to",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["researcher", "writer", "reviewer"]),
            ],
        ),
        case(
            TplRag,
            "store the index under /srv/rag/index",
            vec![
                Proposed,
                Valid,
                Is("/memory/knowledge/path", json!("/srv/rag/index")),
            ],
        ),
        case(
            TplRag,
            "use a temperature of 0 for answers",
            vec![Proposed, Valid, Is("/models/answer/temperature", json!(0))],
        ),
        case(
            TplSupport,
            "raise the guardrails input limit to 6000 characters",
            vec![
                Proposed,
                Valid,
                Is("/middleware/guardrails/max_input_chars", json!(6000)),
            ],
        ),
        case(
            TplSupport,
            "support shouldn't open tickets",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/support/tools", json!("open_ticket")),
                Present("/agents/support"),
            ],
        ),
        case(
            TplSupport,
            "what does the guardrails middleware block?",
            vec![NoPatch(ReplyKind::Answer), Says(&["legal advice"])],
        ),
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
            TplEnvironments,
            "in prod use gpt-4.1",
            // Judged on prod's own view (its overrides merged over the base): the
            // assistant answers with gpt-4.1 there, and the base keeps gpt-4o. (First
            // written as the main model's name overridden, one way of several.)
            vec![
                Proposed,
                Valid,
                That("prod's assistant on gpt-4.1", |o| {
                    let prod = o
                        .get("/environments/prod/overrides")
                        .cloned()
                        .unwrap_or_default();
                    let merged = trellis_schema::merge(&o.after, &prod);
                    let model = merged
                        .pointer("/agents/assistant/model")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string();
                    merged.pointer(&format!("/models/{model}/name")) == Some(&json!("gpt-4.1"))
                }),
                That("the base still on gpt-4o", |o| {
                    agent_model_is(o, "assistant", "gpt-4o")
                }),
            ],
        ),
        case(
            TplEnvironments,
            "add a description to staging: Pre-release checks",
            vec![
                Proposed,
                Valid,
                Is(
                    "/environments/staging/description",
                    json!("Pre-release checks"),
                ),
            ],
        ),
        case(
            TplSelfHosted,
            "rename local_server to vllm",
            vec![
                Proposed,
                Valid,
                Present("/providers/vllm"),
                Is("/models/chat/provider", json!("vllm")),
            ],
        ),
        case(
            TplReview,
            "let the reviewer take 30 iterations",
            vec![
                Proposed,
                Valid,
                Is("/agents/reviewer/max_iterations", json!(30)),
            ],
        ),
        case(
            TplOllama,
            "add a second local model mistral and use it for the assistant",
            vec![
                Proposed,
                Valid,
                That("assistant on mistral", |o| {
                    agent_model_is(o, "assistant", "mistral")
                }),
                Present("/models/local"),
            ],
        ),
        case(
            TplOllama,
            "thanks, that's all",
            vec![That("no change", no_patch)],
        ),
        case(
            SupportDesk,
            "remove the vllm provider",
            // The triage model needs it: a refusal saying so, not a guessed edit.
            vec![That("no change", no_patch), Present("/providers/vllm")],
        ),
    ]
}

/// Paraphrases of the classes the fourth batch's misses stood for.
fn fourth_classes() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // A text after a colon, the field named before it.
        case(
            ResearchDesk,
            "set the prompt for the researcher: Cite everything.",
            vec![
                Proposed,
                Valid,
                Is(
                    "/agents/researcher/system_prompt",
                    json!("Cite everything."),
                ),
            ],
        ),
        case(
            ResearchDesk,
            "give the planner a new system prompt: Plan in three steps.",
            vec![
                Proposed,
                Valid,
                Is(
                    "/agents/planner/system_prompt",
                    json!("Plan in three steps."),
                ),
            ],
        ),
        case(
            TplRag,
            "update the answerer's description to: Answers HR questions.",
            vec![
                Proposed,
                Valid,
                Is(
                    "/agents/answerer/description",
                    json!("Answers HR questions."),
                ),
            ],
        ),
        case(
            ResearchDesk,
            "add a description to the writer: Writes reports.",
            // The writer is a model and an agent: which one is asked, never guessed.
            vec![
                That("no change", no_patch),
                Is(
                    "/description",
                    json!("Answers research questions with cited, edited reports."),
                ),
            ],
        ),
        // "use MODEL" where one component alone has a model.
        case(
            TplOllama,
            "use llama3.2",
            vec![
                Proposed,
                Valid,
                That("assistant on llama3.2", |o| {
                    agent_model_is(o, "assistant", "llama3.2")
                }),
            ],
        ),
        // "store / keep X under PATH": its path.
        case(
            LocalOllama,
            "keep the history in ./db/history.sqlite",
            vec![
                Proposed,
                Valid,
                Is("/memory/history/path", json!("./db/history.sqlite")),
            ],
        ),
        case(
            ResearchDesk,
            "store papers under /srv/papers",
            vec![
                Proposed,
                Valid,
                Is("/memory/papers/path", json!("/srv/papers")),
            ],
        ),
        // "take / do N UNIT".
        case(
            LocalOllama,
            "let the librarian take 12 iterations",
            vec![
                Proposed,
                Valid,
                Is("/agents/librarian/max_iterations", json!(12)),
            ],
        ),
    ]
}

#[test]
fn fourteenth_held_out_batch_classes() {
    run_batch(
        "fourteenth held-out batch, classes of its misses",
        fourth_classes(),
    );
}

/// The fourth batch's misses, by their text (as [`MISSES`]).
const FOURTH_MISSES: &[&str] = &[
    "research team on anthropic",
    "set max_results default to 20 on the papers tool",
    "raise the guardrails input limit to 6000 characters",
    "what does the guardrails middleware block?",
    "add a description to staging: Pre-release checks",
    "add a second local model mistral and use it for the assistant",
];

#[test]
fn fourteenth_held_out_batch() {
    let cases = fourth_batch();
    assert!(cases.len() >= 20, "at least 20 requests");
    run_batch(
        "fourteenth held-out batch",
        partition(cases, FOURTH_MISSES, false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn fourteenth_held_out_batch_known_gaps() {
    run_gaps(
        "fourteenth held-out batch, known gaps",
        partition(fourth_batch(), FOURTH_MISSES, true),
    );
}
