//! Requests told by the shape of their values rather than by a field's name, for the
//! fields that carry such values in container and CI documents: an image reference
//! (`postgres:17`) or a bare version (`bump grafana to 11.2.0`) for a component's
//! `image`, ports (`8080`, `3000:3000`) for its `ports`, `KEY=VALUE` for its
//! `environment`/`env`, a runner label (`macos-latest`) for `runs-on`, and a command
//! ("that runs cargo test") for a new step of `steps`. Each reading needs the named
//! component to have the field in the schema; anything else is left to the other
//! readings. Every change is made of designer edits and checked like any other.

use super::analysis::{Analysis, Use};
use super::lexicon::Verb;
use super::resolve::{clarify, missing, refs, Ref, Target};
use super::scene::{lookup, set_creating, Scene};
use super::text::{code, join_and, Token};
use super::work::{could_not, Work};
use super::{Reply, ReplyKind};
use serde_json::{json, Value};
use trellis_core::{EditOp, Pointer};

pub(crate) fn respond(a: &Analysis, scene: &Scene) -> Option<Reply> {
    if a.tokens.is_empty() || scene.components.is_empty() {
        return None;
    }
    let verbs = a.verbs();
    let first = verbs.first().map(|(_, v)| *v);
    if matches!(first, Some(Verb::Rename)) {
        return None;
    }
    if let Some(r) = steps(a, scene) {
        return Some(r);
    }
    if let Some(r) = healthcheck(a, scene) {
        return Some(r);
    }
    if let Some(r) = permissions(a, scene) {
        return Some(r);
    }
    if let Some(r) = part_switch(a, scene) {
        return Some(r);
    }
    if let Some(r) = keyed_item(a, scene) {
        return Some(r);
    }
    if matches!(first, Some(Verb::Add)) && a.kinds.iter().any(|k| !k.all && !k.plural) {
        // "add a service called api with image node:20": a new component, not a value.
        let names_new = a
            .kinds
            .iter()
            .any(|k| !a.mentions.iter().any(|m| m.kind_at == Some(k.at)) && !k.all && !k.plural);
        if names_new && !a.has(&["port", "ports", "env", "environment", "variable", "var"]) {
            return None;
        }
        // "add an adminer container on port 8081 that depends on db": the port is the new
        // service's; a component only gets it when the request addresses it ("… to web").
        if names_new && !addressed(a) {
            return None;
        }
    }
    if let Some(r) = env(a, scene) {
        return Some(r);
    }
    if let Some(r) = ports(a, scene) {
        return Some(r);
    }
    if matches!(first, Some(Verb::Add | Verb::Remove)) {
        return None;
    }
    if let Some(r) = runner(a, scene) {
        return Some(r);
    }
    if let Some(r) = flag(a, scene) {
        return Some(r);
    }
    if let Some(r) = list_item(a, scene) {
        return Some(r);
    }
    if let Some(r) = model_name(a, scene) {
        return Some(r);
    }
    image(a, scene)
}

/// Whether a component is named as where a value goes: "to web", "on the db service",
/// not "depends on db".
fn addressed(a: &Analysis) -> bool {
    a.mentions.iter().any(|m| {
        let mut p = m.start;
        if p > 0 && a.tokens[p - 1].is("the") {
            p -= 1;
        }
        p > 0
            && a.tokens[p - 1].is_any(&["to", "on", "for", "in", "of", "from"])
            && !(p > 1
                && a.tokens[p - 2].is_any(&[
                    "depend",
                    "depends",
                    "depending",
                    "wait",
                    "waits",
                    "rely",
                    "relies",
                    "need",
                    "needs",
                    "after",
                    "before",
                ]))
    })
}

/// "make the chat model use gpt-4.1-mini": a model identifier for one named model (that
/// cannot refer to another model) is its `name`.
fn model_name(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let [(at, id)] = a.model_ids.as_slice() else {
        return None;
    };
    if !a.has_verb(Verb::Use) && !a.has_verb(Verb::Set) && !a.has_verb(Verb::Make) {
        return None;
    }
    let kinds: Vec<&String> = a
        .mentions
        .iter()
        .flat_map(|m| m.candidates.iter())
        .map(|&c| &scene.components[c].kind)
        .collect();
    if a.mentions.len() != 1 || kinds.iter().any(|k| k.as_str() != "model") {
        return None;
    }
    let m = &a.mentions[0];
    let [target] = m.candidates.as_slice() else {
        return None;
    };
    if m.start <= *at && *at < m.end {
        return None;
    }
    let fields = scene.fields_of(*target);
    if !fields.iter().any(|f| f.key == "name")
        || fields.iter().any(|f| {
            f.reference()
                .is_some_and(|(to, _)| to.iter().any(|t| t == "model"))
        })
    {
        return None;
    }
    // Nothing but the name, the identifier and plain words.
    let plain = (0..a.len()).all(|i| {
        i == *at
            || a.uses[i] == Use::Mention
            || a.kinds.iter().any(|k| k.at == i)
            || a.tokens[i].is_any(IMAGE_WORDS)
    });
    if !plain {
        return None;
    }
    let pointer = scene.components[*target].pointer.join("name".to_string());
    let current = lookup(&scene.value, &pointer).cloned();
    let new = Value::String(id.clone());
    if current.as_ref() == Some(&new) {
        return None;
    }
    let mut work = Work::new(scene);
    let mut edits = vec![EditOp::Set {
        path: pointer.clone(),
        value: new,
    }];
    match super::resolve::provider_switch(&mut work, scene, &pointer, id) {
        Some(Ok(op)) => edits.push(op),
        Some(Err(e)) => return Some(could_not("", &e)),
        None => {}
    }
    if let Err(e) = work.apply(edits) {
        return Some(could_not("", &e));
    }
    let was = current
        .map(|c| format!(" (was {})", shown(&c)))
        .unwrap_or_default();
    work.done.push(format!(
        "Model name of the {}: {}{was}",
        scene.label(*target),
        code(id)
    ));
    Some(work.finish("I propose setting the model name:"))
}

/// The components the request names (outside `skip`) that have `field`, or every
/// component of a kind written as "all services"; `Err` with the reply when a name is
/// not clear or not there.
fn targets(a: &Analysis, scene: &Scene, field: &str, skip: &[usize]) -> Result<Vec<usize>, Reply> {
    let has = |i: usize| scene.fields_of(i).iter().any(|f| f.key == field);
    let mut out: Vec<usize> = Vec::new();
    for k in a.kinds.iter().filter(|k| k.all || k.plural) {
        if a.mentions.iter().any(|m| m.kind_at == Some(k.at)) {
            continue;
        }
        out.extend(scene.of_kind(&k.kind).map(|(i, _)| i).filter(|&i| has(i)));
    }
    let all: Vec<Ref> = refs(a, scene);
    for r in all
        .iter()
        .filter(|r| !skip.iter().any(|&s| r.start <= s && s < r.end))
    {
        match &r.target {
            Target::Existing(i) if has(*i) => out.push(*i),
            Target::Existing(_) | Target::New(_) => {}
            Target::Ambiguous(c) => {
                let with: Vec<usize> = c.iter().copied().filter(|&i| has(i)).collect();
                match with.len() {
                    0 => {}
                    1 => out.push(with[0]),
                    _ => return Err(clarify(scene, &a.raw(r.start, r.end), &with)),
                }
            }
            Target::Missing { text, kind } => return Err(missing(scene, text, kind.as_deref())),
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

fn one_target(
    a: &Analysis,
    scene: &Scene,
    field: &str,
    skip: &[usize],
) -> Option<Result<usize, Reply>> {
    match targets(a, scene, field, skip) {
        Err(r) => Some(Err(r)),
        Ok(t) if t.len() == 1 => Some(Ok(t[0])),
        Ok(t) if t.len() > 1 => {
            let names: Vec<String> = t.iter().map(|&i| scene.label(i)).collect();
            Some(Err(Reply::answer(
                ReplyKind::Clarify,
                format!(
                    "Which one do you mean: {}? I changed nothing.",
                    join_and(&names)
                ),
            )))
        }
        Ok(_) => None,
    }
}

fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => code(s),
        other => code(&other.to_string()),
    }
}

// ------------------------------------------------------------------------ image

/// A container image reference: `postgres:17`, `ghcr.io/acme/web:1.2`, `nginx@sha256:…`;
/// never a URL, a port mapping or a variable.
pub(crate) fn is_image_ref(s: &str) -> bool {
    if s.len() < 3 || s.len() > 200 || s.contains("://") || s.starts_with(['$', '/', '.', '-']) {
        return false;
    }
    if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | ':' | '@'))
    {
        return false;
    }
    let (repo, tag) = match s.rsplit_once(':') {
        Some((r, t)) if !r.contains('@') => (r, Some(t)),
        _ => (s, None),
    };
    let repo = repo.split('@').next().unwrap_or(repo);
    if !repo.chars().any(|c| c.is_ascii_alphabetic()) || repo.ends_with('/') {
        return false;
    }
    match tag {
        Some(t) => !t.is_empty() && !t.contains('/'),
        None => s.contains('/') && !s.ends_with('/'),
    }
}

/// A bare version: `17`, `11.2.0`, `v2.54.0`, `7-alpine`.
fn is_version(s: &str) -> bool {
    let t = s.strip_prefix('v').unwrap_or(s);
    t.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t.len() <= 40
        && t.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

/// Words that may stand around an image or version without naming another field.
const IMAGE_WORDS: &[&str] = &[
    "image",
    "images",
    "container",
    "version",
    "tag",
    "use",
    "uses",
    "using",
    "run",
    "runs",
    "running",
    "switch",
    "change",
    "set",
    "make",
    "update",
    "upgrade",
    "downgrade",
    "bump",
    "pin",
    "move",
    "to",
    "the",
    "a",
    "an",
    "of",
    "for",
    "on",
    "in",
    "with",
    "instead",
    "please",
    "should",
    "be",
    "now",
    "from",
    "latest",
    "newer",
    "new",
    "its",
    "it",
    "let",
    "go",
    "can",
    "you",
    "could",
    "would",
    "i",
    "want",
    "need",
    "needs",
    "service",
    "services",
    "just",
    "and",
    "based",
    "at",
];

/// "make db use postgres:17", "switch the cache to valkey/valkey:8", "bump grafana to
/// 11.2.0": the component's image (a bare version keeps the image's name).
fn image(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let mut found: Option<(usize, String, bool)> = None;
    for (i, t) in a.tokens.iter().enumerate() {
        if a.uses[i] == Use::Mention {
            continue;
        }
        let s = t.raw.as_str();
        let hit = if is_image_ref(s) {
            Some(false)
        } else if is_version(s)
            && i > 0
            && a.tokens[i - 1].is_any(&["to", "version", "tag", "at", "v"])
        {
            Some(true)
        } else {
            None
        };
        if let Some(bare) = hit {
            if found.is_some() {
                return None;
            }
            found = Some((i, s.to_string(), bare));
        }
    }
    let (at, value, bare) = found?;
    // Only words about the image besides the component's name.
    let plain = (0..a.len()).filter(|&i| i != at).all(|i| {
        a.uses[i] == Use::Mention
            || a.kinds.iter().any(|k| k.at == i)
            || a.tokens[i].is_any(IMAGE_WORDS)
    });
    if !plain {
        return None;
    }
    let target = match one_target(a, scene, "image", &[at])? {
        Ok(t) => t,
        Err(r) => return Some(r),
    };
    let pointer = scene.components[target].pointer.join("image".to_string());
    let current = lookup(&scene.value, &pointer)
        .and_then(Value::as_str)
        .map(str::to_string);
    let new = if bare {
        let now = current.clone()?;
        let (repo, tag) = match now.rsplit_once(':') {
            Some((r, t)) if !t.contains('/') => (r.to_string(), t),
            _ => (now.clone(), ""),
        };
        // "bump redis to 8" on `redis:7-alpine` keeps the variant: `redis:8-alpine`.
        let variant = tag
            .split_once('-')
            .filter(|(v, _)| {
                !v.is_empty()
                    && v.trim_start_matches('v')
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '.')
            })
            .map(|(_, rest)| rest)
            .filter(|_| !value.contains('-'));
        // "bump grafana to v11" keeps the image's own style of tag.
        match variant {
            Some(rest) => format!("{repo}:{value}-{rest}"),
            None => format!("{repo}:{value}"),
        }
    } else {
        value
    };
    if current.as_deref() == Some(new.as_str()) {
        return Some(Reply::answer(
            ReplyKind::Answer,
            format!(
                "The image of the {} is already {}; I changed nothing.",
                scene.label(target),
                code(&new)
            ),
        ));
    }
    let mut work = Work::new(scene);
    if let Err(e) = work.apply(vec![EditOp::Set {
        path: pointer,
        value: Value::String(new.clone()),
    }]) {
        return Some(could_not("", &e));
    }
    let was = current
        .map(|c| format!(" (was {})", code(&c)))
        .unwrap_or_default();
    work.done.push(format!(
        "Image of the {}: {}{was}",
        scene.label(target),
        code(&new)
    ));
    Some(work.finish("I propose setting the image:"))
}

// ------------------------------------------------------------------------ ports

/// A port or a mapping: `8080`, `3000:3000`, `127.0.0.1:8025:8025`, `53:53/udp`.
pub(crate) fn port_of(s: &str) -> Option<String> {
    let (body, proto) = match s.split_once('/') {
        Some((b, p)) if matches!(p, "tcp" | "udp" | "sctp") => (b, Some(p)),
        Some(_) => return None,
        None => (s, None),
    };
    let parts: Vec<&str> = body.split(':').collect();
    let port_ok = |p: &str| {
        p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n))
            || (p.contains('-') && p.split('-').all(|x| x.parse::<u32>().is_ok()))
    };
    let ok = match parts.as_slice() {
        [p] => port_ok(p),
        [h, c] => port_ok(h) && port_ok(c),
        [ip, h, c] => ip.split('.').count() == 4 && port_ok(h) && port_ok(c),
        _ => false,
    };
    if !ok {
        return None;
    }
    let mapping = if parts.len() == 1 {
        format!("{body}:{body}")
    } else {
        body.to_string()
    };
    Some(match proto {
        Some(p) => format!("{mapping}/{p}"),
        None => mapping,
    })
}

/// "change web's port from 80 to 8080": the items publishing `from` on the host publish
/// `to` instead, their container port kept.
fn move_port(
    scene: &Scene,
    target: usize,
    pointer: &Pointer,
    current: Option<&Value>,
    from: &str,
    to: &str,
    mut work: Work<'_>,
) -> Reply {
    let items = match current {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    };
    let mut edits = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let new = match item {
            Value::String(s) => {
                let (body, proto) = match s.split_once('/') {
                    Some((b, p)) => (b, format!("/{p}")),
                    None => (s.as_str(), String::new()),
                };
                let mut parts: Vec<&str> = body.split(':').collect();
                let host = parts.len().checked_sub(2);
                match host {
                    Some(h) if parts[h] == from => {
                        parts[h] = to;
                        Value::String(format!("{}{proto}", parts.join(":")))
                    }
                    _ => continue,
                }
            }
            Value::Object(m)
                if m.get("published").is_some_and(|p| {
                    p.as_str() == Some(from) || p.as_u64().is_some_and(|n| n.to_string() == from)
                }) =>
            {
                let mut m = m.clone();
                let value = match m.get("published") {
                    Some(Value::Number(_)) => {
                        to.parse::<u64>().map(Value::from).unwrap_or(json!(to))
                    }
                    _ => json!(to),
                };
                m.insert("published".into(), value);
                Value::Object(m)
            }
            _ => continue,
        };
        work.done.push(format!(
            "the {} publishes {} instead of {}",
            scene.label(target),
            shown(&new),
            shown(item)
        ));
        edits.push(EditOp::Set {
            path: pointer.join(n.to_string()),
            value: new,
        });
    }
    if edits.is_empty() {
        return Reply::answer(
            ReplyKind::Answer,
            format!(
                "The {} does not publish port {} on the host; I changed nothing.",
                scene.label(target),
                code(from)
            ),
        );
    }
    if let Err(e) = work.apply(edits) {
        return could_not("", &e);
    }
    work.finish("I propose changing the published port:")
}

/// The container port of a `ports` item (`"8443:443/tcp"` → 443, `{target: 443}`).
fn container_port(item: &Value) -> Option<String> {
    match item {
        Value::String(s) => {
            let body = s.split('/').next().unwrap_or(s);
            body.rsplit(':').next().map(str::to_string)
        }
        Value::Object(m) => m.get("target").map(shown_plain),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The host port a `ports` item publishes (`"8443:443"` → 8443, `{published: "8443"}`);
/// none for a container port alone.
fn published_port(item: &Value) -> Option<String> {
    match item {
        Value::String(s) => {
            let body = s.split('/').next().unwrap_or(s);
            let parts: Vec<&str> = body.split(':').collect();
            (parts.len() >= 2).then(|| parts[parts.len() - 2].to_string())
        }
        Value::Object(m) => m.get("published").map(shown_plain),
        _ => None,
    }
}

/// A scalar as text, a string without its quotes.
fn shown_plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Whether a `ports` item publishes or maps `port`.
fn item_has_port(item: &Value, port: &str) -> bool {
    match item {
        Value::String(s) => {
            let body = s.split('/').next().unwrap_or(s);
            body.split(':').any(|p| p == port) || s == port
        }
        Value::Number(n) => n.to_string() == port,
        Value::Object(m) => ["target", "published"].iter().any(|k| match m.get(*k) {
            Some(Value::String(s)) => s == port,
            Some(Value::Number(n)) => n.to_string() == port,
            _ => false,
        }),
        _ => false,
    }
}

/// "expose port 8080 on web", "publish 3000:3000 on web", "map 8080 to 80 on api",
/// "remove port 443 from proxy".
fn ports(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let port_word = a.has(&["port", "ports"]);
    let verb_word = a.has(&[
        "expose",
        "publish",
        "open",
        "map",
        "forward",
        "bind",
        "listen",
        "listens",
        "unexpose",
        "unpublish",
        "close",
    ]);
    let mut values: Vec<(usize, String)> = Vec::new();
    let mut moved: Option<(String, String)> = None;
    let mut i = 0;
    while i < a.len() {
        let t = &a.tokens[i];
        let raw = t.raw.trim_end_matches(['.', ',']);
        if let Some(p) = port_of(raw) {
            let is_mapping = raw.contains(':');
            // "8080 to 80": host port to container port.
            let mapped = !is_mapping
                && a.tokens.get(i + 1).is_some_and(|n| n.is_any(&["to", "->"]))
                && a.tokens.get(i + 2).and_then(|n| port_of(&n.raw)).is_some()
                && !a.tokens[i + 2].raw.contains(':');
            // "change web's port from 80 to 8080": the published port changes.
            let from = (i > 0 && a.tokens[i - 1].is("from"))
                || (i > 1
                    && a.tokens[i - 1].is_any(&["port", "ports"])
                    && a.tokens[i - 2].is("from"));
            // "expose grafana on 3001 instead of 3000": the published port moves.
            let instead_of = !is_mapping
                && a.tokens.get(i + 1).is_some_and(|n| n.is("instead"))
                && a.tokens.get(i + 2).is_some_and(|n| n.is("of"))
                && a.tokens
                    .get(i + 3)
                    .and_then(|n| port_of(n.raw.trim_end_matches(['.', ','])))
                    .is_some();
            if instead_of {
                let old = a.tokens[i + 3].raw.trim_end_matches(['.', ',']).to_string();
                moved = Some((old.clone(), raw.to_string()));
                values.push((i, format!("{old}:{old}")));
                i += 4;
                continue;
            }
            if mapped && from {
                moved = Some((raw.to_string(), a.tokens[i + 2].raw.clone()));
                values.push((i, format!("{raw}:{raw}")));
                i += 3;
                continue;
            }
            if mapped {
                values.push((i, format!("{raw}:{}", a.tokens[i + 2].raw)));
                i += 3;
                continue;
            }
            let near_port_word =
                (i.saturating_sub(2)..i).any(|j| a.tokens[j].is_any(&["port", "ports"]));
            if is_mapping || near_port_word || (verb_word && a.uses[i] == Use::Number) {
                values.push((i, p));
            }
        }
        i += 1;
    }
    if values.is_empty() || !(port_word || verb_word || values.iter().any(|(_, v)| v.contains(':')))
    {
        return None;
    }
    let removing = a.has_verb(Verb::Remove)
        || a.has_verb(Verb::Disable)
        || a.has(&["unexpose", "unpublish", "close"])
        // "the proxy shouldn't publish 443 any more".
        || (!a.question
            && a.has(&["shouldn't", "shouldnt", "don't", "dont", "not", "stop", "anymore", "longer"]));
    let skip: Vec<usize> = values.iter().map(|(i, _)| *i).collect();
    // "publish https on 8443 instead" with no service named: the one that publishes ports.
    let only_publisher = || {
        let with: Vec<usize> = (0..scene.components.len())
            .filter(|&i| {
                lookup(
                    &scene.value,
                    &scene.components[i].pointer.join("ports".to_string()),
                )
                .is_some()
            })
            .collect();
        match with.as_slice() {
            [one] if a.has(&["instead"]) && a.mentions.is_empty() => Some(Ok(*one)),
            _ => None,
        }
    };
    let target = match one_target(a, scene, "ports", &skip).or_else(only_publisher)? {
        Ok(t) => t,
        Err(r) => return Some(r),
    };
    // "expose 8080 on api" where the api lists ports it exposes to the other services:
    // that list (the other readings set it).
    let exposes = lookup(
        &scene.value,
        &scene.components[target].pointer.join("expose".to_string()),
    )
    .is_some();
    if exposes && a.has(&["expose", "exposes"]) && !a.has(&["publish", "map", "ports", "forward"]) {
        return None;
    }
    let pointer = scene.components[target].pointer.join("ports".to_string());
    let current = lookup(&scene.value, &pointer).cloned();
    let mut work = Work::new(scene);
    // "publish prometheus on 9091 instead", "publish https on 8443 instead": the one
    // published port (or the one for the protocol said) moves to the new one.
    let moved = match (&moved, values.as_slice(), &current) {
        (None, [(at, v)], Some(Value::Array(items)))
            if (a.has(&["instead"])
                || a.tokens
                    .first()
                    .is_some_and(|t| t.is_any(&["move", "change", "switch", "swap"])))
                && !removing
                && !a.tokens[*at].raw.contains(':') =>
        {
            let new = v.split(':').next().unwrap_or(v).to_string();
            let protocol = if a.has(&["https", "tls", "ssl"]) {
                Some("443")
            } else if a.has(&["http"]) {
                Some("80")
            } else {
                None
            };
            let fits: Vec<String> = items
                .iter()
                .filter(|item| protocol.is_none_or(|p| container_port(item).as_deref() == Some(p)))
                .filter_map(published_port)
                .filter(|p| *p != new)
                .collect();
            match fits.as_slice() {
                [old] => Some((old.clone(), new)),
                _ => None,
            }
        }
        _ => moved,
    };
    if let Some((from, to)) = moved {
        return Some(move_port(
            scene,
            target,
            &pointer,
            current.as_ref(),
            &from,
            &to,
            work,
        ));
    }
    if removing {
        let Some(Value::Array(items)) = &current else {
            return Some(Reply::answer(
                ReplyKind::Answer,
                format!(
                    "The {} publishes no ports; I changed nothing.",
                    scene.label(target)
                ),
            ));
        };
        let mut gone: Vec<usize> = Vec::new();
        for (_, v) in &values {
            let port = v
                .split(':')
                .next()
                .unwrap_or(v)
                .split('/')
                .next()
                .unwrap_or(v);
            for (n, item) in items.iter().enumerate() {
                let hit = if v.contains(':')
                    && values.iter().all(|(i, _)| a.tokens[*i].raw.contains(':'))
                {
                    item.as_str() == Some(v.as_str()) || item_has_port(item, port)
                } else {
                    item_has_port(item, port)
                };
                if hit && !gone.contains(&n) {
                    gone.push(n);
                }
            }
        }
        if gone.is_empty() {
            return Some(Reply::answer(
                ReplyKind::Answer,
                format!(
                    "The {} does not publish {}; I changed nothing.",
                    scene.label(target),
                    join_and(&values.iter().map(|(_, v)| code(v)).collect::<Vec<_>>())
                ),
            ));
        }
        gone.sort_unstable();
        let edits: Vec<EditOp> = if gone.len() == items.len() {
            vec![EditOp::Remove {
                path: pointer.clone(),
            }]
        } else {
            gone.iter()
                .rev()
                .map(|&n| EditOp::Remove {
                    path: pointer.join(n.to_string()),
                })
                .collect()
        };
        for &n in &gone {
            work.done.push(format!(
                "removed {} from the ports of the {}",
                shown(&items[n]),
                scene.label(target)
            ));
        }
        if let Err(e) = work.apply(edits) {
            return Some(could_not("", &e));
        }
        return Some(work.finish("I propose removing the ports:"));
    }
    // "the app should also be reachable on port 80 of my machine": a host port, for the
    // one port the service listens on (8080), not a second port inside it.
    let host_side = a.has(&[
        "reachable",
        "machine",
        "host",
        "laptop",
        "localhost",
        "computer",
        "also",
    ]);
    if let (true, Some(Value::Array(items)), [(at, v)]) =
        (host_side, &current, values.as_mut_slice())
    {
        let mut inside: Vec<String> = items.iter().filter_map(container_port).collect();
        inside.dedup();
        if let [c] = inside.as_slice() {
            let port = v.split(':').next().unwrap_or(v).to_string();
            if !a.tokens[*at].raw.contains(':') && *c != port {
                *v = format!("{port}:{c}");
            }
        }
    }
    let mut edits = Vec::new();
    let mut list: Vec<Value> = match &current {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    };
    for (_, v) in &values {
        let port = v.split(':').next().unwrap_or(v);
        if list.iter().any(|item| item.as_str() == Some(v.as_str()))
            || (!v.contains('/')
                && list.iter().any(|item| {
                    item_has_port(item, port)
                        && item
                            .as_str()
                            .is_some_and(|s| s.split(':').next_back() == v.split(':').next_back())
                }))
        {
            work.notes.push(format!(
                "The {} already publishes {}.",
                scene.label(target),
                code(v)
            ));
            continue;
        }
        list.push(Value::String(v.clone()));
        work.done.push(format!(
            "the {} now publishes {}",
            scene.label(target),
            code(v)
        ));
    }
    if work.done.is_empty() {
        return Some(work.finish("I propose publishing the ports:"));
    }
    match &current {
        Some(Value::Array(items)) => {
            for v in &list[items.len()..] {
                edits.push(EditOp::Add {
                    path: pointer.join("-".to_string()),
                    value: v.clone(),
                });
            }
        }
        _ => edits.push(EditOp::Set {
            path: pointer,
            value: Value::Array(list),
        }),
    }
    if let Err(e) = work.apply(edits) {
        return Some(could_not("", &e));
    }
    Some(work.finish("I propose publishing the ports:"))
}

// ------------------------------------------------------------------------ env

/// `KEY=VALUE` (or `KEY: VALUE` quoted), with a name of letters, digits and `_`.
fn assignment(s: &str) -> Option<(String, String)> {
    let (k, v) = s.split_once('=')?;
    let k = k.trim();
    if k.is_empty()
        || !k
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    Some((k.to_string(), v.trim().to_string()))
}

/// A name written like an environment variable (`LOG_LEVEL`, `RUST_BACKTRACE`).
pub(crate) fn env_name(s: &str) -> bool {
    s.len() >= 2
        && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

/// "add env var LOG_LEVEL=debug to web", "set RUST_BACKTRACE=1 on build", "remove the
/// env var DEBUG from api", "set the environment variable LOG_LEVEL to info on web".
fn env(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let env_word = a.has(&["env", "environment", "variable", "variables", "var", "vars"]);
    let removing = a.has_verb(Verb::Remove)
        || a.has(&["unset"])
        // "grafana doesn't need GF_X=false anymore".
        || (!a.question
            && a.has(&["doesn't", "doesnt", "don't", "dont", "shouldn't", "anymore", "longer"]));
    let mut pairs: Vec<(usize, String, Option<String>)> = Vec::new();
    for (i, t) in a.tokens.iter().enumerate() {
        if let Some((k, v)) = assignment(&t.raw) {
            // "remove LOG_LEVEL=debug from api": the variable goes, whatever its value.
            pairs.push((i, k, (!removing).then_some(v)));
        }
    }
    // "set the api's NODE_ENV to staging": a variable's name as such, with a value.
    // A short one ("TZ") right after "set".
    let named_var = |i: usize, t: &Token| {
        env_name(&t.raw)
            && (t.raw.contains('_') || t.raw.len() >= 4 || (i > 0 && a.tokens[i - 1].is("set")))
    };
    let valued_var = !removing
        && a.tokens.iter().enumerate().any(|(i, t)| {
            !t.quoted
                && named_var(i, t)
                && a.tokens.get(i + 1).is_some_and(|n| n.is_any(&["to", "="]))
                && a.tokens.get(i + 2).is_some()
        });
    if pairs.is_empty() && (env_word || valued_var) {
        // "LOG_LEVEL to debug", or the name alone to remove it.
        for (i, t) in a.tokens.iter().enumerate() {
            if t.quoted || !env_name(&t.raw) || (!env_word && !named_var(i, t)) {
                continue;
            }
            if removing {
                pairs.push((i, t.raw.clone(), None));
            } else if let (Some(to), Some(v)) = (a.tokens.get(i + 1), a.tokens.get(i + 2)) {
                if to.is_any(&["to", "=", "as"]) {
                    pairs.push((i, t.raw.clone(), Some(v.raw.clone())));
                }
            }
        }
    }
    if pairs.is_empty() || (!env_word && pairs.iter().all(|(_, _, v)| v.is_none())) {
        return None;
    }
    let mut skip: Vec<usize> = pairs.iter().map(|(i, _, _)| *i).collect();
    for (i, _, v) in &pairs {
        if v.is_some() && !a.tokens[*i].raw.contains('=') {
            skip.push(i + 2);
        }
    }
    // The components ("to web", "to both services", "to web and db"), or the document's
    // own `env` (a workflow's) when none is named.
    let mut places: Vec<(Pointer, String, String)> = Vec::new();
    for field in ["env", "environment"] {
        match targets(a, scene, field, &skip) {
            Ok(t) if t.is_empty() => {}
            Ok(t) => {
                places = t
                    .iter()
                    .map(|&t| {
                        (
                            scene.components[t].pointer.join(field.to_string()),
                            field.to_string(),
                            format!("the {}", scene.label(t)),
                        )
                    })
                    .collect();
                break;
            }
            Err(r) => return Some(r),
        }
    }
    let mut place: Option<(Pointer, String, String)> = None;
    if places.is_empty() {
        let named = refs(a, scene).iter().any(|r| {
            !skip.iter().any(|&s| r.start <= s && s < r.end) && !matches!(r.target, Target::New(_))
        });
        let root = scene.fields_at(&scene.value, &Pointer::root());
        if !named {
            if let Some(f) = root
                .iter()
                .find(|f| f.key == "env" || f.key == "environment")
            {
                place = Some((
                    Pointer::root().join(f.key.clone()),
                    f.key.clone(),
                    "the document".to_string(),
                ));
            }
        }
    }
    places.extend(place);
    if places.is_empty() {
        return None;
    }
    let mut work = Work::new(scene);
    let mut edits: Vec<EditOp> = Vec::new();
    for (pointer, field, what) in places {
        let current = lookup(&scene.value, &pointer).cloned();
        let mut planned = current.clone();
        for (_, key, value) in &pairs {
            match (&mut planned, value) {
                (Some(Value::Array(items)), v) => {
                    let at = items.iter().position(|it| {
                        it.as_str()
                            .is_some_and(|s| s.split('=').next() == Some(key.as_str()))
                    });
                    match (at, v) {
                        (Some(n), None) => {
                            items.remove(n);
                            work.done
                                .push(format!("removed {} from the {field} of {what}", code(key)));
                        }
                        (Some(n), Some(v)) => {
                            items[n] = Value::String(format!("{key}={v}"));
                            work.done
                                .push(format!("{} of {what} is now {}", code(key), code(v)));
                        }
                        (None, Some(v)) => {
                            items.push(Value::String(format!("{key}={v}")));
                            work.done
                                .push(format!("{} of {what} is now {}", code(key), code(v)));
                        }
                        (None, None) => work.notes.push(format!("{what} has no {}.", code(key))),
                    }
                }
                (Some(Value::Object(m)), None) => {
                    if m.remove(key).is_some() {
                        work.done
                            .push(format!("removed {} from the {field} of {what}", code(key)));
                    } else {
                        work.notes.push(format!("{} has no {}.", what, code(key)));
                    }
                }
                (Some(Value::Object(m)), Some(v)) => {
                    let new = Value::String(v.clone());
                    if m.get(key) == Some(&new) {
                        work.notes
                            .push(format!("{} of {what} is already {}.", code(key), code(v)));
                    } else {
                        m.insert(key.clone(), new);
                        work.done
                            .push(format!("{} of {what} is now {}", code(key), code(v)));
                    }
                }
                (None, Some(v)) => {
                    let mut m = serde_json::Map::new();
                    m.insert(key.clone(), Value::String(v.clone()));
                    planned = Some(Value::Object(m));
                    work.done
                        .push(format!("{} of {what} is now {}", code(key), code(v)));
                }
                (None, None) => work.notes.push(format!("{what} has no {}.", code(key))),
                (Some(_), _) => return None,
            }
        }
        if let Some(new) = planned {
            if Some(&new) != current.as_ref() {
                // Each key on its own, so the rest of the map keeps its text.
                match (&current, &new) {
                    (Some(Value::Object(old)), Value::Object(m)) => {
                        for k in old.keys().filter(|k| !m.contains_key(*k)) {
                            edits.push(EditOp::Remove {
                                path: pointer.join(k.clone()),
                            });
                        }
                        for (k, v) in m.iter().filter(|(k, v)| old.get(*k) != Some(*v)) {
                            edits.push(EditOp::Set {
                                path: pointer.join(k.clone()),
                                value: v.clone(),
                            });
                        }
                    }
                    _ => edits.push(EditOp::Set {
                        path: pointer.clone(),
                        value: new,
                    }),
                }
            }
        }
    }
    if let Err(e) = work.apply(edits) {
        return Some(could_not("", &e));
    }
    Some(work.finish("I propose changing the environment variables:"))
}

// ------------------------------------------------------------------------ runs-on

/// A runner label: `ubuntu-latest`, `macos-14`, `windows-2022`, `self-hosted`.
fn is_runner(s: &str) -> bool {
    let s = s.to_lowercase();
    if s == "self-hosted" {
        return true;
    }
    ["ubuntu", "macos", "windows"].iter().any(|os| {
        s.strip_prefix(os).is_some_and(|rest| {
            rest.is_empty()
                || (rest.starts_with('-')
                    && rest.len() > 1
                    && rest[1..]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-')))
        })
    })
}

/// "run lint on macos-latest", "make build run on windows-latest", "use ubuntu-24.04 for
/// all jobs".
fn runner(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let found: Vec<usize> = (0..a.len())
        .filter(|&i| is_runner(&a.tokens[i].raw))
        .collect();
    let [at] = found.as_slice() else {
        return None;
    };
    let mut value = a.tokens[*at].raw.to_lowercase();
    if !value.contains('-') {
        value.push_str("-latest");
    }
    let mut targets = match targets(a, scene, "runs-on", &[*at]) {
        Ok(t) => t,
        Err(r) => return Some(r),
    };
    if targets.is_empty() {
        let all: Vec<usize> = (0..scene.components.len())
            .filter(|&i| scene.fields_of(i).iter().any(|f| f.key == "runs-on"))
            .collect();
        if all.len() != 1 {
            return None;
        }
        targets = all;
    }
    let mut work = Work::new(scene);
    let mut edits = Vec::new();
    for t in targets {
        let pointer = scene.components[t].pointer.join("runs-on".to_string());
        let current = lookup(&scene.value, &pointer).cloned();
        let new = Value::String(value.clone());
        if current.as_ref() == Some(&new) {
            work.notes.push(format!(
                "The {} already runs on {}.",
                scene.label(t),
                code(&value)
            ));
            continue;
        }
        let was = current
            .map(|c| format!(" (was {})", shown(&c)))
            .unwrap_or_default();
        work.done.push(format!(
            "the {} runs on {}{was}",
            scene.label(t),
            code(&value)
        ));
        edits.push(EditOp::Set {
            path: pointer,
            value: new,
        });
    }
    if let Err(e) = work.apply(edits) {
        return Some(could_not("", &e));
    }
    Some(work.finish("I propose changing where the jobs run:"))
}

// ------------------------------------------------------------------------ steps

/// The command after "runs"/"run"/"running"/"execute" (a quoted one first), and where it
/// starts and ends.
fn command(a: &Analysis, from: usize) -> Option<(usize, usize, String)> {
    let at = (from..a.len()).find(|&i| {
        a.tokens[i].is_any(&[
            "runs",
            "run",
            "running",
            "execute",
            "executes",
            "executing",
            "does",
            "calls",
        ]) && !a.tokens[i].quoted
    })?;
    if let Some(q) = (at + 1..a.len()).find(|&i| a.tokens[i].quoted) {
        if q <= at + 2 {
            return Some((at, q + 1, a.tokens[q].raw.clone()));
        }
    }
    let start = at + 1;
    if start < a.len() && a.tokens[start].is_any(&["on"]) {
        return None; // "run on ubuntu": a runner.
    }
    // "run for more than an hour", "run every night", "run only on main": how long, when
    // or where it runs, not what.
    if start < a.len()
        && a.tokens[start].is_any(&[
            "for", "longer", "more", "over", "past", "beyond", "than", "forever", "until", "at",
            "every", "whenever", "when", "if", "only", "once", "after", "before",
        ])
    {
        return None;
    }
    // Up to a trailing "to the build job", "in test", "for lint".
    let mut end = a.len();
    for i in start + 1..a.len() {
        if a.tokens[i].is_any(&["to", "in", "on", "for", "into", "after", "before"]) {
            let rest = i + 1..a.len();
            let names_job = rest
                .clone()
                .any(|j| a.uses[j] == Use::Mention || a.kinds.iter().any(|k| k.at == j))
                && rest.clone().all(|j| {
                    a.uses[j] == Use::Mention
                        || a.kinds.iter().any(|k| k.at == j)
                        || a.tokens[j].is_any(&[
                            "the", "a", "an", "job", "jobs", "too", "also", "as", "well", "step",
                        ])
                });
            if names_job {
                end = i;
                break;
            }
        }
    }
    if end <= start {
        return None;
    }
    let mut text = String::new();
    for (n, t) in a.tokens[start..end].iter().enumerate() {
        if n > 0 {
            text.push(' ');
        }
        text.push_str(&t.raw);
        if t.boundary && n + 1 < end - start {
            text.push(',');
        }
    }
    (!text.is_empty()).then_some((at, end, text))
}

// ------------------------------------------------------------------------ permissions

/// "set contents permission to write", "give the workflow write access to pull requests",
/// "the workflow needs id-token: write": one scope of the token a workflow (or a job named
/// in the request) gets — read, write or none — among the scopes its schema lists.
fn permissions(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let level = a.tokens.iter().find_map(|t| {
        let w = t.norm.trim_end_matches([',', '.']);
        matches!(w, "read" | "write" | "none").then(|| w.to_string())
    })?;
    let said_so = a.has(&["permission", "permissions", "access", "scope", "token"]);
    // Whose: a job the request names, else the workflow.
    let jobs: Vec<usize> = a
        .mentions
        .iter()
        .filter(|m| m.candidates.len() == 1)
        .map(|m| m.candidates[0])
        .filter(|&i| scene.components[i].kind == "job")
        .collect();
    let owner = match jobs.as_slice() {
        [] => Pointer::root(),
        [j] => scene.components[*j].pointer.clone(),
        _ => return None,
    };
    let at = owner.join("permissions".to_string());
    let scopes: Vec<String> = scene
        .fields_at(&scene.value, &at)
        .into_iter()
        .map(|f| f.key)
        .collect();
    if scopes.is_empty() {
        return None;
    }
    // The scope: its name as one word ("id-token", "contents") or in words ("pull
    // requests"), singular or plural.
    let said: Vec<String> = a
        .tokens
        .iter()
        .map(|t| t.norm.trim_end_matches([',', '.', ':']).to_string())
        .collect();
    let joined: Vec<String> = (0..said.len())
        .flat_map(|i| {
            let mut v = vec![said[i].clone()];
            if i + 1 < said.len() {
                v.push(format!("{}-{}", said[i], said[i + 1]));
            }
            v
        })
        .collect();
    let hits: Vec<&String> = scopes
        .iter()
        .filter(|s| {
            joined.iter().any(|w| {
                w == *s
                    || format!("{w}s") == **s
                    || w.trim_end_matches('s') == s.trim_end_matches('s')
            })
        })
        .collect();
    let [scope] = hits.as_slice() else {
        return None;
    };
    // Without a word for permissions, only the scope's own name ("id-token: write").
    if !said_so && !joined.iter().any(|w| w == *scope) {
        return None;
    }
    let value = Value::String(level.clone());
    match lookup(&scene.value, &at) {
        Some(Value::Object(m)) if m.get(scope.as_str()) == Some(&value) => {
            return Some(Reply::answer(
                ReplyKind::Answer,
                format!(
                    "The token already has {} {}. I changed nothing.",
                    code(scope),
                    code(&level)
                ),
            ));
        }
        Some(Value::Object(_)) | None => {}
        // `permissions: read-all` is one level for every scope: not changed piecemeal.
        Some(_) => return None,
    }
    let op = set_creating(&scene.value, &at.join(scope.to_string()), value);
    let mut work = Work::new(scene);
    let whose = match jobs.as_slice() {
        [j] => format!("the {}", scene.label(*j)),
        _ => "the workflow".to_string(),
    };
    work.done.push(format!(
        "{whose}'s token gets {} {}",
        code(scope),
        code(&level)
    ));
    if let Err(e) = work.apply(vec![op]) {
        return Some(could_not("", &e));
    }
    Some(work.finish("I propose changing the token's permissions:"))
}

// ------------------------------------------------------------------------ parts

/// "enable the http protocol on the otlp receiver", "turn off grpc on otlp", "add the
/// http protocol too": a named entry of one of a component's maps whose entries the schema
/// names (the receiver's `protocols`: `grpc`, `http`), switched on as an empty entry (the
/// schema's defaults) or off by removing it. The entry must be said by its key, and the
/// map by its name or by a verb that switches.
fn part_switch(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let off_word = a.has(&["off", "stop", "longer"]);
    // "turn off grpc on otlp", "switch http on".
    let switched = a.has(&["turn", "switch", "flip"]) && (off_word || a.has(&["on"]));
    // "no longer accept http on otlp", "also accept http".
    let accepts = a.has(&["accept", "allow", "support", "listen", "serve", "receive"]);
    let first = match a.verbs().first().map(|(_, v)| *v) {
        _ if switched || accepts => {
            if off_word || a.has(&["not", "no", "dont", "don't"]) {
                Verb::Disable
            } else {
                Verb::Enable
            }
        }
        Some(v) => v,
        None => return None,
    };
    let on = match first {
        Verb::Enable | Verb::Add => !off_word,
        Verb::Disable | Verb::Remove => false,
        Verb::Make | Verb::Set | Verb::Use if a.has(&["on", "enabled", "support"]) => !off_word,
        Verb::Make | Verb::Set | Verb::Use if off_word || a.has(&["disabled"]) => false,
        _ => return None,
    };
    let said = |w: &str| (0..a.len()).find(|&i| !a.tokens[i].quoted && a.tokens[i].norm == w);
    // The components addressed: the ones named, else the one that has such an entry.
    let mut named: Vec<usize> = a
        .mentions
        .iter()
        .filter(|m| m.candidates.len() == 1)
        .map(|m| m.candidates[0])
        .collect();
    named.sort_unstable();
    named.dedup();
    let pool: Vec<usize> = if named.is_empty() {
        if !a.kinds.is_empty() && a.kinds.iter().any(|k| !k.plural && !k.all) && first == Verb::Add
        {
            // "add an otlp receiver with http": a new component.
            return None;
        }
        (0..scene.components.len()).collect()
    } else {
        named
    };
    let mut found: Vec<(usize, String, String, usize)> = Vec::new();
    for &i in &pool {
        for f in scene.fields_of(i) {
            if !matches!(f.input, trellis_schema::Input::Object { .. }) {
                continue;
            }
            let map_said = f
                .stems
                .iter()
                .any(|s| a.tokens.iter().any(|t| t.stem() == *s));
            if !map_said && !matches!(first, Verb::Enable | Verb::Disable) {
                continue;
            }
            let at = scene.components[i].pointer.join(f.key.clone());
            // Entries that are settings of their own (`http: {endpoint: …}`), not values.
            for sub in scene
                .fields_at(&scene.value, &at)
                .into_iter()
                .filter(|f| entry_like(&f.input))
            {
                if let Some(t) = said(&sub.key) {
                    if a.mention_at(t).is_none() {
                        found.push((i, f.key.clone(), sub.key.clone(), t));
                    }
                }
            }
        }
    }
    let [(i, map, entry, _)] = found.as_slice() else {
        return None;
    };
    let pointer = scene.components[*i]
        .pointer
        .join(map.clone())
        .join(entry.clone());
    let present = lookup(&scene.value, &pointer).is_some();
    let mut work = Work::new(scene);
    let label = format!("{} of the {}", code(entry), scene.label(*i));
    match (on, present) {
        (true, true) | (false, false) => {
            work.notes.push(format!(
                "The {} {} {}.",
                scene.label(*i),
                if present { "already has" } else { "has no" },
                code(entry)
            ));
        }
        (true, false) => {
            work.done
                .push(format!("{label}: turned on with its defaults"));
            if let Err(e) = work.apply(vec![set_creating(&scene.value, &pointer, json!({}))]) {
                return Some(could_not("", &e));
            }
        }
        (false, true) => {
            work.done.push(format!("{label}: turned off"));
            if let Err(e) = work.apply(vec![EditOp::Remove { path: pointer }]) {
                return Some(could_not("", &e));
            }
        }
    }
    Some(work.finish(&format!(
        "I propose changing the {} of the {}:",
        map,
        scene.label(*i)
    )))
}

// ------------------------------------------------------------------------ keyed items

/// Every list item of the document that is a `key`/`value` pair (a resource processor's
/// attributes): its pointer and key.
fn keyed_items(value: &Value) -> Vec<(Pointer, String)> {
    let mut out = Vec::new();
    visit(
        value,
        &Pointer::root(),
        false,
        &mut |at, item, in_list| match (item.get("key").and_then(Value::as_str), item.get("value"))
        {
            (Some(k), Some(_)) if in_list => {
                out.push((at.clone(), k.to_string()));
                false
            }
            _ => true,
        },
    );
    out
}

/// Calls `f` on `value` and, while `f` says to go on, on everything inside it, with its
/// pointer and whether it is a list's item.
fn visit(
    value: &Value,
    at: &Pointer,
    in_list: bool,
    f: &mut dyn FnMut(&Pointer, &Value, bool) -> bool,
) {
    if !f(at, value, in_list) {
        return;
    }
    match value {
        Value::Object(m) => {
            for (k, v) in m {
                visit(v, &at.join(k.clone()), false, f);
            }
        }
        Value::Array(items) => {
            for (n, item) in items.iter().enumerate() {
                visit(item, &at.join(n.to_string()), true, f);
            }
        }
        _ => {}
    }
}

/// Whether a field's value is a map of settings (or may be one).
fn entry_like(input: &trellis_schema::Input) -> bool {
    match input {
        trellis_schema::Input::Object { .. } => true,
        trellis_schema::Input::Variants { variants, .. } => variants
            .iter()
            .any(|v| matches!(v.field.input, trellis_schema::Input::Object { .. })),
        _ => false,
    }
}

/// "change the environment attribute to staging", "set deployment.environment to
/// staging": the value of the one `key`/`value` item whose key the request names (by the
/// whole key or by a word of it next to "attribute", "label", "tag" or "header").
fn keyed_item(a: &Analysis, scene: &Scene) -> Option<Reply> {
    if !matches!(
        a.verbs().first().map(|(_, v)| *v),
        Some(Verb::Set | Verb::Make | Verb::Use) | None
    ) {
        return None;
    }
    let to = (0..a.len()).rev().find(|&i| a.tokens[i].is("to"))?;
    let new = a.raw(to + 1, a.len());
    let new = new.trim().trim_end_matches(['.', '!']).trim();
    if new.is_empty() || new.split_whitespace().count() > 3 {
        return None;
    }
    let items = keyed_items(&scene.value);
    let words: Vec<&str> = a.tokens[..to].iter().map(|t| t.norm.as_str()).collect();
    let attribute_word = |i: usize| {
        a.tokens.get(i + 1).is_some_and(|t| {
            t.is_any(&[
                "attribute",
                "attributes",
                "label",
                "labels",
                "tag",
                "tags",
                "header",
            ])
        })
    };
    let hits: Vec<&(Pointer, String)> = items
        .iter()
        .filter(|(_, key)| {
            let lower = key.to_lowercase();
            words.contains(&lower.as_str())
                || (0..to).any(|i| {
                    attribute_word(i)
                        && lower
                            .split(['.', '_', '-', '/'])
                            .any(|part| part == a.tokens[i].norm)
                })
        })
        .collect();
    let [(pointer, key)] = hits.as_slice() else {
        return None;
    };
    let at = pointer.join("value".to_string());
    let old = lookup(&scene.value, &at)?;
    let value = match old {
        Value::Number(_) => super::text::parse_number(new).map(super::text::json_number)?,
        Value::Bool(_) => Value::Bool(super::text::parse_bool(new)?),
        _ => Value::String(new.to_string()),
    };
    let mut work = Work::new(scene);
    work.done.push(format!(
        "{}: {} (was {})",
        code(key),
        shown(&value),
        shown(old)
    ));
    if let Err(e) = work.apply(vec![EditOp::Set { path: at, value }]) {
        return Some(could_not("", &e));
    }
    Some(work.finish("I propose changing the attribute:"))
}

/// "this collector is for staging, not production", "use staging instead of production",
/// "change production to staging": a value said as it is now (one text value of the
/// document, found once, that names no component) and as it should be. The last reading
/// tried, for requests nothing else understood.
pub(crate) fn swap_value(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let n = a.len();
    let word = |i: usize| {
        a.tokens
            .get(i)
            .map(|t| t.raw.trim_end_matches(['.', '!', ',']).to_string())
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    for i in 0..n {
        let t = &a.tokens[i];
        // "… staging, not production"
        if t.is("not") && i > 0 && i + 2 == n && a.tokens[i - 1].boundary {
            pairs.push((word(i + 1)?, word(i - 1)?));
        }
        // "… staging instead of production"
        if t.is("instead") && a.tokens.get(i + 1).is_some_and(|t| t.is("of")) && i > 0 && i + 3 == n
        {
            pairs.push((word(i + 2)?, word(i - 1)?));
        }
        // "change production to staging", "switch from production to staging"
        if t.is_any(&["to", "with", "for"]) && i > 0 && i + 2 == n && i <= 3 {
            let changes = a.tokens[..i - 1]
                .iter()
                .any(|t| t.is_any(&["change", "switch", "replace", "swap", "from", "move"]));
            if changes {
                pairs.push((word(i - 1)?, word(i + 1)?));
            }
        }
    }
    let [(old, new)] = pairs.as_slice() else {
        return None;
    };
    if old.eq_ignore_ascii_case(new) || !scene.named(old).is_empty() {
        return None;
    }
    let mut found: Vec<Pointer> = Vec::new();
    visit(&scene.value, &Pointer::root(), false, &mut |at, v, _| {
        if v.as_str().is_some_and(|s| s.eq_ignore_ascii_case(old)) {
            found.push(at.clone());
        }
        true
    });
    let [at] = found.as_slice() else {
        return None;
    };
    let mut work = Work::new(scene);
    work.done.push(format!(
        "{}: {} (was {})",
        code(&at.to_string()),
        code(new),
        code(old)
    ));
    if let Err(e) = work.apply(vec![EditOp::Set {
        path: at.clone(),
        value: Value::String(new.clone()),
    }]) {
        return Some(could_not("", &e));
    }
    Some(work.finish("I propose changing the value:"))
}

// ------------------------------------------------------------------------ healthcheck

/// "add a healthcheck to the cache service running redis-cli ping", "give web a health
/// check that curls http://localhost/": the check's command (`test`), run by a shell, on the
/// one service addressed; the other settings of a check it has are kept.
fn healthcheck(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let at = (0..a.len()).find(|&i| {
        a.tokens[i].is_any(&["healthcheck", "healthchecks"])
            || (a.tokens[i].is("health")
                && a.tokens
                    .get(i + 1)
                    .is_some_and(|t| t.is_any(&["check", "checks"])))
    })?;
    if a.verbs()
        .first()
        .is_some_and(|(_, v)| !matches!(v, Verb::Add | Verb::Give | Verb::Set | Verb::Make))
    {
        return None;
    }
    // The command: after "running" / "that runs" …, or what "curls" fetches.
    let (from, to, command) = match command(a, at) {
        Some(found) => found,
        None => {
            // "a health check? pg_isready every 10 seconds is fine": a command said by
            // itself after it.
            if let Some(c) = (at..a.len()).find(|&i| is_check_command(&a.tokens[i])) {
                let end = (c + 1..a.len())
                    .find(|&j| a.tokens[j - 1].boundary || ends_command(&a.tokens[j]))
                    .unwrap_or(a.len());
                let text = if a.tokens[c].quoted {
                    a.tokens[c].raw.clone()
                } else {
                    a.raw(c, end)
                        .trim()
                        .trim_end_matches([',', ';', '.'])
                        .to_string()
                };
                return check_with(a, scene, c, end, text);
            }
            let c = (at..a.len()).find(|&i| {
                a.tokens[i].is_any(&["runing", "curls", "curling", "pings", "pinging"])
                    // "a healthcheck with pg_isready": a command said after "with".
                    || (a.tokens[i].is_any(&["with", "using"])
                        && a.tokens.get(i + 1).is_some_and(|t| {
                            !t.is_any(&["a", "an", "the", "interval", "timeout", "retries", "every"])
                                && t.number().is_none()
                        }))
            })?;
            let rest = a.raw(c + 1, a.len());
            let rest = rest.trim();
            if rest.is_empty() {
                return None;
            }
            let text = if a.tokens[c].norm.starts_with("curl") {
                format!("curl -f {rest}")
            } else if a.tokens[c].norm.starts_with("ping") {
                return None;
            } else {
                rest.to_string()
            };
            (c, a.len(), text)
        }
    };
    check_with(a, scene, from, to, command)
}

/// Words that end a check's command: how often and how patiently it runs, or a remark
/// ("pg_isready every 10 seconds is fine").
fn ends_command(t: &super::text::Token) -> bool {
    t.is_any(&[
        "every", "each", "interval", "timeout", "retries", "is", "should", "please", "and", "then",
        "to", "on", "for",
    ])
}

/// A command a health check runs, said by itself: a quoted one, or a well-known check.
fn is_check_command(t: &super::text::Token) -> bool {
    let known = [
        "pg_isready",
        "redis-cli",
        "mysqladmin",
        "mongosh",
        "curl",
        "wget",
        "nc",
    ];
    (t.quoted && t.raw.contains(|c: char| c.is_ascii_alphabetic()))
        || (!t.quoted && known.contains(&t.raw.as_str()))
}

/// The health check that runs `command` (said at tokens `from..to`), with how often it
/// runs when the request says so ("every 10 seconds").
fn check_with(
    a: &Analysis,
    scene: &Scene,
    from: usize,
    to: usize,
    command: String,
) -> Option<Reply> {
    // Trailing words of how often are no part of the command ("runs pg_isready every
    // 10s").
    let words: Vec<&str> = command.split_whitespace().collect();
    let cut = words
        .iter()
        .position(|w| {
            matches!(
                w.to_lowercase().trim_end_matches([',', '.']),
                "every" | "each" | "interval" | "timeout" | "retries"
            )
        })
        .filter(|&p| p > 0)
        .unwrap_or(words.len());
    let command = words[..cut]
        .join(" ")
        .trim_end_matches([',', ';', '.'])
        .to_string();
    // "every 10 seconds", "every 10s", "interval to 5s" (as "every 5 seconds" may be
    // read).
    let interval = (0..a.len()).find_map(|i| {
        // (By what was written: a word read as a typo of another still says it.)
        let t = &a.tokens[i];
        if t.quoted || !matches!(t.norm.as_str(), "every" | "each" | "interval") {
            return None;
        }
        let i = if a.tokens.get(i + 1).is_some_and(|t| t.is_any(&["to", "of"])) {
            i + 1
        } else {
            i
        };
        let n = a.tokens.get(i + 1)?;
        if crate::offline::create::is_duration(&n.norm) {
            return Some(n.norm.clone());
        }
        let (letter, _) = super::text::time_unit(&a.tokens.get(i + 2)?.norm)?;
        n.norm
            .chars()
            .all(|c| c.is_ascii_digit())
            .then(|| format!("{}{letter}", n.norm))
    });
    // "make the health check run every 30 seconds": how often, not what it runs.
    if command.split_whitespace().next().is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "every" | "each" | "once" | "at" | "after" | "within" | "for"
        )
    }) {
        return None;
    }
    let skip: Vec<usize> = (from..to).collect();
    let target = match one_target(a, scene, "healthcheck", &skip)? {
        Ok(t) => t,
        Err(r) => return Some(r),
    };
    let pointer = scene.components[target]
        .pointer
        .join("healthcheck".to_string());
    let test = Value::Array(vec![
        Value::String("CMD-SHELL".into()),
        Value::String(command.clone()),
    ]);
    // A new check, or one to replace a check written some other way.
    let mut check = json!({ "test": test });
    if let Some(every) = &interval {
        check["interval"] = Value::String(every.clone());
    }
    let ops = match lookup(&scene.value, &pointer) {
        // A check written some other way is replaced by one with the command.
        Some(other) if !other.is_object() => vec![EditOp::Set {
            path: pointer,
            value: check,
        }],
        None => vec![set_creating(&scene.value, &pointer, check)],
        Some(_) => {
            let mut ops = vec![set_creating(
                &scene.value,
                &pointer.join("test".to_string()),
                test,
            )];
            if let Some(every) = &interval {
                ops.push(EditOp::Set {
                    path: pointer.join("interval".to_string()),
                    value: Value::String(every.clone()),
                });
            }
            ops
        }
    };
    let mut work = Work::new(scene);
    work.done.push(format!(
        "the {} is checked by running {}{}",
        scene.label(target),
        code(&command),
        interval
            .as_ref()
            .map(|i| format!(" every {}", code(i)))
            .unwrap_or_default()
    ));
    if let Err(e) = work.apply(ops) {
        return Some(could_not("", &e));
    }
    Some(work.finish("I propose a health check:"))
}

/// A name for a new job from the command of its step: its last plain word ("cargo test
/// --all" → `test`, "npm run lint" → `lint`).
fn named_by_command(step: &Value) -> Option<String> {
    let run = step.get("run")?.as_str()?;
    run.split_whitespace()
        .rev()
        .find(|w| {
            !w.starts_with('-')
                && w.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                && w.chars().any(|c| c.is_ascii_alphabetic())
        })
        .map(|w| w.to_lowercase())
}

/// An action reference: `actions/cache@v4`, `docker/build-push-action@v6`.
fn action_ref(s: &str) -> bool {
    s.contains('/') && s.contains('@') && !s.contains("://") && !s.contains(' ')
}

/// "add a step to build that runs cargo clippy", "make test also run npm run lint",
/// "add a step that uses actions/cache@v4 to build", "add a test job that runs cargo
/// test" (a new job with a checkout and the command).
fn steps(a: &Analysis, scene: &Scene) -> Option<Reply> {
    let step_kinds: Vec<&str> = scene
        .kinds
        .iter()
        .filter(|k| {
            k.fields.iter().any(|f| f.key == "steps") && k.fields.iter().any(|f| f.key == "runs-on")
        })
        .map(|k| k.kind.as_str())
        .collect();
    let kind = *step_kinds.first()?;
    let uses = a
        .tokens
        .iter()
        .enumerate()
        .find(|(_, t)| action_ref(&t.raw))
        .map(|(i, t)| (i, t.raw.clone()));
    let cmd = command(a, 0);
    let (span, step) = match (&cmd, &uses) {
        (Some((s, e, c)), None) => ((*s, *e), json!({ "run": c })),
        (None, Some((i, u))) => ((*i, *i + 1), json!({ "uses": u })),
        _ => return None,
    };
    let step_word = a.has(&["step", "steps"]);
    let first = a.first_verb().map(|(_, v)| v);
    // A new job: "add a test job that runs …", "add a job called lint that runs …".
    let new_kind = a.kinds.iter().find(|k| {
        k.kind == kind && !k.all && !k.plural && !a.mentions.iter().any(|m| m.kind_at == Some(k.at))
    });
    if first == Some(Verb::Add) && !step_word {
        if let Some(k) = new_kind.filter(|k| k.at < span.0) {
            let name = if let Some(c) = a.find(&["called", "named"], 0).filter(|&c| c + 1 < span.0)
            {
                a.tokens[c + 1].raw.clone()
            } else {
                let before = k.at.checked_sub(1)?;
                let t = &a.tokens[before];
                let verb_at = a.first_verb().map(|(i, _)| i);
                if t.is_any(&["a", "an", "the", "new", "another"]) || verb_at == Some(before) {
                    // "add a job audit that runs cargo audit", "new job audit: cargo
                    // audit": the word right after the kind word.
                    let after = a.tokens.get(k.at + 1)?;
                    // "add a job that runs cargo test": no name said, so the command's
                    // last word (`test`).
                    if after.is_any(&["that", "which", "to", "running", "runs", "for", "who"]) {
                        named_by_command(&step)?
                    } else {
                        let linked = (k.at + 2..span.0)
                            .all(|j| a.tokens[j].is_any(&["that", "which", "to"]));
                        if k.at + 1 >= span.0 || !linked || a.uses[k.at + 1] == Use::Mention {
                            return None;
                        }
                        after.raw.trim_end_matches(':').to_string()
                    }
                } else {
                    if let Some(m) = a.mention_at(before) {
                        // A job of that name already there.
                        if m.candidates
                            .iter()
                            .any(|&c| scene.components[c].kind == kind)
                        {
                            return None;
                        }
                    }
                    t.raw.clone()
                }
            };
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            {
                return None;
            }
            let collection = scene
                .of_kind(kind)
                .next()
                .and_then(|(_, c)| c.pointer.split_last().map(|(p, _)| p))?;
            if scene.of_kind(kind).any(|(_, c)| c.name == name) {
                return Some(Reply::answer(
                    ReplyKind::Answer,
                    format!(
                        "There is already the {kind} {}. To give it a step, say \"add a step to {name} that runs …\". I changed nothing.",
                        code(&name)
                    ),
                ));
            }
            let mut steps = Vec::new();
            if step.get("run").is_some() {
                steps.push(json!({ "uses": "actions/checkout@v4" }));
            }
            steps.push(step.clone());
            let runs_on = a
                .tokens
                .iter()
                .find(|t| is_runner(&t.raw))
                .map_or("ubuntu-latest".to_string(), |t| t.raw.to_lowercase());
            let mut job = serde_json::Map::new();
            job.insert("runs-on".into(), Value::String(runs_on));
            // "that needs build", "after lint".
            let mut needs: Vec<String> = a
                .mentions
                .iter()
                .filter(|m| {
                    m.start > 0 && a.tokens[m.start - 1].is_any(&["needs", "after", "need"])
                })
                .filter_map(|m| match m.candidates.as_slice() {
                    [c] if scene.components[*c].kind == kind => {
                        Some(scene.components[*c].name.clone())
                    }
                    _ => None,
                })
                .collect();
            // A job whose name is also a verb ("needs build").
            for i in 1..a.len() {
                if a.tokens[i - 1].is_any(&["needs", "after", "need"]) && a.mention_at(i).is_none()
                {
                    let word = a.tokens[i].raw.trim_end_matches([',', '.']);
                    if scene.of_kind(kind).any(|(_, c)| c.name == word)
                        && !needs.iter().any(|n| n == word)
                    {
                        needs.push(word.to_string());
                    }
                }
            }
            if !needs.is_empty() {
                job.insert(
                    "needs".into(),
                    if needs.len() == 1 {
                        Value::String(needs[0].clone())
                    } else {
                        json!(needs)
                    },
                );
            }
            job.insert("steps".into(), Value::Array(steps));
            let mut work = Work::new(scene);
            let coll = collection.clone();
            let edits = if lookup(&scene.value, &coll).is_some() {
                vec![EditOp::Set {
                    path: coll.join(name.clone()),
                    value: Value::Object(job),
                }]
            } else {
                let mut m = serde_json::Map::new();
                m.insert(name.clone(), Value::Object(job));
                vec![EditOp::Set {
                    path: coll,
                    value: Value::Object(m),
                }]
            };
            if let Err(e) = work.apply(edits) {
                return Some(could_not("", &e));
            }
            let after = if needs.is_empty() {
                String::new()
            } else {
                let names: Vec<String> = needs.iter().map(|n| code(n)).collect();
                format!(", after {}", join_and(&names))
            };
            work.done.push(format!(
                "added the {kind} {} that runs {}{after}",
                code(&name),
                shown(step.get("run").or(step.get("uses")).unwrap_or(&Value::Null))
            ));
            return Some(work.finish(&format!("I propose adding the {kind} {}:", code(&name))));
        }
    }
    // A step for an existing job.
    let also = a.has(&["also", "too", "additionally"]);
    if !(step_word || also || matches!(first, Some(Verb::Add)) || a.has(&["should"])) {
        return None;
    }
    let skip: Vec<usize> = (span.0..span.1).collect();
    let target = match one_target(a, scene, "steps", &skip)? {
        Ok(t) => t,
        Err(r) => return Some(r),
    };
    let pointer = scene.components[target].pointer.join("steps".to_string());
    let current = lookup(&scene.value, &pointer).cloned();
    if let Some(Value::Array(items)) = &current {
        if items.iter().any(|s| {
            (step.get("run").is_some() && s.get("run") == step.get("run"))
                || (step.get("uses").is_some() && s.get("uses") == step.get("uses"))
        }) {
            return Some(Reply::answer(
                ReplyKind::Answer,
                format!(
                    "The {} already has that step; I changed nothing.",
                    scene.label(target)
                ),
            ));
        }
    }
    let mut work = Work::new(scene);
    let edit = match &current {
        Some(Value::Array(_)) => EditOp::Add {
            path: pointer.join("-".to_string()),
            value: step.clone(),
        },
        _ => EditOp::Set {
            path: pointer,
            value: json!([step.clone()]),
        },
    };
    if let Err(e) = work.apply(vec![edit]) {
        return Some(could_not("", &e));
    }
    work.done.push(format!(
        "a step of the {} that runs {}",
        scene.label(target),
        shown(step.get("run").or(step.get("uses")).unwrap_or(&Value::Null))
    ));
    Some(work.finish("I propose adding a step:"))
}

// ------------------------------------------------------------------------ flags

/// "keep metrics for 30 days", "set the retention time to 30d", "change the scrape
/// interval flag to 30s": a `--name=value` item of a component's command whose name the
/// request's words say (keeping is retention), given the new value. The value is written in
/// the shape the old one has (`15d` → `30d` for "30 days").
fn flag(a: &Analysis, scene: &Scene) -> Option<Reply> {
    const SAID_AS: &[(&str, &str)] = &[
        ("keep", "retention"),
        ("retain", "retention"),
        ("store", "retention"),
        ("retention", "retention"),
    ];
    const PLAIN: &[&str] = &[
        "the", "a", "an", "to", "for", "of", "set", "change", "make", "it", "please", "metrics",
        "data", "flag", "option", "value", "at", "be", "is", "on", "in", "days", "day", "hours",
        "hour", "weeks", "week", "minutes", "minute", "seconds", "second", "s", "d", "h", "m", "w",
        "y",
    ];
    // The value: a number with a duration word, or a word with a digit.
    let (vat, value) = (0..a.len()).find_map(|i| {
        let t = &a.tokens[i];
        if t.quoted {
            return None;
        }
        if let (Some(n), Some(unit)) = (
            t.norm.parse::<u64>().ok(),
            a.tokens
                .get(i + 1)
                .and_then(|u| crate::offline::create::duration_unit(&u.norm)),
        ) {
            return Some((i, format!("{n}{unit}")));
        }
        crate::offline::create::is_duration(&t.norm).then(|| (i, t.norm.clone()))
    })?;
    let said: Vec<String> = (0..a.len())
        .filter(|&i| i != vat && i != vat + 1 && a.uses[i] != Use::Mention)
        .map(|i| a.tokens[i].norm.clone())
        .filter(|w| !PLAIN.contains(&w.as_str()))
        .map(|w| {
            SAID_AS
                .iter()
                .find(|(k, _)| *k == w)
                .map_or(w.clone(), |(_, v)| v.to_string())
        })
        .collect();
    if said.is_empty() {
        return None;
    }
    let named: Vec<usize> = a
        .mentions
        .iter()
        .filter(|m| m.candidates.len() == 1)
        .map(|m| m.candidates[0])
        .collect();
    // Every `--name=value` item whose name holds every word said.
    let mut hits: Vec<(Pointer, String, String)> = Vec::new();
    for (c, comp) in scene.components.iter().enumerate() {
        if !named.is_empty() && !named.contains(&c) {
            continue;
        }
        for key in ["command", "args", "entrypoint"] {
            let at = comp.pointer.join(key.to_string());
            let Some(items) = lookup(&scene.value, &at).and_then(Value::as_array) else {
                continue;
            };
            for (n, item) in items.iter().enumerate() {
                let Some((name, old)) = item
                    .as_str()
                    .and_then(|s| s.strip_prefix("--")?.split_once('='))
                else {
                    continue;
                };
                let parts: Vec<String> = name
                    .split(['.', '-', '_'])
                    .map(|p| p.to_lowercase())
                    .collect();
                let fits = said.iter().all(|w| {
                    parts.iter().any(|p| {
                        p == w || crate::offline::text::stem(p) == crate::offline::text::stem(w)
                    })
                });
                if fits && crate::offline::create::is_duration(old) {
                    hits.push((at.join(n.to_string()), name.to_string(), old.to_string()));
                }
            }
        }
    }
    let [(path, name, old)] = hits.as_slice() else {
        return None;
    };
    let new = format!("--{name}={value}");
    if *old == value {
        return Some(Reply::answer(
            ReplyKind::Answer,
            format!(
                "{} is already `{value}`. I changed nothing.",
                code(&format!("--{name}"))
            ),
        ));
    }
    let mut work = Work::new(scene);
    work.done.push(format!(
        "{} is now {} (was {})",
        code(&format!("--{name}")),
        code(&value),
        code(old)
    ));
    if let Err(e) = work.apply(vec![EditOp::Set {
        path: path.clone(),
        value: Value::String(new),
    }]) {
        return Some(could_not("", &e));
    }
    Some(work.finish("I propose changing a command-line flag:"))
}

// ------------------------------------------------------------------------ list items

/// "test on node 18 too", "also scrape localhost:9256", "drop node 20 from the matrix": an
/// item added to (or taken from) a list of plain values deep in the document — a build
/// matrix, scrape targets — found by the request's words among the keys on its path, and by
/// the value's shape matching the items there. Only when exactly one list fits.
fn list_item(a: &Analysis, scene: &Scene) -> Option<Reply> {
    const PLAIN: &[&str] = &[
        "the", "a", "an", "to", "too", "also", "on", "in", "of", "for", "from", "and", "please",
        "add", "include", "another", "as", "well", "test", "run", "build", "with", "version",
        "versions", "it", "drop", "remove", "stop", "no", "longer", "anymore", "delete", "testing",
        "running", "building", "list", "against",
    ];
    // Adding unless the request takes away ("also" and "too" may be gone already).
    let removing =
        a.has(&["drop", "remove", "stop", "delete"]) || (a.has(&["no"]) && a.has(&["longer"]));
    let adding = !removing;
    // The value: one token that is a number or an address.
    let values: Vec<usize> = (0..a.len())
        .filter(|&i| {
            let t = &a.tokens[i];
            !t.quoted && (t.norm.parse::<f64>().is_ok() || crate::offline::edit::is_address(&t.raw))
        })
        .collect();
    let [vat] = values.as_slice() else {
        return None;
    };
    let value = a.tokens[*vat].raw.trim_end_matches([',', '.']).to_string();
    let said: Vec<String> = (0..a.len())
        .filter(|&i| i != *vat && a.uses[i] != Use::Mention)
        .map(|i| a.tokens[i].norm.clone())
        .filter(|w| !PLAIN.contains(&w.as_str()) && !w.is_empty())
        .map(|w| crate::offline::text::stem(&w))
        .collect();
    let address = crate::offline::edit::is_address(&value);
    // Lists of plain values whose path names every word said.
    let mut found: Vec<(Pointer, Vec<Value>)> = Vec::new();
    fn walk(v: &Value, at: &Pointer, depth: usize, out: &mut Vec<(Pointer, Vec<Value>)>) {
        if depth > 10 {
            return;
        }
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    walk(x, &at.join(k.clone()), depth + 1, out);
                }
            }
            Value::Array(items) => {
                if !items.is_empty() && items.iter().all(|x| x.is_string() || x.is_number()) {
                    out.push((at.clone(), items.clone()));
                } else {
                    for (n, x) in items.iter().enumerate() {
                        walk(x, &at.join(n.to_string()), depth + 1, out);
                    }
                }
            }
            _ => {}
        }
    }
    let mut lists = Vec::new();
    walk(&scene.value, &Pointer::root(), 0, &mut lists);
    let named: Vec<&Pointer> = a
        .mentions
        .iter()
        .filter(|m| m.candidates.len() == 1)
        .map(|m| &scene.components[m.candidates[0]].pointer)
        .collect();
    for (at, items) in lists {
        if !named.is_empty() && !named.iter().any(|p| at.starts_with(p)) {
            continue;
        }
        let words: Vec<String> = at
            .tokens()
            .iter()
            .flat_map(|t| {
                t.split(['_', '.', '-'])
                    .map(crate::offline::text::stem)
                    .collect::<Vec<_>>()
            })
            .collect();
        if said.is_empty() || !said.iter().all(|w| words.contains(w)) {
            continue;
        }
        let shaped = items.iter().all(|x| match x {
            Value::String(s) if address => crate::offline::edit::is_address(s),
            Value::String(s) => s.parse::<f64>().is_ok(),
            Value::Number(_) => !address,
            _ => false,
        });
        if shaped {
            found.push((at, items));
        }
    }
    let [(at, items)] = found.as_slice() else {
        return None;
    };
    let as_item = |s: &str| -> Value {
        if items.iter().all(Value::is_number) {
            s.parse::<f64>()
                .map(crate::offline::text::json_number)
                .unwrap_or_else(|_| Value::String(s.to_string()))
        } else {
            Value::String(s.to_string())
        }
    };
    let item = as_item(&value);
    let same = |x: &Value| x == &item || x.as_str() == Some(value.as_str()) || *x == value;
    let mut work = Work::new(scene);
    let list = code(&at.to_string());
    if adding {
        if items.iter().any(same) {
            return Some(Reply::answer(
                ReplyKind::Answer,
                format!("{list} has {} already. I changed nothing.", code(&value)),
            ));
        }
        work.done.push(format!("{list} now has {}", code(&value)));
        if let Err(e) = work.apply(vec![EditOp::Add {
            path: at.join("-".to_string()),
            value: item,
        }]) {
            return Some(could_not("", &e));
        }
        return Some(work.finish("I propose adding to a list:"));
    }
    let n = items.iter().position(same)?;
    if items.len() == 1 {
        return Some(Reply::answer(
            ReplyKind::Refused,
            format!(
                "{} is the only item of {list}; I would leave it empty. I changed nothing.",
                code(&value)
            ),
        ));
    }
    work.done
        .push(format!("{list} no longer has {}", code(&value)));
    if let Err(e) = work.apply(vec![EditOp::Remove {
        path: at.join(n.to_string()),
    }]) {
        return Some(could_not("", &e));
    }
    Some(work.finish("I propose taking an item out of a list:"))
}
