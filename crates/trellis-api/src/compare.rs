//! Comparing two versions of a document as data (`trellis diff`, the diff views).

use std::path::Path;

use serde_json::Value;
use trellis_diff::{diff, json_patch, summary, Change, ChangeKind, Options};
use trellis_protocol::{ApiError, ChangeDto, StructuralDiffDto};

use crate::load;

/// Compares two files, of any of the three formats (also across formats).
pub fn diff_files(old: &Path, new: &Path) -> Result<StructuralDiffDto, ApiError> {
    let old_doc = load(old, &old.display().to_string())?;
    let new_doc = load(new, &new.display().to_string())?;
    Ok(diff_values(&old_doc.value(), &new_doc.value()))
}

/// Compares two values: the changes, their summary and the JSON Patch.
pub fn diff_values(old: &Value, new: &Value) -> StructuralDiffDto {
    let options = Options::default();
    let changes = diff(old, new, &options);
    let patch = json_patch(old, new, &options)
        .into_iter()
        .map(|op| serde_json::to_value(op).expect("patch operations serialise"))
        .collect();
    StructuralDiffDto {
        equal: changes.is_empty(),
        summary: summary(&changes),
        changes: changes.into_iter().map(dto).collect(),
        patch,
    }
}

fn dto(c: Change) -> ChangeDto {
    let kind = match c.kind {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
        ChangeKind::Moved => "moved",
    };
    ChangeDto {
        kind: kind.to_string(),
        pointer: c.pointer,
        from: c.from,
        old: c.old,
        new: c.new,
    }
}
