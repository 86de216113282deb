//! The structural diff: what was added, removed, changed or moved, by JSON Pointer.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::child;
use std::collections::HashMap;

use crate::eq::{pair_entries, same, same_keys};
use crate::matching::{content_hash, match_items};

/// How list items are matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Keys that identify a list's object items, tried in order: the first one that every
    /// item of both lists carries, with unique scalar values, matches items by that value
    /// (a pack declares its own, e.g. `name` for workflow steps).
    pub identity_keys: Vec<String>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            identity_keys: ["name", "id", "key"].map(String::from).to_vec(),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    /// A value replaced by another (a scalar, or a value of another type).
    Changed,
    /// An entry that moved: a list item to another position, or a map entry renamed with
    /// its value unchanged. Changes inside it are reported separately, at its new place.
    Moved,
}

/// One change, at a place in the data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// JSON Pointer of the entry in the new data (in the old data for a removal).
    pub pointer: String,
    /// Where the entry was in the old data: always for a move (a list item can move relative
    /// to the others and keep its index), otherwise only when it differs from `pointer` (a
    /// change inside a list item that now sits at another index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

/// The changes that turn `old` into `new`, in document order of the new data (removals at
/// the place they were). Empty when the data is equal; map key order never counts.
pub fn diff(old: &Value, new: &Value, options: &Options) -> Vec<Change> {
    let mut out = Vec::new();
    let root = Places {
        old: String::new(),
        new: String::new(),
    };
    walk(old, new, &root, options, &mut out);
    out
}

/// Where a pair of matched values is: in the old data and in the new data.
struct Places {
    old: String,
    new: String,
}

impl Places {
    fn child(&self, old_token: &str, new_token: &str) -> Places {
        Places {
            old: child(&self.old, old_token),
            new: child(&self.new, new_token),
        }
    }

    /// `old` when it differs from `new`.
    fn from(&self) -> Option<String> {
        (self.old != self.new).then(|| self.old.clone())
    }
}

fn walk(old: &Value, new: &Value, at: &Places, options: &Options, out: &mut Vec<Change>) {
    if same(old, new) {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => objects(a, b, at, options, out),
        (Value::Array(a), Value::Array(b)) => arrays(a, b, at, options, out),
        _ => out.push(Change {
            kind: ChangeKind::Changed,
            pointer: at.new.clone(),
            from: at.from(),
            old: Some(old.clone()),
            new: Some(new.clone()),
        }),
    }
}

/// Entries of `a` and `b` under keys only one side has, paired up when a removed entry's
/// value reappears under a new key (a rename): (removed key, added key). Linear: candidates
/// are found by content hash, then confirmed by equality.
pub(crate) fn renames<'a>(
    a: &'a Map<String, Value>,
    b: &'a Map<String, Value>,
) -> Vec<(&'a str, &'a str)> {
    // Only whole components count: an equal scalar under another key is a coincidence.
    if same_keys(a, b) {
        return Vec::new();
    }
    let substantial = |value: &Value| match value {
        Value::Object(m) => !m.is_empty(),
        Value::Array(v) => !v.is_empty(),
        _ => false,
    };
    let mut added: HashMap<u64, Vec<&str>> = HashMap::new();
    for (k, v) in b {
        if !a.contains_key(k) && substantial(v) {
            added.entry(content_hash(v)).or_default().push(k.as_str());
        }
    }
    if added.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (r, value) in a {
        if b.contains_key(r) || !substantial(value) {
            continue;
        }
        if let Some(candidates) = added.get_mut(&content_hash(value)) {
            if let Some(pos) = candidates.iter().position(|k| same(&b[*k], value)) {
                out.push((r.as_str(), candidates.remove(pos)));
            }
        }
    }
    out
}

fn objects(
    a: &Map<String, Value>,
    b: &Map<String, Value>,
    at: &Places,
    options: &Options,
    out: &mut Vec<Change>,
) {
    let renamed = renames(a, b);
    let renamed_to: HashMap<&str, &str> = renamed.iter().map(|&(f, t)| (t, f)).collect();
    let renamed_from: std::collections::HashSet<&str> = renamed.iter().map(|&(f, _)| f).collect();
    let is_renamed = |k: &str| renamed_from.contains(k);
    let renamed_from = |k: &str| renamed_to.get(k).copied();
    let removals = !same_keys(a, b);
    for (key, value) in a.iter().filter(|_| removals) {
        if !b.contains_key(key) && !is_renamed(key) {
            out.push(Change {
                kind: ChangeKind::Removed,
                pointer: child(&at.old, key),
                from: None,
                old: Some(value.clone()),
                new: None,
            });
        }
    }
    for (key, value, old) in pair_entries(a, b) {
        match old {
            Some(old) if same(old, value) => {}
            Some(old) => walk(old, value, &at.child(key, key), options, out),
            None => match renamed_from(key) {
                Some(from) => out.push(Change {
                    kind: ChangeKind::Moved,
                    pointer: child(&at.new, key),
                    from: Some(child(&at.old, from)),
                    old: None,
                    new: None,
                }),
                None => out.push(Change {
                    kind: ChangeKind::Added,
                    pointer: child(&at.new, key),
                    from: None,
                    old: None,
                    new: Some(value.clone()),
                }),
            },
        }
    }
}

fn arrays(a: &[Value], b: &[Value], at: &Places, options: &Options, out: &mut Vec<Change>) {
    let m = match_items(a, b, &options.identity_keys);
    for &o in &m.removed {
        out.push(Change {
            kind: ChangeKind::Removed,
            pointer: child(&at.old, &o.to_string()),
            from: None,
            old: Some(a[o].clone()),
            new: None,
        });
    }
    // Pairs and additions in the order of the new list.
    let mut moved = m.moved.iter().peekable();
    let mut added = m.added.iter().peekable();
    for (i, &(o, n)) in m.pairs.iter().enumerate() {
        while let Some(&&j) = added.peek().filter(|&&&j| j < n) {
            added.next();
            push_added(b, j, &at.new, out);
        }
        let is_moved = moved.peek() == Some(&&i);
        if !is_moved && same(&a[o], &b[n]) {
            continue;
        }
        let item = at.child(&o.to_string(), &n.to_string());
        if is_moved {
            moved.next();
            out.push(Change {
                kind: ChangeKind::Moved,
                pointer: item.new.clone(),
                from: Some(item.old.clone()),
                old: None,
                new: None,
            });
        }
        walk(&a[o], &b[n], &item, options, out);
    }
    for &j in added {
        push_added(b, j, &at.new, out);
    }
}

fn push_added(b: &[Value], j: usize, pointer: &str, out: &mut Vec<Change>) {
    out.push(Change {
        kind: ChangeKind::Added,
        pointer: child(pointer, &j.to_string()),
        from: None,
        old: None,
        new: Some(b[j].clone()),
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn kinds(changes: &[Change]) -> Vec<(ChangeKind, &str)> {
        changes
            .iter()
            .map(|c| (c.kind, c.pointer.as_str()))
            .collect()
    }

    #[test]
    fn key_order_is_not_a_change() {
        let a: Value = serde_json::from_str(r#"{"a": 1, "b": {"c": [1, 2], "d": null}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"b": {"d": null, "c": [1, 2]}, "a": 1}"#).unwrap();
        assert!(diff(&a, &b, &Options::default()).is_empty());
    }

    #[test]
    fn added_removed_changed_and_renamed_entries() {
        let old = json!({
            "agents": {"writer": {"model": "m"}, "old": {"model": "x", "max_iterations": 3}},
            "models": {"gpt4o": {"temperature": 0.7}}
        });
        let new = json!({
            "agents": {"writer": {"model": "m"}, "renamed": {"model": "x", "max_iterations": 3},
                       "researcher": {"model": "m"}},
            "models": {"gpt4o": {"temperature": 0.2}, "small": {}}
        });
        let changes = diff(&old, &new, &Options::default());
        assert_eq!(
            kinds(&changes),
            [
                (ChangeKind::Moved, "/agents/renamed"),
                (ChangeKind::Added, "/agents/researcher"),
                (ChangeKind::Changed, "/models/gpt4o/temperature"),
                (ChangeKind::Added, "/models/small"),
            ]
        );
        assert_eq!(changes[0].from.as_deref(), Some("/agents/old"));
        assert_eq!(changes[2].old, Some(json!(0.7)));
        assert_eq!(changes[2].new, Some(json!(0.2)));
    }

    #[test]
    fn inserting_one_list_item_changes_nothing_else() {
        let old = json!({"steps": [{"name": "checkout"}, {"name": "build", "run": "make"}, {"name": "test"}]});
        let new = json!({"steps": [{"name": "checkout"}, {"name": "lint"}, {"name": "build", "run": "make -j"}, {"name": "test"}]});
        let changes = diff(&old, &new, &Options::default());
        assert_eq!(
            kinds(&changes),
            [
                (ChangeKind::Added, "/steps/1"),
                (ChangeKind::Changed, "/steps/2/run"),
            ]
        );
        let ports_old = json!([80, 443, 8080]);
        let ports_new = json!([22, 80, 443, 8080]);
        assert_eq!(
            kinds(&diff(&ports_old, &ports_new, &Options::default())),
            [(ChangeKind::Added, "/0")]
        );
    }

    #[test]
    fn moved_items_are_moves_not_rewrites() {
        let old = json!([{"id": 1}, {"id": 2}, {"id": 3}]);
        let new = json!([{"id": 3}, {"id": 1}, {"id": 2}]);
        let changes = diff(&old, &new, &Options::default());
        assert_eq!(kinds(&changes), [(ChangeKind::Moved, "/0")]);
        assert_eq!(changes[0].from.as_deref(), Some("/2"));
    }

    #[test]
    fn a_value_of_another_type_is_one_change() {
        let changes = diff(
            &json!({"a": [1]}),
            &json!({"a": {"b": 1}}),
            &Options::default(),
        );
        assert_eq!(kinds(&changes), [(ChangeKind::Changed, "/a")]);
        let changes = diff(&json!(1), &json!("1"), &Options::default());
        assert_eq!(kinds(&changes), [(ChangeKind::Changed, "")]);
    }

    #[test]
    fn pointers_are_escaped() {
        let changes = diff(
            &json!({"a/b": 1, "c~d": 1}),
            &json!({"a/b": 2, "c~d": 2}),
            &Options::default(),
        );
        assert_eq!(
            kinds(&changes),
            [
                (ChangeKind::Changed, "/a~1b"),
                (ChangeKind::Changed, "/c~0d")
            ]
        );
    }
}
