//! Changes meant for one environment: "in prod, set requests per minute to 500", "set the
//! sample rate to 0.5 for staging", "dev: use llama3.2". The request without the
//! environment's words is read against the document as that environment sees it (its
//! overrides merged over the base), and what it changes is written into the
//! environment's overrides — the base, and so every other environment, stays as it is.
//! Only values can be overridden: a change that removes or renames something cannot be
//! written as an override and is refused.

use super::scene::Scene;
use super::text::code;
use super::work::{from_patch, Work};
use super::{Context, Reply, ReplyKind};
use serde_json::{Map, Value};
use std::sync::Arc;
use trellis_diff::PatchOp;
use trellis_schema::Schema;

/// Other ways of naming an environment, by the name a document may give it.
const ALIASES: &[(&str, &str)] = &[
    ("production", "prod"),
    ("prod", "production"),
    ("development", "dev"),
    ("dev", "development"),
    ("stage", "staging"),
    ("staging", "stage"),
    ("testing", "test"),
    ("test", "testing"),
];

/// A word as compared: lowercase, without surrounding punctuation.
fn bare(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric() && c != '_' && c != '-')
        .to_lowercase()
}

/// The environment a request is scoped to and the request without the words that say so:
/// "in prod, …", "… for the staging environment", "… in dev only", "prod: …".
fn scoped(request: &str, envs: &[String]) -> Option<(String, String)> {
    let words: Vec<&str> = request.split_whitespace().collect();
    let env_of = |w: &str| -> Option<String> {
        let b = bare(w);
        if envs.iter().any(|e| e.to_lowercase() == b) {
            return envs.iter().find(|e| e.to_lowercase() == b).cloned();
        }
        ALIASES
            .iter()
            .filter(|(said, _)| *said == b)
            .find_map(|(_, meant)| envs.iter().find(|e| e.to_lowercase() == *meant).cloned())
    };
    for (i, w) in words.iter().enumerate() {
        let Some(env) = env_of(w) else { continue };
        let mut start = i;
        let mut end = i + 1;
        // "the staging environment", "prod env".
        if start > 0 && bare(words[start - 1]) == "the" {
            start -= 1;
        }
        let mut closed = w.ends_with([',', ':', ';']);
        if !closed
            && words
                .get(end)
                .is_some_and(|n| matches!(bare(n).as_str(), "environment" | "env" | "stage"))
        {
            closed = words[end].ends_with([',', ':', ';']);
            end += 1;
        }
        if !closed && words.get(end).is_some_and(|n| bare(n) == "only") {
            closed = words[end].ends_with([',', ':', ';']);
            end += 1;
        }
        // "for dev purposes, …" says why, not where: the words after the environment end
        // the request, a clause, or start the change.
        let next_starts = words.get(end).is_none_or(|n| {
            super::lexicon::verb(&bare(n)).is_some()
                || matches!(bare(n).as_str(), "please" | "pls" | "too" | "as" | "also")
        });
        if !(closed || next_starts) {
            continue;
        }
        let preposition = start > 0
            && matches!(
                bare(words[start - 1]).as_str(),
                "in" | "for" | "on" | "within" | "under"
            );
        // "prod: set …" / "prod, set …" at the start; otherwise a preposition before.
        let leading = start == 0 && w.ends_with([':', ',']);
        if !(preposition || leading) {
            continue;
        }
        if preposition {
            start -= 1;
            // "only in prod".
            if start > 0 && bare(words[start - 1]) == "only" {
                start -= 1;
            }
        }
        let mut rest: Vec<String> = Vec::new();
        rest.extend(words[..start].iter().map(|s| s.to_string()));
        // A comma that closed the removed words closes what came before them.
        if closed && start > 0 {
            if let Some(last) = rest.last_mut() {
                if !last.ends_with([',', ';', ':', '.']) && end < words.len() {
                    last.push(',');
                }
            }
        }
        rest.extend(words[end..].iter().map(|s| s.to_string()));
        let text = rest.join(" ");
        let text = text
            .trim()
            .trim_end_matches([',', ';', ':'])
            .trim()
            .to_string();
        if text.split_whitespace().count() < 2 {
            return None;
        }
        return Some((env, text));
    }
    None
}

/// The pointer a change is written at in an override: a list is overridden whole.
fn override_pointer(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in path.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if token.parse::<usize>().is_ok() || token == "-" {
            break;
        }
        out.push(token);
    }
    out
}

fn set_at(root: &mut Value, path: &[String], value: Value) {
    let mut at = root;
    for token in path {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        at = at
            .as_object_mut()
            .expect("an object")
            .entry(token.clone())
            .or_insert(Value::Null);
    }
    *at = value;
}

/// A change scoped to one environment of the document, written into its overrides; `None`
/// when the request names no environment of the document, or does not read as a change
/// there (the request is then read as usual).
pub(crate) fn respond(
    request: &str,
    context: &Context<'_>,
    schema: &Arc<Schema>,
    pack: &str,
    value: &Value,
) -> Option<Reply> {
    let key = schema.pack.as_ref()?.overlays.clone()?;
    let envs: Vec<String> = value.get(&key)?.as_object()?.keys().cloned().collect();
    let (env, rest) = scoped(request, &envs)?;
    let overrides = value
        .pointer(&format!("/{key}/{env}/overrides"))
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    let merged = trellis_schema::merge(value, &overrides);
    let inner = super::respond_with(
        &rest,
        &Context {
            document: Some(&merged),
            pack,
            schema: Some(schema.clone()),
            gallery: context.gallery,
        },
    );
    if inner.kind != ReplyKind::Proposal {
        return None;
    }
    let after = trellis_diff::apply_patch(&merged, &inner.patch_ops()).ok()?;
    let ops = trellis_diff::json_patch(&merged, &after, &trellis_diff::Options::default());
    let mut paths: Vec<Vec<String>> = Vec::new();
    for op in &ops {
        let path = match op {
            PatchOp::Add { path, .. } | PatchOp::Replace { path, .. } => path,
            // An item taken out of a list: the list is overridden whole.
            PatchOp::Remove { path }
                if override_pointer(path).len() + 1 < path.split('/').count() =>
            {
                path
            }
            _ => {
                return Some(Reply::answer(
                    ReplyKind::Refused,
                    format!(
                        "An environment can only override values, and this change removes or \
                         renames something, so it cannot be made for {} alone. I changed \
                         nothing; without the environment it would change the base, which \
                         every environment shares.",
                        code(&env)
                    ),
                ))
            }
        };
        let p = override_pointer(path);
        if p.is_empty() || p[0] == key {
            return None;
        }
        if !paths.iter().any(|q| p.starts_with(q)) {
            paths.retain(|q| !q.starts_with(&p));
            paths.push(p);
        }
    }
    if paths.is_empty() {
        return None;
    }
    let mut new_value = value.clone();
    let mut done = Vec::new();
    for p in &paths {
        let pointer = format!("/{}", p.join("/"));
        let v = after.pointer(&pointer)?.clone();
        let mut full = vec![key.clone(), env.clone(), "overrides".to_string()];
        full.extend(p.iter().cloned());
        done.push(format!(
            "{} is {} in {}",
            code(&p.join(".")),
            code(&match &v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            }),
            code(&env)
        ));
        set_at(&mut new_value, &full, v);
    }
    let scene = Scene::new(schema.clone(), pack, value.clone());
    let patch = trellis_diff::json_patch(value, &new_value, &trellis_diff::Options::default());
    let edits = from_patch(value, &patch)?;
    let mut work = Work::new(&scene);
    work.apply(edits).ok()?;
    work.done.extend(done);
    work.notes.push(format!(
        "Only the {} environment changes: the base and the other environments keep their values.",
        code(&env)
    ));
    Some(work.finish(&format!(
        "I propose overriding these values in the {} environment:",
        code(&env)
    )))
}
