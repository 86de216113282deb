//! [`Diagnostic`]: one finding about a document, placed in its text.

use serde::Serialize;
use trellis_core::{Document, EditOp, LineCol, LoadError, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A change that resolves a diagnostic: edits applied together as one undoable step.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<EditOp>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable machine-readable kind: `syntax`, `schema.<keyword>`, `ref.dangling`,
    /// `ref.cycle`, `ref.unused`, `secret.literal`, `env.unresolved`, `schema.unavailable`.
    pub code: String,
    pub message: String,
    /// JSON Pointer of the value concerned (of the object, for a missing property).
    pub pointer: String,
    /// Byte range in the document's text.
    pub span: Span,
    pub start: LineCol,
    pub end: LineCol,
    pub fixes: Vec<Fix>,
    /// Where the finding comes from when it is not the document as written, e.g.
    /// `environment prod`.
    pub context: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at `span` of `doc`.
    pub fn at(
        doc: &Document,
        severity: Severity,
        code: impl Into<String>,
        message: impl Into<String>,
        pointer: impl Into<String>,
        span: Span,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            code: code.into(),
            message: message.into(),
            pointer: pointer.into(),
            span,
            start: doc.line_col(span.start()),
            end: doc.line_col(span.end()),
            fixes: Vec::new(),
            context: None,
        }
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Diagnostic {
        self.fixes.extend(fix);
        self
    }

    /// A document that does not load is one error diagnostic at the place it stopped.
    pub fn from_load_error(text: &str, error: &LoadError) -> Diagnostic {
        let (offset, message) = match error {
            LoadError::Syntax(e) => (e.offset, e.message.clone()),
            LoadError::InvalidUtf8 { offset, byte, .. } => (
                *offset,
                format!(
                    "invalid UTF-8 (byte 0x{byte:02x}); Trellis reads configuration files as UTF-8"
                ),
            ),
            LoadError::TooLarge { .. } => (0, error.to_string()),
        };
        let start = error.position().unwrap_or(LineCol { line: 1, column: 1 });
        let offset = offset.min(text.len());
        Diagnostic {
            severity: Severity::Error,
            code: "syntax".into(),
            message,
            pointer: String::new(),
            span: Span::empty(offset),
            start,
            end: start,
            fixes: Vec::new(),
            context: None,
        }
    }

    /// `FILE:LINE:COL: error: message [pointer]`, the form compilers and editors understand.
    pub fn to_text(&self, file: &str) -> String {
        let mut line = format!(
            "{file}:{}:{}: {}: {}",
            self.start.line,
            self.start.column,
            self.severity.as_str(),
            self.message
        );
        if let Some(context) = &self.context {
            line.push_str(&format!(" ({context})"));
        }
        if !self.pointer.is_empty() {
            line.push_str(&format!(" [{}]", self.pointer));
        }
        line
    }
}

/// Sorts by position, then severity, and drops exact repeats.
pub fn normalize(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.span.start(), a.severity, &a.code, &a.pointer, &a.message).cmp(&(
            b.span.start(),
            b.severity,
            &b.code,
            &b.pointer,
            &b.message,
        ))
    });
    diagnostics.dedup_by(|a, b| {
        a.span == b.span && a.code == b.code && a.pointer == b.pointer && a.message == b.message
    });
}

/// Shows enough of a secret to recognise it, never all of it.
pub fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    let n = chars.len();
    if n >= 16 {
        let head: String = chars[..4].iter().collect();
        let tail: String = chars[n - 2..].iter().collect();
        format!("{head}…{tail}, {n} characters")
    } else {
        format!("{n} characters")
    }
}

/// The closest candidate by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let distance = strsim::damerau_levenshtein(&lower, &candidate.to_lowercase());
        let limit = (candidate.chars().count().max(word.chars().count()) / 3).max(2);
        let contains = candidate.len() >= 3
            && word.len() >= 3
            && (lower.contains(&candidate.to_lowercase())
                || candidate.to_lowercase().contains(&lower));
        let score = if contains {
            distance.min(limit)
        } else {
            distance
        };
        if score <= limit && best.is_none_or(|(d, _)| score < d) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_matches_only() {
        let options = ["openai", "anthropic", "azure_openai", "ollama"];
        assert_eq!(did_you_mean("opnai", options), Some("openai"));
        assert_eq!(did_you_mean("OpenAI", options), Some("openai"));
        assert_eq!(did_you_mean("antropic", options), Some("anthropic"));
        assert_eq!(did_you_mean("mistral", options), None);
        assert_eq!(
            did_you_mean("gpt4o-writer", ["writer", "fast"]),
            Some("writer")
        );
    }

    #[test]
    fn masks_keep_secrets_unreadable() {
        let key = "sk-proj-abcdefghijklmnopqrstuvwxyz0123456789";
        let masked = mask(key);
        assert!(!masked.contains("abcdefghij"));
        assert!(masked.starts_with("sk-p…89"));
        assert_eq!(mask("hunter2"), "7 characters");
    }
}
