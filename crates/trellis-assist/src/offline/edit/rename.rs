//! Renaming a component, and putting one component in another's place.

use super::*;

pub(super) fn rename(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let first = a.first_verb();
    let by_verb = first.is_some_and(|(_, v)| v == Verb::Rename);
    let call = a
        .tokens
        .first()
        .is_some_and(|t| t.is_any(&["call", "name"]))
        && a.mentions.first().is_some_and(|m| m.start <= 3);
    let name_word = a.find(&["name"], 0);
    let change_name =
        first.is_some_and(|(_, v)| v == Verb::Set) && name_word.is_some() && a.has(&["to", "as"]);
    if !(by_verb || call || change_name) {
        return None;
    }
    let all = refs(a, scene);
    let marker = (0..a.len())
        .rev()
        .find(|&i| a.tokens[i].is_any(&["to", "as", "into"]) && i + 1 < a.len());
    let (target_ref, new_start) = if call && marker.is_none() {
        let r = all.first()?.clone();
        let start = r.end;
        (r, start)
    } else {
        let m = marker?;
        let found = refs_in(&all, 0, m)
            .into_iter()
            .find(|r| !matches!(r.target, Target::New(_)));
        let Some(r) = found else {
            // "rename the project to helpdesk": the document's own name.
            return rename_document(a, scene, m);
        };
        (r, m + 1)
    };
    let target_ref = narrow(&target_ref, |_| true);
    // "Change the smart model's name to gpt-4.1": a model has a `name` field, which is
    // meant rather than its key.
    if change_name && !by_verb {
        if let Target::Existing(i) = target_ref.target {
            let kind = scene.kind(&scene.components[i].kind);
            if kind.is_some_and(|k| k.field("name").is_some()) {
                return None;
            }
            // "set knowledge's collection name to handbook": the name a field holds.
            let field_before = name_word
                .and_then(|n| n.checked_sub(1))
                .filter(|&p| a.uses[p] == Use::Free)
                .is_some_and(|p| {
                    let w = a.tokens[p].stem();
                    scene
                        .fields_of(i)
                        .iter()
                        .any(|f| f.key != "name" && f.stems.contains(&w))
                });
            if field_before {
                return None;
            }
        }
    }
    let i = match existing(scene, a, &target_ref) {
        Ok(i) => i,
        Err(reply) => return Some(reply),
    };
    let rest: Vec<Token> = a.tokens[new_start.min(a.len())..]
        .iter()
        .filter(|t| !t.is_any(&["please", "instead"]))
        .cloned()
        .collect();
    let rest: Vec<Token> =
        if rest.first().is_some_and(|t| t.is_any(&["the", "a"])) && rest.len() > 1 {
            rest[1..].to_vec()
        } else {
            rest
        };
    // "rename papers to library and keep everything pointing at it": the new name ends
    // where the rest of the sentence starts (references follow the rename anyway).
    let rest: Vec<Token> = match rest.iter().skip(1).position(|t| {
        t.is_any(&[
            "and", "then", "but", "so", "while", "keeping", "keep", "making", "make",
        ]) || lexicon::verb(&t.word).is_some()
    }) {
        Some(p) => rest[..p + 1].to_vec(),
        None => rest,
    };
    let rest: Vec<Token> = match rest.iter().position(|t| t.boundary) {
        Some(p) => rest[..p + 1].to_vec(),
        None => rest,
    };
    if rest.is_empty() {
        return Some(Reply::answer(
            ReplyKind::Clarify,
            format!(
                "What should the {} be called? Say e.g. \"rename {} to new_name\".",
                scene.label(i),
                scene.components[i].name
            ),
        ));
    }
    let new_name = if rest[0].quoted {
        rest[0].raw.clone()
    } else {
        join_name(&rest, Some(scene))
    };
    let c = &scene.components[i];
    let mut work = Work::new(scene);
    let renamed = work.design().rename(&c.pointer, &new_name);
    match renamed {
        Ok(r) => {
            let updated = r.updated.len();
            if let Err(e) = work.apply(r.edits) {
                return Some(could_not("", &e));
            }
            work.done.push(format!(
                "renamed the {} to {}{}",
                scene.label(i),
                code(&new_name),
                if updated > 0 {
                    format!(
                        ", and updated {}",
                        crate::offline::text::count(updated, "reference", "references")
                    )
                } else {
                    String::new()
                }
            ));
            for n in r.notes {
                work.notes.push(crate::offline::text::sanitize(&n));
            }
            Some(work.finish(&format!("I propose renaming the {}:", scene.label(i))))
        }
        Err(e) => Some(could_not(
            &format!(
                "I cannot rename the {} to {}.",
                scene.label(i),
                code(&new_name)
            ),
            &design_error(&e),
        )),
    }
}

/// "replace the writer model with gpt-4o-mini", "swap arxiv for web search": everything
/// that refers to the first component refers to the second instead.
pub(super) fn replace(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let (verb_at, _) = a.first_verb()?;
    if !a.tokens[verb_at].is_any(&["replace", "swap", "substitute", "exchange", "switch"]) {
        return None;
    }
    let split = a.find(&["with", "for", "by"], verb_at + 1)?;
    let all = refs(a, scene);
    let old = refs_in(&all, verb_at + 1, split)
        .into_iter()
        .find(|r| !matches!(r.target, Target::New(_)))?;
    let new = refs_in(&all, split + 1, a.len()).into_iter().next()?;
    // The old one: of a kind the new one can stand in for.
    let new_kind = new.kind(scene).map(str::to_string);
    let old = narrow(&old, |i| Some(scene.components[i].kind.clone()) == new_kind);
    let old_i = match existing(scene, a, &old) {
        Ok(i) => i,
        Err(reply) => return Some(reply),
    };
    let kind = scene.components[old_i].kind.clone();
    let new = narrow(&new, |i| scene.components[i].kind == kind);
    if new.kind(scene) != Some(kind.as_str()) {
        return None;
    }
    // "replace llama3 with llama3.1": a model named by the identifier it serves gets the new
    // one in place, keeping its settings (and moving to a provider that serves it).
    if let Target::New(_) = &new.target {
        let old_text = a.raw(old.start, old.end);
        let new_text = a.raw(new.start, new.end);
        let serves = scene
            .value_of(old_i)
            .and_then(|v| v.get("name"))
            .and_then(Value::as_str)
            .is_some_and(|id| name_key(id) == name_key(&old_text));
        if kind == "model"
            && serves
            && lexicon::model_family(&new_text).is_some()
            && name_key(&scene.components[old_i].name) != name_key(&old_text)
        {
            let text = format!(
                "set the name of the {} model to {new_text}",
                scene.components[old_i].name
            );
            return super::set::set(&Analysis::new(&text, scene, &[]), scene);
        }
    }
    let headline = format!(
        "I propose using {} instead of the {}:",
        a.raw(new.start, new.end),
        scene.label(old_i)
    );
    let mut work = Work::new(scene);
    let target = match &new.target {
        Target::Ambiguous(c) => return Some(clarify(scene, &a.raw(new.start, new.end), c)),
        Target::Missing { text, kind } => return Some(missing(scene, text, kind.as_deref())),
        t => match ensure(&mut work, t) {
            Ok(p) => p,
            Err(e) => return Some(could_not(&headline, &e)),
        },
    };
    let old_c = &scene.components[old_i];
    if target == old_c.pointer {
        return Some(Reply::answer(
            ReplyKind::Answer,
            "That is the same component; nothing changes.",
        ));
    }
    let new_name = target.tokens().last().cloned().unwrap_or_default();
    let referrers = match work.design().referrers(&old_c.pointer) {
        Ok(r) => r,
        Err(e) => return Some(could_not(&headline, &design_error(&e))),
    };
    if referrers.is_empty() {
        return Some(Reply::answer(
            ReplyKind::Answer,
            format!(
                "Nothing refers to the {}, so there is nothing to replace. I changed nothing.",
                scene.label(old_i)
            ),
        ));
    }
    // Later list items first, so earlier pointers stay valid.
    let mut edits: Vec<EditOp> = Vec::new();
    for r in referrers.iter().rev() {
        let holder = lookup(&work.value, &r.field);
        let has_new = match holder {
            Some(Value::Array(items)) => {
                items.iter().any(|x| x.as_str() == Some(new_name.as_str()))
            }
            Some(Value::Object(m)) => m.contains_key(&new_name),
            _ => false,
        };
        if r.is_key {
            if has_new {
                edits.push(EditOp::Remove {
                    path: r.pointer.clone(),
                });
            } else {
                edits.push(EditOp::Rename {
                    path: r.pointer.clone(),
                    new_key: new_name.clone(),
                });
            }
            continue;
        }
        match lookup(&work.value, &r.pointer).and_then(Value::as_str) {
            Some(t) if t == old_c.name => {
                if has_new && r.pointer != r.field {
                    edits.push(EditOp::Remove {
                        path: r.pointer.clone(),
                    });
                } else {
                    edits.push(EditOp::Set {
                        path: r.pointer.clone(),
                        value: Value::String(new_name.clone()),
                    });
                }
            }
            _ => {
                return Some(could_not(
                    &headline,
                    &format!(
                        "the reference at {} is written in a form I cannot rewrite",
                        code(&r.pointer.to_string())
                    ),
                ))
            }
        }
    }
    if let Err(e) = work.apply(edits) {
        return Some(could_not(&headline, &e));
    }
    let users: Vec<String> = referrers
        .iter()
        .filter_map(|r| r.from.as_ref())
        .map(|c| format!("{} {}", c.kind, code(&c.name)))
        .collect();
    work.done.push(format!(
        "{} now {} {} instead of {}",
        join_and(&users),
        if users.len() == 1 { "uses" } else { "use" },
        code(&new_name),
        code(&old_c.name)
    ));
    work.notes.push(format!(
        "The {} stays; say \"remove the {} {}\" if it is no longer needed.",
        scene.label(old_i),
        old_c.name,
        old_c.kind
    ));
    Some(work.finish(&headline))
}

/// "rename the project to helpdesk", "rename the stack to deep-research": the top-level
/// `name` field, when the words before "to" name the whole configuration and nothing else.
fn rename_document(a: &Analysis, scene: &Scene, marker: usize) -> Option<Reply> {
    let (verb_at, _) = a.first_verb()?;
    let object: Vec<&Token> = a
        .tokens
        .get(verb_at + 1..marker)?
        .iter()
        .filter(|t| !t.is_any(FILLER) || t.is_any(lexicon::SETUP_NOUNS))
        .collect();
    let whole = !object.is_empty()
        && object.iter().all(|t| {
            t.is_any(lexicon::SETUP_NOUNS)
                || t.is_any(&[
                    "document", "file", "workflow", "whole", "entire", "this", "it",
                ])
        });
    if !whole {
        return None;
    }
    let root_fields = scene.fields_at(&scene.value, &Pointer::root());
    let field = root_fields.iter().find(|f| f.key == "name")?;
    let rest: Vec<Token> = a.tokens[marker + 1..]
        .iter()
        .filter(|t| !t.is_any(&["please", "instead"]))
        .cloned()
        .collect();
    if rest.is_empty() {
        return None;
    }
    let new_name = if rest[0].quoted {
        rest[0].raw.clone()
    } else {
        rest.iter()
            .map(|t| t.raw.clone())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let pointer = Pointer::root().join("name".to_string());
    let current = lookup(&scene.value, &pointer).cloned();
    if current.as_ref().and_then(Value::as_str) == Some(new_name.as_str()) {
        return Some(Reply::answer(
            ReplyKind::Answer,
            format!(
                "The {} is already {}; I changed nothing.",
                field.label(),
                code(&new_name)
            ),
        ));
    }
    let mut work = Work::new(scene);
    if let Err(e) = work.apply(vec![EditOp::Set {
        path: pointer,
        value: Value::String(new_name.clone()),
    }]) {
        return Some(could_not("", &e));
    }
    let was = current
        .as_ref()
        .and_then(Value::as_str)
        .map(|c| format!(" (was {})", code(c)))
        .unwrap_or_default();
    work.done.push(format!(
        "{} of the document: {}{was}",
        field.title,
        code(&new_name)
    ));
    Some(work.finish(&format!("I propose setting the {}:", field.label())))
}

/// A new name said without "rename … to": "i'd like the smart model to be called deep",
/// "can we call it smalltalk instead?", "the exporter called otlp/tempo instead of
/// otlp/backend", "name it otlp/tempo". The component is the one "instead of" names, else
/// the one other name the request says; read as "rename the X to NEW", when no other
/// reading made a change.
pub(crate) fn said_rename(a: &Analysis, scene: &Scene, said: &str) -> Option<Reply> {
    let n = a.len();
    let word = |i: usize, w: &[&str]| a.tokens.get(i).is_some_and(|t| !t.quoted && t.is_any(w));
    let raw = |i: usize, w: &[&str]| {
        a.tokens
            .get(i)
            .is_some_and(|t| !t.quoted && w.contains(&t.norm.as_str()))
    };
    // Where the new name is: after "call it", "be called", else after "called" in a
    // wish or with "instead".
    let after = |i: usize| if word(i, &["to", "as"]) { i + 1 } else { i };
    let said_new = (0..n).find_map(|i| {
        if raw(i, &["call", "name", "rename"]) && word(i + 1, &["it", "this", "that", "them"]) {
            return Some(after(i + 2));
        }
        if raw(i, &["be", "was", "were", "get", "gets"])
            && raw(i + 1, &["called", "named", "renamed"])
        {
            return Some(after(i + 2));
        }
        None
    });
    let new_at = said_new.or_else(|| {
        let wished = a.first_verb().is_some_and(|(_, v)| v == Verb::Make)
            || (0..n).any(|j| raw(j, &["like", "prefer", "rather", "want"]));
        let instead = (0..n).any(|j| raw(j, &["instead"]));
        (1..n)
            .rev()
            .find(|&i| raw(i, &["called", "named"]))
            .filter(|_| wished || instead)
            .map(|i| i + 1)
    })?;
    let new = a.tokens.get(new_at)?;
    if new.raw.is_empty() || raw(new_at, &["the", "a", "an", "something"]) {
        return None;
    }
    let new_name = new.raw.trim_end_matches(['.', ',', '?', '!']).to_string();
    crate::offline::trace(|| {
        let m: Vec<(&str, &[usize])> = a
            .mentions
            .iter()
            .map(|m| (m.text.as_str(), m.candidates.as_slice()))
            .collect();
        format!("rename: new name {new_name}, mentions {m:?}")
    });
    // The component: "instead of OLD", else the one other component named.
    // (Read in the request as written: the rewrites drop "instead of …".)
    let written = crate::offline::text::tokenize(said);
    let instead = (0..written.len().saturating_sub(2))
        .find(|&i| written[i].norm == "instead" && written[i + 1].norm == "of")
        .and_then(|i| scene.one_named(&written[i + 2].norm));
    let old = match instead {
        Some(c) => c,
        None => {
            let mut named: Vec<usize> = Vec::new();
            // A name several components share, told apart by a kind word ("the agent
            // named chat").
            let kinds: Vec<&str> = a.kinds.iter().map(|k| k.kind.as_str()).collect();
            for m in a
                .mentions
                .iter()
                .filter(|m| !(m.start..m.end).contains(&new_at))
            {
                let of_kind: Vec<usize> = m
                    .candidates
                    .iter()
                    .copied()
                    .filter(|&c| kinds.contains(&scene.components[c].kind.as_str()))
                    .collect();
                match (m.candidates.as_slice(), of_kind.as_slice()) {
                    ([c], _) | (_, [c]) => named.push(*c),
                    _ => return None,
                }
            }
            for (i, t) in a.tokens.iter().enumerate() {
                if i == new_at || t.quoted {
                    continue;
                }
                named.extend(scene.one_named(&t.norm));
            }
            named.sort_unstable();
            named.dedup();
            let [one] = named.as_slice() else {
                return None;
            };
            *one
        }
    };
    let c = &scene.components[old];
    if name_key(&c.name) == name_key(&new_name) {
        return None;
    }
    let order = format!(
        "rename the \"{}\" {} to {}",
        c.name.replace('"', "'"),
        c.kind,
        new_name
    );
    crate::offline::trace(|| format!("rename: read as {order}"));
    let order = Analysis::new(&order, scene, &[]);
    rename(&order, scene).filter(|r| r.kind == ReplyKind::Proposal)
}
