//! "Why is this invalid?" and "fix the errors": the validation findings explained, and
//! their quick fixes (plus a required reference that only one component can fill)
//! proposed as one change.

use super::analysis::Analysis;
use super::lexicon::{Verb, ERROR_WORDS};
use super::scene::{apply_all, diagnostics, lookup, Scene};
use super::text::{code, count, sanitize};
use super::work::Work;
use super::{Reply, ReplyKind};
use serde_json::Value;
use std::collections::HashSet;
use trellis_core::{EditOp, Pointer};
use trellis_schema::{Diagnostic, Severity};

/// Most fixes applied in one proposal.
const MAX_FIXES: usize = 64;

const EDIT_VERBS: &[Verb] = &[
    Verb::Add,
    Verb::Remove,
    Verb::Rename,
    Verb::Connect,
    Verb::Disconnect,
    Verb::Set,
    Verb::Enable,
    Verb::Disable,
    Verb::Give,
    Verb::Let,
    Verb::Delegate,
];

/// "deploy's needs are broken, fix them", "temperature is too high on creative, fix it":
/// a fix asked for after saying what is wrong, with no other change in the request — one
/// request, not a statement and then a fix.
pub(crate) fn fix_with_complaint(a: &Analysis) -> bool {
    let edit_verb = a.verbs().iter().any(|(_, v)| EDIT_VERBS.contains(v));
    ((a.has_verb(Verb::Fix) || sort_out(a)) && !edit_verb) || (sensible(a) && a.has(ERROR_WORDS))
}

/// "change them to something sensible", "pick reasonable values": values that fit,
/// which is what the quick fixes give.
fn sensible(a: &Analysis) -> bool {
    a.has(&["sensible", "reasonable", "acceptable", "sane", "allowed"])
        && a.has(&[
            "something",
            "values",
            "value",
            "numbers",
            "them",
            "it",
            "ones",
        ])
}

/// Whether the document has an error.
fn invalid(scene: &Scene) -> bool {
    diagnostics(&scene.schema, &scene.value)
        .is_some_and(|d| d.iter().any(|x| x.severity == Severity::Error))
}

/// "why does it say the names don't exist?": a reference that names nothing.
fn said_missing(a: &Analysis) -> bool {
    a.has(&["exist", "exists"])
        && a.has(&["dont", "don't", "doesnt", "doesn't", "not", "no", "never"])
}

/// "sort them out", "sort out the errors".
fn sort_out(a: &Analysis) -> bool {
    a.has(&["sort"]) && a.has(&["out"])
}

pub(crate) fn respond(a: &Analysis, scene: &Scene) -> Option<Reply> {
    // "what gets skipped when the tests fail?": what depends on them, not their errors.
    if a.question && a.has(&["skipped", "blocked"]) && a.has(&["when", "if"]) {
        return None;
    }
    // "a bike shop called Greenleaf Cycles": a capitalised word inside a sentence is a
    // proper name, not a word about errors.
    let error_words = a.tokens.iter().enumerate().any(|(i, t)| {
        t.is_any(ERROR_WORDS)
            && !(i > 0
                && !a.tokens[i - 1].boundary
                && t.raw.starts_with(|c: char| c.is_uppercase()))
    }) || said_missing(a);
    let fix = a.has_verb(Verb::Fix)
        || (sort_out(a) && (error_words || a.has(&["them", "it", "this", "everything"])))
        || (a.has(&["break", "untangle"])
            && a.has(&["cycle", "cycles", "loop", "loops", "circular"]))
        || (a.has_verb(Verb::Make) && a.has(&["valid", "validate", "pass"]))
        || (a.has(&["clean"]) && a.has(&["up"]) && error_words)
        || (sensible(a) && (error_words || invalid(scene)))
        // "fill in what's missing", "fill in the blanks".
        || (a.has(&["fill"]) && a.has(&["missing", "blanks", "gaps", "required"]));
    let edit_verb = a.verbs().iter().any(|(_, v)| EDIT_VERBS.contains(v));
    if fix {
        // "Correct the temperature to 0.3" is a value to set, not a fix.
        let sets_value = a.numbers().len() == 1 && a.has(&["to", "="]);
        if sets_value && !error_words {
            return None;
        }
        if edit_verb && !error_words && !sensible(a) {
            return None;
        }
        return Some(fix_errors(a, scene, None));
    }
    // "move the openai key into an env variable", "don't hardcode the api key", "read the
    // key from the environment": the pasted secrets replaced by variable references.
    let secret = a.has(&[
        "key",
        "keys",
        "secret",
        "secrets",
        "token",
        "tokens",
        "password",
        "credentials",
    ]);
    let variable = a.has(&[
        "env",
        "environment",
        "variable",
        "variables",
        "var",
        "vars",
        "hardcode",
        "hardcoded",
        "hard-coded",
        "plaintext",
        "pasted",
        "literal",
        "inline",
    ]);
    let acting = !a.question
        || a.tokens
            .first()
            .is_some_and(|t| t.is_any(&["can", "could", "would", "will"]));
    // A variable's name given ("… variable to CLAUDE_KEY") is a value to set.
    let named_variable = a.tokens.iter().any(|t| {
        t.raw.contains("${")
            || (t.raw.len() > 2
                && t.raw.contains('_')
                && t.raw
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
    });
    if secret && variable && acting && !named_variable && !a.has(&["what", "which", "where", "why"])
    {
        return Some(fix_errors(a, scene, Some("secret.literal")));
    }
    // "Is everything OK?", "does this config look right?", "will it work?".
    let fine_question = a.question
        && a.tokens.first().is_some_and(|t| {
            t.is_any(&["is", "are", "does", "do", "will", "would", "should", "can"])
        })
        && a.has(&[
            "ok", "okay", "fine", "alright", "good", "correct", "right", "work", "works", "sane",
            "sound", "healthy",
        ])
        && !a.has(&["how", "what", "which"]);
    if fine_question && !edit_verb {
        return Some(explain(a, scene));
    }
    // "what's missing here?", "is anything missing?": the required values not given.
    if a.question && a.has(&["missing", "lacking", "incomplete", "absent"]) && !edit_verb {
        return Some(explain(a, scene));
    }
    // "node ci …, no lint": a setup without a lint job, not a request to validate.
    let validate_asked = a.verbs().iter().any(|(i, v)| {
        *v == Verb::Validate
            && !(i.saturating_sub(2)..*i)
                .any(|j| a.tokens[j].is_any(&["no", "without", "skip", "drop", "dont", "don't"]))
    });
    if validate_asked && !edit_verb {
        return Some(explain(a, scene));
    }
    if error_words && (!edit_verb || a.question) {
        // "Set the log level to error" is a value, not a question about errors.
        if a.has(&["level"]) && !a.question {
            return None;
        }
        return Some(explain(a, scene));
    }
    None
}

/// The component pointers the request narrows findings to (empty: the whole document).
fn scope(a: &Analysis, scene: &Scene) -> Vec<Pointer> {
    a.mentions
        .iter()
        .filter(|m| m.candidates.len() == 1)
        .map(|m| scene.components[m.candidates[0]].pointer.clone())
        .collect()
}

fn in_scope(d: &Diagnostic, scope: &[Pointer]) -> bool {
    if scope.is_empty() {
        return true;
    }
    let Ok(p) = Pointer::parse(&d.pointer) else {
        return false;
    };
    scope.iter().any(|s| p.starts_with(s))
}

fn at(pointer: &str) -> String {
    code(if pointer.is_empty() { "/" } else { pointer })
}

fn explain(a: &Analysis, scene: &Scene) -> Reply {
    let Some(diags) = diagnostics(&scene.schema, &scene.value) else {
        return Reply::answer(
            ReplyKind::Answer,
            "I could not validate this document (it is too deeply nested to read).",
        );
    };
    let scope = scope(a, scene);
    let shown: Vec<&Diagnostic> = diags.iter().filter(|d| in_scope(d, &scope)).collect();
    let errors: Vec<&&Diagnostic> = shown
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let warnings: Vec<&&Diagnostic> = shown
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .collect();
    let place = if scope.is_empty() {
        "The configuration".to_string()
    } else {
        a.mentions
            .iter()
            .filter(|m| m.candidates.len() == 1)
            .map(|m| scene.label(m.candidates[0]))
            .collect::<Vec<_>>()
            .join(" and ")
    };
    let mut text = String::new();
    if errors.is_empty() {
        let is = if scope.len() > 1 { "are" } else { "is" };
        text.push_str(&format!("{place} {is} valid: no errors"));
        if warnings.is_empty() {
            text.push('.');
        } else {
            text.push_str(&format!(
                ", but {}:\n",
                count(warnings.len(), "warning", "warnings")
            ));
            for d in warnings.iter().take(12) {
                text.push_str(&line(d));
            }
        }
        return Reply::answer(ReplyKind::Answer, text.trim_end().to_string());
    }
    text.push_str(&format!(
        "{place} {} {}{}:\n",
        if scope.len() > 1 { "have" } else { "has" },
        count(errors.len(), "error", "errors"),
        if warnings.is_empty() {
            String::new()
        } else {
            format!(" and {}", count(warnings.len(), "warning", "warnings"))
        }
    ));
    for d in errors.iter().take(20) {
        text.push_str(&line(d));
        if d.fixes.is_empty() {
            if let Some(hint) = hint(d, scene) {
                text.push_str(&format!("  {hint}\n"));
            }
        }
    }
    if errors.len() > 20 {
        text.push_str(&format!("- … and {} more\n", errors.len() - 20));
    }
    for d in warnings.iter().take(8) {
        text.push_str(&line(d));
    }
    let fixable = errors.iter().filter(|d| !d.fixes.is_empty()).count();
    if fixable > 0 {
        text.push_str(&format!(
            "\n{} a quick fix: say \"fix the errors\" and I will propose {}.",
            if fixable == 1 {
                "1 error has".to_string()
            } else {
                format!("{fixable} errors have")
            },
            if fixable == 1 { "it" } else { "them" }
        ));
    }
    Reply::answer(ReplyKind::Answer, text.trim_end().to_string())
}

fn line(d: &Diagnostic) -> String {
    let mut s = format!(
        "- {} at {}: {}",
        d.severity.as_str(),
        at(&d.pointer),
        sanitize(&d.message)
    );
    if let Some(c) = &d.context {
        s.push_str(&format!(" ({})", sanitize(c)));
    }
    if let Some(f) = d.fixes.first() {
        s.push_str(&format!(" — quick fix: {}", sanitize(&f.title)));
    }
    s.push('\n');
    s
}

/// What to do about an error without a quick fix.
fn hint(d: &Diagnostic, scene: &Scene) -> Option<String> {
    match d.code.as_str() {
        "ref.dangling" => {
            let p = Pointer::parse(&d.pointer).ok()?;
            let now = scene;
            let field = now.model.references.iter().find(|r| r.pointer == p)?;
            let names: Vec<String> = now
                .components
                .iter()
                .filter(|c| field.to.contains(&c.kind))
                .map(|c| code(&c.name))
                .take(8)
                .collect();
            Some(if names.is_empty() {
                format!(
                    "There is no {} yet: add one, or remove the reference.",
                    field.to.join(" or ")
                )
            } else {
                format!(
                    "Name an existing {} ({}), add one with that name, or remove the reference.",
                    field.to.join(" or "),
                    names.join(", ")
                )
            })
        }
        "ref.cycle" => Some("Remove one of the references on the cycle.".into()),
        _ => None,
    }
}

fn key(d: &Diagnostic) -> (String, String, String) {
    (d.code.clone(), d.pointer.clone(), d.message.clone())
}

fn fix_errors(a: &Analysis, scene: &Scene, only: Option<&str>) -> Reply {
    let warnings_too = only.is_some()
        || a.has(&[
            "warning",
            "warnings",
            "everything",
            "all",
            "problems",
            "issues",
        ]) && !a.has(&["errors", "error"]);
    let scope = scope(a, scene);
    // Which reference of a cycle goes is a choice: made only when the cycle is asked about.
    let cycles = a.has(&["cycle", "cycles", "loop", "loops", "circular"]);
    let mut work = Work::new(scene);
    let mut tried: HashSet<(String, String, String)> = HashSet::new();
    for _ in 0..MAX_FIXES {
        let Some(diags) = diagnostics(&scene.schema, &work.value) else {
            break;
        };
        let mut applied = false;
        let candidates: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| {
                in_scope(d, &scope)
                    && only.is_none_or(|code| d.code == code)
                    && (d.severity == Severity::Error
                        || (warnings_too && d.severity == Severity::Warning))
                    && !tried.contains(&key(d))
            })
            .collect();
        for d in candidates {
            tried.insert(key(d));
            let now_keys: Vec<(String, String, String)> = diags
                .iter()
                .filter(|x| x.severity == Severity::Error)
                .map(key)
                .collect();
            for (title, edits) in fixes_for(d, &work, cycles) {
                let mut copy = work.value.clone();
                if apply_all(&mut copy, &edits).is_err() {
                    continue;
                }
                let Some(after) = diagnostics(&scene.schema, &copy) else {
                    continue;
                };
                let gone = !after.iter().any(|x| key(x) == key(d));
                // A fix must not bring an error of its own.
                let adds = after
                    .iter()
                    .filter(|x| x.severity == Severity::Error)
                    .any(|x| !now_keys.contains(&key(x)));
                if !gone || adds {
                    continue;
                }
                if work.apply(edits).is_ok() {
                    work.done
                        .push(format!("{}: {}", at(&d.pointer), sanitize(&title)));
                    applied = true;
                    break;
                }
            }
            if applied {
                break;
            }
        }
        if !applied {
            break;
        }
    }
    let remaining: Vec<Diagnostic> = diagnostics(&scene.schema, &work.value)
        .unwrap_or_default()
        .into_iter()
        .filter(|d| d.severity == Severity::Error && in_scope(d, &scope))
        .collect();
    if work.edits.is_empty() {
        let before = diagnostics(&scene.schema, &scene.value).unwrap_or_default();
        let errors: Vec<&Diagnostic> = before
            .iter()
            .filter(|d| d.severity == Severity::Error && in_scope(d, &scope))
            .collect();
        if only == Some("secret.literal") {
            return Reply::answer(
                ReplyKind::Answer,
                "No secret is written in the file: every one is read from a variable already. I changed nothing.",
            );
        }
        if errors.is_empty() {
            return Reply::answer(
                ReplyKind::Answer,
                "There are no errors to fix: the configuration validates.",
            );
        }
        let mut text = format!(
            "None of the {} has a fix I can apply safely, so I changed nothing:\n",
            count(errors.len(), "error", "errors")
        );
        for d in errors.iter().take(12) {
            text.push_str(&line(d));
            if let Some(h) = hint(d, scene) {
                text.push_str(&format!("  {h}\n"));
            }
        }
        return Reply::answer(ReplyKind::Refused, text.trim_end().to_string());
    }
    if !remaining.is_empty() {
        let mut note = format!(
            "Still to do by hand ({}):\n",
            count(remaining.len(), "error", "errors")
        );
        let now = work.scene_now();
        for d in remaining.iter().take(8) {
            note.push_str(&line(d));
            if let Some(h) = hint(d, &now) {
                note.push_str(&format!("  {h}\n"));
            }
        }
        work.notes.push(note.trim_end().to_string());
    }
    let n = work.done.len();
    work.finish(&format!(
        "I propose {} to fix the validation {}:",
        count(n, "change", "changes"),
        if warnings_too { "problems" } else { "errors" }
    ))
}

/// The fixes of a finding, best first: its quick fix, then what the schema makes
/// certain — a value written with the wrong type converted, a number out of range
/// brought to the nearest bound, a required field filled as the designer fills a new
/// component of that kind, a required reference that only one component can fill, and
/// (`cycles`: the request asks about the cycle) the reference that closes a cycle.
fn fixes_for(d: &Diagnostic, work: &Work<'_>, cycles: bool) -> Vec<(String, Vec<EditOp>)> {
    let mut out: Vec<(String, Vec<EditOp>)> = d
        .fixes
        .iter()
        .map(|f| (f.title.clone(), f.edits.clone()))
        .collect();
    let Ok(pointer) = Pointer::parse(&d.pointer) else {
        return out;
    };
    let set =
        |title: String, path: Pointer, value: Value| (title, vec![EditOp::Set { path, value }]);
    match d.code.as_str() {
        "schema.type" => {
            let Some(v) = lookup(&work.value, &pointer) else {
                return out;
            };
            let expected = d.message.split(", found").next().unwrap_or("");
            let converted = match v {
                Value::Number(n) if expected.contains("string") => {
                    Some(Value::String(n.to_string()))
                }
                Value::Bool(b) if expected.contains("string") => Some(Value::String(b.to_string())),
                Value::String(t) if expected.contains("integer") => {
                    t.trim().parse::<i64>().ok().map(Value::from)
                }
                Value::String(t) if expected.contains("number") => {
                    t.trim().parse::<f64>().ok().map(super::text::json_number)
                }
                Value::String(t) if expected.contains("boolean") => {
                    super::text::parse_bool(&t.trim().to_lowercase()).map(Value::Bool)
                }
                _ => None,
            };
            if let Some(c) = converted {
                out.push(set(format!("Write it as `{c}`"), pointer, c));
            }
        }
        "schema.minimum" | "schema.maximum" => {
            let Some((parent, key)) = pointer.split_last() else {
                return out;
            };
            let scene = work.scene_now();
            let fields = scene.fields_at(&work.value, &parent);
            let Some(field) = fields.iter().find(|f| f.key == key) else {
                return out;
            };
            if let trellis_schema::Input::Number {
                minimum,
                maximum,
                integer,
                ..
            } = &field.input
            {
                let bound = if d.code == "schema.minimum" {
                    *minimum
                } else {
                    *maximum
                };
                if let Some(b) = bound {
                    let b = if *integer { b.round() } else { b };
                    let which = if d.code == "schema.minimum" {
                        "minimum"
                    } else {
                        "maximum"
                    };
                    out.push(set(
                        format!("Set it to {b}, the {which}"),
                        pointer.clone(),
                        super::text::json_number(b),
                    ));
                }
            }
        }
        "schema.required" => {
            let Some(property) = d.message.split('`').nth(1).map(str::to_string) else {
                return out;
            };
            let scene = work.scene_now();
            // A component: fill the field as a new component of its kind and variant
            // would have it.
            if let Some(c) = scene.components.iter().find(|c| c.pointer == pointer) {
                let design = work.design();
                if let Ok(probe) = design.new_component(&c.kind, c.variant.as_deref(), None) {
                    if let Some(v) = probe.value.get(&property) {
                        let is_ref = scene
                            .kind(&c.kind)
                            .and_then(|k| k.field(&property))
                            .is_some_and(|f| f.reference().is_some());
                        if !is_ref {
                            out.push(set(
                                format!("Add `{property}: {}`, a placeholder to replace", short(v)),
                                pointer.join(property.clone()),
                                v.clone(),
                            ));
                        }
                    }
                }
            }
            let fields = scene.fields_at(&work.value, &pointer);
            if let Some(field) = fields.iter().find(|f| f.key == property) {
                if let Some((kinds, multiple)) = field.reference() {
                    let targets: Vec<&str> = scene
                        .components
                        .iter()
                        .filter(|c| kinds.contains(&c.kind))
                        .map(|c| c.name.as_str())
                        .collect();
                    if targets.len() == 1 {
                        let name = Value::String(targets[0].to_string());
                        let value = if multiple {
                            Value::Array(vec![name])
                        } else {
                            name
                        };
                        out.push(set(
                            format!(
                                "Set `{property}` to `{}`, the only {}",
                                targets[0],
                                kinds.join(" or ")
                            ),
                            pointer.join(property.clone()),
                            value,
                        ));
                    }
                }
            }
        }
        "ref.dangling" => {
            if let Some(fix) = drop_dangling_item(&pointer, work) {
                out.push(fix);
            }
        }
        // A cycle of references: the one that points back, to a component written
        // earlier than the one holding it (a planner delegating to a reviewer that
        // delegates back to the planner loses the reviewer's reference), is taken out.
        "ref.cycle" if cycles => {
            let scene = work.scene_now();
            let Some(Value::String(target)) = lookup(&work.value, &pointer) else {
                return out;
            };
            let Some(holder) = scene.holder(&pointer) else {
                return out;
            };
            let kind = &scene.components[holder].kind;
            let Some(to) = scene
                .components
                .iter()
                .position(|c| &c.kind == kind && &c.name == target)
            else {
                return out;
            };
            if to <= holder {
                out.push((
                    format!("Remove the reference to `{target}`, which closes the cycle"),
                    vec![EditOp::Remove { path: pointer }],
                ));
            }
        }
        _ => {}
    }
    // An empty string satisfies "required" but says nothing: placeholders that show what
    // belongs there come first.
    out.sort_by_key(|(_, edits)| {
        edits
            .iter()
            .any(|e| matches!(e, EditOp::Set { value: Value::String(s), .. } if s.is_empty()))
    });
    out
}

/// A list item naming nothing ("needs: [build, lint]" with no `lint`, "processors:
/// [batch/2, batch]"), when the list already names every component it could name: the
/// item is taken out, as nothing else can be meant.
fn drop_dangling_item(pointer: &Pointer, work: &Work<'_>) -> Option<(String, Vec<EditOp>)> {
    let (list_at, index) = pointer.split_last()?;
    index.parse::<usize>().ok()?;
    let (holder, key) = list_at.split_last()?;
    let list = lookup(&work.value, &list_at)?.as_array()?;
    let item = list
        .get(index.parse::<usize>().ok()?)?
        .as_str()?
        .to_string();
    let scene = work.scene_now();
    let fields = scene.fields_at(&work.value, &holder);
    let field = fields.iter().find(|f| f.key == key)?;
    let (kinds, _) = field.reference()?;
    let owner = scene
        .holder(&holder)
        .map(|i| scene.components[i].pointer.clone());
    let candidates: Vec<&str> = scene
        .components
        .iter()
        .filter(|c| kinds.contains(&c.kind) && Some(&c.pointer) != owner.as_ref())
        .map(|c| c.name.as_str())
        .collect();
    let all_named = !candidates.is_empty()
        && candidates
            .iter()
            .all(|c| list.iter().any(|v| v.as_str() == Some(c)));
    all_named.then(|| {
        (
            format!(
                "Remove `{item}`: the list already names every {} there is",
                kinds.join(" and ")
            ),
            vec![EditOp::Remove {
                path: pointer.clone(),
            }],
        )
    })
}

fn short(v: &Value) -> String {
    let s = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if s.chars().count() > 40 {
        s.chars().take(39).collect::<String>() + "…"
    } else {
        s
    }
}
