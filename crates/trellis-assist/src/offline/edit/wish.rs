//! A connection said as a wish, by what the component should be able to do: "let the
//! generalist look up invoices as well", "could the assistant also browse the web?",
//! "could the assistant pass long conversations over to the summarizer?".
//!
//! The request names the component that gets it (an agent) and says what for. What it
//! gets is one the component can refer to: a component already in the document whose
//! name (or description) the words say — `lookup_invoice` for "look up invoices" — or one
//! the request names outright ("the summarizer"); else a new built-in of the pack — the
//! built-in tool `web_browser` for "browse the web". Only a clear winner is connected.

use super::*;
use crate::offline::text::stem;

/// Everyday words for what a built-in does, by the built-in's name.
const DOES: &[(&str, &[&str])] = &[
    (
        "calculator",
        &[
            "math",
            "maths",
            "arithmetic",
            "sums",
            "calculate",
            "calculations",
            "calculation",
            "compute",
        ],
    ),
    (
        "web_browser",
        &["browse", "browsing", "websites", "webpages"],
    ),
    ("web_search", &["google", "online"]),
    ("code_interpreter", &["python", "code", "scripts", "script"]),
    (
        "image_generation",
        &["draw", "images", "pictures", "illustrations", "image"],
    ),
];

/// Words that say nothing of what the component should do.
const QUIET: &[&str] = &[
    "the", "a", "an", "let", "can", "could", "would", "will", "it", "its", "also", "too", "as",
    "well", "please", "pls", "to", "be", "able", "of", "for", "with", "and", "so", "that", "you",
    "we", "i", "me", "my", "our", "there", "thing", "things", "stuff", "some", "any", "like",
    "maybe", "just", "over", "should", "allow", "allowed", "tool", "tools", "agent", "agents",
];

pub(crate) fn said_wish(a: &Analysis, scene: &Scene) -> Option<Reply> {
    // "don't let the writer browse the web", "stop the writer searching": not a wish for it.
    // "the generalist can't issue refunds" may be a complaint or a rule: neither is read.
    if a.has(&[
        "not",
        "dont",
        "don't",
        "never",
        "stop",
        "no",
        "without",
        "longer",
        "anymore",
        "remove",
        "can't",
        "cant",
        "cannot",
        "shouldn't",
        "shouldnt",
        "mustn't",
        "mustnt",
        "won't",
        "wont",
    ]) {
        return None;
    }
    let named = a.named_outright(scene, 0, a.len());
    // Who gets it: a named component with references to give.
    let holders: Vec<usize> = named
        .iter()
        .copied()
        .filter(|&i| {
            scene
                .kind(&scene.components[i].kind)
                .is_some_and(|k| k.fields.iter().any(|f| f.reference().is_some()))
        })
        .collect();
    let holder = *holders.first()?;
    let kind = scene.components[holder].kind.clone();
    let fields: Vec<&FieldInfo> = scene
        .kind(&kind)?
        .fields
        .iter()
        .filter(|f| f.reference().is_some())
        .collect();
    let takes = |k: &str| {
        fields.iter().any(|f| {
            f.reference()
                .is_some_and(|(to, _)| to.iter().any(|t| t == k))
        })
    };
    let said = words(a, scene);
    // What is named besides the holder, of a kind it can refer to: that one.
    let others: Vec<usize> = named
        .iter()
        .copied()
        .filter(|&j| j != holder && takes(&scene.components[j].kind))
        .collect();
    let mut scored: Vec<(i32, Candidate)> = Vec::new();
    if let [j] = others.as_slice() {
        scored.push((10, Candidate::Existing(*j)));
    } else if others.is_empty() {
        for (j, c) in scene.components.iter().enumerate() {
            if j == holder || !takes(&c.kind) || refers_to(scene, holder, j) {
                continue;
            }
            let name_words = crate::offline::scene::split_words(&c.name);
            let named_by = hits(&said, &name_words);
            // Each word of its name said counts, and all of them ("refunds" for `refund`)
            // more.
            let mut score = 3 * named_by;
            if named_by > 0 && named_by as usize == name_words.len() {
                score += 3;
            }
            if score > 0 {
                let described = scene
                    .value_of(j)
                    .and_then(|v| v.get("description"))
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                // What it does, in its own words ("Fetch an invoice …").
                score += 2 * hits(&said, &crate::offline::scene::split_words(described));
            }
            scored.push((score, Candidate::Existing(j)));
        }
        for k in scene.kinds.iter().filter(|k| takes(&k.kind)) {
            for f in &k.fields {
                let Input::Enum { options } = &f.input else {
                    continue;
                };
                // Which built-in it is (a tool's `name`), not a setting (`compression`).
                if Some(&f.key) == k.variant_field.as_ref() || f.key != "name" {
                    continue;
                }
                for o in options.iter().filter_map(Value::as_str) {
                    // One there already is offered as itself.
                    if scene.of_kind(&k.kind).any(|(j, c)| {
                        c.name == o
                            || scene.value_of(j).and_then(|v| v.get(&f.key))
                                == Some(&Value::from(o))
                    }) {
                        continue;
                    }
                    let everyday = DOES
                        .iter()
                        .find(|(name, _)| *name == o)
                        .is_some_and(|(_, ws)| ws.iter().any(|w| said.contains(&stem(w))));
                    let score = 3 * hits(&said, &crate::offline::scene::split_words(o))
                        + if everyday { 6 } else { 0 };
                    scored.push((score, Candidate::Option(k.kind.clone(), o.to_string())));
                }
            }
        }
    }
    let best = scored.iter().map(|(s, _)| *s).max()?;
    let top: Vec<&Candidate> = scored
        .iter()
        .filter(|(s, _)| *s == best)
        .map(|(_, c)| c)
        .collect();
    crate::offline::trace(|| {
        format!(
            "wish: {} gets one of {top:?} ({best}), words {said:?}",
            scene.label(holder)
        )
    });
    // Two words of its name, or a name said outright, or what a built-in is for.
    let [chosen] = top.as_slice() else {
        return None;
    };
    if best < 6 {
        return None;
    }
    let holder_name = &scene.components[holder].name;
    match chosen {
        Candidate::Existing(j) => {
            let target = &scene.components[*j];
            let candidates: Vec<&FieldInfo> = fields
                .iter()
                .copied()
                .filter(|f| {
                    f.reference()
                        .is_some_and(|(to, _)| to.contains(&target.kind))
                })
                .collect();
            let field = pick_field(a, &candidates)?;
            let mut work = Work::new(scene);
            let source = scene.components[holder].pointer.clone();
            if let Err(e) = connect_in(&mut work, &source, &field.key, &target.pointer) {
                crate::offline::trace(|| format!("wish: {e}"));
                return None;
            }
            let reply = work.finish("I propose connecting these components:");
            (reply.kind == ReplyKind::Proposal).then_some(reply)
        }
        // A new built-in, added and connected as "give the assistant a web browser" is.
        Candidate::Option(new_kind, option) => {
            let text = format!(
                "give the {holder_name} {kind} a {} {new_kind}",
                option.replace('_', " ")
            );
            let reply = super::respond(&Analysis::new(&text, scene, &[]), scene)?;
            crate::offline::trace(|| format!("wish: {text:?}: {:?}", reply.kind));
            (reply.kind == ReplyKind::Proposal).then_some(reply)
        }
    }
}

#[derive(Debug)]
enum Candidate {
    Existing(usize),
    /// A new component of a kind, with this option of one of its enumerated fields.
    Option(String, String),
}

/// The stems the request says of what is wanted, with two words said as one ("look up":
/// `lookup`).
fn words(a: &Analysis, scene: &Scene) -> Vec<String> {
    let plain: Vec<&Token> = a
        .tokens
        .iter()
        .filter(|t| !t.quoted && t.number().is_none())
        .filter(|t| !QUIET.contains(&t.norm.as_str()) && scene.named(&t.norm).is_empty())
        .collect();
    let mut out: Vec<String> = Vec::new();
    for (k, t) in plain.iter().enumerate() {
        let mut add = |s: String| {
            if s.len() > 1 && !out.contains(&s) {
                out.push(s);
            }
        };
        add(stem(&t.norm));
        if let Some(next) = plain.get(k + 1) {
            add(stem(&format!("{}{}", t.norm, next.norm)));
        }
    }
    out
}

/// How many of a name's words the request says (a stem, or one a prefix of the other:
/// "browse" for `browser`).
fn hits(said: &[String], name_words: &[String]) -> i32 {
    let mut n = 0;
    for w in name_words {
        let s = stem(w);
        if s.len() < 2 {
            continue;
        }
        let hit = said.iter().any(|x| {
            *x == s || (x.len() >= 4 && s.len() >= 4 && (x.starts_with(&s) || s.starts_with(x)))
        });
        if hit {
            n += 1;
        }
    }
    n
}
