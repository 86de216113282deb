//! Requests about one environment of a pack with overlays ("in prod, set the smart model's
//! temperature to 0.2", "for the dev environment use llama3 for the fast model", "add a
//! staging environment"). A change is made on the environment's own view of the document
//! (the base with its overrides merged over it), and what it changed there is written into
//! `environments.<env>.overrides`: the base stays as it is.

use super::scene::{lookup, Scene};
use super::text::code;
use super::work::{could_not, Work};
use super::{Reply, ReplyKind};
use serde_json::{Map, Value};
use trellis_core::{EditOp, Pointer};

/// The words that name an environment's scope, and the request without them.
pub(crate) struct Scoped {
    /// The overlays' top-level key (`environments`).
    pub key: String,
    pub env: String,
    /// Whether the document has the environment already.
    pub exists: bool,
    pub rest: String,
}

/// The overlays' key of a pack (`environments` for agent stacks).
fn overlays_key(pack: &str) -> Option<String> {
    trellis_schema::Packs::builtin().get(pack)?.overlays.clone()
}

/// "in prod, …", "… for the dev environment", "in the staging env": an environment the
/// document has, or any name said with the word "environment".
pub(crate) fn scope(request: &str, scene: &Scene) -> Option<Scoped> {
    let key = overlays_key(&scene.pack)?;
    let known: Vec<String> = scene
        .value
        .get(&key)
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let words: Vec<&str> = request.split_whitespace().collect();
    let bare = |w: &str| {
        w.trim_matches(|c: char| matches!(c, ',' | '.' | ':' | ';' | '!' | '?' | '"' | '\''))
            .to_lowercase()
    };
    let is_env_word = |w: &str| matches!(bare(w).as_str(), "environment" | "env" | "environments");
    for i in 0..words.len() {
        if !matches!(bare(words[i]).as_str(), "in" | "for" | "on") {
            continue;
        }
        let mut j = i + 1;
        if words.get(j).is_some_and(|w| bare(w) == "the") {
            j += 1;
        }
        // "in the environment prod" / "in prod" / "in the prod environment".
        let (name_at, end) = if words.get(j).is_some_and(|w| is_env_word(w)) {
            (j + 1, j + 2)
        } else if words.get(j + 1).is_some_and(|w| is_env_word(w)) {
            (j, j + 2)
        } else {
            (j, j + 1)
        };
        let Some(name) = words.get(name_at).map(|w| bare(w)) else {
            continue;
        };
        let said_env = end == name_at + 2 || name_at == j + 1;
        let exists = known.iter().any(|k| k.eq_ignore_ascii_case(&name));
        if name.is_empty() || !(exists || said_env) {
            continue;
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            continue;
        }
        let env = known
            .iter()
            .find(|k| k.eq_ignore_ascii_case(&name))
            .cloned()
            .unwrap_or(name);
        let mut rest: Vec<&str> = words[..i].to_vec();
        rest.extend(&words[end.min(words.len())..]);
        let rest = rest
            .join(" ")
            .trim_matches(|c: char| c == ',' || c.is_whitespace())
            .to_string();
        return Some(Scoped {
            key,
            env,
            exists,
            rest,
        });
    }
    None
}

/// "add a staging environment", "create a dev env": an empty environment.
pub(crate) fn add_environment(request: &str, scene: &Scene) -> Option<Reply> {
    let key = overlays_key(&scene.pack)?;
    let words: Vec<String> = request
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty() && !matches!(w.as_str(), "please" | "pls" | "also"))
        .collect();
    let verb = words.first()?;
    if !matches!(verb.as_str(), "add" | "create" | "make" | "new") {
        return None;
    }
    // add [a|an|another|new] NAME environment [called|named NAME]
    let at = words
        .iter()
        .position(|w| matches!(w.as_str(), "environment" | "env"))?;
    let name = match words.get(at + 1).map(String::as_str) {
        Some("called" | "named") => words.get(at + 2)?.clone(),
        None => {
            let before = words.get(at.checked_sub(1)?)?;
            if matches!(before.as_str(), "a" | "an" | "another" | "new" | "the") {
                return None;
            }
            before.clone()
        }
        Some(_) => return None,
    };
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let path = Pointer::from_tokens([key.as_str(), name.as_str()]);
    if lookup(&scene.value, &path).is_some() {
        return Some(Reply::answer(
            ReplyKind::Answer,
            format!("The environment {} is there already.", code(&name)),
        ));
    }
    let mut entry = Map::new();
    entry.insert("overrides".into(), Value::Object(Map::new()));
    let mut work = Work::new(scene);
    let edit = set_creating(&scene.value, &path, Value::Object(entry));
    if let Err(e) = work.apply(vec![edit]) {
        return Some(could_not("", &e));
    }
    work.done.push(format!(
        "added the environment {}, with no overrides yet",
        code(&name)
    ));
    work.notes.push(format!(
        "Say e.g. \"in {name}, set … to …\" to change a value there only."
    ));
    Some(work.finish(&format!(
        "I propose adding the environment {}:",
        code(&name)
    )))
}

/// The reply to a request scoped to an environment: `inner` answers the request on the
/// environment's view; its change is written into the overrides.
pub(crate) fn respond(
    scoped: &Scoped,
    scene: &Scene,
    inner: impl FnOnce(&Value) -> Reply,
) -> Reply {
    let env_at = Pointer::from_tokens([scoped.key.as_str(), scoped.env.as_str()]);
    let overrides_at = env_at.join("overrides");
    let mut base = scene.value.clone();
    if let Some(m) = base.as_object_mut() {
        m.remove(&scoped.key);
    }
    let overrides = lookup(&scene.value, &overrides_at)
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    let view = trellis_schema::merge(&base, &overrides);
    let reply = inner(&view);
    let prefix = format!("In the environment {}: ", code(&scoped.env));
    if reply.kind != ReplyKind::Proposal {
        return Reply {
            text: format!("{prefix}{}", reply.text),
            ..reply
        };
    }
    let Ok(after) = trellis_diff::apply_patch(&view, &reply.patch_ops()) else {
        return could_not("", "the change did not apply to the environment's view");
    };
    let mut changes: Vec<(Pointer, Value)> = Vec::new();
    if let Err(gone) = differences(&view, &after, &Pointer::root(), &mut changes) {
        return Reply::answer(
            ReplyKind::Refused,
            format!(
                "{prefix}an environment's overrides can change and add values, not take one away ({} would go), so I changed nothing. Make the change in the base document, or say it without the environment.",
                code(&gone.to_string())
            ),
        );
    }
    if changes.is_empty() {
        return Reply::answer(
            ReplyKind::Answer,
            format!("{prefix}nothing needs to change."),
        );
    }
    let mut work = Work::new(scene);
    for (path, value) in changes {
        let mut at = overrides_at.clone();
        for t in path.tokens() {
            at = at.join(t.clone());
        }
        let shown = match &value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let edit = set_creating(&work.value, &at, value);
        if let Err(e) = work.apply(vec![edit]) {
            return could_not("", &e);
        }
        let field = path.tokens().join(".");
        work.done.push(format!(
            "in {}, {} is {}",
            code(&scoped.env),
            code(&field),
            code(&shown)
        ));
    }
    if !scoped.exists {
        work.notes
            .push(format!("The environment {} is new.", code(&scoped.env)));
    }
    work.notes.push("The base document stays as it is.".into());
    work.finish(&format!(
        "I propose changing the environment {} only:",
        code(&scoped.env)
    ))
}

/// The values `after` has that `before` does not, as (path, value), objects compared key by
/// key and anything else as a whole; `Err` with the first path `after` no longer has.
fn differences(
    before: &Value,
    after: &Value,
    at: &Pointer,
    out: &mut Vec<(Pointer, Value)>,
) -> Result<(), Pointer> {
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            if let Some(k) = b.keys().find(|k| !a.contains_key(*k)) {
                return Err(at.join(k.clone()));
            }
            for (k, v) in a {
                match b.get(k) {
                    Some(old) => differences(old, v, &at.join(k.clone()), out)?,
                    None => out.push((at.join(k.clone()), v.clone())),
                }
            }
            Ok(())
        }
        (b, a) if b == a => Ok(()),
        (_, a) => {
            out.push((at.clone(), a.clone()));
            Ok(())
        }
    }
}

/// A `Set` at `path` that creates the maps on the way that are not there yet.
fn set_creating(value: &Value, path: &Pointer, v: Value) -> EditOp {
    let mut path = path.clone();
    let mut v = v;
    while let Some((parent, key)) = path.split_last() {
        if parent.is_root() || lookup(value, &parent).is_some() {
            break;
        }
        let mut m = Map::new();
        m.insert(key.to_string(), v);
        v = Value::Object(m);
        path = parent;
    }
    EditOp::Set { path, value: v }
}
