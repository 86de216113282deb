//! Structural and text diffs of configuration documents.
//!
//! Two documents are compared as data, not as text: [`diff`] walks both values together and
//! reports what was added, removed, changed or moved. Map key order is never a change, and
//! list items are matched by identity — a key such as `name` or `id` that every item carries
//! ([`Options::identity_keys`]), otherwise by content — so inserting one item does not mark
//! every item after it as changed. The same matching drives [`json_patch`], which produces an
//! RFC 6902 patch that turns the old data into the new exactly ([`apply_patch`] applies one),
//! and [`summary`] turns the changes into a line a person reads ("agents: added researcher;
//! models.gpt4o.temperature 0.7 → 0.2").
//!
//! [`text_diff`] is the line diff for the side-by-side view: hunks of lines with the changed
//! words marked, computed under a deadline so that huge or completely different inputs still
//! return promptly (with a coarser result).
//!
//! The crate knows nothing about formats: callers parse YAML, JSON or TOML into
//! `serde_json::Value`s first (so documents of different formats compare fine).

mod eq;
mod matching;
mod patch;
mod structural;
mod summary;
mod text;

pub use patch::{apply_patch, json_patch, PatchError, PatchOp};
pub use structural::{diff, Change, ChangeKind, Options};
pub use summary::{summary, summary_lines, summary_shown};
pub use text::{text_diff, DiffLine, Hunk, LineTag, Part, TextDiff};

/// A JSON Pointer token, escaped (`~` → `~0`, `/` → `~1`).
pub(crate) fn escape(token: &str) -> String {
    if token.contains(['~', '/']) {
        token.replace('~', "~0").replace('/', "~1")
    } else {
        token.to_string()
    }
}

/// `parent` + `/` + escaped `token`.
pub(crate) fn child(parent: &str, token: &str) -> String {
    let mut out = String::with_capacity(parent.len() + token.len() + 1);
    out.push_str(parent);
    out.push('/');
    out.push_str(&escape(token));
    out
}
