//! The YAML parser: a hand-written recursive-descent parser over bytes that builds a [`Tree`]
//! with byte spans. Recursion is bounded by [`MAX_NESTING`]; alias expansion is bounded by
//! [`MAX_ALIAS_EXPANSION`]. Positions are byte offsets only; lines are computed on errors.

use crate::error::SyntaxError;
use crate::span::Span;
use crate::tree::{Entry, NodeId, NodeKind, Number, Style, Tree};
use crate::{MAX_ALIAS_EXPANSION, MAX_NESTING};
use std::borrow::Cow;
use std::collections::HashMap;

type Result<T> = std::result::Result<T, SyntaxError>;

pub(crate) fn parse(text: &str) -> Result<Tree> {
    let mut p = Parser {
        s: text.as_bytes(),
        text,
        pos: 0,
        bom: crate::text::bom_len(text),
        tree: Tree::default(),
        anchors: HashMap::new(),
        depth: 0,
    };
    p.pos = p.bom;
    p.stream()?;
    check_alias_expansion(text, &p.tree)?;
    let mut tree = p.tree;
    tree.link_parents();
    Ok(tree)
}

/// Where a block node starts relative to the indicator before it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum After {
    /// After `key:` — on the same line only scalars, flow collections and aliases may follow.
    Key,
    /// After `- ` — compact collections (`- a: 1`, `- - x`) may follow on the same line.
    Dash,
    /// At the start of a document.
    Doc { fresh_line: bool },
}

#[derive(Default)]
struct Props<'a> {
    anchor: Option<(&'a str, usize)>,
    tag: Option<(&'a str, usize)>,
}

impl Props<'_> {
    fn is_empty(&self) -> bool {
        self.anchor.is_none() && self.tag.is_none()
    }
}

/// A scalar's content before resolution.
struct Scalar<'a> {
    value: Cow<'a, str>,
    span: Span,
    style: Style,
    /// The scalar spans more than one line (not allowed for implicit keys).
    multi_line: bool,
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
    bom: usize,
    tree: Tree,
    /// Anchors of the current document; `None` while the anchored node is being parsed.
    anchors: HashMap<&'a str, Option<NodeId>>,
    depth: usize,
}

#[inline]
fn is_ws(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

#[inline]
fn is_flow_indicator(b: u8) -> bool {
    matches!(b, b',' | b'[' | b']' | b'{' | b'}')
}

fn line_of(text: &str, offset: usize) -> usize {
    memchr::memchr_iter(b'\n', &text.as_bytes()[..offset.min(text.len())]).count() + 1
}

impl<'a> Parser<'a> {
    // ----- low-level helpers -------------------------------------------------------------

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    #[inline]
    fn at(&self, i: usize) -> Option<u8> {
        self.s.get(i).copied()
    }

    /// Whether the byte at `i` is whitespace, a line break or the end of the text.
    #[inline]
    fn blank_or_end(&self, i: usize) -> bool {
        match self.at(i) {
            None => true,
            Some(b) => b == b' ' || b == b'\t' || b == b'\n' || b == b'\r',
        }
    }

    #[inline]
    fn is_eol(&self, i: usize) -> bool {
        match self.at(i) {
            None | Some(b'\n') => true,
            Some(b'\r') => matches!(self.at(i + 1), None | Some(b'\n')),
            _ => false,
        }
    }

    fn line_start_of(&self, i: usize) -> usize {
        memchr::memrchr(b'\n', &self.s[..i]).map_or(self.bom, |n| n + 1)
    }

    fn column(&self, i: usize) -> usize {
        i - self.line_start_of(i)
    }

    fn only_ws_before(&self, i: usize) -> bool {
        self.s[self.line_start_of(i)..i].iter().all(|&b| is_ws(b))
    }

    fn err<T>(&self, offset: usize, message: impl Into<String>) -> Result<T> {
        Err(SyntaxError::new(offset, message))
    }

    fn position(&self, offset: usize) -> String {
        let index = crate::span::LineIndex::new(self.text);
        index.line_col(self.text, offset).to_string()
    }

    /// A `---` or `...` marker at the start of a line at `i`.
    fn is_doc_marker(&self, i: usize) -> bool {
        if i + 3 > self.s.len() || (i != self.bom && self.s[i - 1] != b'\n') {
            return false;
        }
        let m = &self.s[i..i + 3];
        (m == b"---" || m == b"...") && self.blank_or_end(i + 3)
    }

    fn skip_inline_ws(&mut self) {
        while let Some(b) = self.peek() {
            if b == b' ' || b == b'\t' || (b == b'\r' && self.at(self.pos + 1) != Some(b'\n')) {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    fn skip_to_eol(&mut self) {
        self.pos =
            memchr::memchr(b'\n', &self.s[self.pos..]).map_or(self.s.len(), |n| self.pos + n);
    }

    /// Skips whitespace, comments and line breaks in block context, stopping at the next
    /// content byte (or the end). Tabs used as indentation before content are an error.
    fn skip_lines(&mut self) -> Result<()> {
        let mut line_begin = self.pos == self.bom || self.s[self.pos - 1] == b'\n';
        let mut tab_at = None;
        loop {
            match self.peek() {
                Some(b' ') => self.pos += 1,
                Some(b'\t') => {
                    if line_begin && tab_at.is_none() {
                        tab_at = Some(self.pos);
                    }
                    self.pos += 1;
                }
                Some(b'\r') => self.pos += 1,
                Some(b'\n') => {
                    self.pos += 1;
                    line_begin = true;
                    tab_at = None;
                }
                Some(b'#') => self.skip_to_eol(),
                None => return Ok(()),
                Some(_) => {
                    if let Some(t) = tab_at {
                        return self.err(
                            t,
                            "tab characters are not allowed for indentation; indent with spaces",
                        );
                    }
                    return Ok(());
                }
            }
        }
    }

    /// Skips whitespace, line breaks and comments inside a flow collection.
    fn skip_flow_ws(&mut self) -> Result<()> {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(b'#') => {
                    if self.pos > 0 && !matches!(self.s[self.pos - 1], b' ' | b'\t' | b'\n' | b'\r')
                    {
                        return Ok(());
                    }
                    self.skip_to_eol()
                }
                _ => {
                    if self.is_doc_marker(self.pos) {
                        return self.err(self.pos, "a document marker cannot appear inside a flow collection; close the collection first");
                    }
                    return Ok(());
                }
            }
        }
    }

    /// After a node in block context: the rest of the line may only hold a comment. Leaves
    /// the position at the next content byte.
    fn finish_line(&mut self) -> Result<()> {
        self.skip_inline_ws();
        match self.peek() {
            None => Ok(()),
            Some(b'#') | Some(b'\n') => self.skip_lines(),
            Some(b'\r') => self.skip_lines(),
            Some(b':') => self.err(
                self.pos,
                "mapping values are not allowed here; a nested mapping must start on its own, more indented line (or quote the value if it contains ': ')",
            ),
            Some(_) => {
                if self.only_ws_before(self.pos) {
                    Ok(())
                } else {
                    self.err(self.pos, "expected the end of the line after this value (or a comment starting with ' #')")
                }
            }
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.err(
                self.pos,
                format!("nesting is deeper than {MAX_NESTING} levels"),
            );
        }
        Ok(())
    }

    // ----- stream and documents ----------------------------------------------------------

    fn stream(&mut self) -> Result<()> {
        loop {
            self.skip_lines()?;
            if self.pos >= self.s.len() {
                return Ok(());
            }
            let mut directives = false;
            while self.peek() == Some(b'%') && self.column(self.pos) == 0 {
                self.directive()?;
                directives = true;
                self.skip_lines()?;
            }
            self.anchors.clear();
            let explicit = self.is_doc_marker(self.pos) && self.s[self.pos] == b'-';
            if explicit {
                self.pos += 3;
            } else if directives {
                return self.err(self.pos, "expected '---' after the directives");
            } else if self.is_doc_marker(self.pos) {
                // A document end marker with no document before it.
                self.pos += 3;
                self.finish_line()?;
                continue;
            }
            let root = self.block_node(
                -1,
                After::Doc {
                    fresh_line: !explicit,
                },
            )?;
            self.tree.docs.push(root);
            self.finish_line()?;
            if self.pos >= self.s.len() {
                return Ok(());
            }
            if self.is_doc_marker(self.pos) {
                if self.s[self.pos] == b'.' {
                    self.pos += 3;
                    self.finish_line()?;
                }
                continue;
            }
            let root_node = self.tree.node(root);
            return match root_node.kind {
                NodeKind::Seq(_) if root_node.style == Style::Block => {
                    self.err(self.pos, "expected a sequence entry '- ' at the indentation of the others, or the end of the document")
                }
                NodeKind::Map(_) if root_node.style == Style::Block => {
                    self.err(self.pos, "bad indentation of a mapping entry: keys of one mapping must start at the same column")
                }
                _ => self.err(self.pos, "unexpected content after the document's root value"),
            };
        }
    }

    fn directive(&mut self) -> Result<()> {
        let start = self.pos;
        let line_end = memchr::memchr(b'\n', &self.s[start..]).map_or(self.s.len(), |n| start + n);
        let line = &self.text[start..line_end];
        let name = line[1..].split([' ', '\t', '\r', '#']).next().unwrap_or("");
        match name {
            "YAML" | "TAG" => {}
            "" => return self.err(start, "expected a directive name after '%'"),
            _ => {} // Reserved directives are ignored, as YAML asks.
        }
        self.pos = line_end;
        Ok(())
    }

    // ----- block context -----------------------------------------------------------------

    /// Parses the node after an indicator (`key:`, `- `) or at a document start. `n` is the
    /// indentation of the parent collection (-1 at the document level).
    fn block_node(&mut self, n: isize, after: After) -> Result<NodeId> {
        let mut props = Props::default();
        let mut empty_at = self.pos;
        let mut fresh_line = matches!(after, After::Doc { fresh_line: true });
        loop {
            self.skip_inline_ws();
            match self.peek() {
                None | Some(b'#') | Some(b'\n') | Some(b'\r') => {
                    self.skip_lines()?;
                    if self.pos >= self.s.len() || self.is_doc_marker(self.pos) {
                        return self.empty(empty_at, props);
                    }
                    let col = self.column(self.pos) as isize;
                    let seq_here = col == n
                        && after == After::Key
                        && self.peek() == Some(b'-')
                        && self.blank_or_end(self.pos + 1);
                    if col > n || seq_here {
                        fresh_line = true;
                        continue;
                    }
                    return self.empty(empty_at, props);
                }
                Some(b'&') => {
                    if props.anchor.is_some() {
                        return self.err(self.pos, "a node can have only one anchor");
                    }
                    let start = self.pos;
                    let name = self.anchor_name(start + 1, false)?;
                    props.anchor = Some((name, start));
                    empty_at = self.pos;
                }
                Some(b'!') => {
                    if props.tag.is_some() {
                        return self.err(self.pos, "a node can have only one tag");
                    }
                    let start = self.pos;
                    let tag = self.tag_token(false)?;
                    props.tag = Some((tag, start));
                    empty_at = self.pos;
                }
                Some(_) => break,
            }
        }
        let can_block = fresh_line || after == After::Dash;
        let start = self.pos;
        let col = self.column(start) as isize;
        let c = self.s[start];
        let next_blank = self.blank_or_end(start + 1);
        if c == b'-' && next_blank && !self.is_doc_marker(start) {
            if !can_block {
                return self.err(start, "a block sequence cannot start on the same line as a mapping key; put '- ' on the next line");
            }
            let anchor = self.begin_anchor(&props);
            let id = self.block_seq(col)?;
            return self.finish_props(id, props, anchor);
        }
        if c == b'?' && next_blank {
            if !can_block {
                return self.err(
                    start,
                    "an explicit key '? ' cannot start here; put it on its own line",
                );
            }
            let anchor = self.begin_anchor(&props);
            let id = self.block_map(col, None, start)?;
            return self.finish_props(id, props, anchor);
        }
        if c == b'|' || c == b'>' {
            let anchor = self.begin_anchor(&props);
            let sc = self.block_scalar(n)?;
            let id = self.scalar_node(sc, &props)?;
            return self.finish_props(id, props, anchor);
        }
        if c == b'*' {
            if !props.is_empty() {
                return self.err(start, "an alias cannot have an anchor or a tag");
            }
            let id = self.alias()?;
            self.skip_inline_ws();
            if self.peek() == Some(b':') && self.blank_or_end(self.pos + 1) {
                return self.err(start, "aliases as mapping keys are not supported");
            }
            return Ok(id);
        }
        if c == b'[' || c == b'{' {
            let anchor = self.begin_anchor(&props);
            let id = if c == b'[' {
                self.flow_seq()?
            } else {
                self.flow_map()?
            };
            let id = self.finish_props(id, props, anchor)?;
            let save = self.pos;
            self.skip_inline_ws();
            if self.peek() == Some(b':') && self.blank_or_end(self.pos + 1) {
                return self.err(
                    start,
                    "complex mapping keys (collections as keys) are not supported",
                );
            }
            self.pos = save;
            return Ok(id);
        }
        // A scalar, or the first key of a block mapping.
        let first = self.first_scalar(n)?;
        let save = self.pos;
        self.skip_inline_ws();
        if self.peek() == Some(b':') && self.blank_or_end(self.pos + 1) {
            if first.multi_line {
                return self.err(start, "an implicit mapping key must be on a single line");
            }
            if !can_block {
                return self.err(self.pos, "mapping values are not allowed here; a nested mapping must start on its own, more indented line (or quote the value if it contains ': ')");
            }
            if props
                .anchor
                .is_some_and(|(_, at)| memchr::memchr(b'\n', &self.s[at..start]).is_none())
            {
                // `&a key: value` anchors the key; keys are not nodes here.
                return self.err(start, "anchors on mapping keys are not supported; put the anchor on its own line before the mapping");
            }
            let anchor = self.begin_anchor(&props);
            let id = self.block_map(col, Some(first), start)?;
            return self.finish_props(id, props, anchor);
        }
        self.pos = save;
        let anchor = self.begin_anchor(&props);
        let first = if first.style == Style::Plain {
            self.plain_continuation(first, n, false)?
        } else {
            first
        };
        let id = self.scalar_node(first, &props)?;
        self.finish_props(id, props, anchor)
    }

    fn empty(&mut self, at: usize, props: Props<'a>) -> Result<NodeId> {
        let anchor = self.begin_anchor(&props);
        let sc = Scalar {
            value: Cow::Borrowed(""),
            span: Span::empty(at),
            style: Style::Plain,
            multi_line: false,
        };
        let id = self.scalar_node(sc, &props)?;
        self.finish_props(id, props, anchor)
    }

    fn begin_anchor(&mut self, props: &Props<'a>) -> Option<&'a str> {
        let (name, _) = props.anchor?;
        self.anchors.insert(name, None);
        Some(name)
    }

    fn finish_props(
        &mut self,
        id: NodeId,
        _props: Props<'a>,
        anchor: Option<&'a str>,
    ) -> Result<NodeId> {
        if let Some(name) = anchor {
            self.anchors.insert(name, Some(id));
        }
        Ok(id)
    }

    fn block_seq(&mut self, col: isize) -> Result<NodeId> {
        self.enter()?;
        let start = self.pos;
        let mut items = Vec::new();
        let mut end;
        loop {
            self.pos += 1; // the '-'
            let item = self.block_node(col, After::Dash)?;
            end = self.tree.node(item).span.end();
            items.push(item);
            self.finish_line()?;
            if self.pos >= self.s.len() || self.is_doc_marker(self.pos) {
                break;
            }
            let c2 = self.column(self.pos) as isize;
            if c2 == col && self.peek() == Some(b'-') && self.blank_or_end(self.pos + 1) {
                continue;
            }
            if c2 > col {
                return self.err(self.pos, "bad indentation of a sequence entry: items of one sequence must start with '- ' at the same column");
            }
            break;
        }
        self.depth -= 1;
        Ok(self
            .tree
            .push(NodeKind::Seq(items), Span::new(start, end), Style::Block))
    }

    fn block_map(
        &mut self,
        col: isize,
        mut first: Option<Scalar<'a>>,
        start: usize,
    ) -> Result<NodeId> {
        self.enter()?;
        let mut entries: Vec<Entry> = Vec::new();
        let mut end;
        loop {
            let (key, key_span, key_style, explicit) = match first.take() {
                Some(k) => (k.value, k.span, k.style, false),
                None => self.block_key(col)?,
            };
            // At ':' (or, for an explicit key, wherever the value indicator is).
            let value = if explicit {
                self.finish_line()?;
                if self.pos < self.s.len()
                    && !self.is_doc_marker(self.pos)
                    && self.column(self.pos) as isize == col
                    && self.peek() == Some(b':')
                    && self.blank_or_end(self.pos + 1)
                {
                    self.pos += 1;
                    // Like after '- ', a compact collection may follow (`: a: 1`).
                    self.block_node(col, After::Dash)?
                } else {
                    let sc = Scalar {
                        value: Cow::Borrowed(""),
                        span: Span::empty(key_span.end()),
                        style: Style::Plain,
                        multi_line: false,
                    };
                    self.scalar_node(sc, &Props::default())?
                }
            } else {
                self.skip_inline_ws();
                debug_assert_eq!(self.peek(), Some(b':'));
                self.pos += 1;
                self.block_node(col, After::Key)?
            };
            end = self.tree.node(value).span.end().max(key_span.end());
            entries.push(Entry {
                key: key.into_owned(),
                key_span,
                key_style,
                value,
            });
            self.finish_line()?;
            if self.pos >= self.s.len() || self.is_doc_marker(self.pos) {
                break;
            }
            let c2 = self.column(self.pos) as isize;
            if c2 == col {
                if self.peek() == Some(b'-') && self.blank_or_end(self.pos + 1) {
                    return self.err(self.pos, "expected a mapping key here, found a sequence entry '- ' (indent it under a key, or make every item a key)");
                }
                continue;
            }
            if c2 > col {
                return self.err(self.pos, "bad indentation of a mapping entry: keys of one mapping must start at the same column");
            }
            break;
        }
        self.depth -= 1;
        check_duplicates(self.text, &entries)?;
        Ok(self
            .tree
            .push(NodeKind::Map(entries), Span::new(start, end), Style::Block))
    }

    /// Parses a block mapping key up to (not including) its ':'.
    fn block_key(&mut self, _col: isize) -> Result<(Cow<'a, str>, Span, Style, bool)> {
        let start = self.pos;
        let c = self.s[start];
        if c == b'?' && self.blank_or_end(start + 1) {
            self.pos += 1;
            self.skip_inline_ws();
            if self.is_eol(self.pos) || self.peek() == Some(b'#') {
                return self.err(start, "explicit keys must be a scalar on the same line as '?' (complex keys are not supported)");
            }
            if let Some(b'[' | b'{' | b'?' | b'|' | b'>' | b'&' | b'!' | b'*') = self.peek() {
                return self.err(self.pos, "complex mapping keys (collections, tags, anchors or block scalars as keys) are not supported");
            }
            if self.peek() == Some(b'-') && self.blank_or_end(self.pos + 1) {
                return self.err(
                    self.pos,
                    "complex mapping keys (sequences as keys) are not supported",
                );
            }
            let k = self.first_scalar(-1)?;
            return Ok((k.value, k.span, k.style, true));
        }
        match c {
            b'[' | b'{' => {
                return self.err(
                    start,
                    "complex mapping keys (collections as keys) are not supported",
                )
            }
            b'*' => return self.err(start, "aliases as mapping keys are not supported"),
            b'&' => return self.err(start, "anchors on mapping keys are not supported"),
            b'|' | b'>' => return self.err(start, "block scalars cannot be mapping keys"),
            _ => {}
        }
        if c == b'!' {
            self.tag_token(false)?;
            self.skip_inline_ws();
        }
        let k = self.first_scalar(-1)?;
        self.skip_inline_ws();
        if self.peek() == Some(b':') && self.blank_or_end(self.pos + 1) && !k.multi_line {
            return Ok((k.value, k.span, k.style, false));
        }
        self.err(self.pos, "expected ':' after mapping key")
    }

    /// Parses a quoted scalar or the first line of a plain scalar.
    fn first_scalar(&mut self, _n: isize) -> Result<Scalar<'a>> {
        match self.peek().unwrap_or(b'\n') {
            b'"' => self.double_quoted(),
            b'\'' => self.single_quoted(),
            _ => self.plain_first_line(false),
        }
    }

    // ----- scalars ---------------------------------------------------------------------------

    fn check_plain_start(&self, start: usize, flow: bool) -> Result<()> {
        let Some(c) = self.at(start) else {
            return self.err(start, "unexpected end of text: expected a value");
        };
        if c == b'\n' || c == b'\r' {
            return self.err(start, "expected a value before the end of the line");
        }
        let bad = match c {
            b'@' | b'`' | b'%' | b'|' | b'>' | b'#' | b'&' | b'*' | b'!' | b'\'' | b'"' => true,
            b',' | b'[' | b']' | b'{' | b'}' => true,
            b'-' | b'?' => self.blank_or_end(start + 1),
            b':' => {
                self.blank_or_end(start + 1)
                    || (flow && self.at(start + 1).is_some_and(is_flow_indicator))
            }
            _ => false,
        };
        if bad {
            let ch = self.text[start..].chars().next().unwrap_or(' ');
            return self.err(
                start,
                format!("a plain value cannot start with '{ch}'; quote the value"),
            );
        }
        Ok(())
    }

    /// Scans one line segment of a plain scalar from `i`; returns the end of its content
    /// (trailing whitespace trimmed).
    #[inline]
    fn plain_segment(&self, i: usize, flow: bool) -> usize {
        let s = self.s;
        let mut j = i;
        let mut end = i;
        if !flow {
            loop {
                let Some(k) = memchr::memchr3(b'\n', b':', b'#', &s[j..]) else {
                    j = s.len();
                    break;
                };
                let k = j + k;
                match s[k] {
                    b'\n' => {
                        j = k;
                        break;
                    }
                    b':' => {
                        if self.blank_or_end(k + 1) {
                            j = k;
                            break;
                        }
                        j = k + 1;
                    }
                    _ => {
                        // '#'
                        if k > i && is_ws(s[k - 1]) {
                            j = k;
                            break;
                        }
                        j = k + 1;
                    }
                }
            }
        } else {
            while j < s.len() {
                let b = s[j];
                match b {
                    b'\n' => break,
                    b',' | b'[' | b']' | b'{' | b'}' => break,
                    b':' if self.blank_or_end(j + 1) || is_flow_indicator(s[j + 1]) => break,
                    b'#' if j > i && is_ws(s[j - 1]) => break,
                    _ => {}
                }
                j += 1;
            }
        }
        end = end.max(j);
        while end > i && matches!(s[end - 1], b' ' | b'\t' | b'\r') {
            end -= 1;
        }
        end
    }

    fn plain_first_line(&mut self, flow: bool) -> Result<Scalar<'a>> {
        let start = self.pos;
        self.check_plain_start(start, flow)?;
        let end = self.plain_segment(start, flow);
        self.pos = end;
        Ok(Scalar {
            value: Cow::Borrowed(&self.text[start..end]),
            span: Span::new(start, end),
            style: Style::Plain,
            multi_line: false,
        })
    }

    /// Continues a plain scalar over following lines (folding line breaks). In block
    /// context continuation lines must be indented more than `n`.
    fn plain_continuation(
        &mut self,
        mut sc: Scalar<'a>,
        n: isize,
        flow: bool,
    ) -> Result<Scalar<'a>> {
        loop {
            // At the end of a segment: is the next thing a line break?
            let mut i = self.pos;
            while i < self.s.len() && matches!(self.s[i], b' ' | b'\t' | b'\r') {
                i += 1;
            }
            if i >= self.s.len() || self.s[i] != b'\n' {
                return Ok(sc);
            }
            // Count line breaks and find the next content.
            let mut breaks = 0;
            let mut j = i;
            let next = loop {
                if j >= self.s.len() {
                    break None;
                }
                match self.s[j] {
                    b'\n' => {
                        breaks += 1;
                        j += 1;
                    }
                    b' ' | b'\t' | b'\r' => j += 1,
                    _ => break Some(j),
                }
            };
            let Some(k) = next else { return Ok(sc) };
            let b = self.s[k];
            if b == b'#' || self.is_doc_marker(k) {
                return Ok(sc);
            }
            if flow {
                if matches!(b, b',' | b']' | b'}' | b'[' | b'{') {
                    return Ok(sc);
                }
                if b == b':' && (self.blank_or_end(k + 1) || is_flow_indicator(self.s[k + 1])) {
                    return Ok(sc);
                }
            } else {
                let col = self.column(k) as isize;
                if col <= n {
                    return Ok(sc);
                }
                if matches!(b, b'-' | b'?' | b':') && self.blank_or_end(k + 1) {
                    return Ok(sc);
                }
                // Tabs before a continuation line's content are only separation.
            }
            let end = self.plain_segment(k, flow);
            if end == k {
                return Ok(sc);
            }
            let mut v = sc.value.into_owned();
            if breaks == 1 {
                v.push(' ');
            } else {
                for _ in 1..breaks {
                    v.push('\n');
                }
            }
            v.push_str(&self.text[k..end]);
            sc = Scalar {
                value: Cow::Owned(v),
                span: Span::new(sc.span.start(), end),
                style: Style::Plain,
                multi_line: true,
            };
            self.pos = end;
        }
    }

    /// Folds a line break inside a quoted scalar at `i` (pointing at '\n'). Returns the
    /// position of the next line's content and appends the folded text.
    fn fold_quoted_break(
        &self,
        mut i: usize,
        out: &mut String,
        quote_start: usize,
    ) -> Result<usize> {
        let mut breaks = 0;
        let kind = if self.s[quote_start] == b'"' {
            "double-quoted"
        } else {
            "single-quoted"
        };
        loop {
            match self.at(i) {
                Some(b'\n') => {
                    breaks += 1;
                    i += 1;
                    if self.is_doc_marker(i) {
                        return self.err(
                            i,
                            format!(
                                "unclosed {kind} string started at {}",
                                self.position(quote_start)
                            ),
                        );
                    }
                }
                Some(b' ' | b'\t' | b'\r') => i += 1,
                Some(_) => break,
                None => {
                    return self.err(
                        i,
                        format!(
                            "unclosed {kind} string started at {}",
                            self.position(quote_start)
                        ),
                    )
                }
            }
        }
        if breaks == 1 {
            out.push(' ');
        } else {
            for _ in 1..breaks {
                out.push('\n');
            }
        }
        Ok(i)
    }

    fn trim_end_ws(out: &mut String) {
        let t = out.trim_end_matches([' ', '\t', '\r']).len();
        out.truncate(t);
    }

    fn single_quoted(&mut self) -> Result<Scalar<'a>> {
        let start = self.pos;
        let mut i = start + 1;
        let mut out: Option<String> = None;
        let mut multi = false;
        loop {
            let Some(k) = memchr::memchr2(b'\'', b'\n', &self.s[i..]) else {
                return self.err(
                    self.s.len(),
                    format!(
                        "unclosed single-quoted string started at {}",
                        self.position(start)
                    ),
                );
            };
            let k = i + k;
            if self.s[k] == b'\'' {
                if self.at(k + 1) == Some(b'\'') {
                    let o = out.get_or_insert_with(String::new);
                    o.push_str(&self.text[i..=k]);
                    i = k + 2;
                    continue;
                }
                self.pos = k + 1;
                let value = match out {
                    None => Cow::Borrowed(&self.text[start + 1..k]),
                    Some(mut o) => {
                        o.push_str(&self.text[i..k]);
                        Cow::Owned(o)
                    }
                };
                return Ok(Scalar {
                    value,
                    span: Span::new(start, k + 1),
                    style: Style::SingleQuoted,
                    multi_line: multi,
                });
            }
            multi = true;
            let o = out.get_or_insert_with(String::new);
            o.push_str(&self.text[i..k]);
            Self::trim_end_ws(o);
            i = self.fold_quoted_break(k, o, start)?;
        }
    }

    fn double_quoted(&mut self) -> Result<Scalar<'a>> {
        let start = self.pos;
        let mut i = start + 1;
        let mut out: Option<String> = None;
        let mut multi = false;
        loop {
            let Some(k) = memchr::memchr3(b'"', b'\\', b'\n', &self.s[i..]) else {
                return self.err(
                    self.s.len(),
                    format!(
                        "unclosed double-quoted string started at {}",
                        self.position(start)
                    ),
                );
            };
            let k = i + k;
            match self.s[k] {
                b'"' => {
                    self.pos = k + 1;
                    let value = match out {
                        None => Cow::Borrowed(&self.text[start + 1..k]),
                        Some(mut o) => {
                            o.push_str(&self.text[i..k]);
                            Cow::Owned(o)
                        }
                    };
                    return Ok(Scalar {
                        value,
                        span: Span::new(start, k + 1),
                        style: Style::DoubleQuoted,
                        multi_line: multi,
                    });
                }
                b'\n' => {
                    multi = true;
                    let o = out.get_or_insert_with(String::new);
                    let seg_start = o.len();
                    o.push_str(&self.text[i..k]);
                    let t = o[seg_start..].trim_end_matches([' ', '\t', '\r']).len();
                    o.truncate(seg_start + t);
                    i = self.fold_quoted_break(k, o, start)?;
                }
                _ => {
                    let o = out.get_or_insert_with(String::new);
                    o.push_str(&self.text[i..k]);
                    i = self.escape(k, o, start)?;
                    if i > k + 1 && self.s[i - 1] == b'\n' {
                        multi = true;
                    }
                }
            }
        }
    }

    /// Decodes the escape at `k` (pointing at '\\'); returns the position after it.
    fn escape(&self, k: usize, out: &mut String, quote_start: usize) -> Result<usize> {
        let Some(e) = self.at(k + 1) else {
            return self.err(
                k,
                format!(
                    "unclosed double-quoted string started at {}",
                    self.position(quote_start)
                ),
            );
        };
        let simple = match e {
            b'0' => Some('\0'),
            b'a' => Some('\x07'),
            b'b' => Some('\x08'),
            b't' | b'\t' => Some('\t'),
            b'n' => Some('\n'),
            b'v' => Some('\x0b'),
            b'f' => Some('\x0c'),
            b'r' => Some('\r'),
            b'e' => Some('\x1b'),
            b' ' => Some(' '),
            b'"' => Some('"'),
            b'/' => Some('/'),
            b'\\' => Some('\\'),
            b'N' => Some('\u{85}'),
            b'_' => Some('\u{a0}'),
            b'L' => Some('\u{2028}'),
            b'P' => Some('\u{2029}'),
            _ => None,
        };
        if let Some(ch) = simple {
            out.push(ch);
            return Ok(k + 2);
        }
        let digits = match e {
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            b'\n' | b'\r' => {
                // Escaped line break: join the lines without a space.
                let mut i = k + 1;
                if self.s[i] == b'\r' {
                    i += 1;
                }
                if self.at(i) != Some(b'\n') {
                    return self.err(k, "invalid escape '\\\\r' in double-quoted string");
                }
                i += 1;
                loop {
                    match self.at(i) {
                        Some(b' ' | b'\t') => i += 1,
                        Some(b'\r') if self.at(i + 1) == Some(b'\n') => i += 1,
                        Some(b'\n') => {
                            out.push('\n');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                return Ok(i);
            }
            _ => {
                let ch = self.text[k + 1..].chars().next().unwrap_or(' ');
                return self.err(
                    k,
                    format!("unknown escape '\\{ch}' in double-quoted string"),
                );
            }
        };
        let hex = self
            .s
            .get(k + 2..k + 2 + digits)
            .ok_or_else(|| SyntaxError::new(k, "incomplete escape in double-quoted string"))?;
        let mut v: u32 = 0;
        for &h in hex {
            let d = (h as char)
                .to_digit(16)
                .ok_or_else(|| SyntaxError::new(k, "invalid hexadecimal digit in escape"))?;
            v = v * 16 + d;
        }
        let ch = char::from_u32(v).ok_or_else(|| {
            SyntaxError::new(
                k,
                format!(
                    "escape \\{} is not a valid Unicode character",
                    &self.text[k + 1..k + 2 + digits]
                ),
            )
        })?;
        out.push(ch);
        Ok(k + 2 + digits)
    }

    /// Parses a `|` or `>` block scalar; `n` is the parent's indentation.
    fn block_scalar(&mut self, n: isize) -> Result<Scalar<'a>> {
        let start = self.pos;
        let folded = self.s[start] == b'>';
        let mut i = start + 1;
        let mut chomp = 0i8; // -1 strip, 0 clip, 1 keep
        let mut explicit: Option<usize> = None;
        for _ in 0..2 {
            match self.at(i) {
                Some(b'-') if chomp == 0 => {
                    chomp = -1;
                    i += 1;
                }
                Some(b'+') if chomp == 0 => {
                    chomp = 1;
                    i += 1;
                }
                Some(d @ b'1'..=b'9') if explicit.is_none() => {
                    explicit = Some((d - b'0') as usize);
                    i += 1;
                }
                _ => {}
            }
        }
        let header_end = i;
        self.pos = i;
        self.skip_inline_ws();
        if self.peek() == Some(b'#') {
            if self.pos == header_end {
                return self.err(
                    self.pos,
                    "a comment after a block scalar header needs a space before '#'",
                );
            }
            self.skip_to_eol();
        }
        if !self.is_eol(self.pos) {
            return self.err(self.pos, "expected a line break after the block scalar header ('|' or '>' with optional '-', '+' or an indentation digit)");
        }
        let base = n.max(-1);
        let mut i = match memchr::memchr(b'\n', &self.s[self.pos..]) {
            Some(k) => self.pos + k + 1,
            None => self.s.len(),
        };
        // Determine the content indentation.
        let indent = match explicit {
            Some(m) => (base.max(0) as usize) + m,
            None => {
                let mut j = i;
                let mut found = None;
                while j < self.s.len() {
                    let mut sp = 0;
                    while self.at(j + sp) == Some(b' ') {
                        sp += 1;
                    }
                    if self.is_eol(j + sp) {
                        match memchr::memchr(b'\n', &self.s[j..]) {
                            Some(k) => j += k + 1,
                            None => break,
                        }
                        continue;
                    }
                    found = Some(sp);
                    break;
                }
                match found {
                    Some(sp) if sp as isize > base => sp,
                    _ => (base + 1).max(0) as usize,
                }
            }
        };
        let mut lines: Vec<&'a str> = Vec::new();
        let mut content_end = header_end;
        let mut last_content = 0usize; // number of lines up to the last content line
        let mut end_pos = self.s.len();
        let mut saw_final_break = false;
        while i < self.s.len() {
            if indent == 0 && self.is_doc_marker(i) {
                end_pos = i;
                break;
            }
            let mut sp = 0;
            while sp < indent && self.at(i + sp) == Some(b' ') {
                sp += 1;
            }
            let line_end = memchr::memchr(b'\n', &self.s[i..]).map_or(self.s.len(), |k| i + k);
            let mut text_end = line_end;
            if text_end > i && self.s[text_end - 1] == b'\r' {
                text_end -= 1;
            }
            if sp < indent {
                // Blank if the rest is whitespace, else the end of the scalar.
                let rest = &self.s[i + sp..text_end];
                if rest.iter().all(|&b| b == b' ' || b == b'\t') {
                    lines.push("");
                } else {
                    end_pos = i;
                    break;
                }
            } else {
                let t = &self.text[i + indent..text_end];
                lines.push(t);
                if !t.is_empty() {
                    last_content = lines.len();
                    content_end = text_end;
                    saw_final_break = line_end < self.s.len();
                }
            }
            if line_end >= self.s.len() {
                i = self.s.len();
                end_pos = i;
                break;
            }
            i = line_end + 1;
            end_pos = i;
        }
        self.pos = end_pos;
        // Build the value.
        let content = &lines[..last_content];
        let mut out = String::new();
        if folded {
            let mut prev_more = true;
            let mut pending = 0usize;
            let mut first = true;
            for line in content {
                if line.is_empty() {
                    pending += 1;
                    continue;
                }
                let more = line.starts_with([' ', '\t']);
                if first {
                    for _ in 0..pending {
                        out.push('\n');
                    }
                } else if !prev_more && !more {
                    if pending == 0 {
                        out.push(' ');
                    } else {
                        for _ in 0..pending {
                            out.push('\n');
                        }
                    }
                } else {
                    for _ in 0..=pending {
                        out.push('\n');
                    }
                }
                out.push_str(line);
                pending = 0;
                first = false;
                prev_more = more;
            }
        } else {
            for (k, line) in content.iter().enumerate() {
                if k > 0 {
                    out.push('\n');
                }
                out.push_str(line);
            }
        }
        let trailing = lines.len() - last_content;
        match chomp {
            -1 => {}
            0 => {
                if last_content > 0 && saw_final_break {
                    out.push('\n');
                }
            }
            _ => {
                if last_content > 0 && saw_final_break {
                    out.push('\n');
                }
                for _ in 0..trailing {
                    out.push('\n');
                }
            }
        }
        Ok(Scalar {
            value: Cow::Owned(out),
            span: Span::new(start, content_end),
            style: if folded {
                Style::Folded
            } else {
                Style::Literal
            },
            multi_line: true,
        })
    }

    fn scalar_node(&mut self, sc: Scalar<'a>, props: &Props<'a>) -> Result<NodeId> {
        let kind = match props.tag {
            None => {
                if sc.style == Style::Plain {
                    resolve_plain(sc.value)
                } else {
                    NodeKind::String(sc.value.into_owned())
                }
            }
            Some((tag, at)) => self.tagged(tag, at, sc.value, sc.style)?,
        };
        Ok(self.tree.push(kind, sc.span, sc.style))
    }

    fn tagged(&self, tag: &str, at: usize, value: Cow<'a, str>, style: Style) -> Result<NodeKind> {
        let name = tag
            .strip_prefix("tag:yaml.org,2002:")
            .map(|t| format!("!!{t}"));
        let name = name.as_deref().unwrap_or(tag);
        let v = value.as_ref();
        Ok(match name {
            "!!str" | "!" => NodeKind::String(value.into_owned()),
            "!!null" => match resolve_plain(Cow::Borrowed(v)) {
                NodeKind::Null => NodeKind::Null,
                _ => return self.err(at, format!("{v:?} is not a null value (tagged !!null)")),
            },
            "!!bool" => match resolve_plain(Cow::Borrowed(v)) {
                k @ NodeKind::Bool(_) => k,
                _ => return self.err(at, format!("{v:?} is not a boolean (tagged !!bool)")),
            },
            "!!int" => match resolve_plain(Cow::Borrowed(v)) {
                k @ NodeKind::Number(Number::Int(_) | Number::UInt(_)) => k,
                _ => return self.err(at, format!("{v:?} is not an integer (tagged !!int)")),
            },
            "!!float" => match resolve_plain(Cow::Borrowed(v)) {
                NodeKind::Number(Number::Int(i)) => NodeKind::Number(Number::Float(i as f64)),
                NodeKind::Number(Number::UInt(u)) => NodeKind::Number(Number::Float(u as f64)),
                k @ NodeKind::Number(Number::Float(_)) => k,
                _ => return self.err(at, format!("{v:?} is not a number (tagged !!float)")),
            },
            _ => {
                if style == Style::Plain {
                    resolve_plain(value)
                } else {
                    NodeKind::String(value.into_owned())
                }
            }
        })
    }

    fn anchor_name(&mut self, from: usize, _flow: bool) -> Result<&'a str> {
        let mut j = from;
        while j < self.s.len()
            && !matches!(
                self.s[j],
                b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[' | b']' | b'{' | b'}'
            )
        {
            j += 1;
        }
        if j == from {
            return self.err(
                from - 1,
                "expected an anchor or alias name after the indicator",
            );
        }
        self.pos = j;
        Ok(&self.text[from..j])
    }

    fn tag_token(&mut self, flow: bool) -> Result<&'a str> {
        let start = self.pos;
        let mut j = start + 1;
        if self.at(j) == Some(b'<') {
            match memchr::memchr(b'>', &self.s[j..]) {
                Some(k) => j += k + 1,
                None => return self.err(start, "unclosed verbatim tag '!<...>'"),
            }
        } else {
            while j < self.s.len()
                && !matches!(self.s[j], b' ' | b'\t' | b'\r' | b'\n')
                && !(flow && is_flow_indicator(self.s[j]))
            {
                j += 1;
            }
        }
        self.pos = j;
        let tag = &self.text[start..j];
        Ok(tag
            .strip_prefix("!<")
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or(tag))
    }

    fn alias(&mut self) -> Result<NodeId> {
        let start = self.pos;
        let name = self.anchor_name(start + 1, false)?;
        match self.anchors.get(name) {
            Some(Some(target)) => {
                let target = *target;
                Ok(self.tree.push(
                    NodeKind::Alias {
                        name: name.to_string(),
                        target,
                    },
                    Span::new(start, self.pos),
                    Style::Plain,
                ))
            }
            Some(None) => self.err(
                start,
                format!("recursive alias *{name}: the anchor &{name} is still being defined"),
            ),
            None => self.err(start, format!("found undefined alias *{name}")),
        }
    }

    // ----- flow context ----------------------------------------------------------------------

    fn flow_node(&mut self) -> Result<NodeId> {
        self.skip_flow_ws()?;
        let mut props = Props::default();
        let mut empty_at = self.pos;
        loop {
            match self.peek() {
                Some(b'&') => {
                    if props.anchor.is_some() {
                        return self.err(self.pos, "a node can have only one anchor");
                    }
                    let start = self.pos;
                    let name = self.anchor_name(start + 1, true)?;
                    props.anchor = Some((name, start));
                }
                Some(b'!') => {
                    if props.tag.is_some() {
                        return self.err(self.pos, "a node can have only one tag");
                    }
                    let start = self.pos;
                    let tag = self.tag_token(true)?;
                    props.tag = Some((tag, start));
                }
                _ => break,
            }
            empty_at = self.pos;
            self.skip_flow_ws()?;
        }
        let start = self.pos;
        let anchor;
        let id = match self.peek() {
            None => return self.err(start, "unexpected end of text inside a flow collection"),
            Some(b'[') => {
                anchor = self.begin_anchor(&props);
                self.flow_seq()?
            }
            Some(b'{') => {
                anchor = self.begin_anchor(&props);
                self.flow_map()?
            }
            Some(b'*') => {
                if !props.is_empty() {
                    return self.err(start, "an alias cannot have an anchor or a tag");
                }
                return self.alias();
            }
            Some(b',' | b']' | b'}') => {
                return self.empty(empty_at, props);
            }
            Some(b':')
                if self.blank_or_end(start + 1)
                    || self.at(start + 1).is_some_and(is_flow_indicator) =>
            {
                return self.empty(empty_at, props);
            }
            Some(b'"' | b'\'') => {
                anchor = self.begin_anchor(&props);
                let sc = if self.s[start] == b'"' {
                    self.double_quoted()?
                } else {
                    self.single_quoted()?
                };
                self.scalar_node(sc, &props)?
            }
            Some(b'|' | b'>') => {
                return self.err(
                    start,
                    "block scalars ('|', '>') are not allowed inside flow collections",
                )
            }
            Some(_) => {
                anchor = self.begin_anchor(&props);
                let sc = self.plain_first_line(true)?;
                let sc = self.plain_continuation(sc, -1, true)?;
                self.scalar_node(sc, &props)?
            }
        };
        self.finish_props(id, props, anchor)
    }

    fn unclosed(&self, open: usize, what: &str) -> SyntaxError {
        SyntaxError::new(
            self.pos.min(self.s.len()),
            format!("unclosed flow {what} started at {}", self.position(open)),
        )
    }

    fn flow_seq(&mut self) -> Result<NodeId> {
        self.enter()?;
        let open = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_flow_ws()?;
            match self.peek() {
                None => return Err(self.unclosed(open, "sequence")),
                Some(b']') => break,
                Some(b',') => {
                    return self.err(self.pos, "unexpected ',' in flow sequence (empty entry)")
                }
                Some(b'}') => {
                    return self.err(self.pos, "unexpected '}' in flow sequence; expected ']'")
                }
                _ => {}
            }
            if self.peek() == Some(b'?') && self.blank_or_end(self.pos + 1) {
                return self.err(
                    self.pos,
                    "explicit keys in flow sequences are not supported",
                );
            }
            let item_start = self.pos;
            let item = self.flow_node()?;
            self.skip_flow_ws()?;
            let item = if self.peek() == Some(b':') {
                // A single-pair mapping `[a: b]`.
                let key = self.flow_key_of(item, item_start)?;
                self.pos += 1;
                let value = self.flow_node()?;
                let end = self.tree.node(value).span.end().max(key.key_span.end());
                let start = key.key_span.start();
                self.tree.push(
                    NodeKind::Map(vec![Entry { value, ..key }]),
                    Span::new(start, end),
                    Style::Flow,
                )
            } else {
                item
            };
            items.push(item);
            self.skip_flow_ws()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => break,
                None => return Err(self.unclosed(open, "sequence")),
                _ => return self.err(self.pos, "expected ',' or ']' in flow sequence"),
            }
        }
        self.pos += 1;
        self.depth -= 1;
        Ok(self
            .tree
            .push(NodeKind::Seq(items), Span::new(open, self.pos), Style::Flow))
    }

    /// Turns a just-parsed flow node into a key (only scalars can be keys).
    fn flow_key_of(&mut self, node: NodeId, at: usize) -> Result<Entry> {
        let n = self.tree.node(node);
        if n.kind == NodeKind::Seq(Vec::new())
            || matches!(n.kind, NodeKind::Seq(_) | NodeKind::Map(_))
        {
            return self.err(
                at,
                "complex mapping keys (collections as keys) are not supported",
            );
        }
        if matches!(n.kind, NodeKind::Alias { .. }) {
            return self.err(at, "aliases as mapping keys are not supported");
        }
        let span = n.span;
        let style = n.style;
        let key = match style {
            Style::Plain => self.text[span.range()].to_string(),
            _ => match &n.kind {
                NodeKind::String(s) => s.clone(),
                _ => self.text[span.range()].to_string(),
            },
        };
        // The key node itself is not part of the tree's value; leave it as an orphan.
        Ok(Entry {
            key,
            key_span: span,
            key_style: style,
            value: node,
        })
    }

    fn flow_map(&mut self) -> Result<NodeId> {
        self.enter()?;
        let open = self.pos;
        self.pos += 1;
        let mut entries: Vec<Entry> = Vec::new();
        loop {
            self.skip_flow_ws()?;
            match self.peek() {
                None => return Err(self.unclosed(open, "mapping")),
                Some(b'}') => break,
                Some(b',') => {
                    return self.err(self.pos, "unexpected ',' in flow mapping (empty entry)")
                }
                Some(b']') => {
                    return self.err(self.pos, "unexpected ']' in flow mapping; expected '}'")
                }
                _ => {}
            }
            if self.peek() == Some(b'?') && self.blank_or_end(self.pos + 1) {
                self.pos += 1;
                self.skip_flow_ws()?;
            }
            let key_start = self.pos;
            let (key, key_span, key_style) = match self.peek() {
                Some(b'[' | b'{') => {
                    return self.err(
                        key_start,
                        "complex mapping keys (collections as keys) are not supported",
                    )
                }
                Some(b'*') => {
                    return self.err(key_start, "aliases as mapping keys are not supported")
                }
                Some(b'&') => {
                    return self.err(key_start, "anchors on mapping keys are not supported")
                }
                Some(b':')
                    if self.blank_or_end(key_start + 1)
                        || self.at(key_start + 1).is_some_and(is_flow_indicator) =>
                {
                    (Cow::Borrowed(""), Span::empty(key_start), Style::Plain)
                }
                _ => {
                    if self.peek() == Some(b'!') {
                        self.tag_token(true)?;
                        self.skip_flow_ws()?;
                    }
                    let sc = match self.peek() {
                        Some(b'"') => self.double_quoted()?,
                        Some(b'\'') => self.single_quoted()?,
                        _ => {
                            let sc = self.plain_first_line(true)?;
                            self.plain_continuation(sc, -1, true)?
                        }
                    };
                    (sc.value, sc.span, sc.style)
                }
            };
            self.skip_flow_ws()?;
            let value = if self.peek() == Some(b':') {
                self.pos += 1;
                self.flow_node()?
            } else {
                let sc = Scalar {
                    value: Cow::Borrowed(""),
                    span: Span::empty(key_span.end()),
                    style: Style::Plain,
                    multi_line: false,
                };
                self.scalar_node(sc, &Props::default())?
            };
            entries.push(Entry {
                key: key.into_owned(),
                key_span,
                key_style,
                value,
            });
            self.skip_flow_ws()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => break,
                None => return Err(self.unclosed(open, "mapping")),
                _ => return self.err(self.pos, "expected ',' or '}' in flow mapping"),
            }
        }
        self.pos += 1;
        self.depth -= 1;
        check_duplicates(self.text, &entries)?;
        Ok(self.tree.push(
            NodeKind::Map(entries),
            Span::new(open, self.pos),
            Style::Flow,
        ))
    }
}

fn check_duplicates(text: &str, entries: &[Entry]) -> Result<()> {
    let dup = |first: &Entry, e: &Entry| {
        Err(SyntaxError::new(
            e.key_span.start(),
            format!(
                "duplicate key {:?} (first defined at line {})",
                e.key,
                line_of(text, first.key_span.start())
            ),
        ))
    };
    if entries.len() <= 16 {
        for (i, e) in entries.iter().enumerate() {
            if let Some(first) = entries[..i].iter().find(|f| f.key == e.key) {
                return dup(first, e);
            }
        }
    } else {
        let mut seen: HashMap<&str, usize> = HashMap::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            if let Some(&f) = seen.get(e.key.as_str()) {
                return dup(&entries[f], e);
            }
            seen.insert(&e.key, i);
        }
    }
    Ok(())
}

/// Bounds the size of the document with aliases expanded (the "billion laughs" guard).
/// Children always precede their parents in the arena and anchors precede their aliases, so
/// one pass in order computes every node's expanded size.
fn check_alias_expansion(_text: &str, tree: &Tree) -> Result<()> {
    if !tree.has_aliases() {
        return Ok(());
    }
    let n = tree.nodes.len();
    let limit = (n as u64)
        .saturating_mul(MAX_ALIAS_EXPANSION.0 as u64)
        .saturating_add(MAX_ALIAS_EXPANSION.1 as u64);
    let mut size = vec![0u64; n];
    for (i, node) in tree.nodes.iter().enumerate() {
        size[i] = match &node.kind {
            NodeKind::Seq(items) => items
                .iter()
                .fold(1u64, |a, c| a.saturating_add(size[c.index()])),
            NodeKind::Map(entries) => entries
                .iter()
                .fold(1u64, |a, e| a.saturating_add(size[e.value.index()])),
            NodeKind::Alias { target, .. } => size[target.index()],
            _ => 1,
        };
        if size[i] > limit {
            return Err(SyntaxError::new(
                node.span.start(),
                format!("aliases expand this document to more than {limit} nodes (a possible \"billion laughs\" attack)"),
            ));
        }
    }
    let total = tree
        .docs
        .iter()
        .fold(0u64, |a, d| a.saturating_add(size[d.index()]));
    if total > limit {
        let at = tree.docs.last().map_or(0, |d| tree.node(*d).span.start());
        return Err(SyntaxError::new(
            at,
            format!("aliases expand this document to more than {limit} nodes"),
        ));
    }
    Ok(())
}

/// Resolves a plain scalar with the YAML 1.2 core schema.
pub(crate) fn resolve_plain(v: Cow<'_, str>) -> NodeKind {
    match resolve_plain_str(&v) {
        Some(k) => k,
        None => NodeKind::String(v.into_owned()),
    }
}

/// The non-string value a plain scalar resolves to, if any.
pub(crate) fn resolve_plain_str(v: &str) -> Option<NodeKind> {
    let b = v.as_bytes();
    let Some(&first) = b.first() else {
        return Some(NodeKind::Null);
    };
    match first {
        b'0'..=b'9' | b'+' | b'-' | b'.' => {}
        b'n' | b'N' | b'~' => {
            return matches!(v, "null" | "Null" | "NULL" | "~").then_some(NodeKind::Null);
        }
        b't' | b'T' => {
            return matches!(v, "true" | "True" | "TRUE").then_some(NodeKind::Bool(true))
        }
        b'f' | b'F' => {
            return matches!(v, "false" | "False" | "FALSE").then_some(NodeKind::Bool(false))
        }
        _ => return None,
    }
    resolve_number(v).map(NodeKind::Number)
}

fn resolve_number(v: &str) -> Option<Number> {
    let b = v.as_bytes();
    let (neg, digits) = match b[0] {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() {
        return None;
    }
    // Octal and hexadecimal (unsigned forms only).
    if b.len() > 2 && b[0] == b'0' && (b[1] == b'o' || b[1] == b'x') {
        let radix = if b[1] == b'o' { 8 } else { 16 };
        let rest = &v[2..];
        if rest.bytes().all(|c| (c as char).is_digit(radix)) {
            return Some(match i64::from_str_radix(rest, radix) {
                Ok(i) => Number::Int(i),
                Err(_) => match u64::from_str_radix(rest, radix) {
                    Ok(u) => Number::UInt(u),
                    Err(_) => Number::Float(rest.bytes().fold(0f64, |a, c| {
                        a * radix as f64 + (c as char).to_digit(radix).unwrap_or(0) as f64
                    })),
                },
            });
        }
        return None;
    }
    if digits.iter().all(u8::is_ascii_digit) {
        if let Ok(i) = v.parse::<i64>() {
            return Some(Number::Int(i));
        }
        if !neg {
            if let Ok(u) = v.trim_start_matches('+').parse::<u64>() {
                return Some(Number::UInt(u));
            }
        }
        return v.parse::<f64>().ok().map(Number::Float);
    }
    match digits {
        b".inf" | b".Inf" | b".INF" => {
            return Some(Number::Float(if neg {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }))
        }
        b".nan" | b".NaN" | b".NAN" if b.len() == digits.len() => {
            return Some(Number::Float(f64::NAN))
        }
        _ => {}
    }
    // [0-9]+(\.[0-9]*)? or \.[0-9]+, then an optional exponent.
    let mut i = 0;
    let int_digits = digits.iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if digits.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = digits[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return None;
    }
    if matches!(digits.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(digits.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = digits[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if exp == 0 {
            return None;
        }
        i += exp;
    }
    if i != digits.len() {
        return None;
    }
    v.parse::<f64>().ok().map(Number::Float)
}

/// The incremental path of [`crate::Document`]: whether replacing the text of scalar `node`
/// (its whole span in `text`) with `token` changes nothing of the parse but that node, and if
/// so the node's new kind and style. The new text is `text[..start] + token + text[end..]`.
///
/// Accepted only when certain: the node is a one-line plain or quoted scalar with no anchor
/// or tag, directly after `key:` (same line), `- `, `[` or `,`; the token is exactly one
/// scalar of that context, on one line. The text after the node is unchanged and already
/// parsed after the old scalar, so it cannot continue a one-line plain scalar: in block
/// context a continuation line would be more indented than the collection, which the old
/// parse had to reject. Anything else returns `None` and the caller re-parses everything.
pub(crate) fn reparse_scalar(
    text: &str,
    tree: &Tree,
    node: NodeId,
    token: &str,
) -> Option<(NodeKind, Style)> {
    let n = tree.node(node);
    if !matches!(
        n.kind,
        NodeKind::Null | NodeKind::Bool(_) | NodeKind::Number(_) | NodeKind::String(_)
    ) || !matches!(
        n.style,
        Style::Plain | Style::SingleQuoted | Style::DoubleQuoted
    ) || n.span.is_empty()
    {
        return None;
    }
    let (start, end) = (n.span.start(), n.span.end());
    let b = text.as_bytes();
    if b[start..end].iter().any(|&c| c == b'\n' || c == b'\r') {
        return None;
    }
    let parent = tree.node(n.parent?);
    let flow = parent.style == Style::Flow;
    match &parent.kind {
        NodeKind::Map(entries) => {
            let e = entries.iter().find(|e| e.value == node)?;
            let gap = text.get(e.key_span.end()..start)?.trim_matches([' ', '\t']);
            if gap != ":" {
                return None;
            }
        }
        NodeKind::Seq(_) => {
            let before = text[..start].trim_end_matches([' ', '\t']);
            let indicator = *before.as_bytes().last()?;
            let ok = if flow {
                matches!(indicator, b'[' | b',')
            } else {
                indicator == b'-'
                    && before.len() < start
                    && (before.len() == 1 || matches!(b[before.len() - 2], b' ' | b'\t' | b'\n'))
            };
            if !ok {
                return None;
            }
        }
        _ => return None,
    }
    let first = *token.as_bytes().first()?;
    if token.bytes().any(|c| c == b'\n' || c == b'\r') || is_ws(first) {
        return None;
    }
    // The new line alone is enough context: every scanner below stops at a line break.
    let line_start = memchr::memrchr(b'\n', &b[..start]).map_or(0, |i| i + 1);
    if line_start == start {
        return None; // column 0 could make `---` or `...` a document marker
    }
    let line_end = memchr::memchr(b'\n', &b[end..]).map_or(b.len(), |i| end + i + 1);
    let mut window = String::with_capacity(line_end - line_start + token.len());
    window.push_str(&text[line_start..start]);
    window.push_str(token);
    window.push_str(&text[end..line_end]);
    let at = start - line_start;
    let mut p = Parser {
        s: window.as_bytes(),
        text: &window,
        pos: at,
        bom: 0,
        tree: Tree::default(),
        anchors: HashMap::new(),
        depth: 0,
    };
    let sc = match first {
        b'"' => p.double_quoted().ok()?,
        b'\'' => p.single_quoted().ok()?,
        _ => {
            p.check_plain_start(at, flow).ok()?;
            let sc = p.plain_first_line(flow).ok()?;
            if flow {
                // The next thing must end the entry, so nothing can continue the scalar.
                let rest = window[sc.span.end()..].trim_start_matches([' ', '\t']);
                if !matches!(rest.as_bytes().first(), Some(b',' | b']' | b'}')) {
                    return None;
                }
            }
            sc
        }
    };
    if sc.multi_line || sc.span != Span::new(at, at + token.len()) {
        return None;
    }
    let kind = if sc.style == Style::Plain {
        resolve_plain(sc.value)
    } else {
        NodeKind::String(sc.value.into_owned())
    };
    Some((kind, sc.style))
}
