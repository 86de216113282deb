//! "Create a production setup with OpenAI": a template of the document's pack chosen by
//! the request's words, its parameters read from the request (model identifiers, names,
//! numbers next to a parameter's words, "with"/"without" switches, URLs), rendered and
//! merged into the document.

use super::analysis::{Analysis, Use};
use super::lexicon::{self, Verb, SETUP_NOUNS};
use super::scene::{split_words, Scene};
use super::text::{code, quote, stem};
use super::work::{could_not, from_patch, Work};
use super::{Reply, ReplyKind};
use serde_json::{Map, Value};
use trellis_core::Document;
use trellis_gallery::{Gallery, GalleryError, Parameters, Template};

/// Words of a request that say nothing about which template is meant.
const NEUTRAL: &[&str] = &[
    "a",
    "an",
    "the",
    "with",
    "and",
    "or",
    "for",
    "to",
    "of",
    "on",
    "in",
    "at",
    "by",
    "me",
    "my",
    "i",
    "we",
    "please",
    "create",
    "make",
    "build",
    "new",
    "setup",
    "set",
    "up",
    "stack",
    "configuration",
    "config",
    "project",
    "app",
    "application",
    "system",
    "template",
    "using",
    "use",
    "give",
    "want",
    "need",
    "start",
    "generate",
    "scaffold",
    "that",
    "which",
    "is",
    "it",
    "from",
    "one",
    "some",
    "called",
    "named",
    "based",
    "like",
    "just",
    "can",
    "you",
    "would",
    "could",
    "get",
    "let",
    "us",
    "our",
    "bootstrap",
    "initialize",
    "add",
];

/// Other words people use for a template's words.
const SYNONYMS: &[(&str, &str)] = &[
    ("prod", "production"),
    ("productive", "production"),
    ("locally", "local"),
    ("laptop", "local"),
    ("offline", "local"),
    ("machine", "local"),
    ("retrieval", "rag"),
    ("documents", "rag"),
    ("docs", "rag"),
    ("manuals", "rag"),
    ("manual", "rag"),
    ("pdfs", "rag"),
    ("pdf", "rag"),
    ("passages", "rag"),
    ("embeddings", "rag"),
    ("knowledge", "rag"),
    ("wiki", "rag"),
    ("customer", "support"),
    ("helpdesk", "support"),
    ("safe", "guardrails"),
    ("safety", "guardrails"),
    ("claude", "anthropic"),
    ("multi", "multi-agent"),
    ("multiagent", "multi-agent"),
    ("researchers", "research"),
    ("monitor", "monitoring"),
    ("metrics", "monitoring"),
    ("grafana", "grafana"),
    ("environments", "environments"),
    ("staging", "environments"),
    ("reviewer", "code-review"),
    ("review", "code-review"),
    ("vllm", "self-hosted"),
    ("selfhosted", "self-hosted"),
    ("postgresql", "postgres"),
    ("db", "database"),
    ("caddy", "caddy"),
    ("proxy", "proxy"),
    ("otel", "otel"),
];

fn words_of(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .flat_map(|w| {
            let lower = w.to_lowercase();
            let mut v = vec![stem(&lower)];
            if lower.contains('-') {
                v.extend(lower.split('-').map(stem));
            }
            v
        })
        .collect()
}

/// The words of a pack's templates (tags, ids, titles): what typos in a request for a
/// setup are corrected to.
pub(crate) fn vocabulary(gallery: &Gallery, pack: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in gallery
        .templates()
        .iter()
        .filter(|t| t.meta.pack.as_deref() == Some(pack))
    {
        for text in t.meta.tags.iter().chain([&t.meta.id, &t.meta.title]) {
            for w in text.split(|c: char| !c.is_alphanumeric()) {
                let w = w.to_lowercase();
                if w.len() > 3 && !out.contains(&w) {
                    out.push(w);
                }
            }
        }
    }
    out
}

/// The request's words that can pick a template, as stems.
fn request_words(a: &Analysis) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, t) in a.tokens.iter().enumerate() {
        if t.quoted || NEUTRAL.contains(&t.word.as_str()) || a.uses[i] == Use::Number {
            continue;
        }
        let w = t.word.as_str();
        if a.uses[i] == Use::ModelId {
            // "llama.cpp" names a kind of server, not a model of the llama family.
            if VENDORS.iter().any(|g| g.contains(&w)) {
                out.push(stem(w));
            } else if let Some(f) = lexicon::model_family(w) {
                out.push(stem(f));
            }
            continue;
        }
        // "rate-limited", "dev/staging/prod": each part too.
        for part in std::iter::once(w).chain(
            w.split(['-', '/'])
                .filter(|p| p.len() > 1 && w.contains(['-', '/'])),
        ) {
            out.push(stem(part));
            if let Some((_, s)) = SYNONYMS.iter().find(|(k, _)| *k == part) {
                out.push(stem(s));
            }
        }
    }
    for v in &a.variants {
        out.push(stem(&v.variant));
        out.extend(v.variant.split('_').map(stem));
    }
    out.sort();
    out.dedup();
    out
}

fn score(t: &Template, words: &[String]) -> f64 {
    // A tag counts whole too ("llama.cpp").
    let tags: Vec<String> = t
        .meta
        .tags
        .iter()
        .flat_map(|x| words_of(x).into_iter().chain([stem(x)]))
        .collect();
    let id = words_of(&t.meta.id);
    let title = words_of(&t.meta.title);
    let description = words_of(&t.meta.description);
    let mut s = 0.0;
    for w in words {
        if tags.contains(w) {
            s += 3.0;
        }
        if id.contains(w) {
            s += 2.0;
        }
        if title.contains(w) {
            s += 1.0;
        }
        if description.contains(w) {
            s += 0.5;
        }
    }
    // A template in another syntax only when asked for, or when it is the one for the
    // server the request names ("llama.cpp").
    let for_vendor = VENDORS
        .iter()
        .any(|g| vendor_named(g, words) && vendor_tagged(t, g));
    for fmt in ["json", "toml"] {
        if t.meta.tags.iter().any(|x| x == fmt) && !words.iter().any(|w| w == fmt) && !for_vendor {
            s -= 1.5;
        }
    }
    s
}

/// Providers a template can be tagged with: one the request names rules out templates
/// built on another ("a production setup with Anthropic" is not the OpenAI production
/// template, though it is a production one).
const VENDORS: &[&[&str]] = &[
    &["anthropic", "claude"],
    &["openai", "gpt"],
    &["ollama", "local"],
    &["azure"],
    &[
        "vllm",
        "self-hosted",
        "openai-compatible",
        "compatible",
        "studio",
        "llama.cpp",
    ],
];

/// How far a template is from the provider the request names (0 when it names none, or
/// the template is tagged with it or with none).
fn vendor_conflict(t: &Template, words: &[String]) -> f64 {
    let asked: Vec<&&[&str]> = VENDORS.iter().filter(|g| vendor_named(g, words)).collect();
    if asked.is_empty() || asked.iter().any(|g| vendor_tagged(t, g)) {
        return 0.0;
    }
    if VENDORS.iter().any(|g| vendor_tagged(t, g)) {
        4.0
    } else {
        0.0
    }
}

/// Whether the template is tagged with a provider of the group.
fn vendor_tagged(t: &Template, group: &[&str]) -> bool {
    t.meta
        .tags
        .iter()
        .any(|x| group.iter().any(|g| stem(g) == stem(x)))
}

/// Whether the request's words name a provider of the group.
fn vendor_named(group: &[&str], words: &[String]) -> bool {
    group.iter().any(|g| words.contains(&stem(g)))
}

pub(crate) fn template(a: &Analysis, scene: &Scene, gallery: &Gallery) -> Option<Reply> {
    choose(a, scene, gallery, false)
}

/// For a document with no data, when the request could not be read as a change to it
/// ("metrics pipeline that scrapes every 15s" names a pipeline, which needs receivers and
/// exporters there are none of): the template that fits the request well, if one does.
pub(crate) fn template_for_empty(a: &Analysis, scene: &Scene, gallery: &Gallery) -> Option<Reply> {
    if !scene.components.is_empty() || !scene.is_empty() || super::asks(a) {
        return None;
    }
    choose(a, scene, gallery, true).filter(|r| r.kind == ReplyKind::Proposal)
}

fn choose(a: &Analysis, scene: &Scene, gallery: &Gallery, relaxed: bool) -> Option<Reply> {
    let templates: Vec<&Template> = gallery
        .templates()
        .iter()
        .filter(|t| t.meta.pack.as_deref() == Some(scene.pack.as_str()))
        .collect();
    if templates.is_empty() {
        return None;
    }
    let verbs = a.verbs();
    let creates = |v: &Verb| matches!(v, Verb::Add | Verb::Make | Verb::Give);
    // "i have a node project that uses pnpm, make a CI that …": a later verb that makes
    // a setup, named right after it.
    let makes_setup = verbs.iter().any(|(at, v)| {
        creates(v)
            && (at + 1..(at + 4).min(a.len()))
                .any(|j| !a.tokens[j].quoted && SETUP_NOUNS.contains(&a.tokens[j].word.as_str()))
    });
    let create_verb = verbs.first().is_some_and(|(_, v)| creates(v))
        || makes_setup
        || (a.has(&["set"]) && a.has(&["up"]))
        || a.has(&["want", "need"]);
    // A question is not a request for a setup unless it asks for one to be made.
    let no_verb = verbs.is_empty() && !super::asks(a);
    let setup_at = a
        .tokens
        .iter()
        .position(|t| !t.quoted && SETUP_NOUNS.contains(&t.word.as_str()));
    let setup_noun = setup_at.is_some();
    // The setup is what is asked for when it comes before any kind of component
    // ("a production setup with … as the fast model"; "an agent stack").
    let setup_first = match (setup_at, a.kinds.first()) {
        (Some(s), Some(k)) => s <= k.at + 1,
        _ => true,
    };
    let template_word = a.has(&["template", "templates"]);
    let known_refs = a.mentions.iter().any(|m| !m.candidates.is_empty());
    let words = request_words(a);
    let mut scored: Vec<(f64, &Template)> = templates
        .iter()
        .map(|t| (score(t, &words) - vendor_conflict(t, &words), *t))
        .collect();
    scored.sort_by(|x, y| y.0.partial_cmp(&x.0).unwrap_or(std::cmp::Ordering::Equal));
    let best = scored.first().map_or(0.0, |(s, _)| *s);
    // "run the workflow on tags too", "restart the collector": in a document with content,
    // "the workflow" is this one, not a new setup.
    let this_setup = !scene.components.is_empty()
        && setup_at.is_some_and(|s| {
            s > 0 && a.tokens[s - 1].is_any(&["the", "this", "our", "my", "current", "existing"])
        });
    let strong =
        template_word || (setup_noun && (create_verb || no_verb) && setup_first && !this_setup);
    // Without a word for a whole setup, only an empty document takes a template.
    let weak = (create_verb || no_verb || relaxed)
        && (a.kinds.is_empty() || relaxed)
        && !known_refs
        && best >= 4.0
        && scene.components.is_empty();
    if !(strong || weak) {
        return None;
    }
    if best < 2.0 {
        if !a.kinds.is_empty() || known_refs {
            return None;
        }
        return Some(list_templates(
            &templates,
            "Which kind of setup should I create?",
        ));
    }
    let tied: Vec<&Template> = scored
        .iter()
        .filter(|(s, _)| (best - s).abs() < 0.75)
        .map(|(_, t)| *t)
        .collect();
    if tied.len() > 1 {
        return Some(list_templates(
            &tied,
            "Several templates fit this request. Which one do you mean?",
        ));
    }
    let t = scored[0].1;
    Some(render(a, scene, t))
}

fn list_templates(templates: &[&Template], lead: &str) -> Reply {
    let mut text = format!("{lead}\n");
    for t in templates {
        text.push_str(&format!(
            "- **{}** ({}) — {}\n",
            quote(&t.meta.title),
            code(&t.meta.id),
            quote(&t.meta.description)
        ));
    }
    text.push_str("\nSay e.g. \"create a setup from the ");
    text.push_str(templates.first().map_or("", |t| t.meta.id.as_str()));
    text.push_str(" template\". I changed nothing.");
    Reply::answer(ReplyKind::Clarify, text)
}

fn render(a: &Analysis, scene: &Scene, t: &Template) -> Reply {
    let given = parameters(a, t);
    let headline_values: Vec<String> = given
        .iter()
        .map(|(k, v)| {
            format!(
                "{} {}",
                k.replace('_', " "),
                code(&match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
            )
        })
        .collect();
    let headline = format!(
        "I propose the template **{}** ({}){}:",
        quote(&t.meta.title),
        code(&t.meta.id),
        if headline_values.is_empty() {
            String::new()
        } else {
            format!(" with {}", headline_values.join(", "))
        }
    );
    let rendered = match t.render(&given) {
        Ok(r) => r,
        Err(GalleryError::Parameters(errors)) => {
            let list: Vec<String> = errors
                .iter()
                .map(|e| super::text::sanitize(&e.to_string()))
                .collect();
            return Reply::answer(
                ReplyKind::Refused,
                format!(
                    "{headline}\n\nThese values do not fit the template:\n- {}\n\nNo change is proposed.",
                    list.join("\n- ")
                ),
            );
        }
        Err(e) => return could_not(&headline, &super::text::sanitize(&e.to_string())),
    };
    let template_text = rendered.text.clone();
    let value = match Document::parse(rendered.text, t.format) {
        Ok(doc) => doc.into_value(),
        Err(e) => {
            return could_not(
                &headline,
                &format!("the rendered template does not parse ({e})"),
            )
        }
    };
    // Into a document that has content, the template only adds: what is there stays.
    let adding = !scene.components.is_empty();
    let mut kept = 0usize;
    let merged = if adding {
        merge_new(&scene.value, &value, &mut kept)
    } else {
        merge(&scene.value, &value)
    };
    let patch = trellis_diff::json_patch(&scene.value, &merged, &trellis_diff::Options::default());
    let Some(edits) = from_patch(&scene.value, &patch) else {
        return could_not(&headline, "the template could not be written as edits");
    };
    let mut work = Work::new(scene);
    if let Err(e) = work.apply(edits) {
        return could_not(&headline, &e);
    }
    let now = work.scene_now();
    let mut by_kind: Vec<String> = Vec::new();
    for k in &now.kinds {
        let names: Vec<String> = now
            .of_kind(&k.kind)
            .filter(|(_, c)| !scene.components.iter().any(|o| o.pointer == c.pointer))
            .map(|(_, c)| code(&c.name))
            .collect();
        if !names.is_empty() {
            by_kind.push(format!(
                "{}: {}",
                super::describe::plural(&k.kind),
                names.join(", ")
            ));
        }
    }
    if !by_kind.is_empty() {
        work.done
            .push(format!("new components — {}", by_kind.join("; ")));
    }
    if adding {
        work.notes.push(format!(
            "The template is added to the current document: what it has that the document lacks is added{}.",
            if kept > 0 {
                format!(
                    "; where both have a value, the document keeps its own ({} kept)",
                    kept
                )
            } else {
                String::new()
            }
        ));
    }
    let unused: Vec<String> = t
        .parameters()
        .names()
        .iter()
        .filter(|n| !given.contains_key(*n))
        .map(|n| n.replace('_', " "))
        .collect();
    if !unused.is_empty() && unused.len() <= 8 {
        work.notes
            .push(format!("Defaults used for: {}.", unused.join(", ")));
    }
    let mut reply = work.finish(&headline);
    // Into a document with no data, the template's own text (its comments too) is the
    // document; the patch says the same as data.
    let empty = scene.value.as_object().is_some_and(|m| m.is_empty());
    if empty && merged == value && reply.kind == ReplyKind::Proposal {
        reply.document = Some((t.format, template_text));
    }
    reply
}

/// `over` merged into `base`: maps key by key, anything else replaced.
fn merge(base: &Value, over: &Value) -> Value {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            let mut out = b.clone();
            for (k, v) in o {
                let merged = match b.get(k) {
                    Some(old) => merge(old, v),
                    None => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        (_, o) => o.clone(),
    }
}

/// `over` added to `base`: keys `base` lacks are added, maps merged key by key, and
/// every value `base` has is kept (`kept` counts those that differ).
fn merge_new(base: &Value, over: &Value, kept: &mut usize) -> Value {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            let mut out = b.clone();
            for (k, v) in o {
                let merged = match b.get(k) {
                    Some(old) => merge_new(old, v, kept),
                    None => v.clone(),
                };
                out.insert(k.clone(), merged);
            }
            Value::Object(out)
        }
        (b, o) => {
            if b != o {
                *kept += 1;
            }
            b.clone()
        }
    }
}

/// The words of a parameter: its name and title.
fn param_words(name: &str, schema: &Value) -> Vec<String> {
    let mut w: Vec<String> = split_words(name).iter().map(|x| stem(x)).collect();
    if let Some(title) = schema.get("title").and_then(Value::as_str) {
        w.extend(split_words(title).iter().map(|x| stem(x)));
    }
    w.retain(|x| !matches!(x.as_str(), "s" | "the" | "of" | "a"));
    // "30 rounds", "up to 12 steps": iterations, as a field of that name is told.
    if w.iter().any(|x| x == &stem("iterations")) {
        w.extend(["rounds", "steps", "round", "step"].iter().map(|x| stem(x)));
    }
    // "Traces kept (%)": "keep 10%", "keeping about 10%", "sample 10%".
    if w.iter().any(|x| x == "kept" || x == "sampl") {
        w.extend(
            ["keep", "keeping", "keeps", "sample", "sampling", "kept"]
                .iter()
                .map(|x| stem(x)),
        );
    }
    // "200 rpm", "mem limit 1GiB", "3 tries", "ctx 32768", "@ 3072 dims", "max msg
    // 2000": shorthand for a parameter's words.
    for (has, short) in [
        ("minute", &["rpm"][..]),
        ("memory", &["mem"][..]),
        ("attempts", &["tries", "try"][..]),
        ("context", &["ctx"][..]),
        ("dimensions", &["dims", "dim"][..]),
        ("messages", &["msgs", "msg"][..]),
        ("characters", &["chars", "char"][..]),
    ] {
        if w.contains(&stem(has)) {
            w.extend(short.iter().map(|x| stem(x)));
        }
    }
    w.sort();
    w.dedup();
    w
}

/// Stems of the words around token `i` (a window on each side).
fn around(a: &Analysis, i: usize, before: usize, after: usize) -> Vec<String> {
    let from = i.saturating_sub(before);
    let to = (i + 1 + after).min(a.len());
    // "top_k 4": a parameter's name written as one word counts as its words too.
    (from..to)
        .filter(|&j| j != i && a.uses[j] != Use::ModelId && a.uses[j] != Use::Number)
        .flat_map(|j| {
            let t = &a.tokens[j];
            let mut words = vec![t.stem()];
            if t.word.contains('_') {
                words.extend(t.word.split('_').filter(|p| !p.is_empty()).map(stem));
            }
            words
        })
        .collect()
}

/// How well the words around token `i` fit a parameter's `words`: each of them within
/// three tokens counts the more the nearer it is, and a quarter as much across a comma
/// ("200 rpm, 2 attempts per call": "attempts" is 2's, not 200's). A word with a small
/// typo counts ("10 pasages").
fn fit(a: &Analysis, i: usize, words: &[String]) -> f64 {
    let from = i.saturating_sub(3);
    let to = (i + 4).min(a.len());
    let mut best: Vec<f64> = vec![0.0; words.len()];
    for j in (from..to).filter(|&j| j != i) {
        if matches!(a.uses[j], Use::ModelId | Use::Number) {
            continue;
        }
        let (lo, hi) = if j < i { (j, i) } else { (i, j) };
        let crossed = (lo..hi).any(|k| a.tokens[k].boundary);
        let weight = (4 - j.abs_diff(i)) as f64 * if crossed { 0.25 } else { 1.0 };
        for said in token_words(&a.tokens[j]) {
            for (k, w) in words.iter().enumerate() {
                let hit =
                    said == *w || (said.len() > 4 && w.len() > 4 && super::text::close(&said, w));
                if hit && weight > best[k] {
                    best[k] = weight;
                }
            }
        }
    }
    best.iter().sum()
}

/// A token's stems: itself, and the parts of a word joined by `_`, `+` or `/`
/// ("top_k", "researcher+writer", "dev/staging").
fn token_words(t: &super::text::Token) -> Vec<String> {
    let mut words = vec![t.stem()];
    if t.word.contains(['_', '+', '/']) {
        words.extend(
            t.word
                .split(['_', '+', '/'])
                .filter(|p| !p.is_empty())
                .map(stem),
        );
    }
    words
}

/// The kind of unit written with the number at token `i`.
#[derive(Clone, Copy, PartialEq)]
enum Unit {
    None,
    Percent,
    Size,
    Time,
}

fn said_unit(a: &Analysis, i: usize) -> Unit {
    let t = &a.tokens[i];
    let next = a.tokens.get(i + 1).map(|t| t.norm.as_str()).unwrap_or("");
    if t.raw.ends_with('%') || matches!(next, "%" | "percent" | "pct") {
        Unit::Percent
    } else if said_size(a, i).is_some() {
        Unit::Size
    } else if super::text::time_unit(next).is_some()
        && !t.norm.chars().any(|c| c.is_ascii_alphabetic())
    {
        Unit::Time
    } else {
        Unit::None
    }
}

/// A size written as one word ("1GiB", "512mb"): the number and its unit in MiB; `m`
/// alone is minutes.
fn glued_size(norm: &str) -> Option<(f64, f64)> {
    let digits = norm
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .count();
    let unit = &norm[digits..];
    if digits == 0 || unit.len() < 2 {
        return None;
    }
    let (_, mib) = super::text::size_unit(unit)?;
    Some((norm[..digits].parse().ok()?, mib))
}

/// The size unit written with the number at token `i`, in MiB: glued ("1GiB") or next
/// ("512 MB"); `m` alone is minutes.
fn said_size(a: &Analysis, i: usize) -> Option<f64> {
    let norm = &a.tokens[i].norm;
    // Letters on the number ("10ms") are its own unit, size or not.
    let letters = norm.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    if letters.len() >= 2 {
        return glued_size(norm).map(|(_, mib)| mib);
    }
    let unit = a
        .tokens
        .get(i + 1)
        .map(|t| t.norm.as_str())
        .filter(|u| u.len() >= 2)?;
    super::text::size_unit(unit).map(|(_, mib)| mib)
}

/// Whether a parameter counts in percent (`sampling_percentage`, "Traces kept (%)").
fn percent_param(n: &str, p: &Value) -> bool {
    n.contains("percent")
        || p.get("title")
            .and_then(Value::as_str)
            .is_some_and(|t| t.contains('%'))
}

/// The time unit a parameter is counted in, in seconds (`cache_ttl_s`: 1); none for a
/// rate (`requests_per_minute`).
fn counted_in(n: &str) -> Option<f64> {
    n.rsplit('_')
        .next()
        .filter(|_| n.contains('_') && !n.contains("_per_"))
        .and_then(super::text::time_unit)
        .map(|(_, s)| s)
}

/// Whether a number said with `unit` can be the value of parameter `n`: a share only of
/// a parameter in percent or a fraction, a size only of one counted in a size, a time
/// only of one counted in a time unit.
fn unit_fits(unit: Unit, n: &str, p: &Value) -> bool {
    match unit {
        Unit::None => true,
        Unit::Percent => {
            percent_param(n, p)
                || (p.get("maximum").and_then(Value::as_f64) == Some(1.0)
                    && p.get("minimum").and_then(Value::as_f64) == Some(0.0))
        }
        Unit::Size => n.contains("mib") || n.contains("memory") || n.contains("size"),
        Unit::Time => counted_in(n).is_some(),
    }
}

/// Sets parameter `n` to `value`, unless the template's parameters refuse that value.
fn offer(params: &Parameters, out: &mut Map<String, Value>, n: &str, value: Value) {
    out.insert(n.to_string(), value);
    let refused = params
        .resolve(out)
        .err()
        .is_some_and(|errs| errs.iter().any(|e| e.parameter == n));
    if refused {
        out.remove(n);
    }
}

/// Parameter values read from the request.
fn parameters(a: &Analysis, t: &Template) -> Map<String, Value> {
    let params = t.parameters();
    let mut out = Map::new();
    let props: Vec<(String, Value)> = params
        .names()
        .iter()
        .filter_map(|n| params.property(n).map(|p| (n.clone(), p.clone())))
        .collect();
    let ty = |p: &Value| {
        p.get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    // Model identifiers: to the model parameter whose words are next to them, else in
    // order to the model parameters.
    let model_params: Vec<&(String, Value)> = props
        .iter()
        .filter(|(n, p)| ty(p) == "string" && split_words(n).iter().any(|w| w == "model"))
        .collect();
    let mut free_ids: Vec<String> = Vec::new();
    for (i, id) in &a.model_ids {
        // The model parameter whose own words are nearest ("dev on llama3.2 via ollama,
        // prod traces 5%": the dev model, not the prod one).
        let hit = model_params
            .iter()
            .filter(|(n, _)| !out.contains_key(n))
            .map(|(n, p)| {
                let mut words = param_words(n, p);
                words.retain(|w| w != "model" && w.len() > 2);
                (fit(a, *i, &words), n, p)
            })
            .filter(|(score, _, _)| *score > 0.0)
            .fold(None, |best: Option<(f64, &String, &Value)>, c| match best {
                Some(b) if b.0 >= c.0 => Some(b),
                _ => Some(c),
            })
            .map(|(_, n, p)| (n, p));
        let embedding = id.to_lowercase().contains("embed");
        let hit = hit.or_else(|| {
            embedding
                .then(|| {
                    model_params
                        .iter()
                        .find(|(n, _)| n.contains("embed") && !out.contains_key(n))
                })
                .flatten()
                .map(|(n, p)| (n, p))
        });
        match hit {
            Some((n, _)) => {
                out.insert(n.clone(), Value::String(id.clone()));
            }
            None => free_ids.push(id.clone()),
        }
    }
    for id in free_ids {
        if let Some((n, _)) = model_params
            .iter()
            .find(|(n, _)| !out.contains_key(n) && !n.contains("embed"))
        {
            out.insert(n.clone(), Value::String(id));
        }
    }
    // An image of one's own ("app image ghcr.io/acme/shop:2.1", "the image is
    // registry.gitlab.com/acme/shop:2.0"): to the image parameter, when there is one.
    let image_params: Vec<&(String, Value)> = props
        .iter()
        .filter(|(n, p)| ty(p) == "string" && split_words(n).iter().any(|w| w == "image"))
        .collect();
    if let [(n, _)] = image_params.as_slice() {
        let images: Vec<&str> = a
            .tokens
            .iter()
            .filter(|t| !t.quoted)
            .map(|t| t.raw.trim_end_matches([',', '.']))
            .filter(|r| r.contains('/') && !r.contains("://") && super::idioms::is_image_ref(r))
            .collect();
        if let [image] = images.as_slice() {
            out.insert(n.clone(), Value::String(image.to_string()));
        }
    }
    // A name: "called X", "named X", "name it X", "call it X".
    let name_at = a.find(&["called", "named"], 0).or_else(|| {
        (0..a.len().saturating_sub(2))
            .find(|&i| a.tokens[i].is_any(&["name", "call"]) && a.tokens[i + 1].is("it"))
            .map(|i| i + 1)
    });
    if let Some(at) = name_at {
        if let Some(tok) = a.tokens.get(at + 1) {
            // "db name shop", "database called shop": the name of that thing (`db_name`),
            // not the project's.
            let before = at
                .checked_sub(1)
                .map(|b| a.tokens[b].stem())
                .filter(|w| !matches!(w.as_str(), "a" | "the" | "it" | "is"));
            let owned = before.and_then(|w| {
                props
                    .iter()
                    .find(|(n, p)| {
                        n.ends_with("_name") && ty(p) == "string" && param_words(n, p).contains(&w)
                    })
                    .map(|(n, _)| n.clone())
            });
            // "a bike shop called Greenleaf Cycles": the company's name, all of it.
            let business = at.checked_sub(1).is_some_and(|b| {
                a.tokens[b].is_any(&[
                    "shop",
                    "store",
                    "company",
                    "business",
                    "startup",
                    "firm",
                    "agency",
                    "bakery",
                    "cafe",
                    "restaurant",
                    "brand",
                    "organization",
                    "organisation",
                    "clinic",
                    "studio",
                    "retailer",
                    "bank",
                    "school",
                ])
            });
            let company = business
                .then(|| {
                    props
                        .iter()
                        .find(|(n, p)| {
                            ty(p) == "string" && param_words(n, p).contains(&stem("company"))
                        })
                        .map(|(n, _)| n.clone())
                })
                .flatten();
            let company = company.filter(|_| owned.is_none());
            if let Some(n) = company.clone() {
                let mut end = at + 2;
                while end < a.len()
                    && !a.tokens[end - 1].boundary
                    && !a.tokens[end].quoted
                    && a.tokens[end].raw.starts_with(|c: char| c.is_uppercase())
                {
                    end += 1;
                }
                let name = a.tokens[at + 1..end]
                    .iter()
                    .map(|t| t.raw.trim_end_matches([',', ';', '.']))
                    .collect::<Vec<_>>()
                    .join(" ");
                out.insert(n, Value::String(name));
            }
            let target = owned.or_else(|| {
                props
                    .iter()
                    .find(|(n, _)| n == "name" || n == "project")
                    .map(|(n, _)| n.clone())
            });
            if let Some(n) = target.filter(|_| company.is_none()) {
                let raw = tok.raw.clone();
                let value = if n == "project" {
                    raw.to_lowercase()
                } else {
                    raw
                };
                out.insert(n, Value::String(value));
            }
        }
    }
    // "30 days", "2 weeks": a duration, read below for a duration parameter when the
    // template has one, rather than a count for a number parameter.
    let has_duration_param = props.iter().any(|(_, p)| {
        p.get("default")
            .and_then(Value::as_str)
            .is_some_and(is_duration)
    });
    let spelled: Vec<(usize, String)> = (0..a.len())
        .filter_map(|i| {
            let digits = &a.tokens[i].norm;
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let unit = duration_unit(&a.tokens.get(i + 1)?.norm)?;
            Some((i, format!("{digits}{unit}")))
        })
        .collect();
    // Numbers (and sizes written as one word, "1GiB") to the number parameters whose
    // words are nearest and whose unit fits: "200 rpm, 2 attempts per call" gives 200
    // to the requests per minute and 2 to the attempts; "keep 10%" is a share and
    // "1GiB" a size, whatever words are near them.
    let mut said: Vec<(usize, f64)> = a.numbers();
    for (i, t) in a.tokens.iter().enumerate() {
        if t.quoted || a.uses[i] == Use::Number {
            continue;
        }
        if let Some((v, _)) = glued_size(&t.norm) {
            said.push((i, v));
        }
    }
    said.sort_by_key(|(i, _)| *i);
    let mut fits: Vec<(f64, usize, f64, Unit, String)> = Vec::new();
    for &(i, v) in &said {
        if has_duration_param
            && (spelled.iter().any(|(j, _)| *j == i) || is_duration(&a.tokens[i].norm))
        {
            continue;
        }
        // "postgres 15": the version of a versioned parameter, read below.
        if i > 0
            && props
                .iter()
                .any(|(n, _)| n.strip_suffix("_version") == Some(a.tokens[i - 1].norm.as_str()))
        {
            continue;
        }
        let unit = said_unit(a, i);
        for (n, p) in props
            .iter()
            .filter(|(n, p)| matches!(ty(p).as_str(), "integer" | "number") && !out.contains_key(n))
        {
            if !unit_fits(unit, n, p) {
                continue;
            }
            let score = fit(a, i, &param_words(n, p));
            if score > 0.0 {
                fits.push((score, i, v, unit, n.clone()));
            }
        }
    }
    // The best fits first; each number and each parameter once.
    fits.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    let mut used: Vec<usize> = Vec::new();
    for (_, i, v, unit, n) in fits {
        if used.contains(&i) || out.contains_key(&n) {
            continue;
        }
        used.push(i);
        let p = &props
            .iter()
            .find(|(k, _)| *k == n)
            .expect("a parameter of the template")
            .1;
        // "10%" for a parameter counted in percent is 10, not 0.1.
        // "5 percent" for a fraction is 0.05.
        let v = if percent_param(&n, p) && a.tokens[i].raw.ends_with('%') && v <= 1.0 {
            (v * 100.0 * 1e6).round() / 1e6
        } else if unit == Unit::Percent && !percent_param(&n, p) && v > 1.0 {
            (v / 100.0 * 1e6).round() / 1e6
        } else {
            v
        };
        // "a 2 GiB memory limit", "1GiB" for a parameter counted in MiB: 2048.
        let v = match said_size(a, i) {
            Some(mib) if n.contains("mib") && mib > 1.0 => v * mib,
            _ => v,
        };
        // "cache for 10 minutes" for a parameter counted in seconds (`cache_ttl_s`): 600.
        let v = match (
            a.tokens
                .get(i + 1)
                .and_then(|t| super::text::time_unit(&t.norm)),
            counted_in(&n),
        ) {
            (Some((_, said)), Some(counted)) => (v * said / counted * 1e6).round() / 1e6,
            _ => v,
        };
        out.insert(n.clone(), super::text::json_number(v));
    }
    // "expose it on 9000", "published on port 8081": the one port parameter.
    let port_params: Vec<&String> = props
        .iter()
        .filter(|(n, p)| {
            matches!(ty(p).as_str(), "integer" | "number")
                && split_words(n).iter().any(|w| w == "port")
        })
        .map(|(n, _)| n)
        .collect();
    if let [n] = port_params.as_slice() {
        if !out.contains_key(n.as_str())
            && a.has(&["expose", "publish", "published", "port", "reachable"])
        {
            let at = (1..a.len()).find(|&i| {
                a.uses[i] == Use::Number
                    && a.tokens[i - 1].is_any(&["on", "port", "at"])
                    && a.tokens[i].norm.chars().all(|c| c.is_ascii_digit())
            });
            if let Some(i) = at {
                if let Some(v) = a.tokens[i].number() {
                    let n = (*n).clone();
                    offer(params, &mut out, &n, super::text::json_number(v));
                }
            }
        }
    }
    // A list of refused things ("refuses legal advice and crypto", "blocks gambling
    // only"): the parameter that lists what is denied, the items added to its defaults
    // ("only": instead of them).
    let denying = |w: &str| {
        [
            "refuse", "refuses", "deny", "denies", "block", "blocks", "ban", "bans", "forbid",
            "forbids", "decline", "declines",
        ]
        .iter()
        .any(|x| stem(x) == w)
    };
    // "pii blocking off" turns a switch off; it denies nothing.
    let switched = |i: usize| {
        a.tokens
            .get(i + 1)
            .is_some_and(|t| t.is_any(&["off", "on", "disabled", "enabled", "false", "true"]))
    };
    if let Some(at) =
        (0..a.len()).find(|&i| !a.tokens[i].quoted && denying(&a.tokens[i].stem()) && !switched(i))
    {
        let list_param = props.iter().find(|(n, p)| {
            ty(p) == "array"
                && p.pointer("/items/type").and_then(Value::as_str) == Some("string")
                && param_words(n, p).iter().any(|w| {
                    ["refused", "denied", "blocked", "banned", "forbidden"]
                        .iter()
                        .any(|x| stem(x) == *w)
                })
        });
        if let Some((n, p)) = list_param {
            let mut items: Vec<String> = Vec::new();
            let mut current: Vec<String> = Vec::new();
            let mut only = false;
            for t in &a.tokens[at + 1..] {
                if t.is_any(&["only", "alone"]) {
                    only = true;
                    break;
                }
                if t.is_any(&["and", "or"]) || t.norm.is_empty() {
                    if !current.is_empty() {
                        items.push(current.join(" "));
                        current.clear();
                    }
                    continue;
                }
                if t.is_any(&["with", "for", "using", "called", "named", "on", "in"]) {
                    break;
                }
                // "refuses to talk about politics": the topic, not the talking.
                if current.is_empty()
                    && t.is_any(&[
                        "a",
                        "an",
                        "the",
                        "any",
                        "all",
                        "to",
                        "talk",
                        "talking",
                        "discuss",
                        "discussing",
                        "about",
                        "chat",
                        "answer",
                        "questions",
                        "on",
                        "give",
                        "giving",
                        "topics",
                        "anything",
                    ])
                {
                    continue;
                }
                current.push(t.raw.clone());
                if t.boundary {
                    items.push(current.join(" "));
                    current.clear();
                    break;
                }
            }
            if !current.is_empty() {
                items.push(current.join(" "));
            }
            // "blocks pii" names another parameter (`block_pii`), not a topic.
            items.retain(|i| {
                !i.is_empty()
                    && !props.iter().any(|(other, q)| {
                        other != n && {
                            let w = param_words(other, q);
                            split_words(i).iter().all(|x| w.contains(&stem(x)))
                        }
                    })
            });
            if !items.is_empty() && items.len() <= 6 {
                let mut list: Vec<Value> = if only {
                    Vec::new()
                } else {
                    p.get("default")
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default()
                };
                for i in items {
                    let v = Value::String(i);
                    if !list.contains(&v) {
                        list.push(v);
                    }
                }
                offer(params, &mut out, n, Value::Array(list));
            }
        }
    }
    // Switches: "with a reviewer", "without web search", "no node exporter".
    for (n, p) in props.iter().filter(|(_, p)| ty(p) == "boolean") {
        let w = param_words(n, p);
        for (i, tok) in a.tokens.iter().enumerate() {
            if !tok.is_any(&[
                "with",
                "without",
                "no",
                "skip",
                "disable",
                "enable",
                "including",
                "include",
                "don't",
                "dont",
                "not",
                "never",
            ]) {
                continue;
            }
            let next: Vec<String> = a.tokens[i + 1..(i + 4).min(a.len())]
                .iter()
                .filter(|x| !x.is_any(&["a", "an", "the", "to"]))
                .map(|x| x.stem())
                .collect();
            if next.is_empty() {
                continue;
            }
            // "no docker image": either of the next two words; "web_search" as the
            // request's words may have become, or "node-exporter": each of its parts.
            let names = |x: &String| {
                let parts: Vec<String> = x.split(['_', '-']).map(stem).collect();
                w.contains(x)
                    || (*x == stem("docker") && w.iter().any(|y| y == "contain"))
                    || (parts.len() > 1 && parts.iter().all(|p| w.contains(p)))
            };
            if next.iter().take(2).any(names) {
                // "don't block pii", "never block pii": the switch named after it, off.
                let on = !tok.is_any(&[
                    "without", "no", "skip", "disable", "don't", "dont", "not", "never",
                ]);
                out.insert(n.clone(), Value::Bool(on));
            }
        }
    }
    // "pii blocking off", "web search: on": a switch named just before the word that
    // sets it, within the clause ("on" only at the clause's end: "on node 18" is not).
    for (n, p) in props.iter().filter(|(_, p)| ty(p) == "boolean") {
        let w = param_words(n, p);
        for (i, tok) in a.tokens.iter().enumerate() {
            let last = tok.boundary || i + 1 == a.len();
            let on = if tok.is_any(&["off", "disabled", "false"]) {
                false
            } else if last && tok.is_any(&["on", "enabled", "true"]) {
                true
            } else {
                continue;
            };
            let named = (i.saturating_sub(2)..i)
                .rev()
                .take_while(|&j| !a.tokens[j].boundary)
                .any(|j| {
                    token_words(&a.tokens[j])
                        .iter()
                        .any(|x| x.len() > 2 && w.contains(x))
                });
            if named && !tok.quoted {
                out.insert(n.clone(), Value::Bool(on));
            }
        }
    }
    // "makes draft releases": a switch that is off by default, named by its own word
    // and not denied, is on.
    for (n, p) in props.iter() {
        if ty(p) != "boolean"
            || p.get("default") != Some(&Value::Bool(false))
            || out.contains_key(n.as_str())
        {
            continue;
        }
        let w = param_words(n, p);
        let named = (0..a.len()).any(|i| {
            let t = &a.tokens[i];
            !t.quoted
                && w.iter().any(|x| x.len() > 3 && *x == t.stem())
                && !(i.saturating_sub(2)..i).any(|j| {
                    a.tokens[j].is_any(&[
                        "no", "not", "without", "skip", "disable", "never", "don't", "dont",
                    ])
                })
        });
        if named {
            out.insert(n.clone(), Value::Bool(true));
        }
    }
    // Lists: "node 18, 20 and 22", "on macos and windows", "scraping a:9100 and b:8080".
    lists(a, params, &props, &mut out);
    // URLs to the URI parameter their words point at, else the only one.
    let uri_params: Vec<&(String, Value)> = props
        .iter()
        .filter(|(_, p)| p.get("format").and_then(Value::as_str) == Some("uri"))
        .collect();
    for (i, tok) in a.tokens.iter().enumerate() {
        if !(tok.norm.starts_with("http://") || tok.norm.starts_with("https://")) {
            continue;
        }
        let near = around(a, i, 3, 1);
        let hit = uri_params
            .iter()
            .find(|(n, p)| {
                !out.contains_key(n) && param_words(n, p).iter().any(|w| near.contains(w))
            })
            .or_else(|| {
                (uri_params.len() == 1)
                    .then(|| &uri_params[0])
                    .filter(|(n, _)| !out.contains_key(n))
            });
        if let Some((n, _)) = hit {
            out.insert(n.clone(), Value::String(tok.raw.clone()));
        }
    }
    // An address for a text parameter that is one ("backend endpoint", "server url"),
    // written the way its default is (`tempo:4317` takes no scheme).
    for (i, tok) in a.tokens.iter().enumerate() {
        let raw = tok.raw.as_str();
        let url = raw.starts_with("http://") || raw.starts_with("https://");
        let host_port = !url
            && i > 0
            && a.tokens[i - 1].is_any(&["to", "at", "endpoint", "backend", "use", "via", "into"])
            && raw.rsplit_once(':').is_some_and(|(h, p)| {
                !h.is_empty()
                    && h.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
                    && !p.is_empty()
                    && p.chars().all(|c| c.is_ascii_digit())
            });
        if tok.quoted || !(url || host_port) || out.values().any(|v| v.as_str() == Some(raw)) {
            continue;
        }
        let Some((n, p)) = props.iter().find(|(n, p)| {
            ty(p) == "string"
                && !out.contains_key(n)
                && p.get("enum").is_none()
                && p.get("format").is_none()
                && param_words(n, p).iter().any(|w| {
                    ["endpoint", "url", "address", "backend", "server"]
                        .iter()
                        .any(|x| stem(x) == *w)
                })
        }) else {
            continue;
        };
        let bare_default = p
            .get("default")
            .and_then(Value::as_str)
            .is_some_and(|d| !d.contains("://"));
        let value = if bare_default && url {
            let rest = raw.split_once("://").map_or(raw, |(_, r)| r);
            rest.split('/').next().unwrap_or(rest).to_string()
        } else {
            raw.to_string()
        };
        offer(params, &mut out, n, Value::String(value));
    }
    // Host names and e-mail addresses, for parameters of those formats.
    for tok in a.tokens.iter().filter(|t| !t.quoted) {
        let raw = tok.raw.as_str();
        let format = if raw.contains('@') && raw.contains('.') && !raw.contains('/') {
            "email"
        } else if raw.contains('.')
            && !raw.contains(['/', ':', '@'])
            && raw
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            && raw
                .rsplit('.')
                .next()
                .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_alphabetic()) && tld.len() >= 2)
        {
            "hostname"
        } else {
            continue;
        };
        if let Some((n, _)) = props.iter().find(|(n, p)| {
            p.get("format").and_then(Value::as_str) == Some(format) && !out.contains_key(n)
        }) {
            out.insert(n.clone(), Value::String(raw.to_string()));
        }
    }
    // An environment variable name for the key: `MY_OPENAI_KEY`.
    for tok in &a.tokens {
        let raw = tok.raw.trim_start_matches("${").trim_end_matches('}');
        let is_var = raw.len() > 2
            && raw.contains('_')
            && raw
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if is_var {
            if let Some((n, _)) = props
                .iter()
                .find(|(n, _)| n.ends_with("_env") && !out.contains_key(n))
            {
                out.insert(n.clone(), Value::String(raw.to_string()));
            }
        }
    }
    // A value of an enumerated parameter written as itself ("node ci with pnpm"), when
    // only one parameter takes it.
    for tok in a.tokens.iter().filter(|t| !t.quoted) {
        let key = tok.norm.as_str();
        if key.len() < 3 {
            continue;
        }
        let takers: Vec<&(String, Value)> = props
            .iter()
            .filter(|(n, p)| {
                !out.contains_key(n)
                    && p.get("enum")
                        .and_then(Value::as_array)
                        .is_some_and(|o| o.iter().any(|v| v.as_str() == Some(key)))
            })
            .collect();
        if let [(n, _)] = takers.as_slice() {
            out.insert(n.clone(), Value::String(key.to_string()));
        }
    }
    // A version after a versioned parameter's words ("with postgres 17", "redis 7.4").
    for (i, tok) in a.tokens.iter().enumerate().skip(1) {
        let raw = tok.raw.as_str();
        let version = raw.chars().next().is_some_and(|c| c.is_ascii_digit())
            && raw
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
        // "grafana, 30d retention": a duration across a comma is no version of grafana.
        if !version || tok.quoted || a.tokens[i - 1].boundary || is_duration(&tok.norm) {
            continue;
        }
        let before = a.tokens[i - 1].norm.as_str();
        if let Some((n, _)) = props.iter().find(|(n, p)| {
            ty(p) == "string"
                && !out.contains_key(n)
                && n.ends_with("_version")
                && n.trim_end_matches("_version") == before
        }) {
            let n = n.clone();
            offer(params, &mut out, &n, Value::String(raw.to_string()));
        }
    }
    // "every 15s", "every 30 seconds": an interval parameter (the one whose words are
    // nearest when there are several: "scrapes every 15s" → the scrape interval).
    for i in 1..a.len() {
        if !a.tokens[i - 1].is("every") {
            continue;
        }
        let raw = a.tokens[i].norm.clone();
        let digits: String = raw.chars().take_while(char::is_ascii_digit).collect();
        if digits.is_empty() {
            continue;
        }
        let unit_word = a
            .tokens
            .get(i + 1)
            .map(|t| t.norm.clone())
            .unwrap_or_default();
        let unit = match &raw[digits.len()..] {
            "" => match unit_word.as_str() {
                "ms" | "millisecond" | "milliseconds" => "ms",
                "s" | "sec" | "secs" | "second" | "seconds" => "s",
                "m" | "min" | "mins" | "minute" | "minutes" => "m",
                "h" | "hour" | "hours" => "h",
                _ => continue,
            },
            u @ ("ms" | "s" | "m" | "h") => u,
            _ => continue,
        };
        let value = format!("{digits}{unit}");
        let near = around(a, i, 4, 2);
        let intervals: Vec<&(String, Value)> = props
            .iter()
            .filter(|(n, p)| {
                ty(p) == "string"
                    && !out.contains_key(n)
                    && param_words(n, p).iter().any(|w| w == "interval")
            })
            .collect();
        let pick = intervals
            .iter()
            .max_by_key(|(n, p)| {
                param_words(n, p)
                    .iter()
                    .filter(|w| *w != "interval" && near.iter().any(|x| x == *w))
                    .count()
            })
            .map(|(n, _)| n.clone());
        if let Some(n) = pick {
            offer(params, &mut out, &n, Value::String(value));
        }
    }
    // A duration for a duration parameter its description speaks of ("keeps data for 30d":
    // the retention, "How long Prometheus keeps samples").
    let duration = |t: &str| {
        let d: String = t.chars().take_while(char::is_ascii_digit).collect();
        !d.is_empty() && matches!(&t[d.len()..], "ms" | "s" | "m" | "h" | "d" | "w" | "y")
    };
    let durations: Vec<(usize, String)> = a
        .tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.quoted && duration(&t.norm))
        .map(|(i, t)| (i, t.norm.clone()))
        .chain(spelled.iter().cloned())
        .collect();
    for (i, value) in durations {
        if out.values().any(|v| v.as_str() == Some(value.as_str())) {
            continue;
        }
        let near = around(a, i, 4, 1);
        let best = props
            .iter()
            .filter(|(n, p)| {
                ty(p) == "string"
                    && !out.contains_key(n)
                    && p.get("default")
                        .and_then(Value::as_str)
                        .is_some_and(duration)
            })
            .map(|(n, p)| {
                let mut w = param_words(n, p);
                if let Some(d) = p.get("description").and_then(Value::as_str) {
                    w.extend(
                        split_words(d)
                            .iter()
                            .filter(|x| x.len() > 3)
                            .map(|x| stem(x)),
                    );
                }
                (near.iter().filter(|x| w.contains(x)).count(), n.clone())
            })
            .filter(|(hits, _)| *hits > 0)
            .max_by_key(|(hits, _)| *hits);
        if let Some((_, n)) = best {
            offer(params, &mut out, &n, Value::String(value));
            continue;
        }
        // No words point at one: the one duration parameter that takes the value ("for 2
        // weeks" fits a retention in days or weeks, not a scrape interval in seconds).
        let takers: Vec<&String> = props
            .iter()
            .filter(|(n, p)| {
                ty(p) == "string"
                    && !out.contains_key(n)
                    && p.get("default")
                        .and_then(Value::as_str)
                        .is_some_and(duration)
                    && {
                        let mut probe = out.clone();
                        probe.insert(n.clone(), Value::String(value.clone()));
                        params.resolve(&probe).is_ok()
                    }
            })
            .map(|(n, _)| n)
            .collect();
        if let [n] = takers.as_slice() {
            let n = (*n).clone();
            offer(params, &mut out, &n, Value::String(value));
        }
    }
    // A file path ("reads /home/me/repo", "the index in ./var/index") for a parameter
    // whose default is a path: the one whose words are nearest, else the only one.
    let path_like = |t: &str| {
        (t.starts_with('/') || t.starts_with("./") || t.starts_with("../") || t.starts_with("~/"))
            && t.len() > 1
            && !t.contains("://")
    };
    for (i, tok) in a.tokens.iter().enumerate() {
        let raw = tok.raw.as_str();
        if !path_like(raw) || out.values().any(|v| v.as_str() == Some(raw)) {
            continue;
        }
        let takers: Vec<&(String, Value)> = props
            .iter()
            .filter(|(n, p)| {
                ty(p) == "string"
                    && !out.contains_key(n)
                    && p.get("default")
                        .and_then(Value::as_str)
                        .is_some_and(path_like)
            })
            .collect();
        let near = around(a, i, 4, 2);
        let scored: Vec<(usize, &String)> = takers
            .iter()
            .map(|(n, p)| {
                let mut w = param_words(n, p);
                if let Some(d) = p.get("description").and_then(Value::as_str) {
                    w.extend(
                        split_words(d)
                            .iter()
                            .filter(|x| x.len() > 3)
                            .map(|x| stem(x)),
                    );
                }
                (near.iter().filter(|x| w.contains(x)).count(), n)
            })
            .collect();
        let best = scored.iter().map(|(h, _)| *h).max().unwrap_or(0);
        let top: Vec<&String> = scored
            .iter()
            .filter(|(h, _)| *h == best)
            .map(|(_, n)| *n)
            .collect();
        if let [n] = top.as_slice() {
            offer(params, &mut out, n, Value::String(raw.to_string()));
        }
    }
    // A word next to a text parameter's own words ("on the develop branch", "branch
    // develop", "collection docs"), or a proper name after "for" for a company's
    // parameter ("a support bot for Acme"); kept only when the template takes it.
    const OWNER: &[&str] = &[
        "company",
        "organization",
        "organisation",
        "org",
        "customer",
        "client",
        "brand",
        "business",
    ];
    for (n, p) in props.iter() {
        let plain_text = ty(p) == "string"
            && p.get("enum").is_none()
            && p.get("format").is_none()
            // A name of something in particular (`db_name`) is text like any other; the
            // stack's own name and a model's are read elsewhere.
            && !split_words(n).iter().any(|w| w == "model")
            && n != "name";
        if !plain_text || out.contains_key(n) {
            continue;
        }
        let own: Vec<String> = param_words(n, p)
            .into_iter()
            .filter(|w| w.len() > 2 && !matches!(w.as_str(), "stack" | "name" | "main"))
            .collect();
        let owner = own.iter().any(|w| OWNER.iter().any(|o| stem(o) == *w));
        let usable = |j: usize| {
            let t = &a.tokens[j];
            // Words that are values though common ("dev", "staging") are usable; words
            // that only join others are not.
            let joining = lexicon::is_stopword(&t.norm)
                && !matches!(
                    t.norm.as_str(),
                    "dev"
                        | "develop"
                        | "development"
                        | "staging"
                        | "stage"
                        | "prod"
                        | "production"
                        | "test"
                        | "testing"
                        | "qa"
                        | "main"
                        | "master"
                        | "release"
                        | "trunk"
                        | "next"
                        | "beta"
                        | "preview"
                        | "local"
                );
            // A number only for a parameter with a pattern ("toolchain 1.80").
            let number_ok = a.uses[j] == Use::Number && p.get("pattern").is_some();
            !t.quoted
                && (matches!(a.uses[j], Use::Free | Use::Stop) || number_ok)
                && !joining
                && !own.contains(&t.stem())
                && t.raw.chars().any(char::is_alphanumeric)
        };
        let mut found: Option<String> = None;
        // "on pushes to develop": where pushes go is the branch.
        if split_words(n).iter().any(|w| w == "branch") {
            found = (2..a.len())
                .find(|&j| {
                    a.tokens[j - 2].is_any(&["push", "pushes", "pushed", "commits", "merges"])
                        && a.tokens[j - 1].is_any(&["to", "into", "on"])
                        && usable(j)
                })
                .map(|j| a.tokens[j].raw.clone());
        }
        for (i, tok) in a.tokens.iter().enumerate() {
            if found.is_some() {
                break;
            }
            if tok.quoted || !own.contains(&tok.stem()) {
                continue;
            }
            // "db name shop": "name" after another parameter's word ("db" of `db_name`)
            // is that one's, not this one's (`project`, "Project name").
            if tok.stem() == stem("name") && i > 0 {
                let prev = a.tokens[i - 1].stem();
                let mine = param_words(n, p).contains(&prev);
                let theirs = props.iter().any(|(m, q)| {
                    m != n
                        && param_words(m, q)
                            .iter()
                            .any(|w| *w == prev && *w != stem("name"))
                });
                if theirs && !mine {
                    continue;
                }
            }
            // "tags like v*", "a branch such as develop", "tags matching release-*".
            let mut next = i + 1;
            while next < a.len()
                && next < i + 4
                && a.tokens[next].is_any(&[
                    "like", "such", "as", "matching", "named", "called", "is", "be", "name",
                ])
                && !a.tokens[next - 1].boundary
            {
                next += 1;
            }
            if next > i + 1
                && next < a.len()
                && !a.tokens[next - 1].boundary
                && {
                    let t = &a.tokens[next];
                    !t.quoted || !t.raw.is_empty()
                }
                && a.tokens[next].raw.chars().any(char::is_alphanumeric)
            {
                found = Some(a.tokens[next].raw.clone());
            } else if i + 1 < a.len() && usable(i + 1) && !a.tokens[i].boundary {
                found = Some(a.tokens[i + 1].raw.clone());
            } else if i > 0 && usable(i - 1) && !a.tokens[i - 1].boundary {
                found = Some(a.tokens[i - 1].raw.clone());
            }
            if found.is_some() {
                break;
            }
        }
        if found.is_none() && owner {
            found = (1..a.len())
                .find(|&j| {
                    a.tokens[j - 1].is("for")
                        && usable(j)
                        && a.tokens[j].raw.starts_with(|c: char| c.is_uppercase())
                })
                .map(|j| {
                    // "for Acme Corp": the capitalised words that follow too.
                    let mut end = j + 1;
                    while end < a.len()
                        && !a.tokens[end - 1].boundary
                        && usable(end)
                        && a.tokens[end].raw.starts_with(|c: char| c.is_uppercase())
                    {
                        end += 1;
                    }
                    a.tokens[j..end]
                        .iter()
                        .map(|t| t.raw.trim_end_matches([',', ';']))
                        .collect::<Vec<_>>()
                        .join(" ")
                });
        }
        // A parameter whose default is an image or a path (`ghcr.io/example/web:latest`)
        // takes only a value of that shape, not a word next to its name ("web app").
        let shaped = p
            .get("default")
            .and_then(Value::as_str)
            .is_some_and(|d| d.contains(['/', ':']));
        // A glob (`v*.*.*`) takes only a glob: "push a version tag" says what the tags
        // are, not a pattern `version`.
        let glob = p
            .get("default")
            .and_then(Value::as_str)
            .is_some_and(|d| d.contains('*'));
        // A value another parameter took already ("database called orders" is the
        // database's name, not also its user's).
        let taken = |v: &String| out.values().any(|x| x.as_str() == Some(v.as_str()));
        // "a tag like release-1.0" is an example of the tags: its numbers may be any.
        let found = found.map(|v| {
            if glob && !v.contains('*') && v.contains(|c: char| c.is_ascii_digit()) {
                generalize(&v)
            } else {
                v
            }
        });
        if let Some(v) = found.filter(|v| {
            (!shaped || v.contains(['/', ':'])) && (!glob || v.contains('*')) && !taken(v)
        }) {
            offer(params, &mut out, n, Value::String(v));
        }
    }
    // Quoted text after a string parameter's words ("with instructions 'be brief'").
    for (i, tok) in a.tokens.iter().enumerate() {
        if !tok.quoted {
            continue;
        }
        // The words before it, else the one right after ("the 'trellis' binary").
        let before = around(a, i, 3, 0);
        let after: Vec<String> = a
            .tokens
            .get(i + 1)
            .map(|t| vec![t.stem()])
            .unwrap_or_default();
        for near in [before, after] {
            if let Some((n, _)) = props.iter().find(|(n, p)| {
                ty(p) == "string"
                    && !out.contains_key(n)
                    && param_words(n, p)
                        .iter()
                        .any(|w| w.len() > 2 && near.contains(w))
            }) {
                out.insert(n.clone(), Value::String(tok.raw.clone()));
                break;
            }
        }
    }
    out
}

/// A glob for the names an example stands for: each run of digits is any
/// (`release-1.0` → `release-*.*`, `v1.2.3` → `v*.*.*`).
fn generalize(example: &str) -> String {
    let mut out = String::new();
    for c in example.chars() {
        if !c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('*') {
            out.push('*');
        }
    }
    out
}

/// Whether a text is a duration such as `30s` or `15d`.
pub(crate) fn is_duration(t: &str) -> bool {
    let d: String = t.chars().take_while(char::is_ascii_digit).collect();
    !d.is_empty() && matches!(&t[d.len()..], "ms" | "s" | "m" | "h" | "d" | "w" | "y")
}

/// The unit letter of a duration word ("days" → `d`).
pub(crate) fn duration_unit(word: &str) -> Option<&'static str> {
    super::text::time_unit(word).map(|(letter, _)| letter)
}

/// List parameters read from the request: values of a list of options said by a prefix
/// of an option ("macos" for `macos-latest`) anywhere, with the defaults kept when the
/// request says "also"; other items as the run of values after one of the parameter's
/// words ("node 18, 20 and 22", "scraping node-exporter:9100 and cadvisor:8080"). Kept
/// only when the template takes them.
/// Topics a request says to stay away from: the words after "discuss", "talk about",
/// "mention", "topics", up to the end of the sentence, split at "or", "and" and commas.
fn said_topics(a: &Analysis) -> Vec<Value> {
    let n = a.len();
    let Some(start) = (0..n).find(|&i| {
        let t = &a.tokens[i];
        t.is_any(&[
            "discuss",
            "discussing",
            "mention",
            "mentioning",
            "topics",
            "touch",
        ]) || (t.is("about")
            && i > 0
            && a.tokens[i - 1].is_any(&["talk", "talking", "chat", "speak", "speaking", "answer"]))
    }) else {
        return Vec::new();
    };
    let mut from = start + 1;
    if a.tokens
        .get(from)
        .is_some_and(|t| t.is_any(&["like", "such", "as", "on"]))
    {
        from += 1;
    }
    let mut out: Vec<Value> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let flush = |current: &mut Vec<String>, out: &mut Vec<Value>| {
        let phrase = current.join(" ");
        if !phrase.is_empty() && phrase.len() <= 40 {
            let v = Value::String(phrase);
            if !out.contains(&v) {
                out.push(v);
            }
        }
        current.clear();
    };
    for t in &a.tokens[from..] {
        if t.is_any(&["or", "and", "nor"]) {
            flush(&mut current, &mut out);
            continue;
        }
        if t.is_any(&["the", "any", "anything", "about", "please", "pls", "ever"])
            && current.is_empty()
        {
            continue;
        }
        let raw = t.raw.trim_end_matches([',', '.', '!', ';']);
        if !raw.is_empty() {
            current.push(raw.to_lowercase());
        }
        if current.len() > 4 {
            return Vec::new();
        }
        if t.raw.ends_with(['.', '!', ';', '?']) {
            break;
        }
        if t.boundary {
            flush(&mut current, &mut out);
        }
    }
    flush(&mut current, &mut out);
    out
}

/// A list parameter's default with `values` added after it (each once).
fn with_defaults(p: &Value, values: Vec<Value>) -> Vec<Value> {
    let mut with: Vec<Value> = p
        .get("default")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for v in values {
        if !with.contains(&v) {
            with.push(v);
        }
    }
    with
}

fn lists(
    a: &Analysis,
    params: &Parameters,
    props: &[(String, Value)],
    out: &mut Map<String, Value>,
) {
    let also = a.has(&["also", "too", "plus", "additionally"]);
    for (n, p) in props {
        if out.contains_key(n) || p.get("type").and_then(Value::as_str) != Some("array") {
            continue;
        }
        let Some(items) = p.get("items") else {
            continue;
        };
        if items
            .get("type")
            .and_then(Value::as_str)
            .is_some_and(|t| t != "string")
        {
            continue;
        }
        let mut values: Vec<Value> = Vec::new();
        if let Some(options) = items.get("enum").and_then(Value::as_array) {
            let options: Vec<&str> = options.iter().filter_map(Value::as_str).collect();
            // "ubuntu/macos/windows": each of the words.
            let said = a
                .tokens
                .iter()
                .filter(|t| !t.quoted)
                .flat_map(|t| t.norm.split(['/', ',']))
                .filter(|w| w.len() >= 3);
            for w in said {
                let word = match w {
                    "mac" | "osx" => "macos",
                    "linux" => "ubuntu",
                    other => other,
                };
                let hits: Vec<&&str> = options
                    .iter()
                    .filter(|o| {
                        **o == word || o.strip_prefix(word).is_some_and(|r| r.starts_with('-'))
                    })
                    .collect();
                if let [o] = hits.as_slice() {
                    let v = Value::String(o.to_string());
                    if !values.contains(&v) {
                        values.push(v);
                    }
                }
            }
            if values.is_empty() {
                continue;
            }
            if also {
                values = with_defaults(p, values);
            }
        } else if param_words(n, p).iter().any(|w| w == "topic") {
            // "it shouldn't talk about refunds or legal advice", "never discuss politics":
            // topics to refuse, beside the template's own.
            values = said_topics(a);
            if values.is_empty() {
                continue;
            }
            values = with_defaults(p, values);
        } else {
            let words = param_words(n, p);
            let patterned = items.get("pattern").is_some();
            let starts: Vec<usize> = (0..a.len())
                .filter(|&i| {
                    let s = a.tokens[i].stem();
                    !a.tokens[i].quoted
                        && words
                            .iter()
                            .any(|w| w.len() >= 3 && (s == *w || s.starts_with(w.as_str())))
                })
                .collect();
            for start in starts {
                if !values.is_empty() {
                    break;
                }
                let mut i = start + 1;
                // "node versions 18 and 20", "scraping targets a:1 and b:2".
                while i < a.len()
                    && i <= start + 2
                    && a.tokens[i].is_any(&["versions", "version", "on", "targets", "target", "of"])
                {
                    i += 1;
                }
                while i < a.len() {
                    let t = &a.tokens[i];
                    if t.is_any(&["and", "or", "&"]) && !values.is_empty() {
                        i += 1;
                        continue;
                    }
                    let raw = t.raw.trim_end_matches(',');
                    // "node 18/20/22": one version each.
                    let version = |r: &str| {
                        r.chars().next().is_some_and(|c| c.is_ascii_digit())
                            && r.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
                    };
                    if patterned && raw.contains('/') && raw.split('/').all(version) {
                        values.extend(raw.split('/').map(|v| Value::String(v.to_string())));
                        i += 1;
                        continue;
                    }
                    let ok = if patterned {
                        version(raw)
                    } else {
                        raw.rsplit_once(':').is_some_and(|(h, port)| {
                            !h.is_empty()
                                && !port.is_empty()
                                && port.chars().all(|c| c.is_ascii_digit())
                        }) && !raw.contains("://")
                    };
                    if !ok || t.quoted {
                        break;
                    }
                    values.push(Value::String(raw.to_string()));
                    if t.boundary
                        && !a.tokens.get(i + 1).is_some_and(|n| {
                            n.norm.chars().next().is_some_and(|c| c.is_ascii_digit())
                                || n.raw.contains(':')
                                || n.is_any(&["and", "or"])
                        })
                    {
                        break;
                    }
                    i += 1;
                }
            }
            if values.is_empty() {
                continue;
            }
        }
        offer(params, out, n, Value::Array(values));
    }
}
