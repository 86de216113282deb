//! Changes to components: add (with what they need), remove, rename, connect and
//! disconnect, set values, and add one component to many ("add rate limiting to all
//! agents"). Every change is made of the designer's operations on the planned document.

use super::analysis::{Analysis, Use};
use super::lexicon::{self, Verb};
use super::resolve::{self, clarify, ensure, existing, missing, refs, Ref, Spec, Target};
use super::scene::{lookup, set_creating, FieldInfo, Scene};
use super::text::{close, code, join_and, name_key, parse_bool, Token};
use super::work::{could_not, Work};
use super::{Reply, ReplyKind};
use serde_json::Value;
use trellis_core::{EditOp, Pointer};
use trellis_schema::{DeleteMode, DesignError, Input};

mod add;
mod adjust;
mod connect;
mod fields;
mod goal;
mod items;
mod remove;
mod rename;
mod send;
mod set;
mod wish;

use add::add;
pub(crate) use add::is_address;
pub(crate) use add::said_across;
use adjust::adjust;
use connect::{clear_field, connect};
use fields::{applies, best_field, convert, denying, field_score, has_field, word_stems};
pub(crate) use goal::{goal, with_new_attributes};
use items::{add_item, deny_item, negated_item, remove_item};
use remove::remove;
pub(crate) use remove::said_removal;
pub(crate) use rename::said_rename;
use rename::{rename, replace};
pub(crate) use send::said_destination;
use set::{set, set_option, toggle};
pub(crate) use wish::said_wish;

/// A value as Markdown code: a string as it is, anything else as JSON.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => code(s),
        other => code(&other.to_string()),
    }
}

/// " (was X)" for a value there before the change, else nothing.
fn was(before: Option<&Value>) -> String {
    before
        .map(|v| format!(" (was {})", shown(v)))
        .unwrap_or_default()
}

/// Words that say nothing about which field is meant.
const FILLER: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "for",
    "on",
    "in",
    "at",
    "to",
    "my",
    "its",
    "their",
    "his",
    "her",
    "our",
    "your",
    "please",
    "value",
    "values",
    "setting",
    "settings",
    "field",
    "option",
    "parameter",
    "property",
    "current",
    "currently",
    "it",
    "this",
    "that",
    "be",
    "is",
    "so",
    "just",
    "also",
    "now",
    "new",
    "from",
    "with",
    "and",
    "then",
    "stack",
    "setup",
    "configuration",
    "config",
    "project",
    "app",
    "application",
    "document",
    "file",
    "should",
    "able",
    "can",
    "must",
    "would",
    "could",
    "whole",
    "entire",
    "overall",
];

/// Words for "no value": the field is removed.
const NONE_WORDS: &[&str] = &["none", "nothing", "nobody", "null", "empty", "nil", "noone"];

/// Words that end a phrase of names and start another part of the request.
const BREAKS: &[&str] = &[
    "with", "using", "that", "which", "who", "and", "to", "for", "on", "in", "into", "from", "as",
    "at", "of", "by", "so", "can", "should", "plus",
];

pub(crate) fn respond(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let first = a.first_verb().map(|(_, v)| v);
    if let Some(r) = rename(a, scene) {
        return Some(r);
    }
    if let Some(r) = replace(a, scene) {
        return Some(r);
    }
    if let Some(r) = remove_item(a, scene) {
        return Some(r);
    }
    if let Some(r) = negated_item(a, scene) {
        return Some(r);
    }
    if let Some(r) = deny_item(a, scene) {
        return Some(r);
    }
    if let Some(r) = remove(a, scene) {
        return Some(r);
    }
    if let Some(r) = toggle(a, scene) {
        return Some(r);
    }
    if let Some(r) = switched_off(a, scene) {
        return Some(r);
    }
    if let Some(r) = adjust(a, scene) {
        return Some(r);
    }
    // "enable tracing for every agent", "turn on caching for the writer": a component
    // switched on is one added.
    let switched_on = first == Some(Verb::Enable)
        || (a.has(&["turn", "switch"]) && a.has(&["on"]) && first != Some(Verb::Add));
    if switched_on && !a.variants.is_empty() {
        if let Some(r) = add(a, scene) {
            return Some(r);
        }
    }
    let make_new = first == Some(Verb::Make)
        && a.find(&["a", "an", "another", "new"], 0).is_some()
        && !a.has_verb(Verb::Use);
    if first == Some(Verb::Add) {
        if let Some(r) = add_item(a, scene) {
            return Some(r);
        }
    }
    if first == Some(Verb::Add) || make_new {
        if let Some(r) = add(a, scene) {
            return Some(r);
        }
    }
    let connecting = a.verbs().iter().any(|(_, v)| {
        matches!(
            v,
            Verb::Connect | Verb::Use | Verb::Give | Verb::Let | Verb::Delegate | Verb::Depend
        )
    });
    // "add a description to the writer: '…'", "give the stack the name …": a field.
    if matches!(first, Some(Verb::Set | Verb::Make | Verb::Add | Verb::Give))
        || (!connecting && first.is_none())
    {
        if let Some(r) = set(a, scene) {
            return Some(r);
        }
    }
    if let Some(r) = set_option(a, scene) {
        return Some(r);
    }
    let modal =
        first.is_none() && a.has(&["should", "can", "must", "needs", "need", "able", "could"]);
    if connecting || modal || matches!(first, Some(Verb::Set | Verb::Make | Verb::Add)) {
        if let Some(r) = connect(a, scene) {
            return Some(r);
        }
    }
    None
}

/// "turn off caching", "disable tracing for triage": with no switch to turn off, the
/// components of that variant stop being used — by the ones named, else by every component
/// that refers to them. Read as "remove caching from triage" / "… from all agents"; the
/// components themselves stay.
fn switched_off(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let off = a.has_verb(Verb::Disable) || (a.has(&["turn", "switch"]) && a.has(&["off"]));
    if !off {
        return None;
    }
    // What is switched off: the one variant named, else one component named ("turn off
    // web search" where `web_search` is a tool).
    let scope = a.find(&["for", "on", "in", "from"], 0).unwrap_or(a.len());
    let named: Vec<&crate::offline::analysis::Mention> =
        a.mentions.iter().filter(|m| m.start < scope).collect();
    let (end, kind) = match (a.variants.as_slice(), named.as_slice()) {
        ([v], _) => (v.end, v.kind.clone()),
        ([], [m]) if m.candidates.len() == 1 => {
            (m.end, scene.components[m.candidates[0]].kind.clone())
        }
        _ => return None,
    };
    let mut words: Vec<String> = Vec::new();
    let mut scoped = false;
    for (i, t) in a.tokens.iter().enumerate() {
        if matches!(a.uses[i], Use::Verb(Verb::Disable)) || t.is_any(&["turn", "switch", "off"]) {
            continue;
        }
        if i >= end && !scoped && t.is_any(&["for", "on", "in", "from"]) {
            scoped = true;
            words.push("from".into());
            continue;
        }
        words.push(t.raw.clone());
    }
    if !scoped {
        let users: Vec<String> = scene
            .kinds
            .iter()
            .filter(|k| !ref_fields(scene, &k.kind, &kind).is_empty())
            .filter(|k| scene.of_kind(&k.kind).next().is_some())
            .map(|k| super::describe::plural(&k.kind))
            .collect();
        let [users] = users.as_slice() else {
            return None;
        };
        words.push(format!("from all {users}"));
    }
    let text = format!("remove {}", words.join(" "));
    let b = Analysis::new(&text, scene, &[]);
    remove(&b, scene).filter(|r| matches!(r.kind, ReplyKind::Proposal | ReplyKind::Answer))
}

fn tokens_raw(tokens: &[Token]) -> String {
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(&t.raw);
        if t.boundary && i + 1 < tokens.len() {
            out.push(',');
        }
    }
    out
}

/// Refs inside `from..to`.
fn refs_in(all: &[Ref], from: usize, to: usize) -> Vec<Ref> {
    all.iter()
        .filter(|r| r.start >= from && r.start < to)
        .cloned()
        .collect()
}

/// Components of the kinds written as "all agents", "every model" or a bare plural
/// ("to the agents") in `from..to`.
fn all_of_kinds(a: &Analysis, scene: &Scene, from: usize, to: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for k in a.kinds.iter().filter(|k| k.at >= from && k.at < to) {
        if a.mentions.iter().any(|m| m.kind_at == Some(k.at)) {
            continue;
        }
        if k.all || k.plural {
            out.extend(scene.of_kind(&k.kind).map(|(i, _)| i));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The candidates of an ambiguous ref that satisfy `keep`; the ref itself otherwise.
fn narrow(r: &Ref, keep: impl Fn(usize) -> bool) -> Ref {
    match &r.target {
        Target::Ambiguous(c) => {
            let kept: Vec<usize> = c.iter().copied().filter(|&i| keep(i)).collect();
            let target = match kept.len() {
                0 => r.target.clone(),
                1 => Target::Existing(kept[0]),
                _ => Target::Ambiguous(kept),
            };
            Ref {
                target,
                ..r.clone()
            }
        }
        _ => r.clone(),
    }
}

/// The components a ref may stand for.
fn candidates(r: &Ref) -> Vec<usize> {
    match &r.target {
        Target::Existing(i) => vec![*i],
        Target::Ambiguous(c) => c.clone(),
        _ => Vec::new(),
    }
}

/// Whether component `i` refers to a component one of `items` may stand for.
fn refers_any(scene: &Scene, i: usize, items: &[Ref]) -> bool {
    items
        .iter()
        .flat_map(candidates)
        .any(|t| refers_to(scene, i, t))
}

/// Whether component `i` refers to component `t`.
fn refers_to(scene: &Scene, i: usize, t: usize) -> bool {
    let tc = &scene.components[t];
    scene
        .model
        .references
        .iter()
        .any(|r| r.from == Some(i) && r.name == tc.name && r.to.contains(&tc.kind))
}

/// The reference fields of a kind that accept components of `target_kind`.
fn ref_fields<'k>(scene: &'k Scene, kind: &str, target_kind: &str) -> Vec<&'k FieldInfo> {
    scene
        .kind(kind)
        .map(|k| {
            k.fields
                .iter()
                .filter(|f| {
                    f.reference()
                        .is_some_and(|(to, _)| to.iter().any(|t| t == target_kind))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Of several fields, the one the request's words point at (`delegate`, `embedding`);
/// the only one when there is one.
fn pick_field<'f>(a: &Analysis, fields: &[&'f FieldInfo]) -> Option<&'f FieldInfo> {
    if fields.len() == 1 {
        return Some(fields[0]);
    }
    let stems: Vec<String> = a.tokens.iter().map(Token::stem).collect();
    let hit: Vec<&&FieldInfo> = fields
        .iter()
        .filter(|f| f.stems.iter().any(|s| s.len() > 2 && stems.contains(s)))
        .collect();
    if hit.len() == 1 {
        return Some(hit[0]);
    }
    // "… that waits for web", "… that needs build": the one field that says "depends on".
    if a.has(&[
        "wait", "waits", "waiting", "depend", "depends", "needs", "requires", "require",
    ]) {
        let dependency: Vec<&&FieldInfo> = fields
            .iter()
            .filter(|f| f.key.contains("depend") || f.key == "needs")
            .collect();
        if dependency.len() == 1 {
            return Some(dependency[0]);
        }
    }
    None
}

/// [`pick_field`], and when the words name none of several fields, the one that says
/// "depends on" ("hook web up to db", "connect deploy to build": the service's
/// `depends_on`, the job's `needs`) if there is exactly one such.
fn pick_field_or_dependency<'f>(a: &Analysis, fields: &[&'f FieldInfo]) -> Option<&'f FieldInfo> {
    pick_field(a, fields).or_else(|| {
        let dependency: Vec<&&FieldInfo> = fields
            .iter()
            .filter(|f| f.key.contains("depend") || f.key == "needs")
            .collect();
        (dependency.len() == 1).then(|| *dependency[0])
    })
}

/// Whether the request's words point at one of the fields (`delegates` → `delegates_to`).
fn hinted(a: &Analysis, fields: &[&FieldInfo]) -> bool {
    let stems: Vec<String> = a.tokens.iter().map(Token::stem).collect();
    fields
        .iter()
        .any(|f| f.stems.iter().any(|s| s.len() > 2 && stems.contains(s)))
}

/// Whether the words in `from..to` point at one of the fields.
fn hinted_in(a: &Analysis, fields: &[&FieldInfo], from: usize, to: usize) -> bool {
    let stems: Vec<String> = a.tokens[from.min(a.len())..to.min(a.len())]
        .iter()
        .map(Token::stem)
        .collect();
    fields
        .iter()
        .any(|f| f.stems.iter().any(|s| s.len() > 2 && stems.contains(s)))
}

/// The name written after "called"/"named" (quoted or words up to the next break).
fn called(a: &Analysis, from: usize) -> Option<(usize, usize, String)> {
    let at = a.find(&["called", "named", "name", "titled"], from)?;
    let start = at + 1;
    let t = a.tokens.get(start)?;
    if t.quoted {
        return Some((at, start + 1, t.raw.clone()));
    }
    // A name ends before an address or a participle ("called weather hitting https://…",
    // "named api listening on 8080").
    let ends_name = |t: &Token| {
        t.raw.contains("://")
            || (t.norm.len() > 5
                && t.norm.ends_with("ing")
                && t.norm.chars().all(|c| c.is_ascii_alphabetic()))
    };
    let mut end = start;
    while end < a.len()
        && (end == start || (a.uses[end] == Use::Free && !ends_name(&a.tokens[end])))
        && !a.tokens[end].is_any(BREAKS)
        && !a.tokens[end].quoted
    {
        end += 1;
        if a.tokens[end - 1].boundary {
            break;
        }
    }
    if end == start {
        return None;
    }
    Some((at, end, join_name(&a.tokens[start..end], None)))
}

/// A name the document does not have, written next to a kind word ("the frobnicator
/// agent", "agent frobnicator").
fn unknown_name(a: &Analysis) -> Option<(String, String)> {
    for k in a.kinds.iter().filter(|k| !k.all && !k.plural) {
        if a.mentions.iter().any(|m| m.kind_at == Some(k.at)) {
            continue;
        }
        let before = k.at.checked_sub(1).filter(|&i| a.uses[i] == Use::Free);
        let after = Some(k.at + 1).filter(|&i| i < a.len() && a.uses[i] == Use::Free);
        if let Some(i) = before.or(after) {
            return Some((a.tokens[i].raw.clone(), k.kind.clone()));
        }
    }
    None
}

/// Words joined into a component name in the style of the document's names.
fn join_name(tokens: &[Token], scene: Option<&Scene>) -> String {
    if tokens.len() == 1 {
        return tokens[0].raw.clone();
    }
    let dash = scene.is_some_and(|s| {
        s.components.iter().any(|c| c.name.contains('-'))
            && !s.components.iter().any(|c| c.name.contains('_'))
    });
    let sep = if dash { "-" } else { "_" };
    tokens
        .iter()
        .map(|t| t.norm.clone())
        .collect::<Vec<_>>()
        .join(sep)
}

fn design_error(e: &DesignError) -> String {
    super::text::sanitize(&e.to_string())
}

/// What connecting one field gives: edits, and a line for the reply (a done line, or a
/// note when nothing changes).
enum Linked {
    Edits(Vec<EditOp>, String),
    Already(String),
}

/// Plans connecting `field` of the component at `source` to the component at `target`
/// with the designer, on `design` (the planned document). A scalar field is replaced; a
/// name already there is left as is.
fn plan_link(
    work: &Work<'_>,
    design: &trellis_schema::Design<'_>,
    source: &Pointer,
    field: &str,
    target: &Pointer,
) -> Result<Linked, String> {
    let field_ptr = source.join(field.to_string());
    let kind = design
        .component_at(source)
        .map_or_else(|| "component".to_string(), |c| c.kind.clone());
    let label = |p: &Pointer| p.tokens().last().cloned().unwrap_or_default();
    let field_words = field.replace('_', " ");
    let now = lookup(&work.value, &field_ptr);
    let list_now = now.is_some_and(Value::is_array);
    let is_new = lookup(&work.scene.value, source).is_none();
    // "copywriter should use the calculator" where its tools list the misspelt
    // `calculater`, which names nothing: that item corrected, rather than a second added.
    if let Some(items) = now.and_then(Value::as_array) {
        let name = label(target);
        let exists = |s: &str| work.scene.components.iter().any(|c| c.name == s);
        let typo = items.iter().position(|v| {
            v.as_str().is_some_and(|s| {
                s != name && !exists(s) && close(&s.to_lowercase(), &name.to_lowercase())
            })
        });
        if let (Some(i), false) = (
            typo,
            items.iter().any(|v| v.as_str() == Some(name.as_str())),
        ) {
            let old = items[i].as_str().unwrap_or_default().to_string();
            return Ok(Linked::Edits(
                vec![EditOp::Set {
                    path: field_ptr.join(i.to_string()),
                    value: Value::String(name.clone()),
                }],
                format!(
                    "the {kind} {}'s {field_words}: {} replaces {}, which names nothing",
                    code(&label(source)),
                    code(&name),
                    code(&old)
                ),
            ));
        }
    }
    match design.connect(&field_ptr, target) {
        Ok(c) => {
            // What it named before, when the component was there before this change.
            let previous = lookup(&work.scene.value, &field_ptr)
                .and_then(Value::as_str)
                .map(str::to_string);
            let becomes_list = list_now
                || c.edits.iter().any(|e| {
                    matches!(e, EditOp::Add { path, .. } if path.tokens().last().is_some_and(|t| t == "-"))
                        || matches!(e, EditOp::Set { value: Value::Array(_), .. } | EditOp::Add { value: Value::Array(_), .. })
                });
            let mut line = if becomes_list {
                format!(
                    "the {kind} {} now has {} in its {field_words}",
                    code(&label(source)),
                    code(&label(target))
                )
            } else {
                format!(
                    "the {kind} {}'s {field_words} is now {}",
                    code(&label(source)),
                    code(&label(target))
                )
            };
            if let Some(p) = previous {
                if p != label(target) && !becomes_list {
                    line.push_str(&format!(" (was {})", code(&p)));
                }
            }
            Ok(Linked::Edits(c.edits, line))
        }
        // A new component whose default already names it.
        Err(DesignError::AlreadyConnected { .. }) if is_new => Ok(Linked::Edits(
            Vec::new(),
            if list_now {
                format!(
                    "the {kind} {} has {} in its {field_words}",
                    code(&label(source)),
                    code(&label(target))
                )
            } else {
                format!(
                    "the {kind} {}'s {field_words} is {}",
                    code(&label(source)),
                    code(&label(target))
                )
            },
        )),
        Err(DesignError::AlreadyConnected { .. }) => Ok(Linked::Already(format!(
            "The {kind} {} already has {} in its {field_words}.",
            code(&label(source)),
            code(&label(target))
        ))),
        Err(e) => Err(design_error(&e)),
    }
}

/// Connects `field` of the component at `source` to the component at `target` in the
/// planned document.
fn connect_in(
    work: &mut Work<'_>,
    source: &Pointer,
    field: &str,
    target: &Pointer,
) -> Result<(), String> {
    connect_all(work, &[(source.clone(), field.to_string(), target.clone())])
}

/// Several connections, planned on one view of the planned document when they touch
/// different fields (one after another otherwise).
fn connect_all(work: &mut Work<'_>, links: &[(Pointer, String, Pointer)]) -> Result<(), String> {
    let mut fields: Vec<Pointer> = links.iter().map(|(s, f, _)| s.join(f.clone())).collect();
    fields.sort_by_key(ToString::to_string);
    let distinct = fields.windows(2).all(|w| w[0] != w[1]);
    if !distinct {
        for link in links {
            connect_all(work, std::slice::from_ref(link))?;
        }
        return Ok(());
    }
    let mut planned = Vec::new();
    {
        let design = work.design();
        for (source, field, target) in links {
            planned.push(plan_link(work, &design, source, field, target)?);
        }
    }
    let mut edits = Vec::new();
    for p in planned {
        match p {
            Linked::Edits(e, line) => {
                edits.extend(e);
                work.done.push(line);
            }
            Linked::Already(note) => work.notes.push(note),
        }
    }
    work.apply(edits)
}
