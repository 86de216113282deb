//! Requests about the conversation or the whole document rather than one component:
//! "undo that" (pointed to the editor's Undo), "delete everything" (refused with what to
//! do instead), "what's the difference between fast and smart?" (a comparison).

use super::analysis::{Analysis, Use};
use super::lexicon::{Verb, ALL_WORDS, SETUP_NOUNS};
use super::resolve::{clarify, missing, refs, Target};
use super::scene::Scene;
use super::text::{code, join_and};
use super::{Reply, ReplyKind};
use serde_json::Value;

/// Whether the request names anything in the document (or a kind of component).
fn names_nothing(a: &Analysis) -> bool {
    a.mentions.is_empty()
        && a.kinds.is_empty()
        && a.variants.is_empty()
        && a.values.is_empty()
        && a.model_ids.is_empty()
        && !a.uses.contains(&Use::Number)
        && !a.tokens.iter().any(|t| t.quoted)
}

/// "Undo that", "revert the last change", "go back": the editor's Undo, not a patch.
pub(crate) fn undo(a: &Analysis) -> Option<Reply> {
    let undo_word = a.has(&["undo", "undid", "revert", "rollback", "unapply", "unmake"]);
    let back = a.has(&["back"]) && a.has(&["roll", "go", "take", "put", "change", "set"]);
    let previous = a.has(&["previous", "before", "last"])
        && a.has(&["version", "state", "change", "was", "were"])
        && a.has(&["restore", "return", "revert", "back"]);
    if !(undo_word || back || previous) || !names_nothing(a) {
        return None;
    }
    Some(Reply::answer(
        ReplyKind::Answer,
        "I cannot undo changes myself: a proposal only changes the document once you apply it, \
         and I keep no history of my own. To take back an applied change, use **Undo** \
         (Ctrl+Z, or ⌘Z on macOS) in the editor; every save is also a commit, so an earlier \
         version can be restored from the **History**. Nothing was changed.",
    ))
}

/// "Don't remove the support agent", "never add caching to the writer", "please do not
/// rename it": a change the request rules out is no change to make, so nothing is
/// proposed. ("Why don't you add …" suggests the change and is left to the others.)
pub(crate) fn prohibition(a: &Analysis) -> Option<Reply> {
    if a.has(&["why", "forget"]) {
        return None;
    }
    let explicit_disconnect =
        |at: usize| super::lexicon::verb(&a.tokens[at].word) == Some(Verb::Disconnect);
    let ruled_out = a
        .verbs()
        .into_iter()
        .find(|&(at, v)| {
            (matches!(
                v,
                Verb::Add
                    | Verb::Remove
                    | Verb::Rename
                    | Verb::Set
                    | Verb::Enable
                    | Verb::Disable
                    | Verb::Fix
                    | Verb::Make
            ) || (v == Verb::Disconnect && explicit_disconnect(at)))
                && negated_before(a, at)
        })
        // "don't get rid of the planner", "don't take arxiv away from the researcher".
        .or_else(|| {
            (0..a.len())
                .find(|&j| {
                    ((a.tokens[j].is("get") && a.tokens.get(j + 1).is_some_and(|t| t.is("rid")))
                        || a.tokens[j].is_any(&["take", "pull", "kick"]))
                        && negated_before(a, j)
                })
                .map(|j| (j, Verb::Remove))
        })?;
    // "don't change anything, just tell me what the assistant does": the rest is the
    // request.
    let clause_end = (ruled_out.0..a.len())
        .find(|&j| a.tokens[j].boundary || a.tokens[j].is_any(&["just", "only", "but"]))
        .unwrap_or(a.len());
    if a.tokens[clause_end..].iter().any(|t| {
        t.is_any(&[
            "tell",
            "what",
            "which",
            "who",
            "how",
            "why",
            "describe",
            "explain",
            "show",
            "list",
            "summarize",
            "summarise",
        ])
    }) {
        return None;
    }
    let word = if a.tokens[ruled_out.0].is_any(&["get", "take", "pull", "kick"]) {
        "remove".to_string()
    } else {
        a.tokens[ruled_out.0].raw.to_lowercase()
    };
    Some(Reply::answer(
        ReplyKind::Answer,
        format!(
            "You asked me not to {word} it, so there is nothing to change: I changed \
             nothing. Say what should change instead (e.g. \"remove the … agent\")."
        ),
    ))
}

/// Whether a negation ("don't", "do not", "never", "please don't") stands right before
/// token `at`, in the same clause.
pub(crate) fn negated_before(a: &Analysis, at: usize) -> bool {
    let mut negated = false;
    for j in (0..at).rev() {
        let t = &a.tokens[j];
        if t.boundary {
            break;
        }
        if t.is_any(&[
            "don't",
            "dont",
            "never",
            "not",
            "mustn't",
            "mustnt",
            "shouldn't",
            "shouldnt",
        ]) {
            // "the references that don't resolve": a relative clause describes, it rules
            // nothing out.
            if j > 0 && a.tokens[j - 1].is_any(&["that", "which", "who", "what"]) {
                return false;
            }
            negated = true;
        } else if !t.is_any(&["do", "please", "pls", "plz", "ever", "you", "we"]) {
            break;
        }
    }
    negated
}

/// "Delete everything", "clear the whole config", "wipe it all": refused with the ways to
/// remove what is meant, never done in one guessed step.
pub(crate) fn wipe(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let wipe_verb = a.verbs().iter().any(|(_, v)| *v == Verb::Remove)
        || a.has(&["wipe", "nuke", "empty", "scrap", "trash"])
        || (a.has(&["start"]) && a.has(&["over", "scratch", "fresh"]));
    if !wipe_verb || !names_nothing(a) {
        return None;
    }
    let whole = a.has(ALL_WORDS)
        || a.has(SETUP_NOUNS)
        || a.has(&[
            "document",
            "file",
            "contents",
            "content",
            "components",
            "scratch",
            "over",
            "fresh",
        ])
        || a.len() <= 2;
    if !whole {
        return None;
    }
    let kind = scene
        .kinds
        .iter()
        .find(|k| scene.of_kind(&k.kind).next().is_some())
        .map_or_else(|| "component".to_string(), |k| k.kind.clone());
    let example = super::describe::plural(&kind);
    let text = if scene.components.is_empty() {
        "This document has no components to remove, so I changed nothing.".to_string()
    } else {
        format!(
            "I will not remove everything in one step, so I changed nothing. To remove one kind \
             of component, say so (\"remove all {example}\"); to remove one component, name it \
             (\"delete the … {kind}\"); to start over, create a new document or a setup from \
             a template."
        )
    };
    Some(Reply::answer(ReplyKind::Refused, text))
}

/// "What's the difference between fast and smart?", "compare the fast and smart models":
/// the two components side by side.
pub(crate) fn compare(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let asks = a.has(&[
        "difference",
        "differences",
        "differ",
        "differs",
        "compare",
        "comparison",
        "versus",
        "vs",
        "diff",
    ]);
    if !asks {
        return None;
    }
    let edit = a.verbs().iter().any(|(_, v)| {
        matches!(
            v,
            Verb::Add | Verb::Remove | Verb::Rename | Verb::Connect | Verb::Set | Verb::Make
        )
    });
    if edit {
        return None;
    }
    let mut chosen: Vec<usize> = Vec::new();
    for r in refs(a, scene) {
        match r.target {
            Target::Existing(i) => chosen.push(i),
            Target::Ambiguous(c) => {
                // "fast and smart" next to a kind word elsewhere: the ones of that kind.
                let kinds: Vec<&str> = a.kinds.iter().map(|k| k.kind.as_str()).collect();
                let kept: Vec<usize> = c
                    .iter()
                    .copied()
                    .filter(|&i| kinds.contains(&scene.components[i].kind.as_str()))
                    .collect();
                match kept.as_slice() {
                    [one] => chosen.push(*one),
                    _ => return Some(clarify(scene, &a.raw(r.start, r.end), &c)),
                }
            }
            Target::Missing { text, kind } => return Some(missing(scene, &text, kind.as_deref())),
            Target::New(_) => {}
        }
    }
    chosen.dedup();
    let [x, y] = chosen.as_slice() else {
        return None;
    };
    let (x, y) = (*x, *y);
    let empty = serde_json::Map::new();
    let vx = scene
        .value_of(x)
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let vy = scene
        .value_of(y)
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let show = |v: Option<&Value>| match v {
        None => "not set".to_string(),
        Some(Value::String(s)) => code(s),
        Some(Value::Array(items)) => {
            let names: Vec<String> = items
                .iter()
                .map(|i| match i {
                    Value::String(s) => code(s),
                    other => code(&other.to_string()),
                })
                .collect();
            if names.is_empty() {
                "none".to_string()
            } else {
                join_and(&names)
            }
        }
        Some(Value::Object(m)) => format!("{} entries", m.len()),
        Some(other) => code(&other.to_string()),
    };
    let secret = |k: &str| {
        [x, y].iter().any(|&i| {
            scene
                .kind(&scene.components[i].kind)
                .and_then(|kd| kd.field(k))
                .is_some_and(|f| f.secret)
        })
    };
    let mut keys: Vec<&String> = vx.keys().collect();
    for k in vy.keys() {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let mut differ: Vec<String> = Vec::new();
    let mut same: Vec<String> = Vec::new();
    for k in keys {
        let (a1, b1) = (vx.get(k), vy.get(k));
        let label = k.replace('_', " ");
        if a1 == b1 {
            if !secret(k) {
                same.push(format!("{label} {}", show(a1)));
            } else {
                same.push(label);
            }
        } else if secret(k) {
            differ.push(format!("- {label}: differs (a secret, not shown)"));
        } else {
            differ.push(format!("- {label}: {} vs {}", show(a1), show(b1)));
        }
    }
    let (cx, cy) = (&scene.components[x], &scene.components[y]);
    let mut text = format!(
        "Comparing the {} {} with the {} {}:\n",
        cx.kind,
        code(&cx.name),
        cy.kind,
        code(&cy.name)
    );
    if differ.is_empty() {
        text.push_str("- their settings are the same\n");
    } else {
        text.push_str(&differ.join("\n"));
        text.push('\n');
    }
    if !same.is_empty() {
        text.push_str(&format!("\nBoth have {}.", join_and(&same)));
    }
    Some(Reply::answer(
        ReplyKind::Answer,
        text.trim_end().to_string(),
    ))
}
