//! The Trellis assistant. Owns the conversation and tool model (messages, [`Tools`] over the
//! open document, [`Proposal`]s, streamed [`Event`]s) and the [`Provider`]s that answer a
//! turn: the OpenAI-compatible chat-completions client in [`provider`] (and the offline
//! engine, which plugs into the same [`Provider`] trait).
//!
//! Invariants:
//! - **Nothing is applied behind the user's back.** [`Tools`] only reads and validates; a
//!   change leaves a turn only as a [`Proposal`], and only after [`check_proposal`] found
//!   that it applies and adds no error. Text in a document or a model answer ("ignore
//!   previous instructions") can therefore cause at most a proposal the user sees.
//! - **Secrets stay on the machine.** Every string sent to a remote model passes the
//!   conversation's [`provider::Redactor`], which replaces the document's secret values with
//!   stable placeholders (`«secret:1»`); placeholders in returned patches are restored
//!   before validation, and unknown ones are refused. The API key lives in the system
//!   keyring or an environment variable and in memory as an [`provider::ApiKey`] that never
//!   prints.
//! - **Every wait is bounded and every failure is an event.** Timeouts, retries, rounds,
//!   repairs and the response size are capped; a turn ends with exactly one
//!   [`Event::Done`] or [`Event::Error`] with a message a person can act on, never a panic.
//!
//! This crate does no file IO and does not know `trellis-api`; the API layer implements
//! [`Tools`] over its session's document.

mod conversation;
pub mod offline;
pub mod provider;

pub use conversation::{
    check_proposal, AssistError, BoxFuture, Conversation, Event, Finding, Kind, Message, Proposal,
    ProposalProblem, Provider, Reply, Role, Severity, TimeoutPhase, ToolCall, Tools, Turn,
};
pub use trellis_diff::PatchOp;
