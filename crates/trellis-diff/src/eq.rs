//! Equality of values without hashing in the common case.
//!
//! `serde_json`'s map equality looks every key of one map up in the other, hashing each key;
//! comparing two large, mostly equal documents spends most of its time there. Two versions of
//! one file almost always list a map's keys in the same order, so [`same`] walks both maps
//! side by side and looks keys up only from the first place their orders part.

use serde_json::{Map, Value};

/// `a == b` as data (map key order does not count), like `PartialEq for Value`.
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => same_maps(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::String(x), Value::String(y)) => x == y,
        _ => a == b,
    }
}

fn same_maps(x: &Map<String, Value>, y: &Map<String, Value>) -> bool {
    if x.len() != y.len() {
        return false;
    }
    let mut xs = x.iter();
    let mut ys = y.iter();
    while let (Some((kx, vx)), Some((ky, vy))) = (xs.next(), ys.next()) {
        if kx != ky {
            // The orders part here. Every key before was in both maps, so the rest of `x`
            // must be found in the rest of `y` (the lengths are equal and keys unique).
            return std::iter::once((kx, vx))
                .chain(xs)
                .all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)));
        }
        if !same(vx, vy) {
            return false;
        }
    }
    true
}

/// Both maps list the same keys in the same order.
pub(crate) fn same_keys(x: &Map<String, Value>, y: &Map<String, Value>) -> bool {
    x.len() == y.len() && x.keys().zip(y.keys()).all(|(p, q)| p == q)
}

/// `b`'s entries, each with the value of the same key in `a` (if any): found by position
/// while the two maps list their keys in the same order, by lookup after.
pub(crate) fn pair_entries<'v>(
    a: &'v Map<String, Value>,
    b: &'v Map<String, Value>,
) -> impl Iterator<Item = (&'v String, &'v Value, Option<&'v Value>)> {
    let mut xs = a.iter();
    let mut in_step = true;
    b.iter().map(move |(key, value)| {
        if in_step {
            match xs.next() {
                Some((k, v)) if k == key => return (key, value, Some(v)),
                _ => in_step = false,
            }
        }
        (key, value, a.get(key))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn key_order_does_not_count() {
        let a = json!({"a": 1, "b": {"c": [1, {"d": 2, "e": 3}]}, "f": null});
        let b = json!({"a": 1, "f": null, "b": {"c": [1, {"e": 3, "d": 2}]}});
        assert!(same(&a, &b));
        let c = json!({"a": 1, "f": null, "b": {"c": [1, {"e": 3, "d": 4}]}});
        assert!(!same(&a, &c));
        // Same length, one key swapped for another.
        assert!(!same(&json!({"a": 1, "b": 2}), &json!({"a": 1, "c": 2})));
        assert!(!same(&json!({"a": 1, "b": 2}), &json!({"c": 2, "a": 1})));
        assert!(!same(&json!([1, 2]), &json!([2, 1])));
        assert!(!same(&json!(1), &json!(1.0)));
    }

    #[test]
    fn entries_pair_by_position_then_by_key() {
        let a = json!({"a": 1, "b": 2, "c": 3});
        let b = json!({"a": 1, "x": 9, "c": 4, "b": 2});
        let (Value::Object(a), Value::Object(b)) = (a, b) else {
            unreachable!()
        };
        let pairs: Vec<(&str, Option<i64>)> = pair_entries(&a, &b)
            .map(|(k, _, old)| (k.as_str(), old.and_then(Value::as_i64)))
            .collect();
        assert_eq!(
            pairs,
            [("a", Some(1)), ("x", None), ("c", Some(3)), ("b", Some(2))]
        );
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (0i64..4).prop_map(Value::from),
            "[ab]{0,2}".prop_map(Value::String),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec(("[abc]", inner), 0..4)
                    .prop_map(|entries| Value::Object(entries.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn agrees_with_value_equality(a in value(), b in value()) {
            prop_assert_eq!(same(&a, &b), a == b);
            prop_assert!(same(&a, &a.clone()));
        }

        #[test]
        fn agrees_after_reordering(a in value()) {
            // The same data with every map's keys reversed.
            fn reversed(v: &Value) -> Value {
                match v {
                    Value::Object(m) => Value::Object(m.iter().rev().map(|(k, v)| (k.clone(), reversed(v))).collect()),
                    Value::Array(items) => Value::Array(items.iter().map(reversed).collect()),
                    other => other.clone(),
                }
            }
            let b = reversed(&a);
            prop_assert!(same(&a, &b));
        }
    }
}
