//! The line diff of two texts with the changed words marked, under a deadline.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use similar::{Algorithm, ChangeTag, TextDiffConfig};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineTag {
    Equal,
    Delete,
    Insert,
}

/// A piece of a line; `emphasized` pieces are the words that changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub text: String,
    pub emphasized: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLine {
    pub tag: LineTag,
    /// 1-based line numbers on each side (`None` on the side the line is not on).
    pub old_line: Option<u32>,
    pub new_line: Option<u32>,
    /// The line without its line break, in pieces.
    pub parts: Vec<Part>,
}

impl DiffLine {
    pub fn text(&self) -> String {
        self.parts.iter().map(|p| p.text.as_str()).collect()
    }
}

/// A run of changed lines with their context.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hunk {
    /// 1-based first line and line count on each side (unified-diff numbering).
    pub old_start: u32,
    pub old_len: u32,
    pub new_start: u32,
    pub new_len: u32,
    pub lines: Vec<DiffLine>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextDiff {
    pub hunks: Vec<Hunk>,
    /// Lines only in the new text, and only in the old one.
    pub added: u32,
    pub removed: u32,
    /// False when the deadline cut the search short: the diff is still correct (applying it
    /// gives the new text) but may mark more lines than a full search would.
    pub complete: bool,
}

impl TextDiff {
    /// The diff as a unified diff (`--- old`, `+++ new`, `@@` hunks).
    pub fn unified(&self, old_name: &str, new_name: &str) -> String {
        let mut out = format!("--- {old_name}\n+++ {new_name}\n");
        for hunk in &self.hunks {
            out.push_str(&format!(
                "@@ -{},{} +{},{} @@\n",
                hunk.old_start, hunk.old_len, hunk.new_start, hunk.new_len
            ));
            for line in &hunk.lines {
                let sign = match line.tag {
                    LineTag::Equal => ' ',
                    LineTag::Delete => '-',
                    LineTag::Insert => '+',
                };
                out.push(sign);
                out.push_str(&line.text());
                out.push('\n');
            }
        }
        out
    }
}

/// Hunks of changed lines with `context` lines around them. The whole computation, word
/// highlights included, stops refining after `timeout`.
pub fn text_diff(old: &str, new: &str, context: usize, timeout: Duration) -> TextDiff {
    let deadline = Instant::now() + timeout;
    let diff = TextDiffConfig::default()
        .algorithm(Algorithm::Myers)
        .deadline(deadline)
        .diff_lines(old, new);
    let mut hunks = Vec::new();
    let (mut added, mut removed) = (0u32, 0u32);
    for group in diff.grouped_ops(context) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old_range = first.old_range().start..last.old_range().end;
        let new_range = first.new_range().start..last.new_range().end;
        let mut lines = Vec::new();
        for op in &group {
            for change in diff.iter_inline_changes_deadline(op, Some(deadline)) {
                let tag = match change.tag() {
                    ChangeTag::Equal => LineTag::Equal,
                    ChangeTag::Delete => {
                        removed += 1;
                        LineTag::Delete
                    }
                    ChangeTag::Insert => {
                        added += 1;
                        LineTag::Insert
                    }
                };
                let mut parts: Vec<Part> = Vec::new();
                for (emphasized, text) in change.iter_strings_lossy() {
                    // Merge neighbours of the same kind; the line break is not shown.
                    let text = text.trim_end_matches(['\n', '\r']);
                    if text.is_empty() {
                        continue;
                    }
                    match parts.last_mut() {
                        Some(p) if p.emphasized == emphasized => p.text.push_str(text),
                        _ => parts.push(Part {
                            text: text.to_string(),
                            emphasized,
                        }),
                    }
                }
                lines.push(DiffLine {
                    tag,
                    old_line: change.old_index().map(|i| i as u32 + 1),
                    new_line: change.new_index().map(|i| i as u32 + 1),
                    parts,
                });
            }
        }
        hunks.push(Hunk {
            old_start: start(old_range.start, old_range.len()),
            old_len: old_range.len() as u32,
            new_start: start(new_range.start, new_range.len()),
            new_len: new_range.len() as u32,
            lines,
        });
    }
    TextDiff {
        hunks,
        added,
        removed,
        complete: Instant::now() < deadline,
    }
}

/// Unified-diff numbering: an empty range is named by the line before it.
fn start(index: usize, len: usize) -> u32 {
    if len == 0 {
        index as u32
    } else {
        index as u32 + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Duration = Duration::from_secs(5);

    #[test]
    fn one_changed_word_is_marked_in_its_line() {
        let old = "services:\n  web:\n    image: nginx:1.25\n    ports: [80]\n";
        let new = "services:\n  web:\n    image: nginx:1.27\n    ports: [80]\n";
        let d = text_diff(old, new, 1, T);
        assert_eq!((d.added, d.removed, d.complete), (1, 1, true));
        assert_eq!(d.hunks.len(), 1);
        let h = &d.hunks[0];
        assert_eq!(
            (h.old_start, h.old_len, h.new_start, h.new_len),
            (2, 3, 2, 3)
        );
        let tags: Vec<LineTag> = h.lines.iter().map(|l| l.tag).collect();
        assert_eq!(
            tags,
            [
                LineTag::Equal,
                LineTag::Delete,
                LineTag::Insert,
                LineTag::Equal
            ]
        );
        let inserted = &h.lines[2];
        assert_eq!(inserted.new_line, Some(3));
        assert_eq!(inserted.text(), "    image: nginx:1.27");
        let marked: Vec<&str> = inserted
            .parts
            .iter()
            .filter(|p| p.emphasized)
            .map(|p| p.text.as_str())
            .collect();
        // Words are split at whitespace: the changed word is the image reference.
        assert_eq!(marked.concat(), "nginx:1.27", "{:?}", inserted.parts);
        assert_eq!(
            d.unified("a", "b"),
            "--- a\n+++ b\n@@ -2,3 +2,3 @@\n   web:\n-    image: nginx:1.25\n+    image: nginx:1.27\n     ports: [80]\n"
        );
    }

    #[test]
    fn equal_texts_have_no_hunks_and_additions_number_from_the_line_before() {
        assert!(text_diff("a\nb\n", "a\nb\n", 3, T).hunks.is_empty());
        let d = text_diff("a\n", "a\nb\n", 0, T);
        let h = &d.hunks[0];
        assert_eq!(
            (h.old_start, h.old_len, h.new_start, h.new_len),
            (1, 0, 2, 1)
        );
        assert_eq!(d.unified("a", "b"), "--- a\n+++ b\n@@ -1,0 +2,1 @@\n+b\n");
    }

    #[test]
    fn completely_different_large_inputs_return_under_a_tiny_deadline() {
        let old: String = (0..60_000)
            .map(|i| format!("key{i}: {}\n", i * 7))
            .collect();
        let new: String = (0..60_000)
            .map(|i| format!("other{i}: {}\n", i * 3))
            .collect();
        let d = text_diff(&old, &new, 3, Duration::from_millis(1));
        // Still a correct diff: every old line removed, every new line added.
        assert_eq!((d.removed, d.added), (60_000, 60_000));
    }
}
