//! JSON Pointer (RFC 6901): `/services/web/ports/0`, with `~0` for `~` and `~1` for `/`.

use std::fmt;

/// A parsed JSON Pointer: the sequence of unescaped reference tokens. The empty pointer
/// (`""`) addresses the whole document.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer {
    tokens: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PointerError {
    #[error("a JSON Pointer must be empty or start with '/': {0:?}")]
    MissingSlash(String),
    #[error("invalid escape in JSON Pointer {0:?}: '~' must be followed by '0' or '1'")]
    BadEscape(String),
}

impl Pointer {
    pub fn root() -> Pointer {
        Pointer::default()
    }

    pub fn parse(s: &str) -> Result<Pointer, PointerError> {
        if s.is_empty() {
            return Ok(Pointer::root());
        }
        let Some(rest) = s.strip_prefix('/') else {
            return Err(PointerError::MissingSlash(s.to_string()));
        };
        let tokens = rest
            .split('/')
            .map(|raw| unescape(raw).ok_or_else(|| PointerError::BadEscape(s.to_string())))
            .collect::<Result<_, _>>()?;
        Ok(Pointer { tokens })
    }

    pub fn from_tokens<I, S>(tokens: I) -> Pointer
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Pointer {
            tokens: tokens.into_iter().map(Into::into).collect(),
        }
    }

    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    pub fn is_root(&self) -> bool {
        self.tokens.is_empty()
    }

    /// The pointer to the parent and the last token; `None` for the root.
    pub fn split_last(&self) -> Option<(Pointer, &str)> {
        let (last, parent) = self.tokens.split_last()?;
        Some((
            Pointer {
                tokens: parent.to_vec(),
            },
            last.as_str(),
        ))
    }

    pub fn join(&self, token: impl Into<String>) -> Pointer {
        let mut tokens = self.tokens.clone();
        tokens.push(token.into());
        Pointer { tokens }
    }

    pub fn starts_with(&self, prefix: &Pointer) -> bool {
        self.tokens.starts_with(&prefix.tokens)
    }
}

/// Parses an array index token: decimal digits without leading zeros (RFC 6901 §4).
pub fn parse_index(token: &str) -> Option<usize> {
    let ok = !token.is_empty()
        && token.bytes().all(|b| b.is_ascii_digit())
        && (token == "0" || !token.starts_with('0'));
    if ok {
        token.parse().ok()
    } else {
        None
    }
}

fn unescape(raw: &str) -> Option<String> {
    if !raw.contains('~') {
        return Some(raw.to_string());
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(out)
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for t in &self.tokens {
            f.write_str("/")?;
            f.write_str(&t.replace('~', "~0").replace('/', "~1"))?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Pointer {
    type Err = PointerError;
    fn from_str(s: &str) -> Result<Pointer, PointerError> {
        Pointer::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_rfc6901_examples() {
        for (text, tokens) in [
            ("", vec![]),
            ("/foo", vec!["foo"]),
            ("/foo/0", vec!["foo", "0"]),
            ("/", vec![""]),
            ("/a~1b", vec!["a/b"]),
            ("/m~0n", vec!["m~n"]),
            ("/ ", vec![" "]),
        ] {
            let p = Pointer::parse(text).unwrap();
            assert_eq!(p.tokens(), tokens.as_slice(), "{text}");
            assert_eq!(p.to_string(), text);
        }
        assert!(matches!(
            Pointer::parse("foo"),
            Err(PointerError::MissingSlash(_))
        ));
        assert!(matches!(
            Pointer::parse("/a~2"),
            Err(PointerError::BadEscape(_))
        ));
        assert!(matches!(
            Pointer::parse("/a~"),
            Err(PointerError::BadEscape(_))
        ));
    }

    #[test]
    fn array_indices_have_no_leading_zeros() {
        assert_eq!(parse_index("0"), Some(0));
        assert_eq!(parse_index("12"), Some(12));
        assert_eq!(parse_index("01"), None);
        assert_eq!(parse_index("-"), None);
        assert_eq!(parse_index(""), None);
        assert_eq!(parse_index("1a"), None);
    }
}
