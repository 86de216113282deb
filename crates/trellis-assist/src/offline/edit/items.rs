//! One item of a list field taken out ("remove the legal advice topic from safety",
//! "drop port 8080 from web", "take ubuntu-22.04 out of the matrix"): the item is found by
//! its text in the lists of the component named after "from" (or of the whole document,
//! when it is in exactly one list there).

use super::*;

/// A list item's text, compared loosely: lowercase, words split at anything but letters,
/// digits and dots.
fn loose(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `item` is the thing the words say: the same text, or for a port mapping
/// ("8080:80") the port named.
fn item_is(item: &Value, said: &str, number: bool) -> bool {
    match item {
        Value::String(s) => {
            if loose(s) == said {
                return true;
            }
            number && {
                let parts: Vec<&str> = s.split('/').next().unwrap_or(s).split(':').collect();
                parts.len() >= 2
                    && (parts[parts.len() - 2] == said || (parts.len() == 2 && parts[0] == said))
            }
        }
        Value::Number(n) => number && n.to_string() == said,
        _ => false,
    }
}

/// Every list below `pointer` (a few levels down), with its pointer.
fn lists<'v>(
    value: &'v Value,
    pointer: &Pointer,
    depth: usize,
    out: &mut Vec<(Pointer, &'v Vec<Value>)>,
) {
    match value {
        Value::Array(items) => {
            out.push((pointer.clone(), items));
        }
        Value::Object(m) if depth > 0 => {
            for (k, v) in m {
                lists(v, &pointer.join(k.clone()), depth - 1, out);
            }
        }
        _ => {}
    }
}

pub(super) fn remove_item(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let (verb, v) = a.first_verb()?;
    if !matches!(v, Verb::Remove) {
        return None;
    }
    let from = a.find(&["from", "off"], verb + 1);
    let end = from.unwrap_or(a.len());
    if end <= verb + 1 {
        return None;
    }
    let all = refs(a, scene);
    // What the item span names as a component is no list item (removing it, or
    // disconnecting it, is the other readings' work).
    if all
        .iter()
        .any(|r| r.start > verb && r.start < end && !matches!(r.target, Target::New(_)))
    {
        return None;
    }
    // Where: the components named after "from", else the whole document.
    let mut scope: Vec<usize> = Vec::new();
    if let Some(f) = from {
        for r in all.iter().filter(|r| r.start > f) {
            match &r.target {
                Target::Existing(i) => scope.push(*i),
                Target::Ambiguous(c) => scope.extend(c.iter().copied()),
                _ => {}
            }
        }
        scope.extend(all_of_kinds(a, scene, f, a.len()));
    }
    let places: Vec<Pointer> = if scope.is_empty() {
        vec![Pointer::root()]
    } else {
        scope
            .iter()
            .map(|&i| scene.components[i].pointer.clone())
            .collect()
    };
    let mut found: Vec<(Pointer, &Vec<Value>)> = Vec::new();
    for p in &places {
        if let Some(v) = lookup(&scene.value, p) {
            lists(v, p, 6, &mut found);
        }
    }
    // The longest run of the item span's words that is an item of a list.
    let span: Vec<&Token> = a.tokens[verb + 1..end].iter().collect();
    let mut hits: Vec<(Pointer, usize)> = Vec::new();
    'len: for n in (1..=span.len().min(6)).rev() {
        for s in 0..=span.len() - n {
            let words = &span[s..s + n];
            if words.iter().all(|t| t.is_any(FILLER)) {
                continue;
            }
            let said = loose(
                &words
                    .iter()
                    .map(|t| t.raw.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            if said.is_empty() {
                continue;
            }
            let number = n == 1 && words[0].number().is_some();
            for (p, items) in &found {
                for (k, item) in items.iter().enumerate() {
                    if item_is(item, &said, number) {
                        hits.push((p.clone(), k));
                    }
                }
            }
            if !hits.is_empty() {
                break 'len;
            }
        }
    }
    // The words after "from" that are no component name the list ("… from the matrix",
    // "… from the denied topics") when the item is in several.
    if hits.len() > 1 {
        if let Some(f) = from {
            let covered = |i: usize| all.iter().any(|r| r.start <= i && i < r.end);
            let words: Vec<String> = (f + 1..a.len())
                .filter(|&i| !covered(i) && !a.tokens[i].is_any(FILLER))
                .map(|i| a.tokens[i].stem())
                .collect();
            let named: Vec<(Pointer, usize)> = hits
                .iter()
                .filter(|(p, _)| {
                    p.tokens()
                        .iter()
                        .any(|t| split_stems(t).iter().any(|s| words.contains(s)))
                })
                .cloned()
                .collect();
            if !named.is_empty() {
                hits = named;
            }
        }
    }
    let [(list, k)] = hits.as_slice() else {
        return None;
    };
    remove_at(scene, list, *k)
}

fn split_stems(key: &str) -> Vec<String> {
    crate::offline::scene::split_words(key)
        .iter()
        .map(|w| crate::offline::text::stem(w))
        .collect()
}

/// "add 'pii' to the blocked topics", "add tax advice to safety's denied topics", "append
/// 3.13 to the python versions": an item put in a list field named after "to" (of the
/// component named there, else of the one component that has such a list).
pub(super) fn add_item(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let (verb, v) = a.first_verb()?;
    if !matches!(v, Verb::Add) {
        return None;
    }
    let to = a.find(&["to", "into", "onto"], verb + 1)?;
    if to <= verb + 1 || to + 1 >= a.len() {
        return None;
    }
    let all = refs(a, scene);
    if all
        .iter()
        .any(|r| r.start > verb && r.start < to && !matches!(r.target, Target::New(_)))
        || a.kinds.iter().any(|k| k.at > verb && k.at < to)
    {
        return None;
    }
    let covered = |i: usize| all.iter().any(|r| r.start <= i && i < r.end);
    let words: Vec<String> = (to + 1..a.len())
        .filter(|&i| !covered(i))
        .filter(|&i| !a.tokens[i].is_any(FILLER) && !a.tokens[i].is_any(lexicon::ALL_WORDS))
        .filter(|&i| !a.kinds.iter().any(|k| k.at == i))
        .flat_map(|i| word_stems(&a.tokens[i]))
        .collect();
    if words.is_empty() {
        return None;
    }
    let mut scope: Vec<usize> = Vec::new();
    for r in all.iter().filter(|r| r.start > to) {
        match &r.target {
            Target::Existing(i) => scope.push(*i),
            Target::Ambiguous(c) => scope.extend(c.iter().copied()),
            _ => return None,
        }
    }
    let is_list = |f: &FieldInfo| matches!(f.input, Input::List { .. }) && f.reference().is_none();
    let list_of = |i: usize| -> Option<FieldInfo> {
        match best_field(&scene.fields_of(i), &words) {
            Ok(Some(f)) if is_list(f) && has_field(scene, i, f) => Some(f.clone()),
            _ => None,
        }
    };
    let candidates: Vec<usize> = if scope.is_empty() {
        (0..scene.components.len()).collect()
    } else {
        scope
    };
    let having: Vec<(usize, FieldInfo)> = candidates
        .into_iter()
        .filter_map(|i| list_of(i).map(|f| (i, f)))
        .collect();
    let [(i, field)] = having.as_slice() else {
        return if having.is_empty() {
            add_nested_item(a, scene, verb, to, &words, &scope_of(a, scene, to))
        } else {
            None
        };
    };
    let item_tokens: Vec<&Token> = a.tokens[verb + 1..to]
        .iter()
        .skip_while(|t| t.is_any(&["a", "an", "the", "also", "another"]))
        .collect();
    if item_tokens.is_empty() {
        return None;
    }
    let raw = if item_tokens.len() == 1 {
        item_tokens[0].raw.clone()
    } else {
        item_tokens
            .iter()
            .map(|t| t.raw.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let at = scene.components[*i].pointer.join(field.key.clone());
    let now: Vec<Value> = lookup(&scene.value, &at)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let numeric = !now.is_empty() && now.iter().all(Value::is_number);
    let item = match (numeric, crate::offline::text::parse_number(&raw)) {
        (true, Some(n)) => crate::offline::text::json_number(n),
        _ => Value::String(raw.clone()),
    };
    if now.contains(&item) {
        let mut work = Work::new(scene);
        work.notes.push(format!(
            "The {} of the {} already holds {}.",
            field.label(),
            scene.label(*i),
            code(&raw)
        ));
        return Some(work.finish(""));
    }
    let mut list = now;
    list.push(item);
    let mut work = Work::new(scene);
    if let Err(e) = work.apply(vec![EditOp::Set {
        path: at,
        value: Value::Array(list),
    }]) {
        return Some(could_not("", &e));
    }
    work.done.push(format!(
        "added {} to the {} of the {}",
        code(&raw),
        field.label(),
        scene.label(*i)
    ));
    Some(work.finish(&format!(
        "I propose adding {} to the {}:",
        code(&raw),
        field.label()
    )))
}

/// Words that say something should no longer be.
const NEGATIONS: &[&str] = &[
    "don't",
    "dont",
    "shouldn't",
    "shouldnt",
    "not",
    "no",
    "stop",
    "longer",
    "anymore",
    "never",
    "doesn't",
    "doesnt",
    "won't",
    "mustn't",
];

/// The longest run of the words (outside names of components) that is an item of a list
/// below the given places: the list and the item's index, when exactly one fits.
fn item_hit(
    a: &Analysis,
    scene: &Scene,
    places: &[Pointer],
    from: usize,
    to: usize,
    skip: &dyn Fn(usize) -> bool,
) -> Vec<(Pointer, usize)> {
    let mut found: Vec<(Pointer, &Vec<Value>)> = Vec::new();
    for p in places {
        if let Some(v) = lookup(&scene.value, p) {
            lists(v, p, 6, &mut found);
        }
    }
    let mut hits: Vec<(Pointer, usize)> = Vec::new();
    for n in (1..=(to - from).min(6)).rev() {
        for s in from..=to - n {
            if (s..s + n).any(skip) {
                continue;
            }
            let words = &a.tokens[s..s + n];
            if words
                .iter()
                .all(|t| t.is_any(FILLER) || lexicon::is_stopword(&t.norm))
            {
                continue;
            }
            let said = loose(
                &words
                    .iter()
                    .map(|t| t.raw.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            );
            if said.len() < 2 {
                continue;
            }
            let number = n == 1 && words[0].number().is_some();
            for (p, items) in &found {
                for (k, item) in items.iter().enumerate() {
                    if item_is(item, &said, number) && !hits.contains(&(p.clone(), k)) {
                        hits.push((p.clone(), k));
                    }
                }
            }
        }
        if !hits.is_empty() {
            break;
        }
    }
    hits
}

/// "safety shouldn't block medical advice anymore", "we don't test on node 18 anymore",
/// "stop exposing 80 on the proxy": an item of a list said with a negation goes, when it
/// is the one item the words name in the lists of the components named (or of the
/// document). A list of things refused is only emptied by words of refusing ("shouldn't
/// block X"), never by "shouldn't allow X".
pub(super) fn negated_item(a: &Analysis, scene: &Scene) -> Option<Reply> {
    if a.question || !a.tokens.iter().any(|t| t.is_any(NEGATIONS)) {
        return None;
    }
    if a.verbs()
        .iter()
        .any(|(_, v)| matches!(v, Verb::Add | Verb::Rename | Verb::Set))
    {
        return None;
    }
    let all = refs(a, scene);
    let known: Vec<&Ref> = all
        .iter()
        .filter(|r| !matches!(r.target, Target::New(_)))
        .collect();
    let mut scope: Vec<usize> = Vec::new();
    for r in &known {
        match &r.target {
            Target::Existing(i) => scope.push(*i),
            Target::Ambiguous(c) => scope.extend(c.iter().copied()),
            _ => {}
        }
    }
    let places: Vec<Pointer> = if scope.is_empty() {
        vec![Pointer::root()]
    } else {
        scope
            .iter()
            .map(|&i| scene.components[i].pointer.clone())
            .collect()
    };
    let covered =
        |i: usize| known.iter().any(|r| r.start <= i && i < r.end) || a.tokens[i].is_any(NEGATIONS);
    let hits = item_hit(a, scene, &places, 0, a.len(), &covered);
    let [(list, k)] = hits.as_slice() else {
        return None;
    };
    let key = list.tokens().last().cloned().unwrap_or_default();
    let refusing_list = split_stems(&key).iter().any(|s| denying(s));
    let refusing_words = a.tokens.iter().any(|t| denying(&t.stem()));
    let allowing_words = a
        .tokens
        .iter()
        .any(|t| t.is_any(&["allow", "allowed", "permit", "permitted", "accept", "let"]));
    if (refusing_list && (allowing_words || !refusing_words)) || (!refusing_list && refusing_words)
    {
        return None;
    }
    remove_at(scene, list, *k)
}

/// The item `k` of the list at `list` taken out, as a proposal.
fn remove_at(scene: &Scene, list: &Pointer, k: usize) -> Option<Reply> {
    let items = lookup(&scene.value, list)?.as_array()?;
    let shown = shown(items.get(k)?);
    let owner = scene
        .holder(list)
        .map(|i| format!("the {}", scene.label(i)))
        .unwrap_or_else(|| "the document".to_string());
    let field = list.tokens().last().cloned().unwrap_or_default();
    let mut work = Work::new(scene);
    if let Err(e) = work.apply(vec![EditOp::Remove {
        path: list.join(k.to_string()),
    }]) {
        return Some(could_not("", &e));
    }
    work.done.push(format!(
        "removed {shown} from the {} of {owner}",
        code(&field)
    ));
    Some(work.finish(&format!(
        "I propose removing {shown} from {}:",
        code(&list.to_string())
    )))
}

/// "deny 'crypto' in safety", "also block gambling": an item added to the list of things
/// refused (of the component named, else the one such list there is).
pub(super) fn deny_item(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let start = a
        .tokens
        .iter()
        .position(|t| !t.is_any(&["also", "please", "pls", "and", "then"]))?;
    if !denying(&a.tokens[start].stem()) || a.question {
        return None;
    }
    let end = a
        .find(&["in", "on", "for", "to", "at"], start + 1)
        .unwrap_or(a.len());
    if end <= start + 1 {
        return None;
    }
    // "block pii": the words of a switch (`block_pii`), not an item.
    if end == start + 2 {
        let w = a.tokens[start + 1].norm.clone();
        let verb = a.tokens[start].norm.clone();
        let switch = scene.kinds.iter().flat_map(|k| k.fields.iter()).any(|f| {
            let parts: Vec<&str> = f.key.split('_').collect();
            parts.contains(&w.as_str()) && parts.iter().any(|p| verb.starts_with(p))
        });
        if switch {
            return None;
        }
    }
    let all = refs(a, scene);
    if all
        .iter()
        .any(|r| r.start > start && r.start < end && !matches!(r.target, Target::New(_)))
    {
        return None;
    }
    let mut scope: Vec<usize> = Vec::new();
    for r in all.iter().filter(|r| r.start >= end) {
        match &r.target {
            Target::Existing(i) => scope.push(*i),
            _ => return None,
        }
    }
    let candidates: Vec<usize> = if scope.is_empty() {
        (0..scene.components.len()).collect()
    } else {
        scope
    };
    let having: Vec<(usize, FieldInfo)> = candidates
        .into_iter()
        .filter_map(|i| {
            scene
                .fields_of(i)
                .into_iter()
                .find(|f| {
                    matches!(f.input, Input::List { .. })
                        && f.reference().is_none()
                        && f.stems.iter().any(|s| denying(s))
                        && has_field(scene, i, f)
                })
                .map(|f| (i, f))
        })
        .collect();
    let [(i, field)] = having.as_slice() else {
        return None;
    };
    let mut item_tokens: Vec<&Token> = a.tokens[start + 1..end]
        .iter()
        .skip_while(|t| t.is_any(&["a", "an", "the"]))
        .collect();
    // "questions about politics", "topics like crypto", "anything about health": the
    // topic is what follows.
    if item_tokens.len() > 2
        && item_tokens[0].is_any(&[
            "questions",
            "question",
            "topics",
            "topic",
            "anything",
            "things",
            "stuff",
            "talk",
            "discussions",
            "requests",
        ])
        && item_tokens[1].is_any(&["about", "like", "on", "regarding", "of", "around"])
    {
        item_tokens.drain(..2);
    }
    if item_tokens.is_empty() {
        return None;
    }
    let raw = item_tokens
        .iter()
        .map(|t| t.raw.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let at = scene.components[*i].pointer.join(field.key.clone());
    let mut list: Vec<Value> = lookup(&scene.value, &at)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let item = Value::String(raw.clone());
    let mut work = Work::new(scene);
    if list.contains(&item) {
        work.notes.push(format!(
            "The {} of the {} already holds {}.",
            field.label(),
            scene.label(*i),
            code(&raw)
        ));
        return Some(work.finish(""));
    }
    list.push(item);
    if let Err(e) = work.apply(vec![EditOp::Set {
        path: at,
        value: Value::Array(list),
    }]) {
        return Some(could_not("", &e));
    }
    work.done.push(format!(
        "added {} to the {} of the {}",
        code(&raw),
        field.label(),
        scene.label(*i)
    ));
    Some(work.finish(&format!(
        "I propose adding {} to the {}:",
        code(&raw),
        field.label()
    )))
}

/// The components named after `to`.
fn scope_of(a: &Analysis, scene: &Scene, to: usize) -> Vec<usize> {
    refs(a, scene)
        .iter()
        .filter(|r| r.start > to)
        .filter_map(|r| match &r.target {
            Target::Existing(i) => Some(*i),
            _ => None,
        })
        .collect()
}

/// "add node 24 to the test matrix": a list further down (`strategy.matrix.node`) named by
/// a word of the item ("node") or of the place ("matrix" names where it is), the rest
/// being the item. Only one list may fit.
fn add_nested_item(
    a: &Analysis,
    scene: &Scene,
    verb: usize,
    to: usize,
    place_words: &[String],
    scope: &[usize],
) -> Option<Reply> {
    // The components named, else the whole document (the place words must then be on
    // the list's path: "the test matrix" is /jobs/test/strategy/matrix).
    let places: Vec<Pointer> = if scope.is_empty() {
        if place_words.is_empty() {
            return None;
        }
        vec![Pointer::root()]
    } else {
        scope
            .iter()
            .map(|&i| scene.components[i].pointer.clone())
            .collect()
    };
    let mut found: Vec<(Pointer, &Vec<Value>)> = Vec::new();
    for p in &places {
        if let Some(v) = lookup(&scene.value, p) {
            lists(v, p, 7, &mut found);
        }
    }
    let span: Vec<&Token> = a.tokens[verb + 1..to]
        .iter()
        .filter(|t| !t.is_any(&["a", "an", "the", "another", "also"]))
        .collect();
    let fits: Vec<(Pointer, usize)> = found
        .iter()
        .filter(|(_, items)| items.iter().all(|v| !v.is_object() && !v.is_array()))
        .filter_map(|(p, _)| {
            let key = p.tokens().last()?;
            let key_stems = split_stems(key);
            let at = span.iter().position(|t| key_stems.contains(&t.stem()))?;
            // The rest of the place words must be on the list's path ("matrix").
            let path: Vec<String> = p.tokens().iter().flat_map(|t| split_stems(t)).collect();
            place_words
                .iter()
                .all(|w| path.contains(w) || key_stems.contains(w))
                .then_some((p.clone(), at))
        })
        .collect();
    let [(list, at)] = fits.as_slice() else {
        return None;
    };
    let rest: Vec<&str> = span
        .iter()
        .enumerate()
        .filter(|(k, _)| k != at)
        .map(|(_, t)| t.raw.as_str())
        .collect();
    if rest.is_empty() {
        return None;
    }
    let raw = rest.join(" ");
    let now: Vec<Value> = lookup(&scene.value, list)?.as_array()?.clone();
    let numeric = now.iter().all(Value::is_number);
    let item = match (numeric, crate::offline::text::parse_number(&raw)) {
        (true, Some(n)) => crate::offline::text::json_number(n),
        _ => Value::String(raw.clone()),
    };
    let mut work = Work::new(scene);
    if now.contains(&item) {
        work.notes.push(format!(
            "{} already holds {}.",
            code(&list.to_string()),
            code(&raw)
        ));
        return Some(work.finish(""));
    }
    let mut all = now;
    all.push(item);
    if let Err(e) = work.apply(vec![EditOp::Set {
        path: list.clone(),
        value: Value::Array(all),
    }]) {
        return Some(could_not("", &e));
    }
    work.done.push(format!(
        "added {} to {}",
        code(&raw),
        code(&list.to_string())
    ));
    Some(work.finish(&format!("I propose adding {}:", code(&raw))))
}
