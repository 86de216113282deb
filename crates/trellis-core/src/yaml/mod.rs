//! YAML syntax: parsing into a [`Tree`] with spans, and planning edits as text splices.

use crate::edit::{Plan, TextEdit};
use crate::error::{EditError, SyntaxError};
use crate::tree::Tree;

pub(crate) fn parse(text: &str) -> Result<Tree, SyntaxError> {
    let _ = text;
    Err(SyntaxError::new(0, "YAML is not implemented yet"))
}

pub(crate) fn plan(text: &str, tree: &Tree, plan: &Plan<'_>) -> Result<TextEdit, EditError> {
    let _ = (text, tree, plan);
    Err(EditError::Unsupported("YAML edits are not implemented yet".into()))
}
