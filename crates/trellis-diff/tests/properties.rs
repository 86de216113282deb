//! For any two values: the patch turns the old one into the new one exactly, the diff is
//! empty exactly when they are equal, and every change names a place that exists.

use proptest::prelude::*;
use serde_json::{json, Value};
use trellis_diff::{apply_patch, diff, json_patch, ChangeKind, Options};

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-5i64..5).prop_map(|n| json!(n)),
        "[a-c~/]{0,2}".prop_map(Value::String),
    ]
}

/// Small values with few distinct keys and names, so lists share items and objects share
/// keys often: that is where matching, moves and renames happen.
fn value() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("[a-d]", inner.clone()), 0..5)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            // Lists of named items, as packs write them.
            prop::collection::vec(("[p-s]", inner), 0..5).prop_map(|items| {
                Value::Array(
                    items
                        .into_iter()
                        .map(|(name, v)| json!({"name": name, "v": v}))
                        .collect(),
                )
            }),
        ]
    })
}

/// `new` derived from `old` by a few edits, so pairs are similar more often than not.
fn pair() -> impl Strategy<Value = (Value, Value)> {
    prop_oneof![
        (value(), value()),
        value().prop_flat_map(|old| {
            let o = old.clone();
            (Just(old), value()).prop_map(move |(_, extra)| (o.clone(), mutate(&o, &extra)))
        }),
    ]
}

fn mutate(v: &Value, extra: &Value) -> Value {
    match v {
        Value::Array(items) if !items.is_empty() => {
            let mut items = items.clone();
            items.rotate_left(1);
            items.insert(items.len() / 2, extra.clone());
            Value::Array(items)
        }
        Value::Object(map) if !map.is_empty() => {
            let mut map = map.clone();
            let first = map.keys().next().cloned().unwrap_or_default();
            let moved = map.shift_remove(&first).unwrap_or(Value::Null);
            map.insert(format!("{first}2"), moved);
            map.insert("z".into(), extra.clone());
            Value::Object(map)
        }
        _ => extra.clone(),
    }
}

fn exists(doc: &Value, pointer: &str) -> bool {
    doc.pointer(pointer).is_some()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_patch_reproduces_the_new_value((old, new) in pair()) {
        let options = Options::default();
        let patch = json_patch(&old, &new, &options);
        let applied = apply_patch(&old, &patch).map_err(|e| TestCaseError::fail(format!("{e}: {patch:?}")))?;
        prop_assert_eq!(&applied, &new, "patch {:?}", patch);
        prop_assert_eq!(patch.is_empty(), old == new);
    }

    #[test]
    fn changes_are_empty_only_for_equal_values_and_point_at_real_places((old, new) in pair()) {
        let changes = diff(&old, &new, &Options::default());
        prop_assert_eq!(changes.is_empty(), old == new);
        for c in &changes {
            match c.kind {
                ChangeKind::Removed => prop_assert!(exists(&old, &c.pointer), "{:?}", c),
                ChangeKind::Added => prop_assert!(exists(&new, &c.pointer), "{:?}", c),
                ChangeKind::Changed => {
                    let was = c.from.as_deref().unwrap_or(&c.pointer);
                    prop_assert_eq!(old.pointer(was), c.old.as_ref(), "{:?}", c);
                    prop_assert_eq!(new.pointer(&c.pointer), c.new.as_ref(), "{:?}", c);
                }
                ChangeKind::Moved => {
                    prop_assert!(exists(&new, &c.pointer), "{:?}", c);
                    prop_assert!(exists(&old, c.from.as_deref().unwrap_or("?")), "{:?}", c);
                }
            }
            // A list item can move relative to the others while keeping its index.
            if c.kind != ChangeKind::Moved {
                prop_assert!(c.from.as_deref() != Some(c.pointer.as_str()), "{:?}", c);
            }
        }
    }
}

/// A list and a reworked copy: items removed, the rest shuffled, new items inserted, some
/// kept items changed. Items are objects with an `id` (matched by identity) or plain numbers
/// (matched by content, with duplicates).
fn reworked_list() -> impl Strategy<Value = (Value, Value)> {
    (
        prop::collection::vec(0u8..6, 0..40),
        any::<bool>(),
        prop::collection::vec(any::<u16>(), 0..60),
    )
        .prop_map(|(items, with_ids, noise)| {
            let make = |i: usize, v: u8| {
                if with_ids {
                    serde_json::json!({"id": i, "v": v})
                } else {
                    Value::from(v)
                }
            };
            let old: Vec<Value> = items.iter().enumerate().map(|(i, &v)| make(i, v)).collect();
            let mut new = old.clone();
            let mut noise = noise.into_iter().map(usize::from);
            let mut next = || noise.next().unwrap_or(7);
            for _ in 0..next() % 4 {
                if !new.is_empty() {
                    let at = next() % new.len();
                    new.remove(at);
                }
            }
            for i in (1..new.len()).rev() {
                if next() % 3 == 0 {
                    new.swap(i, next() % (i + 1));
                }
            }
            for k in 0..next() % 4 {
                let at = next() % (new.len() + 1);
                new.insert(at, make(1000 + k, (next() % 6) as u8));
            }
            if with_ids && !new.is_empty() {
                let at = next() % new.len();
                new[at]["v"] = Value::from(99);
            }
            (Value::Array(old), Value::Array(new))
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn reworked_lists_patch_exactly((old, new) in reworked_list()) {
        let patch = json_patch(&old, &new, &Options::default());
        let applied = apply_patch(&old, &patch).map_err(|e| TestCaseError::fail(format!("{e}: {patch:?}")))?;
        prop_assert_eq!(&applied, &new, "patch {:?}", patch);
    }
}
