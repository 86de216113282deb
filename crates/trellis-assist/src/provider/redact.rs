//! Secrets stay on the machine: every string sent to a model has each known secret value
//! replaced by a placeholder (`«secret:1»`), and placeholders in what comes back are put back
//! to the values before anything is validated or proposed.

use std::fmt;

use serde_json::{Map, Value};
use trellis_diff::PatchOp;

const OPEN: &str = "«secret:";
const CLOSE: char = '»';

/// Secret values and their placeholders, numbered in the order they were first seen, so a
/// placeholder keeps its meaning for a whole conversation. Its `Debug` shows only how many
/// secrets it holds.
#[derive(Clone)]
pub struct Redactor {
    /// (value, placeholder), in the order learned.
    entries: Vec<(String, String)>,
    /// Indexes into `entries`, longest value first (so a value that contains another wins).
    by_length: Vec<usize>,
    /// Bytes that start some value: a cheap filter before comparing.
    first_bytes: [bool; 256],
}

impl Default for Redactor {
    fn default() -> Redactor {
        Redactor {
            entries: Vec::new(),
            by_length: Vec::new(),
            first_bytes: [false; 256],
        }
    }
}

impl Redactor {
    pub fn new() -> Redactor {
        Redactor::default()
    }

    /// A redactor that knows `secrets`.
    pub fn with_secrets<I, S>(secrets: I) -> Redactor
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut r = Redactor::new();
        r.learn(secrets);
        r
    }

    /// Learns a secret value and returns its placeholder (the same one if it is already
    /// known). An empty value is not a secret and gets none.
    pub fn add(&mut self, secret: &str) -> Option<&str> {
        if secret.is_empty() {
            return None;
        }
        if let Some(i) = self.entries.iter().position(|(v, _)| v == secret) {
            return Some(&self.entries[i].1);
        }
        let placeholder = format!("{OPEN}{}{CLOSE}", self.entries.len() + 1);
        self.entries.push((secret.to_string(), placeholder));
        self.first_bytes[usize::from(secret.as_bytes()[0])] = true;
        let entries = &self.entries;
        self.by_length = (0..entries.len()).collect();
        self.by_length
            .sort_by(|&a, &b| entries[b].0.len().cmp(&entries[a].0.len()).then(a.cmp(&b)));
        Some(&self.entries[self.entries.len() - 1].1)
    }

    /// Learns every value of `secrets`.
    pub fn learn<I, S>(&mut self, secrets: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for s in secrets {
            self.add(s.as_ref());
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `text` with every known secret replaced by its placeholder. Placeholders already in
    /// the text are kept as they are, so redacting twice changes nothing.
    pub fn redact(&self, text: &str) -> String {
        if self.entries.is_empty() {
            return text.to_string();
        }
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut i = 0;
        while i < bytes.len() {
            if !text.is_char_boundary(i) {
                i += 1;
                continue;
            }
            let rest = &text[i..];
            if let Some(len) = placeholder_len(rest) {
                i += len;
                continue;
            }
            if self.first_bytes[usize::from(bytes[i])] {
                if let Some(&k) = self
                    .by_length
                    .iter()
                    .find(|&&k| rest.starts_with(self.entries[k].0.as_str()))
                {
                    out.push_str(&text[copied..i]);
                    out.push_str(&self.entries[k].1);
                    i += self.entries[k].0.len();
                    copied = i;
                    continue;
                }
            }
            i += 1;
        }
        out.push_str(&text[copied..]);
        out
    }

    /// `text` with every known placeholder replaced by its value. Unknown placeholders are
    /// left as they are (see [`Redactor::unknown_placeholders`]).
    pub fn restore(&self, text: &str) -> String {
        if !text.contains(OPEN) {
            return text.to_string();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find(OPEN) {
            out.push_str(&rest[..at]);
            let tail = &rest[at..];
            match placeholder_len(tail) {
                Some(len) => {
                    let ph = &tail[..len];
                    match self.entries.iter().find(|(_, p)| p == ph) {
                        Some((value, _)) => out.push_str(value),
                        None => out.push_str(ph),
                    }
                    rest = &tail[len..];
                }
                None => {
                    out.push_str(OPEN);
                    rest = &tail[OPEN.len()..];
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The placeholders in `text` that this redactor did not hand out.
    pub fn unknown_placeholders(&self, text: &str) -> Vec<String> {
        let mut unknown = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find(OPEN) {
            let tail = &rest[at..];
            match placeholder_len(tail) {
                Some(len) => {
                    let ph = &tail[..len];
                    if !self.entries.iter().any(|(_, p)| p == ph)
                        && !unknown.iter().any(|u| u == ph)
                    {
                        unknown.push(ph.to_string());
                    }
                    rest = &tail[len..];
                }
                None => rest = &tail[OPEN.len()..],
            }
        }
        unknown
    }

    /// `value` with placeholders restored in every string and every map key.
    pub fn restore_value(&self, value: &Value) -> Value {
        match value {
            Value::String(s) => Value::String(self.restore(s)),
            Value::Array(items) => {
                Value::Array(items.iter().map(|v| self.restore_value(v)).collect())
            }
            Value::Object(map) => {
                let mut out = Map::with_capacity(map.len());
                for (k, v) in map {
                    out.insert(self.restore(k), self.restore_value(v));
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }

    /// `patch` with placeholders restored in values and paths.
    pub fn restore_patch(&self, patch: &[PatchOp]) -> Vec<PatchOp> {
        patch
            .iter()
            .map(|op| match op {
                PatchOp::Add { path, value } => PatchOp::Add {
                    path: self.restore(path),
                    value: self.restore_value(value),
                },
                PatchOp::Remove { path } => PatchOp::Remove {
                    path: self.restore(path),
                },
                PatchOp::Replace { path, value } => PatchOp::Replace {
                    path: self.restore(path),
                    value: self.restore_value(value),
                },
                PatchOp::Move { from, path } => PatchOp::Move {
                    from: self.restore(from),
                    path: self.restore(path),
                },
                PatchOp::Copy { from, path } => PatchOp::Copy {
                    from: self.restore(from),
                    path: self.restore(path),
                },
                PatchOp::Test { path, value } => PatchOp::Test {
                    path: self.restore(path),
                    value: self.restore_value(value),
                },
            })
            .collect()
    }
}

/// The length of the placeholder `«secret:N»` at the start of `s`, if one is there.
fn placeholder_len(s: &str) -> Option<usize> {
    let digits = s.strip_prefix(OPEN)?;
    let n = digits.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 9 || !digits[n..].starts_with(CLOSE) {
        return None;
    }
    Some(OPEN.len() + n + CLOSE.len_utf8())
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor {{ secrets: {} }}", self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholders_are_stable_and_numbered_in_order() {
        let mut r = Redactor::new();
        assert_eq!(r.add("sk-live-123"), Some("«secret:1»"));
        assert_eq!(r.add("hunter2"), Some("«secret:2»"));
        assert_eq!(r.add("sk-live-123"), Some("«secret:1»"));
        assert_eq!(r.add(""), None);
        assert_eq!(r.len(), 2);
    }

    #[test]
    fn redacts_every_occurrence_and_restores_them() {
        let r = Redactor::with_secrets(["sk-live-123", "hunter2"]);
        let text = "key: sk-live-123\npassword: hunter2 # hunter2\nother: sk-live-1234";
        let red = r.redact(text);
        assert_eq!(
            red,
            "key: «secret:1»\npassword: «secret:2» # «secret:2»\nother: «secret:1»4"
        );
        assert!(!red.contains("sk-live") && !red.contains("hunter2"));
        assert_eq!(r.restore(&red), text);
    }

    #[test]
    fn the_longest_secret_wins_and_redacting_twice_changes_nothing() {
        // "secret" is part of the placeholder text itself, and of the longer secret.
        let r = Redactor::with_secrets(["secret", "secret-long", "1"]);
        let red = r.redact("a secret-long and a secret and 1");
        assert_eq!(red, "a «secret:2» and a «secret:1» and «secret:3»");
        assert_eq!(r.redact(&red), red);
        assert_eq!(r.restore(&red), "a secret-long and a secret and 1");
    }

    #[test]
    fn works_on_non_ascii_text() {
        let r = Redactor::with_secrets(["pässwörd"]);
        let red = r.redact("ä: pässwörd, ö");
        assert_eq!(red, "ä: «secret:1», ö");
        assert_eq!(r.restore(&red), "ä: pässwörd, ö");
    }

    #[test]
    fn unknown_placeholders_are_reported_and_left_alone() {
        let r = Redactor::with_secrets(["x-key"]);
        let text = "«secret:1» «secret:7» «secret:» «secret:7»";
        assert_eq!(r.unknown_placeholders(text), vec!["«secret:7»".to_string()]);
        assert_eq!(r.restore(text), "x-key «secret:7» «secret:» «secret:7»");
    }

    #[test]
    fn restores_values_keys_and_patch_paths() {
        let r = Redactor::with_secrets(["tok-9"]);
        let patch = vec![
            PatchOp::Add {
                path: "/providers/openai/api_key".into(),
                value: json!({"inline": "«secret:1»", "«secret:1»": ["«secret:1»", 3]}),
            },
            PatchOp::Move {
                from: "/a/«secret:1»".into(),
                path: "/b".into(),
            },
        ];
        let restored = r.restore_patch(&patch);
        assert_eq!(
            restored[0],
            PatchOp::Add {
                path: "/providers/openai/api_key".into(),
                value: json!({"inline": "tok-9", "tok-9": ["tok-9", 3]}),
            }
        );
        assert_eq!(
            restored[1],
            PatchOp::Move {
                from: "/a/tok-9".into(),
                path: "/b".into()
            }
        );
    }

    proptest::proptest! {
        /// Over texts built from pieces of the secrets (so secrets overlap, nest and touch):
        /// no secret survives redaction, and restoring gives the text back.
        #[test]
        fn no_secret_survives_and_restore_inverts(
            secrets in proptest::collection::vec("[ABXY]{1,4}", 1..4),
            text in "[ABXYé \n]{0,60}",
        ) {
            let r = Redactor::with_secrets(&secrets);
            let red = r.redact(&text);
            for s in &secrets {
                proptest::prop_assert!(!red.contains(s.as_str()), "{:?} in {:?}", s, red);
            }
            proptest::prop_assert_eq!(r.restore(&red), text.clone());
            proptest::prop_assert_eq!(r.redact(&red), red);
        }
    }

    #[test]
    fn debug_does_not_show_secrets() {
        let r = Redactor::with_secrets(["very-secret-value"]);
        let shown = format!("{r:?}");
        assert_eq!(shown, "Redactor { secrets: 1 }");
    }
}
