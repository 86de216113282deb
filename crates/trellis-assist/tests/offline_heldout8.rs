//! A held-out batch of agent-stack requests written in one sitting, before it was run and
//! before the engine was changed for it, in the styles people type in the chat panel
//! (terse, chatty, misspelt, several changes at once), over every intent of the offline
//! engine. Judged by the document each proposal makes, never by the reply's wording.
//!
//! First try: 41/43 (95.3%). What still misses is listed by its text and run by the ignored
//! known-gaps test.

use serde_json::{json, Value};
use trellis_assist::offline::ReplyKind;

mod offline_support;

use offline_support::*;

fn agents_of(o: &Outcome) -> usize {
    o.get("/agents")
        .and_then(Value::as_object)
        .map_or(0, |m| m.len())
}

fn batch() -> Vec<Case> {
    use Check::*;
    use Doc::*;
    vec![
        // ------------------------------------------------------------ templates
        case(
            None,
            "spin up a production openai config",
            vec![
                Proposed,
                Valid,
                Is("/providers/openai/type", json!("openai")),
                That("agents", |o| agents_of(o) >= 1),
            ],
        ),
        case(
            None,
            "local assistant with ollama running mistral",
            vec![
                Proposed,
                Valid,
                That("an ollama provider", |o| mentions(o, "\"ollama\"")),
                That("mistral", |o| mentions(o, "mistral")),
            ],
        ),
        case(
            None,
            "i need a research team, planner model gpt-4o",
            vec![
                Proposed,
                Valid,
                That("several agents", |o| agents_of(o) >= 3),
                That("gpt-4o", |o| mentions(o, "gpt-4o")),
            ],
        ),
        case(
            None,
            "customer support agent with guardrails for Initech",
            vec![Proposed, Valid, That("Initech", |o| mentions(o, "Initech"))],
        ),
        case(
            None,
            "a writing assistant on claude",
            vec![
                Proposed,
                Valid,
                That("anthropic", |o| mentions(o, "\"anthropic\"")),
            ],
        ),
        // ------------------------------------------------------------ add
        case(
            Mini,
            "add an agent called critic on the chat model",
            vec![Proposed, Valid, Is("/agents/critic/model", json!("chat"))],
        ),
        case(
            Mini,
            "add a researcher agent using gpt-4o that can search the web",
            vec![
                Proposed,
                Valid,
                That("researcher on gpt-4o", |o| {
                    agent_model_is(o, "researcher", "gpt-4o")
                }),
                That("web search", |o| {
                    names_one(o, "/agents/researcher/tools", "tools", |t| {
                        t.get("name") == Some(&json!("web_search"))
                    })
                }),
            ],
        ),
        case(
            Mini,
            "give the assistant redis memory",
            vec![
                Proposed,
                Valid,
                That("redis memory", |o| agent_memory_is(o, "assistant", "redis")),
            ],
        ),
        case(
            ResearchDesk,
            "add a calculator tool for the researcher",
            vec![
                Proposed,
                Valid,
                That("a calculator", |o| {
                    names_one(o, "/agents/researcher/tools", "tools", |t| {
                        t.get("name") == Some(&json!("calculator"))
                    })
                }),
            ],
        ),
        case(
            LocalOllama,
            "new agent 'summarizer' using llama with the history memory",
            vec![
                Proposed,
                Valid,
                Is("/agents/summarizer/model", json!("llama")),
                Is("/agents/summarizer/memory", json!("history")),
            ],
        ),
        // ------------------------------------------------------------ remove / rename
        case(
            ResearchDesk,
            "get rid of the arxiv tool",
            vec![Proposed, Valid, Absent("/tools/arxiv")],
        ),
        case(
            SupportDesk,
            "drop the generalist agent",
            vec![
                Proposed,
                Valid,
                Absent("/agents/generalist"),
                Lacks("/agents/triage/delegates_to", json!("generalist")),
            ],
        ),
        case(
            ResearchDesk,
            "rename the fast model to quick",
            vec![
                Proposed,
                Valid,
                Present("/models/quick"),
                Is("/agents/planner/model", json!("quick")),
            ],
        ),
        case(
            LocalOllama,
            "call the chat agent 'smalltalk' instead",
            vec![
                Proposed,
                Valid,
                Present("/agents/smalltalk"),
                Absent("/agents/chat"),
            ],
        ),
        // ------------------------------------------------------------ connect
        case(
            ResearchDesk,
            "the writer should be able to search the web too",
            vec![
                Proposed,
                Valid,
                Holds("/agents/writer/tools", json!("web_search")),
            ],
        ),
        case(
            ResearchDesk,
            "planner shouldnt delegate to the writer anymore",
            vec![
                Proposed,
                Valid,
                Lacks("/agents/planner/delegates_to", json!("writer")),
                Present("/agents/writer"),
            ],
        ),
        case(
            SupportDesk,
            "let generalist hand off to billing",
            vec![
                Proposed,
                Valid,
                Holds("/agents/generalist/delegates_to", json!("billing")),
            ],
        ),
        case(
            LocalOllama,
            "librarian: use the history memory",
            vec![
                Proposed,
                Valid,
                Is("/agents/librarian/memory", json!("history")),
            ],
        ),
        // ------------------------------------------------------------ set
        case(
            ResearchDesk,
            "temperature of the smart model -> 0.3",
            vec![Proposed, Valid, Is("/models/smart/temperature", json!(0.3))],
        ),
        case(
            ResearchDesk,
            "writer model max tokens 4000 pls",
            vec![
                Proposed,
                Valid,
                Is("/models/writer/max_tokens", json!(4000)),
            ],
        ),
        case(
            SupportDesk,
            "set the azure timeout to a minute",
            vec![Proposed, Valid, Is("/providers/azure/timeout_s", json!(60))],
        ),
        case(
            ResearchDesk,
            "the notes memory should keep 100 messages",
            vec![
                Proposed,
                Valid,
                Is("/memory/notes/max_messages", json!(100)),
            ],
        ),
        case(
            Mini,
            "change the assistant's system prompt to \"You answer in French.\"",
            vec![
                Proposed,
                Valid,
                Is(
                    "/agents/assistant/system_prompt",
                    json!("You answer in French."),
                ),
            ],
        ),
        case(
            SupportDesk,
            "bump the rate limit to 900 requests per minute",
            vec![
                Proposed,
                Valid,
                Is("/middleware/limits/requests_per_minute", json!(900)),
            ],
        ),
        case(
            ResearchDesk,
            "make the researcher use the fast model",
            vec![
                Proposed,
                Valid,
                Is("/agents/researcher/model", json!("fast")),
            ],
        ),
        case(
            Mini,
            "set temprature to 0.9 on chat",
            vec![Proposed, Valid, Is("/models/chat/temperature", json!(0.9))],
        ),
        // ------------------------------------------------------------ across components
        case(
            ResearchDesk,
            "put rate limiting on every agent",
            vec![
                Proposed,
                Valid,
                That("all rate limited", |o| all_agents_have(o, "rate_limit")),
            ],
        ),
        case(
            ResearchDesk,
            "trace all the agents",
            vec![
                Proposed,
                Valid,
                That("all traced", |o| all_agents_have(o, "tracing")),
            ],
        ),
        case(
            LocalOllama,
            "add retries to all agents please",
            vec![
                Proposed,
                Valid,
                That("all retry", |o| all_agents_have(o, "retry")),
            ],
        ),
        // ------------------------------------------------------------ errors
        case(
            OutOfRange,
            "why doesnt this validate",
            vec![NoPatch(ReplyKind::Answer), Says(&["temperature"])],
        ),
        case(
            OutOfRange,
            "fix everything you can",
            vec![Proposed, ErrorsBelow(3)],
        ),
        case(
            YamlTypes,
            "fix the errors",
            vec![
                Proposed,
                Valid,
                Is("/agents/surfer/max_iterations", json!(20)),
            ],
        ),
        case(
            Dangling,
            "repair the broken references",
            vec![
                Proposed,
                Valid,
                Is("/agents/copywriter/model", json!("writer")),
            ],
        ),
        case(
            MissingModel,
            "what's wrong here?",
            vec![NoPatch(ReplyKind::Answer), Says(&["writer"])],
        ),
        // ------------------------------------------------------------ questions
        case(
            ResearchDesk,
            "what depends on the openai provider?",
            vec![NoPatch(ReplyKind::Answer), Says(&["fast", "smart"])],
        ),
        case(
            SupportDesk,
            "what would break if I deleted the conversations memory",
            vec![NoPatch(ReplyKind::Answer), Says(&["billing", "generalist"])],
        ),
        case(
            LocalOllama,
            "which agents use llama?",
            vec![NoPatch(ReplyKind::Answer), Says(&["librarian", "chat"])],
        ),
        case(
            SupportDesk,
            "give me an overview of this config",
            vec![NoPatch(ReplyKind::Answer), Says(&["triage", "billing"])],
        ),
        case(
            ResearchDesk,
            "what model does the writer agent use?",
            vec![NoPatch(ReplyKind::Answer), Says(&["writer"])],
        ),
        // ------------------------------------------------------------ several at once
        case(
            Mini,
            "add a tool called calc of type builtin calculator and give it to the assistant",
            vec![
                Proposed,
                Valid,
                Holds("/agents/assistant/tools", json!("calc")),
            ],
        ),
        case(
            ResearchDesk,
            "rename writer to author and set its memory to papers",
            vec![
                Proposed,
                Valid,
                Is("/agents/author/memory", json!("papers")),
            ],
        ),
        // ------------------------------------------------------------ no guessing
        case(
            ResearchDesk,
            "make it better",
            vec![That("no change", |o| o.reply.patch.is_empty())],
        ),
        case(
            ResearchDesk,
            "deploy this to kubernetes",
            vec![That("no change", |o| o.reply.patch.is_empty())],
        ),
    ]
}

/// The misses of the first run, kept by their text.
fn known_gaps() -> Vec<&'static str> {
    vec![
        // `writer` is a model and an agent; "its memory" would tell which, but the rename
        // comes first and asks.
        "rename writer to author and set its memory to papers",
    ]
}

#[test]
fn held_out_batch() {
    run_batch(
        "hand-written batch",
        partition(batch(), &known_gaps(), false),
    );
}

#[test]
#[ignore = "known gaps of the offline engine"]
fn held_out_batch_known_gaps() {
    run_gaps(
        "hand-written batch, known gaps",
        partition(batch(), &known_gaps(), true),
    );
}
