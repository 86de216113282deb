//! Answers without changes: impact questions through the dependency graph, the
//! configuration described in prose, a field's current value.

use super::analysis::{Analysis, Use};
use super::lexicon::{Verb, IMPACT_WORDS};
use super::resolve::{clarify, missing, refs, Target};
use super::scene::{diagnostics, lookup, Scene};
use super::text::{article, code, count, join_and, quote};
use super::{Reply, ReplyKind};
use serde_json::Value;
use std::collections::BTreeMap;
use trellis_graph::Graph;
use trellis_schema::Severity;

/// "help", "what can you do".
pub(crate) fn help_request(a: &Analysis) -> bool {
    let others = a
        .verbs()
        .iter()
        .any(|(_, v)| !matches!(v, Verb::Help | Verb::Let));
    (a.has_verb(Verb::Help) && !others && a.mentions.is_empty())
        || (a.has(&["what", "which"])
            && a.has(&["you"])
            && a.has(&["do", "can", "able", "support", "understand"])
            && a.mentions.is_empty())
        || a.has(&["commands", "capabilities", "usage"])
}

/// "What depends on the openai provider?", "what does the planner use?"
pub(crate) fn impact(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let impact_at = (0..a.len()).find(|&i| {
        let t = &a.tokens[i];
        (!t.quoted && IMPACT_WORDS.contains(&t.word.as_str()))
            || matches!(a.uses[i], Use::Verb(Verb::Depend | Verb::Use))
    })?;
    let asking = a.question
        || a.has_verb(Verb::List)
        || a.has_verb(Verb::Explain)
        || a.has(&[
            "tell",
            "who",
            "what",
            "which",
            "anything",
            "anyone",
            "something",
        ]);
    if !asking {
        return None;
    }
    // An edit phrased politely ("can you make the writer use gpt-4o?") is not a question.
    let edit = a.verbs().iter().any(|(_, v)| {
        matches!(
            v,
            Verb::Add
                | Verb::Remove
                | Verb::Rename
                | Verb::Connect
                | Verb::Disconnect
                | Verb::Set
                | Verb::Make
                | Verb::Give
                | Verb::Let
        )
    }) && !a.has(&["if", "would", "when", "after"]);
    if edit {
        return None;
    }
    // "which image does web use?": a plain field of the named component, not what it
    // refers to (the field question answers it).
    let field_asked = a.mentions.iter().any(|m| {
        let words: Vec<String> = (0..impact_at)
            .filter(|&i| a.uses[i] == Use::Free && !(m.start..m.end).contains(&i))
            .filter(|&i| !FILLER.contains(&a.tokens[i].word.as_str()))
            .map(|i| a.tokens[i].stem())
            .collect();
        !words.is_empty()
            && m.candidates.iter().any(|&c| {
                scene
                    .fields_of(c)
                    .iter()
                    .any(|f| f.reference().is_none() && words.iter().all(|w| f.stems.contains(w)))
            })
    });
    if field_asked {
        return None;
    }
    let all = refs(a, scene);
    let Some(r) = all
        .iter()
        .find(|r| !matches!(r.target, Target::New(_)))
        .cloned()
    else {
        // "What depends on the openai provider?" where there is none.
        if let Some(super::resolve::Ref {
            target: Target::New(spec),
            ..
        }) = all.first()
        {
            return Some(Reply::answer(
                ReplyKind::Answer,
                format!(
                    "There is no {} in this document, so nothing depends on it.",
                    spec.describe()
                ),
            ));
        }
        return None;
    };
    // "Which middleware does triage use?": the triage that can have middleware.
    let r = match &r.target {
        Target::Ambiguous(c) => {
            let others: Vec<&str> = a
                .kinds
                .iter()
                .filter(|k| k.at < r.start || k.at >= r.end)
                .map(|k| k.kind.as_str())
                .collect();
            let related = |i: usize| {
                let kind = scene.components[i].kind.as_str();
                others.iter().any(|o| related_kinds(scene, kind, o))
            };
            let kept: Vec<usize> = c.iter().copied().filter(|&i| related(i)).collect();
            match kept.as_slice() {
                [one] => super::resolve::Ref {
                    target: Target::Existing(*one),
                    ..r.clone()
                },
                _ => r.clone(),
            }
        }
        _ => r.clone(),
    };
    let target = match &r.target {
        Target::Existing(i) => *i,
        Target::Ambiguous(c) => return Some(clarify(scene, &a.raw(r.start, r.end), c)),
        Target::Missing { text, kind } => return Some(missing(scene, text, kind.as_deref())),
        Target::New(_) => return None,
    };
    let words: Vec<&str> = a.tokens.iter().map(|t| t.word.as_str()).collect();
    let both = words
        .iter()
        .any(|w| matches!(*w, "connected" | "linked" | "related"));
    let dependencies = words.iter().any(|w| {
        matches!(
            *w,
            "dependencies" | "requirements" | "prerequisites" | "upstream"
        )
    });
    let passive = words[r.start.min(words.len())..impact_at.max(r.start)]
        .iter()
        .any(|w| matches!(*w, "is" | "are" | "was" | "be" | "being"))
        || words.iter().any(|w| {
            matches!(
                *w,
                "used"
                    | "referenced"
                    | "needed"
                    | "affected"
                    | "impacted"
                    | "dependents"
                    | "break"
                    | "breaks"
            )
        });
    let active_before = r.start < impact_at
        && words[..r.start]
            .iter()
            .any(|w| matches!(*w, "does" | "do" | "did" | "will" | "would" | "can"));
    let depends_on = dependencies || (active_before && !passive);
    // "Which middleware does triage use?": only those kinds.
    let only: Vec<String> = a
        .kinds
        .iter()
        .filter(|k| {
            (k.at < r.start || k.at >= r.end)
                && (k.plural || k.kind != scene.components[target].kind)
        })
        .map(|k| k.kind.clone())
        .collect();
    Some(answer_impact(scene, target, depends_on, both, &only))
}

/// Whether components of one kind can refer to the other's (either way).
fn related_kinds(scene: &Scene, a: &str, b: &str) -> bool {
    let refers = |from: &str, to: &str| {
        scene.kind(from).is_some_and(|k| {
            k.fields.iter().any(|f| {
                f.reference()
                    .is_some_and(|(kinds, _)| kinds.iter().any(|x| x == to))
            })
        })
    };
    refers(a, b) || refers(b, a)
}

fn answer_impact(
    scene: &Scene,
    target: usize,
    depends_on: bool,
    both: bool,
    only: &[String],
) -> Reply {
    let graph = Graph::from_model(&scene.model);
    let kind_of = |id: &String| -> Option<String> {
        scene
            .components
            .iter()
            .find(|c| c.pointer.to_string() == *id)
            .map(|c| c.kind.clone())
    };
    let keep = |id: &String| only.is_empty() || kind_of(id).is_some_and(|k| only.contains(&k));
    let c = &scene.components[target];
    let id = c.pointer.to_string();
    let label = scene.label(target);
    let by_id = |id: &str| -> Option<usize> {
        scene
            .components
            .iter()
            .position(|c| c.pointer.to_string() == id)
    };
    let list = |ids: &[String]| -> String {
        let mut by_kind: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for id in ids {
            if let Some(i) = by_id(id) {
                let comp = &scene.components[i];
                by_kind
                    .entry(plural(&comp.kind))
                    .or_default()
                    .push(code(&comp.name));
            }
        }
        join_and(
            &by_kind
                .into_iter()
                .map(|(k, names)| format!("{k} {}", join_and(&names)))
                .collect::<Vec<_>>(),
        )
    };
    let mut text = String::new();
    if !depends_on || both {
        let (all, direct, indirect) = reach(&graph, &id, Direction::Dependents, &keep);
        if all.is_empty() && !only.is_empty() {
            text.push_str(&format!(
                "No {} depends on the {label}.",
                only.iter()
                    .map(|k| plural(k))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ));
        } else if all.is_empty() {
            text.push_str(&format!(
                "Nothing depends on the {label}: no component refers to it"
            ));
            let kind = scene.kind(&c.kind);
            if kind.is_some_and(|k| k.root) {
                text.push_str(&format!(" ({} are entry points)", plural(&c.kind)));
            }
            text.push_str(". Removing it would break no reference.");
        } else {
            text.push_str(&format!(
                "{} on the {label}: directly {}",
                if all.len() == 1 {
                    "1 component depends".to_string()
                } else {
                    format!("{} components depend", all.len())
                },
                list(&direct)
            ));
            if !indirect.is_empty() {
                text.push_str(&format!("; through them, {}", list(&indirect)));
            }
            text.push('.');
            // At most ten places, then how many more (a large stack has thousands).
            const PLACES: usize = 10;
            let fields: Vec<String> = graph
                .edges
                .iter()
                .filter(|e| e.to == id)
                .map(|e| code(&e.field))
                .collect();
            let shown = if fields.len() > PLACES {
                format!(
                    "{} and {} more",
                    fields[..PLACES].join(", "),
                    fields.len() - PLACES
                )
            } else {
                join_and(&fields)
            };
            text.push_str(&format!(
                "\n\nThe references to it are at {shown}. Removing or renaming it affects them."
            ));
        }
    }
    if depends_on || both {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let (all, _, indirect) = reach(&graph, &id, Direction::DependsOn, &keep);
        if all.is_empty() && !only.is_empty() {
            text.push_str(&format!(
                "The {label} uses no {}.",
                only.iter()
                    .map(|k| plural(k))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ));
        } else if all.is_empty() {
            text.push_str(&format!("The {label} uses no other component."));
        } else {
            let mut by_field: Vec<String> = Vec::new();
            for e in graph.edges.iter().filter(|e| e.from == id && keep(&e.to)) {
                let field = e.annotated.rsplit('/').next().unwrap_or("").to_string();
                if let Some(i) = by_id(&e.to) {
                    by_field.push(format!(
                        "{} ({})",
                        code(&scene.components[i].name),
                        field.replace('_', " ")
                    ));
                }
            }
            text.push_str(&format!(
                "The {label} uses {}: {}",
                count(all.len(), "component", "components"),
                join_and(&by_field)
            ));
            if !indirect.is_empty() {
                text.push_str(&format!("; and through them {}", list(&indirect)));
            }
            text.push('.');
        }
    }
    let dangling: Vec<String> = graph
        .dangling
        .iter()
        .filter(|d| d.from.as_deref() == Some(id.as_str()))
        .map(|d| format!("{} at {}", code(&d.name), code(&d.pointer)))
        .collect();
    if !dangling.is_empty() {
        text.push_str(&format!(
            "\n\nIt also names {} that do not exist: {}.",
            count(dangling.len(), "component", "components"),
            join_and(&dangling)
        ));
    }
    Reply::answer(ReplyKind::Answer, text)
}

pub(crate) fn plural(kind: &str) -> String {
    if kind.ends_with('s') || kind == "memory" || kind == "middleware" {
        kind.to_string()
    } else if let Some(stem) = kind.strip_suffix('y') {
        format!("{stem}ies")
    } else {
        format!("{kind}s")
    }
}

/// "Describe this setup", "list the agents", "tell me about the planner".
pub(crate) fn describe(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let words: Vec<&str> = a.tokens.iter().map(|t| t.word.as_str()).collect();
    let describe_verb = a.has_verb(Verb::Describe) || a.has_verb(Verb::Explain);
    let list_verb = a.has_verb(Verb::List);
    // "tell me about …", "walk me through this workflow", "run me through the setup".
    let tell_about = (a.has(&["tell"]) && a.has(&["about"]))
        || (a.has(&["walk", "run", "take", "talk"]) && a.has(&["through"]) && a.has(&["me", "us"]));
    let what_is = a.question
        && (a.has(&[
            "this",
            "setup",
            "stack",
            "configuration",
            "config",
            "file",
            "document",
        ]) || a.kinds.iter().any(|k| k.plural))
        && !a.has_verb(Verb::Set)
        && !a.has_verb(Verb::Add);
    let how_many = a.has(&["how"]) && a.has(&["many"]);
    let edit_verbs = a.verbs().iter().any(|(_, v)| {
        matches!(
            v,
            Verb::Add | Verb::Remove | Verb::Rename | Verb::Connect | Verb::Disconnect | Verb::Set
        )
    });
    if edit_verbs && !a.question {
        return None;
    }
    // "What is the temperature of the writer model?"
    if a.question && a.mentions.len() == 1 && !describe_verb {
        if let Some(reply) = field_value(a, scene) {
            return Some(reply);
        }
    }
    if a.question && a.mentions.is_empty() && !describe_verb && !how_many {
        if let Some(reply) = field_value_anywhere(a, scene) {
            return Some(reply);
        }
    }
    let unused_question = a.has(&["unused", "orphan", "orphaned", "dead", "unreferenced"])
        || (a.has(&["used", "referenced"])
            && a.has(&["not", "isn't", "aren't", "never", "nothing"])
            && a.mentions.is_empty());
    if unused_question
        && (a.question || list_verb || describe_verb || a.has(&["which", "what", "any"]))
    {
        return Some(unused(scene));
    }
    // "What does the librarian do?", "and the writer?": a question about a component.
    let about_component = a.question && a.mentions.iter().any(|m| !m.candidates.is_empty());
    // "Do I have any memory configured?", "which provider is there?": the components of a
    // kind (not "how do I add an agent?").
    let kind_question = a.question
        && !a.kinds.is_empty()
        && a.mentions.is_empty()
        && !a.has(&["how", "why"])
        && !a.verbs().iter().any(|(_, v)| {
            matches!(
                v,
                Verb::Add
                    | Verb::Remove
                    | Verb::Rename
                    | Verb::Connect
                    | Verb::Disconnect
                    | Verb::Set
                    | Verb::Make
                    | Verb::Give
                    | Verb::Enable
                    | Verb::Disable
                    | Verb::Fix
            )
        });
    if !(describe_verb
        || list_verb
        || tell_about
        || what_is
        || how_many
        || about_component
        || kind_question)
    {
        return None;
    }
    let _ = words;
    let all = refs(a, scene);
    let named: Vec<&super::resolve::Ref> = all
        .iter()
        .filter(|r| !matches!(r.target, Target::New(_)))
        .collect();
    if !named.is_empty() {
        let mut text = String::new();
        for r in named {
            match &r.target {
                Target::Existing(i) => {
                    text.push_str(&component(scene, *i, true));
                    text.push_str("\n\n");
                }
                Target::Ambiguous(c) => return Some(clarify(scene, &a.raw(r.start, r.end), c)),
                Target::Missing { text, kind } => {
                    return Some(missing(scene, text, kind.as_deref()))
                }
                Target::New(_) => {}
            }
        }
        return Some(Reply::answer(
            ReplyKind::Answer,
            text.trim_end().to_string(),
        ));
    }
    let kinds: Vec<String> = a.kinds.iter().map(|k| k.kind.clone()).collect();
    if !kinds.is_empty() && (list_verb || how_many || a.question) {
        let mut text = String::new();
        for kind in &kinds {
            let comps: Vec<usize> = scene.of_kind(kind).map(|(i, _)| i).collect();
            if comps.is_empty() {
                text.push_str(&format!(
                    "There are no {} in this document.\n\n",
                    plural(kind)
                ));
                continue;
            }
            text.push_str(&format!(
                "There {} {}:\n",
                if comps.len() == 1 { "is" } else { "are" },
                count(comps.len(), kind, &plural(kind))
            ));
            // As in the description: at most 40 lines, then how many more.
            for &i in comps.iter().take(40) {
                text.push_str(&format!("- {}\n", component(scene, i, false)));
            }
            if comps.len() > 40 {
                text.push_str(&format!("- … and {} more\n", comps.len() - 40));
            }
            text.push('\n');
        }
        return Some(Reply::answer(
            ReplyKind::Answer,
            text.trim_end().to_string(),
        ));
    }
    Some(Reply::answer(ReplyKind::Answer, overview(scene)))
}

/// The components nothing refers to (entry points aside).
fn unused(scene: &Scene) -> Reply {
    let graph = Graph::from_model(&scene.model);
    let unused: Vec<String> = scene
        .components
        .iter()
        .filter(|c| !scene.kind(&c.kind).is_some_and(|k| k.root))
        .filter(|c| graph.dependents(&c.pointer.to_string()).is_empty())
        .map(|c| format!("{} {}", c.kind, code(&c.name)))
        .collect();
    let text = if unused.is_empty() {
        "Every component is used by another one (or is an entry point).".to_string()
    } else {
        format!(
            "Not used by anything: {}. Removing {} breaks no reference.",
            join_and(&unused),
            if unused.len() == 1 { "it" } else { "them" }
        )
    };
    Reply::answer(ReplyKind::Answer, text)
}

/// The whole configuration in prose.
fn overview(scene: &Scene) -> String {
    let mut text = String::new();
    if scene.is_empty() || scene.components.is_empty() {
        text.push_str(&format!(
            "This {} document has no components yet. Try \"{}\".",
            scene.pack,
            if scene.pack == "docker-compose" {
                "create a web app with postgres and redis"
            } else {
                "create a production setup with OpenAI"
            }
        ));
        return text;
    }
    let name = scene.value.get("name").and_then(Value::as_str);
    let description = scene.value.get("description").and_then(Value::as_str);
    match name {
        Some(n) => text.push_str(&format!(
            "**{}** is {} {} configuration",
            quote(n),
            article(&scene.pack),
            scene.pack
        )),
        None => text.push_str(&format!(
            "This is {} {} configuration",
            article(&scene.pack),
            scene.pack
        )),
    }
    if let Some(d) = description {
        text.push_str(&format!(" described as “{}”", quote(d)));
    }
    let mut counts: Vec<String> = Vec::new();
    for k in &scene.kinds {
        let n = scene.of_kind(&k.kind).count();
        if n > 0 {
            counts.push(count(n, &k.kind, &plural(&k.kind)));
        }
    }
    text.push_str(&format!(" with {}.\n", join_and(&counts)));
    // Entry points first, then what they use.
    let mut order: Vec<&super::scene::KindInfo> = scene.kinds.iter().filter(|k| k.root).collect();
    order.extend(scene.kinds.iter().filter(|k| !k.root));
    let graph = Graph::from_model(&scene.model);
    for k in order {
        let comps: Vec<usize> = scene.of_kind(&k.kind).map(|(i, _)| i).collect();
        if comps.is_empty() {
            continue;
        }
        text.push_str(&format!("\n**{}**\n", quote(&k.collection_title)));
        for i in comps.iter().take(40) {
            text.push_str(&format!("- {}\n", component(scene, *i, false)));
        }
        if comps.len() > 40 {
            text.push_str(&format!("- … and {} more\n", comps.len() - 40));
        }
    }
    let unused: Vec<String> = scene
        .components
        .iter()
        .filter(|c| !scene.kind(&c.kind).is_some_and(|k| k.root))
        .filter(|c| graph.dependents(&c.pointer.to_string()).is_empty())
        .map(|c| format!("{} {}", c.kind, code(&c.name)))
        .collect();
    if !unused.is_empty() {
        text.push_str(&format!("\nNot used by anything: {}.\n", join_and(&unused)));
    }
    if let Some(envs) = scene.value.get("environments").and_then(Value::as_object) {
        if !envs.is_empty() {
            let names: Vec<String> = envs.keys().map(|e| code(e)).collect();
            text.push_str(&format!("\nEnvironments: {}.\n", join_and(&names)));
        }
    }
    if let Some(diags) = diagnostics(&scene.schema, &scene.value) {
        let errors = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let warnings = diags
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        text.push('\n');
        if errors == 0 {
            text.push_str("It validates with no errors");
        } else {
            text.push_str(&format!(
                "It has {} (ask \"why is this invalid?\")",
                count(errors, "error", "errors")
            ));
        }
        if warnings > 0 {
            text.push_str(&format!(" and {}", count(warnings, "warning", "warnings")));
        }
        text.push('.');
    }
    text.trim_end().to_string()
}

/// One component in a sentence: kind, variant, identity fields, what it refers to; with
/// `detail`, its other settings and who uses it.
fn component(scene: &Scene, i: usize, detail: bool) -> String {
    let c = &scene.components[i];
    let value = scene.value_of(i);
    let mut parts: Vec<String> = Vec::new();
    let mut head = format!("{} {}", c.kind, code(&c.name));
    if let Some(v) = &c.variant {
        head.push_str(&format!(" ({})", v.replace('_', " ")));
    }
    for key in ["name", "image", "url", "base_url", "command"] {
        if let Some(s) = value.and_then(|v| v.get(key)).and_then(Value::as_str) {
            parts.push(format!("{} {}", key.replace('_', " "), code(s)));
            break;
        }
    }
    let kind = scene.kind(&c.kind);
    let mut by_field: Vec<(String, Vec<String>)> = Vec::new();
    for r in scene.model.references.iter().filter(|r| r.from == Some(i)) {
        let key = r.field.tokens().last().cloned().unwrap_or_default();
        let title = kind
            .and_then(|k| k.field(&key))
            .map_or_else(|| key.replace('_', " "), |f| f.label());
        match by_field.iter_mut().find(|(t, _)| *t == title) {
            Some((_, names)) => names.push(code(&r.name)),
            None => by_field.push((title, vec![code(&r.name)])),
        }
    }
    for (title, names) in by_field {
        parts.push(format!("{title}: {}", join_and(&names)));
    }
    if let Some(d) = value
        .and_then(|v| v.get("description"))
        .and_then(Value::as_str)
    {
        parts.push(format!("described as “{}”", quote(d)));
    }
    if detail {
        if let Some(Value::Object(m)) = value {
            for (k, v) in m {
                if matches!(k.as_str(), "name" | "image" | "description") {
                    continue;
                }
                if kind.is_some_and(|kd| {
                    kd.variant_field.as_deref() == Some(k.as_str())
                        || kd.field(k).is_some_and(|f| f.reference().is_some())
                }) {
                    continue;
                }
                let secret = kind.and_then(|kd| kd.field(k)).is_some_and(|f| f.secret);
                let shown = match v {
                    Value::String(s) if secret && !s.starts_with("${") => "(a secret)".to_string(),
                    Value::String(s) => code(s),
                    Value::Number(_) | Value::Bool(_) => code(&v.to_string()),
                    // A few short values are shown ("ports `80:80`").
                    Value::Array(items)
                        if !items.is_empty()
                            && items.len() <= 4
                            && items.iter().all(|i| {
                                i.as_str().is_some_and(|s| s.len() <= 40 && !secret)
                                    || i.is_number()
                            }) =>
                    {
                        items
                            .iter()
                            .map(|i| match i {
                                Value::String(s) => code(s),
                                other => code(&other.to_string()),
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                    Value::Array(items) => format!("{} items", items.len()),
                    Value::Object(o) => format!("{} entries", o.len()),
                    Value::Null => "empty".into(),
                };
                parts.push(format!("{} {shown}", k.replace('_', " ")));
            }
        }
        let graph = Graph::from_model(&scene.model);
        let users: Vec<String> = graph
            .dependents(&c.pointer.to_string())
            .iter()
            .filter_map(|id| {
                scene
                    .components
                    .iter()
                    .find(|x| x.pointer.to_string() == *id)
            })
            .map(|x| format!("{} {}", x.kind, code(&x.name)))
            .collect();
        if users.is_empty() {
            parts.push("nothing depends on it".into());
        } else {
            parts.push(format!("used by {}", join_and(&users)));
        }
    }
    if parts.is_empty() {
        head
    } else {
        format!("{head} — {}", parts.join("; "))
    }
}

/// "What is the temperature of the writer model?": the value of one field.
fn field_value(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let m = a.mentions.first()?;
    let &[i] = m.candidates.as_slice() else {
        return None;
    };
    let words: Vec<String> = (0..a.len())
        .filter(|&j| !(m.start..m.end).contains(&j) && Some(j) != m.kind_at)
        .filter(|&j| matches!(a.uses[j], Use::Free | Use::Kind))
        .filter(|&j| !FILLER.contains(&a.tokens[j].word.as_str()))
        .map(|j| a.tokens[j].stem())
        .collect();
    if words.is_empty() {
        return None;
    }
    // The variant's fields too: `sample_rate` belongs to tracing middleware only.
    let field = scene
        .fields_of(i)
        .into_iter()
        .filter(|f| words.iter().all(|w| f.stems.contains(w)))
        .min_by_key(|f| f.stems.len())?;
    Some(Reply::answer(
        ReplyKind::Answer,
        value_sentence(scene, i, &field),
    ))
}

/// Words that say nothing about which field a question asks for.
const FILLER: &[&str] = &[
    "current",
    "currently",
    "value",
    "configured",
    "now",
    "actual",
    "actually",
    "right",
];

/// "What's the sample rate of the tracing?", "what temperatures do the models use?": the
/// field named with no component's name, in the components the kind and variant words
/// allow (all of them when there are none); each one that has such a field is answered.
fn field_value_anywhere(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let words: Vec<String> = (0..a.len())
        .filter(|&j| a.uses[j] == Use::Free && !FILLER.contains(&a.tokens[j].word.as_str()))
        .map(|j| a.tokens[j].stem())
        .collect();
    // "What is the backoff?": the word that names the retry middleware names its field too.
    let words = if words.is_empty() {
        a.variants
            .iter()
            .flat_map(|v| v.start..v.end)
            .map(|j| a.tokens[j].stem())
            .collect()
    } else {
        words
    };
    if words.is_empty() {
        return None;
    }
    let candidates: Vec<usize> = scene
        .components
        .iter()
        .enumerate()
        .filter(|(_, c)| a.kinds.iter().all(|k| k.kind == c.kind))
        .filter(|(_, c)| {
            a.variants
                .iter()
                .all(|v| v.kind == c.kind && c.variant.as_deref() == Some(v.variant.as_str()))
        })
        .map(|(i, _)| i)
        .collect();
    // Every word a field's words, else all but one ("the requests per minute limit").
    let find = |missing: usize| -> Vec<(usize, super::scene::FieldInfo)> {
        candidates
            .iter()
            .filter_map(|&i| {
                let field = scene
                    .fields_of(i)
                    .into_iter()
                    .filter(|f| {
                        let covered = words.iter().filter(|w| f.stems.contains(w)).count();
                        covered > 0 && covered + missing >= words.len()
                    })
                    .min_by_key(|f| f.stems.len())?;
                Some((i, field))
            })
            .collect()
    };
    let mut hits = find(0);
    if hits.is_empty() && words.len() > 1 {
        hits = find(1);
    }
    // Components that have the field set say more than those that only could.
    if hits.iter().any(|(i, f)| scene.has_set(*i, &f.key)) {
        hits.retain(|(i, f)| scene.has_set(*i, &f.key));
    }
    match hits.as_slice() {
        [] => None,
        [(i, field)] => Some(Reply::answer(
            ReplyKind::Answer,
            value_sentence(scene, *i, field),
        )),
        many if many.len() <= 12 => {
            let lines: Vec<String> = many
                .iter()
                .map(|(i, field)| format!("- {}", value_sentence(scene, *i, field)))
                .collect();
            Some(Reply::answer(ReplyKind::Answer, lines.join("\n")))
        }
        _ => None,
    }
}

/// "The temperature of the model `writer` is `0.3`." — secrets told by where they are read
/// from, never by their value.
fn value_sentence(scene: &Scene, i: usize, field: &super::scene::FieldInfo) -> String {
    let c = &scene.components[i];
    let value = lookup(&scene.value, &c.pointer.join(field.key.clone()));
    match value {
        Some(v) if field.secret => match v.as_str() {
            Some(s) if s.starts_with("${") => format!(
                "The {} of the {} is read from {}.",
                field.label(),
                scene.label(i),
                code(s)
            ),
            _ => format!(
                "The {} of the {} is set (a secret, not shown).",
                field.label(),
                scene.label(i)
            ),
        },
        // A list of plain values in words: "The tools of the agent `researcher` are `a`
        // and `b`."
        Some(Value::Array(items))
            if !items.is_empty() && items.iter().all(|x| !x.is_object() && !x.is_array()) =>
        {
            let shown: Vec<String> = items
                .iter()
                .map(|x| {
                    code(&match x {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                })
                .collect();
            format!(
                "The {} of the {} {} {}.",
                field.label(),
                scene.label(i),
                if items.len() == 1 { "is" } else { "are" },
                join_and(&shown)
            )
        }
        Some(Value::Array(items)) if items.is_empty() => format!(
            "The {} of the {} is an empty list.",
            field.label(),
            scene.label(i)
        ),
        Some(v) => format!(
            "The {} of the {} is {}.",
            field.label(),
            scene.label(i),
            code(&match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
        ),
        None => {
            let mut s = format!("The {} of the {} is not set", field.label(), scene.label(i));
            if let Some(d) = &field.default {
                s.push_str(&format!("; the default is {}", code(&d.to_string())));
            }
            s.push('.');
            s
        }
    }
}

/// A question nothing else answered.
pub(crate) fn other_question(a: &Analysis, scene: &Scene) -> Option<Reply> {
    if !a.question {
        return None;
    }
    let mut reply = super::help(
        scene,
        Some("I cannot answer that question offline, so I changed nothing."),
    );
    reply.kind = ReplyKind::Help;
    Some(reply)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// What depends on the component.
    Dependents,
    /// What the component depends on.
    DependsOn,
}

/// The components reached from `id` in one direction that `keep` accepts: all of them,
/// the direct ones (in edge order, once each), and the rest.
fn reach(
    graph: &trellis_graph::Graph,
    id: &str,
    direction: Direction,
    keep: &dyn Fn(&String) -> bool,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let reached = match direction {
        Direction::Dependents => graph.dependents(id),
        Direction::DependsOn => graph.depends_on(id),
    };
    let all: Vec<String> = reached.into_iter().filter(|x| keep(x)).collect();
    let mut direct: Vec<String> = Vec::new();
    for e in &graph.edges {
        let other = match direction {
            Direction::Dependents if e.to == id => &e.from,
            Direction::DependsOn if e.from == id => &e.to,
            _ => continue,
        };
        if keep(other) && !direct.contains(other) {
            direct.push(other.clone());
        }
    }
    let indirect = all
        .iter()
        .filter(|x| !direct.contains(x))
        .cloned()
        .collect();
    (all, direct, indirect)
}
