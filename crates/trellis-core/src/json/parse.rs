//! The JSON parser: bytes to [`Tree`], with spans.
//!
//! Accepts RFC 8259 JSON plus what hand-written configuration files use: a leading byte-order
//! mark, `//` and `/* */` comments (treated as whitespace) and trailing commas.
//!
//! It is built for speed on large files: it works on bytes, copies strings without escapes
//! in one piece (found with `memchr`), collects children on shared scratch stacks so each
//! collection allocates once, sets parent links as it goes, and never computes line numbers
//! except to word an error. Recursion is bounded by [`MAX_NESTING`].

use crate::error::SyntaxError;
use crate::span::Span;
use crate::text::bom_len;
use crate::tree::{Entry, Node, NodeId, NodeKind, Number, Style, Tree};
use crate::MAX_NESTING;

/// Objects with more members than this check duplicate keys with a hash set; smaller ones
/// compare keys pairwise, which is faster for them.
const HASH_DUPLICATES_ABOVE: usize = 16;

pub(crate) fn parse(text: &str) -> Result<Tree, SyntaxError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        pos: bom_len(text),
        newlines: 0,
        depth: 0,
        nodes: Vec::with_capacity(text.len() / 24 + 1),
        items: Vec::new(),
        entries: Vec::new(),
    };
    let root = p.value(None)?;
    p.skip_trivia()?;
    if p.pos < p.bytes.len() {
        return Err(SyntaxError::new(
            p.pos,
            "trailing garbage after the document",
        ));
    }
    // Parent links are set while parsing, so `Tree::link_parents` is not needed.
    Ok(Tree {
        nodes: p.nodes,
        docs: vec![root],
    })
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Line breaks seen so far in whitespace and comments (strings cannot hold raw line
    /// breaks), so a collection knows whether it spans several lines.
    newlines: usize,
    depth: usize,
    nodes: Vec<Node>,
    items: Vec<NodeId>,
    entries: Vec<Entry>,
}

impl<'a> Parser<'a> {
    fn push(
        &mut self,
        kind: NodeKind,
        start: usize,
        style: Style,
        parent: Option<NodeId>,
    ) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node {
            kind,
            span: Span::new(start, self.pos),
            style,
            parent,
        });
        id
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips whitespace and comments.
    #[inline]
    fn skip_trivia(&mut self) -> Result<(), SyntaxError> {
        loop {
            match self.bytes.get(self.pos) {
                Some(b' ' | b'\t' | b'\r') => self.pos += 1,
                Some(b'\n') => {
                    self.newlines += 1;
                    self.pos += 1;
                }
                Some(b'/') => self.comment()?,
                _ => return Ok(()),
            }
        }
    }

    #[cold]
    fn comment(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        match self.bytes.get(start + 1) {
            Some(b'/') => {
                self.pos = memchr::memchr(b'\n', &self.bytes[start..])
                    .map_or(self.bytes.len(), |i| start + i);
                Ok(())
            }
            Some(b'*') => match memchr::memmem::find(&self.bytes[start + 2..], b"*/") {
                Some(i) => {
                    let end = start + 2 + i + 2;
                    self.newlines += memchr::memchr_iter(b'\n', &self.bytes[start..end]).count();
                    self.pos = end;
                    Ok(())
                }
                None => Err(SyntaxError::new(
                    start,
                    "unterminated comment: '/*' has no closing '*/'",
                )),
            },
            _ => Err(SyntaxError::new(
                start,
                "unexpected '/': comments start with // or /*",
            )),
        }
    }

    fn value(&mut self, parent: Option<NodeId>) -> Result<NodeId, SyntaxError> {
        self.skip_trivia()?;
        let start = self.pos;
        match self.peek() {
            Some(b'"') => {
                let s = self.string()?;
                Ok(self.push(NodeKind::String(s), start, Style::DoubleQuoted, parent))
            }
            Some(b'{') => self.object(parent),
            Some(b'[') => self.array(parent),
            Some(b'-' | b'0'..=b'9') => {
                let n = self.number()?;
                Ok(self.push(NodeKind::Number(n), start, Style::Plain, parent))
            }
            Some(b't') => self.literal(b"true", NodeKind::Bool(true), parent),
            Some(b'f') => self.literal(b"false", NodeKind::Bool(false), parent),
            Some(b'n') => self.literal(b"null", NodeKind::Null, parent),
            None => Err(SyntaxError::new(
                start,
                "expected a JSON value, found the end of the document",
            )),
            Some(_) => Err(self.unexpected_value()),
        }
    }

    #[cold]
    fn unexpected_value(&self) -> SyntaxError {
        let c = self.text[self.pos..].chars().next().unwrap_or(' ');
        let hint = match c {
            '\'' => " (JSON strings use double quotes)",
            ']' | '}' | ',' => "",
            _ if c.is_alphabetic() => {
                " (strings must be quoted; literals are true, false and null)"
            }
            _ => "",
        };
        SyntaxError::new(
            self.pos,
            format!("expected a JSON value, found {c:?}{hint}"),
        )
    }

    fn literal(
        &mut self,
        word: &[u8],
        kind: NodeKind,
        parent: Option<NodeId>,
    ) -> Result<NodeId, SyntaxError> {
        let start = self.pos;
        if self.bytes[start..].starts_with(word) {
            let after = self.bytes.get(start + word.len()).copied();
            if !matches!(after, Some(b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_')) {
                self.pos += word.len();
                return Ok(self.push(kind, start, Style::Plain, parent));
            }
        }
        Err(SyntaxError::new(
            start,
            "invalid literal: expected true, false or null (strings must be quoted)",
        ))
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        if self.depth >= MAX_NESTING {
            return Err(SyntaxError::new(
                self.pos,
                format!("nesting is deeper than {MAX_NESTING} levels; Trellis does not open documents this deep"),
            ));
        }
        self.depth += 1;
        Ok(())
    }

    fn style(&self, newlines_at_open: usize) -> Style {
        if self.newlines != newlines_at_open {
            Style::Block
        } else {
            Style::Flow
        }
    }

    fn array(&mut self, parent: Option<NodeId>) -> Result<NodeId, SyntaxError> {
        self.enter()?;
        let start = self.pos;
        let id = self.push(NodeKind::Null, start, Style::Flow, parent);
        let nl = self.newlines;
        let base = self.items.len();
        self.pos += 1;
        self.skip_trivia()?;
        if self.peek() != Some(b']') {
            loop {
                let item = self.value(Some(id))?;
                self.items.push(item);
                self.skip_trivia()?;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_trivia()?;
                        if self.peek() == Some(b']') {
                            break;
                        }
                    }
                    Some(b']') => break,
                    None => {
                        return Err(SyntaxError::new(
                            start,
                            "unclosed '[': expected ',' or ']' after array item",
                        ))
                    }
                    Some(_) => {
                        return Err(SyntaxError::new(
                            self.pos,
                            "expected ',' or ']' after array item",
                        ))
                    }
                }
            }
        }
        self.pos += 1;
        let items: Vec<NodeId> = self.items.drain(base..).collect();
        let style = self.style(nl);
        let end = self.pos;
        let node = &mut self.nodes[id.index()];
        node.kind = NodeKind::Seq(items);
        node.span = Span::new(start, end);
        node.style = style;
        self.depth -= 1;
        Ok(id)
    }

    fn object(&mut self, parent: Option<NodeId>) -> Result<NodeId, SyntaxError> {
        self.enter()?;
        let start = self.pos;
        let id = self.push(NodeKind::Null, start, Style::Flow, parent);
        let nl = self.newlines;
        let base = self.entries.len();
        self.pos += 1;
        self.skip_trivia()?;
        if self.peek() != Some(b'}') {
            loop {
                let key_start = self.pos;
                match self.peek() {
                    Some(b'"') => {}
                    None => {
                        return Err(SyntaxError::new(
                            start,
                            "unclosed '{': expected a string key or '}'",
                        ))
                    }
                    Some(_) => return Err(self.bad_key()),
                }
                let key = self.string()?;
                let key_span = Span::new(key_start, self.pos);
                self.skip_trivia()?;
                if self.peek() != Some(b':') {
                    return Err(SyntaxError::new(self.pos, "expected ':' after object key"));
                }
                self.pos += 1;
                let value = self.value(Some(id))?;
                self.entries.push(Entry {
                    key,
                    key_span,
                    key_style: Style::DoubleQuoted,
                    value,
                });
                self.skip_trivia()?;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        self.skip_trivia()?;
                        if self.peek() == Some(b'}') {
                            break;
                        }
                    }
                    Some(b'}') => break,
                    None => {
                        return Err(SyntaxError::new(
                            start,
                            "unclosed '{': expected ',' or '}' after object member",
                        ))
                    }
                    Some(_) => {
                        return Err(SyntaxError::new(
                            self.pos,
                            "expected ',' or '}' after object member",
                        ))
                    }
                }
            }
        }
        self.pos += 1;
        self.check_duplicates(base)?;
        let entries: Vec<Entry> = self.entries.drain(base..).collect();
        let style = self.style(nl);
        let end = self.pos;
        let node = &mut self.nodes[id.index()];
        node.kind = NodeKind::Map(entries);
        node.span = Span::new(start, end);
        node.style = style;
        self.depth -= 1;
        Ok(id)
    }

    #[cold]
    fn bad_key(&self) -> SyntaxError {
        let c = self.text[self.pos..].chars().next().unwrap_or(' ');
        let hint = if c == '\'' {
            " (JSON keys use double quotes)"
        } else {
            ""
        };
        SyntaxError::new(
            self.pos,
            format!("expected a string key or '}}', found {c:?}{hint}"),
        )
    }

    fn check_duplicates(&self, base: usize) -> Result<(), SyntaxError> {
        let entries = &self.entries[base..];
        if entries.len() <= HASH_DUPLICATES_ABOVE {
            for j in 1..entries.len() {
                for i in 0..j {
                    if entries[i].key == entries[j].key {
                        return Err(self.duplicate(&entries[i], &entries[j]));
                    }
                }
            }
        } else {
            let mut seen = std::collections::HashMap::with_capacity(entries.len());
            for (j, e) in entries.iter().enumerate() {
                if let Some(i) = seen.insert(e.key.as_str(), j) {
                    return Err(self.duplicate(&entries[i], e));
                }
            }
        }
        Ok(())
    }

    #[cold]
    fn duplicate(&self, first: &Entry, again: &Entry) -> SyntaxError {
        let line = memchr::memchr_iter(b'\n', &self.bytes[..first.key_span.start()]).count() + 1;
        SyntaxError::new(
            again.key_span.start(),
            format!("duplicate key {:?} (first at line {line})", again.key),
        )
    }

    /// Parses the string starting at the opening quote at `self.pos`.
    #[inline]
    fn string(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        let start = open + 1;
        let Some(k) = memchr::memchr2(b'"', b'\\', &self.bytes[start..]) else {
            return Err(self.unterminated(open, start));
        };
        let end = start + k;
        self.check_control(open, start, end)?;
        if self.bytes[end] == b'"' {
            self.pos = end + 1;
            return Ok(self.text[start..end].to_owned());
        }
        self.escaped_string(open, start, end)
    }

    #[inline]
    fn check_control(&self, open: usize, from: usize, to: usize) -> Result<(), SyntaxError> {
        let seg = &self.bytes[from..to];
        if seg.iter().fold(false, |acc, &b| acc | (b < 0x20)) {
            let at = from + seg.iter().position(|&b| b < 0x20).unwrap_or(0);
            return Err(self.control(open, at));
        }
        Ok(())
    }

    #[cold]
    fn control(&self, open: usize, at: usize) -> SyntaxError {
        let b = self.bytes[at];
        if b == b'\n' || b == b'\r' {
            SyntaxError::new(
                open,
                "unterminated string: a string cannot span lines (write a line break as \\n)",
            )
        } else {
            SyntaxError::new(at, format!("control character U+{b:04X} in string; write it as an escape such as \\u{b:04x}"))
        }
    }

    #[cold]
    fn unterminated(&self, open: usize, from: usize) -> SyntaxError {
        // A missing closing quote usually runs into a line break first: blame the string.
        match memchr::memchr2(b'\n', b'\r', &self.bytes[from..]) {
            Some(i) => self.control(open, from + i),
            None => SyntaxError::new(open, "unterminated string: no closing '\"'"),
        }
    }

    /// The slow path: `at` is the first backslash; `start` the first byte of the content.
    fn escaped_string(
        &mut self,
        open: usize,
        start: usize,
        mut at: usize,
    ) -> Result<String, SyntaxError> {
        let mut out = String::with_capacity(at - start + 16);
        out.push_str(&self.text[start..at]);
        loop {
            // `at` is a backslash.
            let Some(&c) = self.bytes.get(at + 1) else {
                return Err(self.unterminated(open, at));
            };
            let mut next = at + 2;
            match c {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => {
                    let hi = self.hex4(at)?;
                    next = at + 6;
                    let ch = if (0xD800..0xDC00).contains(&hi) {
                        let lo = if self.bytes.get(next) == Some(&b'\\')
                            && self.bytes.get(next + 1) == Some(&b'u')
                        {
                            self.hex4(next)?
                        } else {
                            0
                        };
                        if !(0xDC00..0xE000).contains(&lo) {
                            return Err(SyntaxError::new(at, format!("lone surrogate \\u{hi:04X} in string: a high surrogate must be followed by a low one")));
                        }
                        next += 6;
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
                    } else {
                        char::from_u32(hi)
                    };
                    match ch {
                        Some(ch) => out.push(ch),
                        None => {
                            return Err(SyntaxError::new(
                                at,
                                format!("lone surrogate \\u{hi:04X} in string"),
                            ));
                        }
                    }
                }
                _ => {
                    let ch = self.text[at + 1..].chars().next().unwrap_or(' ');
                    return Err(SyntaxError::new(
                        at,
                        format!("invalid escape \\{ch} (valid escapes: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)"),
                    ));
                }
            }
            let Some(k) = memchr::memchr2(b'"', b'\\', &self.bytes[next..]) else {
                return Err(self.unterminated(open, next));
            };
            let end = next + k;
            self.check_control(open, next, end)?;
            out.push_str(&self.text[next..end]);
            if self.bytes[end] == b'"' {
                self.pos = end + 1;
                return Ok(out);
            }
            at = end;
        }
    }

    /// The four hex digits of the `\u` escape whose backslash is at `at`.
    fn hex4(&self, at: usize) -> Result<u32, SyntaxError> {
        let digits = self.bytes.get(at + 2..at + 6);
        let mut v = 0u32;
        match digits {
            Some(d) if d.iter().all(u8::is_ascii_hexdigit) => {
                for &b in d {
                    v = v * 16 + (b as char).to_digit(16).unwrap_or(0);
                }
                Ok(v)
            }
            _ => Err(SyntaxError::new(
                at,
                "invalid escape: \\u must be followed by four hex digits",
            )),
        }
    }

    /// Parses a number with the meaning `serde_json` gives it: an integer that fits `i64`
    /// (or `u64` when positive), else `f64`; `-0` is the float `-0.0`; a float out of
    /// range is an error.
    fn number(&mut self) -> Result<Number, SyntaxError> {
        let start = self.pos;
        let b = self.bytes;
        let neg = b[self.pos] == b'-';
        if neg {
            self.pos += 1;
        }
        let mut v: u64 = 0;
        let mut overflow = false;
        match b.get(self.pos) {
            Some(b'0') => {
                self.pos += 1;
                if matches!(b.get(self.pos), Some(b'0'..=b'9')) {
                    return Err(SyntaxError::new(
                        start,
                        "invalid number: leading zeros are not allowed",
                    ));
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(&d @ b'0'..=b'9') = b.get(self.pos) {
                    match v
                        .checked_mul(10)
                        .and_then(|x| x.checked_add((d - b'0') as u64))
                    {
                        Some(x) => v = x,
                        None => overflow = true,
                    }
                    self.pos += 1;
                }
            }
            _ => {
                return Err(SyntaxError::new(
                    start,
                    "invalid number: expected a digit after '-'",
                ))
            }
        }
        let mut float = false;
        if b.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            float = true;
            if !matches!(b.get(self.pos), Some(b'0'..=b'9')) {
                return Err(SyntaxError::new(
                    start,
                    "invalid number: expected a digit after '.'",
                ));
            }
            while matches!(b.get(self.pos), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        if matches!(b.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            float = true;
            if matches!(b.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(b.get(self.pos), Some(b'0'..=b'9')) {
                return Err(SyntaxError::new(
                    start,
                    "invalid number: expected a digit in the exponent",
                ));
            }
            while matches!(b.get(self.pos), Some(b'0'..=b'9')) {
                self.pos += 1;
            }
        }
        if !float && !overflow {
            if !neg {
                return Ok(if v <= i64::MAX as u64 {
                    Number::Int(v as i64)
                } else {
                    Number::UInt(v)
                });
            }
            let n = (v as i64).wrapping_neg();
            if n < 0 {
                return Ok(Number::Int(n));
            }
            if v == 0 {
                return Ok(Number::Float(-0.0));
            }
        }
        match self.text[start..self.pos].parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Number::Float(f)),
            _ => Err(SyntaxError::new(start, "number out of range")),
        }
    }
}
