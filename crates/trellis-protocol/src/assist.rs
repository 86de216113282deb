//! The assistant's wire types: its settings, what a turn streams to the UI, and the
//! proposals it makes.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::TextDiffDto;

/// Which provider answers: the built-in offline engine, or an OpenAI-compatible server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProviderKind {
    #[default]
    Offline,
    OpenaiCompatible,
}

/// The assistant's settings as the app shows and stores them. The API key is never part of
/// them: it lives in the system keyring (or an environment variable); `key` only says where
/// one was found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssistSettingsDto {
    pub provider: ProviderKind,
    /// The server's API base, e.g. `https://api.openai.com/v1` or `http://localhost:11434/v1`.
    pub base_url: String,
    pub model: String,
    /// The environment variable read when the keyring has no key.
    pub key_env: String,
    /// Where the key would come from now (`the keyring entry …`, `the environment variable
    /// …`), or why there is none. Ignored when settings are stored.
    #[serde(default)]
    pub key_status: String,
}

impl Default for AssistSettingsDto {
    fn default() -> AssistSettingsDto {
        AssistSettingsDto {
            provider: ProviderKind::Offline,
            base_url: "https://api.openai.com/v1".to_string(),
            model: "gpt-4o-mini".to_string(),
            key_env: "OPENAI_API_KEY".to_string(),
            key_status: String::new(),
        }
    }
}

/// A change the assistant proposes: checked to apply and to add no error, shown as a diff,
/// applied only when the user accepts it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposalDto {
    /// Names the proposal for apply and reject.
    pub id: u64,
    /// The request it answers (for the commit message).
    pub request: String,
    pub summary: String,
    /// The document's text now and with the proposal applied.
    pub diff: TextDiffDto,
    /// The change as RFC 6902 operations over the document's data.
    pub patch: Vec<Value>,
    /// Error-level findings the document would have after it (none are new).
    pub errors_after: u32,
}

/// What a turn reports to the UI as it runs; ends with exactly one `done` or `error`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum AssistEventDto {
    /// More of the answer's text (Markdown, to be rendered as text, never as HTML).
    Text {
        text: String,
    },
    /// The assistant consulted a tool (shown as a quiet line).
    Tool {
        name: String,
    },
    Proposal {
        proposal: ProposalDto,
    },
    Done,
    Error {
        message: String,
    },
}

/// The whole answer to one request, as the CLI prints it with `--format json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssistReplyDto {
    pub reply: String,
    /// The proposed change (empty for answers and questions).
    pub patch: Vec<Value>,
}

/// The backend event that carries a turn's [`AssistEventDto`]s to the UI.
pub const ASSIST_EVENT: &str = "assist-event";

/// One event of a running turn, with the document and turn it belongs to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AssistStreamDto {
    pub path: String,
    /// The number the UI gave the turn when it asked.
    pub turn: u64,
    pub event: AssistEventDto,
}
