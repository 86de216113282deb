//! What a schema says about one value, exactly enough for the designer: which subschemas
//! apply to it for certain, whether a (simple) subschema holds for it, the smallest value a
//! place accepts, and whether a name may be a key of a collection.
//!
//! [`SchemaWalk`] over-approximates on purpose (every branch of `oneOf`/`anyOf`/`if` is
//! followed). Forms and new components need the branch that applies: a `required` inside
//! `then` counts only when its `if` holds. [`Shapes::holds`] decides the keywords that
//! conditions and variant branches use (types, `const`, `enum`, `required`, `properties`,
//! bounds, patterns, the applicators); what it cannot decide is `None`, never a guess.

use crate::walk::SchemaWalk;
use regex::Regex;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::HashMap;

/// Hops through `$ref` and applicators before giving up (recursive schemas).
const MAX_DEPTH: usize = 48;

pub(crate) struct Shapes<'s> {
    walk: &'s SchemaWalk,
    regexes: RefCell<HashMap<String, Option<Regex>>>,
}

/// One `oneOf`/`anyOf` of the applicable schemas: a choice between shapes.
#[derive(Clone, Debug)]
pub(crate) struct Choice<'s> {
    /// The array of branches (its address identifies the choice).
    pub group: &'s Value,
    pub branches: Vec<&'s Value>,
}

impl<'s> Shapes<'s> {
    pub(crate) fn new(walk: &'s SchemaWalk) -> Shapes<'s> {
        Shapes {
            walk,
            regexes: RefCell::new(HashMap::new()),
        }
    }

    pub(crate) fn walk(&self) -> &'s SchemaWalk {
        self.walk
    }

    /// Resolves a `$ref` inside the schema document (`#/...`, or the document's own `$id`
    /// followed by a fragment); `None` for anything else.
    pub(crate) fn resolve(&self, reference: &str) -> Option<&'s Value> {
        let root = self.walk.root();
        let (base, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if !base.is_empty() {
            let id = root
                .get("$id")
                .or_else(|| root.get("id"))
                .and_then(Value::as_str)?;
            if id.trim_end_matches('#') != base {
                return None;
            }
        }
        if fragment.is_empty() {
            return Some(root);
        }
        if !fragment.starts_with('/') {
            return None;
        }
        root.pointer(&crate::walk::percent_decode(fragment))
    }

    fn regex(&self, pattern: &str) -> Option<Regex> {
        self.regexes
            .borrow_mut()
            .entry(pattern.to_string())
            .or_insert_with(|| Regex::new(pattern).ok())
            .clone()
    }

    /// The schemas that apply to `instance` for certain, given those that apply directly:
    /// `$ref`s and `allOf` followed, `then`/`else` by what the `if` says of the instance
    /// (neither when it is absent or undecided), `dependentSchemas` by its keys. The
    /// branches of `oneOf`/`anyOf` are choices ([`Shapes::choices`]) and not followed.
    pub(crate) fn base(&self, direct: &[&'s Value], instance: Option<&Value>) -> Vec<&'s Value> {
        let mut out = Vec::new();
        for schema in direct {
            self.base_into(schema, instance, &mut out, 0);
        }
        out
    }

    fn base_into(
        &self,
        schema: &'s Value,
        instance: Option<&Value>,
        out: &mut Vec<&'s Value>,
        depth: usize,
    ) {
        let Value::Object(map) = schema else {
            return;
        };
        if depth > MAX_DEPTH || out.iter().any(|s| std::ptr::eq(*s, schema)) {
            return;
        }
        out.push(schema);
        if let Some(target) = map
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| self.resolve(r))
        {
            self.base_into(target, instance, out, depth + 1);
        }
        if let Some(Value::Array(all)) = map.get("allOf") {
            for s in all {
                self.base_into(s, instance, out, depth + 1);
            }
        }
        if let (Some(condition), Some(instance)) = (map.get("if"), instance) {
            let branch = match self.holds(condition, instance) {
                Some(true) => map.get("then"),
                Some(false) => map.get("else"),
                None => None,
            };
            if let Some(branch) = branch {
                self.base_into(branch, Some(instance), out, depth + 1);
            }
        }
        if let (Some(Value::Object(deps)), Some(Value::Object(obj))) =
            (map.get("dependentSchemas"), instance)
        {
            for (name, dep) in deps {
                if obj.contains_key(name) {
                    self.base_into(dep, instance, out, depth + 1);
                }
            }
        }
    }

    /// The `oneOf`/`anyOf` choices among `schemas` whose branches are shapes (not only
    /// extra constraints such as `anyOf: [{required: [a]}, {required: [b]}]`).
    pub(crate) fn choices(&self, schemas: &[&'s Value]) -> Vec<Choice<'s>> {
        let mut out = Vec::new();
        for schema in schemas {
            for key in ["oneOf", "anyOf"] {
                if let Some(group @ Value::Array(branches)) = schema.get(key) {
                    let shaped = branches.iter().all(|b| {
                        b.as_object().is_some_and(|m| {
                            m.keys().any(|k| {
                                matches!(
                                    k.as_str(),
                                    "$ref"
                                        | "type"
                                        | "properties"
                                        | "const"
                                        | "enum"
                                        | "items"
                                        | "title"
                                        | "additionalProperties"
                                )
                            })
                        })
                    });
                    if shaped && branches.len() > 1 {
                        out.push(Choice {
                            group,
                            branches: branches.iter().collect(),
                        });
                    }
                }
            }
        }
        out
    }

    /// The schemas that apply to `instance` as far as can be told: [`Shapes::base`], plus,
    /// for each choice, the branches that hold for the instance (all of them when none is
    /// known to hold, as the walk does), expanded in turn.
    pub(crate) fn applicable(
        &self,
        direct: &[&'s Value],
        instance: Option<&Value>,
    ) -> Vec<&'s Value> {
        let mut out = self.base(direct, instance);
        let mut seen_groups: Vec<*const Value> = Vec::new();
        let mut i = 0;
        while i < out.len() && i < 512 {
            let schema = out[i];
            i += 1;
            for choice in self.choices(&[schema]) {
                if seen_groups.contains(&(choice.group as *const Value)) {
                    continue;
                }
                seen_groups.push(choice.group);
                let holding: Vec<&'s Value> = match instance {
                    Some(v) => choice
                        .branches
                        .iter()
                        .copied()
                        .filter(|b| self.holds(b, v) == Some(true))
                        .collect(),
                    None => Vec::new(),
                };
                let take = if holding.is_empty() {
                    choice.branches.clone()
                } else {
                    holding
                };
                for branch in take {
                    for s in self.base(&[branch], instance) {
                        if !out.iter().any(|o| std::ptr::eq(*o, s)) {
                            out.push(s);
                        }
                    }
                }
            }
        }
        out
    }

    /// The applicable schemas at `path` of a document's value, following the value as far
    /// as it goes and the schema beyond it.
    pub(crate) fn at(&self, document: &Value, path: &[String]) -> Vec<&'s Value> {
        let mut current = Some(document);
        let mut schemas = self.applicable(&[self.walk.root()], current);
        for token in path {
            let direct = self.child_direct(&schemas, current, token);
            let child = current.and_then(|v| child_of(v, token));
            schemas = self.applicable(&direct, child);
            current = child;
        }
        schemas
    }

    /// The schemas that apply directly to the child `token` of `parent`, given the
    /// parent's applicable schemas.
    pub(crate) fn child_direct(
        &self,
        parent_schemas: &[&'s Value],
        parent: Option<&Value>,
        token: &str,
    ) -> Vec<&'s Value> {
        match parent {
            Some(Value::Array(_)) => match token.parse::<usize>() {
                Ok(i) => self.walk.item(parent_schemas, i),
                Err(_) => Vec::new(),
            },
            _ => self.walk.property(parent_schemas, token),
        }
    }

    /// Property names the schemas require (every `required` among them).
    pub(crate) fn required(schemas: &[&Value]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in schemas {
            if let Some(Value::Array(names)) = s.get("required") {
                for n in names.iter().filter_map(Value::as_str) {
                    if !out.iter().any(|o| o == n) {
                        out.push(n.to_string());
                    }
                }
            }
        }
        out
    }

    /// Whether `schema` holds for `instance`: `Some` when the keywords involved decide it,
    /// `None` when one of them cannot be evaluated here (an external `$ref`, an invalid
    /// pattern). Annotations and `format` do not constrain.
    pub(crate) fn holds(&self, schema: &Value, instance: &Value) -> Option<bool> {
        self.holds_at(schema, instance, 0)
    }

    fn holds_at(&self, schema: &Value, instance: &Value, depth: usize) -> Option<bool> {
        let map = match schema {
            Value::Bool(b) => return Some(*b),
            Value::Object(map) => map,
            _ => return None,
        };
        if depth > MAX_DEPTH {
            return None;
        }
        let mut verdict = Verdict::True;
        for (key, arg) in map {
            let one = match key.as_str() {
                "$ref" => match arg.as_str().and_then(|r| self.resolve(r)) {
                    Some(target) => self.holds_at(target, instance, depth + 1),
                    None => None,
                },
                "type" => Some(type_matches(arg, instance)),
                "const" => Some(json_eq(arg, instance)),
                "enum" => arg
                    .as_array()
                    .map(|a| a.iter().any(|o| json_eq(o, instance))),
                "required" => match (arg, instance) {
                    (Value::Array(names), Value::Object(obj)) => Some(
                        names
                            .iter()
                            .all(|n| n.as_str().is_some_and(|n| obj.contains_key(n))),
                    ),
                    _ => Some(true),
                },
                "properties" => match (arg, instance) {
                    (Value::Object(props), Value::Object(obj)) => {
                        let mut v = Verdict::True;
                        for (k, s) in props {
                            if let Some(child) = obj.get(k) {
                                v.and(self.holds_at(s, child, depth + 1));
                            }
                        }
                        v.get()
                    }
                    _ => Some(true),
                },
                "patternProperties" => match (arg, instance) {
                    (Value::Object(patterns), Value::Object(obj)) => {
                        let mut v = Verdict::True;
                        for (p, s) in patterns {
                            let Some(re) = self.regex(p) else {
                                v.and(None);
                                continue;
                            };
                            for (k, child) in obj {
                                if re.is_match(k) {
                                    v.and(self.holds_at(s, child, depth + 1));
                                }
                            }
                        }
                        v.get()
                    }
                    _ => Some(true),
                },
                "additionalProperties" => match instance {
                    Value::Object(obj) => {
                        let mut v = Verdict::True;
                        for (k, child) in obj {
                            if !self.declared(map, k) {
                                v.and(self.holds_at(arg, child, depth + 1));
                            }
                        }
                        v.get()
                    }
                    _ => Some(true),
                },
                "propertyNames" => match instance {
                    Value::Object(obj) => {
                        let mut v = Verdict::True;
                        for k in obj.keys() {
                            v.and(self.holds_at(arg, &Value::String(k.clone()), depth + 1));
                        }
                        v.get()
                    }
                    _ => Some(true),
                },
                "items" => match (arg, instance) {
                    (Value::Array(positional), Value::Array(items)) => {
                        let mut v = Verdict::True;
                        for (s, item) in positional.iter().zip(items) {
                            v.and(self.holds_at(s, item, depth + 1));
                        }
                        v.get()
                    }
                    (s, Value::Array(items)) => {
                        let skip = map
                            .get("prefixItems")
                            .and_then(Value::as_array)
                            .map_or(0, Vec::len);
                        let mut v = Verdict::True;
                        for item in items.iter().skip(skip) {
                            v.and(self.holds_at(s, item, depth + 1));
                        }
                        v.get()
                    }
                    _ => Some(true),
                },
                "prefixItems" => match (arg, instance) {
                    (Value::Array(prefix), Value::Array(items)) => {
                        let mut v = Verdict::True;
                        for (s, item) in prefix.iter().zip(items) {
                            v.and(self.holds_at(s, item, depth + 1));
                        }
                        v.get()
                    }
                    _ => Some(true),
                },
                "contains" => match instance {
                    Value::Array(items) => {
                        let mut v = Verdict::False;
                        for item in items {
                            v.or(self.holds_at(arg, item, depth + 1));
                        }
                        v.get()
                    }
                    _ => Some(true),
                },
                "minItems" => bound(instance.as_array().map(Vec::len), arg, |n, l| n >= l),
                "maxItems" => bound(instance.as_array().map(Vec::len), arg, |n, l| n <= l),
                "minProperties" => bound(instance.as_object().map(Map::len), arg, |n, l| n >= l),
                "maxProperties" => bound(instance.as_object().map(Map::len), arg, |n, l| n <= l),
                "minLength" => bound(instance.as_str().map(|s| s.chars().count()), arg, |n, l| {
                    n >= l
                }),
                "maxLength" => bound(instance.as_str().map(|s| s.chars().count()), arg, |n, l| {
                    n <= l
                }),
                "pattern" => match (arg.as_str(), instance.as_str()) {
                    (Some(p), Some(s)) => self.regex(p).map(|re| re.is_match(s)),
                    _ => Some(true),
                },
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => {
                    match (instance.as_f64(), arg) {
                        (Some(x), Value::Number(limit)) => {
                            let limit = limit.as_f64().unwrap_or(0.0);
                            let exclusive_flag = |k: &str| map.get(k) == Some(&Value::Bool(true));
                            Some(match key.as_str() {
                                "minimum" if exclusive_flag("exclusiveMinimum") => x > limit,
                                "minimum" => x >= limit,
                                "maximum" if exclusive_flag("exclusiveMaximum") => x < limit,
                                "maximum" => x <= limit,
                                "exclusiveMinimum" => x > limit,
                                _ => x < limit,
                            })
                        }
                        _ => Some(true),
                    }
                }
                "multipleOf" => match (instance.as_f64(), arg.as_f64()) {
                    (Some(x), Some(m)) if m > 0.0 => {
                        let q = x / m;
                        Some((q - q.round()).abs() < 1e-9)
                    }
                    _ => Some(true),
                },
                "uniqueItems" => match (arg, instance) {
                    (Value::Bool(true), Value::Array(items)) => Some(
                        items
                            .iter()
                            .enumerate()
                            .all(|(i, a)| items[..i].iter().all(|b| !json_eq(a, b))),
                    ),
                    _ => Some(true),
                },
                "dependentRequired" => match (arg, instance) {
                    (Value::Object(deps), Value::Object(obj)) => {
                        Some(deps.iter().all(|(k, names)| {
                            !obj.contains_key(k)
                                || names.as_array().is_some_and(|a| {
                                    a.iter()
                                        .all(|n| n.as_str().is_some_and(|n| obj.contains_key(n)))
                                })
                        }))
                    }
                    _ => Some(true),
                },
                "dependentSchemas" => match (arg, instance) {
                    (Value::Object(deps), Value::Object(obj)) => {
                        let mut v = Verdict::True;
                        for (k, s) in deps {
                            if obj.contains_key(k) {
                                v.and(self.holds_at(s, instance, depth + 1));
                            }
                        }
                        v.get()
                    }
                    _ => Some(true),
                },
                "not" => self.holds_at(arg, instance, depth + 1).map(|b| !b),
                "allOf" => match arg {
                    Value::Array(all) => {
                        let mut v = Verdict::True;
                        for s in all {
                            v.and(self.holds_at(s, instance, depth + 1));
                        }
                        v.get()
                    }
                    _ => None,
                },
                "anyOf" => match arg {
                    Value::Array(any) => {
                        let mut v = Verdict::False;
                        for s in any {
                            v.or(self.holds_at(s, instance, depth + 1));
                        }
                        v.get()
                    }
                    _ => None,
                },
                "oneOf" => match arg {
                    Value::Array(one) => {
                        let mut count = 0;
                        let mut unknown = false;
                        for s in one {
                            match self.holds_at(s, instance, depth + 1) {
                                Some(true) => count += 1,
                                Some(false) => {}
                                None => unknown = true,
                            }
                        }
                        if count > 1 {
                            Some(false)
                        } else if unknown {
                            None
                        } else {
                            Some(count == 1)
                        }
                    }
                    _ => None,
                },
                "if" => match self.holds_at(arg, instance, depth + 1) {
                    Some(true) => map
                        .get("then")
                        .map_or(Some(true), |s| self.holds_at(s, instance, depth + 1)),
                    Some(false) => map
                        .get("else")
                        .map_or(Some(true), |s| self.holds_at(s, instance, depth + 1)),
                    None if !map.contains_key("then") && !map.contains_key("else") => Some(true),
                    None => None,
                },
                // Annotations, `format`, and keywords read with another one above.
                _ => Some(true),
            };
            verdict.and(one);
            if verdict == Verdict::False {
                return Some(false);
            }
        }
        verdict.get()
    }

    /// Whether `key` is a declared or pattern property of the schema object `map`.
    fn declared(&self, map: &Map<String, Value>, key: &str) -> bool {
        if map
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| p.contains_key(key))
        {
            return true;
        }
        map.get("patternProperties")
            .and_then(Value::as_object)
            .is_some_and(|patterns| {
                patterns
                    .keys()
                    .any(|p| self.regex(p).is_some_and(|re| re.is_match(key)))
            })
    }

    /// Why `name` cannot be a key of the map whose applicable schemas are `schemas`
    /// (`propertyNames`, or `additionalProperties: false` with no pattern or property for
    /// it); `None` when it can.
    pub(crate) fn name_problem(&self, schemas: &[&'s Value], name: &str) -> Option<String> {
        if name.trim().is_empty() {
            return Some("a name cannot be empty or blank".into());
        }
        if name.chars().any(char::is_control) {
            return Some("a name cannot hold line breaks or control characters".into());
        }
        if crate::env::is_reference(name) || name.contains("{{") {
            return Some("a name cannot hold a variable reference (`${`, `$NAME`, `{{`)".into());
        }
        let key = Value::String(name.to_string());
        for schema in schemas {
            if let Some(rule) = schema.get("propertyNames") {
                if self.holds(rule, &key) == Some(false) {
                    let why = match rule.get("pattern").and_then(Value::as_str) {
                        Some(p) => format!("names here must match the pattern `{p}`"),
                        None => "the schema's rule for names here (`propertyNames`) refuses it"
                            .to_string(),
                    };
                    return Some(why);
                }
            }
            if schema.get("additionalProperties") == Some(&Value::Bool(false)) {
                if let Some(map) = schema.as_object() {
                    if !self.declared(map, name) {
                        let patterns: Vec<String> = map
                            .get("patternProperties")
                            .and_then(Value::as_object)
                            .map(|p| p.keys().map(|k| format!("`{k}`")).collect())
                            .unwrap_or_default();
                        return Some(if patterns.is_empty() {
                            "the schema allows no other names here".to_string()
                        } else {
                            format!("names here must match one of {}", patterns.join(", "))
                        });
                    }
                }
            }
        }
        None
    }

    /// The pattern property of the schemas that a key falls under, if any (the first).
    pub(crate) fn pattern_of(&self, schemas: &[&'s Value], key: &str) -> Option<String> {
        schemas.iter().find_map(|s| {
            s.get("patternProperties")
                .and_then(Value::as_object)?
                .keys()
                .find(|p| self.regex(p).is_some_and(|re| re.is_match(key)))
                .cloned()
        })
    }

    /// Whether a regex matches a text (`None`: the pattern does not compile).
    pub(crate) fn matches(&self, pattern: &str, text: &str) -> Option<bool> {
        self.regex(pattern).map(|re| re.is_match(text))
    }

    /// The range of the first capture group of `pattern` in `text`.
    pub(crate) fn capture(&self, pattern: &str, text: &str) -> Option<std::ops::Range<usize>> {
        let re = self.regex(pattern)?;
        re.captures(text)?.get(1).map(|m| m.range())
    }
}

/// Three-valued conjunction and disjunction.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    True,
    False,
    Unknown,
}

impl Verdict {
    fn and(&mut self, other: Option<bool>) {
        *self = match (*self, other) {
            (Verdict::False, _) | (_, Some(false)) => Verdict::False,
            (Verdict::Unknown, _) | (_, None) => Verdict::Unknown,
            _ => Verdict::True,
        };
    }

    fn or(&mut self, other: Option<bool>) {
        *self = match (*self, other) {
            (Verdict::True, _) | (_, Some(true)) => Verdict::True,
            (Verdict::Unknown, _) | (_, None) => Verdict::Unknown,
            _ => Verdict::False,
        };
    }

    fn get(self) -> Option<bool> {
        match self {
            Verdict::True => Some(true),
            Verdict::False => Some(false),
            Verdict::Unknown => None,
        }
    }
}

fn bound(n: Option<usize>, limit: &Value, ok: fn(u64, u64) -> bool) -> Option<bool> {
    match (n, limit.as_u64()) {
        (Some(n), Some(l)) => Some(ok(n as u64, l)),
        _ => Some(true),
    }
}

/// The JSON type names a value has (`integer` numbers are `number`s too).
pub(crate) fn type_names(value: &Value) -> &'static [&'static str] {
    match value {
        Value::Null => &["null"],
        Value::Bool(_) => &["boolean"],
        Value::Number(n) if n.is_i64() || n.is_u64() => &["integer", "number"],
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => &["integer", "number"],
        Value::Number(_) => &["number"],
        Value::String(_) => &["string"],
        Value::Array(_) => &["array"],
        Value::Object(_) => &["object"],
    }
}

fn type_matches(types: &Value, instance: &Value) -> bool {
    let names = type_names(instance);
    match types {
        Value::String(t) => names.contains(&t.as_str()),
        Value::Array(ts) => ts
            .iter()
            .filter_map(Value::as_str)
            .any(|t| names.contains(&t)),
        _ => true,
    }
}

/// JSON equality, numbers by value (`1` equals `1.0`).
pub(crate) fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

pub(crate) fn child_of<'v>(value: &'v Value, token: &str) -> Option<&'v Value> {
    match value {
        Value::Object(m) => m.get(token),
        Value::Array(a) => token.parse::<usize>().ok().and_then(|i| a.get(i)),
        _ => None,
    }
}

/// The types the schemas allow, in the order the first `type` keyword lists them,
/// narrowed by the others; empty when none says.
pub(crate) fn allowed_types(schemas: &[&Value]) -> Vec<String> {
    let mut out: Option<Vec<String>> = None;
    for s in schemas {
        let listed: Vec<String> = match s.get("type") {
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            _ => continue,
        };
        out = Some(match out {
            None => listed,
            Some(prev) => prev
                .into_iter()
                .filter(|t| {
                    listed.contains(t) || (t == "integer" && listed.iter().any(|l| l == "number"))
                })
                .collect(),
        });
    }
    out.unwrap_or_default()
}

/// A number as JSON: an integer when it is one.
pub(crate) fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// How a value is generated for a place that refers to components.
pub(crate) trait Candidates {
    /// A component name of one of the kinds, the `skip` first ones left out.
    fn candidate(&self, kinds: &[String], skip: usize) -> Option<String>;
}

/// One place a generated value could not fill.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Gap {
    /// Tokens below the generated value's root.
    pub path: Vec<String>,
    pub message: String,
    /// The kinds a reference here needs, when it is one.
    pub kinds: Vec<String>,
}

/// The smallest values schemas accept: defaults, `const`, the first `enum` value, examples,
/// then typed minimal values (bounds respected). `attempt` picks the next alternative at the
/// top of the value when an earlier one was refused.
pub(crate) struct Generator<'a, 's> {
    pub shapes: &'a Shapes<'s>,
    pub candidates: &'a dyn Candidates,
    /// Words of the variant being made (`azure`, `openai`): examples holding them are
    /// taken first, and examples holding only `avoid` words (other variants') last.
    pub prefer: Vec<String>,
    pub avoid: Vec<String>,
}

impl Generator<'_, '_> {
    /// How well an example fits the variant being made.
    fn fit(&self, example: &Value) -> i32 {
        let Some(text) = example.as_str().map(str::to_lowercase) else {
            return 0;
        };
        let own = self
            .prefer
            .iter()
            .filter(|w| text.contains(w.as_str()))
            .count() as i32;
        let other = self.avoid.iter().any(|w| text.contains(w.as_str()));
        2 * own - i32::from(other && own == 0)
    }
}

/// The words of a variant name worth looking for in examples (`azure_openai` gives
/// `azure`, `openai`).
pub(crate) fn words(name: &str) -> Vec<String> {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= 3)
        .map(str::to_string)
        .collect()
}

impl<'s> Generator<'_, 's> {
    /// A value for the place the `direct` schemas describe; `None` when the place is a
    /// reference with no component to name (recorded in `gaps`). `fixed` pins properties
    /// of an object (a variant's discriminator).
    pub(crate) fn generate(
        &self,
        direct: &[&'s Value],
        fixed: &[(String, Value)],
        attempt: usize,
        path: &mut Vec<String>,
        gaps: &mut Vec<Gap>,
    ) -> Option<Value> {
        if path.len() > 24 {
            return Some(Value::Null);
        }
        let base = self.shapes.base(direct, None);
        if base.is_empty() {
            return Some(Value::Null);
        }
        if let Some(spec) = crate::walk::first(&base, "x-trellis-ref") {
            return self.reference(&base, spec, attempt, path, gaps);
        }
        if let Some(c) = crate::walk::first(&base, "const") {
            return Some(c.clone());
        }
        let mut options: Vec<Value> = Vec::new();
        if let Some(d) = crate::walk::first(&base, "default") {
            options.push(d.clone());
        }
        if let Some(Value::Array(values)) = crate::walk::first(&base, "enum") {
            options.extend(values.iter().cloned());
            if let Some(v) = options.get(attempt) {
                return Some(v.clone());
            }
            return options.last().cloned();
        }
        let types = allowed_types(&base);
        if let Some(Value::Array(examples)) = crate::walk::first(&base, "examples") {
            let mut fitting: Vec<&Value> = examples
                .iter()
                .filter(|e| {
                    !e.is_object()
                        && (types.is_empty()
                            || type_names(e).iter().any(|t| types.iter().any(|x| x == t)))
                })
                .collect();
            fitting.sort_by_key(|e| std::cmp::Reverse(self.fit(e)));
            options.extend(fitting.into_iter().cloned());
        }
        if fixed.is_empty() {
            if let Some(v) = options.get(attempt) {
                return Some(v.clone());
            }
        }
        let typed_attempt = attempt.saturating_sub(options.len());
        Some(self.typed(&base, &types, fixed, typed_attempt, path, gaps))
    }

    fn reference(
        &self,
        base: &[&'s Value],
        spec: &Value,
        attempt: usize,
        path: &[String],
        gaps: &mut Vec<Gap>,
    ) -> Option<Value> {
        let (kinds, pattern) = ref_spec(spec);
        let types = allowed_types(base);
        let list = types.iter().any(|t| t == "array") && !types.iter().any(|t| t == "string");
        let min = crate::walk::first(base, "minItems")
            .and_then(Value::as_u64)
            .unwrap_or(0) as usize;
        let written = |name: String| -> Option<String> {
            match &pattern {
                None => Some(name),
                Some(p) => template(self.shapes, p, &name),
            }
        };
        let need = |gaps: &mut Vec<Gap>, why: String| {
            gaps.push(Gap {
                path: path.to_vec(),
                message: why,
                kinds: kinds.clone(),
            })
        };
        let kinds_text = kinds.join(" or ");
        if list {
            let mut items = Vec::new();
            for skip in 0..min {
                match self.candidates.candidate(&kinds, skip).and_then(written) {
                    Some(n) => items.push(Value::String(n)),
                    None => break,
                }
            }
            if items.len() < min {
                need(
                    gaps,
                    format!(
                        "needs at least {min} {kinds_text}; the document has {} to name",
                        if items.is_empty() {
                            "none".to_string()
                        } else {
                            format!("only {}", items.len())
                        }
                    ),
                );
                if items.is_empty() {
                    return None;
                }
            }
            return Some(Value::Array(items));
        }
        match self.candidates.candidate(&kinds, attempt) {
            Some(name) => match written(name) {
                Some(text) => Some(Value::String(text)),
                None => {
                    need(
                        gaps,
                        format!("names a {kinds_text} inside a longer value; write it by hand"),
                    );
                    None
                }
            },
            None => {
                need(
                    gaps,
                    format!("needs a {kinds_text}, and the document has none to name yet"),
                );
                None
            }
        }
    }

    fn typed(
        &self,
        base: &[&'s Value],
        types: &[String],
        fixed: &[(String, Value)],
        attempt: usize,
        path: &mut Vec<String>,
        gaps: &mut Vec<Gap>,
    ) -> Value {
        let has = |k: &str| base.iter().any(|s| s.get(k).is_some());
        let objectish = has("properties") || has("required") || !fixed.is_empty();
        let pick = |t: &str| types.iter().any(|x| x == t);
        let chosen: &str = if types.is_empty() {
            if objectish {
                "object"
            } else if has("items") {
                "array"
            } else {
                "null"
            }
        } else if objectish && pick("object") {
            "object"
        } else {
            let non_null: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
            match non_null.get(attempt % non_null.len().max(1)) {
                Some(t) => t.as_str(),
                None => "null",
            }
        };
        let num = |k: &str| crate::walk::first(base, k).and_then(Value::as_f64);
        match chosen {
            "object" => self.object(base, fixed, attempt, path, gaps),
            "array" => {
                let min = num("minItems").unwrap_or(0.0) as usize;
                let items_direct = self.shapes.walk().item(base, 0);
                let mut items = Vec::new();
                for i in 0..min.min(16) {
                    path.push(i.to_string());
                    let item_direct = if items_direct.is_empty() {
                        self.shapes.walk().item(base, i)
                    } else {
                        items_direct.clone()
                    };
                    if let Some(v) = self.generate(&item_direct, &[], i, path, gaps) {
                        items.push(v);
                    }
                    path.pop();
                }
                Value::Array(items)
            }
            "string" => Value::String({
                let format = crate::walk::first(base, "format").and_then(Value::as_str);
                let min = num("minLength").unwrap_or(0.0) as usize;
                let text = match format {
                    Some("uri" | "url" | "iri") => "https://example.com".to_string(),
                    Some("email" | "idn-email") => "user@example.com".to_string(),
                    Some("date-time") => "2024-01-01T00:00:00Z".to_string(),
                    Some("date") => "2024-01-01".to_string(),
                    Some("time") => "00:00:00Z".to_string(),
                    Some("ipv4") => "127.0.0.1".to_string(),
                    Some("ipv6") => "::1".to_string(),
                    Some("hostname" | "idn-hostname") => "localhost".to_string(),
                    Some("uuid") => "00000000-0000-0000-0000-000000000000".to_string(),
                    _ => String::new(),
                };
                if text.chars().count() < min {
                    "x".repeat(min)
                } else {
                    text
                }
            }),
            "integer" | "number" => {
                let integer = chosen == "integer";
                let exclusive_min = match crate::walk::first(base, "exclusiveMinimum") {
                    Some(Value::Number(n)) => n.as_f64(),
                    Some(Value::Bool(true)) => num("minimum"),
                    _ => None,
                };
                let minimum = if exclusive_min.is_some() && num("exclusiveMinimum").is_none() {
                    None
                } else {
                    num("minimum")
                };
                let maximum = num("maximum").or(num("exclusiveMaximum"));
                let mut x = match (minimum, exclusive_min) {
                    (Some(m), _) => m,
                    (None, Some(e)) => {
                        let above = if integer { e.floor() + 1.0 } else { e + 1.0 };
                        match maximum {
                            Some(max) if above >= max && !integer => (e + max) / 2.0,
                            _ => above,
                        }
                    }
                    (None, None) => 0.0,
                };
                if integer {
                    x = x.ceil();
                }
                if let Some(max) = maximum {
                    if x > max {
                        x = if integer { max.floor() } else { max };
                    }
                }
                number(x)
            }
            "boolean" => Value::Bool(false),
            _ => Value::Null,
        }
    }

    fn object(
        &self,
        base: &[&'s Value],
        fixed: &[(String, Value)],
        attempt: usize,
        path: &mut Vec<String>,
        gaps: &mut Vec<Gap>,
    ) -> Value {
        let mut obj = Map::new();
        for (k, v) in fixed {
            obj.insert(k.clone(), v.clone());
        }
        // A branch of each choice not made already: the one whose schemas take the pinned
        // properties, else by attempt.
        let mut schemas: Vec<&'s Value> = base.to_vec();
        for choice in self.shapes.choices(base) {
            if choice
                .branches
                .iter()
                .any(|b| base.iter().any(|s| std::ptr::eq(*s, *b)))
            {
                continue;
            }
            let takes_pins = |b: &'s Value| {
                let own = self.shapes.base(&[b], None);
                fixed.iter().all(|(k, v)| {
                    let direct = self.shapes.walk().property(&own, k);
                    !direct.is_empty()
                        && direct
                            .iter()
                            .all(|s| self.shapes.holds(s, v) != Some(false))
                })
            };
            let branch = choice
                .branches
                .iter()
                .copied()
                .find(|b| !fixed.is_empty() && takes_pins(b))
                .unwrap_or(choice.branches[attempt % choice.branches.len()]);
            for s in self.shapes.base(&[branch], None) {
                if !schemas.iter().any(|o| std::ptr::eq(*o, s)) {
                    schemas.push(s);
                }
            }
        }
        // Required properties, again while conditions (`if`/`then`) add more.
        for _ in 0..6 {
            let current = Value::Object(obj.clone());
            let mut applied = schemas.clone();
            for s in self.shapes.base(&schemas, Some(&current)) {
                if !applied.iter().any(|o| std::ptr::eq(*o, s)) {
                    applied.push(s);
                }
            }
            let missing: Vec<String> = Shapes::required(&applied)
                .into_iter()
                .filter(|n| !obj.contains_key(n))
                .filter(|n| {
                    !gaps.iter().any(|g| {
                        g.path.len() == path.len() + 1
                            && g.path.starts_with(path)
                            && g.path.last() == Some(n)
                    })
                })
                .collect();
            if missing.is_empty() {
                break;
            }
            for name in missing {
                let direct = self.shapes.walk().property(&applied, &name);
                path.push(name.clone());
                let value = self.generate(&direct, &[], 0, path, gaps);
                path.pop();
                if let Some(v) = value {
                    obj.insert(name, v);
                }
            }
        }
        let min_props = crate::walk::first(&schemas, "minProperties")
            .and_then(Value::as_u64)
            .unwrap_or(0) as usize;
        if obj.len() < min_props {
            for name in crate::walk::SchemaWalk::known_properties(&schemas) {
                if obj.len() >= min_props {
                    break;
                }
                if obj.contains_key(&name) {
                    continue;
                }
                let direct = self.shapes.walk().property(&schemas, &name);
                path.push(name.clone());
                let value = self.generate(&direct, &[], 0, path, gaps);
                path.pop();
                if let Some(v) = value {
                    obj.insert(name, v);
                }
            }
        }
        Value::Object(obj)
    }
}

/// `(kinds, pattern)` of an `x-trellis-ref` annotation.
pub(crate) fn ref_spec(spec: &Value) -> (Vec<String>, Option<String>) {
    match spec {
        Value::String(k) => (vec![k.clone()], None),
        Value::Object(m) => {
            let kinds = match m.get("to") {
                Some(Value::String(k)) => vec![k.clone()],
                Some(Value::Array(ks)) => ks
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
                _ => Vec::new(),
            };
            let pattern = m.get("pattern").and_then(Value::as_str).map(str::to_string);
            (kinds, pattern)
        }
        _ => (Vec::new(), None),
    }
}

/// The text that writes `name` into a reference whose name is the first capture group of
/// `pattern`, when the pattern is a literal prefix, the group, then only optional parts
/// (`^service:(.+)$` gives `service:NAME`); `None` when more would have to be written
/// after the name (a mount's target path) or the result does not capture the name back.
pub(crate) fn template(shapes: &Shapes<'_>, pattern: &str, name: &str) -> Option<String> {
    let body = pattern.strip_prefix('^').unwrap_or(pattern);
    let open = body.find('(')?;
    let prefix = &body[..open];
    if prefix.chars().any(|c| "\\.*+?[](){}|^$".contains(c)) {
        return None;
    }
    // The end of the first group.
    let mut depth = 0usize;
    let mut end = None;
    let mut escaped = false;
    let mut in_class = false;
    for (i, c) in body[open..].char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => depth += 1,
            ')' if !in_class => {
                depth -= 1;
                if depth == 0 {
                    end = Some(open + i + 1);
                    break;
                }
            }
            _ => {}
        }
    }
    let rest = &body[end?..];
    // What follows may only be optional groups and the end anchor.
    let rest = rest.trim_end_matches('$');
    if !(rest.is_empty() || rest.starts_with('(') && rest.ends_with(")?")) {
        return None;
    }
    let text = format!("{prefix}{name}");
    let range = shapes.capture(pattern, &text)?;
    (text[range] == *name).then_some(text)
}

/// The literal names a pattern property's regex stands for, when it is a literal or a
/// group of literal alternatives followed only by optional parts: `^otlp(/[^/]+)?$` gives
/// `["otlp"]`, `^(traces|metrics|logs)(/[^/]+)?$` gives the three signals. With the
/// separator that starts the optional suffix (`/`), if any.
pub(crate) fn pattern_literals(pattern: &str) -> Option<(Vec<String>, Option<char>)> {
    // Anchored at both ends: `^x-` stands for every key that starts so, not for one name.
    let body = pattern.strip_prefix('^')?.strip_suffix('$')?;
    let literal = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    let (names, rest): (Vec<String>, &str) = if let Some(inner) = body.strip_prefix('(') {
        let close = inner.find(')')?;
        let alternatives: Vec<&str> = inner[..close].split('|').collect();
        if !alternatives.iter().all(|a| literal(a)) {
            return None;
        }
        (
            alternatives.iter().map(|s| s.to_string()).collect(),
            &inner[close + 1..],
        )
    } else {
        let end = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(body.len());
        if end == 0 {
            return None;
        }
        (vec![body[..end].to_string()], &body[end..])
    };
    if rest.is_empty() {
        return Some((names, None));
    }
    if rest.starts_with('(') && rest.ends_with(")?") {
        let separator = rest[1..]
            .chars()
            .next()
            .filter(|c| !c.is_alphanumeric() && !"\\[(.^$*+?{|".contains(*c));
        return Some((names, separator));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn conditions_are_decided_or_unknown() {
        let walk = SchemaWalk::new(json!({
            "$defs": {"t": {"properties": {"type": {"const": "a"}}, "required": ["type"]}}
        }));
        let shapes = Shapes::new(&walk);
        let cond = json!({"$ref": "#/$defs/t"});
        assert_eq!(shapes.holds(&cond, &json!({"type": "a"})), Some(true));
        assert_eq!(shapes.holds(&cond, &json!({"type": "b"})), Some(false));
        assert_eq!(shapes.holds(&cond, &json!({})), Some(false));
        assert_eq!(
            shapes.holds(&json!({"$ref": "https://elsewhere/x.json"}), &json!(1)),
            None
        );
        assert_eq!(
            shapes.holds(&json!({"type": "integer"}), &json!(2.0)),
            Some(true)
        );
        assert_eq!(
            shapes.holds(&json!({"not": {"required": ["run"]}}), &json!({"run": "x"})),
            Some(false)
        );
    }

    #[test]
    fn literals_of_key_patterns() {
        assert_eq!(
            pattern_literals("^otlp(/[^/]+)?$"),
            Some((vec!["otlp".to_string()], Some('/')))
        );
        assert_eq!(
            pattern_literals("^(traces|metrics|logs)(/[^/]+)?$").map(|p| p.0),
            Some(vec!["traces".into(), "metrics".into(), "logs".into()])
        );
        assert_eq!(pattern_literals("^[a-z][a-z0-9_]*(/[^/]+)?$"), None);
        assert_eq!(pattern_literals("^x-"), None);
    }

    #[test]
    fn reference_templates() {
        let walk = SchemaWalk::new(json!({}));
        let shapes = Shapes::new(&walk);
        assert_eq!(
            template(&shapes, "^service:(.+)$", "db").as_deref(),
            Some("service:db")
        );
        assert_eq!(
            template(&shapes, "^([a-zA-Z0-9._-]+)(:(ro|rw))?$", "db").as_deref(),
            Some("db")
        );
        assert_eq!(
            template(&shapes, "^([a-zA-Z0-9][a-zA-Z0-9_.-]+):", "data"),
            None
        );
    }
}
