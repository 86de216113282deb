//! Ways of saying a rename, an order or a removal that name the components plainly, put
//! as the plain request they mean (like `polite.rs`, only wording changes; the result is
//! read like any other request):
//! - "call the lint job style instead", "cadvisor should be called container-stats" →
//!   "rename lint to style";
//! - "clippy should run after fmt", "run e2e after build" → "make clippy depend on fmt";
//!   "X should run before Y" → "make Y depend on X"; "add a coverage job … after the
//!   tests" → "add a coverage job … and make it depend on test";
//! - "we don't want clippy anymore", "we no longer need the cache" → "remove clippy";
//! - "new job audit: cargo audit" → "new job audit that runs cargo audit";
//! - "point the exporter at tempo:4317" → "set the exporter endpoint to tempo:4317";
//! - "add restart: unless-stopped to every service" → "set restart to unless-stopped for
//!   every service";
//! - "telemetry logs at debug level" → "set telemetry log level to debug";
//! - "give db a 1g memory limit" → "set db memory limit to 1g";
//! - "using the same image as app" → "using ghcr.io/example/web:latest" (its value);
//! - "put web and db on a network called internal" → "add a network called internal and
//!   connect web to internal and connect db to internal" (where the members' kind lists
//!   networks).
//!
//! Every reading needs the components to be named exactly (a plural "tests" names the
//! job `test`); anything else is left as written.

use super::polite::{bare, kind_of_word, named};
use super::scene::Scene;

/// Words that may come before "call" in a rename said as "call X Y".
const BEFORE_CALL: &[&str] = &[
    "can", "could", "we", "you", "please", "lets", "let", "us", "should", "maybe", "just", "id",
    "like", "to", "i", "want", "wed", "and",
];

/// Words that may close a rename said as "call X Y".
const AFTER_RENAME: &[&str] = &["instead", "from", "now", "on", "please", "then", "pls"];

/// Verbs of running, in "X should run after Y".
const RUN_VERBS: &[&str] = &[
    "run", "runs", "start", "starts", "go", "goes", "happen", "happens", "execute", "executes",
    "wait", "waits", "come", "comes",
];

/// Words between a subject and the verb in "X should run after Y".
const MODALS: &[&str] = &[
    "should", "must", "has", "have", "needs", "need", "to", "only", "always", "can", "will",
    "shall", "job", "service", "step",
];

pub(crate) fn reword(words: &mut Vec<String>, scene: &Scene) {
    if words.len() < 3 || scene.components.is_empty() {
        return;
    }
    if let Some(w) = rename(words, scene) {
        *words = w;
        return;
    }
    same_as(words, scene);
    if let Some(w) = give_value(words, scene) {
        *words = w;
        return;
    }
    if let Some(w) = join(words, scene) {
        *words = w;
        return;
    }
    if let Some(w) = variant_verb(words, scene) {
        *words = w;
        return;
    }
    if let Some(w) = unwanted(words, scene) {
        *words = w;
        return;
    }
    if let Some(w) = order(words, scene) {
        *words = w;
    }
    colon_command(words, scene);
    if let Some(w) = pointing(words) {
        *words = w;
        return;
    }
    if let Some(w) = add_key_value(words) {
        *words = w;
        return;
    }
    if let Some(w) = level(words) {
        *words = w;
    }
}

/// Whether a word is an address: `host:port` or a URL.
fn address(w: &str) -> bool {
    let w = w.trim_end_matches(['.', ',']);
    w.contains("://")
        || w.rsplit_once(':').is_some_and(|(h, p)| {
            !h.is_empty() && !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())
        })
}

/// "point the exporter at tempo:4317", "point otlp/backend to https://x": the endpoint set.
fn pointing(words: &[String]) -> Option<Vec<String>> {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if b[0] != "point" {
        return None;
    }
    let at = b.iter().position(|w| w == "at" || w == "to")?;
    if at < 2 || at + 2 != words.len() || !address(&words[at + 1]) {
        return None;
    }
    let mut out = vec!["set".to_string()];
    out.extend(words[1..at].iter().cloned());
    out.push("endpoint".into());
    out.push("to".into());
    out.push(words[at + 1].clone());
    Some(out)
}

/// "add restart: unless-stopped to every service": a key and its value for them, set.
fn add_key_value(words: &[String]) -> Option<Vec<String>> {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if b[0] != "add" || words.len() < 5 {
        return None;
    }
    let key = words[1].strip_suffix(':')?;
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
    {
        return None;
    }
    if !matches!(b[3].as_str(), "to" | "for" | "on") {
        return None;
    }
    let mut out = vec![
        "set".to_string(),
        key.to_string(),
        "to".to_string(),
        words[2].clone(),
        "for".to_string(),
    ];
    out.extend(words[4..].iter().cloned());
    Some(out)
}

/// "telemetry logs at debug level", "telemetry log level warn please": with no verb, a
/// level said after the words of its field is that field set.
fn level(words: &[String]) -> Option<Vec<String>> {
    let mut b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    while b
        .last()
        .is_some_and(|w| matches!(w.as_str(), "please" | "pls" | "thanks"))
    {
        b.pop();
    }
    let n = b.len();
    if n < 3
        || super::lexicon::verb(&b[0]).is_some()
        || super::lexicon::QUESTION_WORDS.contains(&b[0].as_str())
        || b.iter().any(|w| w == "to")
    {
        return None;
    }
    let (field, value) = if b[n - 1] == "level" && b[n - 3] == "at" {
        (b[..n - 3].to_vec(), b[n - 2].clone())
    } else if b[n - 2] == "level" {
        (b[..n - 2].to_vec(), b[n - 1].clone())
    } else {
        return None;
    };
    if field.is_empty() || !value.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let mut out = vec!["set".to_string()];
    out.extend(
        field
            .into_iter()
            .map(|w| if w == "logs" { "log".to_string() } else { w }),
    );
    out.push("level".into());
    out.push("to".into());
    out.push(value);
    Some(out)
}

/// "new job audit: cargo audit": after a kind word whose components have steps and a
/// name ending in a colon, the rest is what the new component runs.
fn colon_command(words: &mut Vec<String>, scene: &Scene) {
    let Some(i) = (1..words.len().saturating_sub(1)).find(|&i| {
        let w = &words[i];
        w.len() > 1
            && w.ends_with(':')
            && !w[..w.len() - 1].contains(':')
            && kind_of_word(scene, &words[i - 1]).is_some_and(|k| {
                scene
                    .kinds
                    .iter()
                    .any(|info| info.kind == k && info.fields.iter().any(|f| f.key == "steps"))
            })
    }) else {
        return;
    };
    let name = words[i].trim_end_matches(':').to_string();
    words.splice(i..=i, [name, "that".to_string(), "runs".to_string()]);
}

/// The component a word names: exactly, or a plural ("tests") of one name.
fn component(scene: &Scene, w: &str) -> Option<String> {
    let b = bare(w);
    let b = b.trim_matches(['\'', '"', '`', '?', '!', '.', ',']);
    let found = named(scene, b);
    if let [c] = found.as_slice() {
        return Some(scene.components[*c].name.clone());
    }
    if found.is_empty() {
        if let Some(one) = b.strip_suffix('s') {
            if let [c] = named(scene, one).as_slice() {
                return Some(scene.components[*c].name.clone());
            }
        }
    }
    None
}

/// A component named at `i` ("the lint job", "lint"): its name and the index after it.
fn subject(scene: &Scene, words: &[String], mut i: usize) -> Option<(String, usize)> {
    if words.get(i).is_some_and(|w| bare(w) == "the") {
        i += 1;
    }
    let name = component(scene, words.get(i)?)?;
    i += 1;
    if words
        .get(i)
        .is_some_and(|w| kind_of_word(scene, w).is_some())
    {
        i += 1;
    }
    Some((name, i))
}

/// A new name as written, without quotes and closing punctuation.
fn new_name(w: &str) -> Option<String> {
    let n = w
        .trim_end_matches(['?', '!', '.', ','])
        .trim_matches(['\'', '"', '`', '‘', '’', '“', '”']);
    let ok = !n.is_empty()
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'));
    ok.then(|| n.to_string())
}

fn rename(words: &[String], scene: &Scene) -> Option<Vec<String>> {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let plain =
        |old: String, new: String| Some(vec!["rename".to_string(), old, "to".to_string(), new]);
    // "can we call the lint job 'style' instead?"
    if let Some(c) = b.iter().position(|w| w == "call") {
        if b[..c].iter().all(|w| BEFORE_CALL.contains(&w.as_str())) {
            let (old, at) = subject(scene, words, c + 1)?;
            let at = if b.get(at).is_some_and(|w| w == "to") {
                at + 1
            } else {
                at
            };
            let new = new_name(words.get(at)?)?;
            let rest_ok = b[at + 1..]
                .iter()
                .all(|w| AFTER_RENAME.contains(&w.as_str()));
            if rest_ok && new.to_lowercase() != old.to_lowercase() {
                return plain(old, new);
            }
        }
        return None;
    }
    // "cadvisor should be called container-stats", "lint should be renamed to style".
    let (old, at) = subject(scene, words, 0)?;
    let mut i = at;
    while b.get(i).is_some_and(|w| {
        matches!(
            w.as_str(),
            "should" | "must" | "needs" | "has" | "to" | "be" | "will" | "shall" | "can"
        )
    }) {
        i += 1;
    }
    if i == at || b.get(i - 1).is_none_or(|w| w != "be") {
        return None;
    }
    if !b
        .get(i)
        .is_some_and(|w| matches!(w.as_str(), "called" | "named" | "renamed"))
    {
        return None;
    }
    i += 1;
    if b.get(i).is_some_and(|w| w == "to") {
        i += 1;
    }
    let new = new_name(words.get(i)?)?;
    let rest_ok = b[i + 1..]
        .iter()
        .all(|w| AFTER_RENAME.contains(&w.as_str()));
    rest_ok.then(|| plain(old, new)).flatten()
}

/// "we don't want clippy in CI anymore", "we no longer need the cache": the component
/// removed. Only said by "we"/"I", and only with "anymore"/"no longer".
fn unwanted(words: &[String], scene: &Scene) -> Option<Vec<String>> {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if !matches!(b[0].as_str(), "we" | "i") {
        return None;
    }
    let mut i = 1;
    let mut longer = false;
    match b.get(i).map(String::as_str) {
        Some("dont" | "don't") => i += 1,
        Some("do") if b.get(i + 1).is_some_and(|w| w == "not") => i += 2,
        Some("no") if b.get(i + 1).is_some_and(|w| w == "longer") => {
            i += 2;
            longer = true;
        }
        _ => return None,
    }
    if !b
        .get(i)
        .is_some_and(|w| matches!(w.as_str(), "want" | "need" | "use"))
    {
        return None;
    }
    let (name, _) = subject(scene, words, i + 1)?;
    let tail = b.join(" ");
    let anymore = longer || b.iter().any(|w| w == "anymore") || tail.contains("any more");
    anymore.then(|| vec!["remove".to_string(), name])
}

/// "clippy should run after fmt", "run e2e after build", "X should run before Y"; in a
/// request adding a component, "… after the tests" as "… and make it depend on test".
fn order(words: &[String], scene: &Scene) -> Option<Vec<String>> {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let k = b.iter().position(|w| w == "after" || w == "before")?;
    let after = b[k] == "after";
    let (other, end) = subject(scene, words, k + 1)?;
    if end != words.len() {
        return None;
    }
    let depend = |first: String, second: String| {
        Some(vec![
            "make".to_string(),
            first,
            "depend".to_string(),
            "on".to_string(),
            second,
        ])
    };
    // "add a coverage job running cargo llvm-cov after the tests".
    if b[0] == "add" && after && k > 2 {
        let mut out: Vec<String> = words[..k].to_vec();
        out.extend(
            ["and", "make", "it", "depend", "on"]
                .iter()
                .map(|w| w.to_string()),
        );
        out.push(other);
        return Some(out);
    }
    // "run e2e after build".
    let (mine, at) = if RUN_VERBS.contains(&b[0].as_str()) {
        let (mine, at) = subject(scene, words, 1)?;
        (mine, at)
    } else {
        let (mine, at) = subject(scene, words, 0)?;
        let mut i = at;
        while b.get(i).is_some_and(|w| MODALS.contains(&w.as_str())) {
            i += 1;
        }
        if !b.get(i).is_some_and(|w| RUN_VERBS.contains(&w.as_str())) {
            return None;
        }
        // "test should run only after clippy".
        let mut at = i + 1;
        while b
            .get(at)
            .is_some_and(|w| matches!(w.as_str(), "only" | "just" | "always"))
        {
            at += 1;
        }
        (mine, at)
    };
    if at != k || mine == other {
        return None;
    }
    if after {
        depend(mine, other)
    } else {
        depend(other, mine)
    }
}

/// "batch the traces pipeline too", "batch all pipelines": a variant's name said as the
/// verb, with what lists such components after it, is that component added to them.
fn variant_verb(words: &[String], scene: &Scene) -> Option<Vec<String>> {
    let first = bare(&words[0]);
    let kind = scene
        .kinds
        .iter()
        .find(|k| k.variants.contains(&first) && !k.root)?;
    // The rest names components (or a kind) whose fields list this kind.
    let rest: Vec<String> = words[1..]
        .iter()
        .map(|w| bare(w))
        .filter(|w| !matches!(w.as_str(), "too" | "also" | "as" | "well" | "please"))
        .collect();
    let lister = |w: &str| {
        let kinds: Vec<String> = match kind_of_word(scene, w) {
            Some(k) => vec![k],
            None => named(scene, w)
                .into_iter()
                .map(|i| scene.components[i].kind.clone())
                .collect(),
        };
        kinds.iter().any(|k| {
            scene.kind(k).is_some_and(|info| {
                info.fields.iter().any(|f| {
                    f.reference()
                        .is_some_and(|(to, many)| many && to.contains(&kind.kind))
                })
            })
        })
    };
    if rest.is_empty()
        || !rest.iter().any(|w| lister(w))
        || rest.iter().any(|w| {
            !lister(w) && !matches!(w.as_str(), "the" | "all" | "every" | "each" | "and" | "my")
        })
    {
        return None;
    }
    let mut out: Vec<String> = ["add", "the", &first, &kind.kind, "to"]
        .iter()
        .map(|w| w.to_string())
        .collect();
    out.extend(rest);
    Some(out)
}

/// "put web and db on a network called internal", "add api and worker to the back
/// network": each named component joins the component of that kind (created first when
/// there is none of that name), where their kind lists such components.
fn join(words: &[String], scene: &Scene) -> Option<Vec<String>> {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if !matches!(
        b[0].as_str(),
        "put" | "add" | "attach" | "connect" | "join" | "move" | "place"
    ) {
        return None;
    }
    // The components listed, up to the preposition.
    let mut members: Vec<(usize, String)> = Vec::new();
    let mut i = 1;
    while i < b.len() {
        match b[i].as_str() {
            "and" | "the" | "," => i += 1,
            "on" | "to" | "into" | "in" | "onto" => break,
            _ => {
                let w = words[i].trim_end_matches(',');
                let found = named(scene, w);
                let [c] = found.as_slice() else {
                    return None;
                };
                members.push((*c, scene.components[*c].name.clone()));
                i += 1;
                if b.get(i).is_some_and(|w| kind_of_word(scene, w).is_some())
                    && !matches!(b.get(i + 1).map(String::as_str), Some("called" | "named"))
                {
                    i += 1;
                }
            }
        }
    }
    if members.is_empty() || i >= b.len() {
        return None;
    }
    i += 1;
    while b
        .get(i)
        .is_some_and(|w| matches!(w.as_str(), "the" | "a" | "an" | "new"))
    {
        i += 1;
    }
    // "a network called internal" or "the internal network".
    let (kind, target) = match (b.get(i), b.get(i + 1), b.get(i + 2)) {
        (Some(k), Some(c), Some(_)) if matches!(c.as_str(), "called" | "named") => {
            if i + 3 != b.len() {
                return None;
            }
            (kind_of_word(scene, k)?, new_name(&words[i + 2])?)
        }
        (Some(_), Some(k), None) => (kind_of_word(scene, k)?, new_name(&words[i])?),
        _ => return None,
    };
    // Each member's kind must list components of that kind.
    let lists_it = |c: usize| {
        scene.fields_of(c).iter().any(|f| {
            f.reference()
                .is_some_and(|(kinds, multiple)| multiple && kinds.contains(&kind))
        })
    };
    if !members.iter().all(|(c, _)| lists_it(*c)) {
        return None;
    }
    let exists = scene
        .of_kind(&kind)
        .any(|(_, c)| c.name.to_lowercase() == target.to_lowercase());
    // Those already in it stay as they are.
    let already = |c: usize| {
        scene.fields_of(c).iter().any(|f| {
            f.reference()
                .is_some_and(|(kinds, _)| kinds.contains(&kind))
                && match super::scene::lookup(
                    &scene.value,
                    &scene.components[c].pointer.join(f.key.clone()),
                ) {
                    Some(serde_json::Value::Array(items)) => {
                        items.iter().any(|v| v.as_str() == Some(target.as_str()))
                    }
                    Some(serde_json::Value::Object(m)) => m.contains_key(&target),
                    _ => false,
                }
        })
    };
    let members: Vec<(usize, String)> = members
        .into_iter()
        .filter(|(c, _)| !exists || !already(*c))
        .collect();
    if members.is_empty() {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    if !exists {
        out.extend(["add", "a", &kind, "called", &target, "then"].map(str::to_string));
    }
    for (n, (_, name)) in members.iter().enumerate() {
        if n > 0 || !exists {
            out.push("and".into());
        }
        out.extend(["connect", name, "to", &target].map(str::to_string));
    }
    if !exists {
        // "add a network called internal then and connect …": the first joiner.
        out.retain(|w| w != "then");
    }
    Some(out)
}

/// "give db a 1g memory limit", "give the api a 30s healthcheck interval": a value
/// (a word with a digit) before the words of a field is that field set.
fn give_value(words: &[String], scene: &Scene) -> Option<Vec<String>> {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    if b[0] != "give" {
        return None;
    }
    let (name, at) = subject(scene, words, 1)?;
    // "give openai 2 minutes", "give the job 30 minutes": time to finish, its timeout.
    if let [n, unit] = &b[at.min(b.len())..] {
        if n.parse::<f64>().is_ok() && super::text::time_unit(unit).is_some_and(|(_, s)| s >= 1.0) {
            return Some(vec![
                "set".to_string(),
                format!("{name}'s"),
                "timeout".into(),
                "to".into(),
                n.clone(),
                unit.clone(),
            ]);
        }
    }
    if !b.get(at).is_some_and(|w| w == "a" || w == "an") {
        return None;
    }
    let value = words.get(at + 1)?;
    if !value.chars().next().is_some_and(|c| c.is_ascii_digit()) || value.contains(['/', '@']) {
        return None;
    }
    // "a 5 minute timeout": the unit goes with the number.
    let unit = b.get(at + 2).is_some_and(|u| {
        super::text::time_unit(u).is_some() || super::text::size_unit(u).is_some()
    }) && words.len() > at + 3;
    let from = at + 2 + usize::from(unit);
    let field: Vec<String> = words[from..]
        .iter()
        .filter(|w| !matches!(bare(w).as_str(), "please" | "pls" | "thanks"))
        .cloned()
        .collect();
    if field.is_empty() || field.len() > 3 || field.iter().any(|w| !named(scene, w).is_empty()) {
        return None;
    }
    // "set build's timeout …": the owner said as one, so that a job named by a verb is
    // read as the job.
    let mut out = vec!["set".to_string(), format!("{name}'s")];
    out.extend(field);
    out.push("to".into());
    out.push(value.trim_end_matches([',', '.']).to_string());
    if unit {
        out.push(b[at + 2].clone());
    }
    Some(out)
}

/// "a worker using the same image as app", "with the same runs-on as build": the value
/// that component has for that key, written out.
fn same_as(words: &mut Vec<String>, scene: &Scene) {
    let b: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let Some(s) = b.iter().position(|w| w == "same") else {
        return;
    };
    let Some(as_at) = (s + 1..b.len().min(s + 4)).find(|&i| b[i] == "as") else {
        return;
    };
    if as_at != s + 2 {
        return;
    }
    let Some((name, end)) = subject(scene, words, as_at + 1) else {
        return;
    };
    let key_word = b[s + 1].clone();
    let Some(c) = scene.components.iter().find(|c| c.name == name) else {
        return;
    };
    let Some(serde_json::Value::Object(m)) = super::scene::lookup(&scene.value, &c.pointer) else {
        return;
    };
    let norm = |k: &str| k.to_lowercase().replace(['-', '_'], "");
    let Some((key, value)) = m.iter().find(|(k, _)| norm(k) == norm(&key_word)) else {
        return;
    };
    // Only a plain value survives being read back as words.
    let Some(value) = value
        .as_str()
        .filter(|v| !v.is_empty() && !v.contains(['$', '{', '}', ' ', '"', '\'', '`']))
        .map(str::to_string)
    else {
        return;
    };
    let start = if s > 0 && b[s - 1] == "the" { s - 1 } else { s };
    let replacement = if key == "image" && start > 0 && b[start - 1] != "with" {
        vec![value]
    } else {
        vec![key.clone(), value]
    };
    words.splice(start..end, replacement);
}
