//! JSON Patch (RFC 6902): made from the same matching as the structural diff, so a list
//! item inserted in the middle is one `add` and a reordered item one `move`, and applied
//! with the RFC's semantics (every operation, including `test` and `copy`).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::child;
use crate::eq::{pair_entries, same, same_keys};
use crate::matching::match_items;
use crate::structural::{renames, Options};

/// One JSON Patch operation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "lowercase")]
pub enum PatchOp {
    Add { path: String, value: Value },
    Remove { path: String },
    Replace { path: String, value: Value },
    Move { from: String, path: String },
    Copy { from: String, path: String },
    Test { path: String, value: Value },
}

/// A patch that turns `old` into `new` exactly (as data: map key order aside).
pub fn json_patch(old: &Value, new: &Value, options: &Options) -> Vec<PatchOp> {
    let mut ops = Vec::new();
    value(old, new, String::new(), options, &mut ops);
    ops
}

fn value(old: &Value, new: &Value, path: String, options: &Options, ops: &mut Vec<PatchOp>) {
    if same(old, new) {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => object(a, b, &path, options, ops),
        (Value::Array(a), Value::Array(b)) => array(a, b, &path, options, ops),
        _ => ops.push(PatchOp::Replace {
            path,
            value: new.clone(),
        }),
    }
}

fn object(
    a: &Map<String, Value>,
    b: &Map<String, Value>,
    path: &str,
    options: &Options,
    ops: &mut Vec<PatchOp>,
) {
    let renamed = renames(a, b);
    let moved_away: std::collections::HashSet<&str> = renamed.iter().map(|&(f, _)| f).collect();
    let moved_in: std::collections::HashSet<&str> = renamed.iter().map(|&(_, t)| t).collect();
    for (from, to) in &renamed {
        ops.push(PatchOp::Move {
            from: child(path, from),
            path: child(path, to),
        });
    }
    let removals = !same_keys(a, b);
    for key in a.keys().filter(|_| removals) {
        if !b.contains_key(key) && !moved_away.contains(key.as_str()) {
            ops.push(PatchOp::Remove {
                path: child(path, key),
            });
        }
    }
    for (key, v, old) in pair_entries(a, b) {
        match old {
            Some(old) if same(old, v) => {}
            Some(old) => value(old, v, child(path, key), options, ops),
            None if moved_in.contains(key.as_str()) => {}
            None => ops.push(PatchOp::Add {
                path: child(path, key),
                value: v.clone(),
            }),
        }
    }
}

/// Removes what went away, parks the items that moved at the end, then builds the new list
/// front to back: each position either already holds its item, takes a parked item with a
/// `move`, or gets an `add`. Items that only shifted are never touched.
///
/// Positions are computed, not searched: after parking, the list is the items that kept
/// their order (the longest increasing run, in new order) followed by the parked ones (in new
/// order too), so at position `j` the next kept item is always at `j` and the next parked
/// one at `j` + the number of kept items still ahead. O(n log n) for a list of n items.
fn array(a: &[Value], b: &[Value], path: &str, options: &Options, ops: &mut Vec<PatchOp>) {
    let m = match_items(a, b, &options.identity_keys);
    let at = |i: usize| child(path, &i.to_string());
    for &o in m.removed.iter().rev() {
        ops.push(PatchOp::Remove { path: at(o) });
    }
    // Park the moved items: each goes from its place to the end of the list.
    let len = a.len() - m.removed.len();
    let mut parked = Fenwick::new(a.len());
    for &i in &m.moved {
        let o = m.pairs[i].0;
        let removed_before = m.removed.partition_point(|&r| r < o);
        let k = o - removed_before - parked.count_below(o);
        if k != len - 1 {
            ops.push(PatchOp::Move {
                from: at(k),
                path: at(len - 1),
            });
        }
        parked.insert(o);
    }
    let mut is_moved = vec![false; m.pairs.len()];
    for &i in &m.moved {
        is_moved[i] = true;
    }
    let mut kept_ahead = m.pairs.len() - m.moved.len();
    let mut pairs = m.pairs.iter().enumerate().peekable();
    for (j, target) in b.iter().enumerate() {
        match pairs.next_if(|(_, &(_, n))| n == j) {
            Some((i, &(o, _))) => {
                if is_moved[i] {
                    if kept_ahead > 0 {
                        ops.push(PatchOp::Move {
                            from: at(j + kept_ahead),
                            path: at(j),
                        });
                    }
                } else {
                    kept_ahead -= 1;
                }
                if !same(&a[o], target) {
                    value(&a[o], target, at(j), options, ops);
                }
            }
            None => ops.push(PatchOp::Add {
                path: at(j),
                value: target.clone(),
            }),
        }
    }
}

/// Counts of the old indices inserted so far below a given one (a Fenwick tree).
struct Fenwick(Vec<usize>);

impl Fenwick {
    fn new(n: usize) -> Fenwick {
        Fenwick(vec![0; n + 1])
    }

    fn insert(&mut self, index: usize) {
        let mut i = index + 1;
        while i < self.0.len() {
            self.0[i] += 1;
            i += i & i.wrapping_neg();
        }
    }

    /// How many inserted indices are below `index`.
    fn count_below(&self, index: usize) -> usize {
        let mut i = index;
        let mut total = 0;
        while i > 0 {
            total += self.0[i];
            i -= i & i.wrapping_neg();
        }
        total
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PatchError {
    #[error("operation {index}: {path:?} is not a valid JSON Pointer")]
    BadPointer { index: usize, path: String },
    #[error("operation {index}: nothing at {path:?}")]
    NotFound { index: usize, path: String },
    #[error("operation {index}: `test` failed at {path:?}")]
    TestFailed { index: usize, path: String },
    #[error("operation {index}: cannot move {from:?} into itself ({path:?})")]
    MoveIntoItself {
        index: usize,
        from: String,
        path: String,
    },
}

/// Applies a patch to a copy of `doc` (all or nothing).
pub fn apply_patch(doc: &Value, patch: &[PatchOp]) -> Result<Value, PatchError> {
    let mut out = doc.clone();
    for (index, op) in patch.iter().enumerate() {
        apply_one(&mut out, op, index)?;
    }
    Ok(out)
}

fn apply_one(doc: &mut Value, op: &PatchOp, index: usize) -> Result<(), PatchError> {
    match op {
        PatchOp::Add { path, value } => add(doc, path, value.clone(), index),
        PatchOp::Remove { path } => remove(doc, path, index).map(drop),
        PatchOp::Replace { path, value } => {
            let target = get_mut(doc, path, index)?;
            *target = value.clone();
            Ok(())
        }
        PatchOp::Move { from, path } => {
            if path != from && path.starts_with(&format!("{from}/")) {
                return Err(PatchError::MoveIntoItself {
                    index,
                    from: from.clone(),
                    path: path.clone(),
                });
            }
            let v = remove(doc, from, index)?;
            add(doc, path, v, index)
        }
        PatchOp::Copy { from, path } => {
            let v = get_mut(doc, from, index)?.clone();
            add(doc, path, v, index)
        }
        PatchOp::Test { path, value } => {
            if get_mut(doc, path, index)? == value {
                Ok(())
            } else {
                Err(PatchError::TestFailed {
                    index,
                    path: path.clone(),
                })
            }
        }
    }
}

fn tokens(path: &str, index: usize) -> Result<Vec<String>, PatchError> {
    if path.is_empty() {
        return Ok(Vec::new());
    }
    let Some(rest) = path.strip_prefix('/') else {
        return Err(PatchError::BadPointer {
            index,
            path: path.to_string(),
        });
    };
    Ok(rest
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

fn array_index(token: &str, len: usize, allow_end: bool) -> Option<usize> {
    if allow_end && token == "-" {
        return Some(len);
    }
    if token.len() > 1 && token.starts_with('0') {
        return None;
    }
    let i: usize = token.parse().ok()?;
    (i < len || (allow_end && i == len)).then_some(i)
}

fn get_mut<'v>(doc: &'v mut Value, path: &str, index: usize) -> Result<&'v mut Value, PatchError> {
    let not_found = || PatchError::NotFound {
        index,
        path: path.to_string(),
    };
    let mut at = doc;
    for token in tokens(path, index)? {
        at = match at {
            Value::Object(map) => map.get_mut(&token).ok_or_else(not_found)?,
            Value::Array(items) => {
                let i = array_index(&token, items.len(), false).ok_or_else(not_found)?;
                &mut items[i]
            }
            _ => return Err(not_found()),
        };
    }
    Ok(at)
}

/// The parent of `path` and its last token.
fn parent<'v>(
    doc: &'v mut Value,
    path: &str,
    index: usize,
) -> Result<Option<(&'v mut Value, String)>, PatchError> {
    let mut all = tokens(path, index)?;
    let Some(last) = all.pop() else {
        return Ok(None);
    };
    let parent_path: String = all.iter().map(|t| crate::child("", t)).collect();
    Ok(Some((get_mut(doc, &parent_path, index)?, last)))
}

fn add(doc: &mut Value, path: &str, value: Value, index: usize) -> Result<(), PatchError> {
    let not_found = || PatchError::NotFound {
        index,
        path: path.to_string(),
    };
    match parent(doc, path, index)? {
        None => {
            *doc = value;
            Ok(())
        }
        Some((Value::Object(map), key)) => {
            map.insert(key, value);
            Ok(())
        }
        Some((Value::Array(items), token)) => {
            let i = array_index(&token, items.len(), true).ok_or_else(not_found)?;
            items.insert(i, value);
            Ok(())
        }
        Some(_) => Err(not_found()),
    }
}

fn remove(doc: &mut Value, path: &str, index: usize) -> Result<Value, PatchError> {
    let not_found = || PatchError::NotFound {
        index,
        path: path.to_string(),
    };
    match parent(doc, path, index)? {
        None => Ok(std::mem::take(doc)),
        Some((Value::Object(map), key)) => map.shift_remove(&key).ok_or_else(not_found),
        Some((Value::Array(items), token)) => {
            let i = array_index(&token, items.len(), false).ok_or_else(not_found)?;
            Ok(items.remove(i))
        }
        Some(_) => Err(not_found()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(old: &Value, new: &Value) -> Vec<PatchOp> {
        let patch = json_patch(old, new, &Options::default());
        let applied = apply_patch(old, &patch).unwrap();
        assert_eq!(&applied, new, "patch {patch:?}");
        patch
    }

    #[test]
    fn small_changes_make_small_patches() {
        let patch = round_trip(&json!([80, 443, 8080]), &json!([22, 80, 443, 8080]));
        assert_eq!(
            patch,
            [PatchOp::Add {
                path: "/0".into(),
                value: json!(22)
            }]
        );
        let patch = round_trip(
            &json!([{"id": 1}, {"id": 2}, {"id": 3}, {"id": 4}]),
            &json!([{"id": 2}, {"id": 3}, {"id": 4}, {"id": 1}]),
        );
        assert_eq!(patch.len(), 1, "{patch:?}");
        let patch = round_trip(
            &json!({"agents": {"a": {"model": "m", "tools": ["t"]}}}),
            &json!({"agents": {"b": {"model": "m", "tools": ["t"]}}}),
        );
        assert_eq!(
            patch,
            [PatchOp::Move {
                from: "/agents/a".into(),
                path: "/agents/b".into()
            }]
        );
    }

    #[test]
    fn mixed_list_edits_round_trip() {
        round_trip(
            &json!({"l": [1, 2, {"name": "x", "v": 1}, 3, 4, "q"]}),
            &json!({"l": ["q", 0, 2, {"name": "x", "v": 2}, 4, 3]}),
        );
        round_trip(&json!([1, 2, 3]), &json!([]));
        round_trip(&json!([]), &json!([1, [2], {"a": 3}]));
        round_trip(&json!({"a": 1}), &json!([1]));
        round_trip(&json!({"a/b": {"~": 1}}), &json!({"a/b": {"~": 2, "c": 3}}));
    }

    #[test]
    fn rfc_6902_operations_apply_with_their_semantics() {
        let doc = json!({"foo": ["bar", "baz"], "x": {"y": 1}});
        let patch: Vec<PatchOp> = serde_json::from_value(json!([
            {"op": "test", "path": "/foo/1", "value": "baz"},
            {"op": "add", "path": "/foo/-", "value": "qux"},
            {"op": "copy", "from": "/x", "path": "/z"},
            {"op": "move", "from": "/foo/0", "path": "/first"},
            {"op": "remove", "path": "/x/y"},
            {"op": "replace", "path": "", "value": {"all": "new"}}
        ]))
        .unwrap();
        let partial = apply_patch(&doc, &patch[..5]).unwrap();
        assert_eq!(
            partial,
            json!({"foo": ["baz", "qux"], "x": {}, "z": {"y": 1}, "first": "bar"})
        );
        assert_eq!(apply_patch(&doc, &patch).unwrap(), json!({"all": "new"}));

        let failing = [PatchOp::Test {
            path: "/foo/0".into(),
            value: json!("nope"),
        }];
        assert!(matches!(
            apply_patch(&doc, &failing),
            Err(PatchError::TestFailed { .. })
        ));
        let bad = [PatchOp::Remove {
            path: "/foo/01".into(),
        }];
        assert!(matches!(
            apply_patch(&doc, &bad),
            Err(PatchError::NotFound { .. })
        ));
        let into_itself = [PatchOp::Move {
            from: "/x".into(),
            path: "/x/y/z".into(),
        }];
        assert!(matches!(
            apply_patch(&doc, &into_itself),
            Err(PatchError::MoveIntoItself { .. })
        ));
    }
}
