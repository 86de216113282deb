//! An amount said as a goal, with no field named: "give ollama 5 minutes before it gives
//! up", "remember the last 30 messages", "grafana keeps eating ram, limit it to 1 gig",
//! "only let the reviewer do ten rounds", "double its iteration limit".
//!
//! The amount's unit says what kind of field takes it (a duration, a size, a share, a
//! count), and the words around it say which one: the field's own words, its description,
//! and the everyday words for it ("gives up" for a timeout, "rounds" for iterations). The
//! fields looked at are those of the components the request names and of what they use
//! (an agent's model, memory and middleware), or of every component when it names none.
//! Only one field that clearly fits is set; anything less is left to the other readings.

use super::fields::{convert, field_unit};
use super::*;
use crate::offline::text::{size_unit, stem, time_unit};

/// What an amount measures.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Measure {
    Duration,
    Size,
    Share,
    Count,
    /// Any amount that can be multiplied ("double it"): a number or a duration.
    Scaled,
}

/// The amount a request gives.
struct Amount {
    /// The tokens of the value (the number and its unit).
    tokens: Vec<Token>,
    measure: Measure,
    /// The stem of what is counted ("30 messages": `messag`).
    noun: Option<String>,
    /// A change relative to the value now ("double": 2).
    factor: Option<f64>,
    /// A change by the amount, up (1) or down (-1): "up by 100", "five more".
    sign: Option<f64>,
}

/// Everyday words for what a field is about, and the words of fields they stand for.
const GOALS: &[(&[&str], &[&str])] = &[
    (
        &[
            "time",
            "timing",
            "timed",
            "timeout",
            "timeouts",
            "wait",
            "waits",
            "waiting",
            "hang",
            "hangs",
            "hanging",
            "patience",
            "gives",
            "kill",
            "killed",
            "cancel",
            "cancelled",
            "abort",
        ],
        &["timeout"],
    ),
    (
        &[
            "every",
            "often",
            "frequency",
            "frequently",
            "scrape",
            "scraped",
            "poll",
            "polled",
            "collect",
            "collected",
        ],
        &["interval", "period", "frequenc"],
    ),
    (
        &[
            "hold", "expire", "expires", "expiry", "cached", "cache", "caching", "stale",
        ],
        &["ttl", "expir"],
    ),
    (
        &["remember", "remembers", "history", "conversation", "recent"],
        &["messag", "histori"],
    ),
    (
        &[
            "round",
            "rounds",
            "step",
            "steps",
            "turn",
            "turns",
            "loop",
            "loops",
            "trips",
            "iterations",
            "iteration",
        ],
        &["iter", "round"],
    ),
    (
        &[
            "attempt", "attempts", "try", "tries", "retry", "retries", "again",
        ],
        &["attempt", "retri"],
    ),
    (
        &[
            "character",
            "characters",
            "chars",
            "letters",
            "long",
            "longer",
            "paste",
        ],
        &["char", "input"],
    ),
    (
        &[
            "requests",
            "request",
            "req",
            "rpm",
            "calls",
            "call",
            "throttle",
            "throttled",
        ],
        &["request"],
    ),
    (
        &[
            "passages",
            "passage",
            "results",
            "chunks",
            "documents",
            "snippets",
            "hits",
        ],
        &["top", "entri", "recal"],
    ),
    (
        &["ram", "memory", "mem", "gig", "gigs", "eating", "eats"],
        &["mem", "memori"],
    ),
    (&["context"], &["context", "window"]),
    (
        &[
            "most", "max", "maximum", "cap", "capped", "ceiling", "hogging", "hog",
        ],
        &["limit", "max"],
    ),
    (
        &[
            "trace", "traced", "traces", "tracing", "sample", "sampled", "sampling",
        ],
        &["sampl"],
    ),
    (
        &["answers", "answer", "replies", "responses", "output"],
        &["token"],
    ),
    (&["copies", "instances"], &["replica"]),
];

/// Words that make a sentence with no verb of change a wish for a value ("host metrics
/// every minute is plenty", "lint shouldn't take more than 5 min").
const WISH: &[&str] = &[
    "let",
    "allow",
    "give",
    "keep",
    "cap",
    "limit",
    "should",
    "shouldn't",
    "must",
    "want",
    "need",
    "needs",
    "only",
    "most",
    "max",
    "up",
    "every",
    "instead",
    "plenty",
    "enough",
    "remember",
    "hold",
];

/// Words that say nothing about which field is meant.
const QUIET: &[&str] = &[
    "the", "a", "an", "of", "for", "on", "in", "at", "to", "my", "its", "it", "their", "our",
    "your", "this", "that", "be", "is", "so", "just", "also", "now", "and", "then", "can", "could",
    "you", "please", "pls", "we", "i", "me", "us", "let", "give", "make", "set", "only", "up",
    "more", "than", "instead", "before", "after", "last", "about", "like", "some", "keep",
    "should", "would", "want", "need", "them", "they", "there", "with",
];

/// `said` is the request as written, before remarks were dropped from it ("grafana keeps
/// eating ram, limit it to 1 gig" is read as "limit grafana to 1 gig"): its words tell
/// the field too.
pub(crate) fn goal(a: &Analysis, scene: &Scene, said: &str) -> Option<Reply> {
    // An order or a wish, not a story ("I waited 5 minutes for an answer").
    let story = a
        .tokens
        .first()
        .is_some_and(|t| t.is_any(&["i", "we", "they", "he", "she", "yesterday", "today"]));
    if story && a.first_verb().is_none() && !a.has(WISH) {
        return None;
    }
    let amount = amount(a)?;
    let (named, targets) = targets(a, scene, said);
    if targets.is_empty() {
        return None;
    }
    let words = request_words(a, scene, &amount, said);
    let mut scored: Vec<(i32, usize, FieldInfo, Pointer)> = Vec::new();
    for &t in &targets {
        for (field, pointer) in fields_within(scene, t) {
            if !fits(&field, amount.measure, scene, &pointer) {
                continue;
            }
            // A field of a component the request names wins over the same field of one
            // it uses.
            let own = if named.contains(&t) { 1 } else { 0 };
            let score = score(&field, &words, amount.noun.as_deref()) + own;
            scored.push((score, t, field, pointer));
        }
    }
    crate::offline::trace(|| {
        let mut ranked: Vec<&(i32, usize, FieldInfo, Pointer)> =
            scored.iter().filter(|(s, ..)| *s > 0).collect();
        ranked.sort_by_key(|(s, ..)| -s);
        let mut top: Vec<String> = ranked
            .iter()
            .map(|(s, _, _, p)| format!("{p} {s}"))
            .collect();
        top.truncate(6);
        format!(
            "goal: {:?} {:?} {:?} over {} components, words {words:?}: {top:?}",
            amount.measure,
            amount.noun,
            amount.factor,
            targets.len()
        )
    });
    let best = scored.iter().map(|(s, ..)| *s).max()?;
    let mut top: Vec<&(i32, usize, FieldInfo, Pointer)> =
        scored.iter().filter(|(s, ..)| *s == best).collect();
    // Of fields that fit as well, the one the document sets: the value being adjusted
    // (the answering model's `max_tokens`, not the embedding model's).
    let set: Vec<&(i32, usize, FieldInfo, Pointer)> = top
        .iter()
        .copied()
        .filter(|(_, _, _, p)| lookup(&scene.value, p).is_some())
        .collect();
    if set.len() == 1 {
        top = set;
    }
    // Of those, the field with the fewest words the request does not say ("limit_mib"
    // is `limit_mib`, not `spike_limit_mib`).
    if top.len() > 1 {
        let unsaid = |f: &FieldInfo| f.stems.iter().filter(|s| !words.contains(s)).count();
        let fewest = top.iter().map(|(_, _, f, _)| unsaid(f)).min().unwrap_or(0);
        top.retain(|(_, _, f, _)| unsaid(f) == fewest);
    }
    let [(_, holder, field, pointer)] = top.as_slice() else {
        return None;
    };
    // A field the words point to, or the one field of its measure on a component the
    // request names by itself.
    let least = if named.is_empty() { 3 } else { 4 };
    let alone = !named.is_empty() && scored.len() == 1;
    if best < least && !alone {
        return None;
    }
    let current = lookup(&scene.value, pointer).cloned();
    let value = match amount.factor {
        Some(f) => scaled(field, current.as_ref(), f)?,
        None => match convert(field, &amount.tokens, current.as_ref(), amount.sign) {
            Ok(v) => v,
            Err(why) => {
                crate::offline::trace(|| format!("goal: {pointer}: {why}"));
                return None;
            }
        },
    };
    if current.as_ref() == Some(&value) {
        return None;
    }
    let mut work = Work::new(scene);
    if work
        .apply(vec![set_creating(&work.value, pointer, value.clone())])
        .is_err()
    {
        return None;
    }
    work.done.push(format!(
        "{} of the {}: {}{}",
        field.title,
        scene.label(*holder),
        shown(&value),
        was(current.as_ref())
    ));
    let reply = work.finish(&format!("I propose setting the {}:", field.label()));
    crate::offline::trace(|| format!("goal: {pointer} = {value}: {:?}", reply.kind));
    (reply.kind == ReplyKind::Proposal).then_some(reply)
}

/// The value now (or the default) times `f`: a number, or a duration written as text
/// ("5s" halved is "2500ms").
fn scaled(field: &FieldInfo, current: Option<&Value>, f: f64) -> Option<Value> {
    let now = current.or(field.default.as_ref())?;
    if let Some(n) = now.as_f64() {
        let v = n * f;
        let integer = matches!(field.input, Input::Number { integer: true, .. });
        return Some(crate::offline::text::json_number(if integer {
            v.round()
        } else {
            v
        }));
    }
    let text = now.as_str()?;
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    let n: f64 = digits.parse().ok()?;
    let mut unit = &text[digits.len()..];
    let mut v = n * f;
    // A whole number of a smaller unit when the result is not a whole one.
    while v.fract() != 0.0 {
        let (smaller, times) = match unit {
            "h" => ("m", 60.0),
            "m" => ("s", 60.0),
            "s" => ("ms", 1000.0),
            _ => return None,
        };
        unit = smaller;
        v *= times;
    }
    crate::offline::create::is_duration(&format!("{v}{unit}"))
        .then(|| Value::String(format!("{v}{unit}")))
}

/// A factor said as "N times as/more …" ("three times as long", "4 times more") or "Nx"
/// ("2x the requests per minute"), for N from 2 to 10.
fn times(a: &Analysis) -> Option<f64> {
    const WORDS: [&str; 9] = [
        "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    let value = |w: &str| -> Option<f64> {
        WORDS
            .iter()
            .position(|x| *x == w)
            .map(|k| k as f64 + 2.0)
            .or_else(|| w.parse::<f64>().ok())
            .filter(|v| (2.0..=10.0).contains(v))
    };
    let compared = |i: usize| {
        a.tokens.get(i).is_some_and(|t| {
            t.is_any(&[
                "as", "more", "longer", "bigger", "larger", "higher", "the", "what", "its",
                "their", "that",
            ])
        })
    };
    (0..a.len()).find_map(|i| {
        let t = &a.tokens[i];
        if t.quoted {
            return None;
        }
        if let Some(n) = t.norm.strip_suffix('x').and_then(value) {
            return compared(i + 1).then_some(n);
        }
        let n = value(&t.norm)?;
        (a.tokens
            .get(i + 1)
            .is_some_and(|x| x.is_any(&["times", "x"]))
            && compared(i + 2))
        .then_some(n)
    })
}

/// The amount: the number with its unit or what it counts, or a factor ("double") when
/// there is no number. "instead of 20", "from 5": the value now, not the one to set.
fn amount(a: &Analysis) -> Option<Amount> {
    let n = a.len();
    // "three times as long", "2x the requests per minute": a factor, not a number.
    if let Some(factor) = times(a) {
        return Some(Amount {
            tokens: Vec::new(),
            measure: Measure::Scaled,
            noun: None,
            factor: Some(factor),
            sign: None,
        });
    }
    let old = |i: usize| {
        (i >= 1 && a.tokens[i - 1].is_any(&["from", "not"]))
            || (i >= 2 && a.tokens[i - 1].is("of") && a.tokens[i - 2].is("instead"))
    };
    let numbers: Vec<usize> = (0..n)
        .filter(|&i| a.tokens[i].number().is_some() && !a.tokens[i].quoted && !old(i))
        .collect();
    let memory_said = a.has(&["memory", "ram", "mem"]);
    let mut found = Vec::new();
    for &i in &numbers {
        let t = &a.tokens[i];
        let sign = super::fields::change_by(a, i);
        // "five more iterations": what is counted after the word of change.
        let skip = usize::from(
            a.tokens
                .get(i + 1)
                .is_some_and(|t| t.is_any(&["more", "extra", "additional", "fewer", "less"])),
        );
        let next = a.tokens.get(i + 1 + skip);
        // A unit written on the number: `10s`, `5m`, `1g`, `512mb`, `5%`.
        let suffix = t
            .norm
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .to_string();
        let measure_of = |u: &str| -> Option<Measure> {
            if matches!(u, "%" | "percent" | "pct") {
                Some(Measure::Share)
            } else if size_unit(u).is_some() && (memory_said || !matches!(u, "m" | "k")) {
                Some(Measure::Size)
            } else if time_unit(u).is_some() && u != "y" {
                Some(Measure::Duration)
            } else {
                None
            }
        };
        // "2k tokens": two thousand of what follows.
        let (t, suffix) = if suffix == "k" && !memory_said {
            let thousands = crate::offline::text::json_number(t.number()?).to_string();
            (as_token(t, &thousands), String::new())
        } else {
            (t.clone(), suffix)
        };
        if !suffix.is_empty() && suffix.len() < t.norm.len() {
            if let Some(m) = measure_of(&suffix) {
                let number = &t.norm[..t.norm.len() - suffix.len()];
                // "50%" stays one token: a rate of 0..1 reads it as 0.5, a percentage as 50.
                let tokens = if m == Measure::Share {
                    vec![t.clone()]
                } else {
                    split_unit(&t, number, &suffix)
                };
                found.push(Amount {
                    tokens,
                    measure: m,
                    noun: None,
                    factor: None,
                    sign,
                });
            }
            continue;
        }
        match next {
            Some(u) if !u.quoted && measure_of(&u.norm).is_some() => found.push(Amount {
                tokens: vec![t.clone(), u.clone()],
                measure: measure_of(&u.norm)?,
                noun: None,
                factor: None,
                sign,
            }),
            Some(u)
                if !u.quoted
                    && u.norm.len() > 2
                    && u.norm.chars().all(|c| c.is_ascii_alphabetic())
                    && !QUIET.contains(&u.norm.as_str()) =>
            {
                found.push(Amount {
                    tokens: vec![t.clone()],
                    measure: Measure::Count,
                    noun: Some(stem(&u.norm)),
                    factor: None,
                    sign,
                })
            }
            // "requests/min", "req/min": what is counted, per a unit.
            Some(u) if !u.quoted && u.norm.contains('/') => found.push(Amount {
                tokens: vec![t.clone()],
                measure: Measure::Count,
                noun: u.norm.split('/').next().map(stem),
                factor: None,
                sign,
            }),
            // "up by 0.2": a change with nothing said of what it counts; the words say
            // which field.
            _ if sign.is_some() => found.push(Amount {
                tokens: vec![t.clone()],
                measure: Measure::Count,
                noun: None,
                factor: None,
                sign,
            }),
            _ => {}
        }
    }
    if found.len() > 1 {
        return None;
    }
    if let Some(f) = found.pop() {
        return Some(f);
    }
    if !numbers.is_empty() {
        return None;
    }
    // "half an hour", "an hour", "every minute": a duration with no digits.
    for i in 0..n {
        let Some((letter, _)) = time_unit(&a.tokens[i].norm).filter(|_| a.tokens[i].norm.len() > 2)
        else {
            continue;
        };
        let before = |k: usize, w: &[&str]| i >= k && a.tokens[i - k].is_any(w);
        let count = if before(2, &["half"]) && before(1, &["an", "a"]) {
            0.5
        } else if before(1, &["an", "a", "one", "every", "each", "per"]) {
            1.0
        } else {
            continue;
        };
        let (count, letter) = match (count, letter) {
            (c, "h") if c < 1.0 => (30.0, "m"),
            (c, "m") if c < 1.0 => (30.0, "s"),
            (c, "d") if c < 1.0 => (12.0, "h"),
            (c, _) if c < 1.0 => continue,
            other => other,
        };
        let number = crate::offline::text::json_number(count).to_string();
        let unit = match letter {
            "s" => "seconds",
            "m" => "minutes",
            "h" => "hours",
            _ => "days",
        };
        return Some(Amount {
            tokens: split_unit(&a.tokens[i], &number, unit),
            measure: Measure::Duration,
            noun: None,
            factor: None,
            sign: None,
        });
    }
    // "trace half of the requests", "a quarter of them": a share.
    for i in 0..n.saturating_sub(1) {
        let share = match a.tokens[i].norm.as_str() {
            "half" => "50%",
            "quarter" => "25%",
            _ => continue,
        };
        if a.tokens[i + 1].is("of") {
            return Some(Amount {
                tokens: vec![as_token(&a.tokens[i], share)],
                measure: Measure::Share,
                noun: None,
                factor: None,
                sign: None,
            });
        }
    }
    let factor = if a.has(&["double", "twice", "doubled"]) {
        2.0
    } else if a.has(&["triple", "thrice", "tripled"]) {
        3.0
    } else if a.has(&["halve", "halved"]) {
        0.5
    } else {
        return None;
    };
    Some(Amount {
        tokens: Vec::new(),
        measure: Measure::Scaled,
        noun: None,
        factor: Some(factor),
        sign: None,
    })
}

/// `10s` as the two tokens "10" and "s".
fn split_unit(t: &Token, number: &str, unit: &str) -> Vec<Token> {
    vec![as_token(t, number), as_token(t, unit)]
}

/// A token like `t` that reads `text`.
fn as_token(t: &Token, text: &str) -> Token {
    Token {
        raw: text.to_string(),
        norm: text.to_string(),
        word: text.to_string(),
        ..t.clone()
    }
}

/// The components the request is about, with what they use; every component when it
/// names none.
fn targets(a: &Analysis, scene: &Scene, said: &str) -> (Vec<usize>, Vec<usize>) {
    // A name several components have (the `reviewer` model and agent): each of them, for
    // the field to tell apart.
    let mut named: Vec<usize> = Vec::new();
    for m in &a.mentions {
        for &c in &m.candidates {
            if !named.contains(&c) {
                named.push(c);
            }
        }
    }
    // A name read as something else too (`grafana`, also an image): still the component.
    let by_name = |tokens: &[Token], named: &mut Vec<usize>| {
        for t in tokens.iter().filter(|t| !t.quoted) {
            if let Some(c) = scene.one_named(&t.norm).filter(|c| !named.contains(c)) {
                named.push(c);
            }
        }
    };
    by_name(&a.tokens, &mut named);
    // "db takes ages to boot, could the healthcheck try twice as many times": a remark
    // read past names what the order is about.
    if named.is_empty() {
        by_name(&crate::offline::text::tokenize(said), &mut named);
    }
    if named.is_empty() {
        return (named, (0..scene.components.len()).collect());
    }
    // What they use: the components their own fields name (an agent's `model`, each of
    // its `middleware`), read from the document's references.
    let mut out = named.clone();
    for r in &scene.model.references {
        let Some(from) = r.from.filter(|f| named.contains(f)) else {
            continue;
        };
        let own_field = r
            .field
            .split_last()
            .is_some_and(|(holder, _)| holder == scene.components[from].pointer);
        if r.is_key || !own_field {
            continue;
        }
        for (j, c) in scene.components.iter().enumerate() {
            if r.to.contains(&c.kind) && c.name == r.name && !out.contains(&j) {
                out.push(j);
            }
        }
    }
    (named, out)
}

/// The fields of a component and of the maps in it (`healthcheck`, `deploy/resources/
/// limits`), with where each is.
fn fields_within(scene: &Scene, i: usize) -> Vec<(FieldInfo, Pointer)> {
    let at = scene.components[i].pointer.clone();
    let mut out = Vec::new();
    // Only the fields of its variant (a retry middleware has no `requests_per_minute`).
    let own: Vec<FieldInfo> = scene
        .fields_of(i)
        .into_iter()
        .filter(|f| super::fields::has_field(scene, i, f))
        .collect();
    collect(scene, &at, own, 3, &mut out);
    out
}

fn collect(
    scene: &Scene,
    at: &Pointer,
    fields: Vec<FieldInfo>,
    depth: usize,
    out: &mut Vec<(FieldInfo, Pointer)>,
) {
    for f in fields {
        let pointer = at.join(f.key.clone());
        match f.input {
            Input::Object { .. }
                if depth > 0 && lookup(&scene.value, &pointer).is_some_and(Value::is_object) =>
            {
                let sub = scene.fields_at(&scene.value, &pointer);
                collect(scene, &pointer, sub, depth - 1, out);
            }
            Input::Number { .. }
            | Input::Text { .. }
            | Input::Any
            | Input::Variants { .. }
            | Input::Enum { .. }
            | Input::Boolean => out.push((f, pointer)),
            _ => {}
        }
    }
}

/// Whether a field takes an amount of this measure.
fn fits(f: &FieldInfo, measure: Measure, scene: &Scene, pointer: &Pointer) -> bool {
    let words = format!("{} {}", f.key, f.title).to_lowercase();
    // A number or, for a field that also takes `${ENV}`, one the document sets to a
    // number (`limit_mib: 1536`).
    let number = match &f.input {
        Input::Number { .. } => true,
        Input::Variants { variants, .. } => {
            variants
                .iter()
                .any(|v| matches!(v.field.input, Input::Number { .. }))
                && lookup(&scene.value, pointer).is_some_and(Value::is_number)
        }
        _ => false,
    };
    let text_like = matches!(
        f.input,
        Input::Text { .. } | Input::Any | Input::Variants { .. }
    );
    let durational = field_unit(f).is_some()
        || (text_like && {
            let now = lookup(&scene.value, pointer)
                .or(f.default.as_ref())
                .or(f.examples.first());
            now.and_then(Value::as_str)
                .is_some_and(crate::offline::create::is_duration)
                || f.description.to_lowercase().contains("duration")
        });
    let sized = words.contains("mib")
        || words.contains("mem")
        || words.contains("shm")
        || (text_like && f.examples.iter().filter_map(Value::as_str).any(is_size));
    match measure {
        Measure::Duration => durational,
        Measure::Size => sized,
        Measure::Share => {
            number
                && (words.contains("percent")
                    || matches!(f.input, Input::Number { maximum: Some(m), .. } if m <= 1.0))
        }
        Measure::Count => number && !durational && !sized && !f.secret,
        Measure::Scaled => (number || durational) && !f.secret,
    }
}

/// `512m`, `1g`, `2GB`.
fn is_size(s: &str) -> bool {
    let lower = s.to_lowercase();
    let digits = lower.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let unit = &lower[digits.len()..];
    !digits.is_empty() && digits.parse::<f64>().is_ok() && size_unit(unit).is_some()
}

/// The words of the request, as read and as written, about the field (see [`goal_words`]).
fn request_words(a: &Analysis, scene: &Scene, amount: &Amount, said: &str) -> Vec<String> {
    let mut words = goal_words(&a.tokens, scene, amount);
    for w in goal_words(&crate::offline::text::tokenize(said), scene, amount) {
        if !words.contains(&w) {
            words.push(w);
        }
    }
    words
}

/// The stems the request says about the field, with the field words its everyday words
/// stand for.
fn goal_words(tokens: &[Token], scene: &Scene, amount: &Amount) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let unit_words: Vec<&str> = amount.tokens.iter().map(|t| t.norm.as_str()).collect();
    for t in tokens {
        if t.quoted
            || t.number().is_some()
            || unit_words.contains(&t.norm.as_str())
            || QUIET.contains(&t.norm.as_str())
            || !scene.named(&t.norm).is_empty()
        {
            continue;
        }
        for w in t.norm.split(['/', '-', '_']) {
            if w.is_empty() {
                continue;
            }
            let s = stem(w);
            if !out.contains(&s) {
                out.push(s);
            }
            for (everyday, stands_for) in GOALS {
                if everyday.contains(&w) {
                    for s in stands_for.iter() {
                        if !out.contains(&s.to_string()) {
                            out.push(s.to_string());
                        }
                    }
                }
            }
        }
    }
    out
}

/// How well the words fit a field: its own words count three, its description's one, and
/// what is counted ("30 messages") counts double.
fn score(f: &FieldInfo, words: &[String], noun: Option<&str>) -> i32 {
    let own = |w: &str| {
        f.stems
            .iter()
            .any(|s| s == w || (w.len() >= 4 && s.starts_with(w)))
    };
    let described = |w: &str| f.described.iter().any(|s| s == w);
    let mut score = 0;
    for w in words {
        if own(w) {
            score += 3;
        } else if described(w) {
            score += 1;
        }
    }
    if let Some(noun) = noun {
        let stands_for: Vec<String> = GOALS
            .iter()
            .filter(|(everyday, _)| everyday.iter().any(|e| stem(e) == noun))
            .flat_map(|(_, s)| s.iter().map(|s| s.to_string()))
            .chain(std::iter::once(noun.to_string()))
            .collect();
        if stands_for.iter().any(|w| own(w)) {
            score += 3;
        } else if stands_for.iter().any(|w| described(w)) {
            score += 1;
        }
    }
    score
}

/// "add rate limiting to every agent at 30 rpm", "add logging to all agents at debug
/// level": what the request says of the one component a proposal adds — an amount, or an
/// option of one of its enumerated fields — set on it when the proposal left it out. The
/// proposal as it was otherwise.
pub(crate) fn with_new_attributes(a: &Analysis, scene: &Scene, reply: Reply, said: &str) -> Reply {
    // A new component comes as the `add` of a map (or of an empty entry); a proposal
    // with none is left as it is without reading the document it makes.
    let adds_one = reply.patch.iter().any(|op| {
        op.get("op").and_then(Value::as_str) == Some("add")
            && op
                .get("value")
                .is_some_and(|v| v.is_object() || v.is_null())
    });
    if reply.kind != ReplyKind::Proposal || reply.document.is_some() || !adds_one {
        return reply;
    }
    let Some((extra, keys)) = new_attributes(a, scene, &reply, said) else {
        return reply;
    };
    crate::offline::trace(|| format!("attributes of the new component: {:?}", extra.patch));
    // A note that a field was given a value to change ("I set `requests_per_minute` … to
    // 60; change it to your limit") is said no more once it is set as asked.
    let text: Vec<&str> = reply
        .text
        .split("\n\n")
        .filter(|p| !(p.contains("change it") && keys.iter().any(|k| p.contains(&code(k)))))
        // The whole is checked once more; its verdict closes the reply.
        .filter(|p| !p.starts_with("The result validates"))
        .collect();
    Reply {
        text: format!("{}\n\n{}", text.join("\n\n"), extra.text),
        patch: reply.patch.into_iter().chain(extra.patch).collect(),
        edits: reply.edits.into_iter().chain(extra.edits).collect(),
        kind: ReplyKind::Proposal,
        document: None,
    }
}

fn new_attributes(
    a: &Analysis,
    scene: &Scene,
    reply: &Reply,
    said: &str,
) -> Option<(Reply, Vec<String>)> {
    let after = trellis_diff::apply_patch(&scene.value, &reply.patch_ops()).ok()?;
    let later = Scene::new(scene.schema.clone(), &scene.pack, after);
    let new: Vec<usize> = (0..later.components.len())
        .filter(|&i| lookup(&scene.value, &later.components[i].pointer).is_none())
        .collect();
    crate::offline::trace(|| {
        let names: Vec<String> = new.iter().map(|&i| later.label(i)).collect();
        format!("new components: {names:?}")
    });
    let [c] = new.as_slice() else {
        return None;
    };
    let fields = fields_within(&later, *c);
    let mut sets: Vec<(FieldInfo, Pointer, Value)> = Vec::new();
    // An amount: the field its unit and words fit best, or the one field of its measure.
    if let Some(amount) = amount(a).filter(|m| m.factor.is_none()) {
        let words = request_words(a, &later, &amount, said);
        let fitting: Vec<(i32, &FieldInfo, &Pointer)> = fields
            .iter()
            .filter(|(f, p)| fits(f, amount.measure, &later, p))
            .map(|(f, p)| (score(f, &words, amount.noun.as_deref()), f, p))
            .collect();
        let best = fitting.iter().map(|(s, ..)| *s).max();
        let top: Vec<&(i32, &FieldInfo, &Pointer)> =
            fitting.iter().filter(|(s, ..)| Some(*s) == best).collect();
        if let [(s, f, p)] = top.as_slice() {
            if *s > 0 || fitting.len() == 1 {
                let now = lookup(&later.value, p);
                if let Ok(v) = convert(f, &amount.tokens, now, None) {
                    if now != Some(&v) {
                        sets.push(((*f).clone(), (*p).clone(), v));
                    }
                }
            }
        }
    }
    // An address ("send traces to http://localhost:4318"): its one field for one, as a
    // component added with it gets it.
    let own = later.fields_at(&later.value, &later.components[*c].pointer);
    if let Some((f, address)) = super::add::address_for(a, &own) {
        let p = later.components[*c].pointer.join(f.key.clone());
        if lookup(&later.value, &p).is_none() {
            sets.push((f.clone(), p, Value::String(address)));
        }
    }
    // An option of one enumerated field ("at debug level": `level: debug`).
    for t in a.tokens.iter().filter(|t| !t.quoted && t.norm.len() > 2) {
        if !later.named(&t.norm).is_empty() {
            continue;
        }
        let holding: Vec<&(FieldInfo, Pointer)> = fields
            .iter()
            .filter(|(f, _)| {
                f.key != "type"
                    && matches!(&f.input, Input::Enum { options } if options.iter().any(|o| o.as_str() == Some(t.norm.as_str())))
            })
            .collect();
        if let [(f, p)] = holding.as_slice() {
            let v = Value::String(t.norm.clone());
            if lookup(&later.value, p) != Some(&v) && !sets.iter().any(|(_, q, _)| q == p) {
                sets.push((f.clone(), p.clone(), v));
            }
        }
    }
    if sets.is_empty() {
        return None;
    }
    let mut work = Work::new(&later);
    for (f, p, v) in &sets {
        work.apply(vec![set_creating(&work.value, p, v.clone())])
            .ok()?;
        work.done.push(format!(
            "{} of the {}: {}",
            f.title,
            later.label(*c),
            shown(v)
        ));
    }
    let reply = work.finish("Set on it as asked:");
    let keys = sets.into_iter().map(|(f, ..)| f.key).collect();
    (reply.kind == ReplyKind::Proposal).then_some((reply, keys))
}
