//! Changes with a direction and no value: "raise the temperature of the chat model",
//! "double the rate limit", "halve the cache ttl", "make the writer more creative". The
//! field is found the way `set` finds it (a probe value), the new value is worked out from
//! the one there now — or the one it overrides, or the default — and `set` proposes it, so
//! the same bounds and validation hold.

use super::set::set;
use crate::offline::analysis::{Analysis, Use};
use crate::offline::scene::{lookup, Scene};
use crate::offline::text::code;
use crate::offline::{Reply, ReplyKind};
use serde_json::Value;
use trellis_core::Pointer;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Step {
    Up,
    Down,
    Times(f64),
}

/// Sampling words: "more creative" is a higher temperature, "more deterministic" a lower.
const HOTTER: &[&str] = &[
    "creative",
    "random",
    "varied",
    "diverse",
    "imaginative",
    "adventurous",
];
const COOLER: &[&str] = &[
    "deterministic",
    "predictable",
    "focused",
    "consistent",
    "precise",
    "factual",
    "conservative",
    "reliable",
];

pub(super) fn adjust(a: &Analysis, scene: &Scene) -> Option<Reply> {
    if a.question {
        return None;
    }
    // "make the smart model less random, like 0.1": the field the direction implies, set
    // to the number said with it. Any other explicit value ("to 0.5", "by 2") is `set`'s.
    let numbers: Vec<usize> = (0..a.len()).filter(|&i| a.uses[i] == Use::Number).collect();
    if !numbers.is_empty() {
        let (skip, _, field) = direction(a)?;
        let (Some(f), [n]) = (field, numbers.as_slice()) else {
            return None;
        };
        let target = target(
            a,
            |i| {
                skip.contains(&i)
                    || i == *n
                    || a.tokens[i].is_any(&[
                        "please", "like", "say", "around", "about", "to", "at", "maybe",
                    ])
            },
            Some(f),
        )?;
        let text = format!("set {target} to {}", a.tokens[*n].raw);
        return set(&Analysis::new(&text, scene, &[]), scene);
    }
    let (skip, step, field) = direction(a)?;
    let target = target(
        a,
        |i| skip.contains(&i) || a.tokens[i].raw.eq_ignore_ascii_case("please"),
        field,
    )?;
    let request = |value: &str| {
        let text = format!("set {target} to {value}");
        set(&Analysis::new(&text, scene, &[]), scene)
    };
    // The field and component, from a value the field would take.
    let path = ["1", "0.5", "100", "1000"].iter().find_map(|probe| {
        let reply = request(probe)?;
        match reply.patch.as_slice() {
            [op] if reply.kind == ReplyKind::Proposal => {
                let path = op.get("path")?.as_str()?;
                Pointer::parse(path).ok()
            }
            _ => None,
        }
    })?;
    let (now, integer) = current(scene, &path)?;
    let next = match step {
        Step::Times(f) => now * f,
        Step::Up if integer => (now * 2.0).max(now + 1.0),
        Step::Down if integer => (now / 2.0).floor(),
        Step::Up => now + 0.2,
        Step::Down => (now - 0.2).max(0.0),
    };
    let next = if integer {
        next.round()
    } else {
        (next * 100.0).round() / 100.0
    };
    if next == now || !next.is_finite() {
        return None;
    }
    let shown = if integer {
        format!("{}", next as i64)
    } else {
        format!("{next}")
    };
    let mut reply = request(&shown)?;
    if reply.kind == ReplyKind::Proposal && !matches!(step, Step::Times(_)) {
        reply.text.push_str(&format!(
            "\n\nThe request gave no number, so I went from {} to {}; say one to choose another.",
            code(&number_text(now, integer)),
            code(&shown)
        ));
    }
    Some(reply)
}

/// What to change: the words left once `left_out` ones are taken out, as "the <field> of
/// <them>" when the direction implies the field ("more creative": the temperature).
fn target(a: &Analysis, left_out: impl Fn(usize) -> bool, field: Option<&str>) -> Option<String> {
    let rest: Vec<&str> = (0..a.len())
        .filter(|&i| !left_out(i))
        .map(|i| a.tokens[i].raw.as_str())
        .collect();
    if rest.is_empty() {
        return None;
    }
    let owner = rest.join(" ");
    Some(match field {
        Some(f) => format!(
            "the {f} of {}",
            owner.trim_end_matches("'s").trim_end_matches('’')
        ),
        None => owner,
    })
}

/// The words that say which way to change a value (left out of what names the field), the
/// step, and the field they imply ("more creative": the temperature).
fn direction(a: &Analysis) -> Option<(Vec<usize>, Step, Option<&'static str>)> {
    // "make the writer more creative", "the summarizer should be less random".
    for i in 0..a.len().saturating_sub(1) {
        let (t, next) = (&a.tokens[i], &a.tokens[i + 1]);
        let more = t.is_any(&["more", "less"]);
        let hot = next.is_any(HOTTER);
        let cool = next.is_any(COOLER);
        if more && (hot || cool) {
            let up = t.is_any(&["more"]) == hot;
            let mut skip = vec![i, i + 1];
            // "make the assistant's answers more predictable": what it writes is it.
            skip.extend((0..a.len()).filter(|&j| {
                (j < i
                    && a.tokens[j].is_any(&["make", "be", "should", "a", "bit", "little", "much"]))
                    || [
                        "answers",
                        "answer",
                        "responses",
                        "response",
                        "replies",
                        "reply",
                        "output",
                        "outputs",
                        "writing",
                    ]
                    .contains(&a.tokens[j].norm.as_str())
            }));
            let step = if up { Step::Up } else { Step::Down };
            return Some((skip, step, Some("temperature")));
        }
    }
    let first = a.tokens.first()?;
    let step = match first.word.as_str() {
        "raise" | "increase" | "bump" | "up" => Step::Up,
        "lower" | "decrease" | "reduce" | "cut" => Step::Down,
        "double" => Step::Times(2.0),
        "triple" => Step::Times(3.0),
        "halve" => Step::Times(0.5),
        _ => return None,
    };
    let mut skip = vec![0];
    // "bump up the …", "cut down the …", "… a bit".
    skip.extend((1..a.len()).filter(|&j| {
        a.tokens[j].is_any(&["up", "down", "bit", "little", "slightly", "somewhat"])
            || (a.tokens[j].is_any(&["a"])
                && a.tokens
                    .get(j + 1)
                    .is_some_and(|n| n.is_any(&["bit", "little"])))
    }));
    Some((skip, step, None))
}

/// The value at `path` now, as a number and whether it is a whole one: the value written
/// there; else the one it overrides (the same field of a component it refers to, as an
/// agent's temperature overrides its model's); else the field's default.
fn current(scene: &Scene, path: &Pointer) -> Option<(f64, bool)> {
    if let Some(v) = lookup(&scene.value, path) {
        return number(v);
    }
    let i = scene.holder(path)?;
    let c = &scene.components[i];
    let rest = &path.tokens()[c.pointer.tokens().len()..];
    let fields = scene.fields_of(i);
    let own = c.pointer.clone();
    for f in &fields {
        let Some((kinds, _)) = f.reference() else {
            continue;
        };
        let Some(Value::String(name)) = lookup(&scene.value, &own.join(f.key.clone())) else {
            continue;
        };
        let found = scene
            .named(name)
            .into_iter()
            .filter(|&j| kinds.contains(&scene.components[j].kind))
            .find_map(|j| {
                let mut p = scene.components[j].pointer.clone();
                for t in rest {
                    p = p.join(t.clone());
                }
                lookup(&scene.value, &p).and_then(number)
            });
        if found.is_some() {
            return found;
        }
    }
    let [key] = rest else {
        return None;
    };
    fields
        .iter()
        .find(|f| &f.key == key)
        .and_then(|f| f.default.as_ref())
        .and_then(number)
}

fn number(v: &Value) -> Option<(f64, bool)> {
    let n = v.as_f64()?;
    Some((n, v.is_i64() || v.is_u64()))
}

fn number_text(n: f64, integer: bool) -> String {
    if integer {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}
