//! The conversation and tool model every provider shares: messages, the tools a provider may
//! call on the open document, proposals (validated JSON Patches), streamed events, and the
//! [`Provider`] seam through which the app asks for one turn of an answer.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use trellis_diff::PatchOp;

use crate::provider::Redactor;

/// Who wrote a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
    Tool,
}

/// A tool call made by the assistant: `arguments` is the JSON text exactly as the model wrote
/// it (it may be malformed; it is parsed when the call runs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ToolCall {
    pub id: String,
    pub name: String,
    pub arguments: String,
}

/// One message of a conversation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
    /// The calls an assistant message makes (empty otherwise).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tool_calls: Vec<ToolCall>,
    /// For a tool message, the call it answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
}

impl Message {
    fn plain(role: Role, content: impl Into<String>) -> Message {
        Message {
            role,
            content: content.into(),
            tool_calls: Vec::new(),
            tool_call_id: None,
        }
    }

    pub fn system(content: impl Into<String>) -> Message {
        Message::plain(Role::System, content)
    }

    pub fn user(content: impl Into<String>) -> Message {
        Message::plain(Role::User, content)
    }

    pub fn assistant(content: impl Into<String>) -> Message {
        Message::plain(Role::Assistant, content)
    }

    /// The answer to the tool call `id`.
    pub fn tool(id: impl Into<String>, content: impl Into<String>) -> Message {
        Message {
            tool_call_id: Some(id.into()),
            ..Message::plain(Role::Tool, content)
        }
    }
}

/// The conversation about one document: its messages, and the placeholders its secrets have
/// been given (kept for the whole conversation so that `«secret:1»` always means the same
/// value; never serialized).
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct Conversation {
    pub messages: Vec<Message>,
    #[serde(skip)]
    pub redactor: Redactor,
}

impl Conversation {
    pub fn new() -> Conversation {
        Conversation::default()
    }

    pub fn push(&mut self, message: Message) {
        self.messages.push(message);
    }

    /// Adds the user's request; the next [`Provider::respond`] answers it.
    pub fn push_user(&mut self, text: impl Into<String>) {
        self.messages.push(Message::user(text));
    }
}

impl fmt::Debug for Conversation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Conversation")
            .field("messages", &self.messages)
            .field("redactor", &self.redactor)
            .finish()
    }
}

/// A change the assistant proposes: an RFC 6902 JSON Patch over the document's JSON model
/// and a sentence saying what it does. A proposal has been checked to apply and to add no
/// error before anyone sees it; it is never applied by the assistant.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    pub summary: String,
    pub patch: Vec<PatchOp>,
}

/// What a turn reports while it runs. Every turn ends with exactly one [`Event::Done`] or
/// [`Event::Error`].
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// More of the answer's text.
    Text(String),
    /// The model called a tool (arguments as the model wrote them, secrets as placeholders).
    ToolCall {
        name: String,
        arguments: String,
    },
    /// A checked proposal, ready to show as a diff.
    Proposal(Proposal),
    Done,
    Error(AssistError),
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// A validation finding as the assistant sees it (the caller converts its diagnostics).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable kind, e.g. `schema.required`, `ref.dangling`.
    pub code: String,
    pub message: String,
    /// JSON Pointer of the value concerned.
    pub pointer: String,
}

/// A kind of component the document's pack knows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kind {
    pub name: String,
    pub description: String,
    /// JSON Pointer of the map that holds components of this kind, e.g. `/agents`.
    pub location: String,
}

/// What the assistant may do with the open document, implemented by the caller over a
/// snapshot of it. Nothing here changes the document: the only way to a change is a
/// [`Proposal`] the user accepts.
pub trait Tools: Send + Sync {
    /// The document's text. Values listed by [`Tools::secrets`] are replaced by placeholders
    /// before the text leaves the machine, so this may return the text as written.
    fn read_document(&self) -> String;

    /// The secret values in the document (fields the schema marks secret, literal keys), as
    /// they appear in the text. Every string sent to a remote model has them replaced.
    fn secrets(&self) -> Vec<String> {
        Vec::new()
    }

    /// The component kinds of the document's pack.
    fn list_kinds(&self) -> Vec<Kind>;

    /// The findings after applying `patch` to the document (an empty patch: the findings
    /// now). `Err` says why the patch does not apply.
    fn validate(&self, patch: &[PatchOp]) -> Result<Vec<Finding>, String>;

    /// Explains the finding at `pointer` (with `code`, when several are there): what is
    /// wrong and the quick fixes that exist.
    fn explain(&self, pointer: &str, code: Option<&str>) -> Result<String, String>;

    /// The components that use `component` (directly or through others).
    fn dependents(&self, component: &str) -> Result<Vec<String>, String>;
}

/// Why a patch cannot become a proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProposalProblem {
    /// The patch has no operations.
    Empty,
    /// The patch does not apply to the document (the reason from [`Tools::validate`]).
    DoesNotApply(String),
    /// The patched document has errors the document does not have now.
    AddsErrors(Vec<Finding>),
}

impl fmt::Display for ProposalProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProposalProblem::Empty => write!(f, "the patch has no operations"),
            ProposalProblem::DoesNotApply(reason) => {
                write!(f, "the patch does not apply: {reason}")
            }
            ProposalProblem::AddsErrors(errors) => {
                let n = errors.len();
                write!(
                    f,
                    "the patch adds {n} error{}:",
                    if n == 1 { "" } else { "s" }
                )?;
                for e in errors {
                    let at = if e.pointer.is_empty() {
                        "/"
                    } else {
                        &e.pointer
                    };
                    write!(f, "\n- {at}: {} ({})", e.message, e.code)?;
                }
                Ok(())
            }
        }
    }
}

/// The gate every proposal passes, whichever provider made it: the patch applies, and the
/// patched document has no error-level finding that the document does not have now (counted
/// by code, pointer and message, so existing errors neither hide nor count as new ones).
/// Returns the findings after the patch.
pub fn check_proposal(
    tools: &dyn Tools,
    patch: &[PatchOp],
) -> Result<Vec<Finding>, ProposalProblem> {
    if patch.is_empty() {
        return Err(ProposalProblem::Empty);
    }
    let after = tools
        .validate(patch)
        .map_err(ProposalProblem::DoesNotApply)?;
    // The document as it is normally applies; if it cannot be validated, nothing counts as old.
    let before = tools.validate(&[]).unwrap_or_default();
    let mut old: Vec<&Finding> = before
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect();
    let mut added = Vec::new();
    for finding in after.iter().filter(|f| f.severity == Severity::Error) {
        if let Some(i) = old.iter().position(|o| {
            o.code == finding.code && o.pointer == finding.pointer && o.message == finding.message
        }) {
            old.swap_remove(i);
        } else {
            added.push(finding.clone());
        }
    }
    if added.is_empty() {
        Ok(after)
    } else {
        Err(ProposalProblem::AddsErrors(added))
    }
}

/// The answer of one turn, once it has finished.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reply {
    /// The assistant's text (all rounds of the turn, in order).
    pub text: String,
    /// The proposals made, each checked by [`check_proposal`].
    pub proposals: Vec<Proposal>,
}

/// Which limit a timeout hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeoutPhase {
    /// Opening the connection.
    Connect,
    /// Nothing arrived from the server for this long (before the headers or between chunks).
    Idle,
    /// One exchange with the server took longer than this in all.
    Request,
}

/// Why a turn failed. Messages say what happened in words a person can act on; none
/// contains the API key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AssistError {
    #[error("the assistant is not set up correctly: {0}")]
    Config(String),
    #[error("could not reach {url}: {detail}")]
    Connect { url: String, detail: String },
    #[error("{url} answered HTTP {status}{}: {message}", attempts_note(*.attempts))]
    Http {
        url: String,
        status: u16,
        message: String,
        /// Requests made, retries included.
        attempts: u32,
    },
    #[error("{}", timeout_message(*.phase, *.limit))]
    Timeout {
        phase: TimeoutPhase,
        limit: Duration,
    },
    #[error("the answer was larger than the limit of {limit} bytes and was cut off")]
    TooLarge { limit: usize },
    #[error("the server sent data that is not a valid chat-completions stream: {detail}")]
    MalformedStream { detail: String },
    #[error("the server reported an error in the middle of the answer: {message}")]
    Server { message: String },
    #[error("the connection broke while the answer was arriving: {detail}")]
    Transport { detail: String },
    #[error("the stream ended before the answer was complete")]
    Incomplete,
    #[error("the model called `{tool}` with arguments that are not valid JSON ({detail}), {attempts} times")]
    MalformedToolArguments {
        tool: String,
        detail: String,
        attempts: u32,
    },
    #[error("the model's proposed change was not accepted after {attempts} attempts: {reason}")]
    ProposalRejected { attempts: u32, reason: String },
    #[error("the model was still calling tools after {rounds} rounds, so the answer was stopped")]
    TooManyRounds { rounds: u32 },
    #[error("stopped")]
    Cancelled,
    #[error("{0}")]
    Other(String),
}

fn attempts_note(attempts: u32) -> String {
    if attempts > 1 {
        format!(" (after {attempts} attempts)")
    } else {
        String::new()
    }
}

fn timeout_message(phase: TimeoutPhase, limit: Duration) -> String {
    let s = seconds(limit);
    match phase {
        TimeoutPhase::Connect => format!("the connection to the server was not made within {s}"),
        TimeoutPhase::Idle => format!("the server sent nothing for {s}"),
        TimeoutPhase::Request => format!("the answer took longer than {s}"),
    }
}

fn seconds(d: Duration) -> String {
    if d.as_millis() < 1000 {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// A boxed future, so that [`Provider`] can be used as a trait object.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Everything one turn works with. The caller has pushed the user's request onto
/// `conversation`; the provider appends what it says and the tool results, so the next turn
/// continues from there.
pub struct Turn<'a> {
    pub conversation: &'a mut Conversation,
    pub tools: &'a dyn Tools,
    /// Receives [`Event`]s as they happen.
    pub events: &'a mut (dyn FnMut(Event) + Send),
    /// Cancelling it stops the turn at the next await (the turn then fails with
    /// [`AssistError::Cancelled`]).
    pub cancel: CancellationToken,
}

/// Something that answers a turn: the OpenAI-compatible client, the offline engine.
///
/// Contract: events stream through `turn.events` and end with exactly one `Done` (on `Ok`)
/// or `Error` (carrying the same error as the `Err`); every proposal passed
/// [`check_proposal`]; nothing changes the document.
pub trait Provider: Send + Sync {
    /// A short name for settings and logs, e.g. `openai-compatible`.
    fn name(&self) -> &str;

    fn respond<'a>(&'a self, turn: Turn<'a>) -> BoxFuture<'a, Result<Reply, AssistError>>;
}
