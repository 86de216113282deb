//! Conversion of a [`Tree`] to the JSON data model (`serde_json::Value`).

use crate::tree::{Node, NodeId, NodeKind, Number, Tree};
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

/// [`stream_to_json`] of a tree that is no longer needed: its strings move into the value
/// instead of being copied, and its nodes are freed as they are read. A tree with aliases
/// (whose targets are read more than once) is converted by copying.
pub fn stream_into_json(mut tree: Tree) -> Value {
    if tree
        .nodes
        .iter()
        .any(|n| matches!(n.kind, NodeKind::Alias { .. }))
    {
        return stream_to_json(&tree);
    }
    let docs = std::mem::take(&mut tree.docs);
    let nodes = &mut tree.nodes;
    match docs.as_slice() {
        [] => Value::Null,
        [one] => take_json(nodes, *one),
        many => Value::Array(many.iter().map(|&d| take_json(nodes, d)).collect()),
    }
}

fn take_json(nodes: &mut [Node], id: NodeId) -> Value {
    match std::mem::replace(&mut nodes[id.index()].kind, NodeKind::Null) {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => Value::Bool(b),
        NodeKind::Number(n) => number_to_json(n),
        NodeKind::String(s) => Value::String(s),
        NodeKind::Seq(items) => {
            Value::Array(items.into_iter().map(|c| take_json(nodes, c)).collect())
        }
        NodeKind::Map(entries) => {
            let mut map = Map::with_capacity(entries.len());
            for e in entries {
                let value = take_json(nodes, e.value);
                map.insert(e.key, value);
            }
            Value::Object(map)
        }
        // Not reached: trees with aliases are copied instead.
        NodeKind::Alias { .. } => Value::Null,
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

#[cfg(test)]
mod tests {
    use crate::{Document, Format};

    #[test]
    fn moving_the_value_out_gives_the_same_data() {
        let cases = [
            ("a: 1\nb: [x, {c: null, d: 2.5}]\ne: 'text'\n", Format::Yaml),
            ("base: &b {k: v}\nuse: *b\nagain: *b\n", Format::Yaml),
            ("--- 1\n--- {a: b}\n", Format::Yaml),
            ("", Format::Yaml),
            (r#"{"a": [1, {"b": true}], "c": "d"}"#, Format::Json),
            ("a = 1\n[t]\nb = [\"x\"]\n", Format::Toml),
        ];
        for (text, format) in cases {
            let doc = Document::parse(text.to_string(), format).expect(text);
            let copied = doc.value();
            assert_eq!(doc.into_value(), copied, "{text:?}");
        }
    }
}
