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
    /// Whether the string `value` at `pointer` must not be shown as it is: a literal secret,
    /// by the rules validation reports `secret.literal` with — its field is marked secret
    /// (or named like one and not marked public), or the value has a known key shape or the
    /// randomness of a generated key. Placeholders (`${VAR}`) never are.
    pub fn hides(&self, pointer: &Pointer, value: &str) -> bool {
        let by_name = pointer
            .tokens()
            .last()
            .is_some_and(|k| k.parse::<usize>().is_err() && crate::secrets::is_secret_name(k));
        let field = self.secret_fields.contains(pointer)
            || (by_name && !self.public_fields.contains(pointer));
        crate::secrets::classify(value, field).is_some()
    }

    /// Reads the model of `value` (one document) under the schema.
    pub fn read(walk: &SchemaWalk, value: &Value) -> Model {
        let mut reader = Reader::new(walk);
        let direct = [walk.root()];
        reader.visit(&direct, value, &mut Vec::new(), false);
        let mut model = reader.model;
        model.link();
        model
    }

    /// The part of the model that the subtree `value` at `path` contributes, given the schemas
    /// that apply to it directly; not linked (`from` is `None`), collection indices from 0.
    /// Two subtrees with equal parts contribute the same to any document they are in.
    pub(crate) fn read_part<'s>(
        walk: &'s SchemaWalk,
        direct: &[&'s Value],
        value: &Value,
        path: &[Token<'_>],
    ) -> Model {
        let mut reader = Reader::new(walk);
        let mut path = path.to_vec();
        reader.visit(direct, value, &mut path, false);
        reader.model
    }

    /// The components of the given kinds, by name.
    pub fn find(&self, kinds: &[String], name: &str) -> Option<&Component> {
        self.components
            .iter()
            .find(|c| c.name == name && kinds.contains(&c.kind))
    }

    fn is_empty(&self) -> bool {
        self.collections.is_empty()
            && self.components.is_empty()
            && self.references.is_empty()
            && self.secret_fields.is_empty()
            && self.public_fields.is_empty()
    }

    /// Whether two models hold the same collections, components, references and fields.
    pub(crate) fn same(&self, other: &Model) -> bool {
        self.collections == other.collections
            && self.components == other.components
            && self.references == other.references
            && self.secret_fields == other.secret_fields
            && self.public_fields == other.public_fields
    }

    /// Sets each reference's `from`: the innermost component its pointer is inside. A map
    /// of component pointers makes it one lookup per ancestor, not a scan of all components.
    fn link(&mut self) {
        let by_pointer: HashMap<&[String], usize> = self
            .components
            .iter()
            .enumerate()
            .map(|(i, c)| (c.pointer.tokens(), i))
            .collect();
        for reference in &mut self.references {
            let tokens = reference.pointer.tokens();
            reference.from = (0..tokens.len())
                .rev()
                .find_map(|n| by_pointer.get(&tokens[..n]).copied());
        }
    }
}

/// A hash map with a fast, non-cryptographic hash (FxHash) for the reader's memo tables,
/// keyed by schema addresses and by the property names a schema declares: nothing a
/// document's author chooses, so SipHash's protection against collisions is not needed.
pub(crate) type FxMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FxHasher>>;

/// The hash of rustc (`rustc-hash`): multiply and rotate, one word at a time.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl std::hash::Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// One change written into a document's value in place (an environment overlay merged over
/// it), as kept to undo it.
#[derive(Clone, Debug)]
pub(crate) enum Change {
    /// The value at the path was replaced; this was the value before.
    Replaced(Vec<String>, Value),
    /// The key at the end of the path was added to its map.
    Added(Vec<String>),
}

impl Change {
    pub(crate) fn path(&self) -> &[String] {
        match self {
            Change::Replaced(path, _) | Change::Added(path) => path,
        }
    }
}

/// Whether the model of `after` (a document's value with `changes` written into it) is
/// exactly the model of the value before them: same collections, components, references
/// and fields, in the same order. Only the changed subtrees are read (twice: before and
/// after). Says `false` when it cannot tell cheaply (an instance-dependent expansion on the
/// way, a map that gains keys and is itself a collection or a reference field).
pub(crate) fn model_unchanged(walk: &SchemaWalk, after: &Value, changes: &[Change]) -> bool {
    let mut reader = Reader::new(walk);
    let root = [walk.root()];
    changes.iter().all(|change| {
        let Some((last, parent_path)) = change.path().split_last() else {
            // The whole document was replaced.
            return match change {
                Change::Replaced(_, before) => Model::read_part(walk, &root, before, &[])
                    .same(&Model::read_part(walk, &root, after, &[])),
                Change::Added(_) => false,
            };
        };
        // Follow the document from the root to the changed value's map, as the reader
        // would; if the reader never gets there, the change cannot show in the model.
        let mut direct: Vec<&Value> = root.to_vec();
        let mut node = after;
        let mut tokens: Vec<Token<'_>> = Vec::new();
        let mut next = parent_path.iter();
        let e = loop {
            if tokens.len() > trellis_core::MAX_NESTING {
                return true;
            }
            let e = reader.expand(&direct, node);
            if reader.expanded[e].schemas.is_empty() {
                return true;
            }
            if reader.expanded[e].dependent {
                return false;
            }
            let Some(token) = next.next() else {
                break e;
            };
            let Some((key, child)) = node.as_object().and_then(|m| m.get_key_value(token)) else {
                return false;
            };
            direct.clear();
            walk.property_into(&reader.expanded[e].schemas, key, &mut direct);
            if direct.is_empty() {
                return true;
            }
            tokens.push(Token::Key(key));
            node = child;
        };
        let Some((key, value)) = node.as_object().and_then(|m| m.get_key_value(last)) else {
            return false;
        };
        direct.clear();
        walk.property_into(&reader.expanded[e].schemas, key, &mut direct);
        if direct.is_empty() {
            return true;
        }
        tokens.push(Token::Key(key));
        match change {
            Change::Replaced(_, before) => {
                identical(before, value)
                    || Model::read_part(walk, &direct, before, &tokens)
                        .same(&Model::read_part(walk, &direct, value, &tokens))
            }
            Change::Added(_) => {
                // The new entry comes last in its map: the model is unchanged when the map
                // itself does not turn keys into components or references and the entry
                // adds nothing.
                let expanded = &reader.expanded[e];
                expanded.node.is_none()
                    && expanded.reference.is_none()
                    && Model::read_part(walk, &direct, value, &tokens).is_empty()
            }
        }
    })
}

/// Whether two values are the same, maps' keys in the same order too (`==` on maps ignores
/// the order, which the model keeps).
pub(crate) fn identical(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((k, v), (l, w))| k == l && identical(v, w))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| identical(v, w))
        }
        _ => a == b,
    }
}

/// One step of a path in a document's value, borrowed from the value.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Token<'v> {
    Key(&'v str),
    Index(usize),
}

impl Token<'_> {
    pub(crate) fn text(&self) -> String {
        match self {
            Token::Key(k) => (*k).to_string(),
            Token::Index(i) => i.to_string(),
        }
    }
}

pub(crate) fn pointer_of(path: &[Token<'_>]) -> Pointer {
    Pointer::from_tokens(path.iter().map(Token::text))
}

/// Whether the schemas of a place say it holds a secret.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Secrecy {
    Unsaid,
    Secret,
    Public,
}

/// The expanded schemas of a place and what the reader needs of them, computed once per
/// distinct set of direct schemas (and instance type) instead of once per node.
struct Expanded<'s> {
    schemas: Vec<&'s Value>,
    node: Option<&'s Value>,
    reference: Option<&'s Value>,
    secrecy: Secrecy,
    /// Whether the expansion depends on the instance (`dependentSchemas` of a map; such
    /// expansions are not cached).
    dependent: bool,
    /// Without `patternProperties`: the direct schemas of each property some schema declares
    /// and, in `undeclared`, of every other property (`None` with `patternProperties`).
    properties: Option<Properties<'s>>,
}

/// The direct schemas of each declared property, and of every other property.
type Properties<'s> = (FxMap<&'s str, Vec<&'s Value>>, Vec<&'s Value>);

/// A parsed `x-trellis-ref` annotation.
struct RefSpec {
    to: Vec<String>,
    acyclic: bool,
    regex: Option<Regex>,
    builtin: Vec<String>,
}

struct Reader<'s> {
    walk: &'s SchemaWalk,
    model: Model,
    /// Regexes of reference patterns, by pattern.
    patterns: HashMap<String, Option<Regex>>,
    /// Parsed reference annotations, by the annotation's address in the schema (`None`: the
    /// annotation names no kind).
    specs: HashMap<*const Value, Option<std::rc::Rc<RefSpec>>>,
    /// Expansions: `expanded[i]`, found by the addresses of the direct schemas followed by
    /// whether the instance is an object (only `dependentSchemas` looks at the instance, and
    /// only at an object's keys; such expansions are not cached).
    expanded: Vec<Expanded<'s>>,
    cache: FxMap<Vec<usize>, usize>,
    key: Vec<usize>,
}

impl<'s> Reader<'s> {
    fn new(walk: &'s SchemaWalk) -> Reader<'s> {
        Reader {
            walk,
            model: Model::default(),
            patterns: HashMap::new(),
            specs: HashMap::new(),
            expanded: Vec::new(),
            cache: FxMap::default(),
            key: Vec::new(),
        }
    }

    /// The index in `expanded` of the expansion of `direct` for `value`.
    fn expand(&mut self, direct: &[&'s Value], value: &Value) -> usize {
        let is_object = value.is_object();
        self.key.clear();
        self.key
            .extend(direct.iter().map(|s| *s as *const Value as usize));
        self.key.push(usize::from(is_object));
        if let Some(&i) = self.cache.get(self.key.as_slice()) {
            return i;
        }
        let schemas = self.walk.expand(direct, value);
        let dependent = is_object
            && schemas
                .iter()
                .any(|s| matches!(s.get("dependentSchemas"), Some(Value::Object(_))));
        let secret = schemas.iter().any(|s| {
            s.get("writeOnly") == Some(&Value::Bool(true))
                || s.get("x-trellis-secret") == Some(&Value::Bool(true))
                || s.get("format").and_then(Value::as_str) == Some("password")
        });
        let secrecy = if secret {
            Secrecy::Secret
        } else if schemas
            .iter()
            .any(|s| s.get("x-trellis-secret") == Some(&Value::Bool(false)))
        {
            Secrecy::Public
        } else {
            Secrecy::Unsaid
        };
        let patterns = schemas
            .iter()
            .any(|s| matches!(s.get("patternProperties"), Some(Value::Object(_))));
        let properties = (!patterns).then(|| {
            let mut declared: FxMap<&'s str, Vec<&'s Value>> = FxMap::default();
            for schema in &schemas {
                if let Some(Value::Object(props)) = schema.get("properties") {
                    for key in props.keys() {
                        declared.entry(key.as_str()).or_insert_with(|| {
                            let mut direct = Vec::new();
                            self.walk.property_into(&schemas, key, &mut direct);
                            direct
                        });
                    }
                }
            }
            let undeclared = schemas
                .iter()
                .filter_map(|s| s.get("additionalProperties"))
                .collect();
            (declared, undeclared)
        });
        let index = self.expanded.len();
        self.expanded.push(Expanded {
            node: first(&schemas, "x-trellis-node"),
            reference: first(&schemas, "x-trellis-ref"),
            schemas,
            secrecy,
            dependent,
            properties,
        });
        if !dependent {
            self.cache.insert(self.key.clone(), index);
        }
        index
    }

    /// `referenced`: whether the parent's annotation already took this value (a string in an
    /// annotated list, or the value of an annotated map's key) as a reference at this place.
    /// A place holds at most one reference, and only the parent's annotation and the value's
    /// own can put one there, the parent's first.
    fn visit<'v>(
        &mut self,
        direct: &[&'s Value],
        value: &'v Value,
        path: &mut Vec<Token<'v>>,
        referenced: bool,
    ) {
        if path.len() > trellis_core::MAX_NESTING {
            return;
        }
        let e = self.expand(direct, value);
        if self.expanded[e].schemas.is_empty() {
            return;
        }
        if let (Some(node), Value::Object(entries)) = (self.expanded[e].node, value) {
            let kind = node
                .get("kind")
                .and_then(Value::as_str)
                .unwrap_or("component")
                .to_string();
            let collection = self.model.collections.len();
            let pointer = pointer_of(path);
            self.model.collections.push(Collection {
                title: node
                    .get("title")
                    .and_then(Value::as_str)
                    .map_or_else(|| kind.clone(), str::to_string),
                kind: kind.clone(),
                pointer: pointer.clone(),
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
                    pointer: pointer.join(name.clone()),
                    collection,
                });
            }
        }
        let mut taken = Vec::new();
        if let Some(annotation) = self.expanded[e].reference {
            self.references(annotation, value, path, referenced, &mut taken);
        }
        let mut taken = taken.into_iter().peekable();
        match self.expanded[e].secrecy {
            Secrecy::Secret => {
                self.model.secret_fields.insert(pointer_of(path));
            }
            Secrecy::Public => {
                self.model.public_fields.insert(pointer_of(path));
            }
            Secrecy::Unsaid => {}
        }
        let mut direct: Vec<&'s Value> = Vec::new();
        match value {
            Value::Object(map) => {
                for (i, (key, child)) in map.iter().enumerate() {
                    let referenced = taken.next_if_eq(&i).is_some();
                    direct.clear();
                    let expanded = &self.expanded[e];
                    match &expanded.properties {
                        Some((declared, undeclared)) => direct
                            .extend_from_slice(declared.get(key.as_str()).unwrap_or(undeclared)),
                        None => self.walk.property_into(&expanded.schemas, key, &mut direct),
                    }
                    if direct.is_empty() {
                        continue;
                    }
                    path.push(Token::Key(key));
                    self.visit(&direct, child, path, referenced);
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let referenced = taken.next_if_eq(&i).is_some();
                    direct.clear();
                    self.walk
                        .item_into(&self.expanded[e].schemas, i, &mut direct);
                    if direct.is_empty() {
                        continue;
                    }
                    path.push(Token::Index(i));
                    self.visit(&direct, child, path, referenced);
                    path.pop();
                }
            }
            _ => {}
        }
    }

    fn spec(&mut self, annotation: &Value) -> Option<std::rc::Rc<RefSpec>> {
        let address = annotation as *const Value;
        if let Some(spec) = self.specs.get(&address) {
            return spec.clone();
        }
        let spec = self.parse_spec(annotation).map(std::rc::Rc::new);
        self.specs.insert(address, spec.clone());
        spec
    }

    fn parse_spec(&mut self, annotation: &Value) -> Option<RefSpec> {
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
            _ => return None,
        };
        if to.is_empty() {
            return None;
        }
        let regex = pattern.and_then(|p| {
            self.patterns
                .entry(p.clone())
                .or_insert_with(|| Regex::new(&p).ok())
                .clone()
        });
        Some(RefSpec {
            to,
            acyclic,
            regex,
            builtin,
        })
    }

    /// Adds the references an annotated value holds; `taken` gets the positions of the
    /// children (list items, map entries) that became references, in order.
    fn references(
        &mut self,
        annotation: &Value,
        value: &Value,
        path: &[Token<'_>],
        referenced: bool,
        taken: &mut Vec<usize>,
    ) {
        let Some(spec) = self.spec(annotation) else {
            return;
        };
        let field = pointer_of(path);
        let mut add = |pointer: Pointer, is_key: bool, text: &str| -> bool {
            let name = match &spec.regex {
                Some(re) => match re.captures(text).and_then(|c| c.get(1)) {
                    Some(m) => m.as_str().to_string(),
                    None => return false,
                },
                None => text.to_string(),
            };
            if name.is_empty() || crate::env::is_reference(&name) || name.contains("{{") {
                return false;
            }
            self.model.references.push(Reference {
                pointer,
                is_key,
                name,
                to: spec.to.clone(),
                acyclic: spec.acyclic,
                builtin: spec.builtin.clone(),
                field: field.clone(),
                from: None,
            });
            true
        };
        match value {
            Value::String(s) if !referenced => {
                add(field.clone(), false, s);
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let Value::String(s) = item {
                        if add(field.join(i.to_string()), false, s) {
                            taken.push(i);
                        }
                    }
                }
            }
            Value::Object(map) => {
                for (i, key) in map.keys().enumerate() {
                    if add(field.join(key.clone()), true, key) {
                        taken.push(i);
                    }
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
