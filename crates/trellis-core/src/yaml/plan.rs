use crate::edit::{Plan, TextEdit};
use crate::error::EditError;
use crate::tree::Tree;
pub(crate) fn plan(text: &str, tree: &Tree, plan: &Plan<'_>) -> Result<TextEdit, EditError> {
    let _ = (text, tree, plan);
    Err(EditError::Unsupported("YAML edits are not implemented yet".into()))
}
