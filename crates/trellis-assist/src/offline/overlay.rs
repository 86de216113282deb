//! Changes meant for one environment: "in prod, set requests per minute to 500", "set the
//! sample rate to 0.5 for staging", "dev: use llama3.2". The request without the
//! environment's words is read against the document as that environment sees it (its
//! overrides merged over the base), and what it changes is written into the
//! environment's overrides — the base, and so every other environment, stays as it is.
//! Only values can be overridden: a change that removes or renames something cannot be
//! written as an override and is refused.
//!
//! An environment the document does not have yet is made when the request says the word
//! ("… in the staging environment"), a question about an environment ("what is the smart
//! model's name in dev?") is answered on its view, and "add a staging environment" adds an
//! empty one.

use super::scene::{lookup, set_creating, Scene};
use super::text::code;
use super::work::{could_not, Work};
use super::{Context, Reply, ReplyKind};
use serde_json::{Map, Value};
use std::sync::Arc;
use trellis_core::Pointer;
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
    // "dev should run phi3 instead of llama3.1", "prod should use gpt-4.1": the
    // environment as the subject.
    if let (Some(env), Some(modal), Some(verb)) = (
        words.first().and_then(|w| env_of(w)),
        words.get(1).map(|w| bare(w)),
        words.get(2).map(|w| bare(w)),
    ) {
        if matches!(modal.as_str(), "should" | "must" | "needs" | "will")
            && matches!(verb.as_str(), "run" | "use")
            && words.len() > 3
        {
            return Some((env, format!("use {}", words[3..].join(" "))));
        }
    }
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
        // "in prod only trace 30 percent …": a scope that opens the request.
        let opening = start == 1
            && matches!(bare(words[0]).as_str(), "in" | "for" | "within")
            && words.len() > end + 1;
        // "prod rpm 250": the environment first, terse, with a value.
        let terse = start == 0
            && end == 1
            && words.len() >= 3
            && !request.trim_end().ends_with('?')
            && words[1..]
                .iter()
                .any(|w| w.chars().any(|c| c.is_ascii_digit()));
        if !(closed || next_starts || opening || terse) {
            continue;
        }
        let preposition = start > 0
            && matches!(
                bare(words[start - 1]).as_str(),
                "in" | "for" | "on" | "within" | "under"
            );
        // "prod: set …" / "prod, set …" at the start, or terse; otherwise a preposition
        // before.
        let leading = start == 0 && (w.ends_with([':', ',']) || terse);
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
    let scoped = Scoped {
        key,
        env,
        exists: true,
        rest,
    };
    let view = view_of(value, &scoped);
    let inner = super::respond_with(
        &scoped.rest,
        &Context {
            document: Some(&view),
            pack,
            schema: Some(schema.clone()),
            gallery: context.gallery,
        },
    );
    if inner.kind != ReplyKind::Proposal {
        return None;
    }
    let after = trellis_diff::apply_patch(&view, &inner.patch_ops()).ok()?;
    let scene = Scene::new(schema.clone(), pack, value.clone());
    Some(write_overrides(&scene, &scoped, &view, &after))
}

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

/// What [`respond`] leaves: a new environment said with the word ("… in the staging
/// environment", "for the qa env"), or a question about one the document has ("what is
/// the smart model's name in dev?").
pub(crate) fn scope(request: &str, scene: &Scene) -> Option<Scoped> {
    let key = overlays_key(&scene.pack)?;
    let known: Vec<String> = scene
        .value
        .get(&key)
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let words: Vec<&str> = request.split_whitespace().collect();
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
        // A change to an environment the document has is `respond`'s; a name said in
        // passing ("for dev purposes") is no environment.
        let question = request.trim_end().ends_with('?')
            || words.first().is_some_and(|w| {
                matches!(
                    bare(w).as_str(),
                    "what" | "whats" | "what's" | "which" | "how" | "is" | "does"
                )
            });
        if name.is_empty() || (exists && !question) || !(exists || said_env) {
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
        .map(bare)
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
pub(crate) fn answer_in_view(
    scoped: &Scoped,
    scene: &Scene,
    inner: impl FnOnce(&Value) -> Reply,
) -> Reply {
    let view = view_of(&scene.value, scoped);
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
    write_overrides(scene, scoped, &view, &after)
}

/// "what's different in dev?", "how does prod differ?", "what does staging change?": the
/// values the environment overrides, each with the base's value it replaces.
pub(crate) fn what_differs(scoped: &Scoped, scene: &Scene) -> Option<Reply> {
    if !scoped.exists {
        return None;
    }
    let words: Vec<String> = scoped.rest.split_whitespace().map(bare).collect();
    let asks = words.iter().any(|w| {
        matches!(
            w.as_str(),
            "different"
                | "differ"
                | "differs"
                | "difference"
                | "differences"
                | "overridden"
                | "overrides"
                | "override"
                | "special"
                | "changed"
        )
    }) || (words
        .iter()
        .any(|w| matches!(w.as_str(), "change" | "changes"))
        && words
            .first()
            .is_some_and(|w| matches!(w.as_str(), "what" | "whats" | "which")));
    if !asks || words.len() > 6 {
        return None;
    }
    let base = base_of(&scene.value, &scoped.key);
    Some(Reply::answer(
        ReplyKind::Answer,
        overrides_text(scoped, scene, &base),
    ))
}

/// What the environment overrides, each value with the base's it replaces.
fn overrides_text(scoped: &Scoped, scene: &Scene, base: &Value) -> String {
    let view = view_on(base, &scene.value, scoped);
    let mut changed = Vec::new();
    let _ = differences(base, &view, &Pointer::root(), &mut changed);
    let description = lookup(
        &scene.value,
        &Pointer::from_tokens([scoped.key.as_str(), scoped.env.as_str(), "description"]),
    )
    .and_then(Value::as_str)
    .map(|d| format!(" ({})", super::text::sanitize(d)))
    .unwrap_or_default();
    let shown = |v: &Value| match v {
        Value::String(s) => code(s),
        other => code(&other.to_string()),
    };
    let mut text = if changed.is_empty() {
        format!(
            "The environment {}{description} overrides nothing: it is the base as it is.",
            code(&scoped.env)
        )
    } else {
        format!(
            "The environment {}{description} differs from the base in {}:\n",
            code(&scoped.env),
            super::text::count(changed.len(), "value", "values")
        )
    };
    for (path, value) in &changed {
        let was = lookup(base, path)
            .map(|b| format!(" (base: {})", shown(b)))
            .unwrap_or_else(|| " (not in the base)".to_string());
        text.push_str(&format!(
            "- {}: {}{was}\n",
            code(&path.to_string()),
            shown(value)
        ));
    }
    text.trim_end().to_string()
}

/// "how do the environments differ?", "what's different between the environments?": what
/// each environment overrides.
pub(crate) fn all_differ(request: &str, scene: &Scene) -> Option<Reply> {
    let key = overlays_key(&scene.pack)?;
    let words: Vec<String> = request.split_whitespace().map(bare).collect();
    let asks = words.iter().any(|w| {
        matches!(
            w.as_str(),
            "differ" | "different" | "difference" | "differences" | "compare" | "overrides"
        )
    }) && words
        .iter()
        .any(|w| matches!(w.as_str(), "environments" | "envs"));
    // A question, not a change ("delete the environment overrides").
    let question = request.trim_end().ends_with('?')
        || words.first().is_some_and(|w| {
            matches!(
                w.as_str(),
                "how" | "what" | "whats" | "which" | "where" | "show" | "list" | "compare" | "tell"
            )
        });
    if !asks || !question || words.len() > 10 {
        return None;
    }
    let envs: Vec<String> = scene
        .value
        .get(&key)
        .and_then(Value::as_object)
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    if envs.is_empty() {
        return None;
    }
    let base = base_of(&scene.value, &key);
    let parts: Vec<String> = envs
        .into_iter()
        .map(|env| {
            let scoped = Scoped {
                key: key.clone(),
                env,
                exists: true,
                rest: String::new(),
            };
            overrides_text(&scoped, scene, &base)
        })
        .collect();
    Some(Reply::answer(ReplyKind::Answer, parts.join("\n\n")))
}

/// The document as an environment sees it: the base, without the environments, with the
/// environment's overrides merged over it.
fn view_of(value: &Value, scoped: &Scoped) -> Value {
    view_on(&base_of(value, &scoped.key), value, scoped)
}

/// The document without its environments (the overlays' key).
fn base_of(value: &Value, key: &str) -> Value {
    let mut base = value.clone();
    if let Some(m) = base.as_object_mut() {
        m.remove(key);
    }
    base
}

/// `base` with the environment's overrides (read from `value`) merged over it.
fn view_on(base: &Value, value: &Value, scoped: &Scoped) -> Value {
    let overrides = lookup(value, &overrides_at(scoped))
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()));
    trellis_schema::merge(base, &overrides)
}

fn overrides_at(scoped: &Scoped) -> Pointer {
    Pointer::from_tokens([scoped.key.as_str(), scoped.env.as_str(), "overrides"])
}

/// What a change made of an environment's view, written into its overrides (values only:
/// one that takes a value away is refused), the base left as it is.
fn write_overrides(scene: &Scene, scoped: &Scoped, view: &Value, after: &Value) -> Reply {
    let prefix = format!("In the environment {}: ", code(&scoped.env));
    let mut changes: Vec<(Pointer, Value)> = Vec::new();
    if let Err(gone) = differences(view, after, &Pointer::root(), &mut changes) {
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
        let mut at = overrides_at(scoped);
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
