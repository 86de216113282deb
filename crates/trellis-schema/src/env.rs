//! Variables and environments: `${VAR}` references in values are resolved from a chosen
//! environment (the process environment, an env file) before validation, and environment
//! overlays are merged over the base document.

use crate::components::Change;
use crate::packs::Interpolation;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;
use trellis_core::Pointer;

/// The variables a document is resolved against.
#[derive(Clone, Debug, Default)]
pub struct Variables {
    values: HashMap<String, String>,
}

impl Variables {
    pub fn new() -> Variables {
        Variables::default()
    }

    /// The process environment.
    pub fn process() -> Variables {
        Variables {
            values: std::env::vars().collect(),
        }
    }

    /// An env file (`KEY=value` lines, `#` comments, optional `export ` and quotes) layered
    /// over `self`: the file's values win.
    pub fn with_env_file(mut self, path: &Path) -> Result<Variables, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let line = line.strip_prefix("export ").unwrap_or(line);
            let Some((key, value)) = line.split_once('=') else {
                return Err(format!("{}:{}: expected KEY=value", path.display(), i + 1));
            };
            let value = value.trim();
            let value = if value.len() >= 2
                && ((value.starts_with('"') && value.ends_with('"'))
                    || (value.starts_with('\'') && value.ends_with('\'')))
            {
                &value[1..value.len() - 1]
            } else {
                value
            };
            self.values
                .insert(key.trim().to_string(), value.to_string());
        }
        Ok(self)
    }

    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.values.insert(name.into(), value.into());
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }
}

/// A variable a value needs and the environment does not give.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unresolved {
    pub pointer: Pointer,
    pub variable: String,
    /// The message a `${VAR:?message}` asked for.
    pub message: Option<String>,
}

/// Resolves references in every string of `value`, in place. Strings that are exactly one
/// reference take the type their resolved text reads as (`${PORT:8080}` is a number).
/// Validation uses [`interpolate_logged`], which gives the same results in place.
#[cfg(test)]
pub fn interpolate(
    value: &mut Value,
    style: Interpolation,
    variables: &Variables,
    pointer: &mut Vec<String>,
    unresolved: &mut Vec<Unresolved>,
) {
    if style == Interpolation::None {
        return;
    }
    match value {
        Value::String(s) => {
            if !s.contains('$') {
                return;
            }
            let mut missing = Vec::new();
            let (text, whole) = substitute(s, style, variables, &mut missing);
            if missing.is_empty() {
                *value = if whole {
                    retype(text)
                } else {
                    Value::String(text)
                };
            } else {
                for (variable, message) in missing {
                    unresolved.push(Unresolved {
                        pointer: Pointer::from_tokens(pointer.iter()),
                        variable,
                        message,
                    });
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                pointer.push(i.to_string());
                interpolate(item, style, variables, pointer, unresolved);
                pointer.pop();
            }
        }
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                pointer.push(key.clone());
                interpolate(item, style, variables, pointer, unresolved);
                pointer.pop();
            }
        }
        _ => {}
    }
}

/// [`interpolate`] without copying the value: resolves the strings that hold references in
/// place and returns what they were, for [`restore`]. `dollars`: the strings that hold a
/// `$` (only those can hold a reference). Same results; `unresolved` in the order of
/// `dollars`.
pub(crate) fn interpolate_logged(
    value: &mut Value,
    dollars: &[Pointer],
    style: Interpolation,
    variables: &Variables,
    unresolved: &mut Vec<Unresolved>,
) -> Vec<(Pointer, Value)> {
    let mut log = Vec::new();
    if style == Interpolation::None {
        return log;
    }
    let candidates = dollars.iter().cloned();
    for pointer in candidates {
        let Some(at) = pointer_mut(value, &pointer) else {
            continue;
        };
        let Value::String(s) = at else {
            continue;
        };
        let mut missing = Vec::new();
        let (text, whole) = substitute(s, style, variables, &mut missing);
        if missing.is_empty() {
            let resolved = if whole {
                retype(text)
            } else {
                Value::String(text)
            };
            log.push((pointer, std::mem::replace(at, resolved)));
        } else {
            for (variable, message) in missing {
                unresolved.push(Unresolved {
                    pointer: pointer.clone(),
                    variable,
                    message,
                });
            }
        }
    }
    log
}

/// Puts back what [`interpolate_logged`] resolved.
pub(crate) fn restore(value: &mut Value, log: Vec<(Pointer, Value)>) {
    for (pointer, before) in log.into_iter().rev() {
        if let Some(at) = pointer_mut(value, &pointer) {
            *at = before;
        }
    }
}

fn pointer_mut<'v>(value: &'v mut Value, pointer: &Pointer) -> Option<&'v mut Value> {
    pointer.tokens().iter().try_fold(value, |v, token| match v {
        Value::Object(map) => map.get_mut(token),
        Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

fn retype(text: String) -> Value {
    match text.as_str() {
        "true" => return Value::Bool(true),
        "false" => return Value::Bool(false),
        _ => {}
    }
    if let Ok(i) = text.parse::<i64>() {
        return Value::from(i);
    }
    let numeric = text.bytes().any(|b| b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b"+-.eE".contains(&b));
    if numeric {
        if let Ok(f) = text.parse::<f64>() {
            if f.is_finite() {
                if let Some(n) = serde_json::Number::from_f64(f) {
                    return Value::Number(n);
                }
            }
        }
    }
    Value::String(text)
}

/// The text with references replaced, and whether the whole text was one reference.
fn substitute(
    s: &str,
    style: Interpolation,
    variables: &Variables,
    missing: &mut Vec<(String, Option<String>)>,
) -> (String, bool) {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut references = 0;
    let mut literal = false;
    while i < bytes.len() {
        if bytes[i] != b'$' {
            let next = s[i..].find('$').map_or(s.len(), |n| i + n);
            out.push_str(&s[i..next]);
            literal = true;
            i = next;
            continue;
        }
        let rest = &s[i + 1..];
        if style == Interpolation::Compose && rest.starts_with('$') {
            out.push('$');
            literal = true;
            i += 2;
            continue;
        }
        if rest.starts_with("{{") {
            // `${{ ... }}` belongs to other tools (GitHub expressions): literal.
            out.push('$');
            literal = true;
            i += 1;
            continue;
        }
        if let Some(body) = rest.strip_prefix('{') {
            if let Some(end) = body.find('}') {
                let expr = &body[..end];
                match evaluate(expr, style, variables) {
                    Ok(text) => out.push_str(&text),
                    Err(message) => {
                        missing.push((name_of(expr).to_string(), message));
                    }
                }
                references += 1;
                i += 2 + end + 1;
                continue;
            }
        } else if style == Interpolation::Compose {
            let name_len = rest
                .bytes()
                .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
                .count();
            if name_len > 0 && !rest.as_bytes()[0].is_ascii_digit() {
                let name = &rest[..name_len];
                match variables.get(name) {
                    Some(v) => out.push_str(v),
                    None => missing.push((name.to_string(), None)),
                }
                references += 1;
                i += 1 + name_len;
                continue;
            }
        }
        out.push('$');
        literal = true;
        i += 1;
    }
    (out, references == 1 && !literal)
}

fn name_of(expr: &str) -> &str {
    let end = expr
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(expr.len());
    &expr[..end]
}

/// One `${...}` body: `Ok(text)` or `Err(message)` when the variable is required and unset.
fn evaluate(
    expr: &str,
    style: Interpolation,
    variables: &Variables,
) -> Result<String, Option<String>> {
    let name = name_of(expr);
    let rest = &expr[name.len()..];
    let value = variables.get(name);
    match style {
        Interpolation::AgentStack => match (value, rest.strip_prefix(':')) {
            (Some(v), _) => Ok(v.to_string()),
            (None, Some(default)) => Ok(default.to_string()),
            (None, None) => Err(None),
        },
        Interpolation::Compose => {
            let set_nonempty = value.filter(|v| !v.is_empty());
            if let Some(default) = rest.strip_prefix(":-") {
                Ok(set_nonempty.unwrap_or(default).to_string())
            } else if let Some(default) = rest.strip_prefix('-') {
                Ok(value.unwrap_or(default).to_string())
            } else if let Some(message) = rest.strip_prefix(":?") {
                set_nonempty
                    .map(str::to_string)
                    .ok_or(Some(message.to_string()))
            } else if let Some(message) = rest.strip_prefix('?') {
                value.map(str::to_string).ok_or(Some(message.to_string()))
            } else if let Some(alternative) = rest.strip_prefix(":+") {
                Ok(if set_nonempty.is_some() {
                    alternative.to_string()
                } else {
                    String::new()
                })
            } else if let Some(alternative) = rest.strip_prefix('+') {
                Ok(if value.is_some() {
                    alternative.to_string()
                } else {
                    String::new()
                })
            } else {
                value.map(str::to_string).ok_or(None)
            }
        }
        Interpolation::None => Ok(format!("${{{expr}}}")),
    }
}

/// Whether a string is (or contains) a variable reference rather than a literal value.
pub fn is_reference(s: &str) -> bool {
    let t = s.trim();
    t.contains("${")
        || (t.starts_with('$')
            && t.len() > 1
            && t[1..]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

/// `overlay` merged over `base`: maps merge key by key, everything else is replaced.
pub fn merge(base: &Value, overlay: &Value) -> Value {
    match (base, overlay) {
        (Value::Object(b), Value::Object(o)) => {
            let mut out: Map<String, Value> = b.clone();
            for (key, value) in o {
                let merged = match b.get(key) {
                    Some(existing) => merge(existing, value),
                    None => value.clone(),
                };
                out.insert(key.clone(), merged);
            }
            Value::Object(out)
        }
        (_, o) => o.clone(),
    }
}

/// [`merge`] done in place: writes `overlay` into `base` and records each change, so
/// [`undo`] can put `base` back as it was. Gives the same value as `merge(base, overlay)`,
/// keys in the same order, without copying what the overlay does not touch.
pub(crate) fn merge_into(
    base: &mut Value,
    overlay: &Value,
    path: &mut Vec<String>,
    changes: &mut Vec<Change>,
) {
    match (base, overlay) {
        (Value::Object(b), Value::Object(o)) => {
            for (key, value) in o {
                path.push(key.clone());
                match b.get_mut(key) {
                    Some(existing) => merge_into(existing, value, path, changes),
                    None => {
                        b.insert(key.clone(), value.clone());
                        changes.push(Change::Added(path.clone()));
                    }
                }
                path.pop();
            }
        }
        (base, o) => {
            let before = std::mem::replace(base, o.clone());
            changes.push(Change::Replaced(path.clone(), before));
        }
    }
}

/// Undoes [`merge_into`]'s changes, last first.
pub(crate) fn undo(value: &mut Value, changes: Vec<Change>) {
    for change in changes.into_iter().rev() {
        match change {
            Change::Replaced(path, before) => {
                if let Some(at) = descend(value, &path) {
                    *at = before;
                }
            }
            Change::Added(path) => {
                if let Some((key, parent)) = path.split_last() {
                    if let Some(Value::Object(map)) = descend(value, parent) {
                        // The key was added last and everything added after it is gone.
                        map.shift_remove(key);
                    }
                }
            }
        }
    }
}

fn descend<'v>(value: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    path.iter()
        .try_fold(value, |v, token| v.as_object_mut()?.get_mut(token))
}

/// Where a finding at `pointer` of a merged document comes from: the part of the overlay
/// that wrote it (`Some(prefix)`), or `None` when the base wrote it.
pub fn overlay_origin(overlay: &Value, pointer: &Pointer) -> Option<Pointer> {
    let mut current = overlay;
    let mut taken = Vec::new();
    for token in pointer.tokens() {
        match current {
            Value::Object(map) => match map.get(token) {
                Some(next) => {
                    taken.push(token.clone());
                    current = next;
                }
                None => return None,
            },
            // The overlay replaced this whole value.
            _ => return (!taken.is_empty()).then(|| Pointer::from_tokens(taken)),
        }
    }
    (!taken.is_empty() || !pointer.is_root()).then(|| Pointer::from_tokens(taken))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(style: Interpolation, value: Value, vars: &[(&str, &str)]) -> (Value, Vec<String>) {
        let mut variables = Variables::new();
        for (k, v) in vars {
            variables.set(*k, *v);
        }
        let mut value = value;
        let mut unresolved = Vec::new();
        interpolate(
            &mut value,
            style,
            &variables,
            &mut Vec::new(),
            &mut unresolved,
        );
        (
            value,
            unresolved
                .into_iter()
                .map(|u| format!("{} {}", u.pointer, u.variable))
                .collect(),
        )
    }

    #[test]
    fn agent_stack_references_resolve_with_defaults_and_types() {
        let (v, missing) = run(
            Interpolation::AgentStack,
            json!({"t": "${TEMP:0.7}", "k": "${KEY}", "url": "http://${HOST:localhost}:${PORT:8080}/v1", "n": "${N}"}),
            &[("KEY", "secret"), ("N", "3")],
        );
        assert_eq!(
            v,
            json!({"t": 0.7, "k": "secret", "url": "http://localhost:8080/v1", "n": 3})
        );
        assert!(missing.is_empty());
        let (_, missing) = run(Interpolation::AgentStack, json!({"a": ["${MISSING}"]}), &[]);
        assert_eq!(missing, vec!["/a/0 MISSING"]);
    }

    #[test]
    fn compose_forms() {
        let (v, missing) = run(
            Interpolation::Compose,
            json!({
                "a": "${A:-x}", "b": "${B-y}", "c": "$$HOME", "d": "$D/bin", "e": "${E:?set E}",
                "gh": "${{ github.sha }}"
            }),
            &[("A", ""), ("B", ""), ("D", "/opt")],
        );
        assert_eq!(v["a"], json!("x"));
        assert_eq!(v["b"], json!(""));
        assert_eq!(v["c"], json!("$HOME"));
        assert_eq!(v["d"], json!("/opt/bin"));
        assert_eq!(v["gh"], json!("${{ github.sha }}"));
        assert_eq!(missing, vec!["/e E"]);
    }

    #[test]
    fn merging_in_place_gives_the_merge_and_undoes_to_the_original() {
        let base = json!({
            "models": {"w": {"provider": "p", "temperature": 0.7}, "x": {"provider": "q"}},
            "agents": {"a": {"tools": ["t1", "t2"]}},
            "version": 1
        });
        let overlays = [
            json!({"models": {"w": {"temperature": 5, "seed": 1}, "new": {}}, "extra": [1]}),
            json!({"agents": {"a": {"tools": ["t3"]}}, "models": "replaced"}),
            json!({"version": {"nested": true}}),
            json!(7),
            json!({}),
        ];
        for overlay in overlays {
            let mut value = base.clone();
            let mut changes = Vec::new();
            merge_into(&mut value, &overlay, &mut Vec::new(), &mut changes);
            let merged = merge(&base, &overlay);
            // Same value, keys in the same order.
            assert_eq!(value.to_string(), merged.to_string(), "{overlay}");
            undo(&mut value, changes);
            assert_eq!(value.to_string(), base.to_string(), "{overlay}");
        }
    }

    #[test]
    fn overlays_merge_and_point_back() {
        let base = json!({"models": {"w": {"provider": "p", "temperature": 0.7}}});
        let overlay = json!({"models": {"w": {"temperature": 5}}});
        assert_eq!(
            merge(&base, &overlay),
            json!({"models": {"w": {"provider": "p", "temperature": 5}}})
        );
        let at =
            |p: &str| overlay_origin(&overlay, &Pointer::parse(p).unwrap()).map(|p| p.to_string());
        assert_eq!(
            at("/models/w/temperature"),
            Some("/models/w/temperature".into())
        );
        assert_eq!(at("/models/w/provider"), None);
    }
}
