//! The palette: the kinds of component a schema's documents may hold and their variants,
//! read from the schema alone (so an empty document has a full palette), and searched.
//!
//! A kind is a map annotated `x-trellis-node` (`providers`, `services`, `jobs`,
//! `service.pipelines`). Its variants come from, in this order:
//! - the annotation's `variant` field (`type`): that property's `enum`, or `oneOf`/`anyOf`
//!   of `const`s, or the entry schema's `oneOf`/`anyOf` branches that pin it with `const`;
//! - without one, `oneOf`/`anyOf` branches of the entry schema that all pin one property
//!   with `const` (a discriminator);
//! - pattern properties of the map whose regex is a literal name with an optional suffix
//!   (`^otlp(/[^/]+)?$`): the variant is told by the component's key (`otlp`, `otlp/2`).

use crate::design::pointer_string;
use crate::schema::Schema;
use crate::shapes::{pattern_literals, ref_spec};
use crate::walk::{first, SchemaWalk};
use serde::Serialize;
use serde_json::{Map, Value};
use trellis_core::Pointer;

/// How deep below the root collections are looked for.
const MAX_COLLECTION_DEPTH: usize = 6;

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Palette {
    /// In schema order.
    pub kinds: Vec<PaletteKind>,
    /// The `to` lists of every reference annotation of the schema: kinds in one list can
    /// be confused by a reference, so their components need distinct names.
    #[serde(skip)]
    pub(crate) reference_groups: Vec<Vec<String>>,
}

/// One kind of component: where its components live and how they vary.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PaletteKind {
    pub kind: String,
    /// The title of one component (the entry schema's `title`), else the collection's.
    pub title: String,
    /// The title of the collection (`Providers`).
    pub collection_title: String,
    pub description: String,
    /// The map that holds the components (`/providers`, `/service/pipelines`).
    #[serde(serialize_with = "pointer_string")]
    pub collection: Pointer,
    /// Entry points (agents, services, jobs, pipelines).
    pub root: bool,
    /// The property that tells the variant (`type`); `None` when the key tells it or there
    /// are no variants.
    pub variant_field: Option<String>,
    pub variants: Vec<PaletteVariant>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PaletteVariant {
    /// What the variant is called: the discriminator's value or the key's literal.
    pub name: String,
    pub title: String,
    pub description: String,
    /// The discriminator value a new component of this variant gets.
    pub value: Option<Value>,
    /// The key pattern that selects this variant's schema, when the key tells it.
    pub key_pattern: Option<String>,
    /// What separates the literal from a suffix in keys (`/` in `otlp/internal`).
    pub separator: Option<char>,
}

/// One search result: a kind, or one of its variants.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PaletteHit {
    pub kind: String,
    pub variant: Option<String>,
    pub title: String,
    pub description: String,
    /// Higher is better; results come best first.
    pub score: u32,
}

impl Palette {
    /// The palette of a compiled schema.
    pub fn of(schema: &Schema) -> Palette {
        Palette::from_walk(schema.walk())
    }

    /// The palette of a schema's walk.
    pub fn from_walk(walk: &SchemaWalk) -> Palette {
        let mut kinds = Vec::new();
        scan(walk, vec![walk.root()], &mut Vec::new(), &mut kinds);
        let mut reference_groups = Vec::new();
        collect_reference_groups(walk.root(), &mut reference_groups, 0);
        Palette {
            kinds,
            reference_groups,
        }
    }

    pub fn kind(&self, kind: &str) -> Option<&PaletteKind> {
        self.kinds.iter().find(|k| k.kind == kind)
    }

    /// Kinds whose components a reference could confuse with `kind`'s (itself included).
    pub(crate) fn confusable(&self, kind: &str) -> Vec<String> {
        let mut out = vec![kind.to_string()];
        for group in &self.reference_groups {
            if group.iter().any(|k| k == kind) {
                for k in group {
                    if !out.contains(k) {
                        out.push(k.clone());
                    }
                }
            }
        }
        out
    }

    /// Kinds and variants whose kind, variant, title or description contain every word
    /// of `query` (case-insensitive), best first: a name equal to a word beats one that
    /// starts with it, which beats a word inside it; names beat titles, titles beat
    /// descriptions; a kind found through its own name comes before its variants. An empty
    /// query lists everything in palette order.
    pub fn search(&self, query: &str) -> Vec<PaletteHit> {
        let terms: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        let mut hits: Vec<(u32, usize, PaletteHit)> = Vec::new();
        let mut order = 0;
        for k in &self.kinds {
            let kind_fields = [
                (k.kind.as_str(), 100),
                (k.title.as_str(), 80),
                (k.collection_title.as_str(), 80),
                (k.description.as_str(), 30),
            ];
            let mut item = |variant: Option<&PaletteVariant>, order: usize| {
                let mut fields: Vec<(&str, u32)> = Vec::new();
                match variant {
                    Some(v) => {
                        fields.push((v.name.as_str(), 100));
                        fields.push((v.title.as_str(), 80));
                        fields.push((v.description.as_str(), 30));
                        // Found through the kind: below the kind itself.
                        fields.extend(kind_fields.iter().map(|(t, w)| (*t, w * 6 / 10)));
                    }
                    None => fields.extend(kind_fields),
                }
                let mut total = 0;
                for term in &terms {
                    let best = fields
                        .iter()
                        .map(|(text, weight)| match_score(text, term) * weight / 100)
                        .max()
                        .unwrap_or(0);
                    if best == 0 {
                        return;
                    }
                    total += best;
                }
                hits.push((
                    total,
                    order,
                    PaletteHit {
                        kind: k.kind.clone(),
                        variant: variant.map(|v| v.name.clone()),
                        title: variant.map_or_else(|| k.title.clone(), |v| v.title.clone()),
                        description: variant
                            .filter(|v| !v.description.is_empty())
                            .map_or_else(|| k.description.clone(), |v| v.description.clone()),
                        score: total,
                    },
                ));
            };
            item(None, order);
            order += 1;
            for v in &k.variants {
                item(Some(v), order);
                order += 1;
            }
        }
        hits.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        hits.into_iter().map(|(_, _, h)| h).collect()
    }
}

/// How well `text` matches one lower-case search word: 100 equal, 70 a prefix, 50 the start
/// of a word inside it, 25 anywhere, 0 not at all.
fn match_score(text: &str, term: &str) -> u32 {
    if term.is_empty() {
        return 0;
    }
    let lower = text.to_lowercase();
    if lower == term {
        return 100;
    }
    if lower.starts_with(term) {
        return 70;
    }
    let mut best = 0;
    for (i, _) in lower.match_indices(term) {
        let boundary = lower[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        best = best.max(if boundary { 50 } else { 25 });
    }
    best
}

fn scan<'s>(
    walk: &'s SchemaWalk,
    direct: Vec<&'s Value>,
    path: &mut Vec<String>,
    out: &mut Vec<PaletteKind>,
) {
    if path.len() > MAX_COLLECTION_DEPTH {
        return;
    }
    let empty = Value::Object(Map::new());
    let schemas = walk.expand(&direct, &empty);
    if let Some(node) = first(&schemas, "x-trellis-node") {
        out.push(kind_of(walk, &schemas, node, path));
        return;
    }
    for name in SchemaWalk::known_properties(&schemas) {
        let child = walk.property(&schemas, &name);
        if child.is_empty() {
            continue;
        }
        path.push(name);
        scan(walk, child, path, out);
        path.pop();
    }
}

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_string)
}

fn kind_of(walk: &SchemaWalk, schemas: &[&Value], node: &Value, path: &[String]) -> PaletteKind {
    let kind = text(node.get("kind")).unwrap_or_else(|| "component".into());
    let collection_title = text(node.get("title"))
        .or_else(|| text(first(schemas, "title")))
        .unwrap_or_else(|| kind.clone());
    let description = text(node.get("description"))
        .or_else(|| text(first(schemas, "description")))
        .unwrap_or_default();
    let empty = Value::Object(Map::new());
    let entry_direct: Vec<&Value> = schemas
        .iter()
        .filter_map(|s| s.get("additionalProperties"))
        .filter(|s| s.is_object())
        .collect();
    let entry = walk.expand(&entry_direct, &empty);
    let title = text(first(&entry, "title")).unwrap_or_else(|| {
        let mut chars = kind.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    });
    let mut variant_field = text(node.get("variant"));
    let mut variants = Vec::new();
    if let Some(field) = &variant_field {
        variants = field_variants(walk, &entry, field);
    } else if let Some((field, found)) = discriminated(walk, &entry) {
        variant_field = Some(field);
        variants = found;
    }
    if variants.is_empty() {
        variant_field = None;
        variants = key_variants(walk, schemas);
    }
    PaletteKind {
        kind,
        title,
        collection_title,
        description,
        collection: Pointer::from_tokens(path.iter().cloned()),
        root: node.get("root").and_then(Value::as_bool).unwrap_or(false),
        variant_field,
        variants,
    }
}

fn value_name(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

/// Variants told by a property: its `enum`, its `oneOf`/`anyOf` of `const`s, or entry
/// branches that pin it.
fn field_variants(walk: &SchemaWalk, entry: &[&Value], field: &str) -> Vec<PaletteVariant> {
    let mut out: Vec<PaletteVariant> = Vec::new();
    let mut add = |value: &Value, title: Option<String>, description: Option<String>| {
        let name = value_name(value);
        if let Some(existing) = out.iter_mut().find(|v| v.name == name) {
            if let Some(t) = title {
                existing.title = t;
            }
            if let Some(d) = description {
                existing.description = d;
            }
            return;
        }
        out.push(PaletteVariant {
            title: title.unwrap_or_else(|| name.clone()),
            name,
            description: description.unwrap_or_default(),
            value: Some(value.clone()),
            key_pattern: None,
            separator: None,
        });
    };
    let property = walk.declared_property(entry, field);
    if let Some(Value::Array(values)) = first(&property, "enum") {
        for v in values {
            add(v, None, None);
        }
    } else if let Some(c) = first(&property, "const") {
        add(c, None, None);
    }
    for s in &property {
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(branches)) = s.get(key) {
                for b in branches {
                    if let Some(c) = b.get("const") {
                        add(c, text(b.get("title")), text(b.get("description")));
                    }
                }
            }
        }
    }
    for s in entry {
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(branches)) = s.get(key) {
                for b in branches {
                    let branch = walk.expand(&[b], &Value::Null);
                    let pinned = walk.declared_property(&branch, field);
                    if let Some(c) = first(&pinned, "const") {
                        add(
                            c,
                            text(first(&branch, "title")),
                            text(first(&branch, "description")),
                        );
                    }
                }
            }
        }
    }
    out
}

/// `oneOf`/`anyOf` branches of the entry schema that all pin the same property.
fn discriminated(walk: &SchemaWalk, entry: &[&Value]) -> Option<(String, Vec<PaletteVariant>)> {
    for s in entry {
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(branches)) = s.get(key) else {
                continue;
            };
            if branches.len() < 2 {
                continue;
            }
            let expanded: Vec<Vec<&Value>> = branches
                .iter()
                .map(|b| walk.expand(&[b], &Value::Null))
                .collect();
            let candidates = SchemaWalk::known_properties(&expanded[0]);
            for field in candidates {
                let pins: Vec<Option<&Value>> = expanded
                    .iter()
                    .map(|e| first(&walk.declared_property(e, &field), "const"))
                    .collect();
                if pins.iter().all(Option::is_some) {
                    let variants = pins
                        .iter()
                        .zip(&expanded)
                        .map(|(c, e)| {
                            let c = c.expect("checked");
                            PaletteVariant {
                                name: value_name(c),
                                title: text(first(e, "title")).unwrap_or_else(|| value_name(c)),
                                description: text(first(e, "description")).unwrap_or_default(),
                                value: Some(c.clone()),
                                key_pattern: None,
                                separator: None,
                            }
                        })
                        .collect();
                    return Some((field, variants));
                }
            }
        }
    }
    None
}

/// Variants told by the key: pattern properties with a literal name.
fn key_variants(walk: &SchemaWalk, schemas: &[&Value]) -> Vec<PaletteVariant> {
    let mut out: Vec<PaletteVariant> = Vec::new();
    for s in schemas {
        let Some(Value::Object(patterns)) = s.get("patternProperties") else {
            continue;
        };
        for (pattern, target) in patterns {
            let Some((names, separator)) = pattern_literals(pattern) else {
                continue;
            };
            let expanded = walk.expand(&[target], &Value::Null);
            for name in names {
                if out.iter().any(|v| v.name == name) {
                    continue;
                }
                out.push(PaletteVariant {
                    title: text(first(&expanded, "title")).unwrap_or_else(|| name.clone()),
                    description: text(first(&expanded, "description")).unwrap_or_default(),
                    name,
                    value: None,
                    key_pattern: Some(pattern.clone()),
                    separator,
                });
            }
        }
    }
    // A title shared by several variants (a generic schema) says less than the name.
    let titles: Vec<String> = out.iter().map(|v| v.title.clone()).collect();
    for v in &mut out {
        if titles.iter().filter(|t| **t == v.title).count() > 1 {
            v.title = v.name.clone();
        }
    }
    out
}

fn collect_reference_groups(value: &Value, out: &mut Vec<Vec<String>>, depth: usize) {
    if depth > 64 {
        return;
    }
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "x-trellis-ref" {
                    let (kinds, _) = ref_spec(v);
                    if kinds.len() > 1 && !out.contains(&kinds) {
                        out.push(kinds);
                    }
                } else if k != "enum" && k != "const" && k != "examples" && k != "default" {
                    collect_reference_groups(v, out, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for v in items {
                collect_reference_groups(v, out, depth + 1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_prefer_equal_then_prefix_then_word_then_inside() {
        assert_eq!(match_score("openai", "openai"), 100);
        assert_eq!(match_score("openai_compatible", "openai"), 70);
        assert_eq!(match_score("azure_openai", "openai"), 50);
        assert_eq!(match_score("myopenai", "openai"), 25);
        assert_eq!(match_score("anthropic", "openai"), 0);
    }
}
