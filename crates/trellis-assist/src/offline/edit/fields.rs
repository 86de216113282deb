//! Which field the words of a request name, and what a written value becomes for it.

use super::*;

/// How well the words name the field (0 when they do not).
fn is_name(w: &str) -> bool {
    matches!(w, "nam" | "name")
}

pub(super) fn field_score(f: &FieldInfo, words: &[String]) -> f64 {
    if words.is_empty() {
        return 0.0;
    }
    let mut total = 0.0;
    let mut strong = false;
    let mut covered = 0usize;
    let mut counted = 0usize;
    for w in words {
        let synonym = match w.as_str() {
            "temp" => f.key == "temperature",
            "rpm" => f.key == "requests_per_minute",
            "tpm" => f.key == "tokens_per_minute",
            "instruct" | "instruction" | "prompt" => f.key == "system_prompt",
            "url" | "endpoint" | "address" | "addres" => {
                f.key.ends_with("url") || f.key == "endpoint"
            }
            "key" => f.secret,
            _ if denying(w) => f.stems.iter().any(|s| denying(s)),
            // "retrieve 4 passages per question", "return 10 chunks": a recall's size.
            _ if said_as(
                w,
                &[
                    "passages",
                    "chunks",
                    "results",
                    "hits",
                    "retrieve",
                    "recall",
                    "fetch",
                    "return",
                    "documents",
                ],
            ) =>
            {
                f.key == "top_k"
            }
            // "let it take up to 12 steps", "max rounds 5" ("turns" would be "turn off").
            _ if said_as(w, &["steps", "rounds"]) => f.key == "max_iterations",
            // "2000 characters" for `max_input_chars`.
            "charact" | "character" => f.stems.iter().any(|s| s == "char" || s == "chars"),
            "memory" => f.stems.iter().any(|s| s == "mem"),
            "mem" => f.stems.iter().any(|s| s == "memory"),
            _ => false,
        };
        if f.stems.contains(w) || synonym {
            total += 1.0;
            strong = true;
            covered += 1;
            counted += 1;
            continue;
        } else if w.len() > 4 && f.stems.iter().any(|s| s.len() > 4 && close(w, s)) {
            total += 0.9;
            strong = true;
            covered += 1;
            counted += 1;
            continue;
        } else if f.described.contains(w) {
            total += 0.3;
        } else if lexicon::is_stopword(w)
            || w.len() < 3
            || (is_name(w) && words.len() > 1 && matches!(f.input, Input::Text { .. }))
        {
            // "the collection name": a text field that holds a name, said with the word.
            // An ordinary word that names nothing ("after", "by"…): not counted.
            continue;
        } else {
            // Another word that fits nothing: these words name something else.
            return 0.0;
        }
        counted += 1;
    }
    if counted == 0 {
        return 0.0;
    }
    if !strong {
        // Only the description fits ("expire" for a TTL): a weak match.
        return 0.25 * total / counted as f64;
    }
    total / counted as f64 + 0.5 * covered as f64 / f.stems.len().max(1) as f64
}

/// Whether the stem `w` is one of `words` (or its singular).
fn said_as(w: &str, words: &[&str]) -> bool {
    words.iter().any(|x| {
        let said = crate::offline::text::stem(x);
        said == w
            || crate::offline::text::stem(x.trim_end_matches('s')) == w
            || (w.len() > 4 && crate::offline::text::close(w, &said))
    })
}

/// Words that say a value goes up, and words that say it goes down.
const UP: &[&str] = &[
    "up",
    "raise",
    "raised",
    "increase",
    "increased",
    "bump",
    "bumped",
    "higher",
    "more",
    "longer",
    "bigger",
    "larger",
    "extend",
    "extended",
    "boost",
    "grow",
];
const DOWN: &[&str] = &[
    "down",
    "lower",
    "lowered",
    "decrease",
    "decreased",
    "reduce",
    "reduced",
    "cut",
    "less",
    "fewer",
    "shorter",
    "smaller",
    "drop",
    "trim",
    "shrink",
    "slash",
];

/// Whether the number at `i` is a change to the value there now, and which way (1 up, -1
/// down): "bump the rate limit up by 100", "lower it by 2", "five more iterations",
/// "another 5 minutes", "an extra 2 retries", "two fewer retries". None for an amount to
/// set ("to 5"), and for "by 2" with no direction said.
pub(super) fn change_by(a: &Analysis, i: usize) -> Option<f64> {
    let next = a.tokens.get(i + 1);
    if next.is_some_and(|t| t.is_any(&["more", "extra", "additional"])) {
        return Some(1.0);
    }
    if next.is_some_and(|t| t.is_any(&["fewer", "less"])) {
        return Some(-1.0);
    }
    let before = |k: usize, words: &[&str]| i >= k && a.tokens[i - k].is_any(words);
    if before(1, &["another", "extra"]) {
        return Some(1.0);
    }
    if !before(1, &["by"]) {
        return None;
    }
    // The direction said nearest before "by" in the same sentence ("nudge the temperature
    // up by 0.2").
    (0..i - 1)
        .rev()
        .take_while(|&k| !a.tokens[k].raw.ends_with(['.', ';', '!', '?']))
        .filter(|&k| !a.tokens[k].quoted)
        .find_map(|k| {
            if a.tokens[k].is_any(UP) {
                Some(1.0)
            } else if a.tokens[k].is_any(DOWN) {
                Some(-1.0)
            } else {
                None
            }
        })
}

/// Words for "not allowed" ("blocked topics" are the denied ones), as stems.
pub(super) fn denying(w: &str) -> bool {
    [
        "deny",
        "denied",
        "block",
        "blocked",
        "ban",
        "banned",
        "forbid",
        "forbidden",
        "disallow",
        "disallowed",
        "refuse",
        "refused",
        "prohibited",
    ]
    .iter()
    .any(|x| crate::offline::text::stem(x) == w)
}

/// Whether a field applies to a component of `variant`: a field whose description names
/// some variants of the kind ("(guardrails)") applies to those only.
pub(super) fn applies(scene: &Scene, kind: &str, variant: Option<&str>, field: &FieldInfo) -> bool {
    let Some(k) = scene.kind(kind) else {
        return true;
    };
    let text = field.description.to_lowercase();
    let named: Vec<&String> = k
        .variants
        .iter()
        .filter(|v| {
            text.split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| w == v.as_str())
        })
        .collect();
    match variant {
        Some(v) if !named.is_empty() => named.iter().any(|n| *n == v),
        _ => true,
    }
}

/// Whether component `i` has the field, and it applies to its variant (or is set).
pub(super) fn has_field(scene: &Scene, i: usize, field: &FieldInfo) -> bool {
    let c = &scene.components[i];
    let set = scene.value_of(i).and_then(|v| v.get(&field.key)).is_some();
    set || applies(scene, &c.kind, c.variant.as_deref(), field)
}

/// The best field for the words among `fields`: `Ok(None)` when none fits, `Err` with the
/// tied fields when two fit equally.
pub(super) fn best_field<'f>(
    fields: &'f [FieldInfo],
    words: &[String],
) -> Result<Option<&'f FieldInfo>, Vec<&'f FieldInfo>> {
    let mut scored: Vec<(f64, &FieldInfo)> = fields
        .iter()
        .map(|f| (field_score(f, words), f))
        .filter(|(s, _)| *s > 0.0)
        .collect();
    scored.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
    match scored.as_slice() {
        [] => Ok(None),
        [(_, f)] => Ok(Some(f)),
        [(s0, f0), (s1, f1), ..] => {
            if (s0 - s1).abs() < 1e-9 {
                Err(vec![f0, f1])
            } else {
                Ok(Some(f0))
            }
        }
    }
}

/// What a value written in a request becomes for a field, or why it cannot.
pub(super) fn convert(
    field: &FieldInfo,
    tokens: &[Token],
    current: Option<&Value>,
    relative: Option<f64>,
) -> Result<Value, String> {
    let text = if tokens.len() == 1 && tokens[0].quoted {
        tokens[0].raw.clone()
    } else {
        tokens_raw(tokens)
    };
    let mut text = text.trim().to_string();
    // "postgres 17" for an image: `postgres:17`.
    if field.key == "image" {
        if let [name, version] = tokens {
            let plain_name = !name.quoted
                && name
                    .raw
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'))
                && !name.raw.contains(':');
            let versioned = version
                .raw
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
                && version
                    .raw
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
            if plain_name && versioned {
                text = format!("{}:{}", name.raw.to_lowercase(), version.raw);
            }
        }
    }
    let number = tokens.iter().find_map(Token::number);
    match &field.input {
        Input::Number {
            integer,
            minimum,
            maximum,
            exclusive_minimum,
            exclusive_maximum,
            ..
        } => {
            // "5 minutes" is no count: a duration for a field that takes none.
            let duration = tokens.windows(2).any(|w| {
                w[0].number().is_some()
                    && w[0].norm.parse::<f64>().is_ok()
                    && w[1].norm.len() > 2
                    && crate::offline::text::time_unit(&w[1].norm).is_some()
            });
            if duration && field_unit(field).is_none() {
                return Err(format!(
                    "{} is no duration, so {} does not fit it",
                    field.title,
                    code(&text)
                ));
            }
            let mut v = timed(field, tokens)
                .or_else(|| sized(field, tokens))
                .or(number)
                .ok_or_else(|| {
                    format!(
                        "{} takes a number, and I found none in {}",
                        field.title,
                        code(&text)
                    )
                })?;
            // "5%" for a field counted in percent (`sampling_percentage`, 0..100) is 5; for
            // a rate of 0..1 it is 0.05.
            let in_percent = counted_in(field, "percent") || maximum.is_some_and(|m| m > 1.0);
            if in_percent {
                if let Some(n) = tokens
                    .iter()
                    .filter(|t| !t.quoted)
                    .find_map(|t| t.norm.strip_suffix('%')?.parse::<f64>().ok())
                {
                    v = n;
                }
            }
            if let Some(sign) = relative {
                let now = current
                    .and_then(Value::as_f64)
                    .or_else(|| field.default.as_ref().and_then(Value::as_f64));
                let Some(now) = now else {
                    return Err(format!("{} has no value to change by {v}", field.title));
                };
                v = now + sign * v;
            }
            if *integer && v.fract() != 0.0 {
                return Err(format!("{} takes a whole number, not {v}", field.title));
            }
            let bounds = |lo: Option<f64>, hi: Option<f64>| -> String {
                match (lo, hi) {
                    (Some(l), Some(h)) => format!("between {l} and {h}"),
                    (Some(l), None) => format!("at least {l}"),
                    (None, Some(h)) => format!("at most {h}"),
                    (None, None) => String::new(),
                }
            };
            if minimum.is_some_and(|m| v < m) || maximum.is_some_and(|m| v > m) {
                return Err(format!(
                    "{} must be {}, so {v} is not allowed",
                    field.title,
                    bounds(*minimum, *maximum)
                ));
            }
            if exclusive_minimum.is_some_and(|m| v <= m)
                || exclusive_maximum.is_some_and(|m| v >= m)
            {
                return Err(format!("{} is out of range for {}", v, field.title));
            }
            Ok(crate::offline::text::json_number(v))
        }
        Input::Boolean => tokens
            .iter()
            .find_map(|t| parse_bool(&t.norm))
            .map(Value::Bool)
            .ok_or_else(|| {
                format!(
                    "{} is on or off (true or false), not {}",
                    field.title,
                    code(&text)
                )
            }),
        Input::Enum { options } => {
            let key = name_key(&text);
            let strings: Vec<&str> = options.iter().filter_map(Value::as_str).collect();
            if let Some(o) = options.iter().find(|o| match o {
                Value::String(s) => name_key(s) == key,
                other => other.to_string() == text,
            }) {
                return Ok(o.clone());
            }
            let near: Vec<&&str> = strings
                .iter()
                .filter(|s| close(&key, &name_key(s)))
                .collect();
            if near.len() == 1 {
                return Ok(Value::String(near[0].to_string()));
            }
            // "a postgres memory": the option, then a noun that is no option.
            if let Some((head, last)) = text.rsplit_once(' ') {
                let last = name_key(last);
                let in_options = strings.iter().any(|s| name_key(s) == last);
                if let Some(o) = strings.iter().find(|s| name_key(s) == name_key(head)) {
                    if !in_options {
                        return Ok(Value::String(o.to_string()));
                    }
                }
            }
            Err(format!(
                "{} is one of {}, not {}",
                field.title,
                join_and(&strings.iter().map(|s| code(s)).collect::<Vec<_>>()),
                code(&text)
            ))
        }
        Input::Const { value } => Ok(value.clone()),
        Input::List { .. } => {
            let items: Vec<Value> = text
                .split([',', ';'])
                .flat_map(|p| p.split(" and "))
                .map(|s| s.trim().trim_matches(['"', '\'']).trim())
                .filter(|s| !s.is_empty())
                // A published port said alone ("on port 8081") is published as itself,
                // as "expose port 8081 on web" is.
                .map(|s| match crate::offline::idioms::port_of(s) {
                    Some(p) if field.key == "ports" => Value::String(p),
                    _ => Value::String(s.to_string()),
                })
                .collect();
            if items.is_empty() {
                return Err(format!("{} takes a list; I found no items", field.title));
            }
            Ok(Value::Array(items))
        }
        Input::Text { .. } | Input::Any | Input::Variants { .. } => {
            if text.is_empty() {
                return Err(format!("no value for {} was given", field.title));
            }
            // "1 gb", "512 megs": a size written the way such values are (`1g`, `512m`).
            if let [n, unit] = tokens {
                if let (Ok(_), Some((short, _))) = (
                    n.norm.parse::<f64>(),
                    crate::offline::text::size_unit(&unit.norm),
                ) {
                    if !counted_in(field, "mib") {
                        return Ok(Value::String(format!("{}{short}", n.norm)));
                    }
                }
            }
            // "10 seconds" for a duration written as text (`timeout: 5s`): `10s`; days and
            // longer in hours, which every duration syntax takes.
            if let [n, unit] = tokens {
                let durational = current
                    .and_then(Value::as_str)
                    .or(field.default.as_ref().and_then(Value::as_str))
                    .is_some_and(crate::offline::create::is_duration)
                    || field.description.to_lowercase().contains("duration");
                if let (true, Ok(v), Some((letter, seconds))) = (
                    durational,
                    n.norm.parse::<f64>(),
                    crate::offline::text::time_unit(&unit.norm),
                ) {
                    let (v, letter) = if seconds >= 86400.0 {
                        (v * seconds / 3600.0, "h")
                    } else {
                        (v, letter)
                    };
                    return Ok(Value::String(format!(
                        "{}{letter}",
                        crate::offline::text::json_number(v)
                    )));
                }
            }
            // "set the api key variable to CLAUDE_KEY": a variable's name for a secret is
            // a reference to it, written the way the field's reference is now.
            let var_name = text.len() >= 3
                && text.contains('_')
                && text.starts_with(|c: char| c.is_ascii_uppercase())
                && text
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            if field.secret && var_name {
                let now = current.and_then(Value::as_str).unwrap_or("");
                let reference =
                    reference_like(now, &text).unwrap_or_else(|| format!("${{{text}}}"));
                return Ok(Value::String(reference));
            }
            if field.secret && !text.contains("${") {
                return Err(format!(
                    "{} is a secret: I do not write secrets into the file. Keep it in an environment variable and set the field to its reference, e.g. \"${{MY_API_KEY}}\"",
                    field.title
                ));
            }
            if matches!(field.input, Input::Variants { .. } | Input::Any) {
                // A plain number only: `512m` and `30s` stay strings (sizes, durations);
                // "2048 MiB" for a field counted in MiB, "50 percent" for a percentage,
                // is the number.
                let own_unit = tokens.len() == 2
                    && tokens[0].norm.parse::<f64>().is_ok()
                    && match tokens[1].norm.as_str() {
                        "mib" | "mb" => counted_in(field, "mib"),
                        "%" | "percent" | "percentage" => counted_in(field, "percent"),
                        _ => false,
                    };
                // "70%" for a field counted in percent: 70.
                if let [t] = tokens {
                    if let Some(n) = t.norm.strip_suffix('%').and_then(|n| n.parse::<f64>().ok()) {
                        if counted_in(field, "percent") && !t.quoted {
                            return Ok(crate::offline::text::json_number(n));
                        }
                    }
                }
                // "2 GiB" for a field counted in MiB: 2048.
                if let Some(n) = sized(field, tokens).filter(|_| tokens.len() == 2) {
                    return Ok(crate::offline::text::json_number(n));
                }
                let plain =
                    (tokens.len() == 1 && tokens[0].norm.parse::<f64>().is_ok()) || own_unit;
                if let Some(n) = number.filter(|_| plain) {
                    return Ok(crate::offline::text::json_number(n));
                }
                // "15 minutes" for `timeout-minutes`: the number in the field's unit.
                if let Some(n) = timed(field, tokens).filter(|_| tokens.len() <= 2) {
                    return Ok(crate::offline::text::json_number(n));
                }
                if let Some(b) = tokens
                    .first()
                    .and_then(|t| parse_bool(&t.norm))
                    .filter(|_| tokens.len() == 1)
                {
                    return Ok(Value::Bool(b));
                }
            }
            Ok(Value::String(text))
        }
        Input::Object { .. } | Input::Reference { .. } => {
            Err(format!("{} cannot be set from text", field.title))
        }
    }
}

/// The stems of a token's words (`max_tokens` → `max`, `token`).
pub(super) fn word_stems(t: &Token) -> Vec<String> {
    if t.word.contains(['_', '-']) && !t.quoted {
        crate::offline::scene::split_words(&t.word)
            .iter()
            .map(|w| crate::offline::text::stem(w))
            .collect()
    } else {
        vec![t.stem()]
    }
}

/// Seconds per unit of a duration word (`minutes`, `hrs`, `ms`).
fn unit_seconds(word: &str) -> Option<f64> {
    crate::offline::text::time_unit(word).map(|(_, seconds)| seconds)
}

/// The unit of a duration field, in seconds, read from its key or title (`ttl_s`,
/// `timeout-minutes`, "Backoff (ms)").
pub(super) fn field_unit(field: &FieldInfo) -> Option<f64> {
    let key = field.key.to_lowercase();
    // A rate ("requests per minute") is not a duration.
    if key.contains("per") || field.title.to_lowercase().contains(" per ") {
        return None;
    }
    let last = key.rsplit(['_', '-']).next().unwrap_or("");
    if key.contains(['_', '-']) {
        if let Some(u) = unit_seconds(last) {
            return Some(u);
        }
    }
    let title = field.title.to_lowercase();
    let inner = title
        .split_once('(')
        .and_then(|(_, r)| r.split_once(')'))
        .map(|(u, _)| u.trim().to_string());
    inner.as_deref().and_then(unit_seconds).or_else(|| {
        title
            .split_whitespace()
            .last()
            .filter(|w| w.len() > 2)
            .and_then(unit_seconds)
    })
}

/// A duration written with its unit ("5 minutes", "2h", "500ms") in the unit of a
/// duration field; `None` when either has no unit.
fn timed(field: &FieldInfo, tokens: &[Token]) -> Option<f64> {
    let per = field_unit(field)?;
    let at = tokens.iter().position(|t| t.number().is_some())?;
    let t = &tokens[at];
    let seconds = if t.norm.parse::<f64>().is_ok() {
        let unit = tokens.get(at + 1).and_then(|u| unit_seconds(&u.norm))?;
        t.number()? * unit
    } else {
        // A unit written on the number: `parse_number` reads it in seconds.
        let unit_part = t
            .norm
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        if !matches!(unit_part, "ms" | "s" | "m" | "h") {
            return None;
        }
        t.number()?
    };
    let v = seconds / per;
    // Whole numbers stay whole despite float error.
    let rounded = v.round();
    Some(if (v - rounded).abs() < 1e-9 {
        rounded
    } else {
        v
    })
}

/// `now`, a reference to a variable (`${OPENAI_API_KEY}`, `${REDIS_URL:default}`,
/// `${env:KEY}`, `${{ secrets.TOKEN }}`), with the variable's name replaced by `name`.
fn reference_like(now: &str, name: &str) -> Option<String> {
    let start = now.find("${")?;
    let end = now[start..].rfind('}')? + start;
    let inner = &now[start + 2..end];
    let head = &now[..start];
    let tail = &now[end + 1..];
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    if let Some(rest) = inner.strip_prefix("env:") {
        if rest.chars().all(is_name) {
            return Some(format!("{head}${{env:{name}}}{tail}"));
        }
        return None;
    }
    if let Some((var, default)) = inner.split_once(':') {
        if !var.is_empty() && var.chars().all(is_name) {
            return Some(format!("{head}${{{name}:{default}}}{tail}"));
        }
        return None;
    }
    // `{ secrets.TOKEN }`: the last name inside.
    let chars: Vec<char> = inner.chars().collect();
    let mut e = chars.len();
    while e > 0 && !is_name(chars[e - 1]) {
        e -= 1;
    }
    let mut b = e;
    while b > 0 && is_name(chars[b - 1]) {
        b -= 1;
    }
    if b == e {
        return None;
    }
    let before: String = chars[..b].iter().collect();
    let after: String = chars[e..].iter().collect();
    Some(format!("{head}${{{before}{name}{after}}}{tail}"))
}

/// "2 GiB" for a field counted in MiB (`limit_mib`): 2048.
fn sized(field: &FieldInfo, tokens: &[Token]) -> Option<f64> {
    if !counted_in(field, "mib") {
        return None;
    }
    let at = tokens.iter().position(|t| t.norm.parse::<f64>().is_ok())?;
    let (_, mib) = crate::offline::text::size_unit(&tokens.get(at + 1)?.norm)?;
    Some((tokens[at].norm.parse::<f64>().ok()? * mib).round())
}

/// Whether the field's key or title names the unit it counts in (`limit_mib`, "Sampling
/// percentage").
fn counted_in(field: &FieldInfo, unit: &str) -> bool {
    format!("{} {}", field.key, field.title)
        .to_lowercase()
        .contains(unit)
}
