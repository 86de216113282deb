//! TOML to [`Tree`]: the grammar is parsed by `toml_edit`, whose span-keeping document is
//! walked into the syntax-agnostic tree.
//!
//! Spans chosen for tables, which TOML spreads over lines:
//! - a `[table]` (and each `[[array]]` element): from its header's `[` to the end of its own
//!   last key-value (the header alone when it has none). Sub-tables written with their own
//!   headers are children but lie outside it.
//! - a dotted-key table (`a.b = 1` makes `a`): from the first key of its first line to the
//!   end of its last value.
//! - a table with no text of its own (`a` in `[a.b]`) and the root table: from the start of
//!   their first child to the end of their last one.
//! - an array of tables: from its first element's header to the end of its last element.
//! - inline tables and arrays: bracket to bracket; scalars: their text (quotes included).

use crate::error::SyntaxError;
use crate::span::Span;
use crate::text::bom_len;
use crate::tree::{Entry, NodeId, NodeKind, Number, Style, Tree};
use crate::MAX_NESTING;
use toml_edit::{ArrayOfTables, InlineTable, Item, Table, Value};

pub(crate) fn parse(text: &str) -> Result<Tree, SyntaxError> {
    check_nesting(text)?;
    let doc = toml_edit::Document::parse(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let mut message = e.message().trim().to_string();
        if message == "duplicate key" {
            if let Some(raw) = e.span().and_then(|s| text.get(s)) {
                let raw = raw.trim();
                message = if raw.starts_with(['"', '\'']) {
                    format!("duplicate key {raw}")
                } else {
                    format!("duplicate key \"{raw}\"")
                };
            }
        }
        SyntaxError::new(offset, message)
    })?;
    let mut b = Builder {
        text,
        tree: Tree::default(),
    };
    let (root, _) = b.table(doc.as_table(), Style::Block, None, true);
    let mut tree = b.tree;
    if tree.node(root).span.is_empty() {
        tree.node_mut(root).span = Span::empty(bom_len(text));
    }
    tree.docs.push(root);
    tree.link_parents();
    Ok(tree)
}

/// Rejects documents nested deeper than [`MAX_NESTING`] (brackets and braces, or the parts
/// of one dotted key) before the grammar parser sees them.
fn check_nesting(text: &str) -> Result<(), SyntaxError> {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut dots = 0usize;
    let mut i = 0;
    let too_deep = |at: usize| {
        SyntaxError::new(at, format!("nesting is deeper than {MAX_NESTING} levels; Trellis does not open documents this deep"))
    };
    while i < b.len() {
        match b[i] {
            b'#' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |k| i + k);
                continue;
            }
            q @ (b'"' | b'\'') => {
                let triple = b[i..].starts_with(if q == b'"' { b"\"\"\"" } else { b"'''" });
                if triple {
                    let close: &[u8] = if q == b'"' { b"\"\"\"" } else { b"'''" };
                    let mut j = i + 3;
                    loop {
                        match memchr::memmem::find(&b[j..], close) {
                            Some(k) if q == b'"' && escaped(b, j + k) => j += k + 1,
                            Some(k) => {
                                i = j + k + 3;
                                break;
                            }
                            None => return Ok(()), // unterminated: the parser reports it
                        }
                    }
                } else {
                    let mut j = i + 1;
                    while j < b.len() && b[j] != q && b[j] != b'\n' {
                        j += if q == b'"' && b[j] == b'\\' { 2 } else { 1 };
                    }
                    i = j + 1;
                }
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                dots = 0;
                if depth > MAX_NESTING {
                    return Err(too_deep(i));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b'=' | b',' | b'\n' => dots = 0,
            b'.' => {
                dots += 1;
                if dots > MAX_NESTING {
                    return Err(too_deep(i));
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Whether the byte at `at` is preceded by an odd number of backslashes.
fn escaped(b: &[u8], at: usize) -> bool {
    b[..at].iter().rev().take_while(|&&c| c == b'\\').count() % 2 == 1
}

/// The incremental path of [`crate::Document`]: the kind and style of `token` when it is
/// exactly one TOML scalar value (string on one line, integer, float, boolean, date-time)
/// with nothing around it. A value's text does not depend on where it stands (after `key =`,
/// in an array or an inline table), and what follows a value in a document that parsed
/// (spaces, a comment, a line break, `,`, `]`, `}`, the end) cannot extend one, so the token
/// can replace any scalar value's text without changing anything else of the parse.
pub(crate) fn reparse_scalar(token: &str) -> Option<(NodeKind, Style)> {
    const KEY: &str = "x = ";
    if token.bytes().any(|c| c == b'\n' || c == b'\r') {
        return None;
    }
    let text = format!("{KEY}{token}");
    let doc = toml_edit::Document::parse(text.as_str()).ok()?;
    let v = doc.as_table().get("x")?.as_value()?;
    if matches!(v, Value::Array(_) | Value::InlineTable(_)) || doc.as_table().len() != 1 {
        return None;
    }
    let mut b = Builder {
        text: &text,
        tree: Tree::default(),
    };
    let id = b.value(v);
    let node = b.tree.nodes.swap_remove(id.index());
    (node.span == Span::new(KEY.len(), text.len())).then_some((node.kind, node.style))
}

struct Builder<'a> {
    text: &'a str,
    tree: Tree,
}

fn span(r: Option<std::ops::Range<usize>>) -> Span {
    r.map_or(Span::default(), Span::from)
}

fn join(a: Option<Span>, b: Span) -> Option<Span> {
    Some(match a {
        None => b,
        Some(a) => Span::new(a.start().min(b.start()), a.end().max(b.end())),
    })
}

impl Builder<'_> {
    fn key_style(&self, s: Span) -> Style {
        match self.text.as_bytes().get(s.start()) {
            Some(b'"') => Style::DoubleQuoted,
            Some(b'\'') => Style::SingleQuoted,
            _ => Style::Plain,
        }
    }

    /// Builds a table node. `style` is the caller's view (Block for the root, header tables
    /// and array elements); dotted and implicit tables are recognised here. Returns the node
    /// and the end of its own key-values (for the enclosing table's span).
    fn table(
        &mut self,
        t: &Table,
        style: Style,
        key_start: Option<usize>,
        root: bool,
    ) -> (NodeId, Option<usize>) {
        let mut entries = Vec::with_capacity(t.len());
        let mut own_end: Option<usize> = None;
        let mut all: Option<Span> = None;
        for (k, item) in t.iter() {
            let key_span = span(t.key(k).and_then(|k| k.span()));
            let (value, own) = match item {
                Item::Value(v) => {
                    let id = self.value(v);
                    (id, Some(self.tree.node(id).span.end()))
                }
                Item::Table(sub) if sub.is_dotted() => {
                    let (id, end) = self.table(sub, Style::Dotted, Some(key_span.start()), false);
                    (id, end)
                }
                Item::Table(sub) => (self.table(sub, Style::Block, None, false).0, None),
                Item::ArrayOfTables(a) => (self.tables(a), None),
                Item::None => continue,
            };
            if let Some(e) = own {
                own_end = Some(own_end.map_or(e, |o: usize| o.max(e)));
            }
            all = join(all, key_span);
            all = join(all, self.tree.node(value).span);
            entries.push(Entry {
                key: k.to_string(),
                key_style: self.key_style(key_span),
                key_span,
                value,
            });
        }
        let header = t
            .span()
            .filter(|_| !root && style == Style::Block && !t.is_implicit() && !t.is_dotted());
        let (span, style) = if let Some(h) = header {
            (
                Span::new(h.start, own_end.unwrap_or(h.end).max(h.end)),
                Style::Block,
            )
        } else if style == Style::Dotted {
            let start = key_start.unwrap_or(0);
            (
                Span::new(start, own_end.unwrap_or(start).max(start)),
                Style::Dotted,
            )
        } else {
            (all.unwrap_or_default(), Style::Block)
        };
        let id = self.tree.push(NodeKind::Map(entries), span, style);
        (id, (style == Style::Dotted).then_some(span.end()))
    }

    fn tables(&mut self, a: &ArrayOfTables) -> NodeId {
        let items: Vec<NodeId> = a
            .iter()
            .map(|t| self.table(t, Style::Block, None, false).0)
            .collect();
        let span = match (items.first(), items.last()) {
            (Some(&f), Some(&l)) => {
                Span::new(self.tree.node(f).span.start(), self.tree.node(l).span.end())
            }
            _ => span(a.span()),
        };
        self.tree
            .push(NodeKind::Seq(items), span, Style::TableArray)
    }

    fn inline(&mut self, t: &InlineTable, outer: Span) -> NodeId {
        let mut entries = Vec::with_capacity(t.len());
        for (k, v) in t.iter() {
            let key_span = span(t.key(k).and_then(|k| k.span()));
            let value = match v {
                Value::InlineTable(sub) if sub.is_dotted() => {
                    let id = self.inline(sub, Span::default());
                    // A dotted key inside an inline table: span from its key to its end.
                    let end = self.tree.node(id).span.end().max(key_span.end());
                    let n = self.tree.node_mut(id);
                    n.span = Span::new(key_span.start(), end);
                    n.style = Style::Dotted;
                    id
                }
                _ => self.value(v),
            };
            entries.push(Entry {
                key: k.to_string(),
                key_style: self.key_style(key_span),
                key_span,
                value,
            });
        }
        let span = if outer != Span::default() {
            outer
        } else {
            entries
                .iter()
                .map(|e| self.tree.node(e.value).span)
                .fold(Span::default(), |a, s| {
                    if a == Span::default() {
                        s
                    } else {
                        Span::new(a.start().min(s.start()), a.end().max(s.end()))
                    }
                })
        };
        self.tree.push(NodeKind::Map(entries), span, Style::Flow)
    }

    fn value(&mut self, v: &Value) -> NodeId {
        let s = span(v.span());
        match v {
            Value::String(f) => {
                let raw = &self.text[s.range()];
                let style = if raw.starts_with("\"\"\"") {
                    Style::Folded
                } else if raw.starts_with("'''") {
                    Style::Literal
                } else if raw.starts_with('\'') {
                    Style::SingleQuoted
                } else {
                    Style::DoubleQuoted
                };
                self.tree
                    .push(NodeKind::String(f.value().clone()), s, style)
            }
            Value::Integer(f) => {
                self.tree
                    .push(NodeKind::Number(Number::Int(*f.value())), s, Style::Plain)
            }
            Value::Float(f) => {
                self.tree
                    .push(NodeKind::Number(Number::Float(*f.value())), s, Style::Plain)
            }
            Value::Boolean(f) => self.tree.push(NodeKind::Bool(*f.value()), s, Style::Plain),
            Value::Datetime(f) => {
                self.tree
                    .push(NodeKind::String(f.value().to_string()), s, Style::Plain)
            }
            Value::Array(a) => {
                let items: Vec<NodeId> = a.iter().map(|v| self.value(v)).collect();
                self.tree.push(NodeKind::Seq(items), s, Style::Flow)
            }
            Value::InlineTable(t) => self.inline(t, s),
        }
    }
}
