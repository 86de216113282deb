//! Held-out requests for the offline engine, written before the engine was tuned on them,
//! judged by the document each proposal makes (as in `offline.rs`).

use serde_json::json;
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

/// The first held-out batch: written before the engine was changed for it, in the words a
/// user would type (paraphrases, typos, other packs, different documents).
fn first_batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ---------------------------------------------------------------- templates
        case(
            None,
            "spin up a production openai stack",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/type", json!("openai")),
                Present("/middleware/rate_limit"),
            ],
        ),
        case(
            None,
            "i want a local setup with ollama running mistral",
            vec![
                Proposed,
                Valid,
                Is("/providers/ollama/type", json!("ollama")),
                Is("/models/local/name", json!("mistral")),
            ],
        ),
        case(
            None,
            "create an anthropic setup",
            vec![
                Proposed,
                Valid,
                Is("/providers/anthropic/type", json!("anthropic")),
            ],
        ),
        case(
            None,
            "make a research team setup",
            vec![Proposed, Valid, Present("/agents/planner")],
        ),
        case(
            ComposeNone,
            "web app with postgres and redis please",
            vec![
                Proposed,
                Valid,
                Present("/services/db"),
                Present("/services/cache"),
            ],
        ),
        case(
            None,
            "set up a customer support desk with guardrails",
            vec![
                Proposed,
                Valid,
                Is("/middleware/guardrails/type", json!("guardrails")),
            ],
        ),
        case(
            ActionsNone,
            "create a rust ci workflow",
            vec![Proposed, Valid, Present("/jobs")],
        ),
        case(
            None,
            "local llama3 setup on ollama called my-notes",
            vec![
                Proposed,
                Valid,
                Is("/name", json!("my-notes")),
                Is("/models/local/name", json!("llama3")),
            ],
        ),
        // ---------------------------------------------------------------- adding
        case(
            Mini,
            "add a writer agent that uses the chat model",
            vec![Proposed, Valid, Is("/agents/writer/model", json!("chat"))],
        ),
        case(
            ResearchDesk,
            "create an agent called editor using the smart model with the arxiv tool",
            vec![
                Proposed,
                Valid,
                Is("/agents/editor/model", json!("smart")),
                Holds("/agents/editor/tools", json!("arxiv")),
            ],
        ),
        case(
            ResearchDesk,
            "add a new http tool named weather at https://wttr.in/api",
            vec![
                Proposed,
                Valid,
                Is("/tools/weather/type", json!("http")),
                Is("/tools/weather/url", json!("https://wttr.in/api")),
            ],
        ),
        case(
            Mini,
            "add an anthropic provider",
            vec![
                Proposed,
                Valid,
                Is("/providers/anthropic/type", json!("anthropic")),
            ],
        ),
        case(
            Mini,
            "add a model named fast using gpt-4o-mini",
            vec![
                Proposed,
                Valid,
                Is("/models/fast/name", json!("gpt-4o-mini")),
                Is("/models/fast/provider", json!("openai")),
            ],
        ),
        case(
            WebStack,
            "add a postgres service called analytics-db",
            vec![Proposed, Valid, Present("/services/analytics-db")],
        ),
        case(
            LocalOllama,
            "add a reviewer agent on the llama model that can use the calculator",
            vec![
                Proposed,
                Valid,
                Is("/agents/reviewer/model", json!("llama")),
                Holds("/agents/reviewer/tools", json!("calc")),
            ],
        ),
        case(
            ResearchDesk,
            "add an agent named critic with web search",
            vec![
                Proposed,
                Valid,
                That("the critic can search the web", |o| {
                    names_one(o, "/agents/critic/tools", "tools", |t| {
                        t["name"] == "web_search"
                    })
                }),
            ],
        ),
        // ---------------------------------------------------------------- across components
        case(
            ResearchDesk,
            "put retries on all agents",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/middleware", json!("retry")),
                Holds("/agents/planner/middleware", json!("retry")),
            ],
        ),
        case(
            ResearchDesk,
            "enable tracing for every agent",
            vec![
                Proposed,
                Valid,
                That("every agent is traced", |o| {
                    ["planner", "researcher", "writer"].iter().all(|a| {
                        names_one(o, &format!("/agents/{a}/middleware"), "middleware", |m| {
                            m["type"] == "tracing"
                        })
                    })
                }),
            ],
        ),
        case(
            LocalOllama,
            "add caching to all agents",
            vec![
                Proposed,
                Valid,
                That("both agents cache", |o| {
                    ["librarian", "chat"].iter().all(|a| {
                        names_one(o, &format!("/agents/{a}/middleware"), "middleware", |m| {
                            m["type"] == "cache"
                        })
                    })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "set the temperature of every model to 0.5",
            vec![
                Proposed,
                Valid,
                Is("/models/fast/temperature", json!(0.5)),
                Is("/models/smart/temperature", json!(0.5)),
                Is("/models/writer/temperature", json!(0.5)),
            ],
        ),
        case(
            WebStack,
            "set restart to on-failure for every service",
            vec![
                Proposed,
                Valid,
                Is("/services/proxy/restart", json!("on-failure")),
                Is("/services/cache/restart", json!("on-failure")),
            ],
        ),
        // ---------------------------------------------------------------- setting values
        case(
            ResearchDesk,
            "set temperature to 0.2 and max tokens to 1000 on the smart model",
            vec![
                Proposed,
                Valid,
                Is("/models/smart/temperature", json!(0.2)),
                Is("/models/smart/max_tokens", json!(1000)),
            ],
        ),
        case(
            ResearchDesk,
            "make arxiv use POST",
            vec![Proposed, Valid, Is("/tools/arxiv/method", json!("POST"))],
        ),
        case(
            ResearchDesk,
            "change the fast model to gpt-4.1-mini",
            vec![
                Proposed,
                Valid,
                Is("/models/fast/name", json!("gpt-4.1-mini")),
            ],
        ),
        case(
            ResearchDesk,
            "planner max iterations = 10",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/max_iterations", json!(10)),
            ],
        ),
        case(
            ResearchDesk,
            "bump the openai timeout to 60",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/timeout_s", json!(60)),
            ],
        ),
        case(
            SupportDesk,
            "set the billing agent's max iterations to 5",
            vec![
                Proposed,
                Valid,
                Is("/agents/billing/max_iterations", json!(5)),
            ],
        ),
        case(
            ResearchDesk,
            "set the top k of papers to 12",
            vec![Proposed, Valid, Is("/memory/papers/top_k", json!(12))],
        ),
        case(
            ResearchDesk,
            "turn on log prompts for the audit log",
            vec![
                Proposed,
                Valid,
                Is("/middleware/audit_log/log_prompts", json!(true)),
            ],
        ),
        case(
            SupportDesk,
            "set the cache ttl to 5 minutes",
            vec![Proposed, Valid, Is("/middleware/cache/ttl_s", json!(300))],
        ),
        case(
            WebStack,
            "change the db image to postgres:17",
            vec![
                Proposed,
                Valid,
                Is("/services/db/image", json!("postgres:17")),
            ],
        ),
        case(
            Mini,
            "change the assistant's system prompt to \"You are terse.\"",
            vec![
                Proposed,
                Valid,
                Is("/agents/assistant/system_prompt", json!("You are terse.")),
            ],
        ),
        case(
            ResearchDesk,
            "set the writer model temp to 0.6",
            vec![
                Proposed,
                Valid,
                Is("/models/writer/temperature", json!(0.6)),
            ],
        ),
        case(
            Mini,
            "rename the project to helpdesk",
            vec![Proposed, Valid, Is("/name", json!("helpdesk"))],
        ),
        case(
            ResearchDesk,
            "set the fast model temperature to 0",
            vec![Proposed, Valid, Is("/models/fast/temperature", json!(0))],
        ),
        case(
            SupportDesk,
            "turn off pii blocking",
            vec![
                Proposed,
                Valid,
                Is("/middleware/safety/block_pii", json!(false)),
            ],
        ),
        case(
            Mini,
            "set the chat model's temperature to 0.2 and max tokens to 1000",
            vec![
                Proposed,
                Valid,
                Is("/models/chat/temperature", json!(0.2)),
                Is("/models/chat/max_tokens", json!(1000)),
            ],
        ),
        // ---------------------------------------------------------------- connecting
        case(
            ResearchDesk,
            "let the planner use arxiv too",
            vec![
                Proposed,
                Valid,
                Holds("/agents/planner/tools", json!("arxiv")),
            ],
        ),
        case(
            ResearchDesk,
            "the writer should delegate to the researcher",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/delegates_to", json!("researcher")),
            ],
        ),
        case(
            ResearchDesk,
            "hook the notes memory up to the planner",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/memory", json!("notes")),
            ],
        ),
        case(
            LocalOllama,
            "librarian should also be able to delegate to chat",
            vec![
                Proposed,
                Valid,
                Holds("/agents/librarian/delegates_to", json!("chat")),
            ],
        ),
        case(
            WebStack,
            "api should depend on the proxy",
            vec![NoPatch(ReplyKind::Refused)],
        ),
        case(
            ResearchDesk,
            "make the planner use the smart model",
            vec![Proposed, Valid, Is("/agents/planner/model", json!("smart"))],
        ),
        // ---------------------------------------------------------------- removing, renaming
        case(
            ResearchDesk,
            "remove web search from the researcher",
            vec![
                Proposed,
                Valid,
                Is("/agents/researcher/tools", json!(["arxiv"])),
                Present("/tools/web_search"),
            ],
        ),
        case(
            ResearchDesk,
            "delete the papers memory",
            vec![
                Proposed,
                Valid,
                Absent("/memory/papers"),
                Absent("/agents/researcher/memory"),
            ],
        ),
        case(
            ResearchDesk,
            "rename the arxiv tool to papers_search",
            vec![
                Proposed,
                Valid,
                Present("/tools/papers_search"),
                Holds("/agents/researcher/tools", json!("papers_search")),
            ],
        ),
        case(
            SupportDesk,
            "rename the generalist to general",
            vec![
                Proposed,
                Valid,
                Present("/agents/general"),
                Holds("/agents/triage/delegates_to", json!("general")),
            ],
        ),
        case(
            WebStack,
            "remove the proxy",
            vec![Proposed, Valid, Absent("/services/proxy")],
        ),
        case(
            ResearchDesk,
            "the researcher doesn't need retries",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/researcher/middleware", json!("retry")),
                Present("/middleware/retry"),
            ],
        ),
        case(
            LocalOllama,
            "remove the calculator",
            vec![
                Proposed,
                Valid,
                Absent("/tools/calc"),
                Lacks("/agents/librarian/tools", json!("calc")),
            ],
        ),
        // ---------------------------------------------------------------- errors
        case(
            Dangling,
            "whats wrong",
            vec![NoPatch(ReplyKind::Answer), Says(&["copywriter"])],
        ),
        case(
            Dangling,
            "fix the broken references",
            vec![
                Proposed,
                Valid,
                Is("/agents/copywriter/model", json!("writer")),
            ],
        ),
        case(
            EnumTypos,
            "can you fix the problems?",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/type", json!("openai")),
            ],
        ),
        case(
            ComposeTypos,
            "why doesnt this validate",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            ResearchDesk,
            "are there any errors?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        // ---------------------------------------------------------------- impact
        case(
            ResearchDesk,
            "what uses the fast model?",
            vec![NoPatch(ReplyKind::Answer), Says(&["planner"])],
        ),
        case(
            SupportDesk,
            "what would break if i deleted the azure provider",
            vec![NoPatch(ReplyKind::Answer), Says(&["billing"])],
        ),
        case(
            WebStack,
            "who depends on cache?",
            vec![NoPatch(ReplyKind::Answer), Says(&["api"])],
        ),
        case(
            LocalOllama,
            "what relies on nomic",
            vec![NoPatch(ReplyKind::Answer), Says(&["notes_index"])],
        ),
        case(
            CiNode,
            "what does the build job depend on?",
            vec![NoPatch(ReplyKind::Answer), Says(&["lint", "test"])],
        ),
        // ---------------------------------------------------------------- describing, questions
        case(
            SupportDesk,
            "give me an overview of this config",
            vec![NoPatch(ReplyKind::Answer), Says(&["triage", "billing"])],
        ),
        case(
            LocalOllama,
            "what does the librarian do?",
            vec![NoPatch(ReplyKind::Answer), Says(&["llama", "files"])],
        ),
        case(
            ResearchDesk,
            "which models do I have?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["fast", "smart", "writer", "embeddings"]),
            ],
        ),
        case(
            ResearchDesk,
            "how many agents are there?",
            vec![
                NoPatch(ReplyKind::Answer),
                That("the answer gives the count", |o| {
                    o.text().contains('3') || o.text().contains("three")
                }),
            ],
        ),
        case(
            ResearchDesk,
            "what's the difference between fast and smart?",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["gpt-4o-mini", "gpt-4o", "0.2", "0.7"]),
            ],
        ),
        case(
            WebStack,
            "list all services",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["proxy", "api", "db", "cache"]),
            ],
        ),
        case(Mini, "is this valid", vec![NoPatch(ReplyKind::Answer)]),
        // ---------------------------------------------------------------- not understood, unsafe
        case(
            ResearchDesk,
            "delete everything",
            vec![That(
                "a proposal to review or a refusal, never a silent help",
                |o| {
                    matches!(
                        o.reply.kind,
                        ReplyKind::Proposal | ReplyKind::Refused | ReplyKind::Clarify
                    )
                },
            )],
        ),
        case(
            ResearchDesk,
            "undo that",
            vec![NoPatch(ReplyKind::Answer), Says(&["undo"])],
        ),
        case(
            ResearchDesk,
            "write me a poem about cats",
            vec![NoPatch(ReplyKind::Help)],
        ),
        case(
            ResearchDesk,
            "make it better",
            vec![NoPatch(ReplyKind::Help)],
        ),
        case(
            Mini,
            "add",
            vec![That("no patch", |o| o.reply.patch.is_empty())],
        ),
        // ---------------------------------------------------------------- names that are ordinary words
        case(
            ResearchDesk,
            "point the planner to smart",
            vec![Proposed, Valid, Is("/agents/planner/model", json!("smart"))],
        ),
        case(
            ResearchDesk,
            "what uses fast?",
            vec![NoPatch(ReplyKind::Answer), Says(&["planner"])],
        ),
        case(
            ResearchDesk,
            "set fast's temperature to 0.3",
            vec![Proposed, Valid, Is("/models/fast/temperature", json!(0.3))],
        ),
        case(
            ResearchDesk,
            "rename fast to cheap",
            vec![
                Proposed,
                Valid,
                Present("/models/cheap"),
                Is("/agents/planner/model", json!("cheap")),
            ],
        ),
        case(
            ResearchDesk,
            "on the writer model set temperature 0.8, max tokens 4000",
            vec![
                Proposed,
                Valid,
                Is("/models/writer/temperature", json!(0.8)),
                Is("/models/writer/max_tokens", json!(4000)),
            ],
        ),
        // ---------------------------------------------------------------- typos
        case(
            ResearchDesk,
            "remvoe the notes memroy",
            vec![Proposed, Valid, Absent("/memory/notes")],
        ),
        case(
            SupportDesk,
            "waht depends on the vllm provder",
            vec![NoPatch(ReplyKind::Answer), Says(&["triage"])],
        ),
        case(
            ResearchDesk,
            "add a calculater tool to the writer",
            vec![
                Proposed,
                Valid,
                That("the writer has a calculator", |o| {
                    names_one(o, "/agents/writer/tools", "tools", |t| {
                        t["name"] == "calculator"
                    })
                }),
            ],
        ),
        case(
            WebStack,
            "chnage the cache image to redis:7.4",
            vec![
                Proposed,
                Valid,
                Is("/services/cache/image", json!("redis:7.4")),
            ],
        ),
        case(
            CiNode,
            "set the lint job timeout to 15 minutes",
            vec![Proposed, Valid, Is("/jobs/lint/timeout-minutes", json!(15))],
        ),
    ]
}

/// The second held-out batch: written after the first was fixed, run once as written to
/// measure, then fixed where the cause was general.
fn second_batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ---------------------------------------------------------------- templates
        case(
            None,
            "new local stack w/ ollama + qwen2.5",
            vec![
                Proposed,
                Valid,
                Is("/providers/ollama/type", json!("ollama")),
                Is("/models/local/name", json!("qwen2.5")),
            ],
        ),
        case(
            None,
            "scaffold an agent team for research, with a reviewer",
            vec![Proposed, Valid, Present("/agents/reviewer")],
        ),
        case(
            ComposeNone,
            "I need prometheus + grafana monitoring",
            vec![
                Proposed,
                Valid,
                Present("/services/prometheus"),
                Present("/services/grafana"),
            ],
        ),
        case(
            None,
            "give me a rag pipeline over my docs",
            vec![
                Proposed,
                Valid,
                Is("/memory/knowledge/type", json!("vector")),
            ],
        ),
        // ---------------------------------------------------------------- adding
        case(
            ResearchDesk,
            "add a summarizer agent that uses the fast model and delegates to the writer",
            vec![
                Proposed,
                Valid,
                Is("/agents/summarizer/model", json!("fast")),
                Holds("/agents/summarizer/delegates_to", json!("writer")),
            ],
        ),
        case(
            SupportDesk,
            "add a sqlite memory named scratch",
            vec![Proposed, Valid, Is("/memory/scratch/type", json!("sqlite"))],
        ),
        case(
            Mini,
            "create a tool called calc that does math",
            vec![Proposed, Valid, Is("/tools/calc/name", json!("calculator"))],
        ),
        case(
            WebStack,
            "add a worker service with image busybox",
            vec![
                Proposed,
                Valid,
                Is("/services/worker/image", json!("busybox")),
            ],
        ),
        case(
            LocalOllama,
            "add a model named coder using codellama",
            vec![
                Proposed,
                Valid,
                Is("/models/coder/name", json!("codellama")),
                Is("/models/coder/provider", json!("ollama")),
            ],
        ),
        case(
            Mini,
            "give the assistant web search",
            vec![
                Proposed,
                Valid,
                That("the assistant can search the web", |o| {
                    names_one(o, "/agents/assistant/tools", "tools", |t| {
                        t["name"] == "web_search"
                    })
                }),
            ],
        ),
        // ---------------------------------------------------------------- across components
        case(
            SupportDesk,
            "add caching to every agent",
            vec![
                Proposed,
                Valid,
                Holds("/agents/billing/middleware", json!("cache")),
                Holds("/agents/generalist/middleware", json!("cache")),
            ],
        ),
        case(
            ResearchDesk,
            "set max iterations to 15 for all agents",
            vec![
                Proposed,
                Valid,
                Is("/agents/planner/max_iterations", json!(15)),
                Is("/agents/researcher/max_iterations", json!(15)),
                Is("/agents/writer/max_iterations", json!(15)),
            ],
        ),
        case(
            ResearchDesk,
            "turn on guardrails for all agents",
            vec![
                Proposed,
                Valid,
                That("every agent has guardrails", |o| {
                    ["planner", "researcher", "writer"].iter().all(|a| {
                        names_one(o, &format!("/agents/{a}/middleware"), "middleware", |m| {
                            m["type"] == "guardrails"
                        })
                    })
                }),
            ],
        ),
        // ---------------------------------------------------------------- setting values
        case(
            ResearchDesk,
            "set the smart model max tokens to 8000 and temperature to 0.4",
            vec![
                Proposed,
                Valid,
                Is("/models/smart/max_tokens", json!(8000)),
                Is("/models/smart/temperature", json!(0.4)),
            ],
        ),
        case(
            ResearchDesk,
            "set the audit log level to debug",
            vec![
                Proposed,
                Valid,
                Is("/middleware/audit_log/level", json!("debug")),
            ],
        ),
        case(
            ResearchDesk,
            "switch audit_log to warn",
            vec![
                Proposed,
                Valid,
                Is("/middleware/audit_log/level", json!("warn")),
            ],
        ),
        case(
            WebStack,
            "make the cache restart always",
            vec![
                Proposed,
                Valid,
                Is("/services/cache/restart", json!("always")),
            ],
        ),
        case(
            ResearchDesk,
            "change retry max attempts to 6",
            vec![
                Proposed,
                Valid,
                Is("/middleware/retry/max_attempts", json!(6)),
            ],
        ),
        case(
            ResearchDesk,
            "set the notes ttl to 2 hours",
            vec![Proposed, Valid, Is("/memory/notes/ttl_s", json!(7200))],
        ),
        case(
            SupportDesk,
            "triage temperature 0.1",
            vec![
                Proposed,
                Valid,
                Is("/models/triage/temperature", json!(0.1)),
            ],
        ),
        case(
            ResearchDesk,
            "change the openai provider's max retries to 5",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/max_retries", json!(5)),
            ],
        ),
        case(
            ResearchDesk,
            "set the description of the whole stack to 'Research assistant'",
            vec![
                Proposed,
                Valid,
                Is("/description", json!("Research assistant")),
            ],
        ),
        case(
            CiNode,
            "set runs-on for lint to ubuntu-22.04",
            vec![
                Proposed,
                Valid,
                Is("/jobs/lint/runs-on", json!("ubuntu-22.04")),
            ],
        ),
        case(
            ResearchDesk,
            "rename the config to research-v2",
            vec![Proposed, Valid, Is("/name", json!("research-v2"))],
        ),
        // ---------------------------------------------------------------- connecting
        case(
            ResearchDesk,
            "give the writer the web search tool as well",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/tools", json!("web_search")),
            ],
        ),
        case(
            LocalOllama,
            "use history memory for the librarian",
            vec![
                Proposed,
                Valid,
                Is("/agents/librarian/memory", json!("history")),
            ],
        ),
        case(
            WebStack,
            "proxy should also depend on db",
            vec![
                Proposed,
                Valid,
                That("the proxy depends on db", |o| {
                    o.get("/services/proxy/depends_on").is_some_and(|d| {
                        d.as_array().is_some_and(|a| a.contains(&json!("db")))
                            || d.get("db").is_some()
                    })
                }),
            ],
        ),
        case(
            ResearchDesk,
            "connect the researcher to the notes memory",
            vec![
                Proposed,
                Valid,
                Is("/agents/researcher/memory", json!("notes")),
            ],
        ),
        // ---------------------------------------------------------------- removing, renaming
        case(
            ResearchDesk,
            "drop the retry middleware",
            vec![
                Proposed,
                Valid,
                Absent("/middleware/retry"),
                Lacks("/agents/planner/middleware", json!("retry")),
            ],
        ),
        case(
            SupportDesk,
            "remove the refund tool from billing",
            vec![
                Proposed,
                Valid,
                Is("/agents/billing/tools", json!(["lookup_invoice"])),
            ],
        ),
        case(
            ResearchDesk,
            "rename smart to strong",
            vec![
                Proposed,
                Valid,
                Present("/models/strong"),
                Is("/agents/researcher/model", json!("strong")),
            ],
        ),
        case(
            LocalOllama,
            "rename the chat agent to companion",
            vec![
                Proposed,
                Valid,
                Present("/agents/companion"),
                Absent("/agents/chat"),
            ],
        ),
        case(
            WebStack,
            "delete the front network",
            vec![Proposed, Valid, Absent("/networks/front")],
        ),
        // ---------------------------------------------------------------- errors
        case(
            EnumTypos,
            "fix",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/type", json!("openai")),
            ],
        ),
        case(
            Dangling,
            "explain whats wrong with the copywriter",
            vec![NoPatch(ReplyKind::Answer), Says(&["copywriter"])],
        ),
        case(
            OutOfRange,
            "what's invalid here?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        // ---------------------------------------------------------------- impact
        case(
            ResearchDesk,
            "if I delete the anthropic provider what breaks?",
            vec![NoPatch(ReplyKind::Answer), Says(&["writer"])],
        ),
        case(
            ResearchDesk,
            "who uses arxiv",
            vec![NoPatch(ReplyKind::Answer), Says(&["researcher"])],
        ),
        case(
            WebStack,
            "what does api depend on",
            vec![NoPatch(ReplyKind::Answer), Says(&["db", "cache"])],
        ),
        // ---------------------------------------------------------------- questions
        case(
            SupportDesk,
            "how many tools do I have?",
            vec![
                NoPatch(ReplyKind::Answer),
                That("the answer gives the count", |o| {
                    o.text().contains('3') || o.text().contains("three")
                }),
            ],
        ),
        case(
            ResearchDesk,
            "compare the smart and writer models",
            vec![
                NoPatch(ReplyKind::Answer),
                Says(&["gpt-4o", "claude-sonnet-4"]),
            ],
        ),
        case(
            LocalOllama,
            "which agents are there?",
            vec![NoPatch(ReplyKind::Answer), Says(&["librarian", "chat"])],
        ),
        case(
            ResearchDesk,
            "what model does the planner use?",
            vec![NoPatch(ReplyKind::Answer), Says(&["fast"])],
        ),
        case(
            ResearchDesk,
            "is the config ok?",
            vec![NoPatch(ReplyKind::Answer)],
        ),
        case(
            ResearchDesk,
            "what's the difference between the planner and the researcher?",
            vec![NoPatch(ReplyKind::Answer), Says(&["fast", "smart"])],
        ),
        // ---------------------------------------------------------------- meta, not understood
        case(
            ResearchDesk,
            "revert the last change",
            vec![NoPatch(ReplyKind::Answer), Says(&["undo"])],
        ),
        case(
            ResearchDesk,
            "clear the whole config",
            vec![That("a proposal to review or a refusal", |o| {
                matches!(o.reply.kind, ReplyKind::Proposal | ReplyKind::Refused)
            })],
        ),
        case(
            ResearchDesk,
            "remove all the agents",
            vec![That("every agent removed, or a refusal", |o| {
                (o.reply.kind == ReplyKind::Proposal
                    && o.get("/agents/planner").is_none()
                    && o.get("/agents/writer").is_none())
                    || o.reply.kind == ReplyKind::Refused
            })],
        ),
        case(
            ResearchDesk,
            "order me a pizza",
            vec![NoPatch(ReplyKind::Help)],
        ),
        case(
            Mini,
            "set it to 5",
            vec![That("no patch", |o| o.reply.patch.is_empty())],
        ),
        // ---------------------------------------------------------------- typos, ordinary words
        case(
            ResearchDesk,
            "ad rate limitng to the writer",
            vec![
                Proposed,
                Valid,
                That("the writer is rate limited", |o| {
                    names_one(o, "/agents/writer/middleware", "middleware", |m| {
                        m["type"] == "rate_limit"
                    })
                }),
            ],
        ),
        case(
            SupportDesk,
            "chnage the billing agnet max iterations to 4",
            vec![
                Proposed,
                Valid,
                Is("/agents/billing/max_iterations", json!(4)),
            ],
        ),
        case(
            ResearchDesk,
            "make planner use smart",
            vec![Proposed, Valid, Is("/agents/planner/model", json!("smart"))],
        ),
        case(
            ResearchDesk,
            "describe fast",
            vec![NoPatch(ReplyKind::Answer), Says(&["gpt-4o-mini"])],
        ),
    ]
}

#[test]
fn first_held_out_batch() {
    let cases = first_batch();
    assert!(cases.len() >= 60, "at least 60 requests");
    run_batch("first held-out batch", cases);
}

#[test]
fn second_held_out_batch() {
    let cases = second_batch();
    assert!(cases.len() >= 40, "at least 40 requests");
    run_batch("second held-out batch", cases);
}
