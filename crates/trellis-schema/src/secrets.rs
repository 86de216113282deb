//! Literal secrets: values that should come from the environment instead of being written in
//! a configuration file. Two signals: the place (a field the schema marks `writeOnly`,
//! `format: password` or `x-trellis-secret`, or whose name says key/token/password) and the
//! shape (well-known key formats, private key blocks, long high-entropy tokens) anywhere.

use regex::RegexSet;
use std::sync::OnceLock;

/// Why a value is taken for a secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The field holds secrets (by schema or by name).
    Field,
    /// The value has the shape of a known kind of credential.
    Shape(&'static str),
    /// A long, random-looking token.
    Entropy,
}

const SHAPES: &[(&str, &str)] = &[
    ("an AWS access key", r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),
    (
        "an OpenAI-style API key",
        r"\bsk-(proj-|ant-|live-)?[A-Za-z0-9_\-]{20,}",
    ),
    (
        "a GitHub token",
        r"\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}",
    ),
    ("a GitHub token", r"\bgithub_pat_[A-Za-z0-9_]{22,}"),
    ("a Slack token", r"\bxox[abprs]-[A-Za-z0-9\-]{10,}"),
    ("a Google API key", r"\bAIza[0-9A-Za-z_\-]{35}"),
    ("a Stripe secret key", r"\b(sk|rk)_live_[0-9A-Za-z]{16,}"),
    (
        "a private key",
        r"-----BEGIN ([A-Z]+ )*PRIVATE KEY( BLOCK)?-----",
    ),
    ("a Hugging Face token", r"\bhf_[A-Za-z0-9]{30,}"),
];

fn shapes() -> &'static RegexSet {
    static SET: OnceLock<RegexSet> = OnceLock::new();
    SET.get_or_init(|| {
        RegexSet::new(SHAPES.iter().map(|(_, p)| *p)).expect("secret shapes compile")
    })
}

/// Whether a field name says it holds a secret (`api_key`, `clientSecret`, `DB_PASSWORD`),
/// leaving out names of places that point at secrets (`password_file`, `token_url`).
pub fn is_secret_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase().replace(['-', '.'], "_");
    let pointing = [
        "_file",
        "_path",
        "_env",
        "_var",
        "_url",
        "_uri",
        "_endpoint",
        "_name",
        "_id",
        "_header",
        "_ref",
        "_length",
        "_type",
        "_command",
        "_cmd",
        "_policy",
        "_ttl",
        "_expiry",
    ];
    if pointing.iter().any(|s| lower.ends_with(s)) || lower.ends_with("file") {
        return false;
    }
    let words = words(name);
    let has = |w: &str| words.iter().any(|x| x == w);
    let pair = |a: &str, b: &str| words.windows(2).any(|p| p[0] == a && p[1] == b);
    [
        "password",
        "passwd",
        "pwd",
        "secret",
        "token",
        "apikey",
        "credential",
        "auth",
        "passphrase",
    ]
    .iter()
    .any(|w| has(w))
        || pair("api", "key")
        || pair("private", "key")
        || pair("access", "key")
        || pair("secret", "key")
        || pair("auth", "key")
}

/// `clientSecret`, `CLIENT_SECRET`, `client-secret` all give `["client", "secret"]`.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            previous_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether a string is a placeholder rather than a value: empty, a reference to a variable
/// or a secret store, or an obvious stand-in.
pub fn is_placeholder(value: &str) -> bool {
    let t = value.trim();
    t.is_empty()
        || crate::env::is_reference(t)
        || t.contains("{{")
        || (t.starts_with('<') && t.ends_with('>'))
        || t.starts_with("env:")
        || t.starts_with("vault:")
        || t.starts_with("/run/secrets/")
        || t.chars()
            .all(|c| c == '*' || c == 'x' || c == 'X' || c == '.')
}

/// Classifies a string value. `secret_field` is whether the place holds secrets.
pub fn classify(value: &str, secret_field: bool) -> Option<Reason> {
    if is_placeholder(value) {
        return None;
    }
    if let Some(i) = shapes().matches(value).iter().next() {
        return Some(Reason::Shape(SHAPES[i].0));
    }
    if secret_field {
        return Some(Reason::Field);
    }
    high_entropy(value).then_some(Reason::Entropy)
}

/// A long token of mixed letters and digits with the randomness of a generated key. Hex
/// strings (commit SHAs, digests) and anything with spaces, paths or URLs are left alone.
fn high_entropy(value: &str) -> bool {
    let t = value.trim();
    if t.len() < 32 || t.len() > 512 {
        return false;
    }
    if !t
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+/=_-".contains(&b))
    {
        return false;
    }
    if t.bytes().all(|b| b.is_ascii_hexdigit()) || t.contains('/') && t.matches('/').count() > 2 {
        return false;
    }
    let has = |f: fn(&u8) -> bool| t.as_bytes().iter().any(f);
    if !(has(u8::is_ascii_lowercase) && has(u8::is_ascii_uppercase) && has(u8::is_ascii_digit)) {
        return false;
    }
    entropy(t) >= 4.3
}

/// Shannon entropy in bits per character.
fn entropy(s: &str) -> f64 {
    let mut counts = [0usize; 256];
    for b in s.bytes() {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / n;
            -p * p.log2()
        })
        .sum()
}

/// An environment variable name for the secret at a path: the component and field in
/// upper snake case (`providers/openai/api_key` gives `OPENAI_API_KEY`).
pub fn variable_name(tokens: &[String]) -> String {
    let meaningful: Vec<&String> = tokens
        .iter()
        .filter(|t| t.parse::<usize>().is_err())
        .collect();
    // A key that already reads as a variable name (`POSTGRES_PASSWORD`) is the name.
    let last_is_variable = meaningful.last().is_some_and(|t| {
        t.chars().any(|c| c.is_ascii_uppercase())
            && t.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    });
    let keep = if last_is_variable { 1 } else { 2 };
    let tail: Vec<&String> = meaningful.iter().rev().take(keep).rev().copied().collect();
    let mut name = String::new();
    for part in tail {
        for c in part.chars() {
            if c.is_ascii_alphanumeric() {
                name.push(c.to_ascii_uppercase());
            } else if !name.ends_with('_') {
                name.push('_');
            }
        }
        if !name.ends_with('_') {
            name.push('_');
        }
    }
    let name = name.trim_matches('_').to_string();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("SECRET_{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for yes in [
            "api_key",
            "apiKey",
            "client_secret",
            "DB_PASSWORD",
            "token",
            "private_key",
            "auth",
        ] {
            assert!(is_secret_name(yes), "{yes}");
        }
        for no in [
            "password_file",
            "token_url",
            "max_tokens",
            "api_key_env",
            "author",
            "keyfile",
        ] {
            assert!(!is_secret_name(no), "{no}");
        }
    }

    #[test]
    fn shapes_and_entropy() {
        assert_eq!(
            classify("sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345", false),
            Some(Reason::Shape("an OpenAI-style API key"))
        );
        assert!(classify("AKIAIOSFODNN7EXAMPLE", false).is_some());
        assert!(classify("ghp_0123456789abcdefghijABCDEFGHIJ012345", false).is_some());
        assert!(classify("-----BEGIN RSA PRIVATE KEY-----\nMIIE", false).is_some());
        assert_eq!(
            classify("q8Zt3LkW9vRx2NmYp5HsBd7FgJc4TaUe", false),
            Some(Reason::Entropy)
        );
        // Not secrets: hex digests, words, references, placeholders.
        assert_eq!(
            classify(
                "3f786850e387550fdab836ed7e6dc881de23001b3f786850e387550fdab836ed",
                false
            ),
            None
        );
        assert_eq!(classify("postgres:16-alpine", false), None);
        assert_eq!(classify("${OPENAI_API_KEY}", true), None);
        assert_eq!(classify("${{ secrets.TOKEN }}", true), None);
        assert_eq!(classify("hunter2", true), Some(Reason::Field));
        assert_eq!(classify("hunter2", false), None);
    }

    #[test]
    fn variable_names() {
        let t = |p: &[&str]| variable_name(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(t(&["providers", "openai", "api_key"]), "OPENAI_API_KEY");
        assert_eq!(
            t(&["services", "db", "environment", "POSTGRES_PASSWORD"]),
            "POSTGRES_PASSWORD"
        );
        assert_eq!(t(&["token"]), "TOKEN");
    }
}
