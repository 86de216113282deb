//! The component model of a document: which maps hold components (`x-trellis-node`), which
//! fields name other components (`x-trellis-ref`), and which fields hold secrets. Read from
//! the schema's annotations by a schema-guided walk of the document's value; the reference
//! checks, the canvas and the dependency graph are all built on it.

use crate::walk::{first, SchemaWalk};
use regex::Regex;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use trellis_core::Pointer;

/// A map whose entries are components of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collection {
    pub kind: String,
    pub title: String,
    pub pointer: Pointer,
    /// Entry points (agents, services, jobs): never reported as unused.
    pub root: bool,
    /// The field that tells the component's variant (e.g. `type`).
    pub variant: Option<String>,
    /// Names that are in use without any reference (Compose's `default` network).
    pub implicit: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    pub kind: String,
    pub name: String,
    pub pointer: Pointer,
    /// Index into [`Model::collections`].
    pub collection: usize,
}

/// One place that names a component.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The string value (or, for `is_key`, the map key) that holds the name.
    pub pointer: Pointer,
    pub is_key: bool,
    pub name: String,
    /// Kinds the name may refer to.
    pub to: Vec<String>,
    pub acyclic: bool,
    pub builtin: Vec<String>,
    /// The annotated field (e.g. `/agents/writer/tools`).
    pub field: Pointer,
    /// The component the reference is written in, as an index into [`Model::components`].
    pub from: Option<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct Model {
    pub collections: Vec<Collection>,
    pub components: Vec<Component>,
    pub references: Vec<Reference>,
    /// Fields the schema marks as holding secrets.
    pub secret_fields: HashSet<Pointer>,
    /// Fields the schema marks as not secret (`x-trellis-secret: false`) although their
    /// name sounds like one (GitHub's `id-token` permission).
    pub public_fields: HashSet<Pointer>,
}

impl Model {
    /// Reads the model of `value` (one document) under the schema.
    pub fn read(walk: &SchemaWalk, value: &Value) -> Model {
        let mut reader = Reader {
            walk,
            model: Model::default(),
            patterns: HashMap::new(),
            seen: HashSet::new(),
        };
        let direct = [walk.root()];
        reader.visit(&direct, value, &mut Vec::new());
        let mut model = reader.model;
        model.link();
        model
    }

    /// The components of the given kinds, by name.
    pub fn find(&self, kinds: &[String], name: &str) -> Option<&Component> {
        self.components
            .iter()
            .find(|c| c.name == name && kinds.contains(&c.kind))
    }

    /// Sets each reference's `from`: the innermost component its pointer is inside. A map
    /// of component pointers makes it one lookup per ancestor, not a scan of all components.
    fn link(&mut self) {
        let by_pointer: HashMap<&Pointer, usize> = self
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| (&c.pointer, i))
            .collect();
        for reference in &mut self.references {
            let tokens = reference.pointer.tokens();
            reference.from = (0..tokens.len()).rev().find_map(|n| {
                by_pointer
                    .get(&Pointer::from_tokens(tokens[..n].iter()))
                    .copied()
            });
        }
    }
}

struct Reader<'s> {
    walk: &'s SchemaWalk,
    model: Model,
    patterns: HashMap<String, Option<Regex>>,
    /// Pointers already holding a reference (an array and its items may both be annotated).
    seen: HashSet<Pointer>,
}

impl<'s> Reader<'s> {
    fn visit(&mut self, direct: &[&'s Value], value: &Value, path: &mut Vec<String>) {
        if path.len() > trellis_core::MAX_NESTING {
            return;
        }
        let schemas = self.walk.expand(direct, value);
        if schemas.is_empty() {
            return;
        }
        let pointer = || Pointer::from_tokens(path.iter());
        if let (Some(node), Value::Object(entries)) = (first(&schemas, "x-trellis-node"), value) {
            let kind = node
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or("component")
                .to_string();
            let collection = self.model.collections.len();
            self.model.collections.push(Collection {
                title: node
                    .get("title")
                    .and_then(Value::as_str)
                    .map_or_else(|| kind.clone(), str::to_string),
                kind: kind.clone(),
                pointer: pointer(),
                root: node.get("root").and_then(Value::as_bool).unwrap_or(false),
                variant: node
                    .get("variant")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                implicit: node
                    .get("implicit")
                    .and_then(Value::as_array)
                    .map(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default(),
            });
            for name in entries.keys() {
                self.model.components.push(Component {
                    kind: kind.clone(),
                    name: name.clone(),
                    pointer: pointer().join(name.clone()),
                    collection,
                });
            }
        }
        if let Some(annotation) = first(&schemas, "x-trellis-ref") {
            self.references(annotation, value, path);
        }
        let secret = schemas.iter().any(|s| {
            s.get("writeOnly") == Some(&Value::Bool(true))
                || s.get("x-trellis-secret") == Some(&Value::Bool(true))
                || s.get("format").and_then(Value::as_str) == Some("password")
        });
        if secret {
            self.model.secret_fields.insert(pointer());
        } else if schemas
            .iter()
            .any(|s| s.get("x-trellis-secret") == Some(&Value::Bool(false)))
        {
            self.model.public_fields.insert(pointer());
        }
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let direct = self.walk.property(&schemas, key);
                    if direct.is_empty() {
                        continue;
                    }
                    path.push(key.clone());
                    self.visit(&direct, child, path);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let direct = self.walk.item(&schemas, i);
                    if direct.is_empty() {
                        continue;
                    }
                    path.push(i.to_string());
                    self.visit(&direct, child, path);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    fn references(&mut self, annotation: &Value, value: &Value, path: &[String]) {
        let (to, acyclic, pattern, builtin) = match annotation {
            Value::String(kind) => (vec![kind.clone()], false, None, Vec::new()),
            Value::Object(spec) => {
                let to = match spec.get("to") {
                    Some(Value::String(k)) => vec![k.clone()],
                    Some(Value::Array(ks)) => ks
                        .iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                    _ => Vec::new(),
                };
                let builtin = spec
                    .get("builtin")
                    .and_then(Value::as_array)
                    .map(|b| {
                        b.iter()
                            .filter_map(Value::as_str)
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                (
                    to,
                    spec.get("acyclic")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                    spec.get("pattern")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    builtin,
                )
            }
            _ => return,
        };
        if to.is_empty() {
            return;
        }
        let field = Pointer::from_tokens(path.iter());
        let regex = pattern.and_then(|p| {
            self.patterns
                .entry(p.clone())
                .or_insert_with(|| Regex::new(&p).ok())
                .clone()
        });
        let mut add = |pointer: Pointer, is_key: bool, text: &str| {
            let name = match &regex {
                Some(re) => match re.captures(text).and_then(|c| c.get(1)) {
                    Some(m) => m.as_str().to_string(),
                    None => return,
                },
                None => text.to_string(),
            };
            if name.is_empty() || crate::env::is_reference(&name) || name.contains("{{") {
                return;
            }
            if !self.seen.insert(pointer.clone()) {
                return;
            }
            self.model.references.push(Reference {
                pointer,
                is_key,
                name,
                to: to.clone(),
                acyclic,
                builtin: builtin.clone(),
                field: field.clone(),
                from: None,
            });
        };
        match value {
            Value::String(s) => add(field.clone(), false, s),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let Value::String(s) = item {
                        add(field.join(i.to_string()), false, s);
                    }
                }
            }
            Value::Object(map) => {
                for key in map.keys() {
                    add(field.join(key.clone()), true, key);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_components_references_and_secret_fields() {
        let walk = SchemaWalk::new(json!({
            "properties": {
                "providers": {
                    "x-trellis-node": {"kind": "provider"},
                    "additionalProperties": {"properties": {"api_key": {"writeOnly": true}}}
                },
                "agents": {
                    "x-trellis-node": {"kind": "agent", "root": true},
                    "additionalProperties": {"properties": {
                        "provider": {"x-trellis-ref": "provider"},
                        "peers": {"x-trellis-ref": {"to": "agent", "acyclic": true}},
                        "volumes": {"items": {"x-trellis-ref": {"to": "volume", "pattern": "^([a-z]+):"}}}
                    }}
                }
            }
        }));
        let doc = json!({
            "providers": {"p": {"api_key": "x"}},
            "agents": {"a": {"provider": "p", "peers": ["b"], "volumes": ["data:/d", "./x:/y"]}, "b": {"peers": {"a": {}}}}
        });
        let model = Model::read(&walk, &doc);
        let names: Vec<_> = model
            .components
            .iter()
            .map(|c| format!("{}:{}", c.kind, c.name))
            .collect();
        assert_eq!(names, ["provider:p", "agent:a", "agent:b"]);
        let refs: Vec<_> = model
            .references
            .iter()
            .map(|r| {
                format!(
                    "{} {} -> {} from {:?} key={}",
                    r.pointer,
                    r.name,
                    r.to.join("|"),
                    r.from.map(|i| &model.components[i].name),
                    r.is_key
                )
            })
            .collect();
        assert_eq!(
            refs,
            [
                "/agents/a/provider p -> provider from Some(\"a\") key=false",
                "/agents/a/peers/0 b -> agent from Some(\"a\") key=false",
                "/agents/a/volumes/0 data -> volume from Some(\"a\") key=false",
                "/agents/b/peers/a a -> agent from Some(\"b\") key=true",
            ]
        );
        assert!(model
            .secret_fields
            .contains(&Pointer::parse("/providers/p/api_key").unwrap()));
    }
}
