//! Edit operations, as callers ask for them ([`EditOp`]), as the format planners receive them
//! once resolved against the tree ([`Plan`]), and as text ([`TextEdit`]).

use crate::pointer::Pointer;
use crate::tree::NodeId;
use serde_json::Value;
use std::ops::Range;

/// An edit addressed by JSON Pointer.
#[derive(Clone, Debug, PartialEq)]
pub enum EditOp {
    /// Replace the value at `path`; if `path` names a missing key of an existing map, add it.
    Set { path: Pointer, value: Value },
    /// JSON Patch `add`: a new map key (replacing an existing one), or a new list item at an
    /// index (`-` appends).
    Add { path: Pointer, value: Value },
    /// Remove a map entry or a list item.
    Remove { path: Pointer },
    /// Rename the map key at `path`, keeping its value and position.
    Rename { path: Pointer, new_key: String },
    /// Move the list item at `path` to position `to` of the same list.
    Move { path: Pointer, to: usize },
}

/// An edit resolved against the current tree: what a format planner turns into text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Plan<'a> {
    /// Replace the content of `node` (anchors and tags in front of it stay).
    Replace {
        node: NodeId,
        value: &'a Value,
    },
    /// Append `key: value` to `map`.
    InsertEntry {
        map: NodeId,
        key: &'a str,
        value: &'a Value,
    },
    /// Insert `value` into `seq` before item `index` (`index == len` appends).
    InsertItem {
        seq: NodeId,
        index: usize,
        value: &'a Value,
    },
    RemoveEntry {
        map: NodeId,
        index: usize,
    },
    RemoveItem {
        seq: NodeId,
        index: usize,
    },
    RenameKey {
        map: NodeId,
        index: usize,
        new_key: &'a str,
    },
    /// Move item `from` of `seq` so that it ends up at position `to`.
    MoveItem {
        seq: NodeId,
        from: usize,
        to: usize,
    },
}

/// One text splice: replace `range` of the old text with `insert`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub range: Range<usize>,
    pub insert: String,
}

impl TextEdit {
    pub fn new(range: Range<usize>, insert: impl Into<String>) -> TextEdit {
        TextEdit {
            range,
            insert: insert.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> TextEdit {
        TextEdit::new(at..at, text)
    }

    pub fn delete(range: Range<usize>) -> TextEdit {
        TextEdit::new(range, "")
    }

    /// The smallest single splice that turns `old` into `new` (common prefix and suffix
    /// removed, on character boundaries).
    pub fn between(old: &str, new: &str) -> TextEdit {
        let mut prefix = old
            .as_bytes()
            .iter()
            .zip(new.as_bytes())
            .take_while(|(a, b)| a == b)
            .count();
        while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
            prefix -= 1;
        }
        let max_suffix = old.len().min(new.len()) - prefix;
        let mut suffix = old.as_bytes()[prefix..]
            .iter()
            .rev()
            .zip(new.as_bytes()[prefix..].iter().rev())
            .take(max_suffix)
            .take_while(|(a, b)| a == b)
            .count();
        while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix)
        {
            suffix -= 1;
        }
        TextEdit::new(prefix..old.len() - suffix, &new[prefix..new.len() - suffix])
    }

    /// Replacing `range` of `text` with `insert`, narrowed to the bytes that really change.
    pub fn within(text: &str, range: Range<usize>, insert: &str) -> TextEdit {
        let e = TextEdit::between(&text[range.clone()], insert);
        TextEdit::new(
            range.start + e.range.start..range.start + e.range.end,
            e.insert,
        )
    }

    /// Moves item `from` to position `to` among `items` (ascending, non-overlapping ranges
    /// of `text`): the items' texts trade places while the text between them (separators,
    /// comments) stays where it is. One splice over the span between the two positions.
    pub fn reorder(text: &str, items: &[Range<usize>], from: usize, to: usize) -> TextEdit {
        let (lo, hi) = (from.min(to), from.max(to));
        let mut order: Vec<usize> = (lo..=hi).collect();
        let moved = order.remove(from - lo);
        order.insert(to - lo, moved);
        let mut out = String::new();
        for (slot, &k) in order.iter().enumerate() {
            out.push_str(&text[items[k].clone()]);
            let i = lo + slot;
            if i < hi {
                out.push_str(&text[items[i].end..items[i + 1].start]);
            }
        }
        TextEdit::within(text, items[lo].start..items[hi].end, &out)
    }

    /// Applies the splice to `text`.
    pub fn apply(&self, text: &mut String) {
        text.replace_range(self.range.clone(), &self.insert);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn between_finds_the_smallest_splice() {
        let e = TextEdit::between("a: 1\nb: 2\n", "a: 1\nb: 3\n");
        assert_eq!(e, TextEdit::new(8..9, "3"));
        let e = TextEdit::between("aaa", "aaaa");
        assert_eq!(e, TextEdit::new(3..3, "a"));
        let e = TextEdit::between("x: é", "x: è");
        let mut t = "x: é".to_string();
        e.apply(&mut t);
        assert_eq!(t, "x: è");
        assert_eq!(TextEdit::between("same", "same"), TextEdit::new(4..4, ""));
    }

    #[test]
    fn reorder_moves_items_and_keeps_separators() {
        let text = "[a, bb, /*c*/ ccc, d]";
        let items = [1..2, 4..6, 14..17, 19..20];
        let apply = |from, to| {
            let mut t = text.to_string();
            TextEdit::reorder(text, &items, from, to).apply(&mut t);
            t
        };
        assert_eq!(apply(0, 2), "[bb, ccc, /*c*/ a, d]");
        assert_eq!(apply(3, 0), "[d, a, /*c*/ bb, ccc]");
        assert_eq!(apply(1, 1), text);
    }
}
