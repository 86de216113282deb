//! References between existing (or new) components.

use super::*;

/// "let the writer use the web search tool", "make planner delegate to writer",
/// "use gpt-4o for the writer", "connect the researcher to the notes memory",
/// "make api depend on cache".
pub(super) fn connect(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let all: Vec<Ref> = refs(a, scene);
    // "have the planner delegate to nobody": the field the words name, emptied.
    if a.has(NONE_WORDS) && all.len() == 1 {
        if let Target::Existing(s) = all[0].target {
            let kind = scene.components[s].kind.clone();
            let fields: Vec<&FieldInfo> = scene
                .kind(&kind)
                .map(|k| {
                    k.fields
                        .iter()
                        .filter(|f| f.reference().is_some())
                        .collect()
                })
                .unwrap_or_default();
            let hit: Vec<&&FieldInfo> = fields.iter().filter(|f| hinted(a, &[**f])).collect();
            if let [f] = hit.as_slice() {
                return Some(clear_field(scene, s, f));
            }
        }
    }
    if all.len() < 2 && all_of_kinds(a, scene, 0, a.len()).is_empty() {
        if let Some((text, kind)) = unknown_name(a) {
            return Some(missing(scene, &text, Some(&kind)));
        }
        if all.len() == 1
            && a.verbs().iter().any(|(_, v)| {
                matches!(
                    v,
                    Verb::Connect
                        | Verb::Use
                        | Verb::Give
                        | Verb::Let
                        | Verb::Delegate
                        | Verb::Depend
                )
            })
        {
            return Some(Reply::answer(
                ReplyKind::Clarify,
                format!(
                    "What should {} be connected with? Name both, e.g. \"let the writer use the arxiv tool\". I changed nothing.",
                    code(&a.raw(all[0].start, all[0].end))
                ),
            ));
        }
        return None;
    }
    let verbs = a.verbs();
    let first = verbs.first().map(|(_, v)| *v);
    // Who refers (sources) and what is referred to (items), by the shape of the request.
    let (sources, items, symmetric): (Vec<Ref>, Vec<Ref>, bool) = match first {
        Some(Verb::Use) if verbs[0].0 <= 1 => {
            // "use B for A"
            let split = a.find(&["for", "in", "with", "on", "by"], verbs[0].0 + 1)?;
            (
                all.iter().filter(|r| r.start > split).cloned().collect(),
                all.iter().filter(|r| r.start < split).cloned().collect(),
                false,
            )
        }
        Some(Verb::Connect | Verb::Set) | None
            if !verbs.is_empty() || a.has(&["to", "with", "onto", "into"]) =>
        {
            // "connect A to B", "switch A to B", "attach B to A".
            // "connect web and db to internal": a "to" splits before an "and" does, so
            // both web and db join internal.
            let from = verbs.first().map_or(0, |v| v.0 + 1);
            let split = a
                .find(&["to", "with", "onto", "into", "at"], from)
                .filter(|&s| all.iter().any(|r| r.start < s) && all.iter().any(|r| r.start > s))
                .or_else(|| a.find(&["and"], from))?;
            let left: Vec<Ref> = all.iter().filter(|r| r.start < split).cloned().collect();
            let right: Vec<Ref> = all.iter().filter(|r| r.start > split).cloned().collect();
            let assign = verbs
                .first()
                .is_some_and(|(i, _)| a.tokens[*i].is_any(&["attach", "assign", "bind", "plug"]));
            if assign {
                (right, left, true)
            } else {
                (left, right, true)
            }
        }
        _ => {
            // "let A use B", "make A delegate to B", "give A B", "A should use B".
            let in_ref = |i: usize| all.iter().any(|r| r.start <= i && i < r.end);
            let pivot = verbs
                .iter()
                .find(|(i, v)| {
                    matches!(v, Verb::Use | Verb::Delegate | Verb::Depend) && !in_ref(*i)
                })
                .map(|(i, _)| *i)
                .or_else(|| {
                    (0..a.len()).find(|&i| {
                        a.tokens[i].is_any(&["access", "call", "hand", "reach", "talk"])
                            && !in_ref(i)
                    })
                });
            // "give every agent web search": the receivers are "every agent".
            let kinds_first = a
                .kinds
                .iter()
                .find(|k| k.all || k.plural)
                .is_some_and(|k| all.first().is_none_or(|r| k.at < r.start));
            match pivot {
                _ if kinds_first && pivot.is_none() => (Vec::new(), all.clone(), false),
                Some(p) => (
                    all.iter().filter(|r| r.start < p).cloned().collect(),
                    all.iter().filter(|r| r.start > p).cloned().collect(),
                    false,
                ),
                None => {
                    // "give the writer and the planner the arxiv tool": the first run of
                    // names joined by "and" receives the rest.
                    let mut n = 1;
                    while n < all.len()
                        && (all[n - 1].end..all[n].start)
                            .all(|i| a.tokens[i].is_any(&["and", "or", "the", "a", "an", "both"]))
                        && (all[n - 1].end..all[n].start)
                            .any(|i| a.tokens[i].is_any(&["and", "or"]))
                    {
                        n += 1;
                    }
                    if n == all.len() {
                        n = 1;
                    }
                    (
                        all.iter().take(n).cloned().collect(),
                        all.iter().skip(n).cloned().collect(),
                        false,
                    )
                }
            }
        }
    };
    let mut sources = sources;
    let mut items = items;
    let mut source_all: Vec<usize> = Vec::new();
    if sources.is_empty() {
        source_all = all_of_kinds(a, scene, 0, a.len());
        if source_all.is_empty() {
            return None;
        }
    }
    if items.is_empty() {
        return None;
    }
    // Orientation: sources must have a field for the items' kind; try the other way
    // round when the words allow it.
    let can = |src: &[Ref], its: &[Ref]| -> bool {
        src.iter().all(|s| {
            its.iter().all(|i| {
                let ik = i.kind(scene).unwrap_or("");
                match &s.target {
                    Target::Ambiguous(c) => c
                        .iter()
                        .any(|&x| !ref_fields(scene, &scene.components[x].kind, ik).is_empty()),
                    _ => s
                        .kind(scene)
                        .is_some_and(|sk| !ref_fields(scene, sk, ik).is_empty()),
                }
            })
        })
    };
    if !sources.is_empty() && !can(&sources, &items) && symmetric && can(&items, &sources) {
        std::mem::swap(&mut sources, &mut items);
    }
    let mut work = Work::new(scene);
    let headline = "I propose connecting these components:";
    let mut source_ids: Vec<usize> = source_all;
    for s in &sources {
        let s = narrow(s, |x| {
            items.iter().any(|i| {
                !ref_fields(
                    scene,
                    &scene.components[x].kind,
                    i.kind(scene).unwrap_or(""),
                )
                .is_empty()
            })
        });
        match existing(scene, a, &s) {
            Ok(i) => source_ids.push(i),
            Err(reply) => return Some(reply),
        }
    }
    let only = a.has(&["only", "exclusively", "just"]);
    let mut exclusive: Vec<(Pointer, Pointer)> = Vec::new();
    for item in &items {
        let item_kind = item.kind(scene).unwrap_or("").to_string();
        // Through a field the words point at first ("delegate to the writer").
        let item = narrow(item, |x| {
            source_ids.iter().any(|&s| {
                hinted(
                    a,
                    &ref_fields(scene, &scene.components[s].kind, &scene.components[x].kind),
                )
            })
        });
        let item = narrow(&item, |x| {
            source_ids.iter().any(|&s| {
                !ref_fields(scene, &scene.components[s].kind, &scene.components[x].kind).is_empty()
            })
        });
        let mut item = item;
        let mut item_kind = match &item.target {
            Target::Existing(i) => scene.components[*i].kind.clone(),
            _ => item_kind,
        };
        // "use claude for the planner": an agent cannot name a provider, but it can name
        // the model that provider serves.
        if let (Target::Existing(i), Some(&s)) = (&item.target, source_ids.first()) {
            let source_kind = scene.components[s].kind.clone();
            if ref_fields(scene, &source_kind, &item_kind).is_empty() {
                let via: Vec<usize> = (0..scene.components.len())
                    .filter(|&v| {
                        !ref_fields(scene, &source_kind, &scene.components[v].kind).is_empty()
                    })
                    .filter(|&v| refers_any(scene, v, std::slice::from_ref(&item)))
                    .collect();
                match via.as_slice() {
                    [one] => {
                        work.notes.push(format!(
                            "The {} cannot be named directly; I used the {}, which uses it.",
                            scene.label(*i),
                            scene.label(*one)
                        ));
                        item_kind = scene.components[*one].kind.clone();
                        item = Ref {
                            target: Target::Existing(*one),
                            ..item.clone()
                        };
                    }
                    [] => {}
                    several => {
                        return Some(clarify(scene, &a.raw(item.start, item.end), several));
                    }
                }
            }
        }
        let target_now = match &item.target {
            Target::Ambiguous(c) => return Some(clarify(scene, &a.raw(item.start, item.end), c)),
            Target::Missing { text, kind } => return Some(missing(scene, text, kind.as_deref())),
            t => t.clone(),
        };
        let mut target_ptr: Option<Pointer> = None;
        for &s in &source_ids {
            let c = &scene.components[s];
            let fields = ref_fields(scene, &c.kind, &item_kind);
            let explicit = a
                .verbs()
                .iter()
                .any(|(_, v)| matches!(v, Verb::Connect | Verb::Depend));
            let picked = if explicit {
                pick_field_or_dependency(a, &fields)
            } else {
                pick_field(a, &fields)
            };
            let Some(field) = picked else {
                if fields.is_empty() {
                    return Some(Reply::answer(
                        ReplyKind::Refused,
                        format!(
                            "The {} cannot refer to a {item_kind}. I changed nothing.",
                            scene.label(s)
                        ),
                    ));
                }
                let keys: Vec<String> = fields.iter().map(|f| code(&f.key)).collect();
                return Some(Reply::answer(
                    ReplyKind::Clarify,
                    format!(
                        "As the {}'s {}? I changed nothing.",
                        scene.label(s),
                        keys.join(" or ")
                    ),
                ));
            };
            let p = match &target_ptr {
                Some(p) => p.clone(),
                None => match ensure(&mut work, &target_now) {
                    Ok(p) => {
                        target_ptr = Some(p.clone());
                        p
                    }
                    Err(e) => return Some(could_not(headline, &e)),
                },
            };
            if let Err(e) = connect_in(&mut work, &c.pointer, &field.key, &p) {
                return Some(could_not(headline, &e));
            }
            if only && field.reference().is_some_and(|(_, multiple)| multiple) {
                exclusive.push((c.pointer.join(field.key.clone()), p.clone()));
            }
        }
    }
    // "… to the researcher only": the list names just what was asked for.
    let mut lists: Vec<(Pointer, Vec<String>)> = Vec::new();
    for (field, target) in exclusive {
        let name = target.tokens().last().cloned().unwrap_or_default();
        match lists.iter_mut().find(|(f, _)| *f == field) {
            Some((_, names)) => names.push(name),
            None => lists.push((field, vec![name])),
        }
    }
    for (field, names) in lists {
        let now: Vec<String> = lookup(&work.value, &field)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if now == names {
            continue;
        }
        let dropped: Vec<String> = now
            .iter()
            .filter(|n| !names.contains(n))
            .map(|n| code(n))
            .collect();
        let value = Value::Array(names.iter().cloned().map(Value::String).collect());
        if let Err(e) = work.apply(vec![EditOp::Set {
            path: field.clone(),
            value,
        }]) {
            return Some(could_not(headline, &e));
        }
        work.notes.retain(|n| !n.contains("already has"));
        let mut line = format!(
            "{} now names only {}",
            code(&field.to_string()),
            join_and(&names.iter().map(|n| code(n)).collect::<Vec<_>>())
        );
        if !dropped.is_empty() {
            line.push_str(&format!(" (no longer {})", join_and(&dropped)));
        }
        work.done.push(line);
    }
    Some(work.finish(headline))
}

/// Removes a reference field of component `i` ("… to nobody", "… to none").
pub(super) fn clear_field(scene: &Scene, i: usize, field: &FieldInfo) -> Reply {
    let at = scene.components[i].pointer.join(field.key.clone());
    if lookup(&scene.value, &at).is_none() {
        return Reply::answer(
            ReplyKind::Answer,
            format!(
                "The {} of the {} is not set; nothing needs to change.",
                field.label(),
                scene.label(i)
            ),
        );
    }
    if field.required {
        return Reply::answer(
            ReplyKind::Refused,
            format!(
                "The {} of the {} is required, so it cannot be left empty. I changed nothing.",
                field.label(),
                scene.label(i)
            ),
        );
    }
    let mut work = Work::new(scene);
    if let Err(e) = work.apply(vec![EditOp::Remove { path: at }]) {
        return could_not("", &e);
    }
    work.done.push(format!(
        "the {} no longer has a {}",
        scene.label(i),
        field.label()
    ));
    work.finish(&format!("I propose removing the {}:", field.label()))
}
