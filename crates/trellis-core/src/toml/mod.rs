//! TOML syntax: parsing into a [`Tree`] with spans, and planning edits as text splices.

use crate::edit::{Plan, TextEdit};
use crate::error::{EditError, SyntaxError};
use crate::tree::{NodeKind, Style, Tree};

mod parse;
mod plan;
#[cfg(test)]
mod tests;

pub(crate) use plan::basic_string;

pub(crate) fn parse(text: &str) -> Result<Tree, SyntaxError> {
    parse::parse(text)
}

pub(crate) fn plan(text: &str, tree: &Tree, plan: &Plan<'_>) -> Result<TextEdit, EditError> {
    plan::plan(text, tree, plan)
}

/// See [`parse::reparse_scalar`].
pub(crate) fn reparse_scalar(token: &str) -> Option<(NodeKind, Style)> {
    parse::reparse_scalar(token)
}
