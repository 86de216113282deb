//! The way a request is worded, taken off before it is read: greetings and thanks ("hey,
//! could you please …, thanks!"), wishes ("I'd like to …", "we need a …", "can we get …"),
//! reasons ("… because the old one is deprecated"), remarks after a comma ("…, the old
//! one is too slow"), terse forms ("writer -> claude", "+redis memory for researcher"),
//! lists on separate lines, and components told by what they run ("the postgres
//! service", "the model the writer uses") instead of by name. Only the wording changes:
//! what is left is read like any other request, so nothing here can make an edit that
//! the plain request would not.

use super::lexicon::{self, Verb};
use super::scene::Scene;
use super::text::{name_key, stem};
use serde_json::Value;

/// The request without its wrapping, components told by description named.
pub(crate) fn normalize(request: &str, scene: &Scene) -> String {
    // Only as much as is read later on, so the rewrites stay bounded too.
    let request: String = request
        .chars()
        .take(super::text::MAX_REQUEST_CHARS)
        .collect();
    let request = request.as_str();
    let lines: Vec<String> = request
        .lines()
        .map(|l| unbullet(l.trim()))
        .filter(|l| !l.is_empty())
        .map(|l| plain(&l, scene))
        .filter(|l| !l.is_empty())
        .collect();
    let mut out = String::new();
    for line in lines {
        if !out.is_empty() {
            if !out.ends_with([',', '.', ';', '!', '?', ':']) {
                out.push(',');
            }
            out.push(' ');
        }
        out.push_str(&line);
    }
    if out.trim().is_empty() {
        return request.to_string();
    }
    out
}

/// "- add …", "1. add …", "* add …": a list item's text.
fn unbullet(line: &str) -> String {
    let t = line.trim_start_matches(['-', '*', '•']).trim_start();
    if t.len() != line.len()
        && (line.starts_with("- ") || line.starts_with("* ") || line.starts_with('•'))
    {
        return t.to_string();
    }
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && digits < 3 {
        let rest = &line[digits..];
        if let Some(r) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return r.trim_start().to_string();
        }
    }
    line.to_string()
}

/// A word as compared: lowercase, without apostrophes and closing punctuation.
pub(super) fn bare(w: &str) -> String {
    w.trim_end_matches(['.', ',', ';', '!', '?', ':'])
        .trim_start_matches(['(', '['])
        .to_lowercase()
        .replace(['\'', '’'], "")
}

/// Whether a word starts a change or an answer ("add", "set", "expose", "describe").
fn is_verb(w: &str) -> bool {
    let w = bare(w);
    lexicon::verb(&w).is_some_and(|v| !matches!(v, Verb::Use))
        || matches!(
            w.as_str(),
            "expose"
                | "publish"
                | "run"
                | "upgrade"
                | "downgrade"
                | "pin"
                | "drop"
                | "move"
                | "put"
                | "turn"
                | "bump"
                | "create"
                | "remove"
                | "delete"
                | "add"
                | "use"
                | "limit"
                | "mount"
                | "scale"
                | "send"
                | "export"
                | "schedule"
                | "trigger"
                | "install"
                | "setup"
                | "start"
        )
}

/// Wishes after which an imperative follows ("I'd like to add …").
const TO_VERB: &[&[&str]] = &[
    &["i", "think", "we", "need", "to"],
    &["i", "think", "we", "should"],
    &["would", "it", "be", "possible", "to"],
    &["is", "it", "possible", "to"],
    &["i", "would", "like", "to"],
    &["we", "would", "like", "to"],
    &["i", "would", "love", "to"],
    &["id", "like", "to"],
    &["wed", "like", "to"],
    &["id", "love", "to"],
    &["i", "want", "to"],
    &["we", "want", "to"],
    &["we", "need", "to"],
    &["i", "need", "to"],
    &["you", "need", "to"],
    &["go", "ahead", "and"],
    &["can", "you", "please"],
    &["could", "you", "please"],
    &["would", "you", "please"],
    &["can", "we", "please"],
    &["could", "we", "please"],
    &["please", "could", "you"],
    &["please", "can", "you"],
    &["i", "wanna"],
    &["we", "should"],
    &["we", "must"],
    &["you", "should"],
    &["let", "us"],
    &["can", "you"],
    &["could", "you"],
    &["would", "you"],
    &["will", "you"],
    &["can", "we"],
    &["could", "we"],
    &["can", "i"],
    &["could", "i"],
    &["may", "i"],
    &["please"],
    &["pls"],
    &["plz"],
    &["kindly"],
    &["just"],
    &["quickly"],
    &["now"],
];

/// Wishes after which a change follows as a gerund ("would you mind adding …").
const GERUND_AFTER: &[&[&str]] = &[
    &["would", "you", "mind"],
    &["do", "you", "mind"],
    &["would", "you", "consider"],
    &["how", "about"],
    &["what", "about"],
    &["i", "suggest"],
    &["i", "recommend"],
    &["consider"],
    &["try"],
];

/// The verb a gerund is a form of ("adding" → "add", "setting" → "set", "renaming" →
/// "rename"), when it is a verb the engine knows.
fn gerund_verb(w: &str) -> Option<String> {
    let stem = w.strip_suffix("ing")?;
    let mut tries = vec![stem.to_string(), format!("{stem}e")];
    let b = stem.as_bytes();
    if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] {
        tries.push(stem[..stem.len() - 1].to_string());
    }
    tries.into_iter().find(|t| is_verb(t))
}

/// Wishes after which a thing follows ("we need a cache").
const WANT_THING: &[&[&str]] = &[
    &["i", "think", "we", "need"],
    &["i", "think", "we", "should", "have"],
    &["can", "we", "please", "get"],
    &["could", "we", "please", "get"],
    &["can", "we", "get"],
    &["could", "we", "get"],
    &["can", "we", "have"],
    &["could", "we", "have"],
    &["can", "i", "get"],
    &["can", "i", "have"],
    &["could", "i", "get"],
    &["could", "i", "have"],
    &["we", "could", "use"],
    &["we", "also", "need"],
    &["we", "should", "have"],
    &["there", "should", "be"],
    &["i", "would", "like"],
    &["we", "would", "like"],
    &["i", "would", "love"],
    &["id", "like"],
    &["wed", "like"],
    &["id", "love"],
    &["i", "want"],
    &["we", "want"],
    &["we", "need"],
    &["i", "need"],
    &["lets", "have"],
    &["lets", "get"],
    &["lets", "add"],
];

/// Wrappers of a question ("can you tell me what …", "I wonder whether …").
const ASK: &[&[&str]] = &[
    &["can", "you", "please", "tell", "me"],
    &["could", "you", "please", "tell", "me"],
    &["can", "you", "tell", "me"],
    &["could", "you", "tell", "me"],
    &["would", "you", "tell", "me"],
    &["please", "tell", "me"],
    &["tell", "me"],
    &["i", "would", "like", "to", "know"],
    &["id", "like", "to", "know"],
    &["i", "want", "to", "know"],
    &["i", "was", "wondering"],
    &["i", "wonder"],
    &["do", "you", "know"],
    &["any", "idea"],
    &["quick", "question"],
];

const GREETINGS: &[&str] = &[
    "hey", "hi", "hello", "ok", "okay", "so", "um", "uh", "hmm", "yo", "alright", "right", "well",
    "oh", "and", "also", "btw", "quick", "question", "sorry", "there", "folks", "team",
];

const THANKS: &[&[&str]] = &[
    &["thank", "you", "very", "much"],
    &["thank", "you", "so", "much"],
    &["many", "thanks"],
    &["thanks", "a", "lot"],
    &["thank", "you"],
    &["if", "possible"],
    &["if", "you", "can"],
    &["when", "you", "can"],
    &["for", "me"],
    &["real", "quick"],
    &["thanks"],
    &["thx"],
    &["ty"],
    &["cheers"],
    &["please"],
    &["pls"],
    &["plz"],
    &["asap"],
    &["tia"],
];

fn starts_with(words: &[String], from: usize, phrase: &[&str]) -> bool {
    phrase.len() + from <= words.len()
        && phrase
            .iter()
            .enumerate()
            .all(|(k, p)| words[from + k] == *p)
}

/// One line of a request, plain.
/// Runs one rewrite of [`plain`], traced when it changes the words.
fn step(words: &mut Vec<String>, name: &str, rewrite: impl FnOnce(&mut Vec<String>)) {
    let before = super::tracing().then(|| words.clone());
    rewrite(words);
    if let Some(before) = before.filter(|b| b != words) {
        super::trace(|| format!("rewrite {name}: {} → {}", before.join(" "), words.join(" ")));
    }
}

fn plain(line: &str, scene: &Scene) -> String {
    let mut words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    if words.is_empty() {
        return String::new();
    }
    step(&mut words, "chat_speak", |w| chat_speak(w));
    words.retain(|w| !w.is_empty());
    step(&mut words, "decimals", decimals);
    step(&mut words, "number_words", number_words);
    step(&mut words, "kill_after", kill_after);
    step(&mut words, "once_done", once_done);
    step(&mut words, "host_port", host_port);
    step(&mut words, "asked_about", asked_about);
    step(&mut words, "set_colon", set_colon);
    step(&mut words, "scoped_order", scoped_order);
    step(&mut words, "scoped_values", scoped_values);
    step(&mut words, "in_out", in_out);
    if words.is_empty() {
        return String::new();
    }
    step(&mut words, "no_change_preface", no_change_preface);
    let mut question = line.trim_end().ends_with('?');
    let mut imperative = false;
    let mut asks = false;
    // Greetings, then wishes, possibly several ("hey, so could you please …").
    loop {
        let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
        // "we'll" is no "well".
        let greeting = GREETINGS.contains(&b[0].as_str())
            && !words[0].contains(['\'', '’'])
            && (!matches!(b[0].as_str(), "right" | "there" | "team" | "folks")
                || words[0].ends_with([',', '!']));
        if words.len() > 1 && greeting {
            words.remove(0);
            continue;
        }
        if b[0] == "lets" && words[0].contains(['\'', '’']) && words.len() > 1 && is_verb(&words[1])
        {
            words.remove(0);
            imperative = true;
            continue;
        }
        if let Some(p) = ASK.iter().find(|p| {
            starts_with(&b, 0, p)
                && b.get(p.len()).is_some_and(|w| {
                    lexicon::QUESTION_WORDS.contains(&w.as_str()) || w == "if" || w == "whether"
                })
        }) {
            words.drain(..p.len());
            if words
                .first()
                .is_some_and(|w| matches!(bare(w).as_str(), "if" | "whether"))
            {
                words.remove(0);
            }
            asks = true;
            continue;
        }
        // "can I delete the writer safely?": whether it is safe, not the change.
        let about_safety = b.iter().any(|w| matches!(w.as_str(), "safely" | "safe"));
        if let Some(p) = TO_VERB.iter().find(|p| {
            starts_with(&b, 0, p)
                && words.get(p.len()).is_some_and(|w| is_verb(w))
                && !(about_safety && p.last() == Some(&"i"))
        }) {
            words.drain(..p.len());
            imperative = true;
            continue;
        }
        if let Some(p) = GERUND_AFTER.iter().find(|p| {
            starts_with(&b, 0, p) && b.get(p.len()).is_some_and(|w| gerund_verb(w).is_some())
        }) {
            let verb = gerund_verb(&b[p.len()]).unwrap_or_default();
            words.drain(..p.len());
            words[0] = verb;
            imperative = true;
            continue;
        }
        // "adding rate limiting to all agents": a change said as a gerund.
        if b.len() > 1 && !question {
            if let Some(verb) = gerund_verb(&b[0]) {
                if lexicon::verb(&verb).is_some_and(|v| {
                    !matches!(
                        v,
                        Verb::Use | Verb::List | Verb::Help | Verb::Describe | Verb::Explain
                    )
                }) && !words[0].ends_with([',', '.', ':'])
                {
                    words[0] = verb;
                    imperative = true;
                    continue;
                }
            }
        }
        // "I also want …", "we really need …": the wish without its adverb.
        if b.len() > 3
            && matches!(b[0].as_str(), "i" | "we")
            && matches!(
                b[1].as_str(),
                "also" | "really" | "just" | "still" | "additionally"
            )
            && matches!(b[2].as_str(), "want" | "need" | "would" | "wanna")
        {
            words.remove(1);
            continue;
        }
        if let Some(p) = WANT_THING
            .iter()
            .find(|p| starts_with(&b, 0, p) && words.len() > p.len())
        {
            let rest: Vec<String> = words[p.len()..].to_vec();
            words = wish(rest, scene);
            imperative = true;
            continue;
        }
        break;
    }
    // Thanks and the like at the end.
    loop {
        let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
        let Some(p) = THANKS
            .iter()
            .find(|p| b.len() > p.len() && starts_with(&b, b.len() - p.len(), p))
        else {
            break;
        };
        words.truncate(words.len() - p.len());
        if let Some(last) = words.last_mut() {
            let t = last.trim_end_matches([',', ';', '-']).to_string();
            *last = t;
        }
    }
    step(&mut words, "the_bot", |w| the_bot(w, scene));
    step(&mut words, "let_should", |w| let_should(w, scene));
    step(&mut words, "remark_then_order", |w| {
        remark_then_order(w, scene)
    });
    step(&mut words, "spans", |w| spans(w, scene));
    step(&mut words, "could_get", |w| could_get(w, scene));
    step(&mut words, "stated", |w| stated(w, scene));
    step(&mut words, "cut_reasons", cut_reasons);
    step(&mut words, "own_document", |w| own_document(w, scene));
    step(&mut words, "capped", capped);
    step(&mut words, "allowance", |w| allowance(w, scene));
    step(&mut words, "amounts", |w| amounts(w, scene));
    step(&mut words, "relative", relative);
    step(&mut words, "dialed", dialed);
    step(&mut words, "trailing_address", trailing_address);
    step(&mut words, "give_variable", give_variable);
    step(&mut words, "give_new", |w| give_new(w, scene));
    step(&mut words, "switch_said", |w| switch_said(w, scene));
    step(&mut words, "every", every);
    step(&mut words, "lifetime", |w| lifetime(w, scene));
    step(&mut words, "image_role", |w| image_role(w, scene));
    step(&mut words, "refusals", |w| refusals(w, scene));
    sampling(&mut words, scene.is_empty());
    step(&mut words, "terse", |w| terse(w, scene));
    step(&mut words, "phrasing", |w| phrasing(w, scene));
    step(&mut words, "access", access);
    step(&mut words, "named_action", |w| named_action(w, scene));
    step(&mut words, "addressed", |w| addressed(w, scene));
    step(&mut words, "reword", |w| super::reword::reword(w, scene));
    step(&mut words, "keeps", keeps);
    // "switch the smart model over to …": the particle.
    let mut k = 1;
    while k + 1 < words.len() {
        if bare(&words[k]) == "over" && bare(&words[k + 1]) == "to" {
            words.remove(k);
        }
        k += 1;
    }
    let mut out = words.join(" ");
    question |= out.trim_end().ends_with('?');
    // "can you add …?": the question mark of a polite request; "tell me what …": a
    // question.
    if imperative && question && !asks {
        out = out.trim_end_matches(['?', ' ']).to_string();
    } else if asks && !out.trim_end().ends_with('?') {
        out = format!("{}?", out.trim_end_matches(['.', '!', ' ']));
    }
    let out = described(&out, scene);
    out.trim().to_string()
}

/// Whether a remark follows the request's question mark: someone saying how things are
/// ("…? we keep hitting openai's limit"), not more of the order ("…? it should use the
/// llama model and …").
pub(crate) fn remark_after_question(request: &str) -> bool {
    request.split_once('?').is_some_and(|(_, after)| {
        let words: Vec<String> = after
            .split_whitespace()
            .map(|w| w.to_lowercase().replace(['\'', '’'], ""))
            .collect();
        words.len() >= 2
            && matches!(
                words[0].as_str(),
                "we" | "i" | "were" | "im" | "weve" | "ive" | "our" | "my"
            )
            && !words.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "should" | "must" | "shouldnt" | "please" | "also" | "and" | "want" | "need"
                )
            })
    })
}

/// A yes/no question that asks for a change, as the orders it may ask for, the likeliest
/// first: "could the assistant use a calculator? it's bad at maths" → "let the assistant
/// use a calculator", "could you batch the traces?" → "batch the traces", "can this also
/// run on pull requests?" → "make this also run on pull requests", "could the nightly run
/// start at 4am?" → "make the nightly run start at 4am". A question after a remark is read
/// too ("ollama hiccups now and then. can all my agents retry when a call fails?"), with
/// the remark kept when the question says "it" or "they" of what the remark names ("the
/// answers keep getting cut off :( could they be twice as long?"). A remark after the
/// question mark is left out. Empty when the request is no such question. The caller
/// keeps an order's reading only when it is a proposal, so a question stays a question
/// otherwise.
pub(crate) fn orders_of_question(request: &str, scene: &Scene) -> Vec<String> {
    let Some(q) = request.find('?') else {
        return Vec::new();
    };
    let all: Vec<String> = request[..q]
        .split_whitespace()
        .map(str::to_string)
        .collect();
    // Where the question starts: at the start, or after a sentence that remarks.
    let modal = |w: &str| {
        matches!(
            bare(w).as_str(),
            "could" | "can" | "would" | "will" | "cant" | "couldnt"
        )
    };
    let ends_sentence = |w: &str| {
        w.ends_with(['.', '!', ';'])
            || matches!(
                w,
                ":(" | ":)" | ":/" | ":-(" | ":-)" | ":|" | ":p" | "lol" | "ugh"
            )
    };
    let start = (0..all.len())
        .rev()
        .find(|&k| modal(&all[k]) && (k == 0 || ends_sentence(&all[k - 1])))
        .unwrap_or(0);
    let remark = all[..start].join(" ");
    let mut words: Vec<String> = all[start..].to_vec();
    // "oh and could …", "so, can …".
    while words.len() > 2
        && matches!(
            bare(&words[0]).as_str(),
            "oh" | "and" | "so" | "ok" | "okay" | "also" | "hmm" | "btw" | "um"
        )
    {
        words.remove(0);
    }
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if b.len() < 3 || !modal(&b[0]) {
        return Vec::new();
    }
    let mut rest = 2;
    while rest < b.len() && matches!(b[rest].as_str(), "please" | "maybe" | "just" | "perhaps") {
        rest += 1;
    }
    if rest >= b.len() {
        return Vec::new();
    }
    let tail = words[rest..].join(" ");
    // "could they be twice as long": "make them twice as long".
    let be = |t: &str| t.strip_prefix("be ").unwrap_or(t).to_string();
    // The remark before the question ends at a comma, as a remark before an order does.
    let remark = match remark.trim_end_matches(['.', '!', ';']) {
        "" => String::new(),
        r => format!("{r},"),
    };
    let mut orders: Vec<String> = Vec::new();
    match b[1].as_str() {
        "you" | "we" | "u" => orders.push(tail),
        "i" => {}
        // "it" or "they" after a remark is what the remark names: the order with the
        // remark first; "they" with nothing before it to refer to is not read.
        "this" | "it" | "they" | "these" | "those" => {
            let subject = if b[1] == "they" {
                "them"
            } else {
                b[1].as_str()
            };
            let order = format!("make {subject} {}", be(&tail));
            if !remark.is_empty() {
                orders.push(format!("{remark} {order}"));
            }
            if matches!(subject, "this" | "it") {
                orders.push(order);
            }
        }
        _ => {
            // "could the writer agent look things up …": the subject, then its verb.
            let v = (1..b.len()).find(|&i| {
                i > 1
                    && (is_verb(&b[i])
                        || lexicon::verb(&b[i]).is_some()
                        || matches!(
                            b[i].as_str(),
                            "look"
                                | "talk"
                                | "read"
                                | "reach"
                                | "call"
                                | "search"
                                | "access"
                                | "see"
                                | "write"
                                | "browse"
                        ))
            });
            if v.is_some_and(|v| !names_in(scene, &b[1..v]).is_empty()) {
                orders.push(format!("let {}", words[1..].join(" ")));
            }
            // "could the nightly run start at 4am?": what the subject should do.
            orders.push(format!("make {}", words[1..].join(" ")));
        }
    }
    orders
}

/// "logs: otlp in, debug out", "a traces pipeline with otlp in, jaeger out": where a
/// pipeline takes data from and sends it to, as "a logs pipeline from otlp to debug".
fn in_out(words: &mut Vec<String>) {
    let Some(i) = (0..words.len().saturating_sub(3)).find(|&i| {
        bare(&words[i + 1]) == "in" && words[i + 1].ends_with(',') && bare(&words[i + 3]) == "out"
    }) else {
        return;
    };
    let tail = words[i + 3]
        .trim_start_matches(|c: char| c.is_alphabetic())
        .to_string();
    let from = words[i].trim_end_matches([',', ':']).to_string();
    let to = format!("{}{tail}", words[i + 2].trim_end_matches([',', ':']));
    words.splice(i..i + 4, ["from".to_string(), from, "to".to_string(), to]);
    // "… with otlp in, …": "from otlp".
    let mut i = i;
    if i > 0 && matches!(bare(&words[i - 1]).as_str(), "with" | "taking") {
        words.remove(i - 1);
        i -= 1;
    }
    // "logs: …": the pipeline it is.
    if i > 0 && words[i - 1].ends_with(':') {
        let signal = bare(&words[i - 1]);
        if matches!(signal.as_str(), "logs" | "traces" | "metrics") {
            let article = i > 1 && matches!(bare(&words[i - 2]).as_str(), "a" | "an" | "the");
            let mut put = vec![signal, "pipeline".to_string()];
            if !article {
                put.insert(0, "a".to_string());
            }
            words.splice(i - 1..i, put);
        } else {
            words[i - 1] = words[i - 1].trim_end_matches(':').to_string();
        }
    }
}

/// "ollama is slow on my laptop, set its timeout to 5 minutes", "we stopped using arxiv,
/// delete that tool", "we lint in a pre-commit hook now, the lint job can go": a remark,
/// then the change — the change alone, with "it" / "its" / "that tool" being the one
/// component the remark names, and "X can go" a removal.
fn remark_then_order(words: &mut Vec<String>, scene: &Scene) {
    // The remark ends at a comma, or at "so" ("… now so the lint job can go"); "so" after
    // the comma is the change's.
    // "the researcher keeps getting sums wrong lol. can it have a calculator?": a full
    // stop ends it too.
    let Some(at) = words.iter().enumerate().position(|(k, w)| {
        w.ends_with([',', '.', ';', '!'])
            || (k > 1 && bare(w) == "so")
            || (k > 1 && matches!(w.as_str(), "—" | "–" | "-"))
    }) else {
        return;
    };
    // The remark is words[..c], the change words[r..].
    let (c, r) = if bare(&words[at]) == "so" {
        (at, at + 1)
    } else if words.get(at + 1).is_some_and(|w| bare(w) == "so") {
        (at + 1, at + 2)
    } else {
        (at + 1, at + 1)
    };
    if r + 1 >= words.len() || c == 0 {
        return;
    }
    // "…, could you kill it after twenty minutes", "…, please drop it": the order.
    let asks: &[&[&str]] = &[
        &["could", "you", "please"],
        &["can", "you", "please"],
        &["would", "you", "please"],
        &["could", "you"],
        &["can", "you"],
        &["would", "you"],
        &["please"],
        &["pls"],
    ];
    let said: Vec<String> = words[r..].iter().map(|w| bare(w)).collect();
    if let Some(p) = asks.iter().find(|p| {
        said.len() > p.len() + 1
            && p.iter().zip(&said).all(|(a, b)| a == b)
            && is_verb(&said[p.len()])
    }) {
        words.drain(r..r + p.len());
        if let Some(last) = words.last_mut() {
            *last = last.trim_end_matches('?').to_string();
        }
    }
    // "…, can nginx use 8080 instead": a component asked to.
    let said: Vec<String> = words[r..].iter().map(|w| bare(w)).collect();
    if said.len() > 3
        && matches!(said[0].as_str(), "can" | "could")
        && !matches!(
            said[1].as_str(),
            "you" | "we" | "i" | "u" | "it" | "this" | "they" | "that" | "the"
        )
        && is_verb(&said[2])
    {
        words.remove(r);
        words.insert(r + 1, "should".to_string());
        if let Some(last) = words.last_mut() {
            *last = last.trim_end_matches('?').to_string();
        }
    }
    // On a document with no data the remark says what the setup is for ("our app is
    // node with yarn, can you make a CI that runs it on node 20 and 22?"): it stays.
    if r + 1 >= words.len() || (scene.components.is_empty() && scene.is_empty()) {
        return;
    }
    let left: Vec<String> = words[..c].iter().map(|w| bare(w)).collect();
    let right: Vec<String> = words[r..].iter().map(|w| bare(w)).collect();
    // The remark is a statement: someone, then what they do or how it is.
    let statement = matches!(
        left[0].as_str(),
        "we" | "i"
            | "our"
            | "my"
            | "it"
            | "this"
            | "ill"
            | "im"
            | "ive"
            | "were"
            | "weve"
            | "wed"
            | "well"
            | "theyll"
    ) || (!named(scene, &left[0]).is_empty()
        && left.get(1).is_some_and(|w| {
            matches!(
                w.as_str(),
                "is" | "are"
                    | "was"
                    | "seems"
                    | "keeps"
                    | "needs"
                    | "has"
                    | "gets"
                    | "runs"
                    | "shouldnt"
                    | "doesnt"
                    | "cant"
                    | "no"
            )
        }))
        || (left[0] == "the"
            && left.get(1).is_some_and(|w| !named(scene, w).is_empty())
            && left
                .get(2)
                .is_some_and(|w| matches!(w.as_str(), "is" | "are" | "was" | "needs")));
    // "linting happens in the editor now": a verb of being or having happened.
    let being = |w: &String| {
        matches!(
            w.as_str(),
            "is" | "are"
                | "was"
                | "were"
                | "happens"
                | "moved"
                | "stopped"
                | "lives"
                | "has"
                | "lacks"
                | "points"
                | "keeps"
                | "keep"
                | "seems"
                | "fail"
                | "fails"
                | "crash"
                | "crashes"
        )
    };
    // "the writer agent has no model": a subject of up to three words, then the verb.
    let statement = statement
        || left.get(1).is_some_and(being)
        || (!is_verb(&left[0]) && left.iter().skip(2).take(2).any(being));
    // "the lint job can go", "arxiv can go": a removal, whatever the remark before says.
    let goes =
        right.len() >= 3 && right[right.len() - 2..] == ["can".to_string(), "go".to_string()];
    let statement = statement || (goes && !is_verb(&left[0]));
    // "we're getting throttled, …", "the build sometimes hangs forever, …": any words
    // that are no order and carry no value, before an order that says what it is about.
    let plain_remark = !is_verb(&left[0])
        && !matches!(
            left[0].as_str(),
            "and" | "also" | "then" | "new" | "a" | "an" | "please" | "in" | "for" | "on"
        )
        && !left
            .iter()
            .any(|w| w.chars().any(|c| c.is_ascii_digit()) || w.contains("://") || w.contains('='));
    let statement = statement || plain_remark;
    // "open_ticket should really be called escalate — can you rename it?": the new name
    // is no remark.
    if !statement
        || left
            .iter()
            .any(|w| matches!(w.as_str(), "if" | "called" | "named"))
    {
        return;
    }
    // "…, can it have a calculator?", "…. could they also get the arxiv tool?": what
    // the remark names, asked to get something.
    let gets = right.len() > 3
        && matches!(right[0].as_str(), "can" | "could")
        && matches!(right[1].as_str(), "it" | "they")
        && right[2..right.len().min(4)]
            .iter()
            .any(|w| matches!(w.as_str(), "have" | "get"));
    let order = is_verb(&right[0])
        || gets
        || matches!(right[0].as_str(), "take" | "put" | "let" | "hook" | "plug")
        || goes
        // "…, web should publish 8080 instead".
        || (right.len() > 3
            && !matches!(right[0].as_str(), "i" | "we" | "you" | "they" | "it" | "this")
            && matches!(right[1].as_str(), "should" | "must")
            && is_verb(&right[2]));
    // The change must point back at the remark ("set its timeout", "delete that tool") or
    // say what it is about on its own; "…, use an environment variable instead" needs the
    // remark.
    let points_back = right.iter().enumerate().any(|(k, w)| {
        matches!(w.as_str(), "it" | "its" | "them")
            || (matches!(w.as_str(), "that" | "this")
                && right
                    .get(k + 1)
                    .is_some_and(|n| kind_of_word(scene, n).is_some()))
    });
    let self_contained = points_back
        || right.iter().any(|w| !named(scene, w).is_empty())
        || (right.len() > 3 && matches!(right[1].as_str(), "should" | "must"));
    if !order || !self_contained {
        return;
    }
    let mut mentioned: Vec<usize> = names_in(scene, &left);
    // "the writer agent has …": the kind said tells a model from an agent of one name.
    if mentioned.len() > 1 {
        let kinds: Vec<String> = (1..left.len())
            .filter(|&k| !named(scene, &left[k - 1]).is_empty())
            .filter_map(|k| kind_of_word(scene, &left[k]))
            .collect();
        let of_kind: Vec<usize> = mentioned
            .iter()
            .copied()
            .filter(|&i| kinds.contains(&scene.components[i].kind))
            .collect();
        if of_kind.len() == 1 {
            mentioned = of_kind;
        }
    }
    let mut out: Vec<String> = if goes {
        let mut o = vec!["remove".to_string()];
        o.extend(words[r..words.len() - 2].iter().cloned());
        o
    } else {
        words[r..].to_vec()
    };
    // "node 18 is end of life, drop it from the test matrix": no component named, so
    // "it" is what the remark is about (its words before the verb of being).
    if points_back && mentioned.is_empty() {
        let Some(p) = (1..left.len().min(4)).find(|&p| being(&left[p])) else {
            return;
        };
        let subject: Vec<String> = words[..p]
            .iter()
            .map(|w| w.trim_end_matches(',').to_string())
            .collect();
        let mut k = 0;
        while k < out.len() {
            let (body, tail) = split_tail(&out[k]);
            if matches!(body.to_lowercase().as_str(), "it" | "them") {
                let tail = tail.to_string();
                let mut put = subject.clone();
                if let Some(last) = put.last_mut() {
                    last.push_str(&tail);
                }
                let n = put.len();
                out.splice(k..=k, put);
                k += n;
            } else {
                k += 1;
            }
        }
        *words = out;
        return;
    }
    if points_back && mentioned.len() != 1 {
        return;
    }
    if let [one] = mentioned.as_slice() {
        let name = scene.components[*one].name.clone();
        let mut k = 0;
        while k < out.len() {
            let b = bare(&out[k]);
            let (_, tail) = split_tail(&out[k]);
            let tail = tail.to_string();
            if matches!(b.as_str(), "it" | "them") {
                out[k] = format!("{name}{tail}");
            } else if b == "its" {
                out[k] = format!("{name}'s{tail}");
            } else if matches!(b.as_str(), "that" | "this")
                && out
                    .get(k + 1)
                    .is_some_and(|w| kind_of_word(scene, w).is_some())
            {
                out[k] = "the".into();
                out.insert(k + 1, name.clone());
                k += 1;
            }
            k += 1;
        }
    }
    *words = out;
}

/// Collector talk: "spans" are the traces pipeline's ("batch the spans" → "batch the
/// traces"); "before they go out" says nothing more; "only half the traces need to make it
/// to the backend" is a share of traces kept.
fn spans(words: &mut Vec<String>, scene: &Scene) {
    if names_in(scene, &["traces".to_string()]).is_empty() {
        return;
    }
    for w in words.iter_mut() {
        let (body, tail) = split_tail(w);
        if body.eq_ignore_ascii_case("spans") {
            *w = format!("traces{tail}");
        }
    }
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if let Some(k) = b.iter().position(|w| w == "before") {
        if k > 1
            && b.len() - k <= 5
            && b[k + 1..].iter().any(|w| {
                matches!(
                    w.as_str(),
                    "go" | "leave" | "sent" | "exported" | "exporting" | "sending" | "out"
                )
            })
        {
            words.truncate(k);
            return;
        }
    }
    // "… need to make it to the backend", "… should reach the backend": kept.
    let reach = b
        .windows(3)
        .position(|p| p[0] == "make" && p[1] == "it" && p[2] == "to")
        .or_else(|| b.iter().position(|w| w == "reach" || w == "reaches"));
    let share = b.iter().position(|w| w.ends_with('%') || w == "percent");
    if let (Some(r), Some(t)) = (reach, b.iter().position(|w| w == "traces")) {
        if share.is_some_and(|s| s < t) && t < r {
            let mut out = vec!["keep".to_string()];
            out.extend(
                words[..=t]
                    .iter()
                    .filter(|w| !matches!(bare(w).as_str(), "only" | "just"))
                    .cloned(),
            );
            *words = out;
        }
    }
}

/// "could the researcher also get a calculator?", "can web have a healthcheck?": a
/// component getting something, asked — "give the researcher a calculator".
fn could_get(words: &mut Vec<String>, scene: &Scene) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if b.len() < 4 || !matches!(b[0].as_str(), "could" | "can") {
        return;
    }
    let Some(g) = (2..b.len().min(6)).find(|&g| matches!(b[g].as_str(), "get" | "have")) else {
        return;
    };
    if names_in(scene, &b[1..g]).is_empty() || g + 1 >= b.len() {
        return;
    }
    let subject: Vec<String> = words[1..g]
        .iter()
        .filter(|w| !matches!(bare(w).as_str(), "also" | "too" | "please"))
        .cloned()
        .collect();
    let mut out = vec!["give".to_string()];
    out.extend(subject);
    // "… a calculator to use": what it is for goes without saying.
    let mut end = words.len();
    if end >= g + 4 && bare(&words[end - 2]) == "to" && bare(&words[end - 1]) == "use" {
        end -= 2;
    }
    out.extend(words[g + 1..end].iter().cloned());
    if let Some(last) = out.last_mut() {
        let t = last.trim_end_matches('?').to_string();
        *last = t;
    }
    *words = out;
}

/// Statements of how things are, read as the change that makes them so: "the weather
/// tool's url is https://…" (a possessive, then "is") → "… should be …"; "db needs
/// POSTGRES_DB set to shop" → "set POSTGRES_DB to shop on db"; "web has to wait for the
/// database to start" → "web has to wait for the database".
fn stated(words: &mut Vec<String>, scene: &Scene) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if b.is_empty() || is_verb(&b[0]) || words.last().is_some_and(|w| w.ends_with('?')) {
        return;
    }
    if matches!(
        b[0].as_str(),
        "what" | "which" | "why" | "how" | "is" | "are" | "does" | "do"
    ) {
        return;
    }
    // "… wait for the database to start": the waiting is the dependency.
    if let Some(w) = b.iter().position(|w| w == "wait" || w == "waits") {
        if b.get(w + 1).is_some_and(|f| f == "for") {
            if let Some(t) = (w + 2..b.len()).find(|&t| {
                b[t] == "to"
                    && matches!(
                        b.get(t + 1).map(String::as_str),
                        Some("start" | "be" | "come" | "boot" | "finish" | "pass")
                    )
            }) {
                words.truncate(t);
                return;
            }
        }
    }
    // "web should restart automatically unless I stop it": the restart policy.
    if let (Some(r), Some(u)) = (
        b.iter().position(|w| w == "restart" || w == "restarts"),
        b.iter().position(|w| w == "unless"),
    ) {
        if r > 0
            && u > r
            && b[u + 1..].iter().any(|w| w.starts_with("stop"))
            && !names_in(scene, &b[..r]).is_empty()
        {
            let subject: Vec<String> = b[..r]
                .iter()
                .filter(|w| !matches!(w.as_str(), "should" | "must" | "needs" | "to" | "always"))
                .cloned()
                .collect();
            let mut out = vec!["set".to_string()];
            out.extend(subject);
            out.extend([
                "restart".to_string(),
                "to".to_string(),
                "unless-stopped".to_string(),
            ]);
            *words = out;
            return;
        }
    }
    // "web needs an env var LOG_LEVEL with value debug".
    if let Some(v) = (2..words.len().saturating_sub(1)).find(|&v| {
        matches!(b[v - 1].as_str(), "var" | "variable") && super::idioms::env_name(&words[v])
    }) {
        let need = (0..v).find(|&k| matches!(b[k].as_str(), "needs" | "wants" | "should" | "gets"));
        let value_at = (v + 1..b.len())
            .find(|&k| matches!(b[k].as_str(), "value" | "=" | "to" | "of") && k + 1 < b.len());
        if let (Some(n), Some(at)) = (need, value_at) {
            if at + 2 == b.len() && !names_in(scene, &b[..n]).is_empty() {
                *words = set_variable_on(&words[v], &words[at + 1], &words[..n]);
                return;
            }
        }
    }
    // "db needs POSTGRES_DB set to shop".
    if let [subject @ .., need, _, set, to, _] = b.as_slice() {
        if matches!(need.as_str(), "needs" | "wants" | "should" | "must")
            && set == "set"
            && to == "to"
            && !names_in(scene, subject).is_empty()
            && super::idioms::env_name(&words[words.len() - 4])
        {
            let n = words.len();
            *words = set_variable_on(&words[n - 4], &words[n - 1], &words[..n - 5]);
            return;
        }
    }
    // "the weather tool's url is https://…": an owner, its field, then "is" and one value.
    let Some(is) = (2..b.len().saturating_sub(1)).find(|&i| b[i] == "is") else {
        return;
    };
    let owner = (0..is).find(|&i| words[i].ends_with("'s") || words[i].ends_with("’s"));
    if owner.is_some_and(|o| o + 1 < is && is - o <= 4) && is + 2 == words.len() {
        words[is] = "should".into();
        words.insert(is + 1, "be".into());
    }
}

/// "the collector's own log level", "the workflow's permissions": a field of the document
/// itself, said with the document's name — the field, as a top-level one.
fn own_document(words: &mut Vec<String>, scene: &Scene) {
    let Some(i) = (0..words.len().saturating_sub(1)).find(|&i| {
        let w = words[i].to_lowercase();
        let Some(noun) = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")) else {
            return false;
        };
        matches!(
            noun,
            "collector" | "workflow" | "stack" | "setup" | "config" | "configuration"
        ) && named(scene, noun).is_empty()
    }) else {
        return;
    };
    let own = usize::from(bare(&words[i + 1]) == "own");
    words.drain(i..i + 1 + own);
}

/// Where a negation that starts at word `i` ends: "shouldn't", "can't", or "should not" /
/// "must not" / "can not" as one.
fn negation_end(words: &[String], i: usize) -> Option<usize> {
    const NOT: &[&str] = &[
        "shouldnt",
        "mustnt",
        "cant",
        "cannot",
        "wont",
        "shouldn't",
        "mustn't",
        "can't",
    ];
    let b = bare(words.get(i)?);
    if NOT.contains(&b.as_str()) {
        Some(i + 1)
    } else if matches!(b.as_str(), "should" | "must" | "can")
        && words.get(i + 1).is_some_and(|w| bare(w) == "not")
    {
        Some(i + 2)
    } else {
        None
    }
}

/// "the librarian shouldn't have the calculator", "billing shouldn't be able to issue
/// refunds", "take the calculator away from the librarian": what a component may use, said
/// as having or being able to — read as using ("… shouldn't use …", "remove … from …").
fn access(words: &mut Vec<String>) {
    const HAVE: &[&str] = &["have", "get", "keep", "access", "call"];
    const ABLE: &[&str] = &[
        "use", "call", "access", "issue", "run", "make", "do", "have", "reach", "touch",
    ];
    let mut i = 0;
    while i < words.len() {
        // "should not" / "must not" / "can not" are one negation.
        let Some(j) = negation_end(words, i) else {
            i += 1;
            continue;
        };
        let at = |k: usize| words.get(k).map(|w| bare(w)).unwrap_or_default();
        if HAVE.contains(&at(j).as_str()) && words.len() > j + 1 {
            words[j] = "use".into();
        } else if matches!(at(j).as_str(), "go" | "pass" | "run" | "route")
            && at(j + 1) == "through"
            && words.len() > j + 2
        {
            // "triage shouldn't go through the cache anymore".
            words.splice(j..j + 2, ["use".to_string()]);
        } else if at(j) == "be"
            && at(j + 1) == "able"
            && at(j + 2) == "to"
            && ABLE.contains(&at(j + 3).as_str())
            && words.len() > j + 4
        {
            words.splice(j..j + 4, ["use".to_string()]);
        }
        i = j;
    }
    // "take X away from Y", "take away X from Y".
    if words.first().is_some_and(|w| bare(w) == "take") {
        if let Some(a) = words.iter().position(|w| bare(w) == "away") {
            if words.get(a + 1).is_some_and(|w| bare(w) == "from") || a == 1 {
                words.remove(a);
                words[0] = "remove".into();
            }
        }
    }
}

/// "support shouldn't open tickets", "the writer can't search the web": after a negation,
/// words that are a component's name in other forms (`open_ticket`, `web_search`) are that
/// component used — "support shouldn't use open_ticket".
fn named_action(words: &mut Vec<String>, scene: &Scene) {
    let at = |k: usize| words.get(k).map(|w| bare(w)).unwrap_or_default();
    let Some(j) = (0..words.len()).find_map(|i| {
        let b = bare(&words[i]);
        if let Some(j) = negation_end(words, i) {
            Some(j)
        } else if matches!(b.as_str(), "should" | "can" | "could" | "needs" | "must")
            && at(i + 1) == "be"
            && at(i + 2) == "able"
            && at(i + 3) == "to"
        {
            // "generalist should be able to look up invoices too".
            Some(i + 4)
        } else if matches!(b.as_str(), "needs" | "has" | "wants") && at(i + 1) == "to" && i > 0 {
            // "generalist needs to look up invoices as well".
            Some(i + 2)
        } else if matches!(b.as_str(), "should" | "can" | "could" | "needs" | "must")
            && matches!(at(i + 1).as_str(), "also" | "too")
            && at(i + 2) == "be"
            && at(i + 3) == "able"
            && at(i + 4) == "to"
        {
            // "generalist should also be able to look up invoices".
            Some(i + 5)
        } else if matches!(b.as_str(), "can" | "could") && i > 0 {
            Some(i + 1)
        } else {
            None
        }
    }) else {
        return;
    };
    let positive = !(0..j).any(|k| negation_end(words, k).is_some() || at(k) == "not");
    if !words[..j].iter().any(|w| !named(scene, w).is_empty()) {
        return;
    }
    let rest: Vec<String> = words[j..]
        .iter()
        .map(|w| bare(w))
        .filter(|w| {
            !matches!(
                w.as_str(),
                "the" | "a" | "an" | "any" | "anymore" | "too" | "also" | "as" | "well"
            )
        })
        .collect();
    if rest.is_empty() || rest.len() > 3 || rest.iter().any(|w| !named(scene, w).is_empty()) {
        return;
    }
    let stems: Vec<String> = rest.iter().map(|w| stem(w)).collect();
    let fits = |name: &str| {
        let parts: Vec<String> = name
            .split(['_', '-'])
            .filter(|p| !p.is_empty())
            .map(stem)
            .collect();
        let mut sorted = parts.clone();
        sorted.sort();
        let mut said = stems.clone();
        said.sort();
        // "look up orders" for `lookup_order`: the same letters, run together.
        parts.len() > 1 && (sorted == said || parts.concat() == stems.concat())
    };
    let hits: Vec<usize> = (0..scene.components.len())
        .filter(|&i| fits(&scene.components[i].name))
        .collect();
    let [hit] = hits.as_slice() else {
        return;
    };
    let name = scene.components[*hit].name.clone();
    if positive {
        // "X should be able to …" → "X should use …".
        let subject: Vec<String> = words[..j]
            .iter()
            .take_while(|w| {
                !matches!(
                    bare(w).as_str(),
                    "should" | "can" | "could" | "needs" | "must"
                )
            })
            .cloned()
            .collect();
        *words = subject;
        words.push("should".into());
    } else {
        words.truncate(j);
    }
    words.push("use".into());
    words.push(name);
}

/// A share of what is traced, said as keeping or sampling it: "keep 5 percent of traces",
/// "sample half the requests (0.5)", "keep all traces", "trace every request", "stop
/// sampling" — read as "set sampling to 5%" (a percentage field takes 5, a 0..1 rate 0.05).
/// "N percent" is written "N%" everywhere.
fn sampling(words: &mut Vec<String>, creating: bool) {
    // "50 percent", "50 pct" → "50%".
    let mut i = 0;
    while i + 1 < words.len() {
        let n = bare(&words[i]);
        if n.parse::<f64>().is_ok() && matches!(bare(&words[i + 1]).as_str(), "percent" | "pct") {
            let tail: String = words[i + 1]
                .chars()
                .rev()
                .take_while(|c| matches!(c, ',' | '.' | ';' | '?' | '!'))
                .collect();
            words[i] = format!("{n}%{tail}");
            words.remove(i + 1);
        }
        i += 1;
    }
    const VERBS: &[&str] = &[
        "keep", "sample", "retain", "trace", "record", "collect", "send", "capture",
    ];
    const OBJECT: &[&str] = &[
        "traces",
        "trace",
        "requests",
        "request",
        "spans",
        "calls",
        "data",
        "everything",
    ];
    const FILL: &[&str] = &[
        "of", "the", "all", "every", "please", "only", "just", "my", "our",
    ];
    // Each part between commas on its own ("stop sampling, keep all traces").
    let mut start = 0;
    while start < words.len() {
        let mut end = start;
        while end < words.len() && !(end > start && words[end - 1].ends_with([',', ';'])) {
            end += 1;
        }
        let b: Vec<String> = words[start..end].iter().map(|w| bare(w)).collect();
        let share = sampling_share(&b, VERBS, OBJECT, FILL);
        if let Some(share) = share {
            let comma = if end < words.len() { "," } else { "" };
            // A setup to create reads it as a parameter ("sampling 50%").
            let lead: &[&str] = if creating {
                &["sampling"]
            } else {
                &["set", "sampling", "to"]
            };
            let new: Vec<String> = lead
                .iter()
                .map(|w| w.to_string())
                .chain(std::iter::once(format!("{share}{comma}")))
                .collect();
            let n = new.len();
            words.splice(start..end, new);
            start += n;
        } else {
            start = end;
        }
    }
}

/// The share a part of a request keeps, as "N%", when it says only that.
fn sampling_share(b: &[String], verbs: &[&str], object: &[&str], fill: &[&str]) -> Option<String> {
    match b {
        // "stop sampling", "no sampling", "disable sampling".
        [v, s] if matches!(v.as_str(), "stop" | "no" | "disable") && s == "sampling" => {
            return Some("100%".into())
        }
        _ => {}
    }
    // "only trace 10% of requests": a leading "only" or "just".
    let lead = usize::from(
        b.first()
            .is_some_and(|w| matches!(w.as_str(), "only" | "just")),
    );
    let v = b.get(lead)?;
    if !verbs.contains(&v.as_str()) {
        return None;
    }
    let mut i = lead + 1;
    while i < b.len() && matches!(b[i].as_str(), "only" | "just" | "about") {
        i += 1;
    }
    let w = b.get(i)?;
    let share = if let Some(n) = w.strip_suffix('%') {
        n.parse::<f64>().ok()?;
        format!("{n}%")
    } else {
        match w.as_str() {
            "half" => "50%".into(),
            "a" | "one" if b.get(i + 1).is_some_and(|x| x == "quarter") => {
                i += 1;
                "25%".into()
            }
            "a" | "one" if b.get(i + 1).is_some_and(|x| x == "tenth") => {
                i += 1;
                "10%".into()
            }
            "all" | "every" | "everything" => {
                // "keep all traces", "trace every request".
                return (b[i..]
                    .iter()
                    .all(|w| fill.contains(&w.as_str()) || object.contains(&w.as_str()))
                    && b[i..].iter().any(|w| object.contains(&w.as_str())))
                .then(|| "100%".into());
            }
            _ => return None,
        }
    };
    // "(0.5)" after the share says it again.
    let rest: Vec<&String> = b[i + 1..]
        .iter()
        .filter(|w| {
            w.trim_matches(|c| c == '(' || c == ')')
                .parse::<f64>()
                .is_err()
        })
        .collect();
    let ok = if rest.is_empty() {
        matches!(v.as_str(), "keep" | "sample" | "retain")
    } else {
        rest.iter()
            .all(|w| fill.contains(&w.as_str()) || object.contains(&w.as_str()))
            && rest.iter().any(|w| object.contains(&w.as_str()))
    };
    ok.then_some(share)
}

/// "librarian: use the history memory", "planner: delegate to writer": a component named
/// before a colon, then what it should use — read as "make librarian use …".
fn addressed(words: &mut Vec<String>, scene: &Scene) {
    let Some(first) = words.first() else {
        return;
    };
    // "build job: 20 min timeout": the name with its kind word before the colon.
    if let Some(kind) = words.get(1).and_then(|w| w.strip_suffix(':')) {
        if kind_of_word(scene, kind).is_some()
            && !named(scene, first).is_empty()
            && words
                .get(2)
                .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
            && words.len() > 3
        {
            let rest: Vec<String> = words[2..].to_vec();
            let head = vec![
                "give".to_string(),
                "the".to_string(),
                first.clone(),
                kind.to_string(),
                "a".to_string(),
            ];
            *words = head;
            words.extend(rest);
            return;
        }
    }
    let Some(name) = first.strip_suffix(':') else {
        return;
    };
    if named(scene, name).is_empty() {
        return;
    }
    let next = words.get(1).map(|w| bare(w)).unwrap_or_default();
    // "build: 20 min timeout", "grafana: 1g memory limit": a value for it.
    if next.chars().next().is_some_and(|c| c.is_ascii_digit()) && words.len() > 2 {
        let rest: Vec<String> = words[1..].to_vec();
        *words = vec!["give".to_string(), name.to_string(), "a".to_string()];
        words.extend(rest);
        return;
    }
    // "lint: timeout of 1 hour", "grafana: memory limit = 1g": a field, then its value.
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if let Some(k) = (2..b.len().min(5)).find(|&k| {
        matches!(b[k].as_str(), "of" | "to" | "=" | "at")
            && b.get(k + 1)
                .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()))
    }) {
        if b[1..k].iter().all(|w| lexicon::verb(w).is_none()) {
            let mut out = vec!["set".to_string(), "the".to_string()];
            out.extend(words[1..k].iter().cloned());
            out.push("of".into());
            out.push(name.to_string());
            out.push("to".into());
            out.extend(words[k + 1..].iter().cloned());
            *words = out;
            return;
        }
    }
    if !matches!(
        next.as_str(),
        "use" | "uses" | "delegate" | "delegates" | "call" | "calls" | "have" | "has"
    ) {
        return;
    }
    words[0] = name.to_string();
    words[1] = match next.as_str() {
        "delegate" | "delegates" => "delegate".into(),
        _ => "use".into(),
    };
    words.insert(0, "make".into());
}

/// "cap the librarian at 5 iterations", "limit triage to 3 iterations": the field said
/// after the number, read as "set the iterations of the librarian to 5". A unit after the
/// number ("at 30 seconds", "to 2G of memory") is left to the value's own reading.
fn capped(words: &mut Vec<String>) {
    let Some(first) = words.first().map(|w| bare(w)) else {
        return;
    };
    // "give grafana 1GB of memory max", "allow db 2 gb of ram": a memory limit, said
    // as what it is given — "limit grafana to 1GB of memory".
    if matches!(first.as_str(), "give" | "allow") {
        let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
        let sized = |k: usize| {
            let w = &b[k];
            let digits = w.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
            (digits.len() < w.len() && super::text::size_unit(digits).is_some())
                || (w.parse::<f64>().is_ok()
                    && b.get(k + 1)
                        .is_some_and(|u| super::text::size_unit(u).is_some()))
        };
        if let Some(k) = (2..b.len().min(5)).find(|&k| sized(k)) {
            let of = k + if b[k].parse::<f64>().is_ok() { 2 } else { 1 };
            let tail: Vec<&str> = b[of..]
                .iter()
                .map(String::as_str)
                .filter(|w| !matches!(*w, "max" | "maximum" | "tops" | "at" | "most"))
                .collect();
            if matches!(tail.as_slice(), ["of", "memory" | "ram"]) {
                let mut out = vec!["limit".to_string()];
                out.extend(words[1..k].iter().cloned());
                out.push("to".into());
                out.extend(words[k..of].iter().cloned());
                out.extend(["of".to_string(), "memory".to_string()]);
                *words = out;
            }
        }
    }
    let Some(first) = words.first().map(|w| bare(w)) else {
        return;
    };
    if !matches!(first.as_str(), "cap" | "limit" | "restrict") {
        return;
    }
    let Some(k) = (2..words.len()).find(|&k| {
        matches!(bare(&words[k - 1]).as_str(), "at" | "to")
            && bare(&words[k]).parse::<f64>().is_ok()
    }) else {
        return;
    };
    let noun: Vec<String> = words[k + 1..]
        .iter()
        .map(|w| bare(w))
        .filter(|w| !w.is_empty())
        .collect();
    // "limit grafana to 1 gb of memory": a size, then what it limits.
    if let [unit, of, rest @ ..] = noun.as_slice() {
        let size = super::text::size_unit(unit).is_some();
        if size && of == "of" && !rest.is_empty() && rest.len() <= 2 && k >= 3 {
            let subject: Vec<String> = words[1..k - 1].to_vec();
            let mut out = vec!["set".to_string(), "the".to_string()];
            out.extend(rest.iter().cloned());
            out.push("limit".into());
            out.push("of".into());
            out.extend(subject);
            out.push("to".into());
            out.push(bare(&words[k]));
            out.push(unit.clone());
            *words = out;
            return;
        }
    }
    // A unit after the number is the value's ("at 30 seconds", "to 2 gb").
    let unit = |w: &String| {
        super::text::time_unit(w).is_some()
            || super::text::size_unit(w).is_some()
            || matches!(w.as_str(), "percent" | "%" | "of" | "a" | "an" | "rpm")
    };
    if noun.is_empty() || noun.len() > 3 || noun.iter().any(unit) {
        return;
    }
    let subject: Vec<String> = words[1..k - 1].to_vec();
    if subject.is_empty() {
        return;
    }
    let number = bare(&words[k]);
    let mut out = vec!["set".to_string(), "the".to_string()];
    out.extend(noun);
    out.push("of".into());
    out.extend(subject);
    out.push("to".into());
    out.push(number);
    *words = out;
}

/// Words around an amount that say it is a limit ("up to", "at most", "no more than").
fn amount_word(w: &str) -> bool {
    matches!(
        w,
        "up" | "to"
            | "at"
            | "most"
            | "a"
            | "maximum"
            | "max"
            | "of"
            | "only"
            | "just"
            | "no"
            | "more"
            | "than"
    )
}

/// "allow 600 requests per minute", "let customers send up to 2000 characters", "permit at
/// most 5 retries": how much is allowed, said with the field after the number — read as
/// "set requests per minute to 600".
fn allowance(words: &mut Vec<String>, scene: &Scene) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let Some(first) = b.first() else {
        return;
    };
    // "let the planner do 4 fewer iterations": a change by the amount, not one to set.
    if b.windows(2).any(|w| {
        w[0].parse::<f64>().is_ok()
            && matches!(
                w[1].as_str(),
                "more" | "fewer" | "less" | "extra" | "additional"
            )
    }) {
        return;
    }
    // "the planner should get at most 10 iterations": who, a modal, a verb of having,
    // the amount and the field.
    if let Some(m) = (1..b.len().min(5)).find(|&m| {
        matches!(b[m].as_str(), "should" | "can" | "may" | "must")
            && b.get(m + 1).is_some_and(|v| {
                matches!(
                    v.as_str(),
                    "get" | "have" | "take" | "do" | "run" | "use" | "make" | "allow"
                )
            })
    }) {
        let Some(k) = (m + 2..b.len()).find(|&k| b[k].parse::<f64>().is_ok()) else {
            return;
        };
        let between_ok = b[m + 2..k].iter().all(|w| amount_word(w));
        let noun: Vec<String> = b[k + 1..]
            .iter()
            .filter(|w| !w.is_empty())
            .cloned()
            .collect();
        if between_ok && !noun.is_empty() && noun.len() <= 3 {
            let mut out = vec!["set".to_string(), "the".to_string()];
            out.extend(noun);
            out.push("of".into());
            out.extend(words[..m].iter().cloned());
            out.push("to".into());
            out.push(b[k].clone());
            *words = out;
        }
        return;
    }
    // "retry up to 6 times", "retry 3 times": the attempts.
    if matches!(first.as_str(), "retry" | "retries" | "attempt") {
        let Some(k) = (1..b.len()).find(|&k| b[k].parse::<f64>().is_ok()) else {
            return;
        };
        if b[1..k].iter().all(|w| amount_word(w))
            && b[k + 1..]
                .iter()
                .all(|w| matches!(w.as_str(), "times" | "tries" | "attempts"))
        {
            *words = ["set", "the", "max", "attempts", "to", &b[k]]
                .iter()
                .map(|w| w.to_string())
                .collect();
        }
        return;
    }
    if !matches!(first.as_str(), "allow" | "permit" | "accept" | "let") {
        return;
    }
    // The number, after "up to", "at most", "a maximum of" or right away.
    let Some(k) = (1..b.len()).find(|&k| b[k].parse::<f64>().is_ok()) else {
        return;
    };
    let before = &b[1..k];
    let lead_ok = if first == "let" {
        // "let customers send up to 2000 characters": who, a verb, then the amount.
        before.len() >= 2
            && before.len() <= 6
            && before.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "send" | "write" | "use" | "make" | "have" | "take" | "do" | "run" | "type"
                )
            })
    } else {
        // "allow 600 …", "permit at most 5 …", "allow customer messages up to 6000 …".
        let head = before.iter().take_while(|w| !amount_word(w)).count();
        head <= 3 && before[head..].iter().all(|w| amount_word(w))
    };
    let noun: Vec<String> = b[k + 1..]
        .iter()
        .filter(|w| !w.is_empty())
        .cloned()
        .collect();
    if !lead_ok || noun.is_empty() || noun.len() > 4 {
        return;
    }
    let mut out = vec!["set".to_string()];
    out.extend(noun);
    // "let the writer model use up to 3000 tokens": who is a component — the field is its.
    if first == "let" {
        let who: Vec<String> = before
            .iter()
            .take_while(|w| {
                !matches!(
                    w.as_str(),
                    "send" | "write" | "use" | "make" | "have" | "take" | "do" | "run" | "type"
                )
            })
            .cloned()
            .collect();
        if who.iter().any(|w| !named(scene, w).is_empty()) {
            out.push("of".into());
            out.extend(who);
        }
    }
    out.push("to".into());
    out.push(b[k].clone());
    *words = out;
}

/// Amounts said without "set": "8k max tokens on claude" (the amount first, then the
/// field and whose); "remember 100 messages instead of 20" (how many are kept); "the planner
/// should stop after 12 iterations" (where it stops) — "set the <field> of <whose> to N".
fn amounts(words: &mut Vec<String>, scene: &Scene) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if b.len() < 3 {
        return;
    }
    // A count ("100", "8k"), not a share ("50%").
    let number = |w: &str| {
        super::text::parse_number(w).is_some()
            && w.starts_with(|c: char| c.is_ascii_digit())
            && !w.ends_with('%')
    };
    let set = |field: &[String], whose: &[String], n: &str| {
        let mut out = vec!["set".to_string(), "the".to_string()];
        out.extend(field.iter().cloned());
        if !whose.is_empty() {
            out.push("of".into());
            out.extend(whose.iter().cloned());
        }
        out.push("to".into());
        out.push(n.to_string());
        out
    };
    // "8k max tokens on claude please".
    if number(&b[0]) {
        let rest: Vec<String> = b[1..]
            .iter()
            .filter(|w| !matches!(w.as_str(), "please" | "pls"))
            .cloned()
            .collect();
        if let Some(on) = rest.iter().position(|w| matches!(w.as_str(), "on" | "for")) {
            if (1..=3).contains(&on) && on + 1 < rest.len() {
                *words = set(&rest[..on], &rest[on + 1..], &words[0]);
            }
        }
        return;
    }
    // "remember 100 messages instead of 20".
    if matches!(b[0].as_str(), "remember" | "keep" | "retain" | "store") && number(&b[1]) {
        let end = b.iter().position(|w| w == "instead").unwrap_or(b.len());
        let noun = &b[2..end];
        if (1..=2).contains(&noun.len())
            && !noun.iter().any(|w| super::text::time_unit(w).is_some())
        {
            *words = set(noun, &[], &words[1]);
        }
        return;
    }
    // "the planner should stop after 12 iterations".
    if let Some(m) =
        (1..b.len().min(5)).find(|&m| matches!(b[m].as_str(), "should" | "must" | "will"))
    {
        if b.get(m + 1).is_some_and(|w| w == "stop")
            && b.get(m + 2).is_some_and(|w| w == "after")
            && b.get(m + 3).is_some_and(|w| number(w))
            && b.len() > m + 4
            && !names_in(scene, &b[..m]).is_empty()
        {
            let n = words[m + 3].clone();
            *words = set(&b[m + 4..], &words[..m], &n);
        }
    }
}

/// "also refuse to talk about politics", "don't discuss pricing", "never give tax
/// advice": a topic to decline, where a component has a list of denied topics — read as
/// "add politics to the denied topics".
fn refusals(words: &mut Vec<String>, scene: &Scene) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if !b.iter().any(|w| {
        matches!(
            w.as_str(),
            "refuse"
                | "decline"
                | "avoid"
                | "stop"
                | "dont"
                | "never"
                | "not"
                | "deny"
                | "block"
                | "ban"
                | "forbid"
                | "reject"
        )
    }) {
        return;
    }
    let field = scene.components.iter().enumerate().find_map(|(i, _)| {
        scene
            .fields_of(i)
            .into_iter()
            .find(|f| f.key.contains("denied") || f.key.contains("blocked"))
    });
    let Some(field) = field else {
        return;
    };
    let mut i = 0;
    // "the guardrails should also deny …", "safety must block …": who refuses first.
    let subject_end = (0..b.len().min(4)).find(|&k| {
        matches!(
            b[k].as_str(),
            "should" | "must" | "shall" | "will" | "needs"
        )
    });
    if let Some(k) = subject_end {
        if k > 0
            && b[..k].iter().all(|w| {
                matches!(w.as_str(), "the" | "it" | "we" | "you" | "they")
                    || !named(scene, w).is_empty()
                    || kind_of_word(scene, w).is_some()
                    || scene.kinds.iter().any(|kk| {
                        kk.variants
                            .iter()
                            .any(|v| *v == *w || format!("{v}s") == *w)
                    })
            })
        {
            i = k;
        }
    }
    while i < b.len()
        && matches!(
            b[i].as_str(),
            "also" | "and" | "please" | "it" | "should" | "must" | "to"
        )
    {
        i += 1;
    }
    // The refusal: "refuse to", "decline to", "don't", "do not", "never", "avoid",
    // "stop", "no longer"; "deny", "block" a topic right away.
    let start = i;
    if b.get(i)
        .is_some_and(|w| matches!(w.as_str(), "deny" | "block" | "ban" | "forbid" | "reject"))
        && b.len() > i + 1
        && b.len() <= i + 5
        && !b[i + 1..]
            .iter()
            .any(|w| !named(scene, w).is_empty() || kind_of_word(scene, w).is_some())
    {
        let topic: Vec<String> = words[i + 1..]
            .iter()
            .map(|w| w.trim_end_matches(['.', '!', ',']).to_string())
            .filter(|w| {
                !w.is_empty()
                    && !matches!(
                        w.to_lowercase().as_str(),
                        "too"
                            | "also"
                            | "topics"
                            | "questions"
                            | "about"
                            | "anything"
                            | "any"
                            | "everything"
                            | "talk"
                            | "of"
                            | "the"
                            | "on"
                            | "related"
                            | "to"
                    )
            })
            .collect();
        // "block pii": a switch of its own (`block_pii`), not a topic.
        let switch = topic.len() == 1 && {
            let t = topic[0].to_lowercase();
            scene
                .kinds
                .iter()
                .flat_map(|k| k.fields.iter())
                .any(|f| f.key.split('_').any(|p| p == t))
        };
        if !topic.is_empty() && !switch {
            let mut out = vec![
                "add".to_string(),
                format!("'{}'", topic.join(" ")),
                "to".into(),
                "the".into(),
            ];
            out.extend(split_key(&field.key));
            *words = out;
        }
        return;
    }
    match b.get(i).map(String::as_str) {
        Some("refuse" | "decline" | "avoid" | "stop") => {
            i += 1;
            if b.get(i).is_some_and(|w| w == "to") {
                i += 1;
            }
        }
        Some("dont" | "never") => i += 1,
        Some("do") if b.get(i + 1).is_some_and(|w| w == "not") => i += 2,
        _ => return,
    }
    if i == start {
        return;
    }
    // What is declined: talking about a topic, or giving advice of a kind.
    let talk = b.get(i).is_some_and(|w| {
        matches!(
            w.as_str(),
            "talk"
                | "talking"
                | "discuss"
                | "discussing"
                | "chat"
                | "answer"
                | "comment"
                | "speak"
                | "mention"
                | "touch"
                | "engage"
                | "go"
        )
    });
    let topic: Vec<String> = if talk {
        let mut j = i + 1;
        while j < b.len()
            && matches!(
                b[j].as_str(),
                "about" | "on" | "into" | "questions" | "anything" | "the" | "any" | "with"
            )
        {
            j += 1;
        }
        words[j..].to_vec()
    } else if b
        .get(i)
        .is_some_and(|w| matches!(w.as_str(), "give" | "giving" | "offer" | "provide"))
    {
        // "never give tax advice".
        let mut j = i + 1;
        while j < b.len() && matches!(b[j].as_str(), "any" | "out") {
            j += 1;
        }
        words[j..].to_vec()
    } else {
        return;
    };
    let topic: Vec<String> = topic
        .iter()
        .map(|w| w.trim_end_matches(['.', '!', ',']).to_string())
        .filter(|w| !w.is_empty())
        .collect();
    if topic.is_empty() || topic.len() > 4 {
        return;
    }
    let mut out = vec![
        "add".to_string(),
        format!("'{}'", topic.join(" ")),
        "to".into(),
        "the".into(),
    ];
    out.extend(split_key(&field.key));
    *words = out;
}

fn split_key(key: &str) -> Vec<String> {
    key.split(['_', '-']).map(str::to_string).collect()
}

/// "keep the redis notes for a week", "how about caching answers for 2 hours?": how long
/// something is kept, at the end — its time to live ("set the ttl of notes to 1 week",
/// "set the cache ttl to 2 hours"). Only for a component named, or for caching.
fn lifetime(words: &mut Vec<String>, scene: &Scene) {
    let mut b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    // "cache for an hour instead of 10 min": what it was is no part of the new value.
    if let Some(i) = b.iter().position(|w| w == "instead") {
        if i > 3 && b.len() - i <= 4 {
            b.truncate(i);
        }
    }
    let n = b.len();
    if n < 4 {
        return;
    }
    // The duration at the end: "for 2 hours", "for a week".
    let (amount, unit) = (b[n - 2].clone(), b[n - 1].clone());
    if super::text::time_unit(&unit).is_none() || unit.len() < 3 {
        return;
    }
    let amount = match amount.as_str() {
        "a" | "an" | "one" => "1".to_string(),
        a if a.parse::<f64>().is_ok() => a.to_string(),
        _ => return,
    };
    if b[n - 3] != "for" {
        return;
    }
    let Some(v) = b[..n - 3].iter().position(|w| {
        matches!(
            w.as_str(),
            "keep" | "keeps" | "cache" | "caches" | "caching" | "store" | "remember" | "retain"
        )
    }) else {
        return;
    };
    let between: Vec<String> = words[v + 1..n - 3].to_vec();
    let caching = b[v].starts_with("cach");
    // Caching needs a cache to set ("… with caching for 10 minutes" in a new setup is a
    // parameter of the setup).
    let has_ttl = (0..scene.components.len())
        .any(|i| scene.fields_of(i).iter().any(|f| f.key.contains("ttl")));
    if !has_ttl {
        return;
    }
    let names = between.iter().any(|w| !named(scene, w).is_empty());
    let mut out: Vec<String> = vec!["set".into(), "the".into()];
    if names && !caching {
        // Only the names: "the redis notes" is `notes`, not a field about redis.
        out.extend(["ttl".to_string(), "of".to_string()]);
        out.extend(between.into_iter().filter(|w| !named(scene, w).is_empty()));
    } else if caching && !names {
        out.extend(["cache".to_string(), "ttl".to_string()]);
    } else {
        return;
    }
    out.extend(["to".to_string(), amount, unit]);
    *words = out;
}

/// "flush batches every 2 seconds", "scrape every 15s": how often, said with "every" — a
/// batch's timeout, else the interval of what is done ("set the scrape interval to 15s").
fn every(words: &mut Vec<String>) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let Some(e) = b.iter().position(|w| w == "every") else {
        return;
    };
    let unit = |w: &str| {
        crate::offline::text::time_unit(w)
            .map(|(letter, _)| letter)
            .filter(|l| !matches!(*l, "w" | "y"))
    };
    let (value, end) = match (b.get(e + 1), b.get(e + 2)) {
        (Some(n), Some(u)) if n.parse::<f64>().is_ok() && unit(u).is_some() => {
            (format!("{n}{}", unit(u).unwrap_or("s")), e + 3)
        }
        (Some(d), _) if crate::offline::create::is_duration(d) => (d.clone(), e + 2),
        // "every minute": one of the unit.
        (Some(u), _) if u.len() > 2 && unit(u).is_some() => {
            (format!("1{}", unit(u).unwrap_or("s")), e + 2)
        }
        _ => return,
    };
    if end != b.len() || e == 0 {
        return;
    }
    // "add a healthcheck to db that runs pg_isready every 10s": a new check with its
    // command, read whole ("make the health check run every 30 seconds" is its interval).
    let checks = b[..e].iter().any(|w| w == "healthcheck" || w == "health");
    let runs_something = (0..e.saturating_sub(1)).any(|k| {
        matches!(b[k].as_str(), "runs" | "run" | "running" | "with" | "using")
            && !matches!(
                b[k + 1].as_str(),
                "every" | "each" | "once" | "a" | "an" | "the"
            )
    });
    if checks && runs_something {
        return;
    }
    // "scrape host metrics every minute": what is read that often, without the verb.
    let from = usize::from(
        matches!(
            b[0].as_str(),
            "scrape" | "collect" | "poll" | "gather" | "read" | "sample" | "make"
        ) && e > 1,
    );
    let what: Vec<&String> = b[from..e]
        .iter()
        .filter(|w| {
            !matches!(
                w.as_str(),
                "the"
                    | "a"
                    | "please"
                    | "should"
                    | "it"
                    | "them"
                    | "run"
                    | "runs"
                    | "happen"
                    | "happens"
                    | "be"
                    | "done"
            )
        })
        .collect();
    // "make the api health check run every 30 seconds": the check's interval.
    if let Some(h) = what
        .iter()
        .position(|w| *w == "healthcheck" || *w == "health")
    {
        let mut out = vec!["set".to_string(), "the".to_string()];
        out.extend(what[..h].iter().map(|w| w.to_string()));
        out.extend([
            "healthcheck".to_string(),
            "interval".to_string(),
            "to".to_string(),
            value,
        ]);
        *words = out;
        return;
    }
    let field: Vec<String> = if what.iter().any(|w| w.starts_with("batch") || *w == "flush") {
        vec!["batch".into(), "timeout".into()]
    } else if (1..=2).contains(&what.len()) {
        let mut f: Vec<String> = what.iter().map(|w| w.to_string()).collect();
        f.push("interval".into());
        f
    } else {
        return;
    };
    let mut out = vec!["set".to_string(), "the".to_string()];
    out.extend(field);
    out.push("to".into());
    out.push(value);
    *words = out;
}

/// "add a redis cache", "add a postgres database": a well-known image and the role it
/// plays, where the document's components are services — "add a redis service called
/// cache".
fn image_role(words: &mut Vec<String>, scene: &Scene) {
    if scene.kind("service").is_none() {
        return;
    }
    let b: Vec<String> = words
        .iter()
        .map(|w| bare(w))
        .filter(|w| !matches!(w.as_str(), "please" | "pls" | "too" | "also"))
        .collect();
    let [verb, article, image, role] = b.as_slice() else {
        return;
    };
    if !matches!(verb.as_str(), "add" | "create") || !matches!(article.as_str(), "a" | "an") {
        return;
    }
    if lexicon::known_image(image).is_none()
        || kind_of_word(scene, role).is_some()
        || !named(scene, role).is_empty()
        || !role.chars().all(|c| c.is_ascii_lowercase())
    {
        return;
    }
    *words = ["add", "a", image, "service", "called", role]
        .iter()
        .map(|w| w.to_string())
        .collect();
}

/// "block pii", "log prompts": the words of a switch (`block_pii`, `log_prompts`) said as
/// an order — "turn on block pii".
fn switch_said(words: &mut Vec<String>, scene: &Scene) {
    let b: Vec<String> = words
        .iter()
        .map(|w| bare(w))
        .filter(|w| !matches!(w.as_str(), "also" | "please" | "pls" | "again" | "too"))
        .collect();
    let [v, w] = b.as_slice() else {
        return;
    };
    let key = scene
        .kinds
        .iter()
        .flat_map(|k| k.fields.iter())
        .find(|f| {
            matches!(f.input, trellis_schema::Input::Boolean)
                && f.key.split_once('_').is_some_and(|(first, second)| {
                    second == w && (v == first || stem(v) == stem(first))
                })
        })
        .map(|f| f.key.clone());
    if let Some(key) = key {
        *words = vec!["turn".to_string(), "on".to_string()];
        words.extend(key.split('_').map(str::to_string));
    }
}

/// "give the api a NODE_ENV of production": an environment variable and its value —
/// "set NODE_ENV to production on the api".
fn give_variable(words: &mut Vec<String>) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if b.first().is_none_or(|w| w != "give") {
        return;
    }
    let Some(k) = (2..words.len().saturating_sub(2)).find(|&k| {
        matches!(b[k - 1].as_str(), "a" | "an")
            && words[k].len() > 1
            && words[k]
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            && words[k].chars().any(|c| c.is_ascii_uppercase())
            && matches!(b[k + 1].as_str(), "of" | "=")
    }) else {
        return;
    };
    let subject = &words[1..k - 1];
    let [value] = &words[k + 2..] else {
        return;
    };
    if subject.is_empty() {
        return;
    }
    *words = set_variable_on(&words[k], value, subject);
}

/// "set VAR to VALUE on <subject>": an environment variable of a component.
fn set_variable_on(var: &str, value: &str, subject: &[String]) -> Vec<String> {
    let mut out = vec![
        "set".to_string(),
        var.to_string(),
        "to".into(),
        value.to_string(),
        "on".into(),
    ];
    out.extend(subject.iter().cloned());
    out
}

/// "switch the writer's memory to redis at redis://localhost:6379/2": a change, then where
/// the new thing is — read as "…, then set its address to redis://…".
fn trailing_address(words: &mut Vec<String>) {
    let n = words.len();
    if n < 5 {
        return;
    }
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if !matches!(
        b[0].as_str(),
        "switch" | "change" | "move" | "migrate" | "make" | "use" | "swap"
    ) {
        return;
    }
    let last = words[n - 1].trim_end_matches(['.', ',']);
    if !(b[n - 2] == "at" || b[n - 2] == "on") || !crate::offline::edit::is_address(last) {
        return;
    }
    let Some(to) = b[1..n - 2].iter().position(|w| w == "to").map(|p| p + 1) else {
        return;
    };
    if to + 1 >= n - 2 {
        return;
    }
    let address = last.to_string();
    words.truncate(n - 2);
    if let Some(w) = words.last_mut() {
        w.push(',');
    }
    words.extend(["then", "set", "its", "address", "to"].map(String::from));
    words.push(address);
}

/// A word and the punctuation it ends with ("db," is "db" and ",").
fn split_tail(w: &str) -> (&str, &str) {
    let body = w.trim_end_matches([',', '.', ';', '?', '!']);
    (body, &w[body.len()..])
}

/// "kill it after 20 minutes", "cancel the build job after an hour": a timeout — "give it
/// a 20 minutes timeout".
fn kill_after(words: &mut Vec<String>) {
    for k in 0..words.len().saturating_sub(3) {
        if !matches!(
            bare(&words[k]).as_str(),
            "kill" | "cancel" | "abort" | "terminate" | "stop"
        ) {
            continue;
        }
        let Some(after) = (k + 2..words.len().min(k + 6)).find(|&j| bare(&words[j]) == "after")
        else {
            continue;
        };
        let amount = &words[after + 1..];
        let timed = match amount {
            [n, unit, ..] => {
                (n.parse::<f64>().is_ok() || matches!(bare(n).as_str(), "a" | "an" | "one"))
                    && super::text::time_unit(&bare(unit)).is_some()
            }
            _ => false,
        };
        if !timed {
            continue;
        }
        let who: Vec<String> = words[k + 1..after].to_vec();
        let n = if matches!(bare(&amount[0]).as_str(), "a" | "an" | "one") {
            "1".to_string()
        } else {
            amount[0].clone()
        };
        let (unit, tail) = split_tail(&amount[1]);
        let (unit, tail) = (unit.to_string(), tail.to_string());
        let mut out: Vec<String> = words[..k].to_vec();
        out.push("give".into());
        out.extend(who);
        out.extend(["a".to_string(), n, unit, format!("timeout{tail}")]);
        out.extend(words[after + 3..].iter().cloned());
        *words = out;
        return;
    }
}

/// "walk me through what this setup does": a description asked for; "if lint fails, what
/// else gets skipped?", "if db goes down, what breaks?": what depends on it.
fn asked_about(words: &mut Vec<String>) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if let Some(k) = (0..b.len().saturating_sub(2)).find(|&k| {
        matches!(b[k].as_str(), "walk" | "talk" | "take")
            && b[k + 1] == "me"
            && b[k + 2] == "through"
    }) {
        if k <= 3 {
            words.splice(..k + 3, ["describe".to_string()]);
        }
        return;
    }
    if b.len() < 5 || b[0] != "if" {
        return;
    }
    let Some(f) = (2..b.len().min(6)).find(|&f| {
        matches!(
            b[f].as_str(),
            "fails" | "breaks" | "crashes" | "dies" | "fail" | "break" | "stops" | "errors"
        ) || (b[f] == "goes" && b.get(f + 1).is_some_and(|w| w == "down"))
    }) else {
        return;
    };
    let asks = b[f + 1..]
        .iter()
        .any(|w| matches!(w.as_str(), "what" | "which" | "who"));
    let skipped = b[f + 1..].iter().any(|w| {
        matches!(
            w.as_str(),
            "skipped"
                | "skip"
                | "run"
                | "runs"
                | "breaks"
                | "break"
                | "affected"
                | "else"
                | "fails"
                | "stops"
                | "depends"
        )
    });
    if !asks || !skipped {
        return;
    }
    let mut subject: Vec<String> = words[1..f]
        .iter()
        .map(|w| w.trim_end_matches(',').to_string())
        .collect();
    if subject
        .first()
        .is_some_and(|w| w.eq_ignore_ascii_case("the"))
    {
        subject.remove(0);
    }
    let mut out: Vec<String> = ["what", "depends", "on"]
        .iter()
        .map(|w| w.to_string())
        .collect();
    out.extend(subject);
    if let Some(last) = out.last_mut() {
        last.push('?');
    }
    *words = out;
}

/// "use 8080 on the host", "expose 3001 on my machine": a published port — "publish
/// 8080".
fn host_port(words: &mut Vec<String>) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let Some(on) = (1..b.len().saturating_sub(1)).find(|&k| {
        b[k] == "on"
            && matches!(b[k + 1].as_str(), "the" | "my" | "our")
            && b.get(k + 2)
                .is_some_and(|w| matches!(w.as_str(), "host" | "machine" | "laptop" | "server"))
            && b[k - 1].parse::<u16>().is_ok()
    }) else {
        return;
    };
    let tail = split_tail(&words[on + 2]).1.to_string();
    words.drain(on..on + 3);
    if let Some(w) = words.get_mut(on - 1) {
        w.push_str(&tail);
    }
    if let Some(v) = (0..on - 1)
        .rev()
        .find(|&k| matches!(b[k].as_str(), "use" | "expose" | "map" | "bind" | "put"))
    {
        words[v] = "publish".to_string();
    }
}

/// "once build is green", "when fmt passes", "after lint has finished": after that job.
fn once_done(words: &mut Vec<String>) {
    let mut k = 0;
    while k + 2 < words.len() {
        if !matches!(bare(&words[k]).as_str(), "once" | "when" | "after" | "as") {
            k += 1;
            continue;
        }
        let mut from = k + 1;
        if bare(&words[k]) == "as" {
            if bare(&words[k + 1]) != "soon" || words.get(k + 2).is_none_or(|w| bare(w) != "as") {
                k += 1;
                continue;
            }
            from = k + 3;
        }
        // The job, then how it ended.
        let done = (from + 1..words.len().min(from + 4)).find_map(|j| {
            let w = bare(&words[j]);
            let next = words.get(j + 1).map(|w| bare(w)).unwrap_or_default();
            match w.as_str() {
                "passes" | "finishes" | "succeeds" | "completes" | "finished" | "passed"
                | "succeeded" | "completed" | "done" => Some((j, j)),
                "is" | "has" | "goes" | "went" | "turns" | "was"
                    if matches!(
                        next.as_str(),
                        "green"
                            | "done"
                            | "finished"
                            | "complete"
                            | "through"
                            | "ok"
                            | "passed"
                            | "successful"
                            | "succeeded"
                            | "completed"
                    ) =>
                {
                    Some((j, j + 1))
                }
                _ => None,
            }
        });
        let Some((j, end)) = done else {
            k += 1;
            continue;
        };
        if j == from {
            k += 1;
            continue;
        }
        let tail = split_tail(&words[end]).1.to_string();
        let mut job: Vec<String> = words[from..j].to_vec();
        if let Some(last) = job.last_mut() {
            last.push_str(&tail);
        }
        let mut put = vec!["after".to_string()];
        put.extend(job);
        words.splice(k..=end, put);
        k += 1;
    }
}

/// "set restart: always on all services": a key and its value after a colon — "set restart
/// to always …".
fn set_colon(words: &mut Vec<String>) {
    if !words.first().is_some_and(|w| w.eq_ignore_ascii_case("set")) {
        return;
    }
    if let Some(k) = (1..words.len().min(4))
        .find(|&k| words[k].ends_with(':') && words[k].len() > 1 && k + 1 < words.len())
    {
        let key = words[k].trim_end_matches(':').to_string();
        words[k] = key;
        words.insert(k + 1, "to".into());
    }
}

/// "db healthcheck: interval 10s, retries 5": several values of one scope, each a field
/// and its value after the colon — "set db healthcheck interval to 10s, set db
/// healthcheck retries to 5".
fn scoped_values(words: &mut Vec<String>) {
    let Some(k) = (0..words.len().min(3)).find(|&k| words[k].ends_with(':')) else {
        return;
    };
    let scope: Vec<String> = words[..=k]
        .iter()
        .map(|w| w.trim_end_matches(':').to_string())
        .collect();
    if scope
        .iter()
        .any(|w| w.is_empty() || w.chars().any(|c| c.is_ascii_digit()) || is_verb(w))
    {
        return;
    }
    // The items after the colon, at commas.
    let mut items: Vec<Vec<String>> = vec![Vec::new()];
    for w in &words[k + 1..] {
        let last = items.last_mut().expect("one item at least");
        last.push(w.trim_end_matches([',', ';']).to_string());
        if w.ends_with([',', ';']) {
            items.push(Vec::new());
        }
    }
    items.retain(|i| !i.is_empty());
    let valued = |item: &Vec<String>| {
        let (value, field) = match item.split_last() {
            Some(x) => x,
            None => return false,
        };
        (1..=2).contains(&field.len())
            && value.chars().next().is_some_and(|c| c.is_ascii_digit())
            && field.iter().all(|w| {
                !w.chars().any(|c| c.is_ascii_digit())
                    && !is_verb(w)
                    && lexicon::verb(&bare(w)).is_none()
            })
    };
    if items.len() < 2 || !items.iter().all(valued) {
        return;
    }
    let scope = scope.join(" ");
    let mut out: Vec<String> = Vec::new();
    for (n, item) in items.iter().enumerate() {
        let (value, field) = item.split_last().expect("a valued item");
        out.push("set".to_string());
        out.push(scope.clone());
        out.extend(field.iter().cloned());
        out.push("to".to_string());
        let last = n + 1 == items.len();
        out.push(if last {
            value.clone()
        } else {
            format!("{value},")
        });
    }
    *words = out;
}

/// "logs pipeline: drop debug exporter", "researcher: add the arxiv tool": what the order
/// is about, then the order — "drop debug exporter from the logs pipeline", "add the arxiv
/// tool to the researcher".
fn scoped_order(words: &mut Vec<String>) {
    let Some(k) = (0..words.len().min(3)).find(|&k| words[k].ends_with(':')) else {
        return;
    };
    let Some(verb) = words.get(k + 1).map(|w| bare(w)) else {
        return;
    };
    let link = match verb.as_str() {
        "drop" | "remove" | "delete" | "rm" | "detach" | "unlink" => "from",
        "add" | "attach" => "to",
        _ => return,
    };
    if k + 2 >= words.len()
        || words[..=k]
            .iter()
            .any(|w| w.chars().any(|c| c.is_ascii_digit()) || w.contains("://"))
    {
        return;
    }
    let mut scope: Vec<String> = words[..=k].to_vec();
    if let Some(last) = scope.last_mut() {
        *last = last.trim_end_matches(':').to_string();
    }
    if scope.iter().any(|w| w.is_empty()) {
        return;
    }
    let mut out: Vec<String> = words[k + 1..].to_vec();
    out.push(link.to_string());
    out.push("the".to_string());
    out.extend(scope);
    *words = out;
}

/// A misspelt word that shapes a request: "shuold", "insted", "becuase" (six letters or
/// more), "evrey" / "evey" for every — the word meant.
fn shaping_typo(w: &str) -> Option<&'static str> {
    const LONG: [&str; 5] = ["should", "instead", "because", "without", "through"];
    if LONG.contains(&w) || matches!(w, "very" | "ever" | "every" | "eve" | "even") {
        return None;
    }
    let close = |x: &str| crate::offline::text::close(w, x);
    if w.len() >= 6 {
        if let Some(meant) = LONG.into_iter().find(|x| close(x)) {
            return Some(meant);
        }
    }
    (w.len() >= 4 && close("every")).then_some("every")
}

/// Chat shorthand written out: "could u", "ur", "plz".
fn chat_speak(words: &mut [String]) {
    for w in words.iter_mut() {
        let (body, tail) = split_tail(w);
        let full = match body {
            "u" | "U" => "you",
            "ur" => "your",
            "plz" | "pls" | "pl0x" => "please",
            "w/" => "with",
            "w/o" => "without",
            "mw" | "mws" => "middleware",
            other => match shaping_typo(&other.to_lowercase()) {
                Some(meant) => meant,
                None => continue,
            },
        };
        *w = format!("{full}{tail}");
    }
    // "clean them up", "sort that out", "tidy it up", "take care of that": fix it.
    for k in 0..words.len().saturating_sub(1) {
        let w0 = words[k].to_lowercase();
        let (w1, tail1) = split_tail(&words[k + 1]);
        let w1 = w1.to_lowercase();
        let pronoun = matches!(w1.as_str(), "it" | "them" | "that" | "this" | "those");
        let particle = |j: usize, p: &str| {
            words
                .get(j)
                .is_some_and(|w| split_tail(w).0.eq_ignore_ascii_case(p))
        };
        let (end, tail) = match w0.as_str() {
            "clean" | "tidy" if pronoun && particle(k + 2, "up") => {
                (k + 3, split_tail(&words[k + 2]).1.to_string())
            }
            "clean" | "tidy" if w1 == "up" && words.len() == k + 2 => (k + 2, tail1.to_string()),
            "sort" if pronoun && particle(k + 2, "out") => {
                (k + 3, split_tail(&words[k + 2]).1.to_string())
            }
            _ => continue,
        };
        words[k] = "fix".into();
        words[k + 1] = format!("it{tail}");
        for w in &mut words[k + 2..end] {
            w.clear();
        }
    }
    // "a worker that waits for the database": a dependency.
    for k in 0..words.len().saturating_sub(1) {
        if !words[k + 1].eq_ignore_ascii_case("for") {
            continue;
        }
        let verb = match words[k].to_lowercase().as_str() {
            "waits" => "depends",
            "wait" => "depend",
            "waiting" => "depending",
            _ => continue,
        };
        words[k] = verb.into();
        words[k + 1] = "on".into();
        // "… wait for it to start", "… to be ready", "… to come up": the waiting is the
        // dependency.
        if let Some(t) = (k + 3..words.len().min(k + 6)).find(|&t| {
            bare(&words[t]) == "to"
                && words.get(t + 1).is_some_and(|w| {
                    matches!(
                        bare(w).as_str(),
                        "start" | "be" | "come" | "boot" | "finish" | "pass" | "get"
                    )
                })
        }) {
            let end = (t + 1..words.len())
                .find(|&e| words[e].ends_with([',', ';', '.', '?', '!']))
                .map_or(words.len(), |e| e + 1);
            let tail = split_tail(&words[end - 1]).1.to_string();
            for w in &mut words[t..end] {
                w.clear();
            }
            if let Some(w) = words[..t].last_mut() {
                w.push_str(&tail);
            }
        }
    }
    // "… and have web wait for it": made to.
    for k in 0..words.len().saturating_sub(3) {
        if bare(&words[k]) == "and" && bare(&words[k + 1]) == "have" {
            let mut v = k + 3;
            if bare(&words[k + 2]) == "the" {
                v += 1;
            }
            if words
                .get(v)
                .is_some_and(|w| lexicon::verb(&bare(w)).is_some())
            {
                words[k + 1] = "make".into();
            }
        }
    }
    // "hand off work to the writer", "pass tasks to": delegate to.
    for k in 0..words.len().saturating_sub(3) {
        let w0 = words[k].to_lowercase();
        let w1 = words[k + 1].to_lowercase();
        let w2 = words[k + 2].to_lowercase();
        let handoff = (w0 == "hand" && w1 == "off") || (w0 == "pass" && w1 == "on");
        if handoff
            && matches!(w2.as_str(), "work" | "tasks" | "jobs" | "questions")
            && words[k + 3].eq_ignore_ascii_case("to")
        {
            words[k] = "delegate".into();
            words[k + 1].clear();
            words[k + 2].clear();
        } else if handoff && w2 == "to" {
            words[k] = "delegate".into();
            words[k + 1].clear();
        }
    }
    // "1000 requests a minute": per minute.
    for k in 2..words.len().saturating_sub(1) {
        let unit = split_tail(&words[k + 1]).0.to_lowercase();
        if matches!(words[k].to_lowercase().as_str(), "a" | "an")
            && matches!(unit.as_str(), "second" | "minute" | "hour" | "day")
            && crate::offline::text::parse_number(&words[k - 2]).is_some()
        {
            words[k] = "per".into();
        }
    }
    // "wrap both agents in retries": add retries to them.
    if words.len() > 3 && words[0].eq_ignore_ascii_case("wrap") {
        if let Some(i) = words.iter().position(|w| w.eq_ignore_ascii_case("in")) {
            if i > 1 && i + 1 < words.len() {
                let what: Vec<String> = words[1..i].to_vec();
                let with: Vec<String> = words[i + 1..].to_vec();
                let mut out = vec!["add".to_string()];
                out.extend(with);
                out.push("to".into());
                out.extend(what);
                for (k, w) in out.into_iter().enumerate() {
                    if k < words.len() {
                        words[k] = w;
                    }
                }
            }
        }
    }
    // "trace half of the requests", "a quarter of the traces": a share in percent.
    for k in 0..words.len().saturating_sub(1) {
        let next = words[k + 1].to_lowercase();
        if !matches!(next.as_str(), "of" | "the" | "all") {
            continue;
        }
        let share = match words[k].to_lowercase().as_str() {
            "half" => "50%",
            "quarter" if k > 0 && words[k - 1].eq_ignore_ascii_case("a") => "25%",
            "tenth" if k > 0 && words[k - 1].eq_ignore_ascii_case("a") => "10%",
            _ => continue,
        };
        if share != "50%" {
            words[k - 1].clear();
        }
        words[k] = share.to_string();
    }
    // "blocks personal data", "personally identifiable information": PII, as the fields
    // that handle it say (`block_pii`).
    for k in 0..words.len().saturating_sub(1) {
        let w0 = words[k].to_lowercase();
        let span = match w0.as_str() {
            "personal" => 2,
            "personally"
                if words.len() > k + 2
                    && split_tail(&words[k + 1])
                        .0
                        .eq_ignore_ascii_case("identifiable") =>
            {
                3
            }
            _ => continue,
        };
        let (last, tail) = split_tail(&words[k + span - 1]);
        let noun = last.to_lowercase();
        if matches!(noun.as_str(), "data" | "info" | "information" | "details") {
            let tail = tail.to_string();
            words[k] = format!("pii{tail}");
            for w in &mut words[k + 1..k + span] {
                w.clear();
            }
        }
    }
    // "16000 tokens per reply", "10 passages per question": an amount for one exchange is
    // the amount itself — the field counts it per call already.
    for k in 1..words.len().saturating_sub(1) {
        let (body, tail) = split_tail(&words[k + 1]);
        let exchange = [
            "reply",
            "replies",
            "response",
            "responses",
            "answer",
            "answers",
            "question",
            "questions",
            "query",
            "queries",
            "call",
            "calls",
            "message",
            "messages",
            "turn",
            "completion",
            "request",
            "lookup",
            "search",
            "retrieval",
        ]
        .iter()
        .any(|x| crate::offline::text::close(&body.to_lowercase(), x));
        if words[k].to_lowercase() == "per" && exchange && words[k - 1].len() > 2 {
            let tail = tail.to_string();
            words[k] = String::new();
            words[k + 1] = String::new();
            words[k - 1].push_str(&tail);
        }
    }
    // "a bit more creative", "a little lower": degree words say nothing to change.
    for k in 0..words.len().saturating_sub(2) {
        let (w0, w1) = (words[k].to_lowercase(), words[k + 1].to_lowercase());
        let next = words[k + 2].to_lowercase();
        if w0 == "a"
            && matches!(w1.as_str(), "bit" | "little" | "tad")
            && (matches!(next.as_str(), "more" | "less") || next.ends_with("er"))
        {
            words[k] = String::new();
            words[k + 1] = String::new();
        }
    }
    // "spin up a RAG bot", "whip up a research team": create one.
    for k in 0..words.len().saturating_sub(1) {
        let verb = words[k].to_lowercase();
        if matches!(verb.as_str(), "spin" | "whip" | "stand") && words[k + 1].to_lowercase() == "up"
        {
            words[k] = "create".to_string();
            words[k + 1] = String::new();
        }
    }
}

/// Units and counted things a number word is the amount of ("two days", "one minute",
/// "ten rounds").
const COUNTED: &[&str] = &[
    "second",
    "seconds",
    "minute",
    "minutes",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "year",
    "years",
    "message",
    "messages",
    "round",
    "rounds",
    "iteration",
    "iterations",
    "token",
    "tokens",
    "request",
    "requests",
    "retry",
    "retries",
    "attempt",
    "attempts",
    "replica",
    "replicas",
    "percent",
    "gb",
    "gig",
    "gigs",
    "mb",
    "passage",
    "passages",
    "result",
    "results",
    "step",
    "steps",
    "turn",
    "turns",
    "times",
    "worker",
    "workers",
    "instance",
    "instances",
    "copies",
    "core",
    "cores",
    "cpu",
    "cpus",
];

/// The value of number words ("four thousand", "twenty-five", "a hundred", "two hundred
/// and fifty"), or `None` when `words` are not all number words.
fn spelled_number(words: &[String]) -> Option<f64> {
    let unit = |w: &str| -> Option<f64> {
        let small = [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ];
        if let Some(n) = small.iter().position(|s| *s == w) {
            return Some(n as f64);
        }
        let tens = [
            "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
        ];
        tens.iter()
            .position(|s| *s == w)
            .map(|n| (n as f64 + 2.0) * 10.0)
    };
    let mut total: f64 = 0.0;
    let mut current: f64 = 0.0;
    let mut any = false;
    // "a hundred" is 100, but "a five minute timeout" is 5: an article before a number.
    let mut article = false;
    for (i, w) in words.iter().enumerate() {
        let w = w.to_lowercase();
        for part in w.split('-') {
            match part {
                "a" if i == 0 => {
                    current = 1.0;
                    article = true;
                }
                "and" if any => {}
                "hundred" if any || current > 0.0 => current = current.max(1.0) * 100.0,
                "thousand" if any || current > 0.0 => {
                    total += current.max(1.0) * 1000.0;
                    current = 0.0;
                }
                "dozen" => current = current.max(1.0) * 12.0,
                other => {
                    if article {
                        current = 0.0;
                    }
                    current += unit(other)?
                }
            }
            if part != "a" {
                article = false;
            }
            any = true;
        }
    }
    (any && (total + current) > 0.0 || words.len() == 1 && words[0] == "zero")
        .then_some(total + current)
}

/// Decimals said in words: "zero point two" → "0.2", "one point five" → "1.5", "0 point
/// 25" → "0.25". The digits after "point" are read one by one ("point two five" is .25).
fn decimals(words: &mut Vec<String>) {
    const DIGITS: &[&str] = &[
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    let digit = |w: &str| -> Option<String> {
        let w = w.to_lowercase();
        if !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()) {
            return Some(w);
        }
        DIGITS.iter().position(|d| *d == w).map(|n| n.to_string())
    };
    let mut p = 1;
    while p + 1 < words.len() {
        if bare(&words[p]) != "point" || !split_tail(&words[p - 1]).1.is_empty() {
            p += 1;
            continue;
        }
        let whole = {
            let w = words[p - 1].to_lowercase();
            if w.chars().all(|c| c.is_ascii_digit()) {
                Some(w)
            } else if w == "a" || w.contains('-') {
                None
            } else {
                spelled_number(&[w]).map(|v| super::text::json_number(v).to_string())
            }
        };
        let Some(whole) = whole else {
            p += 1;
            continue;
        };
        let mut fraction = String::new();
        let mut end = p + 1;
        let mut tail = String::new();
        while end < words.len() {
            let (body, t) = split_tail(&words[end]);
            let Some(d) = digit(body) else {
                break;
            };
            fraction.push_str(&d);
            end += 1;
            if !t.is_empty() {
                tail = t.to_string();
                break;
            }
        }
        if fraction.is_empty() {
            p += 1;
            continue;
        }
        words.splice(p - 1..end, [format!("{whole}.{fraction}{tail}")]);
    }
}

/// Numbers said in words, as digits: "keep the notes for two days" → "… 2 days", "max
/// tokens to four thousand" → "… 4000", "kill it after twenty minutes". "one" only before
/// a unit ("one minute"; "the writer one" is no number), "a" only before "hundred",
/// "thousand" or "dozen".
fn number_words(words: &mut Vec<String>) {
    // Text the request gives to write (after a colon, in quotes, a prompt's words) is
    // left as it is.
    let free = |words: &[String]| {
        words
            .iter()
            .position(|w| {
                w.ends_with(':')
                    || w.starts_with(['"', '\'', '“', '‘', '`'])
                    || matches!(
                        bare(w).as_str(),
                        "prompt"
                            | "instructions"
                            | "instruction"
                            | "description"
                            | "tell"
                            | "say"
                            | "saying"
                            | "says"
                            | "told"
                            | "message"
                            | "persona"
                            | "tone"
                    )
            })
            .unwrap_or(words.len())
    };
    // Where the free text starts, moved back as runs of words become one number.
    let mut stop = free(words);
    let mut i = 0;
    while i < stop {
        // The longest run of number words from here, ending at a word's own punctuation.
        let mut end = i;
        let mut best: Option<(usize, f64)> = None;
        while end < words.len() && end - i < 6 {
            let (body, _) = split_tail(&words[end]);
            let body = body.to_lowercase();
            let ok = body.split('-').all(|p| {
                spelled_number(&[p.to_string()]).is_some()
                    || matches!(p, "hundred" | "thousand" | "dozen" | "and" | "a")
            });
            if !ok {
                break;
            }
            let run: Vec<String> = words[i..=end]
                .iter()
                .map(|w| split_tail(w).0.to_lowercase())
                .collect();
            if let Some(v) = spelled_number(&run) {
                if !run.last().is_some_and(|w| w == "and" || w == "a") {
                    best = Some((end, v));
                }
            }
            if split_tail(&words[end]).1.is_empty() {
                end += 1;
            } else {
                break;
            }
        }
        let Some((last, v)) = best else {
            i += 1;
            continue;
        };
        let first = split_tail(&words[i]).0.to_lowercase();
        let next = words.get(last + 1).map(|w| split_tail(w).0.to_lowercase());
        let counted = next.as_deref().is_some_and(|n| COUNTED.contains(&n));
        let single = last == i;
        let vague = single && matches!(first.as_str(), "one" | "a" | "and");
        if vague && !counted {
            i += 1;
            continue;
        }
        let tail = split_tail(&words[last]).1.to_string();
        let digits = format!("{}{tail}", super::text::json_number(v));
        words.splice(i..=last, [digits]);
        stop -= last - i;
        i += 1;
    }
}

/// A value moved with a particle: "bring the temperature down to 0.2" → "set the
/// temperature to 0.2", "nudge the model's temperature up by 0.2" → "raise the model's
/// temperature by 0.2", "turn down the retries by 2" → "lower the retries by 2".
fn dialed(words: &mut Vec<String>) {
    const MOVERS: &[&str] = &[
        "bring", "get", "take", "turn", "dial", "crank", "knock", "push", "nudge", "move", "put",
        "ramp", "scale",
    ];
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let Some(v) = b.iter().position(|w| MOVERS.contains(&w.as_str())) else {
        return;
    };
    let Some(u) = (v + 1..b.len()).find(|&u| matches!(b[u].as_str(), "up" | "down")) else {
        return;
    };
    // "to" or "by" and a number: right after the particle ("bring X down to 0.2"), or
    // after what it moves ("turn down X to 0.2").
    let Some(m) = (u + 1..b.len().saturating_sub(1))
        .find(|&m| matches!(b[m].as_str(), "to" | "by") && b[m + 1].parse::<f64>().is_ok())
    else {
        return;
    };
    // Nothing but what is moved between them.
    if !split_tail(&words[u]).1.is_empty()
        || (v + 1..m).any(|k| !split_tail(&words[k]).1.is_empty())
    {
        return;
    }
    let moved: Vec<String> = (v + 1..m)
        .filter(|&k| k != u)
        .map(|k| words[k].clone())
        .collect();
    if moved.is_empty() {
        return;
    }
    let up = b[u] == "up";
    let verb = match (b[m].as_str(), up) {
        ("to", _) => "set",
        (_, true) => "raise",
        (_, false) => "lower",
    };
    let mut out: Vec<String> = words[..v].to_vec();
    out.push(verb.to_string());
    out.extend(moved);
    out.extend(words[m..].iter().cloned());
    *words = out;
}

/// Relative amounts said as a comparison: "cut the writer's max tokens in half" → "halve
/// the writer's max tokens", "make the temperature twice what it is now" → "double the
/// temperature", "retrieve twice as many passages" → "double the passages".
fn relative(words: &mut Vec<String>) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    // "… in half", "… by half".
    if let Some(h) =
        (2..b.len()).find(|&h| b[h] == "half" && matches!(b[h - 1].as_str(), "in" | "by"))
    {
        if matches!(
            b[0].as_str(),
            "cut"
                | "reduce"
                | "lower"
                | "drop"
                | "make"
                | "set"
                | "bring"
                | "decrease"
                | "slash"
                | "split"
        ) {
            let tail = split_tail(&words[h]).1.to_string();
            let mut out = vec!["halve".to_string()];
            out.extend(words[1..h - 1].iter().cloned());
            if let Some(w) = out.last_mut() {
                w.push_str(&tail);
            }
            out.extend(words[h + 1..].iter().cloned());
            *words = out;
            return;
        }
    }
    let Some(t) = b.iter().position(|w| w == "twice") else {
        return;
    };
    // "twice as many passages": double those.
    if b.get(t + 1).is_some_and(|w| w == "as")
        && b.get(t + 2)
            .is_some_and(|w| matches!(w.as_str(), "many" | "much"))
        && t + 3 < b.len()
    {
        let mut out = vec!["double".to_string(), "the".to_string()];
        out.extend(words[t + 3..].iter().cloned());
        // "can we allow twice as many …?" asked for it: the order is no question.
        let asked = b[..t]
            .iter()
            .any(|w| matches!(w.as_str(), "can" | "could" | "would" | "will"));
        if asked {
            if let Some(last) = out.last_mut() {
                *last = last.trim_end_matches('?').to_string();
            }
        }
        *words = out;
        return;
    }
    // "make the temperature twice what it is now", "set X to twice its value".
    if t >= 2
        && matches!(
            b[0].as_str(),
            "make" | "set" | "raise" | "bump" | "increase"
        )
    {
        let mut upto = t;
        if b[upto - 1] == "to" {
            upto -= 1;
        }
        let rest = &b[t + 1..];
        let comparison = rest.is_empty()
            || rest.iter().all(|w| {
                matches!(
                    w.as_str(),
                    "what"
                        | "it"
                        | "is"
                        | "its"
                        | "it's"
                        | "now"
                        | "currently"
                        | "value"
                        | "as"
                        | "big"
                        | "high"
                        | "much"
                        | "long"
                        | "large"
                        | "the"
                        | "current"
                        | "was"
                        | "today"
                )
            });
        if comparison && upto > 1 {
            let mut out = vec!["double".to_string()];
            out.extend(words[1..upto].iter().cloned());
            *words = out;
        }
    }
}

/// "the bot is too creative", "make my bot more focused": in a document with one agent,
/// "the bot" is that agent, by its name.
fn the_bot(words: &mut [String], scene: &Scene) {
    let agents: Vec<String> = scene
        .of_kind("agent")
        .map(|(_, c)| c.name.clone())
        .collect();
    let [agent] = agents.as_slice() else {
        return;
    };
    if agent.contains(char::is_whitespace) {
        return;
    }
    for k in 1..words.len() {
        let (body, tail) = split_tail(&words[k]);
        let is_bot = matches!(
            body.to_lowercase().as_str(),
            "bot" | "chatbot" | "bot's" | "chatbot's"
        );
        if is_bot && matches!(bare(&words[k - 1]).as_str(), "the" | "my" | "our" | "this") {
            let possessive = body.ends_with("'s");
            words[k] = format!("{agent}{}{tail}", if possessive { "'s" } else { "" });
        }
    }
}

/// "let the planner stop after 15 iterations", "let web restart unless stopped": what a
/// component is let do that is how it behaves, not what it uses — "the planner should stop
/// after 15 iterations".
fn let_should(words: &mut Vec<String>, scene: &Scene) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if b.len() < 4 || b[0] != "let" {
        return;
    }
    let mut k = 1;
    if b[k] == "the" {
        k += 1;
    }
    if named(scene, &b[k]).is_empty() {
        return;
    }
    k += 1;
    if b.get(k).is_some_and(|w| kind_of_word(scene, w).is_some()) {
        k += 1;
    }
    let behaves = b.get(k).is_some_and(|w| {
        matches!(
            w.as_str(),
            "stop"
                | "keep"
                | "retry"
                | "remember"
                | "forget"
                | "restart"
                | "time"
                | "wait"
                | "give"
                | "run"
                | "cache"
                | "try"
                | "answer"
                | "reply"
                | "respond"
        )
    });
    if !behaves || k + 1 >= b.len() {
        return;
    }
    // "let web wait for db": a dependency, which "let" reads already.
    if b[k] == "wait" || (b[k] == "run" && b.get(k + 1).is_some_and(|w| w == "on")) {
        return;
    }
    let mut out: Vec<String> = words[1..k].to_vec();
    out.push("should".to_string());
    out.extend(words[k..].iter().cloned());
    *words = out;
}

/// Numbers written as words, read where a value goes ("to zero", "at ten").
const NUMBER_WORDS: &[(&str, &str)] = &[
    ("zero", "0"),
    ("one", "1"),
    ("two", "2"),
    ("three", "3"),
    ("four", "4"),
    ("five", "5"),
    ("six", "6"),
    ("seven", "7"),
    ("eight", "8"),
    ("nine", "9"),
    ("ten", "10"),
    ("eleven", "11"),
    ("twelve", "12"),
    ("fifteen", "15"),
    ("twenty", "20"),
    ("thirty", "30"),
    ("forty", "40"),
    ("fifty", "50"),
    ("sixty", "60"),
    ("hundred", "100"),
    ("thousand", "1000"),
];

/// Common ways of saying a change, put as the plain request they mean:
/// - a number word where a value goes ("to zero" → "to 0");
/// - `field=number` ("temp=0.9" → "temp to 0.9"; `KEY=value` environment entries stay);
/// - hyphenated names of a variant ("rate-limit" → "rate limit");
/// - "… instead of X", "… rather than X": what is replaced, said as well, dropped;
/// - "stop/prevent X from doing …" → "make X stop doing …";
/// - "take/pull X out of Y" → "remove X from Y", "take out X" → "remove X";
/// - "new agent …" with no verb → "add new agent …";
/// - a variant before what gets it, with no verb ("rate-limit every agent") → "add rate
///   limit to every agent";
/// - "make X keep 50 messages" → "set X messages to 50".
///
/// Each only rewrites wording; the result is read like any other request.
fn phrasing(words: &mut Vec<String>, scene: &Scene) {
    if words.is_empty() {
        return;
    }
    colon_text(words, scene);
    field_phrasings(words, scene);
    // Before "give A B" is read as A getting B: "give B to A".
    give_to(words);
    let strip = |w: &str| -> (String, String) {
        let (body, tail) = split_tail(w);
        (body.to_string(), tail.to_string())
    };
    // Number words after "to", "at", "=".
    for i in 1..words.len() {
        if !matches!(bare(&words[i - 1]).as_str(), "to" | "at" | "=") {
            continue;
        }
        let (body, tail) = strip(&words[i]);
        if let Some((_, n)) = NUMBER_WORDS.iter().find(|(w, _)| *w == body.to_lowercase()) {
            let next_is_noun = words
                .get(i + 1)
                .is_some_and(|n| !named(scene, n).is_empty() || kind_of_word(scene, n).is_some());
            if tail.is_empty() && next_is_noun {
                continue;
            }
            words[i] = format!("{n}{tail}");
        }
    }
    // "to an hour", "at a minute": one of that unit.
    for i in 1..words.len().saturating_sub(1) {
        if matches!(bare(&words[i - 1]).as_str(), "to" | "at")
            && matches!(bare(&words[i]).as_str(), "a" | "an")
            && matches!(
                bare(&words[i + 1]).as_str(),
                "hour" | "minute" | "second" | "day" | "week"
            )
        {
            words[i] = "1".to_string();
        }
    }
    // field=number.
    let mut i = 0;
    while i < words.len() {
        let (body, tail) = strip(&words[i]);
        if let Some((k, v)) = body.split_once('=') {
            let key_ok = !k.is_empty()
                && k.chars().any(|c| c.is_ascii_lowercase())
                && k.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == '-' || c == '.');
            if key_ok && !v.is_empty() && v.parse::<f64>().is_ok() {
                let parts = [k.to_string(), "to".to_string(), format!("{v}{tail}")];
                words.splice(i..i + 1, parts);
                i += 3;
                continue;
            }
        }
        i += 1;
    }
    // Values of enumerated fields written with spaces ("restart on failure", "unless
    // stopped"): the value as the schema writes it.
    let mut options: Vec<String> = scene
        .kinds
        .iter()
        .flat_map(|k| k.fields.iter())
        .flat_map(|f| {
            let mut out: Vec<String> = f
                .options()
                .into_iter()
                .filter_map(|o| o.as_str().map(str::to_string))
                .collect();
            // The words of a pattern of alternatives (`^(no|always|on-failure…)$`).
            if let trellis_schema::Input::Text {
                pattern: Some(p), ..
            } = &f.input
            {
                out.extend(
                    p.split(['|', '(', ')', '^', '$', '?'])
                        .filter(|w| !w.is_empty())
                        .map(str::to_string),
                );
            }
            out
        })
        .filter(|o| {
            o.contains(['-', '_'])
                && o.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        })
        .collect();
    options.sort_by_key(|o| std::cmp::Reverse(o.len()));
    options.dedup();
    for option in &options {
        let parts: Vec<String> = option.split(['-', '_']).map(str::to_lowercase).collect();
        let n = parts.len();
        if n < 2 {
            continue;
        }
        let mut i = 0;
        while i + n <= words.len() {
            let matched = (0..n).all(|k| {
                let w = if k + 1 == n {
                    bare(&words[i + k])
                } else {
                    words[i + k].to_lowercase()
                };
                w == parts[k]
            });
            if matched {
                let (_, tail) = strip(&words[i + n - 1]);
                words.splice(i..i + n, [format!("{option}{tail}")]);
                // "make web restart on failure": the value closes the request; said with
                // "to" it is read as one.
                let last = i + 1 == words.len();
                let no_marker = !words[..i]
                    .iter()
                    .any(|w| matches!(bare(w).as_str(), "to" | "=" | "as" | "at"));
                if last && i > 1 && no_marker {
                    words.insert(i, "to".to_string());
                    i += 1;
                }
            }
            i += 1;
        }
    }
    if words.len() > 2
        && options.contains(&bare(&words[words.len() - 1]))
        && !words[..words.len() - 1]
            .iter()
            .any(|w| matches!(bare(w).as_str(), "to" | "=" | "as" | "at"))
    {
        let at = words.len() - 1;
        words.insert(at, "to".to_string());
    }
    // "move billing onto the triage model": what it uses.
    {
        let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
        if b.len() > 3 && matches!(b[0].as_str(), "move" | "migrate" | "shift") {
            if let Some(o) = (2..b.len() - 1).find(|&o| matches!(b[o].as_str(), "onto" | "to")) {
                let object_named =
                    !named(scene, &b[o - 1]).is_empty() || kind_of_word(scene, &b[o - 1]).is_some();
                let target_named = b[o + 1..]
                    .iter()
                    .any(|w| !named(scene, w).is_empty() || kind_of_word(scene, w).is_some());
                if object_named && target_named {
                    let mut out = vec!["make".to_string()];
                    out.extend(words[1..o].iter().cloned());
                    out.push("use".to_string());
                    out.extend(words[o + 1..].iter().cloned());
                    *words = out;
                }
            }
        }
    }
    // Hyphenated variant names.
    let known_variants: Vec<&str> = scene
        .kinds
        .iter()
        .flat_map(|k| k.variants.iter().map(String::as_str))
        .collect();
    let synonyms: Vec<&str> = lexicon::VARIANT_SYNONYMS
        .iter()
        .filter(|(v, _)| known_variants.contains(v))
        .flat_map(|(_, syn)| syn.iter().copied())
        .collect();
    let mut i = 0;
    while i < words.len() {
        let (body, tail) = strip(&words[i]);
        let spaced = body.to_lowercase().replace('-', " ");
        if body.contains('-')
            && named(scene, &body).is_empty()
            && synonyms.contains(&spaced.as_str())
        {
            let mut parts: Vec<String> = spaced.split(' ').map(str::to_string).collect();
            if let Some(last) = parts.last_mut() {
                last.push_str(&tail);
            }
            let n = parts.len();
            words.splice(i..i + 1, parts);
            i += n;
            continue;
        }
        i += 1;
    }
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    // "use llama3.1 instead of llama3", "upgrade llama3 to llama3.1": one model identifier
    // for another is a replacement.
    let ids = |x: &str, y: &str| {
        lexicon::model_family(x).is_some() && lexicon::model_family(y).is_some() && x != y
    };
    if b.len() == 5
        && matches!(b[0].as_str(), "use" | "try")
        && b[2] == "instead"
        && b[3] == "of"
        && ids(&b[1], &b[4])
    {
        *words = vec!["replace".into(), b[4].clone(), "with".into(), b[1].clone()];
        return;
    }
    if b.len() == 4
        && matches!(b[0].as_str(), "upgrade" | "downgrade" | "bump" | "move")
        && b[2] == "to"
        && ids(&b[1], &b[3])
    {
        *words = vec!["replace".into(), b[1].clone(), "with".into(), b[3].clone()];
        return;
    }
    // "… instead of X", "… rather than X" — kept between two ports ("on 3001 instead of
    // 3000": the published port moves).
    let digits = |w: &String| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    if let Some(k) = (1..b.len()).find(|&k| {
        ((b[k] == "instead" && b.get(k + 1).is_some_and(|n| n == "of"))
            || (b[k] == "rather" && b.get(k + 1).is_some_and(|n| n == "than")))
            && !(digits(&b[k - 1]) && b.get(k + 2).is_some_and(digits))
    }) {
        let mut end = k + 2;
        while end < b.len() && end < k + 6 {
            let done = words[end].ends_with([',', ';', '.']);
            end += 1;
            if done {
                break;
            }
            if b.get(end)
                .is_some_and(|w| matches!(w.as_str(), "and" | "then" | "but"))
            {
                break;
            }
        }
        if end > k + 2 {
            let closing = words[end - 1].ends_with([',', ';']);
            words.drain(k..end);
            if closing {
                if let Some(prev) = words.get_mut(k - 1) {
                    prev.push(',');
                }
            }
            return phrasing(words, scene);
        }
    }
    // "stop X from doing …", "prevent X from doing …".
    if matches!(b[0].as_str(), "stop" | "prevent" | "block") {
        if let Some(f) = (2..b.len().min(7)).find(|&f| b[f] == "from") {
            if b.get(f + 1).is_some_and(|w| w.ends_with("ing")) {
                let mut out = vec!["make".to_string()];
                out.extend(words[1..f].iter().cloned());
                out.push("stop".to_string());
                out.extend(words[f + 1..].iter().cloned());
                *words = out;
                return;
            }
        }
    }
    // "limit prometheus to 2G of memory", "cap api at 0.5 of cpus": the limit of that.
    if matches!(b[0].as_str(), "limit" | "cap") && b.len() >= 6 {
        if let Some(t) = (2..b.len() - 3).find(|&t| matches!(b[t].as_str(), "to" | "at")) {
            if b[t + 2] == "of" {
                let mut out = vec!["set".to_string()];
                out.extend(words[1..t].iter().cloned());
                if let Some(last) = out.last_mut() {
                    if !last.ends_with("'s") {
                        last.push_str("'s");
                    }
                }
                out.extend(words[t + 3..].iter().map(|w| strip(w).0));
                out.push("limit".to_string());
                out.push("to".to_string());
                out.push(words[t + 1].clone());
                *words = out;
                return;
            }
        }
    }
    // "collect host metrics every 10s", "scrape prometheus every 30 seconds": the
    // interval, in a document that has something to set it on.
    if !scene.is_empty()
        && lexicon::verb(&b[0]).is_none()
        && !b.iter().any(|w| {
            matches!(
                w.as_str(),
                "to" | "=" | "add" | "create" | "new" | "job" | "workflow"
            )
        })
    {
        if let Some(e) = (1..b.len() - 1).find(|&e| b[e] == "every") {
            let first = &b[e + 1];
            let digits: String = first.chars().take_while(char::is_ascii_digit).collect();
            let unit_of = |u: &str| match u {
                "s" | "sec" | "secs" | "second" | "seconds" => Some("s"),
                "m" | "min" | "mins" | "minute" | "minutes" => Some("m"),
                "h" | "hr" | "hour" | "hours" => Some("h"),
                "ms" | "millisecond" | "milliseconds" => Some("ms"),
                _ => None,
            };
            let (unit, used) = match unit_of(&first[digits.len()..]) {
                Some(u) => (Some(u), 1),
                None if first.len() == digits.len() => (b.get(e + 2).and_then(|w| unit_of(w)), 2),
                None => (None, 0),
            };
            if let (false, Some(unit)) = (digits.is_empty(), unit) {
                let keep_first = !scene.named(&b[0]).is_empty();
                let mut out = vec!["set".to_string()];
                let from = if keep_first { 0 } else { 1 };
                out.extend(words[from..e].iter().cloned());
                out.push("interval".to_string());
                out.push("to".to_string());
                out.push(format!("{digits}{unit}"));
                out.extend(words[e + 1 + used..].iter().cloned());
                *words = out;
                return;
            }
        }
    }
    // "fix what you can", "fix whatever you can": the quick fixes.
    if b[0] == "fix" && b.len() >= 3 && matches!(b[1].as_str(), "what" | "whatever" | "anything") {
        *words = vec!["fix".to_string(), "the".to_string(), "errors".to_string()];
        return;
    }
    // "sort out the broken needs", "straighten out …": fix them.
    if matches!(b[0].as_str(), "sort" | "straighten") && b.len() > 2 && b[1] == "out" {
        words[0] = "fix".to_string();
        words.remove(1);
        return;
    }
    // "take X out of Y", "take out X", "take X off Y", "take X away from Y".
    if matches!(b[0].as_str(), "take" | "pull" | "kick") && words.len() > 2 {
        if let Some(o) = (2..b.len().min(8)).find(|&o| b[o] == "off" && o + 1 < b.len()) {
            words[0] = "remove".to_string();
            words[o] = "from".to_string();
            return;
        }
        if b[1] == "out" || b[1] == "away" {
            words[0] = "remove".to_string();
            words.remove(1);
            return;
        }
        // "take the refund tool away from billing".
        if let Some(o) = (2..b.len().min(8))
            .find(|&o| b[o] == "away" && b.get(o + 1).is_some_and(|w| w == "from"))
        {
            words[0] = "remove".to_string();
            words.remove(o);
            return;
        }
        if let Some(o) = (2..b.len().min(8)).find(|&o| b[o] == "out") {
            words[0] = "remove".to_string();
            if b.get(o + 1).is_some_and(|w| w == "of") {
                words[o] = "from".to_string();
                words.remove(o + 1);
            } else {
                let (_, tail) = strip(&words[o]);
                words.remove(o);
                if let Some(prev) = words.get_mut(o - 1) {
                    prev.push_str(&tail);
                }
            }
            return;
        }
    }
    // "hand work to", "hand off to", "pass tasks to": delegating.
    {
        let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
        let mut k = 0;
        while k + 2 < b.len() {
            let hand = matches!(
                b[k].as_str(),
                "hand" | "hands" | "pass" | "passes" | "handoff"
            );
            let what = matches!(
                b[k + 1].as_str(),
                "work" | "tasks" | "off" | "over" | "jobs" | "things" | "questions"
            );
            if hand && what && b[k + 2] == "to" {
                words.splice(k..k + 2, ["delegate".to_string()]);
                break;
            }
            k += 1;
        }
    }
    // "… should time out after 30 minutes": the timeout.
    {
        let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
        if let Some(t) = (1..b.len().saturating_sub(2)).find(|&t| {
            (b[t] == "time" && b[t + 1] == "out" && b[t + 2] == "after")
                || (b[t] == "timeout" && b[t + 1] == "after")
        }) {
            let skip = if b[t] == "time" { 3 } else { 2 };
            let modal = t >= 1 && matches!(b[t - 1].as_str(), "should" | "must" | "to");
            let subject_end = if modal { t - 1 } else { t };
            if subject_end > 0 {
                let mut out = vec!["set".to_string()];
                out.extend(words[..subject_end].iter().cloned());
                // "lint should time out …": the timeout is lint's (a name that is a verb
                // is read as a name when it owns the field).
                if let Some(last) = out.last_mut() {
                    if !last.ends_with("'s")
                        && last
                            .chars()
                            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
                    {
                        last.push_str("'s");
                    }
                }
                out.push("timeout".to_string());
                out.push("to".to_string());
                out.extend(words[t + skip..].iter().cloned());
                *words = out;
                return;
            }
        }
    }
    // "no more arxiv for the researcher": it goes.
    {
        let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
        if b.len() > 2 && b[0] == "no" && b[1] == "more" {
            let mut out = vec!["remove".to_string()];
            for (k, w) in words[2..].iter().enumerate() {
                if b[k + 2] == "for" {
                    out.push("from".to_string());
                } else {
                    out.push(w.clone());
                }
            }
            *words = out;
            return;
        }
    }
    if scene.is_empty() {
        return;
    }
    // "could the planner get max_iterations 8?", "can web have port 8080": a component
    // given something; "have build wait for lint": made to.
    {
        let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
        let modal = usize::from(matches!(b[0].as_str(), "could" | "can" | "may"));
        let mut k = modal;
        if b.get(k).is_some_and(|w| w == "the") {
            k += 1;
        }
        let named_at = b.get(k).is_some_and(|w| !named(scene, w).is_empty());
        if named_at {
            let mut after = k + 1;
            if b.get(after)
                .is_some_and(|w| kind_of_word(scene, w).is_some())
            {
                after += 1;
            }
            let gets = modal == 1
                && b.get(after)
                    .is_some_and(|w| matches!(w.as_str(), "get" | "have"))
                && after + 1 < b.len();
            if gets {
                let mut out = vec!["give".to_string()];
                out.extend(words[modal..after].iter().cloned());
                out.extend(words[after + 1..].iter().cloned());
                if let Some(last) = out.last_mut() {
                    *last = last.trim_end_matches('?').to_string();
                }
                *words = out;
                return;
            }
        }
        if b[0] == "have" && b.len() > 3 {
            let mut k = 1;
            if b[k] == "the" {
                k += 1;
            }
            if b.get(k).is_some_and(|w| !named(scene, w).is_empty())
                && b.get(k + 1)
                    .is_some_and(|w| is_verb(w) || lexicon::verb(w).is_some())
            {
                words[0] = "make".to_string();
                return;
            }
        }
    }
    // "set up caching for the researcher": something added to a setup there is.
    if b.len() > 2
        && b[0] == "set"
        && b[1] == "up"
        && !b.iter().any(|w| lexicon::SETUP_NOUNS.contains(&w.as_str()))
    {
        words.splice(0..2, ["add".to_string()]);
        return;
    }
    unused(words, scene);
    should_flag(words, scene);
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    // "new agent …", "new agent X on the agent model, it can use …" (a verb in a later
    // clause is that clause's).
    let first_clause = words
        .iter()
        .position(|w| w.ends_with([',', ';']))
        .map_or(words.len(), |i| i + 1);
    if b[0] == "new" && words.len() > 1 && !b[..first_clause].iter().any(|w| is_verb(w)) {
        words.insert(0, "add".to_string());
        return;
    }
    // "rate limit every agent", "retries for all agents": a variant, then who gets it.
    let mut sorted = synonyms.clone();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for syn in sorted {
        let n = syn.split(' ').count();
        if b.len() <= n || b[..n].join(" ") != syn {
            continue;
        }
        let rest = &b[n..];
        if rest.iter().any(|w| is_verb(w)) {
            continue;
        }
        let who = rest.first().is_some_and(|w| {
            lexicon::ALL_WORDS.contains(&w.as_str())
                || w == "the"
                || !named(scene, w).is_empty()
                || (matches!(w.as_str(), "for" | "on" | "to")
                    && rest.get(1).is_some_and(|x| {
                        lexicon::ALL_WORDS.contains(&x.as_str())
                            || x == "the"
                            || !named(scene, x).is_empty()
                    }))
        });
        if who {
            let mut out = vec!["add".to_string()];
            out.extend(words[..n].iter().cloned());
            if !matches!(rest[0].as_str(), "for" | "on" | "to") {
                out.push("to".to_string());
            }
            out.extend(words[n..].iter().cloned());
            *words = out;
            return;
        }
    }
}

/// "the unused provider": the one component of that kind nothing refers to.
fn unused(words: &mut [String], scene: &Scene) {
    for i in 1..words.len().saturating_sub(1) {
        if bare(&words[i]) != "unused" || bare(&words[i - 1]) != "the" {
            continue;
        }
        let Some(kind) = kind_of_word(scene, &words[i + 1]) else {
            continue;
        };
        let unused: Vec<usize> = (0..scene.components.len())
            .filter(|&c| scene.components[c].kind == kind)
            .filter(|&c| {
                (0..scene.components.len()).all(|o| {
                    o == c
                        || referred_names(scene, o)
                            .iter()
                            .all(|n| *n != scene.components[c].name)
                })
            })
            .collect();
        if let [one] = unused.as_slice() {
            words[i] = quoted(&scene.components[*one].name);
        }
    }
}

/// The names a component's reference fields hold.
fn referred_names(scene: &Scene, c: usize) -> Vec<String> {
    let Some(value) = scene.value_of(c) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for f in scene.fields_of(c) {
        if f.reference().is_none() {
            continue;
        }
        match value.get(&f.key) {
            Some(Value::String(s)) => out.push(s.clone()),
            Some(Value::Array(items)) => {
                out.extend(items.iter().filter_map(Value::as_str).map(str::to_string))
            }
            Some(Value::Object(m)) => out.extend(m.keys().cloned()),
            _ => {}
        }
    }
    out
}

/// "safety shouldn't block pii", "the audit log should log prompts": a component, then
/// "should"/"shouldn't" and the words of one of its on/off fields, is that field set.
fn should_flag(words: &mut Vec<String>, scene: &Scene) {
    // "… for debugging": the purpose says nothing more.
    if let Some(f) = words.iter().rposition(|w| bare(w) == "for") {
        let purpose = words.get(f + 1).map(|w| bare(w)).unwrap_or_default();
        if f + 2 == words.len()
            && purpose.ends_with("ing")
            && purpose.chars().all(|c| c.is_ascii_alphabetic())
            && names_in(scene, std::slice::from_ref(&purpose)).is_empty()
            && f > 2
        {
            words.truncate(f);
        }
    }
    // "the audit log should include the prompts": to keep a record of something is to log
    // it, where a switch says so (`log_prompts`).
    let logs = |noun: &str| {
        scene.kinds.iter().flat_map(|k| k.fields.iter()).any(|f| {
            matches!(f.input, trellis_schema::Input::Boolean)
                && f.key
                    .split_once('_')
                    .is_some_and(|(v, n)| v == "log" && stem(n) == stem(noun))
        })
    };
    let mut k = 0;
    while k < words.len() {
        k += 1;
        let k = k - 1;
        if !matches!(
            bare(&words[k]).as_str(),
            "include" | "record" | "capture" | "store" | "save" | "keep"
        ) {
            continue;
        }
        let the = usize::from(words.get(k + 1).is_some_and(|w| bare(w) == "the"));
        if words.get(k + 1 + the).is_some_and(|n| logs(&bare(n))) {
            words[k] = "log".into();
            if the == 1 {
                words.remove(k + 1);
            }
        }
    }
    // "make the audit log log prompts": what it should do.
    if words.first().is_some_and(|w| bare(w) == "make") && words.len() > 3 {
        let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
        if let Some(m) = (2..b.len().min(6)).find(|&m| {
            !names_in(scene, &b[1..m]).is_empty()
                && scene.kinds.iter().flat_map(|k| k.fields.iter()).any(|f| {
                    matches!(f.input, trellis_schema::Input::Boolean)
                        && f.key
                            .split_once('_')
                            .is_some_and(|(v, _)| stem(v) == stem(&b[m]))
                })
        }) {
            words.remove(0);
            words.insert(m - 1, "should".into());
        }
    }
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let Some(m) = (1..b.len().min(5)).find(|&m| {
        matches!(
            b[m].as_str(),
            "should" | "shouldnt" | "must" | "mustnt" | "never" | "always"
        )
    }) else {
        return;
    };
    let mut rest = m + 1;
    let mut on = !matches!(b[m].as_str(), "shouldnt" | "mustnt" | "never");
    if b.get(rest).is_some_and(|w| w == "not") {
        on = false;
        rest += 1;
    }
    while b
        .get(rest)
        .is_some_and(|w| matches!(w.as_str(), "both" | "all" | "also"))
    {
        rest += 1;
    }
    if rest >= b.len() || b.len() - rest > 4 {
        return;
    }
    let subject: Vec<usize> = names_in(scene, &b[..m]);
    // "web and db should both restart always": a plain field of each, and its value.
    let subject_words_ok = b[..m].iter().all(|w| {
        !named(scene, w).is_empty()
            || matches!(w.as_str(), "and" | "the" | "both" | "&")
            || kind_of_word(scene, w).is_some()
    });
    if on && subject.len() >= 2 && subject_words_ok && b.len() - rest >= 2 {
        let field_words: Vec<String> = b[rest..b.len() - 1].iter().map(|w| stem(w)).collect();
        let fits = subject.iter().all(|&c| {
            scene.fields_of(c).iter().any(|f| {
                f.reference().is_none()
                    && !matches!(f.input, trellis_schema::Input::Boolean)
                    && field_words.iter().all(|w| f.stems.contains(w))
            })
        });
        if fits {
            let mut out = vec!["set".to_string()];
            out.extend(words[rest..words.len() - 1].iter().cloned());
            out.push("to".to_string());
            out.push(words[words.len() - 1].clone());
            out.push("for".to_string());
            out.extend(words[..m].iter().cloned());
            *words = out;
        }
        return;
    }
    let [c] = subject.as_slice() else {
        return;
    };
    let said: Vec<String> = b[rest..].iter().map(|w| stem(w)).collect();
    let fits = scene.fields_of(*c).iter().any(|f| {
        matches!(f.input, trellis_schema::Input::Boolean)
            && said.iter().all(|w| f.stems.contains(w))
    });
    if !fits {
        return;
    }
    let mut out = vec!["set".to_string()];
    out.extend(words[..m].iter().cloned());
    out.extend(words[rest..].iter().cloned());
    out.push("to".to_string());
    out.push(if on { "true" } else { "false" }.to_string());
    *words = out;
}

/// [`with_values`] on a request's text.
pub(crate) fn values_after_with(text: &str, scene: &Scene) -> String {
    let mut words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    with_values(&mut words, scene);
    words.join(" ")
}

/// "add an otlp exporter with endpoint tempo:4317", "add a retry middleware to the
/// assistant with 3 max attempts": a value for the new component said after "with" is
/// set on it once it exists ("…, then set its endpoint to tempo:4317"), where the fields
/// of its variant are known.
fn with_values(words: &mut Vec<String>, scene: &Scene) {
    if scene.is_empty() || words.len() < 4 {
        return;
    }
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if !matches!(lexicon::verb(&b[0]), Some(Verb::Add)) || b.iter().any(|w| w == "then") {
        return;
    }
    let is_value = |w: &str| {
        w.parse::<f64>().is_ok()
            || w.contains("://")
            || w.rsplit_once(':').is_some_and(|(h, p)| {
                !h.is_empty()
                    && h.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
                    && !p.is_empty()
                    && p.chars().all(|c| c.is_ascii_digit())
            })
    };
    let is_word = |w: &str| {
        !w.is_empty()
            && w.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
            && !matches!(
                w,
                "and" | "with" | "to" | "for" | "the" | "a" | "an" | "then" | "of"
            )
            && kind_of_word(scene, w).is_none()
            && named(scene, w).is_empty()
    };
    let Some(w) = (2..b.len()).find(|&w| b[w] == "with") else {
        return;
    };
    // The phrase ends at the request's end, a comma or "and".
    let end = (w + 1..b.len())
        .find(|&k| b[k] == "and" || words[k - 1].ends_with([',', ';']) && k > w + 1)
        .unwrap_or(b.len());
    let phrase = &b[w + 1..end];
    if phrase.len() < 2 || phrase.len() > 4 {
        return;
    }
    let (field, value): (Vec<String>, String) = if is_value(&phrase[phrase.len() - 1])
        && phrase[..phrase.len() - 1].iter().all(|x| is_word(x))
    {
        (
            phrase[..phrase.len() - 1].to_vec(),
            words[end - 1].trim_end_matches([',', ';', '.']).to_string(),
        )
    } else if is_value(&phrase[0]) && phrase[1..].iter().all(|x| is_word(x)) {
        (
            phrase[1..].to_vec(),
            words[w + 1].trim_end_matches([',', ';', '.']).to_string(),
        )
    } else {
        return;
    };
    // Only words that name a field of some kind of this pack.
    let stems: Vec<String> = field.iter().map(|x| stem(x)).collect();
    let names_field = scene.kinds.iter().any(|k| {
        k.fields
            .iter()
            .any(|f| stems.iter().all(|x| f.stems.contains(x)))
    }) || scene.components.iter().enumerate().any(|(i, _)| {
        scene
            .fields_of(i)
            .iter()
            .any(|f| stems.iter().all(|x| f.stems.contains(x)))
    });
    if !names_field {
        return;
    }
    let mut out: Vec<String> = words[..w].to_vec();
    out.extend(words[end..].iter().cloned());
    if let Some(last) = out.last_mut() {
        let t = last.trim_end_matches([',', ';', '.']).to_string();
        *last = format!("{t},");
    }
    out.push("then".to_string());
    out.push("set".to_string());
    out.push("its".to_string());
    out.extend(field);
    out.push("to".to_string());
    out.push(value);
    *words = out;
}

/// "make X keep 50 messages", "have X retain 100 messages": a number of something kept is
/// that field set ("set X messages to 50").
fn keeps(words: &mut Vec<String>) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let Some(k) = (1..b.len()).find(|&k| {
        matches!(
            b[k].as_str(),
            "keep"
                | "keeps"
                | "retain"
                | "retains"
                | "store"
                | "stores"
                | "hold"
                | "holds"
                | "remember"
        ) && b.get(k + 1).is_some_and(|n| n.parse::<f64>().is_ok())
            && b.get(k + 2)
                .is_some_and(|w| w.chars().all(|c| c.is_alphabetic() || c == '_'))
            // "keep 30 days of metrics": a duration, not a number of things.
            && !b.get(k + 2).is_some_and(|w| {
                matches!(
                    w.trim_end_matches('s'),
                    "second" | "minute" | "hour" | "day" | "week" | "month" | "year"
                )
            })
    }) else {
        return;
    };
    let start = usize::from(matches!(b[0].as_str(), "make" | "have" | "let"));
    if start >= k {
        return;
    }
    let mut out = vec!["set".to_string()];
    out.extend(words[start..k].iter().cloned());
    out.push(words[k + 2].clone());
    out.push("to".to_string());
    out.push(b[k + 1].clone());
    out.extend(words[k + 3..].iter().cloned());
    *words = out;
}

/// What follows a wish for a thing: an imperative as it is, "web to depend on db" as
/// "make web depend on db", a thing as "add …" (a setup as "create …").
fn wish(rest: Vec<String>, scene: &Scene) -> Vec<String> {
    if rest.first().is_some_and(|w| is_verb(w)) {
        return rest;
    }
    let b: Vec<String> = rest.iter().map(|w| bare(w)).collect();
    if let Some(t) =
        (1..b.len().min(5)).find(|&i| b[i] == "to" && rest.get(i + 1).is_some_and(|w| is_verb(w)))
    {
        let mut out = vec!["make".to_string()];
        out.extend(rest[..t].iter().cloned());
        out.extend(rest[t + 1..].iter().cloned());
        return out;
    }
    // "I need redis in here as a cache service": a well-known image in the role of a new
    // service — "add a redis service called cache".
    if let Some(as_at) = b.iter().position(|w| w == "as") {
        let image = &b[0];
        let tail: Vec<String> = b[as_at + 1..]
            .iter()
            .filter(|w| !matches!(w.as_str(), "too" | "also" | "please"))
            .cloned()
            .collect();
        let in_here = b[1..as_at]
            .iter()
            .all(|w| matches!(w.as_str(), "in" | "here" | "too" | "also" | "please"));
        if let ([article, role, kind], true) = (tail.as_slice(), in_here) {
            if matches!(article.as_str(), "a" | "the" | "our")
                && lexicon::known_image(image).is_some()
                && kind_of_word(scene, kind).is_some()
            {
                return ["add", "a", image, kind, "called", role]
                    .iter()
                    .map(|w| w.to_string())
                    .collect();
            }
        }
    }
    // "I'd like the audit log to record prompts": what a named component should do.
    if let Some(t) = (1..b.len().min(5)).find(|&i| b[i] == "to") {
        if !names_in(scene, &b[..t]).is_empty()
            && rest.len() > t + 1
            && !is_verb(&rest[t + 1])
            && b[t + 1] != "be"
            && lexicon::verb(&b[t + 1]).is_none()
        {
            let mut out: Vec<String> = rest[..t].to_vec();
            out.push("should".into());
            out.extend(rest[t + 1..].iter().cloned());
            return out;
        }
    }
    // "I want the debug exporter to be detailed": made so.
    if let Some(t) =
        (1..b.len().min(6)).find(|&i| b[i] == "to" && b.get(i + 1).is_some_and(|w| w == "be"))
    {
        if rest.len() > t + 2 {
            let mut out = vec!["make".to_string()];
            out.extend(rest[..t].iter().cloned());
            out.extend(rest[t + 2..].iter().cloned());
            return out;
        }
    }
    // "I want detailed output from the debug exporter": a choice of one of its fields
    // (`verbosity: detailed`), said as what it gives — the component made so.
    if let Some(from) = (1..b.len().min(4)).find(|&i| matches!(b[i].as_str(), "from" | "of" | "on"))
    {
        let named_there: Vec<usize> = b[from + 1..].iter().flat_map(|w| named(scene, w)).collect();
        let option = b[..from].iter().find(|w| {
            named_there.iter().any(|&c| {
                scene.fields_of(c).iter().any(|f| match &f.input {
                    trellis_schema::Input::Enum { options } => {
                        options.iter().any(|o| o.as_str() == Some(w.as_str()))
                    }
                    _ => false,
                })
            })
        });
        if let Some(option) = option {
            let mut out = vec!["make".to_string()];
            out.extend(rest[from + 1..].iter().cloned());
            out.push(option.clone());
            return out;
        }
    }
    // "I'd like the triage model's temperature at 0.1": a value for something there is.
    let valued = b.iter().any(|w| w.parse::<f64>().is_ok())
        && b.iter().any(|w| matches!(w.as_str(), "at" | "to" | "="));
    if b[0] == "the" && valued {
        let mut out = vec!["set".to_string()];
        out.extend(rest);
        return out;
    }
    let setup = b.iter().any(|w| lexicon::SETUP_NOUNS.contains(&w.as_str())) || scene.is_empty();
    let mut out = vec![if setup { "create" } else { "add" }.to_string()];
    out.extend(rest);
    out
}

/// Reasons and remarks dropped: "… because …", "…, since …", "…, the old one is slow".
fn cut_reasons(words: &mut Vec<String>) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let mut i = 1;
    while i < b.len() {
        let after_comma =
            words[i - 1].ends_with([',', ';']) || words[i - 1] == "-" || words[i - 1] == "—";
        // "…, so …" after an order is its purpose ("add redis, so web can cache"); after
        // a remark it is the order ("our backend is tempo, so call the exporter …").
        let order_before = b[..i].iter().any(|w| is_change(w));
        let reason = matches!(b[i].as_str(), "because" | "cuz" | "coz" | "cause" | "bc")
            || (after_comma && matches!(b[i].as_str(), "since" | "as"))
            || (after_comma && b[i] == "so" && order_before)
            || (b[i] == "so" && b.get(i + 1).is_some_and(|n| n == "that"));
        // "if I remove db, what else is affected?": a question is no remark.
        let remark = after_comma
            && is_remark(&b[i..])
            && !(words.last().is_some_and(|w| w.ends_with('?'))
                && matches!(
                    b[i].as_str(),
                    "what"
                        | "which"
                        | "who"
                        | "how"
                        | "why"
                        | "where"
                        | "is"
                        | "are"
                        | "do"
                        | "does"
                        | "will"
                        | "would"
                ));
        if reason || remark {
            // Up to the next part that asks for a change of its own.
            let end = (i + 1..b.len())
                .find(|&j| {
                    (words[j - 1].ends_with([',', ';', '.']) || b[j] == "and" || b[j] == "then")
                        && (is_change(&b[j])
                            || (matches!(b[j].as_str(), "and" | "then")
                                && b.get(j + 1).is_some_and(|n| is_change(n) || n == "then")))
                })
                .unwrap_or(b.len());
            words.drain(i..end);
            if let Some(prev) = words.get_mut(i - 1) {
                let t = prev.trim_end_matches([',', ';']).to_string();
                *prev = if end < b.len() { format!("{t},") } else { t };
            }
            if words.get(i - 1).is_some_and(|w| w == "-" || w == "—") {
                words.remove(i - 1);
            }
            return cut_reasons(words);
        }
        i += 1;
    }
}

fn is_change(w: &str) -> bool {
    matches!(
        lexicon::verb(w),
        Some(
            Verb::Add
                | Verb::Remove
                | Verb::Rename
                | Verb::Set
                | Verb::Enable
                | Verb::Disable
                | Verb::Fix
                | Verb::Connect
                | Verb::Disconnect
                | Verb::Make
                | Verb::Give
        )
    ) || matches!(
        w,
        "drop" | "expose" | "bump" | "upgrade" | "run" | "turn" | "move"
    )
}

/// A clause after a comma that only remarks ("the old one is too slow", "11.1 has a
/// bug", "it's deprecated"): a state, no change, no value.
fn is_remark(clause: &[String]) -> bool {
    let first = clause.first().map(String::as_str).unwrap_or("");
    if matches!(
        first,
        "which"
            | "that"
            | "with"
            | "where"
            | "and"
            | "then"
            | "also"
            | "using"
            | "called"
            | "named"
            | "to"
            | "for"
            | "on"
            | "in"
            // "…, don't block pii", "…, never log prompts": an instruction.
            | "dont"
            | "never"
            | "without"
            | "no"
            // "…; could its healthcheck allow more retries?": asked for.
            | "can"
            | "could"
            | "would"
            | "please"
            | "pls"
    ) {
        return false;
    }
    // "…, we don't publish docker images": what is never done is an instruction; "i
    // don't know why" is not.
    if matches!(first, "we" | "i")
        && clause
            .get(1)
            .is_some_and(|w| matches!(w.as_str(), "dont" | "never"))
        && clause.get(2).is_some_and(|w| {
            !matches!(
                w.as_str(),
                "know"
                    | "understand"
                    | "get"
                    | "see"
                    | "think"
                    | "care"
                    | "mind"
                    | "like"
                    | "have"
                    | "remember"
                    | "recall"
            )
        })
    {
        return false;
    }
    let end = clause
        .iter()
        .position(|w| w == "and" || w == "then")
        .unwrap_or(clause.len());
    let clause = &clause[..end];
    // "the binary is called trellis": a name given, not a remark.
    if clause.iter().any(|w| w == "called" || w == "named") {
        return false;
    }
    let state = clause.iter().any(|w| {
        matches!(
            w.as_str(),
            "is" | "are"
                | "was"
                | "were"
                | "has"
                | "had"
                | "seems"
                | "keeps"
                | "isnt"
                | "doesnt"
                | "dont"
                | "didnt"
                | "wasnt"
                | "wont"
                | "cant"
                | "its"
                | "thats"
                | "im"
                | "theres"
                | "heres"
        )
    });
    // A change verb starting the clause (or after "and", "please") asks for a change;
    // elsewhere it is a noun ("there's a security fix").
    let asks = clause.iter().enumerate().any(|(k, w)| {
        is_change(w)
            && (k == 0 || matches!(clause[k - 1].as_str(), "and" | "then" | "also" | "please"))
    });
    // "…, it should be deterministic": why, said as what it should be, with no value.
    let why = matches!(first, "it" | "they")
        && clause.len() <= 5
        && clause.iter().any(|w| w == "be")
        && !clause.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()));
    (state || why) && !asks && !clause.iter().any(|w| w.contains(['=', ':']))
}

/// "writer -> claude" as "make writer use claude"; "+redis memory for researcher" as
/// "add redis memory for researcher"; "-arxiv" as "remove arxiv".
fn terse(words: &mut Vec<String>, scene: &Scene) {
    if let Some(first) = words.first().cloned() {
        if first == "+" && words.len() > 1 {
            words[0] = "add".to_string();
            return;
        }
        if let Some(rest) = first.strip_prefix('+') {
            if rest.chars().next().is_some_and(char::is_alphabetic) {
                words[0] = rest.to_string();
                words.insert(0, "add".to_string());
                return;
            }
        }
        if let Some(rest) = first.strip_prefix('-') {
            if rest.chars().next().is_some_and(char::is_alphabetic) && words.len() < 4 {
                words[0] = rest.to_string();
                words.insert(0, "remove".to_string());
                return;
            }
        }
    }
    if let Some(moved) = version_move(words, scene) {
        *words = moved;
        return;
    }
    let arrows: Vec<usize> = (0..words.len()).filter(|&i| is_arrow(&words[i])).collect();
    // "rename assistant -> helper": the arrow says "to".
    if arrows.len() == 1
        && words[..arrows[0]]
            .iter()
            .any(|w| matches!(lexicon::verb(&bare(w)), Some(Verb::Rename)))
    {
        words[arrows[0]] = "to".to_string();
        return;
    }
    if arrows.len() == 1 {
        let at = arrows[0];
        let verbless = words[..at]
            .iter()
            .all(|w| lexicon::verb(&bare(w)).is_none() || !named(scene, w).is_empty());
        if at > 0 && at + 1 < words.len() && verbless {
            words[at] = "use".to_string();
            words.insert(0, "make".to_string());
        }
    }
}

/// An arrow written between two things ("rename a -> b", "pg 16 → 17").
fn is_arrow(w: &str) -> bool {
    matches!(w, "->" | "=>" | "→" | "-->" | "⇒")
}

/// "pg 16 -> 17", "postgres 16 to 17", "upgrade redis from 7 to 8": the one service
/// whose image is that one at the old version, moved to the new one ("upgrade db to 17").
/// The old version must be the image's tag, so "db 5432 -> 5433" is no image.
fn version_move(words: &[String], scene: &Scene) -> Option<Vec<String>> {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let start = usize::from(b.first().is_some_and(|w| {
        matches!(
            w.as_str(),
            "upgrade" | "downgrade" | "bump" | "move" | "update"
        )
    }));
    let rest = &b[start..];
    let is_arrow = |w: &str| w == "to" || is_arrow(w);
    let (thing, old, new) = match rest {
        [x, o, arrow, n] if is_arrow(arrow) => (x, o, n),
        [x, from, o, arrow, n] if from == "from" && is_arrow(arrow) => (x, o, n),
        _ => return None,
    };
    let version = |v: &str| {
        v.trim_start_matches('v')
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
    };
    if !version(old) || !version(new) {
        return None;
    }
    // Short names an image goes by.
    let thing = match thing.as_str() {
        "pg" | "postgresql" | "psql" => "postgres",
        "mongodb" => "mongo",
        other => other,
    };
    let fits: Vec<usize> = (0..scene.components.len())
        .filter(|&i| {
            let Some(image) = scene
                .value_of(i)
                .and_then(|v| v.get("image"))
                .and_then(Value::as_str)
            else {
                return false;
            };
            let tag = image
                .split('@')
                .next()
                .unwrap_or(image)
                .rsplit_once(':')
                .map_or("", |(_, t)| t)
                .trim_start_matches('v');
            let old = old.trim_start_matches('v');
            let same_version = tag == old
                || tag
                    .strip_prefix(old)
                    .is_some_and(|r| r.starts_with(['.', '-']));
            same_version
                && (image_base(image) == thing
                    || scene.components[i].name.eq_ignore_ascii_case(thing))
        })
        .collect();
    let [one] = fits.as_slice() else {
        return None;
    };
    Some(vec![
        "upgrade".to_string(),
        scene.components[*one].name.clone(),
        "to".to_string(),
        new.to_string(),
    ])
}

/// Components told by description: "the model the writer uses", "the model used by the
/// planner" become the model's name; "the postgres service", "the database" become the
/// one service whose image runs it. Only a description that fits exactly one component
/// is replaced; anything else stays as written (and is read, or not, as before).
fn described(text: &str, scene: &Scene) -> String {
    if scene.components.is_empty() {
        return text.to_string();
    }
    let mut words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    // A command said after "running" / "that runs" is text to run ("pg_isready -U
    // postgres"), not a description of a component.
    let command = words
        .iter()
        .position(|w| {
            matches!(
                bare(w).as_str(),
                "runs" | "running" | "runing" | "executes" | "executing" | "curls" | "curling"
            )
        })
        .unwrap_or(words.len());
    let mut rest = words.split_off(command);
    by_reference(&mut words, scene);
    by_referred(&mut words, scene);
    by_image(&mut words, scene);
    words.append(&mut rest);
    words.join(" ")
}

/// The kind a word names ("model", "models", "memory").
pub(super) fn kind_of_word(scene: &Scene, w: &str) -> Option<String> {
    let w = bare(w);
    scene.kinds.iter().find_map(|k| {
        let singular = k.kind.to_lowercase();
        let title = k.title.to_lowercase();
        let forms = [
            singular.clone(),
            format!("{singular}s"),
            title.clone(),
            format!("{title}s"),
            k.collection_title.to_lowercase(),
        ];
        forms.contains(&w).then(|| k.kind.clone())
    })
}

/// Components named by words one after another: each word ("writer"), or two or three
/// together ("audit log" for `audit_log`).
pub(super) fn names_in(scene: &Scene, words: &[String]) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for i in 0..words.len() {
        for n in 1..=3 {
            if i + n > words.len() {
                break;
            }
            let joined: Vec<String> = words[i..i + n].iter().map(|w| bare(w)).collect();
            out.extend(named(scene, &joined.join("_")));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Components named exactly by a word.
pub(super) fn named(scene: &Scene, w: &str) -> Vec<usize> {
    let key = name_key(&bare(w));
    if key.is_empty() {
        return Vec::new();
    }
    (0..scene.components.len())
        .filter(|&i| name_key(&scene.components[i].name) == key)
        .collect()
}

/// The one component of `kind` that the components `of` refer to.
fn referred(scene: &Scene, of: &[usize], kind: &str) -> Option<String> {
    let mut found: Vec<String> = Vec::new();
    for &c in of {
        let Some(value) = scene.value_of(c) else {
            continue;
        };
        for f in scene.fields_of(c) {
            let Some((to, _)) = f.reference() else {
                continue;
            };
            if !to.iter().any(|t| t == kind) {
                continue;
            }
            match value.get(&f.key) {
                Some(Value::String(s)) => found.push(s.clone()),
                Some(Value::Array(items)) => {
                    found.extend(items.iter().filter_map(Value::as_str).map(str::to_string))
                }
                _ => {}
            }
        }
    }
    found.sort();
    found.dedup();
    (found.len() == 1).then(|| found.remove(0))
}

/// "the model (that) the writer (agent) uses", "the model used by the writer".
fn by_reference(words: &mut Vec<String>, scene: &Scene) {
    let mut i = 0;
    while i < words.len() {
        let Some(kind) = kind_of_word(scene, &words[i]) else {
            i += 1;
            continue;
        };
        let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
        let mut j = i + 1;
        let mut used_by = false;
        if b.get(j).is_some_and(|w| w == "used" || w == "referenced")
            && b.get(j + 1).is_some_and(|w| w == "by")
        {
            used_by = true;
            j += 2;
        } else if b.get(j).is_some_and(|w| w == "that" || w == "which") {
            j += 1;
        }
        if b.get(j).is_some_and(|w| w == "the") {
            j += 1;
        }
        let Some(name_word) = words.get(j) else {
            i += 1;
            continue;
        };
        let of = named(scene, name_word);
        if of.is_empty() {
            i += 1;
            continue;
        }
        let mut end = j + 1;
        if b.get(end).is_some_and(|w| kind_of_word(scene, w).is_some())
            && !words[j].ends_with([',', '.'])
        {
            end += 1;
        }
        if !used_by {
            let verb = b.get(end).map(String::as_str);
            if matches!(verb, Some("uses" | "use" | "references" | "has")) {
                end += 1;
            } else if matches!(verb, Some("is")) && b.get(end + 1).is_some_and(|w| w == "using") {
                end += 2;
            } else {
                i += 1;
                continue;
            }
        }
        let Some(target) = referred(scene, &of, &kind) else {
            i += 1;
            continue;
        };
        let tail = split_tail(&words[end - 1]).1;
        let kind_word = split_tail(&words[i]).0;
        let replacement = vec![quoted(&target), format!("{kind_word}{tail}")];
        words.splice(i..end, replacement);
        i += 2;
    }
}

/// The one component of `kind` that refers to one of the components `to`.
fn referring(scene: &Scene, to: &[usize], kind: &str) -> Option<String> {
    let mut found: Vec<String> = Vec::new();
    for (c, comp) in scene.components.iter().enumerate() {
        if comp.kind != kind {
            continue;
        }
        let Some(value) = scene.value_of(c) else {
            continue;
        };
        let refers = scene.fields_of(c).iter().any(|f| {
            let Some((kinds, _)) = f.reference() else {
                return false;
            };
            to.iter().any(|&t| {
                let target = &scene.components[t];
                kinds.contains(&target.kind)
                    && match value.get(&f.key) {
                        Some(Value::String(s)) => *s == target.name,
                        Some(Value::Array(items)) => items
                            .iter()
                            .any(|v| v.as_str() == Some(target.name.as_str())),
                        _ => false,
                    }
            })
        });
        if refers {
            found.push(comp.name.clone());
        }
    }
    found.dedup();
    (found.len() == 1).then(|| found.remove(0))
}

/// "the anthropic model" when no model is called anthropic: the one model that refers to
/// the `anthropic` provider; "the arxiv agent": the one agent that uses the arxiv tool.
fn by_referred(words: &mut [String], scene: &Scene) {
    let mut i = 1;
    while i + 1 < words.len() {
        let b_prev = bare(&words[i - 1]);
        let name_word = &words[i];
        if b_prev != "the"
            || name_word.ends_with([',', '.', ';', '?', '!'])
            || name_word.starts_with('"')
        {
            i += 1;
            continue;
        }
        let Some(kind) = kind_of_word(scene, &words[i + 1]) else {
            i += 1;
            continue;
        };
        let of = named(scene, name_word);
        if of.is_empty() || of.iter().any(|&c| scene.components[c].kind == kind) {
            i += 1;
            continue;
        }
        let Some(target) = referring(scene, &of, &kind) else {
            i += 1;
            continue;
        };
        words[i] = quoted(&target);
        i += 2;
    }
}

/// Words for what a service runs, by category.
const CATEGORIES: &[(&str, &[&str])] = &[
    (
        "database",
        &[
            "postgres",
            "postgresql",
            "mysql",
            "mariadb",
            "mongo",
            "mongodb",
            "timescaledb",
            "pgvector",
        ],
    ),
    ("cache", &["redis", "memcached", "valkey", "keydb"]),
    ("proxy", &["nginx", "traefik", "caddy", "haproxy", "envoy"]),
    ("broker", &["rabbitmq", "kafka", "nats", "mosquitto"]),
];

/// The image's name without registry, owner and tag ("ghcr.io/acme/api:1" → "api").
fn image_base(image: &str) -> String {
    let no_digest = image.split('@').next().unwrap_or(image);
    let last = no_digest.rsplit('/').next().unwrap_or(no_digest);
    last.split(':').next().unwrap_or(last).to_lowercase()
}

/// "the postgres service", "bump postgres to 17", "the database": the one service whose
/// image runs it.
fn by_image(words: &mut [String], scene: &Scene) {
    let images: Vec<(usize, String)> = (0..scene.components.len())
        .filter_map(|i| {
            let image = scene.value_of(i)?.get("image")?.as_str()?;
            Some((i, image_base(image)))
        })
        .collect();
    if images.is_empty() {
        return;
    }
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let adds = b.iter().take(2).any(|w| {
        matches!(lexicon::verb(w), Some(Verb::Add)) || matches!(w.as_str(), "create" | "new")
    });
    for i in 0..words.len() {
        let w = &b[i];
        if w.len() < 3 || !w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            continue;
        }
        if !named(scene, w).is_empty() || kind_of_word(scene, w).is_some() {
            continue;
        }
        let prev = if i > 0 { b[i - 1].as_str() } else { "" };
        // "pg_isready -U postgres": an argument of a command, not the service.
        if i > 0 && words[i - 1].starts_with('-') && words[i - 1].len() > 1 {
            continue;
        }
        if matches!(
            prev,
            "a" | "an"
                | "another"
                | "new"
                | "second"
                | "one"
                | "extra"
                | "additional"
                | "called"
                | "named"
                | "as"
        ) {
            continue;
        }
        // "rename db to database": the new name.
        let renames = b[..i]
            .iter()
            .any(|w| matches!(lexicon::verb(w), Some(Verb::Rename)) || w == "call");
        if renames && prev == "to" {
            continue;
        }
        // "add redis": a new service, unless told as "the …".
        if adds && prev != "the" {
            continue;
        }
        // "bump the db image to postgres 17", "switch db to postgres:17": an image said as
        // the value, with its version.
        let versioned = b
            .get(i + 1)
            .is_some_and(|n| n.chars().next().is_some_and(|c| c.is_ascii_digit()))
            || words[i].contains(':');
        let image_value = matches!(prev, "to" | "with" | "from" | "onto")
            && (versioned || b[..i].iter().any(|w| w == "image"));
        if image_value {
            continue;
        }
        let category: &[&str] = CATEGORIES
            .iter()
            .find(|(c, _)| {
                *c == w.as_str()
                    || (*c == "database" && w == "db")
                    // "the databse": a typo of a long category word.
                    || (c.len() > 6 && super::text::close(w, c))
            })
            .map(|(_, list)| *list)
            .unwrap_or(&[]);
        let fits: Vec<usize> = images
            .iter()
            .filter(|(_, base)| {
                base == w
                    || base.split(['-', '_']).next() == Some(w.as_str())
                    || category.contains(&base.as_str())
            })
            .map(|(c, _)| *c)
            .collect();
        let mut names: Vec<&str> = fits
            .iter()
            .map(|&c| scene.components[c].name.as_str())
            .collect();
        names.dedup();
        if names.len() != 1 {
            continue;
        }
        let tail = split_tail(&words[i]).1.to_string();
        words[i] = format!("{}{tail}", quoted(names[0]));
    }
}

/// A name from the document, quoted so that it is read as a name and nothing else.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace(['"', '\n'], "'"))
}

/// "give the arxiv tool to the planner", "hand the notes memory to the planner": the
/// planner gets it, read as "give the planner the arxiv tool"; not "give the writer access
/// to …". Whether the words were changed.
pub(crate) fn give_to(words: &mut Vec<String>) -> bool {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if !(matches!(b.first().map(String::as_str), Some("give" | "hand")) && b.len() >= 4) {
        return false;
    }
    let Some(t) = (2..b.len() - 1).find(|&t| b[t] == "to") else {
        return false;
    };
    let what = &b[1..t];
    let access = what.iter().any(|w| {
        matches!(
            w.as_str(),
            "access" | "permission" | "permissions" | "ability" | "rights"
        )
    });
    let short_tail = b.len() - t - 1 <= 3 && !b[t + 1..].iter().any(|w| w == "to");
    if access || !short_tail || what.is_empty() {
        return false;
    }
    let last = words.last().cloned().unwrap_or_default();
    let body = last.trim_end_matches([',', '.', ';', '!', '?']);
    let punct = last[body.len()..].to_string();
    let mut out = vec!["give".to_string()];
    let tail: Vec<String> = words[t + 1..].to_vec();
    let n = tail.len();
    for (k, w) in tail.into_iter().enumerate() {
        out.push(if k + 1 == n { body.to_string() } else { w });
    }
    out.extend(words[1..t].iter().cloned());
    if let Some(l) = out.last_mut() {
        l.push_str(&punct);
    }
    *words = out;
    true
}

/// "give the assistant a redis memmory at redis://cache:6379/1": a new component with its
/// address, for a component — "add a redis memory at … to the assistant", which makes it
/// with the address rather than setting the reference to the address.
fn give_new(words: &mut Vec<String>, scene: &Scene) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if !matches!(b.first().map(String::as_str), Some("give" | "hand")) || b.len() < 5 {
        return;
    }
    let Some(j) = (2..b.len().min(5)).find(|&j| matches!(b[j].as_str(), "a" | "an" | "another"))
    else {
        return;
    };
    if !b[1..j].iter().any(|w| !named(scene, w).is_empty()) {
        return;
    }
    let kindish = |w: &str| {
        kind_of_word(scene, w).is_some()
            || (w.len() > 4
                && scene.kinds.iter().any(|k| {
                    super::text::close(w, &k.kind.to_lowercase())
                        || super::text::close(w, &k.title.to_lowercase())
                }))
    };
    let Some(k) = (j + 1..b.len().min(j + 4)).find(|&k| kindish(&b[k])) else {
        return;
    };
    let addressed = b[k + 1..]
        .iter()
        .any(|w| super::edit::is_address(w) || w.starts_with("./") || w.starts_with('/'));
    if !addressed {
        return;
    }
    let mut out = vec!["add".to_string()];
    out.extend(words[j..].iter().cloned());
    out.push("to".into());
    out.extend(words[1..j].iter().cloned());
    *words = out;
}

/// "attach to researcher", "and give to the planner": the object left out of an order
/// that follows a new component is "it".
pub(crate) fn object_left_out(part: &str) -> String {
    let words: Vec<&str> = part.split_whitespace().collect();
    let at = usize::from(words.first().is_some_and(|w| w.eq_ignore_ascii_case("and")));
    let verb = words.get(at).map(|w| w.to_lowercase());
    let attaches = verb.as_deref().is_some_and(|v| {
        matches!(
            v,
            "attach" | "give" | "add" | "connect" | "assign" | "wire" | "hook" | "plug"
        )
    });
    if attaches
        && words
            .get(at + 1)
            .is_some_and(|w| w.eq_ignore_ascii_case("to"))
    {
        let mut out: Vec<&str> = words.clone();
        out.insert(at + 1, "it");
        return out.join(" ");
    }
    part.to_string()
}

/// [`give_to`] on a text.
pub(crate) fn give_to_text(text: &str) -> String {
    let mut words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    if give_to(&mut words) {
        words.join(" ")
    } else {
        text.to_string()
    }
}

/// "answerer description: Answers questions about the handbook", "writer prompt: Write
/// short reports.": a text field of the pack named right before a colon, and its new text
/// after it — "set answerer description to "…"".
fn colon_text(words: &mut Vec<String>, scene: &Scene) {
    let Some(c) = words.iter().position(|w| w.ends_with(':') && w.len() > 1) else {
        return;
    };
    if c + 1 >= words.len() || words[c + 1..].iter().any(|w| w.contains('"')) {
        return;
    }
    // "add restart: always to all services": a key and value for several components.
    let after: Vec<String> = words[c + 1..].iter().map(|w| bare(w)).collect();
    if after.windows(2).any(|p| {
        matches!(p[0].as_str(), "to" | "for" | "on")
            && matches!(p[1].as_str(), "all" | "every" | "each")
    }) {
        return;
    }
    let is_text_field = |field: &str, two: Option<&str>| {
        scene.kinds.iter().flat_map(|k| k.fields.iter()).any(|f| {
            matches!(f.input, trellis_schema::Input::Text { .. })
                && (f.key == field || f.key.ends_with(&format!("_{field}")) || two == Some(&f.key))
        })
    };
    let field = bare(&words[c]);
    let two = (c > 0).then(|| format!("{}_{}", bare(&words[c - 1]), field));
    let text = words[c + 1..].join(" ");
    let text = text.trim_matches(['\'', '‘', '’']).to_string();
    if !is_text_field(&field, two.as_deref()) {
        // "change the assistant's system prompt to: Answer in French." and "add a
        // description to the writer: Writes reports.": a text field named before the
        // colon, and what it belongs to.
        let Some(f) = (0..c).find(|&i| {
            let w = bare(&words[i]);
            let two = (i > 0).then(|| format!("{}_{}", bare(&words[i - 1]), w));
            w.len() > 3 && is_text_field(&w, two.as_deref())
        }) else {
            return;
        };
        let quoted = format!("\"{text}\"");
        if matches!(field.as_str(), "to" | "as" | "is" | "=") {
            let mut out: Vec<String> = Vec::new();
            if !words.first().is_some_and(|w| is_verb(w)) {
                out.push("set".to_string());
            }
            out.extend(words[..c].iter().cloned());
            out.push(words[c].trim_end_matches(':').to_string());
            out.push(quoted);
            *words = out;
            return;
        }
        let Some(p) =
            (f + 1..c).find(|&i| matches!(bare(&words[i]).as_str(), "to" | "for" | "of" | "on"))
        else {
            return;
        };
        // The field's words: from after the verb and its article to the preposition.
        let mut start = if words.first().is_some_and(|w| is_verb(w)) {
            1
        } else {
            0
        };
        while start < f && matches!(bare(&words[start]).as_str(), "a" | "an" | "the" | "new") {
            start += 1;
        }
        let mut out = vec!["set".to_string()];
        out.extend(words[p + 1..c].iter().cloned());
        out.push(words[c].trim_end_matches(':').to_string());
        out.extend(words[start..p].iter().cloned());
        out.push("to".to_string());
        out.push(quoted);
        *words = out;
        return;
    }
    let mut out: Vec<String> = Vec::new();
    if bare(&words[0]) == "give" {
        // "give the planner a new system prompt: …": set the planner's.
        out.push("set".to_string());
        out.extend(
            words[1..c]
                .iter()
                .filter(|w| !matches!(bare(w).as_str(), "a" | "an" | "new"))
                .cloned(),
        );
    } else {
        if !words.first().is_some_and(|w| is_verb(w)) {
            out.push("set".to_string());
        }
        out.extend(words[..c].iter().cloned());
    }
    out.push(words[c].trim_end_matches(':').to_string());
    out.push("to".to_string());
    out.push(format!("\"{text}\""));
    *words = out;
}

/// Ways of naming a field's new value around it, put as "set FIELD to VALUE":
/// - "use a temperature of 0.9" → "set temperature to 0.9";
/// - "bump memory to 100 messages" → "bump memory messages to 100" (the unit word is the
///   last word of a number field: `max_messages`);
/// - "stop blocking pii" / "start logging prompts" → "turn off/on block pii" (the words
///   of a switch: `block_pii`, `log_prompts`).
fn field_phrasings(words: &mut Vec<String>, scene: &Scene) {
    let fields: Vec<(String, &trellis_schema::Input)> = scene
        .kinds
        .iter()
        .flat_map(|k| k.fields.iter())
        .map(|f| (f.key.clone(), &f.input))
        .collect();
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let n = b.len();
    let url = |w: &str| w.starts_with("http://") || w.starts_with("https://");
    // "use gpt-4.1" where one component alone has a model: for that one.
    if (2..=3).contains(&n)
        && matches!(b[0].as_str(), "use" | "switch")
        && lexicon::model_family(&b[n - 1]).is_some()
        && (n == 2 || b[1] == "to")
    {
        let users: Vec<&str> = scene
            .components
            .iter()
            .filter(|c| {
                scene.kind(&c.kind).is_some_and(|k| {
                    k.fields
                        .iter()
                        .any(|f| f.key == "model" && f.reference().is_some())
                })
            })
            .map(|c| c.name.as_str())
            .collect();
        if let [one] = users.as_slice() {
            *words = vec![
                "use".to_string(),
                words[n - 1].clone(),
                "for".to_string(),
                one.to_string(),
            ];
            return;
        }
    }
    // "let the reviewer take 30 iterations", "make it do 5 turns": that many.
    if let Some(k) = (1..n.saturating_sub(2)).find(|&k| {
        matches!(b[k].as_str(), "take" | "do" | "run" | "keep")
            && b[k + 1].parse::<f64>().is_ok()
            && fields.iter().any(|(key, input)| {
                matches!(input, trellis_schema::Input::Number { .. })
                    && key.ends_with(&format!("_{}", b[k + 2]))
            })
    }) {
        let start = usize::from(matches!(b[0].as_str(), "let" | "make"));
        let mut out = vec!["set".to_string()];
        out.extend(words[start..k].iter().cloned());
        out.push(words[k + 2].clone());
        out.push("to".to_string());
        out.push(words[k + 1].clone());
        out.extend(words[k + 3..].iter().cloned());
        *words = out;
        return;
    }
    // "point ollama at http://gpu:11434": its address.
    if n >= 4
        && b[0] == "point"
        && url(&b[n - 1])
        && matches!(b[n - 2].as_str(), "at" | "to")
        && fields.iter().any(|(key, _)| key.ends_with("url"))
    {
        words[0] = "set".to_string();
        words[n - 2] = "url to".to_string();
        return;
    }
    // "store the index under /srv/index", "keep the history in ./data/h.db": its path.
    let path_like = |w: &str| {
        (w.starts_with('/') || w.starts_with("./") || w.starts_with("../") || w.starts_with("~/"))
            && w.len() > 1
    };
    if n >= 4
        && matches!(b[0].as_str(), "store" | "keep" | "save" | "put" | "write")
        && path_like(&b[n - 1])
        && matches!(b[n - 2].as_str(), "under" | "in" | "at" | "to" | "into")
        && fields.iter().any(|(key, _)| key == "path")
    {
        words[0] = "set".to_string();
        words[n - 2] = "path to".to_string();
        return;
    }
    // "tracing endpoint http://otel:4318" with no verb: set it.
    if n >= 3
        && url(&b[n - 1])
        && !b[n - 2].ends_with(':')
        && !matches!(b[n - 2].as_str(), "to" | "at" | "=" | "is")
        && !b[..n - 1].iter().any(|w| is_verb(w) || is_change(w))
        && fields
            .iter()
            .any(|(key, _)| *key == b[n - 2] || key.ends_with(&format!("_{}", b[n - 2])))
    {
        words.insert(n - 1, "to".to_string());
        words.insert(0, "set".to_string());
        return;
    }
    // "forget conversations after an hour", "expire the cache after 10 minutes": the ttl.
    if n >= 4
        && matches!(b[0].as_str(), "forget" | "expire" | "evict" | "purge")
        && fields.iter().any(|(key, _)| key.starts_with("ttl"))
    {
        if let Some(k) = (2..n - 1).find(|&k| b[k] == "after") {
            let mut out = vec!["set".to_string()];
            out.extend(words[1..k].iter().cloned());
            out.push("ttl".to_string());
            out.push("to".to_string());
            for w in &words[k + 1..] {
                if matches!(bare(w).as_str(), "a" | "an") {
                    out.push("1".to_string());
                } else {
                    out.push(w.clone());
                }
            }
            *words = out;
            return;
        }
    }
    // "add a second agent, an editor, on the claude model": the name it is called.
    if let Some(c) = (1..n.saturating_sub(3)).find(|&c| {
        words[c].ends_with(',')
            && kind_of_word(scene, &words[c]).is_some()
            && matches!(b[c + 1].as_str(), "a" | "an" | "the")
            && words[c + 2].ends_with(',')
    }) {
        let name = words[c + 2].trim_end_matches(',').to_string();
        // "a tool, a calculator, …" says which tool, not its name.
        let lower = name.to_lowercase();
        let a_value = scene.kinds.iter().any(|k| {
            k.variants.contains(&lower)
                || k.fields.iter().any(|f| {
                    f.options()
                        .iter()
                        .any(|o| o.as_str() == Some(lower.as_str()))
                })
        });
        if !a_value {
            let kind = words[c].trim_end_matches(',').to_string();
            words.splice(c..c + 3, [kind, "called".to_string(), name]);
            return;
        }
    }
    // "add rate limiting to the reviewer, 30 requests per minute": what it is added with.
    if matches!(b[0].as_str(), "add" | "attach" | "put" | "create") {
        if let Some(c) = (1..n.saturating_sub(2)).find(|&c| words[c].ends_with(',')) {
            let tail = &b[c + 1..];
            let numbers = tail.iter().filter(|w| w.parse::<f64>().is_ok()).count();
            if numbers == 1
                && tail.len() <= 5
                && !tail
                    .iter()
                    .any(|w| is_verb(w) || is_change(w) || w == "and")
            {
                let w = words[c].trim_end_matches(',').to_string();
                words[c] = w;
                words.insert(c + 1, "with".to_string());
                return;
            }
        }
    }
    let number_field = |last: &str| {
        fields.iter().any(|(key, input)| {
            matches!(input, trellis_schema::Input::Number { .. })
                && (key == last || key.ends_with(&format!("_{last}")))
        })
    };
    // "… with a sample rate of 0.5": "… with sample rate 0.5".
    if let Some(k) = (0..n.saturating_sub(4))
        .find(|&k| b[k] == "with" && matches!(b[k + 1].as_str(), "a" | "an"))
    {
        if let Some(j) = (k + 3..n - 1).find(|&j| b[j] == "of") {
            if number_field(&b[j - 1]) && b[j + 1].parse::<f64>().is_ok() {
                words.remove(j);
                words.remove(k + 1);
                return;
            }
        }
    }
    // "…, like temperature 0.7", "say max tokens 500": the value, not a comparison.
    if let Some(k) = (1..n.saturating_sub(2)).find(|&k| {
        matches!(b[k].as_str(), "like" | "say")
            && words[k - 1].ends_with(',')
            && b[n - 1].parse::<f64>().is_ok()
            && number_field(&b[n - 2])
    }) {
        words.remove(k);
        return;
    }
    // "use a temperature of 0.9".
    if let Some(k) =
        (0..n.saturating_sub(4)).find(|&k| b[k] == "use" && matches!(b[k + 1].as_str(), "a" | "an"))
    {
        if let Some(j) = (k + 3..n - 1).find(|&j| b[j] == "of") {
            let last = &b[j - 1];
            let named = fields.iter().any(|(key, input)| {
                matches!(input, trellis_schema::Input::Number { .. })
                    && (key == last || key.ends_with(&format!("_{last}")))
            });
            if named && b[j + 1].parse::<f64>().is_ok() {
                words[k] = "set".to_string();
                words[j] = "to".to_string();
                words.remove(k + 1);
                return;
            }
        }
    }
    // "… to 100 messages".
    if n >= 4 && b[n - 3] == "to" && b[n - 2].parse::<f64>().is_ok() {
        let unit = &b[n - 1];
        let named = unit.len() > 3
            && fields.iter().any(|(key, input)| {
                matches!(input, trellis_schema::Input::Number { .. })
                    && key.ends_with(&format!("_{unit}"))
            });
        if named {
            let unit_word = words.remove(n - 1);
            words.insert(n - 3, unit_word);
            return;
        }
    }
    // "stop blocking pii", "start logging prompts".
    for k in 0..n.saturating_sub(2) {
        let on = match b[k].as_str() {
            "stop" | "quit" => false,
            "start" => true,
            _ => continue,
        };
        let Some(gerund) = b[k + 1].strip_suffix("ing") else {
            continue;
        };
        let object = crate::offline::text::stem(&b[k + 2]);
        let hit = fields.iter().find(|(key, input)| {
            matches!(input, trellis_schema::Input::Boolean)
                && key.split_once('_').is_some_and(|(verb, rest)| {
                    (verb == gerund
                        || format!("{verb}e") == gerund
                        || verb == format!("{gerund}e")
                        || (gerund.len() > 2
                            && gerund.as_bytes()[gerund.len() - 1]
                                == gerund.as_bytes()[gerund.len() - 2]
                            && verb == &gerund[..gerund.len() - 1]))
                        && crate::offline::text::stem(rest) == object
                })
        });
        if let Some((key, _)) = hit {
            let (_, tail) = split_tail(&words[k + 2]);
            let tail = tail.to_string();
            let mut out: Vec<String> = words[..k].to_vec();
            out.push("turn".to_string());
            out.push(if on { "on" } else { "off" }.to_string());
            out.push(format!("{}{tail}", key.replace('_', " ")));
            out.extend(words[k + 3..].iter().cloned());
            *words = out;
            return;
        }
    }
}

/// "Don't change anything, just tell me what the assistant does", "do not edit anything,
/// only explain the errors": a preface saying nothing should change, before what is
/// asked; what is asked is the request.
fn no_change_preface(words: &mut Vec<String>) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let mut k = 0;
    if b.first().is_some_and(|w| w == "please") {
        k = 1;
    }
    match b.get(k).map(String::as_str) {
        Some("dont" | "never") => k += 1,
        Some("do") if b.get(k + 1).is_some_and(|w| w == "not") => k += 2,
        _ => return,
    }
    if !b.get(k).is_some_and(|w| is_change(w) || is_verb(w)) {
        return;
    }
    k += 1;
    if !b
        .get(k)
        .is_some_and(|w| matches!(w.as_str(), "anything" | "nothing" | "a"))
    {
        return;
    }
    if b[k] == "a" {
        if b.get(k + 1).is_none_or(|w| w != "thing") {
            return;
        }
        k += 1;
    }
    let closed = words[k].ends_with([',', ';', '.', ':']);
    k += 1;
    if b.get(k)
        .is_some_and(|w| matches!(w.as_str(), "just" | "only" | "but" | "instead"))
    {
        k += 1;
    } else if !closed {
        return;
    }
    if k < words.len() {
        words.drain(..k);
    }
}
