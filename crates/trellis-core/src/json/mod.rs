//! JSON syntax: parsing into a [`Tree`] with spans, and planning edits as text splices.

use crate::edit::{Plan, TextEdit};
use crate::error::{EditError, SyntaxError};
use crate::tree::{NodeKind, Style, Tree};

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

/// The incremental path of [`crate::Document`]: the kind and style of `token` when it is
/// exactly one JSON scalar (string, number, `true`, `false`, `null`) with nothing around it.
/// JSON tokens do not depend on their context, and what follows a value in a document that
/// parsed (whitespace, a comment, `,`, `]`, `}`, the end) cannot extend a scalar, so the
/// token can replace any scalar's text without changing anything else of the parse.
pub(crate) fn reparse_scalar(token: &str) -> Option<(NodeKind, Style)> {
    if token.bytes().any(|c| c == b'\n' || c == b'\r') {
        return None;
    }
    let mut tree = parse::parse(token).ok()?;
    let node = tree.nodes.pop()?;
    let whole = node.span == crate::span::Span::new(0, token.len());
    let scalar = matches!(
        node.kind,
        NodeKind::Null | NodeKind::Bool(_) | NodeKind::Number(_) | NodeKind::String(_)
    );
    (tree.nodes.is_empty() && whole && scalar).then_some((node.kind, node.style))
}
