//! Conversion of a [`Tree`] to the JSON data model (`serde_json::Value`).

use crate::tree::{NodeId, NodeKind, Number, Tree};
use serde_json::{Map, Value};

/// The JSON value of the node `id`, with aliases expanded. Parsers guarantee that alias
/// expansion is bounded (see `MAX_ALIAS_EXPANSION`), so this cannot blow up.
pub fn to_json(tree: &Tree, id: NodeId) -> Value {
    match &tree.node(id).kind {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => Value::Bool(*b),
        NodeKind::Number(n) => number_to_json(*n),
        NodeKind::String(s) => Value::String(s.clone()),
        NodeKind::Seq(items) => Value::Array(items.iter().map(|&c| to_json(tree, c)).collect()),
        NodeKind::Map(entries) => {
            let mut map = Map::with_capacity(entries.len());
            for e in entries {
                map.insert(e.key.clone(), to_json(tree, e.value));
            }
            Value::Object(map)
        }
        NodeKind::Alias { target, .. } => to_json(tree, *target),
    }
}

/// The value of a whole stream: the document's value when there is one, `null` when there
/// is none, and an array of the documents' values for a multi-document YAML stream.
pub fn stream_to_json(tree: &Tree) -> Value {
    match tree.docs.as_slice() {
        [] => Value::Null,
        [one] => to_json(tree, *one),
        many => Value::Array(many.iter().map(|&d| to_json(tree, d)).collect()),
    }
}

pub fn number_to_json(n: Number) -> Value {
    match n {
        Number::Int(i) => Value::from(i),
        Number::UInt(u) => Value::from(u),
        Number::Float(f) => match serde_json::Number::from_f64(f) {
            Some(n) => Value::Number(n),
            None if f.is_nan() => Value::String(".nan".into()),
            None if f > 0.0 => Value::String(".inf".into()),
            None => Value::String("-.inf".into()),
        },
    }
}
