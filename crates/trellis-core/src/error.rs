//! Errors of loading and editing documents. Every error that concerns a place in the text
//! carries its 1-based line and column.

use crate::pointer::{Pointer, PointerError};
use crate::span::LineCol;

/// A syntax error as a parser reports it: a byte offset and a message. [`crate::Document`]
/// turns it into a [`ParseError`] with line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

impl SyntaxError {
    pub fn new(offset: usize, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            offset,
            message: message.into(),
        }
    }
}

/// A syntax error placed in the text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{position}: {message}")]
pub struct ParseError {
    pub offset: usize,
    pub position: LineCol,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    #[error(
        "{position}: invalid UTF-8 (byte 0x{byte:02x}); Trellis reads configuration files as UTF-8"
    )]
    InvalidUtf8 {
        offset: usize,
        position: LineCol,
        byte: u8,
    },
    #[error("the file is {size} bytes; Trellis opens documents of up to {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    #[error(transparent)]
    Syntax(#[from] ParseError),
}

impl LoadError {
    /// Where in the text the error is, if it has a place.
    pub fn position(&self) -> Option<LineCol> {
        match self {
            LoadError::InvalidUtf8 { position, .. } => Some(*position),
            LoadError::Syntax(e) => Some(e.position),
            LoadError::TooLarge { .. } => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum EditError {
    #[error(transparent)]
    Pointer(#[from] PointerError),
    #[error("nothing at {0}")]
    NotFound(Pointer),
    /// The edit does not fit the document (parent is not a map, key already exists, ...).
    #[error("{pointer}: {message}")]
    Invalid { pointer: Pointer, message: String },
    /// The edit is valid but this format or construct cannot be edited that way yet.
    #[error("{0}")]
    Unsupported(String),
    /// The planned text did not re-parse to the expected value. The document is unchanged.
    #[error("internal error: the edit would not produce the expected document ({0}); the document is unchanged")]
    Verification(String),
}

impl EditError {
    pub fn invalid(pointer: &Pointer, message: impl Into<String>) -> EditError {
        EditError::Invalid {
            pointer: pointer.clone(),
            message: message.into(),
        }
    }
}
