//! Setting values of fields, on one component or many, and switching them on or off.

use super::*;

/// Where the value of "set X to VALUE" starts and ends, and what follows it
/// ("… to 0.2 for all models").
pub(super) fn value_span(a: &Analysis, scene: &Scene) -> Option<(usize, usize, usize)> {
    let n = a.len();
    let marker = (0..n)
        .rev()
        .find(|&i| a.tokens[i].is_any(&["to", "=", "be", "at"]) && i + 1 < n);
    let (field_end, start) = match marker {
        Some(m) => (m, m + 1),
        // "make the planner's max iterations 30", "give the stack the description 'x'":
        // the trailing number or quoted text; "expire after 3600 seconds": the last number.
        None if n > 1 && (a.uses[n - 1] == Use::Number || a.tokens[n - 1].quoted) => (n - 1, n - 1),
        // "debug exporter verbosity detailed": with no verb, a last word that is one of
        // the values of an enumerated field (the field words before it say which).
        None if n > 2
            && a.first_verb().is_none()
            && !a.question
            && !a.uses.contains(&Use::Number)
            && {
                let last = if a.tokens[n - 1].is_any(&["please", "pls", "plz"]) {
                    n - 2
                } else {
                    n - 1
                };
                a.uses[last] == Use::Value
            } =>
        {
            let last = if a.tokens[n - 1].is_any(&["please", "pls", "plz"]) {
                n - 2
            } else {
                n - 1
            };
            (last, last)
        }
        // "set restart unless-stopped on every service": no number, the value one of an
        // enumerated field's options, after the field and before the components.
        None if !a.uses.contains(&Use::Number) => {
            let scope = |i: usize| {
                a.tokens[i].is_any(&["for", "on", "in", "of", "across"])
                    && (a.mentions.iter().any(|m| m.start > i) || a.kinds.iter().any(|k| k.at > i))
            };
            // An option, or one of the examples a text field gives (`unless-stopped`).
            let example = |i: usize| {
                a.uses[i] == Use::Free && {
                    let key = name_key(&a.tokens[i].raw);
                    scene.kinds.iter().flat_map(|k| &k.fields).any(|f| {
                        matches!(f.input, Input::Text { .. })
                            && f.examples
                                .iter()
                                .any(|e| e.as_str().is_some_and(|s| name_key(s) == key))
                    })
                }
            };
            let end = (3..=n).rev().find(|&e| {
                (a.uses[e - 1] == Use::Value || example(e - 1)) && (e == n || scope(e))
            })?;
            let start = if example(end - 1) {
                end - 1
            } else {
                (1..end).rev().find(|&k| a.uses[k - 1] != Use::Value)?
            };
            (start, start)
        }
        None => {
            let i = (1..n).rev().find(|&i| a.uses[i] == Use::Number)?;
            (i, i)
        }
    };
    // "be 3 times as long": a factor, which the goal reading reads, not a value.
    if a.tokens
        .get(start + 1)
        .is_some_and(|t| t.is_any(&["times", "x"]))
    {
        return None;
    }
    // "… to 0.2 for all models", "… to 2048 on the smart model".
    let mut end = n;
    for i in start + 1..n {
        if a.tokens[i].is_any(&["for", "on", "in", "of", "across"])
            && (a.mentions.iter().any(|m| m.start > i) || a.kinds.iter().any(|k| k.at > i))
        {
            end = i;
            break;
        }
    }
    let mut start = start;
    if a.tokens
        .get(start)
        .is_some_and(|t| t.is_any(&["the", "a", "an"]))
        && end > start + 1
    {
        start += 1;
    }
    // "add a description to the writer agent: 'Writes reports'": the quoted text is the
    // value; what comes between names the component.
    if end == n && n > start + 1 && a.tokens[n - 1].quoted && !a.tokens[start].quoted {
        start = n - 1;
    }
    Some((field_end, start, end))
}

/// "set the writer model's temperature to 0.3", "change temperature of writer to 0.5",
/// "set temperature to 0.2 for all models", "switch the writer to the fast model".
pub(super) fn set(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let (verb_at, verb) = a.first_verb().unwrap_or((0, Verb::Set));
    if !matches!(verb, Verb::Set | Verb::Make | Verb::Add | Verb::Give) && a.first_verb().is_some()
    {
        return None;
    }
    let (field_end, vstart, vend) = value_span(a, scene)?;
    // "increase max iterations of triage by 2": a change relative to the value now.
    let by = a.find(&["by"], verb_at);
    let by_relative = match by {
        Some(b) if b + 1 < a.len() && a.uses[b + 1] == Use::Number => {
            super::fields::change_by(a, b + 1)
        }
        _ => None,
    };
    let (vstart, vend) = match (by_relative, by) {
        (Some(_), Some(b)) => (b + 1, b + 2),
        _ => (vstart, vend),
    };
    // "give the planner five more iterations": the one number of the value, said as a
    // change.
    let relative = by_relative.or_else(|| {
        let numbers: Vec<usize> = (vstart..vend.min(a.len()))
            .filter(|&i| a.uses[i] == Use::Number)
            .collect();
        match numbers.as_slice() {
            [i] => super::fields::change_by(a, *i),
            _ => None,
        }
    });
    let value_tokens: Vec<Token> = a.tokens[vstart..vend.min(a.len())]
        .iter()
        .filter(|t| !t.is_any(&["please"]))
        .cloned()
        .collect();
    // "node 18 is end of life": with no verb, a "value" that is a statement of its own
    // is a remark, not text to write.
    if a.first_verb().is_none()
        && value_tokens.len() > 2
        && value_tokens[1..]
            .iter()
            .any(|t| t.is_any(&["is", "are", "was", "were"]))
    {
        return None;
    }
    let all = refs(a, scene);
    let value_refs = refs_in(&all, vstart, vend);
    let target_refs: Vec<Ref> = all
        .iter()
        .filter(|r| r.start < vstart || r.start >= vend)
        .filter(|r| !matches!(r.target, Target::New(_)))
        .cloned()
        .collect();
    let target_refs = field_like_refs_dropped(a, scene, target_refs);
    let mut target_all = all_of_kinds(a, scene, 0, vstart);
    target_all.extend(all_of_kinds(a, scene, vend, a.len()));
    // The words that name the field: between the verb and the value, minus names.
    let field_end = match (by_relative, by) {
        (Some(_), Some(b)) => b,
        _ => field_end,
    };
    let covered = |i: usize| target_refs.iter().any(|r| r.start <= i && i < r.end);
    let words: Vec<String> = (verb_at + usize::from(a.first_verb().is_some())
        ..field_end.min(a.len()))
        .filter(|&i| !covered(i))
        .filter(|&i| !a.tokens[i].is_any(FILLER) && !a.tokens[i].is_any(lexicon::ALL_WORDS))
        .filter(|&i| !matches!(a.uses[i], Use::Verb(_) | Use::Number))
        .filter(|&i| !a.kinds.iter().any(|k| k.at == i && (k.all || k.plural)))
        .flat_map(|i| word_stems(&a.tokens[i]))
        .collect();
    // Targets: named components, "all models", else what has such a field.
    let mut targets: Vec<usize> = target_all.clone();
    let mut ambiguous: Vec<(Ref, Vec<usize>)> = Vec::new();
    for r in &target_refs {
        match &r.target {
            Target::Existing(i) => targets.push(*i),
            Target::Ambiguous(c) => ambiguous.push((r.clone(), c.clone())),
            Target::Missing { text, kind } => return Some(missing(scene, text, kind.as_deref())),
            Target::New(_) => {}
        }
    }
    // "raise the rate limit to 1000 requests per minute": the field after the number.
    let words = if words.is_empty() && value_refs.is_empty() {
        (vstart..vend.min(a.len()))
            .skip_while(|&i| a.uses[i] != Use::Number)
            .skip(1)
            .filter(|&i| !a.tokens[i].is_any(FILLER))
            // "to 2 GiB": the unit is the value's, not a field's word.
            .filter(|&i| {
                i == 0
                    || a.uses[i - 1] != Use::Number
                    || (crate::offline::text::size_unit(&a.tokens[i].norm).is_none()
                        && crate::offline::text::time_unit(&a.tokens[i].norm).is_none())
            })
            .flat_map(|i| word_stems(&a.tokens[i]))
            .collect()
    } else {
        words
    };
    // "switch the notes memory to postgres": the variant field, told by the value.
    let words = if words.is_empty() {
        match (targets.as_slice(), value_refs.first()) {
            (
                [t],
                Some(Ref {
                    target: Target::New(spec),
                    ..
                }),
            ) if spec.kind == scene.components[*t].kind && spec.variant.is_some() => scene
                .kind(&spec.kind)
                .and_then(|k| k.variant_field.clone())
                .map(|f| vec![crate::offline::text::stem(&f)])
                .unwrap_or_default(),
            _ => words,
        }
    } else {
        words
    };
    // "change the fast model to gpt-4.1-mini": a model identifier for a model is its
    // `name`.
    let words = match (targets.as_slice(), value_refs.as_slice()) {
        ([t], [r])
            if words.is_empty()
                && a.model_ids.iter().any(|(i, _)| *i == r.start)
                && r.start == vstart
                && r.end >= vend
                && r.kind(scene) == Some(scene.components[*t].kind.as_str())
                && scene.fields_of(*t).iter().any(|f| f.key == "name") =>
        {
            vec![crate::offline::text::stem("name")]
        }
        _ => words,
    };
    // "raise the memory limit to 2 GiB": the words that named the component
    // (`memory_limiter`) are the field's too when nothing else names one.
    let words = match target_refs.as_slice() {
        [r] if words.is_empty() && vstart < a.len() && a.uses[vstart] == Use::Number => {
            let name = match &r.target {
                Target::Existing(i) => crate::offline::text::name_key(&scene.components[*i].name),
                _ => String::new(),
            };
            let said: Vec<String> = (r.start..r.end)
                .filter(|&i| !a.tokens[i].is_any(FILLER))
                .flat_map(|i| word_stems(&a.tokens[i]))
                .collect();
            let exact =
                (r.start..r.end).any(|i| crate::offline::text::name_key(&a.tokens[i].raw) == name);
            if exact || name.is_empty() {
                words
            } else {
                said
            }
        }
        _ => words,
    };
    if words.is_empty() {
        // "switch the writer to the fast model": a reference field, told by the value.
        return None;
    }
    // A field further down the document's own fields ("the telemetry log level":
    // service.telemetry.logs.level), even where a word is also a kind of component.
    let root_nested = || {
        let root_fields = scene.fields_at(&scene.value, &Pointer::root());
        // Not a component or a collection of them (`processors.probabilistic_sampler`
        // for "the sampling percentage"): those are no value to set.
        matches!(best_field(&root_fields, &words), Ok(None))
            && nested_field(scene, &Pointer::root(), &root_fields, &words)
                .is_some_and(|(_, p)| !scene.components.iter().any(|c| c.pointer.starts_with(&p)))
    };
    // "set the openai api key …" when there is no openai provider.
    if targets.is_empty() && ambiguous.is_empty() && target_all.is_empty() && !root_nested() {
        let absent = all
            .iter()
            .find(|r| matches!(r.target, Target::New(_)) && (r.start < vstart || r.start >= vend));
        if let Some(Ref {
            target: Target::New(spec),
            ..
        }) = absent
        {
            return Some(Reply::answer(
                ReplyKind::Refused,
                format!(
                    "There is no {} in this document. I changed nothing.",
                    spec.describe()
                ),
            ));
        }
    }
    // Fields per candidate component.
    let fields_of = |i: usize| scene.fields_of(i);
    for (r, cands) in ambiguous {
        let with_field: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&i| best_field(&fields_of(i), &words).map_or(true, |f| f.is_some()))
            .collect();
        let chosen = match with_field.len() {
            0 => return Some(clarify(scene, &a.raw(r.start, r.end), &cands)),
            1 => with_field[0],
            _ => {
                // The one whose field the words name best ("model" is an agent's `model`
                // more than a model's "Model name").
                let scores: Vec<(usize, f64)> = with_field
                    .iter()
                    .map(|&i| {
                        let fs = fields_of(i);
                        let best = fs
                            .iter()
                            .map(|f| field_score(f, &words))
                            .fold(0.0, f64::max);
                        (i, best)
                    })
                    .collect();
                let top = scores.iter().map(|(_, s)| *s).fold(0.0, f64::max);
                let leaders: Vec<usize> = scores
                    .iter()
                    .filter(|(_, s)| (top - s).abs() < 1e-9)
                    .map(|(i, _)| *i)
                    .collect();
                if leaders.len() == 1 {
                    targets.push(leaders[0]);
                    continue;
                }
                // The one that has the field set already ("change" implies it exists).
                let set_now: Vec<usize> = with_field
                    .iter()
                    .copied()
                    .filter(|&i| {
                        let fs = fields_of(i);
                        matches!(best_field(&fs, &words), Ok(Some(f)) if scene.has_set(i, &f.key))
                    })
                    .collect();
                if set_now.len() == 1 {
                    set_now[0]
                } else {
                    return Some(clarify(scene, &a.raw(r.start, r.end), &with_field));
                }
            }
        };
        targets.push(chosen);
    }
    targets.sort_unstable();
    targets.dedup();
    let mut root = false;
    if targets.is_empty() {
        // A top-level field ("set the name of the stack to …"), else the one component
        // that has such a field.
        let root_fields = scene.fields_at(&scene.value, &Pointer::root());
        // A collection of components ("processors", "middleware") found by its
        // description is no value to set when a component has the field the words name
        // ("set the sampling percentage to 50").
        let collection = |f: &FieldInfo| {
            let at = Pointer::root().join(f.key.clone());
            scene.components.iter().any(|c| c.pointer.starts_with(&at))
        };
        let component_has = || {
            (0..scene.components.len()).any(|i| {
                matches!(best_field(&fields_of(i), &words), Ok(Some(f)) if has_field(scene, i, f))
            })
        };
        let root_hit = matches!(best_field(&root_fields, &words),
            Ok(Some(f)) if !(collection(f) && component_has()));
        if root_hit || root_nested() {
            root = true;
        } else {
            let having: Vec<usize> = (0..scene.components.len())
                .filter(|&i| {
                    let fs = fields_of(i);
                    matches!(best_field(&fs, &words), Ok(Some(f)) if has_field(scene, i, f))
                })
                .collect();
            if having.is_empty() {
                if let Some(r) = all.iter().find(|r| matches!(r.target, Target::New(_))) {
                    if let Target::New(spec) = &r.target {
                        return Some(Reply::answer(
                            ReplyKind::Refused,
                            format!(
                                "There is no {} in this document. I changed nothing.",
                                spec.describe()
                            ),
                        ));
                    }
                }
            }
            // "change the grpc max recv msg size to 32": the one component whose fields
            // further down the words reach.
            let having = if having.is_empty() {
                (0..scene.components.len())
                    .filter(|&i| {
                        nested_field(scene, &scene.components[i].pointer, &fields_of(i), &words)
                            .is_some()
                    })
                    .collect()
            } else {
                having
            };
            // Of several that could have it, the only one that has it set ("use a
            // temperature of 0.9" where only the model says its temperature).
            let set_on: Vec<usize> = having
                .iter()
                .copied()
                .filter(|&i| {
                    let fs = fields_of(i);
                    matches!(best_field(&fs, &words), Ok(Some(f))
                        if scene.has_set(i, &f.key))
                })
                .collect();
            let having = if having.len() > 1 && set_on.len() == 1 {
                set_on
            } else {
                having
            };
            match having.len() {
                0 => return None,
                1 => targets.push(having[0]),
                _ => {
                    let names: Vec<String> =
                        having.iter().take(12).map(|&i| scene.label(i)).collect();
                    return Some(Reply::answer(
                        ReplyKind::Clarify,
                        format!(
                            "Several components have such a field: {}. Which one do you mean (or say \"for all …\")? I changed nothing.",
                            join_and(&names)
                        ),
                    ));
                }
            }
        }
    }
    let mut work = Work::new(scene);
    let places: Vec<(Pointer, Option<usize>)> = if root {
        vec![(Pointer::root(), None)]
    } else {
        targets
            .iter()
            .map(|&i| (scene.components[i].pointer.clone(), Some(i)))
            .collect()
    };
    let mut headline_field = String::new();
    // Plain values, applied together at the end (each to its own place).
    let mut pending: Vec<EditOp> = Vec::new();
    for (pointer, comp) in places {
        let fields = match comp {
            Some(i) => scene.fields_of(i),
            None => scene.fields_at(&scene.value, &pointer),
        };
        let resolved = match best_field(&fields, &words) {
            // A field not set here, when the words reach one that is set further down
            // ("grafana's memory limit": `deploy.resources.limits.memory`, not
            // `mem_limit`): the one the document uses.
            Ok(Some(f)) if lookup(&scene.value, &pointer.join(f.key.clone())).is_none() => {
                match nested_field(scene, &pointer, &fields, &words) {
                    Some((n, p)) if lookup(&scene.value, &p).is_some() => Some((n, p)),
                    _ => Some((f.clone(), pointer.join(f.key.clone()))),
                }
            }
            // "the api build target": `volumes` fits "target" by its description only,
            // `build.target` names every word.
            Ok(Some(f))
                if words.iter().any(|w| !names_word(f, w))
                    && words.iter().all(|w| {
                        fields.iter().any(|g| names_word(g, w)) || !f.stems.contains(w)
                    }) =>
            {
                match nested_field(scene, &pointer, &fields, &words) {
                    Some((n, p))
                        if words.iter().all(|w| {
                            names_word(&n, w)
                                || p.tokens().iter().any(|t| split_words_stems(t).contains(w))
                        }) =>
                    {
                        Some((n, p))
                    }
                    _ => Some((f.clone(), pointer.join(f.key.clone()))),
                }
            }
            Ok(Some(f)) => Some((f.clone(), pointer.join(f.key.clone()))),
            Ok(None) => nested_field(scene, &pointer, &fields, &words).or_else(|| {
                // "make the writer more creative by setting its temperature to 1.2": the
                // words right before the value name the field.
                (1..words.len()).rev().find_map(|n| {
                    match best_field(&fields, &words[words.len() - n..]) {
                        Ok(Some(f)) => Some((f.clone(), pointer.join(f.key.clone()))),
                        _ => None,
                    }
                })
            }),
            Err(tied) if by_unit(a, &tied).is_some() => {
                let f = by_unit(a, &tied).expect("checked");
                Some((f.clone(), pointer.join(f.key.clone())))
            }
            Err(tied) => {
                // "set the memory limit to 1024" where `limit_mib` is set and
                // `limit_percentage` is not: the one in use.
                let in_use: Vec<&&FieldInfo> = tied
                    .iter()
                    .filter(|f| lookup(&scene.value, &pointer.join(f.key.clone())).is_some())
                    .collect();
                if let [f] = in_use.as_slice() {
                    Some(((**f).clone(), pointer.join(f.key.clone())))
                } else if let Some(f) = plain_rate(a, &tied) {
                    Some((f.clone(), pointer.join(f.key.clone())))
                } else {
                    let names: Vec<String> = tied.iter().map(|f| code(&f.key)).collect();
                    return Some(Reply::answer(
                        ReplyKind::Clarify,
                        format!("Do you mean {}? I changed nothing.", names.join(" or ")),
                    ));
                }
            }
        };
        let Some((field, field_ptr)) = resolved else {
            // Without an explicit "set", the words may mean something else ("the chat
            // agent should be able to do math").
            if a.first_verb().is_none() || verb != Verb::Set {
                return None;
            }
            // A component whose schema describes no fields but takes any ("the zipkin
            // exporter's endpoint"): the one word said is the key, when the result
            // validates (the gate checks it).
            if let (true, Some(i), [word]) = (fields.is_empty(), comp, words.as_slice()) {
                let key = (0..field_end.min(a.len()))
                    .map(|k| &a.tokens[k])
                    .find(|t| {
                        !t.quoted
                            && t.stem() == *word
                            && t.norm
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    })
                    .map(|t| t.norm.clone());
                let raw = tokens_raw(&value_tokens);
                if let (Some(key), false) = (key, raw.is_empty()) {
                    let value = match crate::offline::text::parse_number(&raw) {
                        Some(n)
                            if value_tokens.len() == 1
                                && !value_tokens[0].quoted
                                && raw.chars().all(|c| c.is_ascii_digit() || c == '.') =>
                        {
                            crate::offline::text::json_number(n)
                        }
                        _ => Value::String(raw.clone()),
                    };
                    let at = pointer.join(key.clone());
                    let op = match lookup(&work.value, &pointer) {
                        Some(Value::Object(_)) => EditOp::Set {
                            path: at,
                            value: value.clone(),
                        },
                        _ => {
                            let mut m = serde_json::Map::new();
                            m.insert(key.clone(), value.clone());
                            EditOp::Set {
                                path: pointer.clone(),
                                value: Value::Object(m),
                            }
                        }
                    };
                    pending.push(op);
                    headline_field = key.clone();
                    work.done.push(format!(
                        "{} of the {}: {}",
                        code(&key),
                        scene.label(i),
                        code(&raw)
                    ));
                    continue;
                }
            }
            if target_all.is_empty() {
                let what = comp.map_or_else(
                    || "the document".to_string(),
                    |i| format!("the {}", scene.label(i)),
                );
                let names: Vec<String> = fields.iter().take(16).map(|f| code(&f.key)).collect();
                let known = if names.is_empty() {
                    "The schema describes none of its fields, so I cannot tell which is meant; edit it in the inspector or the source.".to_string()
                } else {
                    format!("Its fields include {}.", join_and(&names))
                };
                return Some(Reply::answer(
                    ReplyKind::Refused,
                    format!(
                        "{} has no field like {}. {known} I changed nothing.",
                        capitalize(&what),
                        code(&words.join(" ")),
                    ),
                ));
            }
            continue;
        };
        headline_field = field.label();
        // A reference field: connect what the value names.
        if let Some((kinds, multiple)) = field.reference() {
            let kinds = kinds.to_vec();
            if let (Some(i), true) = (
                comp,
                !value_tokens.is_empty() && value_tokens.iter().all(|t| t.is_any(NONE_WORDS)),
            ) {
                return Some(clear_field(scene, i, &field));
            }
            let mut value_refs = value_refs.clone();
            if value_refs.is_empty() {
                // The value read as a name of the kinds the field takes (`fast`).
                let key = name_key(&tokens_raw(&value_tokens));
                let found: Vec<usize> = scene
                    .components
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| kinds.contains(&c.kind) && name_key(&c.name) == key)
                    .map(|(i, _)| i)
                    .collect();
                let found = if found.is_empty() {
                    scene
                        .components
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| kinds.contains(&c.kind) && close(&key, &name_key(&c.name)))
                        .map(|(i, _)| i)
                        .collect()
                } else {
                    found
                };
                if found.len() == 1 {
                    value_refs.push(Ref {
                        start: vstart,
                        end: vend,
                        target: Target::Existing(found[0]),
                    });
                }
            }
            if value_refs.is_empty() {
                let what = comp.map_or_else(String::new, |i| format!(" of the {}", scene.label(i)));
                return Some(Reply::answer(
                    ReplyKind::Refused,
                    format!(
                        "The {}{what} names a {}, and {} is none here. I changed nothing.",
                        field.label(),
                        kinds.join(" or "),
                        code(&tokens_raw(&value_tokens))
                    ),
                ));
            }
            let mut pointers = Vec::new();
            for r in &value_refs {
                let r = narrow(r, |i| kinds.contains(&scene.components[i].kind));
                let target = match &r.target {
                    Target::Existing(i) if !kinds.contains(&scene.components[*i].kind) => {
                        return Some(Reply::answer(
                            ReplyKind::Refused,
                            format!(
                                "The {} takes a {}, and {} is a {}. I changed nothing.",
                                field.label(),
                                kinds.join(" or "),
                                code(&scene.components[*i].name),
                                scene.components[*i].kind
                            ),
                        ))
                    }
                    Target::Ambiguous(c) => return Some(clarify(scene, &a.raw(r.start, r.end), c)),
                    Target::Missing { text, kind } => {
                        return Some(missing(
                            scene,
                            text,
                            kind.as_deref().or(kinds.first().map(String::as_str)),
                        ))
                    }
                    t => t.clone(),
                };
                match ensure(&mut work, &target) {
                    Ok(p) => pointers.push(p),
                    Err(e) => return Some(could_not("", &e)),
                }
            }
            let only = a.has(&["only", "just", "exclusively"]);
            if multiple && (pointers.len() > 1 || only) {
                let names: Vec<Value> = pointers
                    .iter()
                    .filter_map(|p| p.tokens().last().cloned())
                    .map(Value::String)
                    .collect();
                if let Err(e) = work.apply(vec![EditOp::Set {
                    path: field_ptr.clone(),
                    value: Value::Array(names.clone()),
                }]) {
                    return Some(could_not("", &e));
                }
                work.done.push(format!(
                    "{}: {} set to {}",
                    code(&pointer.to_string()),
                    field.key,
                    code(&Value::Array(names).to_string())
                ));
            } else {
                for p in pointers {
                    if let Err(e) = connect_in(&mut work, &pointer, &field.key, &p) {
                        return Some(could_not("", &e));
                    }
                }
            }
            continue;
        }
        let current = lookup(&work.value, &field_ptr).cloned();
        let value = match convert(&field, &value_tokens, current.as_ref(), relative) {
            Ok(v) => v,
            Err(why) => {
                return Some(Reply::answer(
                    ReplyKind::Refused,
                    format!("{why}. I changed nothing."),
                ))
            }
        };
        if current.as_ref() == Some(&value) {
            work.notes.push(format!(
                "{} is already {}.",
                code(&field_ptr.to_string()),
                code(&value.to_string())
            ));
            continue;
        }
        // A list gets the items added unless the request sets it ("expose port 8080",
        // "add tax advice to the denied topics"; "set … to …" replaces).
        let value = match (&value, &current) {
            (Value::Array(new), Some(Value::Array(old)))
                if !matches!(a.first_verb().map(|(_, v)| v), Some(Verb::Set | Verb::Make))
                    || a.has(&["also", "too", "another"]) =>
            {
                let mut all = old.clone();
                all.extend(new.iter().filter(|v| !old.contains(v)).cloned());
                Value::Array(all)
            }
            _ => value,
        };
        if current.as_ref() == Some(&value) {
            continue;
        }
        // A field inside maps that are not there yet: the maps with it.
        pending.push(set_creating(&work.value, &field_ptr, value.clone()));
        // "switch the smart model to claude-opus-4": a model identifier of another family
        // than the model's provider serves moves the model to a provider that serves it.
        if let (Some(i), Value::String(id)) = (comp, &value) {
            if field.key == "name" && scene.components[i].kind == "model" {
                if let Some(edit) = resolve::provider_switch(&mut work, scene, &field_ptr, id) {
                    match edit {
                        Ok(op) => pending.push(op),
                        Err(e) => return Some(could_not("", &e)),
                    }
                }
            }
        }
        let shown = shown(&value);
        // A field found from the document's root is told by the component it is in.
        let holder = comp.or_else(|| scene.holder(&field_ptr));
        let what = holder.map_or_else(
            || "the document".to_string(),
            |i| format!("the {}", scene.label(i)),
        );
        let was = was(current.as_ref());
        work.done
            .push(format!("{} of {what}: {shown}{was}", field.title));
    }
    if let Err(e) = work.apply(pending) {
        return Some(could_not("", &e));
    }
    if let Err(e) = fill_switched_variants(&mut work) {
        return Some(could_not("", &e));
    }
    Some(work.finish(&format!("I propose setting the {headline_field}:")))
}

/// "switch the history memory to redis": a component whose variant changed gets what a new
/// component of that variant would have and it lacks (a redis memory's `url`), said in the
/// reply; what it has stays.
fn fill_switched_variants(work: &mut Work<'_>) -> Result<(), String> {
    let scene = work.scene;
    for (i, c) in scene.components.iter().enumerate() {
        let Some(field) = scene.kind(&c.kind).and_then(|k| k.variant_field.clone()) else {
            continue;
        };
        let Some(now) = lookup(&work.value, &c.pointer.join(field.clone())).cloned() else {
            continue;
        };
        if c.variant.as_deref() == now.as_str() || c.variant.is_none() {
            continue;
        }
        let Some(variant) = scene
            .palette
            .kind(&c.kind)
            .and_then(|k| k.variants.iter().find(|v| v.value.as_ref() == Some(&now)))
            .map(|v| v.name.clone())
        else {
            continue;
        };
        let Ok(fresh) = work.design().new_component(&c.kind, Some(&variant), None) else {
            continue;
        };
        let Some(have) = lookup(&work.value, &c.pointer)
            .and_then(Value::as_object)
            .cloned()
        else {
            continue;
        };
        let Some(fresh) = fresh.value.as_object() else {
            continue;
        };
        for (key, value) in fresh {
            if have.contains_key(key) {
                continue;
            }
            work.apply(vec![EditOp::Set {
                path: c.pointer.join(key.clone()),
                value: value.clone(),
            }])?;
            work.done.push(format!(
                "{} of the {}: {}, as a new {} {} would have it",
                code(key),
                scene.label(i),
                code(&match value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                }),
                variant,
                c.kind
            ));
        }
    }
    Ok(())
}

pub(super) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// "turn on prompt logging for audit_log", "disable pii blocking on safety".
pub(super) fn toggle(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let turn = a
        .find(&["turn", "switch", "flip"], 0)
        .and_then(|i| a.tokens.get(i + 1).map(|t| (i, t.norm.clone())))
        .or_else(|| {
            // "turn prompt logging on"
            a.find(&["turn", "switch"], 0).and_then(|i| {
                a.find(&["on", "off"], i + 1)
                    .map(|j| (i, a.tokens[j].norm.clone()))
            })
        });
    let on = if a.has_verb(Verb::Enable) {
        true
    } else if a.has_verb(Verb::Disable) {
        false
    } else {
        match turn {
            Some((_, w)) if w == "on" => true,
            Some((_, w)) if w == "off" || w == "of" => false,
            _ => return None,
        }
    };
    let all = refs(a, scene);
    let target_refs: Vec<Ref> = all
        .iter()
        .filter(|r| !matches!(r.target, Target::New(_)))
        .cloned()
        .collect();
    let covered = |i: usize| target_refs.iter().any(|r| r.start <= i && i < r.end);
    let words: Vec<String> = (0..a.len())
        .filter(|&i| !covered(i))
        .filter(|&i| {
            !a.tokens[i].is_any(FILLER)
                && !a.tokens[i].is_any(&["turn", "switch", "flip", "on", "off", "of"])
        })
        .filter(|&i| !matches!(a.uses[i], Use::Verb(_)))
        .filter(|&i| !a.kinds.iter().any(|k| k.at == i && (k.all || k.plural)))
        .flat_map(|i| word_stems(&a.tokens[i]))
        .collect();
    if words.is_empty() {
        return None;
    }
    let booleans = |i: usize| -> Vec<FieldInfo> {
        scene
            .fields_of(i)
            .into_iter()
            .filter(|f| matches!(f.input, Input::Boolean))
            .collect()
    };
    let mut targets: Vec<usize> = all_of_kinds(a, scene, 0, a.len());
    for r in &target_refs {
        let r = narrow(r, |i| {
            matches!(best_field(&booleans(i), &words), Ok(Some(_)))
        });
        match existing(scene, a, &r) {
            Ok(i) => targets.push(i),
            Err(reply) => return Some(reply),
        }
    }
    if targets.is_empty() {
        if let Some(r) = all.iter().find(|r| matches!(r.target, Target::New(_))) {
            if let Target::New(spec) = &r.target {
                return Some(Reply::answer(
                    ReplyKind::Refused,
                    format!(
                        "There is no {} in this document. I changed nothing.",
                        spec.describe()
                    ),
                ));
            }
        }
        targets = (0..scene.components.len())
            .filter(|&i| {
                let fs = booleans(i);
                matches!(best_field(&fs, &words), Ok(Some(f)) if has_field(scene, i, f))
            })
            .collect();
        if targets.len() > 1 {
            let names: Vec<String> = targets.iter().take(12).map(|&i| scene.label(i)).collect();
            return Some(Reply::answer(
                ReplyKind::Clarify,
                format!(
                    "Several components have that switch: {}. Which one (or say \"for all …\")? I changed nothing.",
                    join_and(&names)
                ),
            ));
        }
    }
    if targets.is_empty() {
        return None;
    }
    let mut work = Work::new(scene);
    let mut title = String::new();
    for i in targets {
        let fields = booleans(i);
        let (field, p) = match best_field(&fields, &words) {
            Ok(Some(field)) => (
                field.clone(),
                scene.components[i].pointer.join(field.key.clone()),
            ),
            _ => match enabled_switch(scene, i, &words) {
                Some(found) => found,
                None => continue,
            },
        };
        let field = &field;
        title = field.label();
        if lookup(&work.value, &p) == Some(&Value::Bool(on)) {
            work.notes
                .push(format!("{} is already {on}.", code(&p.to_string())));
            continue;
        }
        if let Err(e) = work.apply(vec![EditOp::Set {
            path: p,
            value: Value::Bool(on),
        }]) {
            return Some(could_not("", &e));
        }
        work.done.push(format!(
            "{} of the {}: {}",
            field.title,
            scene.label(i),
            if on { "on" } else { "off" }
        ));
    }
    if title.is_empty() {
        return None;
    }
    Some(work.finish(&format!(
        "I propose turning {} {title}:",
        if on { "on" } else { "off" }
    )))
}

/// "turn off the vendor exporter's retries": an object field the words name, switched by
/// its `enabled` field (`retry_on_failure.enabled`).
fn enabled_switch(scene: &Scene, i: usize, words: &[String]) -> Option<(FieldInfo, Pointer)> {
    let pointer = scene.components[i].pointer.clone();
    let objects: Vec<FieldInfo> = scene
        .fields_of(i)
        .into_iter()
        .filter(|f| matches!(f.input, Input::Object { .. } | Input::Variants { .. }))
        .collect();
    let f = match best_field(&objects, words) {
        Ok(Some(f)) => f.clone(),
        _ => return None,
    };
    let parent = pointer.join(f.key.clone());
    let mut probe = scene.value.clone();
    if lookup(&probe, &parent).is_none() {
        let op = EditOp::Set {
            path: parent.clone(),
            value: Value::Object(serde_json::Map::new()),
        };
        trellis_core::model::apply(&mut probe, &op).ok()?;
    }
    let s = scene
        .fields_at(&probe, &parent)
        .into_iter()
        .find(|s| s.key == "enabled" && matches!(s.input, Input::Boolean))?;
    Some((
        FieldInfo {
            title: f.title.clone(),
            ..s.clone()
        },
        parent.join(s.key),
    ))
}

/// A field below the component ("the healthcheck interval of db", "the otlp grpc
/// endpoint", "the writer's memory ttl"): object fields named by some of the words (or,
/// when they are there already, passed through unnamed: `protocols` in "grpc endpoint"),
/// down to a field the rest of the words name; a reference field named by a word leads to
/// the one component it names. Only one path may fit best; a tie is no answer.
fn nested_field(
    scene: &Scene,
    pointer: &Pointer,
    fields: &[FieldInfo],
    words: &[String],
) -> Option<(FieldInfo, Pointer)> {
    let mut found: Vec<(usize, FieldInfo, Pointer)> = Vec::new();
    deep_fields(
        scene,
        &scene.value,
        pointer,
        fields,
        words,
        3,
        0,
        &mut found,
    );
    // Through a reference: "the writer's memory ttl" is the ttl of the memory it uses.
    for f in fields {
        let Some((kinds, false)) = f.reference() else {
            continue;
        };
        let rest: Vec<String> = words
            .iter()
            .filter(|w| !names_word(f, w))
            .cloned()
            .collect();
        if rest.len() == words.len() || rest.is_empty() {
            continue;
        }
        let Some(name) = lookup(&scene.value, &pointer.join(f.key.clone())).and_then(Value::as_str)
        else {
            continue;
        };
        let target: Vec<usize> = scene
            .components
            .iter()
            .enumerate()
            .filter(|(_, c)| kinds.contains(&c.kind) && c.name == name)
            .map(|(i, _)| i)
            .collect();
        let [t] = target.as_slice() else {
            continue;
        };
        let sub = scene.fields_of(*t);
        let at = scene.components[*t].pointer.clone();
        match best_field(&sub, &rest) {
            Ok(Some(s)) => {
                found.push((words.len() - rest.len(), s.clone(), at.join(s.key.clone())))
            }
            _ => deep_fields(
                scene,
                &scene.value,
                &at,
                &sub,
                &rest,
                2,
                words.len() - rest.len(),
                &mut found,
            ),
        }
    }
    // A field whose key is the words themselves ("max retries": `max_retries`) wins over
    // one some of whose words were read from the path (`retry/max_attempts`).
    let exact: Vec<&(usize, FieldInfo, Pointer)> = found
        .iter()
        .filter(|(_, f, _)| {
            let key = split_words_stems(&f.key);
            words.len() > 1 && key.len() == words.len() && words.iter().all(|w| key.contains(w))
        })
        .collect();
    let exact = match exact.as_slice() {
        [_, _, ..] => exact
            .into_iter()
            .filter(|(_, _, p)| lookup(&scene.value, p).is_some())
            .collect(),
        _ => exact,
    };
    if let [(_, f, p)] = exact.as_slice() {
        return Some((f.clone(), p.clone()));
    }
    let top = found.iter().map(|(n, _, _)| *n).max()?;
    let mut best: Vec<(FieldInfo, Pointer)> = found
        .into_iter()
        .filter(|(n, _, _)| *n == top)
        .map(|(_, f, p)| (f, p))
        .collect();
    best.dedup_by(|x, y| x.1 == y.1);
    match best.len() {
        1 => best.pop(),
        _ => None,
    }
}

/// Whether a word names the field (its key's or title's words, or close to one).
fn names_word(f: &FieldInfo, w: &str) -> bool {
    f.stems
        .iter()
        .any(|s| s == w || (w.len() > 4 && s.len() > 4 && close(w, s)))
        || (w == "memory" && f.stems.iter().any(|s| s == "mem"))
        || (w == "mem" && f.stems.iter().any(|s| s == "memory"))
}

/// The fields below `pointer` the words reach (see [`nested_field`]), each with how many
/// words named the objects on the way.
#[allow(clippy::too_many_arguments)]
fn deep_fields(
    scene: &Scene,
    value: &Value,
    pointer: &Pointer,
    fields: &[FieldInfo],
    words: &[String],
    depth: usize,
    named: usize,
    found: &mut Vec<(usize, FieldInfo, Pointer)>,
) {
    if depth == 0 || words.is_empty() {
        return;
    }
    for f in fields.iter().filter(|f| {
        matches!(
            f.input,
            Input::Object { .. } | Input::Any | Input::Variants { .. }
        )
    }) {
        let rest: Vec<String> = words
            .iter()
            .filter(|w| !names_word(f, w))
            .cloned()
            .collect();
        if rest.is_empty() {
            continue;
        }
        let parent = pointer.join(f.key.clone());
        let present = lookup(value, &parent).is_some_and(Value::is_object);
        let unnamed = rest.len() == words.len();
        // An object passed through without being named must be there already.
        if unnamed && !present {
            continue;
        }
        let mut probe;
        let value = if present {
            value
        } else {
            probe = value.clone();
            let op = EditOp::Set {
                path: parent.clone(),
                value: Value::Object(serde_json::Map::new()),
            };
            if trellis_core::model::apply(&mut probe, &op).is_err() {
                continue;
            }
            &probe
        };
        let here = named + (words.len() - rest.len());
        let sub = scene.fields_at(value, &parent);
        match best_field(&sub, &rest) {
            Ok(Some(s)) => found.push((here, s.clone(), parent.join(s.key.clone()))),
            _ => deep_fields(scene, value, &parent, &sub, &rest, depth - 1, here, found),
        }
    }
}

/// "make arxiv use POST", "switch audit_log to debug": a value of one of the component's
/// enumerated fields, written without the field. Only an exact option of exactly one
/// field of exactly one named component; anything else is left to the other readings.
pub(super) fn set_option(a: &Analysis, scene: &Scene) -> Option<Reply> {
    if a.verbs().iter().any(|(_, v)| {
        matches!(
            v,
            Verb::Add
                | Verb::Remove
                | Verb::Rename
                | Verb::Connect
                | Verb::Disconnect
                | Verb::Give
                | Verb::Let
                | Verb::Delegate
                | Verb::Depend
        )
    }) {
        return None;
    }
    // A value word read as a new component of that value ("detailed" as an exporter whose
    // verbosity is detailed) is the value here.
    let all: Vec<Ref> = refs(a, scene)
        .into_iter()
        .filter(|r| {
            !(matches!(r.target, Target::New(_))
                && (r.start..r.end).all(|i| a.uses[i] == Use::Value))
        })
        .collect();
    if all.iter().any(|r| !matches!(r.target, Target::Existing(_))) {
        return None;
    }
    let [Ref {
        target: Target::Existing(target),
        start: rs,
        end: re,
    }] = all.as_slice()
    else {
        return None;
    };
    let (target, rs, re) = (*target, *rs, *re);
    let fields = scene.fields_of(target);
    let variant_field = scene
        .kind(&scene.components[target].kind)
        .and_then(|k| k.variant_field.clone());
    // Each word outside the name that is an option of a field, exactly.
    let mut hits: Vec<(usize, &FieldInfo, Value)> = Vec::new();
    for i in (0..a.len()).filter(|&i| i < rs || i >= re) {
        let t = &a.tokens[i];
        if matches!(a.uses[i], Use::Number | Use::Mention | Use::Kind) {
            continue;
        }
        let key = name_key(&t.raw);
        for f in &fields {
            if Some(&f.key) == variant_field.as_ref() || f.reference().is_some() {
                continue;
            }
            // Enumerated values, and the examples of a text field (`always` for a
            // restart policy).
            let mut options: Vec<&Value> = f.options();
            if matches!(f.input, Input::Text { .. }) {
                options.extend(f.examples.iter().filter(|e| e.is_string()));
            }
            for o in options {
                if o.as_str().is_some_and(|s| name_key(s) == key)
                    && !hits.iter().any(|(j, g, _)| *j == i && g.key == f.key)
                {
                    hits.push((i, f, o.clone()));
                }
            }
        }
    }
    // A value several fields take: the one whose own words are written too ("restart
    // always" is the restart policy, not the pull policy).
    if hits.len() > 1 {
        let named: Vec<(usize, &FieldInfo, Value)> = hits
            .iter()
            .filter(|(at, f, _)| {
                (0..a.len())
                    .filter(|&i| i != *at && (i < rs || i >= re))
                    .any(|i| word_stems(&a.tokens[i]).iter().any(|s| f.stems.contains(s)))
            })
            .cloned()
            .collect();
        if named.len() == 1 {
            hits = named;
        }
    }
    let [(at, field, value)] = hits.as_slice() else {
        return None;
    };
    // The other words must be few and plain: a verb, filler, the field's own words.
    let extra = (0..a.len())
        .filter(|&i| (i < rs || i >= re) && i != *at)
        .filter(|&i| matches!(a.uses[i], Use::Free))
        .filter(|&i| !a.tokens[i].is_any(FILLER))
        .filter(|&i| {
            !a.tokens[i].is_any(&[
                "use", "uses", "using", "switch", "change", "set", "make", "to", "instead",
                "method", "please", "as", "be", "now",
            ])
        })
        .filter(|&i| {
            // The field's words, also in another form ("verbose" for `verbosity`).
            !word_stems(&a.tokens[i]).iter().any(|s| {
                field.stems.contains(s)
                    || (s.len() >= 5
                        && field.stems.iter().any(|f| f.len() >= 5 && f[..5] == s[..5]))
            })
        })
        .filter(|&i| !a.tokens[i].is_any(&["more", "less", "output", "a", "bit", "lot"]))
        .count();
    if extra > 1 {
        return None;
    }
    let pointer = scene.components[target].pointer.join(field.key.clone());
    let current = lookup(&scene.value, &pointer).cloned();
    let shown = shown(value);
    if current.as_ref() == Some(value) {
        return Some(Reply::answer(
            ReplyKind::Answer,
            format!(
                "The {} of the {} is already {shown}; I changed nothing.",
                field.label(),
                scene.label(target)
            ),
        ));
    }
    let mut work = Work::new(scene);
    if let Err(e) = work.apply(vec![EditOp::Set {
        path: pointer,
        value: value.clone(),
    }]) {
        return Some(could_not("", &e));
    }
    let was = was(current.as_ref());
    work.done.push(format!(
        "{} of the {}: {shown}{was}",
        field.title,
        scene.label(target)
    ));
    Some(work.finish(&format!("I propose setting the {}:", field.label())))
}

/// "set retry backoff to 1.5", "increase the openai retries to 6": a word that reaches a
/// component only as another name for it (a variant word, a stem of its name) is a field
/// of a component the request names by name, when it names one of its fields.
fn field_like_refs_dropped(a: &Analysis, scene: &Scene, refs: Vec<Ref>) -> Vec<Ref> {
    let by_name = |r: &Ref| match r.target {
        Target::Existing(i) => {
            name_key(&a.raw(r.start, r.end)) == name_key(&scene.components[i].name)
                || a.mention_at(r.start).is_some_and(|m| {
                    m.kind_at.is_some() && name_key(&m.text) == name_key(&scene.components[i].name)
                })
        }
        _ => true,
    };
    let named: Vec<usize> = refs
        .iter()
        .filter(|r| by_name(r))
        .filter_map(|r| match r.target {
            Target::Existing(i) => Some(i),
            _ => None,
        })
        .collect();
    if named.is_empty() {
        // "set max retries to 3": "retries" names the retry middleware, but "max retries"
        // is word for word the `max_retries` of a provider.
        return refs
            .into_iter()
            .filter(|r| {
                if !matches!(r.target, Target::Existing(_)) || r.start == 0 {
                    return true;
                }
                let from = (r.start.saturating_sub(2)..r.start)
                    .find(|&i| (i..r.start).all(|j| a.uses[j] == Use::Free))
                    .unwrap_or(r.start);
                let phrase: Vec<String> = (from..r.end)
                    .flat_map(|i| word_stems(&a.tokens[i]))
                    .collect();
                phrase.len() < 2
                    || !(0..scene.components.len()).any(|j| {
                        scene.fields_of(j).iter().any(|f| {
                            let key = split_words_stems(&f.key);
                            key.len() == phrase.len() && phrase.iter().all(|w| key.contains(w))
                        })
                    })
            })
            .collect();
    }
    refs.into_iter()
        .filter(|r| {
            if by_name(r) || !matches!(r.target, Target::Existing(_)) {
                return true;
            }
            let words: Vec<String> = (r.start..r.end)
                .flat_map(|i| word_stems(&a.tokens[i]))
                .collect();
            !named
                .iter()
                .any(|&j| matches!(best_field(&scene.fields_of(j), &words), Ok(Some(_))))
        })
        .collect()
}

/// The stems of a key's words.
fn split_words_stems(key: &str) -> Vec<String> {
    crate::offline::scene::split_words(key)
        .iter()
        .map(|w| crate::offline::text::stem(w))
        .collect()
}

/// "lower the rate limit to 300 per minute", between `requests_per_minute` and
/// `tokens_per_minute`: a rate limit counts requests unless tokens are said.
fn plain_rate<'f>(a: &Analysis, tied: &[&'f FieldInfo]) -> Option<&'f FieldInfo> {
    if a.tokens.iter().any(|t| t.stem() == "token") {
        return None;
    }
    let counts = |f: &FieldInfo, what: &str| f.stems.iter().any(|s| s == what);
    if !tied.iter().any(|f| counts(f, "token")) {
        return None;
    }
    match tied
        .iter()
        .filter(|f| counts(f, "request"))
        .collect::<Vec<_>>()
        .as_slice()
    {
        [f] => Some(**f),
        _ => None,
    }
}

/// Of fields the words fit equally, the one whose unit the request says ("2048 MiB":
/// `limit_mib`, not `limit_percentage`; "80%": the percentage).
fn by_unit<'f>(a: &Analysis, tied: &[&'f FieldInfo]) -> Option<&'f FieldInfo> {
    const UNITS: &[(&[&str], &str)] = &[
        (&["mib", "mb", "megabytes", "megs"], "mib"),
        (&["gib", "gb", "gigabytes"], "gib"),
        // A field counted in MiB takes gigabytes too (2 GiB is 2048).
        (&["gib", "gb", "gigabytes", "g"], "mib"),
        (&["%", "percent", "percentage", "pct"], "percent"),
        (&["seconds", "second", "secs", "sec", "s"], "seconds"),
        (&["ms", "milliseconds", "millisecond"], "ms"),
        (&["minutes", "minute", "mins", "min"], "minutes"),
    ];
    let said: Vec<&str> = UNITS
        .iter()
        .filter(|(words, _)| {
            a.tokens.iter().any(|t| {
                words.contains(&t.norm.as_str())
                    || words.iter().any(|w| {
                        t.norm.len() > w.len()
                            && t.norm.ends_with(w)
                            && t.norm[..t.norm.len() - w.len()].parse::<f64>().is_ok()
                    })
            })
        })
        .map(|(_, unit)| *unit)
        .collect();
    let fits: Vec<&&FieldInfo> = tied
        .iter()
        .filter(|f| {
            let text = format!("{} {}", f.key, f.title).to_lowercase();
            said.iter().any(|u| text.contains(u))
        })
        .collect();
    match fits.as_slice() {
        [f] => Some(**f),
        _ => None,
    }
}
