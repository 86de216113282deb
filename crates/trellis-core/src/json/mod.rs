//! JSON syntax: parsing into a [`Tree`] with spans, and planning edits as text splices.

use crate::edit::{Plan, TextEdit};
use crate::error::{EditError, SyntaxError};
use crate::tree::Tree;

mod parse;
pub(crate) mod plan;
#[cfg(test)]
pub(crate) mod tests;

pub(crate) fn parse(text: &str) -> Result<Tree, SyntaxError> {
    parse::parse(text)
}

pub(crate) fn plan(text: &str, tree: &Tree, plan: &Plan<'_>) -> Result<TextEdit, EditError> {
    plan::plan(text, tree, plan)
}
