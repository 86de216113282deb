//! Words of a request: tokens with their original text, a normalised form and a stem;
//! typo-tolerant comparison; numbers and booleans; Markdown quoting of document text.

/// Longest request read (characters); the rest is ignored, so the work stays bounded.
pub(crate) const MAX_REQUEST_CHARS: usize = 2000;
/// Most tokens read from a request.
pub(crate) const MAX_TOKENS: usize = 120;

/// One word (or quoted phrase) of a request.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    /// As written, without surrounding punctuation or quotes.
    pub raw: String,
    /// Lowercase, possessive `'s` removed, `-` kept.
    pub norm: String,
    /// The lexicon word the token stands for (its corrected spelling), or `norm`.
    pub word: String,
    pub quoted: bool,
    /// Written with a possessive (`writer's`).
    pub possessive: bool,
    /// A comma, semicolon or sentence end follows.
    pub boundary: bool,
}

impl Token {
    pub(crate) fn stem(&self) -> String {
        stem(&self.word)
    }

    pub(crate) fn is(&self, word: &str) -> bool {
        !self.quoted && self.word == word
    }

    pub(crate) fn is_any(&self, words: &[&str]) -> bool {
        !self.quoted && words.contains(&self.word.as_str())
    }

    pub(crate) fn number(&self) -> Option<f64> {
        if self.quoted {
            return None;
        }
        parse_number(&self.norm)
    }
}

fn is_quote(c: char) -> Option<char> {
    match c {
        '"' => Some('"'),
        '“' => Some('”'),
        '`' => Some('`'),
        '\'' => Some('\''),
        '‘' => Some('’'),
        _ => None,
    }
}

/// Splits a request into tokens. Quoted phrases ("…", '…', `…`) are one token each.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let text: String = text.chars().take(MAX_REQUEST_CHARS).collect();
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<Token> = Vec::new();
    let mut i = 0;
    while i < chars.len() && out.len() < MAX_TOKENS {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if matches!(c, ',' | ';' | '!' | '?') || (c == '.' && !next_is_word(&chars, i)) {
            if let Some(last) = out.last_mut() {
                last.boundary = true;
            }
            i += 1;
            continue;
        }
        // A quoted phrase: the quote opens a token and a matching quote closes it before
        // whitespace, punctuation or the end.
        if let Some(close) = is_quote(c) {
            let mut j = i + 1;
            let mut end = None;
            while j < chars.len() {
                if chars[j] == close
                    && (j + 1 == chars.len()
                        || chars[j + 1].is_whitespace()
                        || matches!(chars[j + 1], ',' | ';' | '.' | '!' | '?' | ')' | ':'))
                {
                    end = Some(j);
                    break;
                }
                j += 1;
            }
            if let Some(end) = end {
                let raw: String = chars[i + 1..end].iter().collect();
                let raw = raw.trim().to_string();
                if !raw.is_empty() {
                    out.push(Token {
                        norm: raw.to_lowercase(),
                        word: raw.to_lowercase(),
                        raw,
                        quoted: true,
                        possessive: false,
                        boundary: false,
                    });
                }
                i = end + 1;
                continue;
            }
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() {
            let ch = chars[i];
            // "2,000": a thousands separator, inside the number.
            if ch == ',' && thousands_at(&chars, start, i) {
                i += 1;
                continue;
            }
            if matches!(ch, ',' | ';' | '!' | '?') {
                break;
            }
            if ch == '.' && !next_is_word(&chars, i) {
                break;
            }
            i += 1;
        }
        let piece: String = chars[start..i].iter().collect();
        let piece = if piece.contains(',') {
            piece.replace(',', "")
        } else {
            piece
        };
        if let Some(token) = word_token(&piece) {
            out.push(token);
        }
    }
    out
}

/// Whether the `,` at `i` separates thousands in a number that starts at `start`
/// ("2,000", "1,048,576"): one to three digits before the first comma, three digits
/// between and after each, and no digit after those.
fn thousands_at(chars: &[char], start: usize, i: usize) -> bool {
    let head = &chars[start..i];
    let groups: Vec<&[char]> = head.split(|c| *c == ',').collect();
    let digits = |g: &[char]| g.iter().all(char::is_ascii_digit);
    let head_ok = groups
        .first()
        .is_some_and(|g| (1..=3).contains(&g.len()) && digits(g))
        && groups[1..].iter().all(|g| g.len() == 3 && digits(g));
    let after = chars[i + 1..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    head_ok && after == 3
}

/// Whether the `.` at `i` is inside a word (`gpt-4.1`, `nginx:1.27`, `llama.cpp`).
fn next_is_word(chars: &[char], i: usize) -> bool {
    let before = i > 0 && !chars[i - 1].is_whitespace();
    let after = chars
        .get(i + 1)
        .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '/');
    let digit_after = chars.get(i + 1).is_some_and(char::is_ascii_digit);
    // `./data`, `../x`: a relative path.
    let path = matches!(chars.get(i + 1), Some('/' | '.'));
    // `v2.*`: a glob.
    let glob = before && chars.get(i + 1) == Some(&'*');
    (before && after) || digit_after || path || glob
}

fn word_token(piece: &str) -> Option<Token> {
    let trimmed = piece
        .trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | '{' | '}' | '"' | '“' | '”'))
        .trim_end_matches(':');
    let mut raw = trimmed.replace(['’', '‘'], "'");
    let mut possessive = false;
    for suffix in ["'s", "'"] {
        if raw.len() > suffix.len() && raw.to_lowercase().ends_with(suffix) {
            raw.truncate(raw.len() - suffix.len());
            possessive = true;
            break;
        }
    }
    let raw = raw.trim_start_matches('\'').to_string();
    if raw.is_empty() {
        return None;
    }
    let norm = raw.to_lowercase();
    Some(Token {
        word: norm.clone(),
        norm,
        raw,
        quoted: false,
        possessive,
        boundary: false,
    })
}

/// A light stemmer: enough to treat `agents`/`agent`, `caching`/`cache`,
/// `retries`/`retry`, `logging`/`log`, `limiting`/`limit` as one word.
pub(crate) fn stem(word: &str) -> String {
    let w = word.to_lowercase();
    if w.chars().count() <= 3 || !w.chars().all(|c| c.is_ascii_alphabetic()) {
        return w;
    }
    let mut s = w.clone();
    for (suffix, keep) in [
        ("ations", ""),
        ("ation", ""),
        ("ators", ""),
        ("ator", ""),
        ("ating", ""),
        ("ates", ""),
        ("ated", ""),
        ("ate", ""),
        ("ies", "i"),
        ("ied", "i"),
        ("ing", ""),
        ("ers", ""),
        ("er", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
        ("e", ""),
        ("y", "i"),
    ] {
        if s.ends_with(suffix) && s.len() - suffix.len() + keep.len() >= 3 {
            s.truncate(s.len() - suffix.len());
            s.push_str(keep);
            break;
        }
    }
    if s.ends_with("ss") {
        return s;
    }
    // A doubled final consonant (logg → log, runn → run).
    let bytes = s.as_bytes();
    let n = bytes.len();
    if n >= 4 && bytes[n - 1] == bytes[n - 2] && !b"aeiou".contains(&bytes[n - 1]) {
        s.truncate(n - 1);
    }
    if s.ends_with('e') && s.len() > 3 {
        s.truncate(s.len() - 1);
    }
    s
}

/// How many edits a word of this length may be away from what it means.
pub(crate) fn typo_budget(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=9 => 1,
        _ => 2,
    }
}

/// The edit distance between two words (transpositions count one).
pub(crate) fn distance(a: &str, b: &str) -> usize {
    strsim::damerau_levenshtein(a, b)
}

/// Whether `word` is `target` written with a small typo (or exactly).
pub(crate) fn close(word: &str, target: &str) -> bool {
    if word == target {
        return true;
    }
    let budget = typo_budget(word.chars().count().min(target.chars().count()));
    budget > 0 && distance(word, target) <= budget
}

/// A name as compared: lowercase, with `-`, `.`, `/`, spaces as `_`.
pub(crate) fn name_key(name: &str) -> String {
    name.to_lowercase()
        .chars()
        .map(|c| match c {
            '-' | ' ' | '.' | '/' | ':' => '_',
            c => c,
        })
        .collect()
}

/// A number as written in a request: `0.3`, `.5`, `2048`, `2,048`, `1k`, `30s`, `50%`.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim().replace(',', "");
    if t.is_empty() {
        return None;
    }
    if let Ok(v) = t.parse::<f64>() {
        return v.is_finite().then_some(v);
    }
    let (body, factor) = if let Some(b) = t.strip_suffix('k') {
        (b, 1000.0)
    } else if let Some(b) = t.strip_suffix('%') {
        (b, 0.01)
    } else if let Some(b) = t.strip_suffix("ms") {
        (b, 0.001)
    } else if let Some(b) = t.strip_suffix('s') {
        (b, 1.0)
    } else if let Some(b) = t.strip_suffix('m') {
        (b, 60.0)
    } else if let Some(b) = t.strip_suffix('h') {
        (b, 3600.0)
    } else {
        return None;
    };
    let v: f64 = body.parse().ok()?;
    let v = v * factor;
    v.is_finite().then_some(v)
}

/// A boolean as written in a request.
pub(crate) fn parse_bool(word: &str) -> Option<bool> {
    match word {
        "true" | "yes" | "on" | "enabled" | "enable" | "1" => Some(true),
        "false" | "no" | "off" | "disabled" | "disable" | "0" => Some(false),
        _ => None,
    }
}

/// A JSON number for `v`: an integer when it is one.
pub(crate) fn json_number(v: f64) -> serde_json::Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        serde_json::Value::from(v as i64)
    } else {
        serde_json::Number::from_f64(v).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// Text from a document or a request shown as inline code in Markdown: control characters
/// and line breaks become spaces, long text is cut, and the fence is longer than any run
/// of backticks inside, so nothing in it can become markup.
pub(crate) fn code(text: &str) -> String {
    let mut clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if clean.chars().count() > 120 {
        clean = clean.chars().take(117).collect::<String>() + "…";
    }
    let mut longest = 0;
    let mut run = 0;
    for c in clean.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    if clean.is_empty() {
        return "` `".to_string();
    }
    if clean.starts_with('`') || clean.ends_with('`') || longest > 0 {
        format!("{fence} {clean} {fence}")
    } else {
        format!("{fence}{clean}{fence}")
    }
}

/// Document text quoted as plain prose: Markdown-significant characters escaped, line
/// breaks folded, long text cut.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n >= 300 {
            out.push('…');
            break;
        }
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '~' | '(' | ')'
            | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// A message made by Trellis (which may quote document text inside backticks) made safe
/// to show as Markdown: one line, no links, images or HTML.
pub(crate) fn sanitize(text: &str) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for (n, c) in text.chars().enumerate() {
        if n >= 400 {
            out.push('…');
            break;
        }
        match c {
            '`' => {
                in_code = !in_code;
                out.push(c);
            }
            '[' | ']' | '<' | '>' | '\\' if !in_code => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    if in_code {
        out.push('`');
    }
    out
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn join_and(items: &[String]) -> String {
    const SHOWN: usize = 20;
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n if n > SHOWN => format!("{} and {} more", items[..SHOWN].join(", "), n - SHOWN),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// `a` or `an` before a word.
pub(crate) fn article(word: &str) -> &'static str {
    if word
        .trim_start_matches(['`', '*'])
        .starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U'])
    {
        "an"
    } else {
        "a"
    }
}

/// `1 agent`, `2 agents`.
pub(crate) fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// A time unit's short letter and its length in seconds ("minutes" → `m`, 60), with a
/// small typo in a long spelling ("minuts", "secons") read as the unit.
pub(crate) fn time_unit(w: &str) -> Option<(&'static str, f64)> {
    const UNITS: [(&str, f64, &[&str]); 7] = [
        (
            "ms",
            0.001,
            &["ms", "msec", "msecs", "millisecond", "milliseconds"],
        ),
        ("s", 1.0, &["s", "sec", "secs", "second", "seconds"]),
        ("m", 60.0, &["m", "min", "mins", "minute", "minutes"]),
        ("h", 3600.0, &["h", "hr", "hrs", "hour", "hours"]),
        ("d", 86400.0, &["d", "day", "days"]),
        ("w", 604800.0, &["w", "wk", "wks", "week", "weeks"]),
        ("y", 31536000.0, &["y", "yr", "yrs", "year", "years"]),
    ];
    let exact = UNITS
        .iter()
        .find(|(_, _, words)| words.contains(&w))
        .or_else(|| {
            // Only spellings of six letters or more take a typo: "mins" is no "mine".
            (w.len() >= 5)
                .then(|| {
                    UNITS
                        .iter()
                        .find(|(_, _, words)| words.iter().any(|x| x.len() >= 6 && close(w, x)))
                })
                .flatten()
        })?;
    Some((exact.0, exact.1))
}

/// A size unit's short letter and its size in MiB ("gb" → `g`, 1024; "megs" → `m`, 1).
pub(crate) fn size_unit(w: &str) -> Option<(&'static str, f64)> {
    Some(match w {
        "gb" | "g" | "gib" | "gig" | "gigs" | "gigabyte" | "gigabytes" => ("g", 1024.0),
        "mb" | "m" | "mib" | "meg" | "megs" | "megabyte" | "megabytes" => ("m", 1.0),
        "kb" | "k" | "kib" | "kilobyte" | "kilobytes" => ("k", 1.0 / 1024.0),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_names_numbers_and_quotes() {
        let t = tokenize("Set the writer's temperature to 0.3, please.");
        let words: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(
            words,
            ["set", "the", "writer", "temperature", "to", "0.3", "please"]
        );
        assert!(t[2].possessive);
        assert!(t[5].boundary);
        let t = tokenize("rename it to \"Chief Writer\" and use gpt-4.1 on nginx:1.27.");
        assert_eq!(t[3].raw, "Chief Writer");
        assert!(t[3].quoted);
        assert_eq!(t[6].norm, "gpt-4.1");
        assert_eq!(t[8].norm, "nginx:1.27");
    }

    #[test]
    fn stems_join_word_forms() {
        for (a, b) in [
            ("agents", "agent"),
            ("caching", "cache"),
            ("retries", "retry"),
            ("logging", "log"),
            ("limiting", "limit"),
            ("generation", "generate"),
            ("browser", "browse"),
            ("tracing", "traces"),
            ("delegates", "delegate"),
            ("delegating", "delegation"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} / {b}");
        }
    }

    #[test]
    fn numbers_and_code() {
        assert_eq!(parse_number("0.3"), Some(0.3));
        assert_eq!(parse_number("2,048"), Some(2048.0));
        assert_eq!(parse_number("1k"), Some(1000.0));
        assert_eq!(parse_number("abc"), None);
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("x\ny"), "`x y`");
    }
}
