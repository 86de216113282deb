//! Removing components (with the references to them) and single references.

use super::*;

pub(super) fn remove(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let verbs = a.verbs();
    let remove_at = verbs
        .iter()
        .find(|(_, v)| matches!(v, Verb::Remove | Verb::Disconnect))
        .map(|(i, v)| (*i, *v));
    let rid = a.has(&["rid"]) && a.has(&["get"]);
    let stop_first = a.tokens.first().is_some_and(|t| t.is("stop"));
    let negated_use = (a.has_verb(Verb::Use) || a.has(&["need", "needs"]) || stop_first)
        && a.has(&[
            "stop",
            "longer",
            "not",
            "don't",
            "dont",
            "shouldn't",
            "never",
            "doesn't",
            "mustn't",
        ]);
    if remove_at.is_none() && !rid && !negated_use {
        return None;
    }
    // "Remove" must be the request's main verb: "add a tool and remove…" is not handled
    // here, nor is "set … to remove" (there is no such field).
    if let (Some((at, _)), Some((first_at, first))) = (remove_at, a.first_verb()) {
        if first_at < at && matches!(first, Verb::Add | Verb::Set | Verb::Rename) {
            return None;
        }
    }
    let all = refs(a, scene);
    let known: Vec<Ref> = all
        .iter()
        .filter(|r| !matches!(r.target, Target::New(_)))
        .cloned()
        .collect();
    // "remove the description of the planner", "reset the smart model's temperature".
    if let Some(reply) = remove_field(a, scene, &known) {
        return Some(reply);
    }
    let from = a.find(&["from", "off"], 0);
    let disconnect_verb = remove_at.is_some_and(|(_, v)| v == Verb::Disconnect);
    // Disconnect: "remove the arxiv tool from the researcher", "stop the writer using X".
    let split = match from {
        Some(f)
            if known.iter().any(|r| r.start > f)
                || (known.iter().any(|r| r.start < f)
                    // "from all pipelines", but not "pprof from the extensions" (its own
                    // kind: the component itself goes).
                    && a.kinds.iter().any(|k| {
                        k.at > f
                            && (k.all || k.plural)
                            && !known
                                .iter()
                                .any(|r| r.start < f && r.kind(scene) == Some(k.kind.as_str()))
                    })) =>
        {
            Some(f)
        }
        _ => None,
    };
    if let Some(f) = split {
        let items: Vec<Ref> = known.iter().filter(|r| r.start < f).cloned().collect();
        let sources: Vec<Ref> = known.iter().filter(|r| r.start > f).cloned().collect();
        let mut item_kinds = all_of_kinds(a, scene, 0, f);
        if items.is_empty() && item_kinds.is_empty() {
            // "remove memory from chat": whatever of that kind it refers to.
            for k in a.kinds.iter().filter(|k| k.at < f) {
                item_kinds.extend(scene.of_kind(&k.kind).map(|(i, _)| i));
            }
        }
        let source_all = all_of_kinds(a, scene, f, a.len());
        return Some(disconnect(
            a,
            scene,
            &sources,
            &source_all,
            &items,
            &item_kinds,
        ));
    }
    if negated_use || (disconnect_verb && known.len() >= 2) {
        let use_at = a
            .verbs()
            .iter()
            .find(|(_, v)| matches!(v, Verb::Use | Verb::Disconnect))
            .map(|(i, _)| *i)
            .or_else(|| a.find(&["need", "needs"], 0))
            .unwrap_or(0);
        let sources: Vec<Ref> = known.iter().filter(|r| r.start < use_at).cloned().collect();
        let items: Vec<Ref> = known.iter().filter(|r| r.start > use_at).cloned().collect();
        if !sources.is_empty() && !items.is_empty() {
            return Some(disconnect(a, scene, &sources, &[], &items, &[]));
        }
        // "stop tracing the billing agent": whichever of the two refers to the other.
        if stop_first && known.len() >= 2 {
            let (x, y) = (&known[..1], &known[1..]);
            let refers = |from: &[Ref], to: &[Ref]| -> bool {
                from.iter()
                    .flat_map(candidates)
                    .any(|fi| refers_any(scene, fi, to))
            };
            if refers(y, x) {
                return Some(disconnect(a, scene, y, &[], x, &[]));
            }
            return Some(disconnect(a, scene, x, &[], y, &[]));
        }
        if disconnect_verb && known.len() >= 2 {
            return Some(disconnect(a, scene, &known[..1], &[], &known[1..], &[]));
        }
    }
    // Delete components: only when asked to remove them ("remove", "get rid of", "we don't
    // need X any more"). Undoing a connection never deletes a component: "safety shouldn't
    // allow medical advice" names one component and something that is not one.
    if disconnect_verb && !rid && !negated_use {
        return None;
    }
    let mut targets: Vec<usize> = Vec::new();
    for r in &known {
        match existing(scene, a, r) {
            Ok(i) => targets.push(i),
            Err(reply) => return Some(reply),
        }
    }
    targets.extend(all_of_kinds(a, scene, 0, a.len()));
    if targets.is_empty() {
        if let Some((text, kind)) = unknown_name(a) {
            return Some(missing(scene, &text, Some(&kind)));
        }
        if let Some(r) = all.iter().find(|r| matches!(r.target, Target::New(_))) {
            if let Target::New(spec) = &r.target {
                return Some(Reply::answer(
                    ReplyKind::Refused,
                    format!(
                        "There is no {} to remove. I changed nothing.",
                        spec.describe()
                    ),
                ));
            }
        }
        return Some(Reply::answer(
            ReplyKind::Clarify,
            "Which component should I remove? Name it, e.g. \"remove the arxiv tool\". I changed nothing."
                .to_string(),
        ));
    }
    targets.sort_unstable();
    targets.dedup();
    Some(delete(scene, &targets))
}

pub(super) fn delete(scene: &Scene, targets: &[usize]) -> Reply {
    let mut work = Work::new(scene);
    let labels: Vec<String> = targets.iter().map(|&i| scene.label(i)).collect();
    let headline = format!("I propose removing the {}:", join_and(&labels));
    for &i in targets {
        let c = &scene.components[i];
        if !resolve::exists(&work, &c.pointer) {
            continue;
        }
        let deleted = work
            .design()
            .delete(&c.pointer, DeleteMode::RemoveReferences);
        match deleted {
            Ok(d) => {
                if !d.left_missing.is_empty() {
                    let needs: Vec<String> = d
                        .left_missing
                        .iter()
                        .map(|p| {
                            let owner = scene
                                .components
                                .iter()
                                .filter(|o| p.starts_with(&o.pointer))
                                .max_by_key(|o| o.pointer.tokens().len());
                            match owner {
                                Some(o) => format!(
                                    "the {} {} needs its {}",
                                    o.kind,
                                    code(&o.name),
                                    p.tokens()
                                        .last()
                                        .map_or("", |s| s.as_str())
                                        .replace('_', " ")
                                ),
                                None => format!("{} is required", code(&p.to_string())),
                            }
                        })
                        .collect();
                    return Reply::answer(
                        ReplyKind::Refused,
                        format!(
                            "I cannot remove the {}: {}. Point {} at another {} first. I changed nothing.",
                            scene.label(i),
                            join_and(&needs),
                            if needs.len() == 1 { "it" } else { "them" },
                            c.kind
                        ),
                    );
                }
                let referrers = d.referrers.len();
                if let Err(e) = work.apply(d.edits) {
                    return could_not(&headline, &e);
                }
                work.done.push(format!(
                    "removed the {}{}",
                    scene.label(i),
                    if referrers > 0 {
                        format!(
                            " and {} to it",
                            crate::offline::text::count(referrers, "reference", "references")
                        )
                    } else {
                        String::new()
                    }
                ));
            }
            Err(e) => return could_not(&headline, &design_error(&e)),
        }
    }
    work.finish(&headline)
}

pub(super) fn disconnect(
    a: &Analysis,
    scene: &Scene,
    sources: &[Ref],
    source_all: &[usize],
    items: &[Ref],
    item_all: &[usize],
) -> Reply {
    let mut source_ids: Vec<usize> = source_all.to_vec();
    for r in sources {
        // A name that fits several components: the one that refers to one of the items.
        let r =
            narrow(r, |i| {
                refers_any(scene, i, items)
                    || item_all.iter().any(|&t| {
                        let tc = &scene.components[t];
                        scene.model.references.iter().any(|x| {
                            x.from == Some(i) && x.name == tc.name && x.to.contains(&tc.kind)
                        })
                    })
            });
        // Else the one whose kind can refer to the items' kinds at all.
        let item_kinds: Vec<String> = items
            .iter()
            .flat_map(candidates)
            .chain(item_all.iter().copied())
            .map(|t| scene.components[t].kind.clone())
            .collect();
        let r = narrow(&r, |i| {
            item_kinds
                .iter()
                .any(|k| !ref_fields(scene, &scene.components[i].kind, k).is_empty())
        });
        match existing(scene, a, &r) {
            Ok(i) => source_ids.push(i),
            Err(reply) => return reply,
        }
    }
    let mut item_ids: Vec<usize> = item_all.to_vec();
    for r in items {
        let r = narrow(r, |i| {
            scene.model.references.iter().any(|x| {
                x.from.is_some_and(|f| source_ids.contains(&f))
                    && x.name == scene.components[i].name
                    && x.to.contains(&scene.components[i].kind)
            })
        });
        match existing(scene, a, &r) {
            Ok(i) => item_ids.push(i),
            Err(reply) => return reply,
        }
    }
    if source_ids.is_empty() || item_ids.is_empty() {
        return Reply::answer(
            ReplyKind::Clarify,
            "Which reference should I remove? Say e.g. \"remove the arxiv tool from the researcher\". I changed nothing.",
        );
    }
    let mut work = Work::new(scene);
    let headline = "I propose removing these references:";
    let mut found = false;
    for &s in &source_ids {
        for &t in &item_ids {
            let target = &scene.components[t];
            // Where the source names the target, in the planned document.
            let now = work.scene_now();
            let Some(src) = now
                .components
                .iter()
                .position(|c| c.pointer == scene.components[s].pointer)
            else {
                continue;
            };
            let pointers: Vec<Pointer> = now
                .model
                .references
                .iter()
                .filter(|r| {
                    r.from == Some(src) && r.name == target.name && r.to.contains(&target.kind)
                })
                .map(|r| r.pointer.clone())
                .collect();
            for p in pointers.into_iter().take(1) {
                found = true;
                let result = work.design().disconnect(&p);
                match result {
                    Ok(d) => {
                        if !d.left_missing.is_empty() {
                            return Reply::answer(
                                ReplyKind::Refused,
                                format!(
                                    "I cannot remove the {} from the {}: its {} is required. Point it at another {} instead (e.g. \"use … for {}\"). I changed nothing.",
                                    scene.label(t),
                                    scene.label(s),
                                    p.tokens().last().map_or("", |x| x.as_str()),
                                    target.kind,
                                    scene.components[s].name
                                ),
                            );
                        }
                        if let Err(e) = work.apply(d.edits) {
                            return could_not(headline, &e);
                        }
                        work.done.push(format!(
                            "the {} no longer uses the {}",
                            scene.label(s),
                            scene.label(t)
                        ));
                    }
                    Err(e) => return could_not(headline, &design_error(&e)),
                }
            }
        }
    }
    if !found {
        let s: Vec<String> = source_ids.iter().map(|&i| scene.label(i)).collect();
        let t: Vec<String> = item_ids.iter().map(|&i| scene.label(i)).collect();
        return Reply::answer(
            ReplyKind::Answer,
            format!(
                "The {} does not refer to the {}, so there is nothing to remove.",
                join_and(&s),
                join_and(&t)
            ),
        );
    }
    work.finish(headline)
}

/// Removes a field of a component (or of the document) when the request names one.
fn remove_field(a: &Analysis, scene: &Scene, known: &[Ref]) -> Option<Reply> {
    let covered = |i: usize| known.iter().any(|r| r.start <= i && i < r.end);
    let words: Vec<String> = (0..a.len())
        .filter(|&i| !covered(i))
        .filter(|&i| !matches!(a.uses[i], Use::Verb(_) | Use::Number))
        .filter(|&i| {
            !a.tokens[i].is_any(FILLER)
                && !a.tokens[i].is_any(lexicon::ALL_WORDS)
                && !a.tokens[i].is_any(&["from", "off", "out", "value", "its", "rid", "get"])
        })
        .filter(|&i| !a.kinds.iter().any(|k| k.at == i && (k.all || k.plural)))
        .flat_map(|i| word_stems(&a.tokens[i]))
        .collect();
    if words.is_empty() {
        return None;
    }
    let matches = |fields: &[FieldInfo]| -> Option<FieldInfo> {
        match best_field(fields, &words) {
            Ok(Some(f)) => Some(f.clone()),
            _ => None,
        }
    };
    let mut places: Vec<(Pointer, Option<usize>, FieldInfo)> = Vec::new();
    for r in known {
        let r = narrow(r, |i| matches(&scene.fields_of(i)).is_some());
        let i = match existing(scene, a, &r) {
            Ok(i) => i,
            Err(reply) => return Some(reply),
        };
        let f = matches(&scene.fields_of(i))?;
        places.push((scene.components[i].pointer.clone(), Some(i), f));
    }
    if known.is_empty() {
        let f = matches(&scene.fields_at(&scene.value, &Pointer::root()))?;
        places.push((Pointer::root(), None, f));
    }
    let mut work = Work::new(scene);
    let mut title = String::new();
    for (pointer, comp, field) in places {
        let what = comp.map_or_else(
            || "the document".to_string(),
            |i| format!("the {}", scene.label(i)),
        );
        let mut at = pointer.join(field.key.clone());
        title = field.label();
        // "remove the dev environment": the entry of that map, not the whole map.
        if let Some(Value::Object(entries)) = lookup(&scene.value, &at) {
            let key = a.tokens.iter().find_map(|t| {
                [&t.raw, &t.norm]
                    .into_iter()
                    .find(|k| entries.contains_key(k.as_str()))
                    .cloned()
            });
            if let Some(k) = key {
                at = at.join(k.clone());
                if let Err(e) = work.apply(vec![EditOp::Remove { path: at }]) {
                    return Some(could_not("", &e));
                }
                work.done.push(format!(
                    "removed {} from the {} of {what}",
                    code(&k),
                    field.label()
                ));
                title = format!("{} entry {}", field.label(), code(&k));
                continue;
            }
        }
        if lookup(&scene.value, &at).is_none() {
            work.notes
                .push(format!("The {} of {what} is not set.", field.label()));
            continue;
        }
        if field.required {
            return Some(Reply::answer(
                ReplyKind::Refused,
                format!(
                    "The {} of {what} is required, so it cannot be removed; set it to something else instead. I changed nothing.",
                    field.label()
                ),
            ));
        }
        if let Err(e) = work.apply(vec![EditOp::Remove { path: at }]) {
            return Some(could_not("", &e));
        }
        let default = field
            .default
            .as_ref()
            .map(|d| format!(" (the default, {}, applies)", code(&d.to_string())))
            .unwrap_or_default();
        work.done
            .push(format!("removed the {} of {what}{default}", field.label()));
    }
    Some(work.finish(&format!("I propose removing the {title}:")))
}

/// Ways of asking for a removal the other readings miss: one word ("nix", "ditch"), or
/// a phrase ("get rid of", "take it out", "can go").
const REMOVAL_WORDS: &[&str] = &[
    "remove",
    "delete",
    "drop",
    "nix",
    "ditch",
    "scrap",
    "axe",
    "trash",
    "yank",
    "purge",
    "eliminate",
    "lose",
    "bin",
];
const REMOVAL_PHRASES: &[&[&str]] = &[
    &["get", "rid"],
    &["take", "out"],
    &["take", "it", "out"],
    &["take", "that", "out"],
    &["rip", "out"],
    &["throw", "out"],
    &["throw", "away"],
    &["do", "away", "with"],
    &["can", "go"],
    &["has", "to", "go"],
    &["must", "go"],
    &["should", "go"],
    &["needs", "to", "go"],
];

/// "honestly we never use the arxiv thing, can you get rid of it?", "nix the cache
/// middleware, it's serving stale answers", "arxiv tool can go": a removal of the one
/// component the request names, when no other reading made a change. Never when the
/// removal is ruled out ("don't drop it"), supposed ("if I remove …") or asked about
/// ("can I delete it safely?").
pub(crate) fn said_removal(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let at = (0..a.len()).find(|&i| {
        let t = &a.tokens[i];
        !t.quoted
            && (t.is_any(REMOVAL_WORDS)
                || REMOVAL_PHRASES.iter().any(|p| {
                    p.iter()
                        .enumerate()
                        .all(|(k, w)| a.tokens.get(i + k).is_some_and(|t| t.is(w)))
                }))
    })?;
    let supposed = a.has(&[
        "if", "suppose", "happens", "happen", "safe", "safely", "break", "breaks", "would",
    ]);
    let asked = at > 0 && a.tokens[at - 1].is_any(&["i", "should"]);
    if supposed || asked || crate::offline::meta::negated_before(a, at) || !a.numbers().is_empty() {
        return None;
    }
    // The clause of the removal ("sessions live in the db now, so the cache service has
    // to go": the cache), or the whole request when that names nothing ("we never use
    // the arxiv thing, can you get rid of it?").
    let cut = |j: usize| a.tokens[j].is_any(&["so", "but", "because", "since", "and"]);
    let start = (0..at)
        .rev()
        .find(|&j| a.tokens[j].boundary || cut(j))
        .map_or(0, |j| j + 1);
    let end = (at..a.len())
        .find(|&j| a.tokens[j].boundary || (j > at && cut(j)))
        .map_or(a.len(), |j| j + 1);
    let named_in = |from: usize, to: usize| -> Option<Vec<usize>> {
        // A name several components share: only with a kind word that tells them apart.
        let unclear = a
            .mentions
            .iter()
            .any(|m| m.start >= from && m.start < to && m.candidates.len() != 1);
        (!unclear).then(|| a.named_outright(scene, from, to))
    };
    let mut named = named_in(start, end)?;
    if named.is_empty() {
        named = named_in(0, a.len())?;
    }
    let [one] = named.as_slice() else {
        return None;
    };
    // "drop the writer's temperature": a field of it, not the component.
    let fields = scene.fields_of(*one);
    let names_field = a.tokens.iter().enumerate().any(|(i, t)| {
        !t.quoted
            && a.mention_at(i).is_none()
            && !a
                .kinds
                .iter()
                .any(|k| k.at == i && k.kind == scene.components[*one].kind)
            && scene.named(&t.norm).is_empty()
            && t.norm.len() > 3
            && fields.iter().any(|f| f.stems.contains(&t.stem()))
    });
    crate::offline::trace(|| {
        format!(
            "removal: {} names a field: {names_field}",
            scene.label(*one)
        )
    });
    if names_field {
        return None;
    }
    Some(delete(scene, &[*one]))
        .filter(|r| matches!(r.kind, ReplyKind::Proposal | ReplyKind::Refused))
}
