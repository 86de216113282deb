//! New components with what they need, and one component added to many.

use super::*;

/// "add a researcher agent using gpt-4o that can search the web, with redis memory",
/// "add rate limiting to all agents", "add the web_search tool to the writer".
pub(super) fn add(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let verb_at = a
        .verbs()
        .into_iter()
        .find(|(_, v)| matches!(v, Verb::Add | Verb::Make | Verb::Enable))
        .map(|(i, _)| i)
        // "turn on caching for the writer": what is switched on follows "on".
        .or_else(|| {
            let turn = a.find(&["turn", "switch"], 0)?;
            a.tokens
                .get(turn + 1)
                .is_some_and(|t| t.is("on"))
                .then_some(turn + 1)
        })?;
    let all = refs(a, scene);
    // "… to all agents", "… for the researcher": the components that get the new one.
    let to_at = (verb_at + 1..a.len()).find(|&i| {
        (a.tokens[i].is_any(&["to", "for", "on", "into", "across", "around"])
            || (a.tokens[i].is("of") && i > 0 && a.tokens[i - 1].is("front")))
            // "… that delegates to the writer" describes the new component.
            && !(i > 0
                && matches!(
                    a.uses[i - 1],
                    Use::Verb(Verb::Delegate | Verb::Depend | Verb::Connect | Verb::Use)
                ))
            && (all.iter().any(|r| r.start > i && !matches!(r.target, Target::New(_)))
                || a.kinds.iter().any(|k| k.at > i && (k.all || k.plural)))
    });
    // The object: what comes right after the verb.
    let object_end = to_at.unwrap_or(a.len());
    let kind_word = a
        .kinds
        .iter()
        .find(|k| k.at > verb_at && k.at < object_end && !k.all)
        .cloned();
    let object_ref = all
        .iter()
        .find(|r| r.start > verb_at && r.start < object_end)
        .cloned();
    if let Some(to) = to_at {
        // "add an agent named critic for the writer" names a new component; "add the
        // arxiv tool to the writer" and "add rate limiting to all agents" link one.
        let names_new = kind_word
            .as_ref()
            .is_some_and(|k| object_ref.as_ref().is_none_or(|r| r.start > k.at + 1));
        // "add a description to the writer": not a component; maybe a field.
        if object_ref.is_none() && kind_word.is_none() {
            return None;
        }
        if !names_new {
            return Some(add_to(a, scene, verb_at, to, object_ref, kind_word));
        }
    }
    // "add a web search tool" when there is one: say so rather than make a second.
    if let (Some(k), Some(r)) = (&kind_word, &object_ref) {
        if let Target::Existing(i) = r.target {
            let same_kind = scene.components[i].kind == k.kind;
            // "add a sqlite memory 'archive' at …": a name right after the kind word.
            let named_after = a.tokens.get(k.at + 1).is_some_and(|t| {
                t.quoted
                    || (a.uses[k.at + 1] == Use::Free
                        && !t.is_any(BREAKS)
                        && !t.is_any(FILLER)
                        && !t.is_any(&["too", "also", "again", "please", "here", "there"])
                        && !t.raw.contains(['/', ':', '.']))
            });
            if same_kind && r.start < k.at + 1 && called(a, verb_at).is_none() && !named_after {
                return Some(Reply::answer(
                    ReplyKind::Answer,
                    format!(
                        "There is already the {}. To add another, give it a name (\"add {} {} called …\"); to give it to a component, say \"add {} to the …\". I changed nothing.",
                        scene.label(i),
                        crate::offline::text::article(&k.kind),
                        k.kind,
                        scene.components[i].name
                    ),
                ));
            }
        }
    }
    // A new component.
    let kind = match (&kind_word, &object_ref) {
        (Some(k), Some(r)) if r.start < k.at => {
            // "a redis memory": the variant's kind; "a writer agent": the kind word.
            match r.kind(scene) {
                Some(rk) if rk == k.kind => k.kind.clone(),
                _ => k.kind.clone(),
            }
        }
        (Some(k), _) => k.kind.clone(),
        (None, Some(r)) => match &r.target {
            Target::New(spec) => spec.kind.clone(),
            Target::Existing(i) => {
                return Some(Reply::answer(
                    ReplyKind::Answer,
                    format!(
                        "The {} exists already. To give it to a component, say e.g. \"add {} to the …\".",
                        scene.label(*i),
                        scene.components[*i].name
                    ),
                ))
            }
            _ => return None,
        },
        (None, None) => return None,
    };
    Some(add_component(
        a,
        scene,
        verb_at,
        &kind,
        kind_word.map(|k| k.at),
        &all,
    ))
}

pub(super) fn add_component(
    a: &Analysis,
    scene: &Scene,
    verb_at: usize,
    kind: &str,
    kind_at: Option<usize>,
    all: &[Ref],
) -> Reply {
    let Some(kind_info) = scene.kind(kind) else {
        return Reply::answer(
            ReplyKind::Refused,
            format!("This document has no {kind} components. I changed nothing."),
        );
    };
    // The variant and values written before the kind word ("a redis memory", "a web
    // search tool").
    let head_end = kind_at.map_or(a.len(), |k| k + 1);
    let mut spec = Spec::of(kind);
    let mut object_span = (verb_at + 1, head_end);
    for r in all
        .iter()
        .filter(|r| r.start > verb_at && r.start < head_end)
    {
        if let Target::New(s) = &r.target {
            if s.kind == kind {
                if s.variant.is_some() {
                    spec.variant = s.variant.clone();
                }
                spec.fields.extend(s.fields.clone());
                if spec.name.is_none() {
                    spec.name = s.name.clone();
                }
                if let Some(id) = &s.model_id {
                    spec.model_id = Some(id.clone());
                }
            }
        }
        if r.end > object_span.1 {
            object_span.1 = r.end;
        }
    }
    // Also a variant phrase for an existing-variant kind ("add another redis memory").
    for v in a
        .variants
        .iter()
        .filter(|v| v.kind == kind && v.start > verb_at && v.end <= head_end)
    {
        spec.variant = Some(v.variant.clone());
    }
    // The name: "called X", else free words right before the kind word, else right after.
    let mut name: Option<String> = None;
    let mut name_span: Option<(usize, usize)> = None;
    if let Some((at, end, n)) = called(a, verb_at) {
        name = Some(n);
        name_span = Some((at, end));
    } else if let Some(k) = kind_at {
        let mut start = k;
        while start > verb_at + 1
            && (a.uses[start - 1] == Use::Free
                // A variant of another kind ("a zipkin exporter" where zipkin is a
                // receiver): a word for this kind's name.
                || (a.uses[start - 1] == Use::Variant
                    && !a
                        .variants
                        .iter()
                        .any(|v| v.kind == kind && v.start < start && start - 1 < v.end))
                || (a.uses[start - 1] == Use::Mention
                    && a.mention_at(start - 1)
                        .is_some_and(|m| m.kind_at == Some(k))))
            && !a.tokens[start - 1].is_any(BREAKS)
        {
            start -= 1;
        }
        if start < k {
            name = Some(join_name(&a.tokens[start..k], Some(scene)));
            name_span = Some((start, k));
        } else if let Some(t) = a.tokens.get(k + 1) {
            // "an exporter listening on 0.0.0.0:8889", "a job running on macos": a
            // participle with its preposition says what the new component does.
            let participle = !t.quoted
                && t.norm.len() > 5
                && t.norm.ends_with("ing")
                && a.tokens.get(k + 2).is_some_and(|n| {
                    n.is_any(&[
                        "on", "to", "at", "for", "from", "in", "into", "with", "against",
                    ])
                });
            if (a.uses[k + 1] == Use::Free || t.quoted) && !t.is_any(BREAKS) && !participle {
                name = Some(t.raw.clone());
                name_span = Some((k + 1, k + 2));
            }
        }
    }
    // "an nginx service called web": a word before the kind that starts an example of
    // one of its text fields (`nginx:1.27-alpine` for `image`) is that field's value.
    if let (Some((at, _, _)), Some(k)) = (called(a, verb_at), kind_at) {
        for i in (verb_at + 1..k.min(at)).filter(|&i| a.uses[i] == Use::Free) {
            let word = a.tokens[i].norm.as_str();
            let field = kind_info.fields.iter().find(|f| {
                matches!(f.input, Input::Text { .. })
                    && f.examples.iter().any(|e| {
                        e.as_str().is_some_and(|e| {
                            e.to_lowercase().starts_with(word)
                                && e[word.len().min(e.len())..].starts_with([':', '/', '@'])
                        })
                    })
            });
            if let Some(f) = field {
                spec.fields
                    .push((f.key.clone(), Value::String(a.tokens[i].raw.clone())));
            } else if kind_info.field("image").is_some()
                && !spec.fields.iter().any(|(k, _)| k == "image")
            {
                // "a redis cache service called cache": a well-known image's name.
                if let Some(image) = lexicon::known_image(word) {
                    spec.fields
                        .push(("image".to_string(), Value::String(image.to_string())));
                }
            }
        }
    }
    // "a loki service using grafana/loki:3.1.0", "a worker running ghcr.io/acme/w:1": an
    // image reference after such a word is the new component's image.
    if kind_info.field("image").is_some() && !spec.fields.iter().any(|(k, _)| k == "image") {
        let image = (verb_at + 1..a.len()).find(|&i| {
            i > 0
                && a.tokens[i - 1]
                    .is_any(&["using", "running", "from", "on", "runs", "uses", "with"])
                && !a.tokens[i].quoted
                && crate::offline::idioms::is_image_ref(&a.tokens[i].raw)
                && a.tokens[i].raw.contains([':', '/'])
        });
        if let Some(i) = image {
            spec.fields
                .push(("image".to_string(), Value::String(a.tokens[i].raw.clone())));
        }
    }
    if let Some(n) = &name {
        // "add a job called lint" when there is one: say so rather than number it.
        if let Some((i, _)) = scene
            .of_kind(kind)
            .find(|(_, c)| name_key(&c.name) == name_key(n))
        {
            return Reply::answer(
                ReplyKind::Answer,
                format!(
                    "There is already the {}. Give the new {kind} another name. I changed nothing.",
                    scene.label(i)
                ),
            );
        }
        spec.name = name.clone();
    }
    if let Some(id) = spec.model_id.clone() {
        if name.is_none() {
            spec.name = Some(id);
        }
    }
    let attr_from = name_span.map_or(object_span.1, |(_, e)| e.max(object_span.1));
    // What the new component refers to, from the rest of the request.
    let mut links: Vec<(String, Target)> = Vec::new();
    let mut reverse: Vec<(usize, String)> = Vec::new();
    let mut ignored: Vec<String> = Vec::new();
    for r in all.iter().filter(|r| r.start != verb_at) {
        let in_object = r.start > verb_at && r.start < object_span.1 && r.end <= head_end;
        if in_object || name_span.is_some_and(|(s, e)| r.start >= s && r.start < e) {
            continue;
        }
        // "… that reviews the writer's drafts": an owner of something else than a
        // component is what the new one works on, not what it refers to.
        if a.tokens[r.end - 1].possessive
            && a.uses.get(r.end).is_some_and(|u| *u != Use::Kind)
            && !a.tokens[r.end - 1].quoted
        {
            continue;
        }
        // "a tool for web browsing": more about the new component itself.
        if let Target::New(s) = &r.target {
            if s.kind == kind && ref_fields(scene, kind, kind).is_empty() {
                if s.variant.is_some() && spec.variant.is_none() {
                    spec.variant = s.variant.clone();
                }
                spec.fields.extend(s.fields.clone());
                if spec.name.is_none() && name.is_none() {
                    spec.name = s.name.clone();
                }
                if s.model_id.is_some() && spec.model_id.is_none() {
                    spec.model_id = s.model_id.clone();
                }
                continue;
            }
        }
        // "add a model named fast using gpt-4o-mini" when a model of that identifier
        // exists: the identifier is the new model's.
        if spec.model_id.is_none() && matches!(r.target, Target::Existing(_)) {
            if let Some((_, id)) = a.model_ids.iter().find(|(i, _)| *i == r.start) {
                let own = scene
                    .components
                    .get(candidates(r).first().copied().unwrap_or(usize::MAX))
                    .is_some_and(|c| c.kind == kind);
                if own {
                    spec.model_id = Some(id.clone());
                    continue;
                }
            }
        }
        // A name that fits several components: the one the new component can refer to,
        // through a field the request's words point at when there is one.
        // The words right before the name first ("… and delegates to the writer").
        let near_from = all
            .iter()
            .filter(|x| x.end <= r.start)
            .map(|x| x.end)
            .max()
            .unwrap_or(verb_at + 1)
            .max(verb_at + 1);
        let r = &narrow(r, |i| {
            hinted_in(
                a,
                &ref_fields(scene, kind, &scene.components[i].kind),
                near_from,
                r.start,
            )
        });
        let r = &narrow(r, |i| {
            hinted(a, &ref_fields(scene, kind, &scene.components[i].kind))
        });
        let r = &narrow(r, |i| {
            pick_field(a, &ref_fields(scene, kind, &scene.components[i].kind)).is_some()
        });
        let Some(rk) = r.kind(scene).map(str::to_string) else {
            continue;
        };
        let fields = ref_fields(scene, kind, &rk);
        if let Some(f) = pick_field(a, &fields) {
            let target = match &r.target {
                Target::Ambiguous(c) => {
                    let kept: Vec<usize> = c
                        .iter()
                        .copied()
                        .filter(|&i| scene.components[i].kind == rk)
                        .collect();
                    if kept.len() == 1 {
                        Target::Existing(kept[0])
                    } else {
                        return clarify(scene, &a.raw(r.start, r.end), c);
                    }
                }
                Target::Missing { text, kind } => return missing(scene, text, kind.as_deref()),
                t => t.clone(),
            };
            links.push((f.key.clone(), target));
            continue;
        }
        if !fields.is_empty() {
            let names: Vec<String> = fields.iter().map(|f| code(&f.key)).collect();
            return Reply::answer(
                ReplyKind::Clarify,
                format!(
                    "Should {} be the new {kind}'s {}? I changed nothing.",
                    code(&a.raw(r.start, r.end)),
                    names.join(" or ")
                ),
            );
        }
        // "add a redis memory for the writer": the other refers to the new one.
        if let Target::Existing(i) = r.target {
            let back = ref_fields(scene, &scene.components[i].kind, kind);
            if let Some(f) = pick_field(a, &back) {
                reverse.push((i, f.key.clone()));
                continue;
            }
        }
        ignored.push(a.raw(r.start, r.end));
    }
    // Plain fields written with a value: "with temperature 0.3", "with image nginx:1.27".
    let mut values: Vec<(String, Value)> = Vec::new();
    let used = |i: usize| {
        all.iter().any(|r| r.start <= i && i < r.end)
            || name_span.is_some_and(|(s, e)| s <= i && i < e)
    };
    let mut i = attr_from;
    while i < a.len() {
        if used(i) || a.tokens[i].is_any(FILLER) || a.tokens[i].is_any(BREAKS) {
            i += 1;
            continue;
        }
        // The longest run of words naming a field, then its value.
        let mut matched: Option<(usize, FieldInfo)> = None;
        for n in (1..=3).rev() {
            if i + n > a.len()
                || (i..i + n).any(|j| used(j) || a.uses[j] == Use::Number || a.tokens[j].quoted)
            {
                continue;
            }
            let words: Vec<String> = a.tokens[i..i + n].iter().map(Token::stem).collect();
            if let Ok(Some(f)) = best_field(&kind_info.fields, &words) {
                if f.reference().is_none() && Some(&f.key) != kind_info.variant_field.as_ref() {
                    matched = Some((n, f.clone()));
                    break;
                }
            }
        }
        let Some((n, field)) = matched else {
            i += 1;
            continue;
        };
        let mut v = i + n;
        while v < a.len() && a.tokens[v].is_any(&["of", "to", "=", "at", "as", "is", "set"]) {
            v += 1;
        }
        let Some(t) = a.tokens.get(v) else {
            break;
        };
        let take = match field.input {
            Input::Text { .. } | Input::Any | Input::Variants { .. } => {
                !t.is_any(BREAKS) && (t.quoted || a.uses[v] != Use::Stop)
            }
            _ => true,
        };
        if take {
            if let Ok(value) = convert(&field, std::slice::from_ref(t), None, None) {
                values.push((field.key.clone(), value));
                i = v + 1;
                continue;
            }
        }
        i += 1;
    }
    // A number right before field words: "100 requests per minute".
    for (at, _) in a.numbers() {
        if at < attr_from && at <= verb_at {
            continue;
        }
        let words: Vec<String> = a.tokens[at + 1..(at + 4).min(a.len())]
            .iter()
            .take_while(|t| !t.is_any(BREAKS) || t.is("per"))
            .map(Token::stem)
            .filter(|w| !FILLER.contains(&w.as_str()))
            .collect();
        for n in (1..=words.len()).rev() {
            if let Ok(Some(f)) = best_field(&kind_info.fields, &words[..n]) {
                if !values.iter().any(|(k, _)| *k == f.key) {
                    if let Ok(v) = convert(f, std::slice::from_ref(&a.tokens[at]), None, None) {
                        values.push((f.key.clone(), v));
                    }
                }
                break;
            }
        }
    }
    // A URL for the kind's one URL field.
    for t in &a.tokens {
        if t.norm.starts_with("http://") || t.norm.starts_with("https://") {
            if values
                .iter()
                .any(|(_, v)| v.as_str() == Some(t.raw.as_str()))
            {
                continue;
            }
            let urls: Vec<&FieldInfo> = kind_info
                .fields
                .iter()
                .filter(|f| {
                    matches!(&f.input, Input::Text { format: Some(fmt), .. } if fmt == "uri")
                        || f.key == "url"
                })
                .collect();
            if urls.len() == 1 && !values.iter().any(|(k, _)| *k == urls[0].key) {
                values.push((urls[0].key.clone(), Value::String(t.raw.clone())));
            }
        }
    }
    // A file path for the kind's path field ("at ./data/history.db").
    for t in &a.tokens {
        let pathlike = !t.norm.contains("://")
            && (t.raw.starts_with("./")
                || t.raw.starts_with("../")
                || t.raw.starts_with('/')
                || t.raw.starts_with("~/"))
            && t.raw.len() > 2;
        if !pathlike
            || values
                .iter()
                .any(|(_, v)| v.as_str() == Some(t.raw.as_str()))
        {
            continue;
        }
        if let Some(f) = kind_info.fields.iter().find(|f| f.key == "path") {
            if !values.iter().any(|(k, _)| *k == f.key) {
                values.push((f.key.clone(), Value::String(t.raw.clone())));
            }
        }
    }
    // "launched with uvx", "started by python3": the kind's command.
    if let Some(f) = kind_info.fields.iter().find(|f| f.key == "command") {
        let at = (1..a.len().saturating_sub(1)).find(|&i| {
            a.tokens[i].is_any(&[
                "launched", "launch", "started", "start", "run", "runs", "spawned", "spawn",
                "executed",
            ]) && a.tokens[i + 1].is_any(&["with", "by", "via", "using", "through"])
        });
        if let Some(i) = at.filter(|i| i + 2 < a.len()) {
            let t = &a.tokens[i + 2];
            if !values.iter().any(|(k, _)| *k == f.key) && !t.is_any(BREAKS) {
                if let Ok(v) = convert(f, std::slice::from_ref(t), None, None) {
                    values.push((f.key.clone(), v));
                }
            }
        }
    }
    // "(npx -y @modelcontextprotocol/server-github)", "running uvx mcp-server-git": a
    // launcher and the arguments after it, for a kind with a command and its arguments.
    if let (Some(cmd), Some(args)) = (
        kind_info.fields.iter().find(|f| f.key == "command"),
        kind_info.fields.iter().find(|f| f.key == "args"),
    ) {
        if let Some((command, list)) = command_line(a, attr_from.min(a.len())) {
            if !values.iter().any(|(k, _)| *k == cmd.key) {
                values.retain(|(_, v)| v.as_str() != Some(command.as_str()));
                values.push((cmd.key.clone(), Value::String(command)));
            }
            if !list.is_empty() && !values.iter().any(|(k, _)| *k == args.key) {
                values.push((
                    args.key.clone(),
                    Value::Array(list.into_iter().map(Value::String).collect()),
                ));
            }
        }
    }
    spec.fields.extend(values);
    // No variant named: the one that takes the fields given (a URL → an HTTP tool).
    if spec.variant.is_none() && !kind_info.variants.is_empty() {
        spec.variant = spec
            .fields
            .iter()
            .find_map(|(k, _)| resolve::variant_for_field(scene, kind, k));
    }
    // "add guardrails that block pii": with no kind word the object is the first word
    // naming the new component, and its switches may follow it.
    let switch_from = match kind_at {
        None => all
            .iter()
            .filter(|r| r.start > verb_at && matches!(&r.target, Target::New(s) if s.kind == kind))
            .map(|r| r.end)
            .min()
            .unwrap_or(attr_from),
        Some(_) => attr_from,
    };
    let said = options(a, scene, &spec, verb_at + 1, a.len())
        .into_iter()
        .chain(switches(a, scene, &spec, switch_from.min(a.len())));
    for (k, v) in said.collect::<Vec<_>>() {
        if !spec.fields.iter().any(|(x, _)| *x == k) {
            spec.fields.push((k, v));
        }
    }
    // Two components for a field that holds one: which is meant is not for a guess.
    for (n, (field, target)) in links.iter().enumerate() {
        let single = kind_info
            .field(field)
            .and_then(FieldInfo::reference)
            .is_some_and(|(_, multiple)| !multiple);
        if single && links[..n].iter().any(|(f, t)| f == field && t != target) {
            return Reply::answer(
                ReplyKind::Clarify,
                format!(
                    "The request names more than one component for the new {kind}'s {}; it takes one. Which should it be? I changed nothing.",
                    code(field)
                ),
            );
        }
    }
    let mut work = Work::new(scene);
    let what = spec.describe();
    let headline = format!(
        "I propose adding {} {what}:",
        crate::offline::text::article(&what)
    );
    // What it needs first, then the component, then its links.
    let mut link_pointers: Vec<(String, Pointer)> = Vec::new();
    for (field, target) in &links {
        match ensure(&mut work, target) {
            Ok(p) => link_pointers.push((field.clone(), p)),
            Err(e) => return could_not(&headline, &e),
        }
    }
    // The designer fills required references with the first component of their kind;
    // when a link will be written there anyway, that default never shows.
    let linked: Vec<String> = link_pointers.iter().map(|(f, _)| f.clone()).collect();
    let pointer = match resolve::create_linked(&mut work, &spec, &linked) {
        Ok(p) => p,
        Err(e) => return could_not(&headline, &e),
    };
    if let Err(e) = give_address(a, &mut work, &pointer) {
        return could_not(&headline, &e);
    }
    for (field, target) in &link_pointers {
        if let Err(e) = connect_in(&mut work, &pointer, field, target) {
            return could_not(&headline, &e);
        }
    }
    for (i, field) in reverse {
        let source = scene.components[i].pointer.clone();
        if let Err(e) = connect_in(&mut work, &source, &field, &pointer) {
            return could_not(&headline, &e);
        }
    }
    let headline = format!(
        "I propose adding the {} {}:",
        spec.kind,
        code(pointer.tokens().last().map_or("", |s| s.as_str()))
    );
    // Required references the request did not name: say which component was chosen.
    if let Some(v) = lookup(&work.value, &pointer) {
        for f in kind_info.fields.iter().filter(|f| f.reference().is_some()) {
            if links.iter().any(|(k, _)| *k == f.key) {
                continue;
            }
            if let Some(name) = v.get(&f.key).and_then(Value::as_str) {
                work.notes.push(format!(
                    "Its {} is {} (the first one there is); say \"use … for {}\" to choose another.",
                    f.label(),
                    code(name),
                    pointer.tokens().last().map_or("", |s| s.as_str())
                ));
            }
        }
    }
    if !ignored.is_empty() {
        work.notes.push(format!(
            "I did not know how to use {} here.",
            join_and(&ignored.iter().map(|s| code(s)).collect::<Vec<_>>())
        ));
    }
    work.finish(&headline)
}

/// Choices for a new component said as a plain word ("add debug logging to all agents":
/// `level: debug`): a word between `from` and `to` that is an option of exactly one of the
/// fields its variant takes.
pub(super) fn options(
    a: &Analysis,
    scene: &Scene,
    spec: &Spec,
    from: usize,
    to: usize,
) -> Vec<(String, Value)> {
    let Some(kind) = scene.kind(&spec.kind) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Value)> = Vec::new();
    for i in from..to.min(a.len()) {
        let t = &a.tokens[i];
        if a.uses[i] != Use::Free || t.quoted || t.norm.len() < 4 {
            continue;
        }
        let fits: Vec<&FieldInfo> = kind
            .fields
            .iter()
            .filter(|f| applies(scene, &spec.kind, spec.variant.as_deref(), f))
            .filter(|f| match &f.input {
                Input::Enum { options } => {
                    options.iter().any(|o| o.as_str() == Some(t.norm.as_str()))
                }
                _ => false,
            })
            .collect();
        if let [f] = fits.as_slice() {
            if !out.iter().any(|(k, _)| *k == f.key) {
                out.push((f.key.clone(), Value::String(t.norm.clone())));
            }
        }
    }
    out
}

/// On/off fields of a new component the request names ("guardrails that block pii",
/// "logging without prompts" → off).
pub(super) fn switches(
    a: &Analysis,
    scene: &Scene,
    spec: &Spec,
    from: usize,
) -> Vec<(String, Value)> {
    let Some(kind) = scene.kind(&spec.kind) else {
        return Vec::new();
    };
    let stems: Vec<(usize, String)> = (from..a.len()).map(|i| (i, a.tokens[i].stem())).collect();
    let mut out = Vec::new();
    for f in kind
        .fields
        .iter()
        .filter(|f| matches!(f.input, Input::Boolean))
    {
        if !applies(scene, &spec.kind, spec.variant.as_deref(), f) {
            continue;
        }
        let key_stems: Vec<String> = crate::offline::scene::split_words(&f.key)
            .iter()
            .map(|w| crate::offline::text::stem(w))
            .collect();
        let positions: Vec<usize> = key_stems
            .iter()
            .filter_map(|k| stems.iter().find(|(_, s)| s == k).map(|(i, _)| *i))
            .collect();
        if positions.len() != key_stems.len() || key_stems.is_empty() {
            continue;
        }
        let first = positions.iter().copied().min().unwrap_or(from);
        let negated = (first.saturating_sub(2)..first)
            .any(|i| a.tokens[i].is_any(&["no", "not", "without", "don't", "never"]));
        out.push((f.key.clone(), Value::Bool(!negated)));
    }
    out
}

/// "add rate limiting to all agents", "add the arxiv tool to the writer and the planner".
pub(super) fn add_to(
    a: &Analysis,
    scene: &Scene,
    verb_at: usize,
    to: usize,
    object: Option<Ref>,
    kind_word: Option<crate::offline::analysis::KindWord>,
) -> Reply {
    let all = refs(a, scene);
    let mut object = match object {
        Some(r) => r,
        None => {
            // "add a tool to the writer" without saying which: ask.
            let kind = kind_word.map_or_else(|| "component".to_string(), |k| k.kind);
            return Reply::answer(
                ReplyKind::Clarify,
                format!("Which {kind} should I add? Name it, e.g. \"add the web search tool to the writer\". I changed nothing."),
            );
        }
    };
    // The object's numbers: "rate limiting of 100 requests per minute".
    let mut extra: Vec<(String, Value)> = Vec::new();
    if let Target::New(spec) = &object.target {
        if let Some(kind_info) = scene.kind(&spec.kind) {
            for (at, _) in a
                .numbers()
                .into_iter()
                .filter(|(at, _)| *at > verb_at && *at < to)
            {
                // The field's words after the number ("100 requests per minute"), else
                // before it ("a sample rate of 0.5").
                let stems = |from: usize, to: usize| -> Vec<String> {
                    a.tokens[from..to]
                        .iter()
                        .map(Token::stem)
                        .filter(|w| !FILLER.contains(&w.as_str()))
                        .collect()
                };
                let after = stems(at + 1, (at + 4).min(to));
                let before = stems(at.saturating_sub(4).max(verb_at + 1), at);
                let found = (1..=after.len())
                    .rev()
                    .find_map(|n| best_field(&kind_info.fields, &after[..n]).ok().flatten())
                    .or_else(|| {
                        (0..before.len()).find_map(|n| {
                            best_field(&kind_info.fields, &before[n..]).ok().flatten()
                        })
                    });
                if let Some(f) = found {
                    if let Ok(v) = convert(f, std::slice::from_ref(&a.tokens[at]), None, None) {
                        extra.push((f.key.clone(), v));
                    }
                }
            }
        }
    }
    if let Target::New(spec) = &object.target {
        let found = switches(a, scene, spec, verb_at + 1);
        extra.extend(found);
        extra.extend(options(a, scene, spec, verb_at + 1, to));
    }
    if let Target::New(spec) = &mut object.target {
        spec.fields.extend(extra);
        if let Some((_, _, n)) = called(a, verb_at).filter(|(at, _, _)| *at < to) {
            spec.name = Some(n);
        } else if let Some(t) = a
            .tokens
            .get(object.end)
            .filter(|t| t.quoted && object.end < to)
        {
            // "add a redis memory 'sessions' to chat": the quoted name after the kind.
            spec.name = Some(t.raw.clone());
        }
    }
    let object_kind = match object.kind(scene) {
        Some(k) => k.to_string(),
        None => return could_not("", "I could not tell what to add"),
    };
    // The receivers.
    let mut receivers: Vec<usize> = all_of_kinds(a, scene, to, a.len());
    for r in all
        .iter()
        .filter(|r| r.start > to && !matches!(r.target, Target::New(_)))
    {
        let r = narrow(r, |i| {
            !ref_fields(scene, &scene.components[i].kind, &object_kind).is_empty()
        });
        match existing(scene, a, &r) {
            Ok(i) => receivers.push(i),
            Err(reply) => return reply,
        }
    }
    receivers.sort_unstable();
    receivers.dedup();
    if receivers.is_empty() {
        let kinds: Vec<String> = a
            .kinds
            .iter()
            .filter(|k| k.at > to)
            .map(|k| crate::offline::describe::plural(&k.kind))
            .collect();
        return Reply::answer(
            ReplyKind::Refused,
            format!(
                "There is nothing to add it to: this document has no {} yet. I changed nothing.",
                if kinds.is_empty() {
                    "such components".to_string()
                } else {
                    kinds.join(" or ")
                }
            ),
        );
    }
    let object = match &object.target {
        Target::Ambiguous(c) => {
            let kept: Vec<usize> = c
                .iter()
                .copied()
                .filter(|&i| scene.components[i].kind == object_kind)
                .collect();
            if kept.len() == 1 {
                Ref {
                    target: Target::Existing(kept[0]),
                    ..object.clone()
                }
            } else {
                return clarify(scene, &a.raw(object.start, object.end), c);
            }
        }
        Target::Missing { text, kind } => return missing(scene, text, kind.as_deref()),
        _ => object,
    };
    let label = match &object.target {
        Target::Existing(i) => scene.label(*i),
        Target::New(spec) => format!("a new {}", spec.describe()),
        _ => String::new(),
    };
    let mut work = Work::new(scene);
    let target = match ensure(&mut work, &object.target) {
        Ok(p) => p,
        Err(e) => return could_not(&format!("I propose adding {label}:"), &e),
    };
    // "a logs pipeline from otlp to debug": components the new one lists in its own
    // fields are its contents, not where it goes.
    if matches!(object.target, Target::New(_)) {
        let made = crate::offline::scene::lookup(&work.value, &target).cloned();
        let lists = |i: usize| {
            let name = Value::String(scene.components[i].name.clone());
            made.as_ref().and_then(Value::as_object).is_some_and(|m| {
                m.values()
                    .any(|v| v == &name || v.as_array().is_some_and(|l| l.contains(&name)))
            })
        };
        receivers.retain(|&i| {
            !ref_fields(scene, &scene.components[i].kind, &object_kind).is_empty() || !lists(i)
        });
    }
    let names: Vec<String> = receivers.iter().map(|&i| scene.label(i)).collect();
    let headline = if names.is_empty() {
        format!("I propose adding {label}:")
    } else {
        format!("I propose adding {label} to the {}:", join_and(&names))
    };
    if matches!(object.target, Target::New(_)) {
        if let Err(e) = give_address(a, &mut work, &target) {
            return could_not(&headline, &e);
        }
    }
    let mut links: Vec<(Pointer, String, Pointer)> = Vec::new();
    for &i in &receivers {
        let c = &scene.components[i];
        let fields = ref_fields(scene, &c.kind, &object_kind);
        let Some(field) = pick_field(a, &fields) else {
            if fields.is_empty() {
                work.notes.push(format!(
                    "The {} cannot refer to a {object_kind}, so I left it out.",
                    scene.label(i)
                ));
                continue;
            }
            let keys: Vec<String> = fields.iter().map(|f| code(&f.key)).collect();
            return Reply::answer(
                ReplyKind::Clarify,
                format!("Should it go in {}? I changed nothing.", keys.join(" or ")),
            );
        };
        if c.pointer == target {
            continue;
        }
        links.push((c.pointer.clone(), field.key.clone(), target.clone()));
    }
    if let Err(e) = connect_all(&mut work, &links) {
        return could_not(&headline, &e);
    }
    work.finish(&headline)
}

/// An address (`http://collector:4318`, `0.0.0.0:9411`) written in a request that adds a
/// component ("add tracing to all agents, send to http://collector:4318", "add a zipkin
/// receiver on 0.0.0.0:9411 to traces"): set on the new component's one address field
/// (`endpoint`, `url`, `base_url`) once it exists and its own fields are known. Nothing when
/// the request has several addresses, or the component has none or several such fields.
pub(super) fn give_address(a: &Analysis, work: &mut Work<'_>, at: &Pointer) -> Result<(), String> {
    // The new component's own fields, read on the planned document.
    let fields = work.scene.fields_at(&work.value, at);
    give_path(a, work, at, &fields)?;
    let Some((slot, text)) = address_for(a, &fields) else {
        return Ok(());
    };
    let path = at.join(slot.key.clone());
    // What the new component was made with (a default such as `redis://localhost:6379/0`)
    // gives way to the address said; the same address is no change.
    if lookup(&work.value, &path).and_then(Value::as_str) == Some(text.as_str()) {
        return Ok(());
    }
    work.done
        .push(format!("its {} is {}", slot.label(), code(&text)));
    work.apply(vec![EditOp::Set {
        path,
        value: Value::String(text),
    }])
}

/// The one address a request writes, as written.
pub(super) fn said_address(a: &Analysis) -> Option<String> {
    let addresses: Vec<&Token> = a
        .tokens
        .iter()
        .filter(|t| !t.quoted && is_address(&t.raw))
        .collect();
    match addresses.as_slice() {
        [address] => Some(address.raw.trim_end_matches(['.', ',']).to_string()),
        _ => None,
    }
}

/// The one address the request writes, and the one field of `fields` that takes an
/// address (`endpoint`, `url`, `base_url`, a URI).
pub(super) fn address_for<'f>(
    a: &Analysis,
    fields: &'f [FieldInfo],
) -> Option<(&'f FieldInfo, String)> {
    let address = said_address(a)?;
    let slots: Vec<&FieldInfo> = fields
        .iter()
        .filter(|f| {
            f.key == "endpoint"
                || f.key == "url"
                || f.key.ends_with("_url")
                || matches!(&f.input, Input::Text { format: Some(fmt), .. } if fmt == "uri")
        })
        .collect();
    match slots.as_slice() {
        [slot] => Some((*slot, address)),
        _ => None,
    }
}

/// `host:port` with a port of four digits or more, a dotted host or `localhost`
/// (`tempo:4317`, `0.0.0.0:9411`), or a URL — not an image tag (`postgres:16`).
pub(crate) fn is_address(w: &str) -> bool {
    let w = w.trim_end_matches(['.', ',']);
    w.contains("://")
        || w.rsplit_once(':').is_some_and(|(h, p)| {
            !h.is_empty()
                && !h.contains('/')
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
                && !p.is_empty()
                && p.chars().all(|c| c.is_ascii_digit())
                && (p.len() >= 4 || h.contains('.') || h == "localhost")
        })
}

/// A file path written in a request that adds a component ("add a sqlite memory for the
/// planner at ./data/planner.db"): its `path` field, when it has one not set by the request.
fn give_path(
    a: &Analysis,
    work: &mut Work<'_>,
    at: &Pointer,
    fields: &[FieldInfo],
) -> Result<(), String> {
    let paths: Vec<&Token> = a
        .tokens
        .iter()
        .filter(|t| {
            !t.norm.contains("://")
                && (t.raw.starts_with("./")
                    || t.raw.starts_with("../")
                    || t.raw.starts_with("~/")
                    || (t.raw.starts_with('/') && t.raw.len() > 1))
        })
        .collect();
    let [path] = paths.as_slice() else {
        return Ok(());
    };
    let text = path.raw.trim_end_matches(['.', ',']).to_string();
    let Some(slot) = fields.iter().find(|f| f.key == "path") else {
        return Ok(());
    };
    let pointer = at.join(slot.key.clone());
    if lookup(&work.value, &pointer).and_then(Value::as_str) == Some(text.as_str()) {
        return Ok(());
    }
    // A default written by the designer is replaced; a value the request gave is kept.
    work.done
        .push(format!("its {} is {}", slot.label(), code(&text)));
    work.apply(vec![EditOp::Set {
        path: pointer,
        value: Value::String(text),
    }])
}

/// "retry middleware on all agents", "rate limit every agent at 30 rpm", "I'd love to see
/// logs for every one of the agents": a kind of component for every component of a kind
/// that takes it, said with no verb of change; read as "add … to every …" when no other
/// reading made a change. Never when the request removes, turns off or rules out.
pub(crate) fn said_across(a: &Analysis, scene: &Scene, said: &str) -> Option<Reply> {
    across(a, scene).or_else(|| {
        // The request as written, when the rewrites dropped who gets it ("caching for all
        // the agents, keep answers for 10 minutes").
        across(&Analysis::new(said, scene, &[]), scene)
    })
}

fn across(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let against = a.verbs().into_iter().any(|(at, v)| {
        matches!(
            v,
            Verb::Remove | Verb::Disable | Verb::Rename | Verb::Disconnect
        ) || crate::offline::meta::negated_before(a, at)
    });
    if against || a.has(&["without", "no", "not", "don't", "dont", "never"]) {
        return None;
    }
    let [v] = a.variants.as_slice() else {
        return None;
    };
    let every = a
        .kinds
        .iter()
        .find(|k| (k.all || k.plural) && k.kind != v.kind)?;
    let order = format!("add {} {} to every {}", v.variant, v.kind, every.kind);
    crate::offline::trace(|| format!("across: read as {order}"));
    let order = Analysis::new(&order, scene, &[]);
    add(&order, scene).filter(|r| r.kind == ReplyKind::Proposal)
}

/// A command line said from token `from` on: a well-known launcher ("npx", "uvx",
/// "docker", …) and the words after it that look like arguments (flags, packages,
/// paths), up to the end of the clause.
fn command_line(a: &Analysis, from: usize) -> Option<(String, Vec<String>)> {
    const LAUNCHERS: &[&str] = &[
        "npx", "uvx", "bunx", "pipx", "docker", "deno", "node", "python", "python3", "uv",
    ];
    let bare = |t: &Token| t.raw.trim_matches(['(', ')']).to_string();
    let at = (from..a.len()).find(|&i| {
        let t = &a.tokens[i];
        !t.quoted && LAUNCHERS.contains(&bare(t).to_lowercase().as_str())
    })?;
    let mut args: Vec<String> = Vec::new();
    let mut j = at;
    while j + 1 < a.len() && !a.tokens[j].boundary && !a.tokens[j].raw.ends_with(')') {
        let t = &a.tokens[j + 1];
        let w = bare(t);
        let looks = w.starts_with('-')
            || w.starts_with('@')
            || w.contains(['/', '.', '=', ':', '-'])
            // A flag's value ("-y" is alone, "--port 3000" takes one).
            || args.last().is_some_and(|p| p.starts_with("--") && !w.is_empty());
        if t.quoted || !looks || w.is_empty() {
            break;
        }
        args.push(w);
        j += 1;
    }
    Some((bare(&a.tokens[at]), args))
}
