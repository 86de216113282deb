//! `trellis-core` owns documents: the lossless parse of YAML, JSON and TOML into a tree whose
//! every key and value knows its byte span, JSON Pointer addressing, edits applied as the
//! smallest text splice, and undo/redo.
//!
//! Invariants:
//! - The text is the truth. A [`Document`] never re-serialises: saving writes
//!   [`Document::text`], so load-then-save is byte-identical, and an edit changes only the
//!   bytes of one splice.
//! - Every edit is checked: the spliced text is re-parsed (only the part the splice touches,
//!   when that provably gives the same tree as a full parse) and must give the value the
//!   operation promised ([`model::apply`]), or the document stays as it was.
//! - Hostile input is bounded: nesting deeper than [`MAX_NESTING`], alias expansion beyond
//!   [`MAX_ALIAS_EXPANSION`] and documents over [`MAX_DOCUMENT_BYTES`] are errors, never a
//!   stack overflow, a hang or a panic.
//! - No IO and no UI: bytes in, text and values out.

mod document;
mod edit;
mod error;
mod json;
pub mod model;
mod pointer;
mod span;
pub mod text;
mod toml;
mod tree;
mod value;
mod yaml;

pub use document::{Document, Located};
pub use edit::{EditOp, Plan, TextEdit};
pub use error::{EditError, LoadError, ParseError, SyntaxError};
pub use pointer::{parse_index, Pointer, PointerError};
pub use span::{LineCol, LineIndex, Span};
pub use tree::{Entry, Node, NodeId, NodeKind, Number, Style, Tree};
pub use value::{stream_to_json, to_json};

/// `s` as a YAML double-quoted scalar on one line that every reader gives back exactly:
/// quotes, backslashes, line breaks and everything outside YAML's printable set escaped.
/// (What edits write when a string needs quotes.)
pub fn yaml_double_quoted(s: &str) -> String {
    yaml::double_quoted(s)
}

/// `s` as a TOML basic string (`"..."`, control characters escaped).
pub fn toml_basic_string(s: &str) -> String {
    toml::basic_string(s)
}

/// Deepest nesting of collections a document may have. Real configuration files stay far
/// below; the bound keeps recursive code safe on any thread's stack.
pub const MAX_NESTING: usize = 256;

/// Largest document accepted, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// Largest number of nodes a YAML document may expand to through aliases, as a multiple of
/// its real node count plus a fixed allowance (the "billion laughs" guard).
pub const MAX_ALIAS_EXPANSION: (usize, usize) = (10, 100_000);

/// The syntax of a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Yaml,
    Json,
    Toml,
}

impl Format {
    /// The format a file name implies, from its extension.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" => Some(Format::Yaml),
            "json" | "jsonc" => Some(Format::Json),
            "toml" => Some(Format::Toml),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "yaml",
            Format::Json => "json",
            Format::Toml => "toml",
        }
    }
}

#[cfg(test)]
mod quoting_tests {
    use super::*;

    #[test]
    fn quoted_strings_read_back_exactly() {
        let hard = [
            "plain",
            "a \"quoted\": name\nwith a newline",
            "tab\there, back\\slash, nul\0",
            "line\u{2028}sep, bom\u{feff}, non-characters \u{fffe}\u{ffff}, c1 \u{85}\u{9f}",
            "",
        ];
        for s in hard {
            let yaml = format!("k: {}\n", yaml_double_quoted(s));
            let doc = Document::parse(yaml.clone(), Format::Yaml).expect(&yaml);
            assert_eq!(doc.value()["k"], s, "{yaml:?}");
            let toml = format!("k = {}\n", toml_basic_string(s));
            let doc = Document::parse(toml.clone(), Format::Toml).expect(&toml);
            assert_eq!(doc.value()["k"], s, "{toml:?}");
        }
    }
}
