//! A schema-guided walk: which subschemas apply to each value of a document.
//!
//! The `jsonschema` crate answers "is this valid, and where not"; Trellis also needs to know,
//! for any place in a document, what the schema says about it: its annotations
//! (`x-trellis-node`, `x-trellis-ref`, `writeOnly`), the properties an object may have and their
//! defaults. [`SchemaWalk`] answers that by following the applicators (`$ref`, `allOf`,
//! `anyOf`, `oneOf`, `if`/`then`/`else`, `properties`, `patternProperties`,
//! `additionalProperties`, `items`, `prefixItems`) along the instance.
//!
//! It over-approximates on purpose: every branch of `anyOf`/`oneOf`/`if` is followed, because
//! annotations describe the shapes a value may take. Only references inside the schema
//! document itself (`#...`, or the document's own `$id`) are followed.

use regex::Regex;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Mutex;

/// How many `$ref`/applicator hops may happen without descending into the instance. Real
/// schemas need a handful; `{"$ref": "#"}` loops would otherwise never end.
const MAX_HOPS: usize = 64;

pub struct SchemaWalk {
    root: Value,
    /// The root's `$id`, so `"$ref": "<id>#/$defs/x"` resolves locally.
    id: Option<String>,
    /// Anchors (`$anchor`, draft-7 style `$id: "#name"`) to their subschemas' pointers.
    anchors: HashMap<String, String>,
    regexes: Mutex<HashMap<String, Option<Regex>>>,
}

impl SchemaWalk {
    pub fn new(root: Value) -> SchemaWalk {
        let id = root
            .get("$id")
            .or_else(|| root.get("id"))
            .and_then(Value::as_str)
            .map(|s| s.trim_end_matches('#').to_string());
        let mut anchors = HashMap::new();
        collect_anchors(&root, String::new(), &mut anchors, 0);
        SchemaWalk {
            root,
            id,
            anchors,
            regexes: Mutex::new(HashMap::new()),
        }
    }

    pub fn root(&self) -> &Value {
        &self.root
    }

    /// Every subschema that applies to `instance` itself, given the schemas that apply to it
    /// directly (`$ref`s and in-place applicators expanded).
    pub fn expand<'s>(&'s self, direct: &[&'s Value], instance: &Value) -> Vec<&'s Value> {
        let mut out: Vec<&'s Value> = Vec::new();
        for schema in direct {
            self.expand_into(schema, instance, &mut out, 0);
        }
        out
    }

    fn expand_into<'s>(
        &'s self,
        schema: &'s Value,
        instance: &Value,
        out: &mut Vec<&'s Value>,
        hops: usize,
    ) {
        let Value::Object(map) = schema else {
            return;
        };
        if hops > MAX_HOPS || out.iter().any(|s| std::ptr::eq(*s, schema)) {
            return;
        }
        out.push(schema);
        for key in ["$ref", "$dynamicRef", "$recursiveRef"] {
            if let Some(target) = map
                .get(key)
                .and_then(Value::as_str)
                .and_then(|r| self.resolve(r))
            {
                self.expand_into(target, instance, out, hops + 1);
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(branches)) = map.get(key) {
                for branch in branches {
                    self.expand_into(branch, instance, out, hops + 1);
                }
            }
        }
        for key in ["then", "else"] {
            if let Some(branch) = map.get(key) {
                self.expand_into(branch, instance, out, hops + 1);
            }
        }
        if let (Some(Value::Object(deps)), Value::Object(obj)) =
            (map.get("dependentSchemas"), instance)
        {
            for (name, dep) in deps {
                if obj.contains_key(name) {
                    self.expand_into(dep, instance, out, hops + 1);
                }
            }
        }
    }

    /// The schemas that apply directly to the property `key` of an object, given the expanded
    /// schemas of the object.
    pub fn property<'s>(&'s self, schemas: &[&'s Value], key: &str) -> Vec<&'s Value> {
        let mut out = Vec::new();
        self.property_into(schemas, key, &mut out);
        out
    }

    /// [`SchemaWalk::property`], appending to `out`.
    pub(crate) fn property_into<'s>(
        &'s self,
        schemas: &[&'s Value],
        key: &str,
        out: &mut Vec<&'s Value>,
    ) {
        for schema in schemas {
            let mut matched = false;
            if let Some(s) = schema.get("properties").and_then(|p| p.get(key)) {
                out.push(s);
                matched = true;
            }
            if let Some(Value::Object(patterns)) = schema.get("patternProperties") {
                for (pattern, s) in patterns {
                    if self.matches(pattern, key) {
                        out.push(s);
                        matched = true;
                    }
                }
            }
            if !matched {
                if let Some(s) = schema.get("additionalProperties") {
                    out.push(s);
                }
            }
        }
    }

    /// The schemas that apply directly to item `index` of an array.
    pub fn item<'s>(&'s self, schemas: &[&'s Value], index: usize) -> Vec<&'s Value> {
        let mut out = Vec::new();
        self.item_into(schemas, index, &mut out);
        out
    }

    /// [`SchemaWalk::item`], appending to `out`.
    pub(crate) fn item_into<'s>(
        &'s self,
        schemas: &[&'s Value],
        index: usize,
        out: &mut Vec<&'s Value>,
    ) {
        for schema in schemas {
            let prefix = schema.get("prefixItems").and_then(Value::as_array);
            match (prefix, schema.get("items")) {
                (Some(prefix), items) => match prefix.get(index) {
                    Some(s) => out.push(s),
                    None => out.extend(items),
                },
                // Drafts up to 2019-09: `items` as an array is positional.
                (None, Some(Value::Array(positional))) => match positional.get(index) {
                    Some(s) => out.push(s),
                    None => out.extend(schema.get("additionalItems")),
                },
                (None, Some(items)) => out.push(items),
                (None, None) => {}
            }
        }
    }

    /// The expanded schemas at `path` of `instance` (the document's value), following the
    /// instance as far as it goes and the schema beyond it (for a property not written yet).
    pub fn at<'s>(&'s self, instance: &Value, path: &[String]) -> Vec<&'s Value> {
        let mut schemas = self.expand(&[&self.root], instance);
        let mut current = Some(instance);
        for token in path {
            let child = current.and_then(|v| match v {
                Value::Object(m) => m.get(token),
                Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            });
            let direct = match current {
                Some(Value::Array(_)) => match token.parse::<usize>() {
                    Ok(i) => self.item(&schemas, i),
                    Err(_) => Vec::new(),
                },
                _ => self.property(&schemas, token),
            };
            schemas = self.expand(&direct, child.unwrap_or(&Value::Null));
            current = child;
        }
        schemas
    }

    /// Property names the schemas declare for an object (for "did you mean").
    pub fn known_properties(schemas: &[&Value]) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for schema in schemas {
            if let Some(Value::Object(props)) = schema.get("properties") {
                for name in props.keys() {
                    if !names.contains(name) {
                        names.push(name.clone());
                    }
                }
            }
        }
        names
    }

    /// The schemas of one declared property, for defaults and types of a property to add.
    pub fn declared_property<'s>(&'s self, schemas: &[&'s Value], key: &str) -> Vec<&'s Value> {
        let direct: Vec<&Value> = schemas
            .iter()
            .filter_map(|s| s.get("properties").and_then(|p| p.get(key)))
            .collect();
        self.expand(&direct, &Value::Null)
    }

    fn matches(&self, pattern: &str, key: &str) -> bool {
        let mut cache = self.regexes.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(re) = cache.get(pattern) {
            return re.as_ref().is_some_and(|re| re.is_match(key));
        }
        cache
            .entry(pattern.to_string())
            .or_insert_with(|| Regex::new(pattern).ok())
            .as_ref()
            .is_some_and(|re| re.is_match(key))
    }

    /// Resolves a reference within the schema document; `None` for anything external.
    fn resolve(&self, reference: &str) -> Option<&Value> {
        let (base, fragment) = match reference.split_once('#') {
            Some((base, fragment)) => (base, fragment),
            None => (reference, ""),
        };
        if !base.is_empty() && self.id.as_deref() != Some(base) {
            return None;
        }
        if fragment.is_empty() || fragment.starts_with('/') {
            let decoded = percent_decode(fragment);
            return self.root.pointer(&decoded);
        }
        let pointer = self.anchors.get(fragment)?;
        self.root.pointer(pointer)
    }
}

fn collect_anchors(
    value: &Value,
    pointer: String,
    out: &mut HashMap<String, String>,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(a) = map.get("$anchor").and_then(Value::as_str) {
                out.entry(a.to_string()).or_insert_with(|| pointer.clone());
            }
            if let Some(id) = map
                .get("$id")
                .or_else(|| map.get("id"))
                .and_then(Value::as_str)
            {
                if let Some(a) = id.strip_prefix('#') {
                    out.entry(a.to_string()).or_insert_with(|| pointer.clone());
                }
            }
            for (k, v) in map {
                if k == "enum" || k == "const" || k == "examples" || k == "default" {
                    continue;
                }
                let escaped = k.replace('~', "~0").replace('/', "~1");
                collect_anchors(v, format!("{pointer}/{escaped}"), out, depth + 1);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_anchors(v, format!("{pointer}/{i}"), out, depth + 1);
            }
        }
        _ => {}
    }
}

/// `%XX` escapes decoded (invalid UTF-8 results keep the input as it was).
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// An annotation keyword's value, read from the first schema that has it.
pub fn first<'s>(schemas: &[&'s Value], keyword: &str) -> Option<&'s Value> {
    schemas.iter().find_map(|s| s.get(keyword))
}

/// Every value of `keyword` across the schemas.
#[cfg(test)]
pub fn all<'s>(schemas: &[&'s Value], keyword: &str) -> Vec<&'s Value> {
    schemas.iter().filter_map(|s| s.get(keyword)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn follows_refs_branches_and_properties() {
        let walk = SchemaWalk::new(json!({
            "$id": "urn:test",
            "$defs": {"model": {"properties": {"provider": {"x-trellis-ref": "provider"}}}},
            "properties": {
                "models": {"additionalProperties": {"$ref": "urn:test#/$defs/model"}},
                "tools": {"patternProperties": {"^t": {"oneOf": [{"title": "A"}, {"title": "B"}]}}}
            }
        }));
        let doc = json!({"models": {"m": {"provider": "p"}}, "tools": {"t1": {}}});
        let at = walk.at(&doc, &["models".into(), "m".into(), "provider".into()]);
        assert_eq!(first(&at, "x-trellis-ref"), Some(&json!("provider")));
        let titles = all(&walk.at(&doc, &["tools".into(), "t1".into()]), "title");
        assert_eq!(titles, vec![&json!("A"), &json!("B")]);
        assert!(walk.at(&doc, &["tools".into(), "x".into()]).is_empty());
    }

    #[test]
    fn self_reference_terminates() {
        let walk = SchemaWalk::new(json!({"$ref": "#", "anyOf": [{"$ref": "#"}]}));
        // The root, then the `anyOf` branch; each `$ref` back to the root stops there.
        assert_eq!(walk.expand(&[walk.root()], &json!(1)).len(), 2);
    }

    #[test]
    fn positional_items_and_anchors() {
        let walk = SchemaWalk::new(json!({
            "items": [{"$ref": "#a"}],
            "additionalItems": {"title": "rest"},
            "definitions": {"x": {"$anchor": "a", "title": "first"}}
        }));
        let doc = json!([1, 2]);
        assert_eq!(
            first(&walk.at(&doc, &["0".into()]), "title"),
            Some(&json!("first"))
        );
        assert_eq!(
            first(&walk.at(&doc, &["1".into()]), "title"),
            Some(&json!("rest"))
        );
    }
}
