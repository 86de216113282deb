//! YAML syntax: parsing into a [`Tree`] with spans, and planning edits as text splices.
//!
//! The parser ([`parse`]) is hand-written over bytes for the YAML used by configuration
//! files; the planner ([`plan`]) turns a resolved edit into the one smallest text splice that
//! keeps comments, layout and quoting elsewhere byte-identical.

mod parse;
mod plan;
#[cfg(test)]
mod tests;

use crate::edit::{Plan, TextEdit};
use crate::error::{EditError, SyntaxError};
use crate::tree::{NodeId, NodeKind, Style, Tree};

pub(crate) use plan::double as double_quoted;

pub(crate) fn parse(text: &str) -> Result<Tree, SyntaxError> {
    parse::parse(text)
}

pub(crate) fn plan(text: &str, tree: &Tree, plan: &Plan<'_>) -> Result<TextEdit, EditError> {
    plan::plan(text, tree, plan)
}

/// See [`parse::reparse_scalar`].
pub(crate) fn reparse_scalar(
    text: &str,
    tree: &Tree,
    node: NodeId,
    token: &str,
) -> Option<(NodeKind, Style)> {
    parse::reparse_scalar(text, tree, node, token)
}
