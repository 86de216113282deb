//! The YAML edit planner: turns a resolved [`Plan`] into the one smallest text splice.
//!
//! Rules (the text outside the splice is never touched):
//! - Scalars are replaced in place; the old quote style is kept when the new text allows it.
//! - New text follows the document: its line ending, its indentation unit (detected from
//!   nested block collections, default 2), whether block sequences under a key are indented,
//!   and its most used quote style.
//! - Block entries and items are removed with their whole lines (through a trailing comment
//!   and the line break). Comment lines standing on their own above an entry stay where they
//!   are. Removing the only entry of a block collection leaves an empty flow collection
//!   (`key: {}`, `- []`) so the value keeps its type.
//! - Moving a list item moves the item's own lines (dash through the end of its value's last
//!   line, trailing comment included); comment lines between items stay in place.

use crate::edit::{Plan, TextEdit};
use crate::error::EditError;
use crate::text::{
    column_of, line_end, line_ending, line_start, next_line_start, only_whitespace_before,
};
use crate::tree::{NodeId, NodeKind, Style, Tree};
use crate::yaml::parse::resolve_plain_str;
use serde_json::Value;

type Result<T> = std::result::Result<T, EditError>;

pub(crate) fn plan(text: &str, tree: &Tree, plan: &Plan<'_>) -> Result<TextEdit> {
    if tree.docs.is_empty() {
        return Err(EditError::Unsupported(
            "the YAML stream holds no document to edit".into(),
        ));
    }
    let c = Ctx::new(text, tree);
    match *plan {
        Plan::Replace { node, value } => c.replace(node, value),
        Plan::InsertEntry { map, key, value } => c.insert_entry(map, key, value),
        Plan::InsertItem { seq, index, value } => c.insert_item(seq, index, value),
        Plan::RemoveEntry { map, index } => c.remove(map, index),
        Plan::RemoveItem { seq, index } => c.remove(seq, index),
        Plan::RenameKey {
            map,
            index,
            new_key,
        } => c.rename(map, index, new_key),
        Plan::MoveItem { seq, from, to } => c.move_item(seq, from, to),
    }
}

/// How new text is written: the document's conventions.
pub(crate) struct Layout {
    pub eol: &'static str,
    /// Spaces per nesting level.
    pub unit: usize,
    /// Whether a block sequence under a key is indented (`key:\n  - a`) or not (`key:\n- a`).
    pub seq_indented: bool,
    /// Quote style for strings that cannot be plain: single when the document mostly uses it.
    pub single: bool,
}

impl Default for Layout {
    fn default() -> Layout {
        Layout {
            eol: "\n",
            unit: 2,
            seq_indented: true,
            single: false,
        }
    }
}

impl Layout {
    fn detect(text: &str, tree: &Tree) -> Layout {
        let mut layout = Layout {
            eol: line_ending(text),
            ..Layout::default()
        };
        let (mut unit, mut seq_in, mut seq_flat, mut single, mut double) = (usize::MAX, 0, 0, 0, 0);
        for node in tree.nodes.iter().take(4096) {
            match node.style {
                Style::SingleQuoted => single += 1,
                Style::DoubleQuoted => double += 1,
                _ => {}
            }
            if let NodeKind::Map(entries) = &node.kind {
                for e in entries {
                    match e.key_style {
                        Style::SingleQuoted => single += 1,
                        Style::DoubleQuoted => double += 1,
                        _ => {}
                    }
                }
            }
            if node.style != Style::Block
                || !matches!(node.kind, NodeKind::Map(_) | NodeKind::Seq(_))
            {
                continue;
            }
            let Some(p) = node.parent else { continue };
            let parent = tree.node(p);
            if parent.style != Style::Block || !matches!(parent.kind, NodeKind::Map(_)) {
                continue;
            }
            if !only_whitespace_before(text, node.span.start()) {
                continue;
            }
            let (pc, cc) = (
                column_of(text, parent.span.start()),
                column_of(text, node.span.start()),
            );
            if cc > pc {
                unit = unit.min(cc - pc);
                if matches!(node.kind, NodeKind::Seq(_)) {
                    seq_in += 1;
                }
            } else if cc == pc && matches!(node.kind, NodeKind::Seq(_)) {
                seq_flat += 1;
            }
        }
        if unit != usize::MAX && unit <= 8 {
            layout.unit = unit;
        }
        layout.seq_indented = seq_in >= seq_flat;
        layout.single = single > double;
        layout
    }
}

struct Ctx<'t> {
    text: &'t str,
    tree: &'t Tree,
    l: Layout,
}

/// Where a block value sits: after `key:` or after `- `, or at the document root.
enum Place {
    /// `col`: column of the parent's keys or dashes; `q`: position just after the ':' or
    /// '-' and any anchor/tag; `tag`: start of a standard (`!!`) tag in front of the value.
    Child {
        col: usize,
        q: usize,
        tag: Option<usize>,
        is_key: bool,
    },
    Root,
    Flow {
        in_map: bool,
    },
}

fn spaces(n: usize) -> String {
    " ".repeat(n)
}

fn unsupported<T>(msg: impl Into<String>) -> Result<T> {
    Err(EditError::Unsupported(msg.into()))
}

impl<'t> Ctx<'t> {
    fn new(text: &'t str, tree: &'t Tree) -> Ctx<'t> {
        Ctx {
            text,
            tree,
            l: Layout::detect(text, tree),
        }
    }

    fn b(&self) -> &'t [u8] {
        self.text.as_bytes()
    }

    fn col(&self, at: usize) -> usize {
        let c = column_of(self.text, at);
        if line_start(self.text, at) == 0 {
            c - crate::text::bom_len(self.text).min(c)
        } else {
            c
        }
    }

    fn same_line(&self, a: usize, b: usize) -> bool {
        !self.text[a.min(b)..a.max(b)].contains('\n')
    }

    /// Position just after the ':' that follows a key ending at `from`.
    fn after_colon(&self, from: usize) -> Result<usize> {
        let b = self.b();
        let mut i = from;
        while i < b.len() {
            match b[i] {
                b' ' | b'\t' | b'\r' | b'\n' => i += 1,
                b'#' => i = line_end(self.text, i),
                b':' => return Ok(i + 1),
                _ => break,
            }
        }
        unsupported("could not find the ':' after a mapping key")
    }

    /// Skips an anchor and tag after an indicator on the same line. Returns the position
    /// after the last of them and the start of a standard tag, if any.
    fn after_props(&self, p: usize) -> (usize, Option<usize>) {
        let b = self.b();
        let (mut i, mut last, mut tag) = (p, p, None);
        loop {
            while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
            if i < b.len() && (b[i] == b'&' || b[i] == b'!') {
                let start = i;
                while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\r' | b'\n') {
                    i += 1;
                }
                if b[start] == b'!' && b.get(start + 1) == Some(&b'!') {
                    tag = Some(start);
                }
                last = i;
            } else {
                return (last, tag);
            }
        }
    }

    fn place(&self, node: NodeId) -> Result<Place> {
        let Some(p) = self.tree.node(node).parent else {
            return Ok(Place::Root);
        };
        let parent = self.tree.node(p);
        match &parent.kind {
            NodeKind::Map(entries) => {
                if parent.style == Style::Flow {
                    return Ok(Place::Flow { in_map: true });
                }
                let e = entries
                    .iter()
                    .find(|e| e.value == node)
                    .ok_or_else(|| EditError::Unsupported("node not found in its map".into()))?;
                let q = self.after_colon(e.key_span.end())?;
                let (q, tag) = self.after_props(q);
                Ok(Place::Child {
                    col: self.col(parent.span.start()),
                    q,
                    tag,
                    is_key: true,
                })
            }
            NodeKind::Seq(items) => {
                if parent.style == Style::Flow {
                    return Ok(Place::Flow { in_map: false });
                }
                let i = items
                    .iter()
                    .position(|&c| c == node)
                    .ok_or_else(|| EditError::Unsupported("node not found in its list".into()))?;
                let dash = self.dashes(p)?[i];
                let (q, tag) = self.after_props(dash + 1);
                Ok(Place::Child {
                    col: self.col(dash),
                    q,
                    tag,
                    is_key: false,
                })
            }
            _ => unsupported("the parent of this node is not a collection"),
        }
    }

    /// Positions of the `-` of every item of a block sequence.
    fn dashes(&self, seq: NodeId) -> Result<Vec<usize>> {
        let n = self.tree.node(seq);
        let NodeKind::Seq(items) = &n.kind else {
            return unsupported("not a list");
        };
        let col = self.col(n.span.start());
        let b = self.b();
        let mut out = Vec::with_capacity(items.len());
        out.push(n.span.start());
        for i in 1..items.len() {
            let prev_end = self.tree.node(items[i - 1]).span.end().max(out[i - 1] + 1);
            let mut p = next_line_start(self.text, prev_end);
            loop {
                if p >= b.len() {
                    return unsupported("could not find the '-' of a list item");
                }
                let mut k = p;
                while k < b.len() && b[k] == b' ' {
                    k += 1;
                }
                if k < b.len() && b[k] == b'-' && k - p == col {
                    out.push(k);
                    break;
                }
                p = next_line_start(self.text, k);
            }
        }
        Ok(out)
    }

    /// Start and end of every entry of a collection as written (flow: including properties;
    /// block: from the key or the dash).
    fn bounds(&self, coll: NodeId) -> Result<(Vec<usize>, Vec<usize>)> {
        let n = self.tree.node(coll);
        let ends: Vec<usize> = match &n.kind {
            NodeKind::Seq(items) => items
                .iter()
                .map(|&c| self.tree.node(c).span.end())
                .collect(),
            NodeKind::Map(entries) => entries
                .iter()
                .map(|e| self.tree.node(e.value).span.end().max(e.key_span.end()))
                .collect(),
            _ => return unsupported("not a collection"),
        };
        if n.style == Style::Block {
            let starts = match &n.kind {
                NodeKind::Seq(_) => self.dashes(coll)?,
                NodeKind::Map(entries) => entries
                    .iter()
                    .map(|e| self.key_start(e.key_span.start()))
                    .collect(),
                _ => unreachable!(),
            };
            let ends = starts
                .iter()
                .zip(&ends)
                .map(|(&s, &e)| e.max(s + 1))
                .collect();
            return Ok((starts, ends));
        }
        let b = self.b();
        if !matches!(b.get(n.span.start()), Some(b'[' | b'{')) {
            // A single-pair mapping in a flow sequence (`[a: b]`) has no brackets of its own.
            return unsupported(
                "a single-pair mapping inside a flow sequence ([a: b]) cannot take or lose entries; write it as {a: b} first",
            );
        }
        let mut starts = Vec::with_capacity(ends.len());
        let mut from = n.span.start() + 1;
        for (k, &end) in ends.iter().enumerate() {
            let mut i = if k == 0 {
                from
            } else {
                match self.text[from..].find(',') {
                    Some(j) => from + j + 1,
                    None => return unsupported("could not find the ',' between flow items"),
                }
            };
            loop {
                match b.get(i) {
                    Some(b' ' | b'\t' | b'\r' | b'\n') => i += 1,
                    Some(b'#') => i = line_end(self.text, i),
                    _ => break,
                }
            }
            starts.push(i);
            from = end;
        }
        Ok((starts, ends))
    }

    /// The start of a block key, including a `? ` explicit-key indicator before it.
    fn key_start(&self, key: usize) -> usize {
        let t = &self.text[line_start(self.text, key)..key];
        let trimmed = t.trim_end();
        if trimmed.ends_with('?') && trimmed.trim_start() == "?" {
            key - (t.len() - trimmed.len()) - 1
        } else {
            key
        }
    }

    // ----- rendering ---------------------------------------------------------------------

    fn string(&self, s: &str, flow: bool, key: bool, old: Option<Style>) -> String {
        match old {
            Some(Style::SingleQuoted) if single_ok(s) => single(s),
            Some(Style::DoubleQuoted) => double(s),
            _ if plain_ok(s, flow, key) => s.to_string(),
            _ if self.l.single && single_ok(s) => single(s),
            _ => double(s),
        }
    }

    /// A value written on one line (scalars, flow collections), or as a literal block scalar
    /// whose content is indented at `indent` when `block` allows it.
    fn inline(
        &self,
        v: &Value,
        flow: bool,
        old: Option<Style>,
        block_indent: Option<usize>,
    ) -> String {
        match v {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::String(s) => match block_indent {
                Some(indent) if literal_ok(s) => self.literal(s, indent),
                _ => self.string(s, flow, false, old),
            },
            Value::Array(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|i| self.inline(i, true, None, None))
                    .collect();
                format!("[{}]", parts.join(", "))
            }
            Value::Object(map) => {
                let parts: Vec<String> = map
                    .iter()
                    .map(|(k, v)| {
                        format!(
                            "{}: {}",
                            self.string(k, true, true, None),
                            self.inline(v, true, None, None)
                        )
                    })
                    .collect();
                format!("{{{}}}", parts.join(", "))
            }
        }
    }

    fn literal(&self, s: &str, indent: usize) -> String {
        let body = s.strip_suffix('\n');
        let (chomp, body) = match body {
            Some(b) => ("", b),
            None => ("-", s),
        };
        let first = body.lines().find(|l| !l.is_empty()).unwrap_or("");
        let indicator = if first.starts_with(' ') {
            self.l.unit.to_string()
        } else {
            String::new()
        };
        let mut out = format!("|{indicator}{chomp}");
        for line in body.split('\n') {
            out.push_str(self.l.eol);
            if !line.is_empty() {
                out.push_str(&spaces(indent));
                out.push_str(line);
            }
        }
        out
    }

    /// A non-empty collection in block style; the first line is not indented (the caller
    /// places it at column `indent`), the following lines are.
    pub(crate) fn block(&self, v: &Value, indent: usize) -> String {
        let eol = self.l.eol;
        let mut out = String::new();
        match v {
            Value::Object(map) => {
                for (i, (k, val)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push_str(eol);
                        out.push_str(&spaces(indent));
                    }
                    out.push_str(&self.string(k, false, true, None));
                    out.push(':');
                    match val {
                        Value::Object(m) if !m.is_empty() => {
                            let ci = indent + self.l.unit;
                            out.push_str(&format!("{eol}{}{}", spaces(ci), self.block(val, ci)));
                        }
                        Value::Array(a) if !a.is_empty() => {
                            let ci = if self.l.seq_indented {
                                indent + self.l.unit
                            } else {
                                indent
                            };
                            out.push_str(&format!("{eol}{}{}", spaces(ci), self.block(val, ci)));
                        }
                        _ => {
                            out.push(' ');
                            out.push_str(&self.inline(
                                val,
                                false,
                                None,
                                Some(indent + self.l.unit),
                            ));
                        }
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(eol);
                        out.push_str(&spaces(indent));
                    }
                    out.push_str("- ");
                    if is_block_coll(item) {
                        out.push_str(&self.block(item, indent + 2));
                    } else {
                        out.push_str(&self.inline(item, false, None, Some(indent + self.l.unit)));
                    }
                }
            }
            _ => out.push_str(&self.inline(v, false, None, Some(indent + self.l.unit))),
        }
        out
    }

    // ----- plans -------------------------------------------------------------------------

    fn replace(&self, node: NodeId, v: &Value) -> Result<TextEdit> {
        let n = self.tree.node(node);
        let span = n.span;
        let old_style = match n.kind {
            NodeKind::String(_) => Some(n.style),
            _ if n.style == Style::Plain => None,
            _ => Some(n.style),
        };
        let old_block_coll =
            matches!(n.kind, NodeKind::Map(_) | NodeKind::Seq(_)) && n.style == Style::Block;
        match self.place(node)? {
            Place::Flow { in_map } => {
                let ins = self.inline(v, true, old_style, None);
                if span.is_empty() {
                    let prev = self.text[..span.start()].trim_end_matches([' ', '\t', '\r', '\n']);
                    let pre = if in_map && !prev.ends_with(':') {
                        ": "
                    } else if prev.ends_with(':') && prev.len() == span.start() {
                        " "
                    } else {
                        ""
                    };
                    return Ok(TextEdit::insert(span.start(), format!("{pre}{ins}")));
                }
                Ok(TextEdit::new(span.range(), ins))
            }
            Place::Root => {
                let at_line_start = only_whitespace_before(self.text, span.start());
                if is_block_coll(v) {
                    if span.is_empty() || !at_line_start {
                        let pre = if at_line_start { "" } else { self.l.eol };
                        return Ok(TextEdit::new(
                            span.range(),
                            format!("{pre}{}", self.block(v, 0)),
                        ));
                    }
                    return Ok(TextEdit::new(
                        span.range(),
                        self.block(v, self.col(span.start())),
                    ));
                }
                let ins = self.inline(v, false, old_style, Some(self.l.unit));
                let pre = if span.is_empty() && !at_line_start {
                    " "
                } else {
                    ""
                };
                Ok(TextEdit::new(span.range(), format!("{pre}{ins}")))
            }
            Place::Child {
                col,
                q,
                tag,
                is_key,
            } => {
                let scalar_old = !matches!(n.kind, NodeKind::Map(_) | NodeKind::Seq(_));
                if !is_block_coll(v) {
                    let ins = self.inline(v, false, old_style, Some(col + self.l.unit));
                    // A standard tag in front of a scalar would re-type the new value: drop it.
                    if let (Some(t), true) = (tag, scalar_old) {
                        if !span.is_empty() && self.same_line(t, span.start()) {
                            return Ok(TextEdit::new(t..span.end(), ins));
                        }
                    }
                    if !span.is_empty() && !old_block_coll && self.same_line(q, span.start()) {
                        return Ok(TextEdit::new(span.range(), ins));
                    }
                    // The value starts on a later line (or is empty): write it after the
                    // indicator, keeping a comment that followed the indicator.
                    let rest = self.text[q..line_end(self.text, q)].trim();
                    let comment = if rest.starts_with('#')
                        && !ins.starts_with('|')
                        && !self.same_line(q, span.end())
                    {
                        format!(" {rest}")
                    } else {
                        String::new()
                    };
                    let mut end = span.end().max(q);
                    if span.is_empty() {
                        // Swallow trailing spaces after an empty value's indicator.
                        let ws = self.text[end..]
                            .bytes()
                            .take_while(|b| *b == b' ' || *b == b'\t')
                            .count();
                        if end + ws == line_end(self.text, end) {
                            end += ws;
                        }
                    }
                    return Ok(TextEdit::new(q..end, format!(" {ins}{comment}")));
                }
                if is_key {
                    let target = if v.is_array() && !self.l.seq_indented {
                        col
                    } else {
                        col + self.l.unit
                    };
                    if old_block_coll && only_whitespace_before(self.text, span.start()) {
                        let oc = self.col(span.start());
                        if oc > col || (oc == col && v.is_array()) {
                            return Ok(TextEdit::new(span.range(), self.block(v, oc)));
                        }
                    }
                    let mut start = q;
                    if let (Some(t), true) = (tag, scalar_old) {
                        if !span.is_empty() && self.same_line(t, span.start()) {
                            start = t;
                        }
                    }
                    if self.text[q..line_end(self.text, q)]
                        .trim_start()
                        .starts_with('#')
                        && !self.same_line(q, span.start())
                    {
                        start = line_end(self.text, q);
                    }
                    let start = self.text[..start]
                        .trim_end_matches([' ', '\t'])
                        .len()
                        .max(q.min(start));
                    let end = span.end().max(start);
                    return Ok(TextEdit::new(
                        start..end,
                        format!("{}{}{}", self.l.eol, spaces(target), self.block(v, target)),
                    ));
                }
                if span.is_empty() {
                    return Ok(TextEdit::insert(
                        q,
                        format!(" {}", self.block(v, self.col(q) + 1)),
                    ));
                }
                if let (Some(t), true) = (tag, scalar_old) {
                    if self.same_line(t, span.start()) {
                        return Ok(TextEdit::new(t..span.end(), self.block(v, self.col(t))));
                    }
                }
                Ok(TextEdit::new(
                    span.range(),
                    self.block(v, self.col(span.start())),
                ))
            }
        }
    }

    fn insert_entry(&self, map: NodeId, key: &str, v: &Value) -> Result<TextEdit> {
        let m = self.tree.node(map);
        let NodeKind::Map(entries) = &m.kind else {
            return unsupported("not a map");
        };
        let one = Value::Object([(key.to_string(), v.clone())].into_iter().collect());
        if m.style == Style::Flow {
            let entry = format!(
                "{}: {}",
                self.string(key, true, true, None),
                self.inline(v, true, None, None)
            );
            return self.flow_insert(map, entries.len(), entries.len(), entry);
        }
        let indent = self.col(m.span.start());
        let at = line_end(self.text, m.span.end());
        Ok(TextEdit::insert(
            at,
            format!(
                "{}{}{}",
                self.l.eol,
                spaces(indent),
                self.block(&one, indent)
            ),
        ))
    }

    fn insert_item(&self, seq: NodeId, index: usize, v: &Value) -> Result<TextEdit> {
        let s = self.tree.node(seq);
        let NodeKind::Seq(items) = &s.kind else {
            return unsupported("not a list");
        };
        if s.style == Style::Flow {
            return self.flow_insert(seq, items.len(), index, self.inline(v, true, None, None));
        }
        let one = Value::Array(vec![v.clone()]);
        let dashes = self.dashes(seq)?;
        let col = self.col(dashes[0]);
        if index < items.len() {
            return Ok(TextEdit::insert(
                dashes[index],
                format!("{}{}{}", self.block(&one, col), self.l.eol, spaces(col)),
            ));
        }
        let at = line_end(self.text, s.span.end());
        Ok(TextEdit::insert(
            at,
            format!("{}{}{}", self.l.eol, spaces(col), self.block(&one, col)),
        ))
    }

    /// Inserts `item` (already rendered) into a flow collection of `len` entries before
    /// entry `index`.
    fn flow_insert(
        &self,
        coll: NodeId,
        len: usize,
        index: usize,
        item: String,
    ) -> Result<TextEdit> {
        let n = self.tree.node(coll);
        if len == 0 {
            return Ok(TextEdit::insert(n.span.start() + 1, item));
        }
        let (starts, ends) = self.bounds(coll)?;
        let multi_line = !self.same_line(n.span.start(), starts[len - 1]);
        let sep = if multi_line {
            format!(
                ",{}{}",
                self.l.eol,
                crate::text::indentation_at(self.text, starts[len - 1])
            )
        } else {
            ", ".to_string()
        };
        if index < len {
            Ok(TextEdit::insert(starts[index], format!("{item}{sep}")))
        } else {
            Ok(TextEdit::insert(ends[len - 1], format!("{sep}{item}")))
        }
    }

    fn remove(&self, coll: NodeId, index: usize) -> Result<TextEdit> {
        let n = self.tree.node(coll);
        let len = match &n.kind {
            NodeKind::Seq(items) => items.len(),
            NodeKind::Map(entries) => entries.len(),
            _ => return unsupported("not a collection"),
        };
        if index >= len {
            return unsupported("no such entry");
        }
        let (starts, ends) = self.bounds(coll)?;
        if n.style == Style::Flow {
            let range = if len == 1 {
                starts[0]..ends[0]
            } else if index + 1 < len {
                starts[index]..starts[index + 1]
            } else {
                ends[index - 1]..ends[index]
            };
            return Ok(TextEdit::delete(range));
        }
        if len == 1 {
            let empty = if matches!(n.kind, NodeKind::Seq(_)) {
                Value::Array(Vec::new())
            } else {
                Value::Object(Default::default())
            };
            return self.replace(coll, &empty);
        }
        let start = starts[index];
        if !only_whitespace_before(self.text, start) {
            // The first entry of a compact collection (`- a: 1` / `- - x`): remove up to
            // the next entry, which takes its place on the line.
            if index + 1 < len {
                return Ok(TextEdit::delete(start..starts[index + 1]));
            }
            return unsupported("cannot remove this entry: it shares its line with its parent");
        }
        let ls = line_start(self.text, start);
        let le = next_line_start(self.text, ends[index]);
        if le == self.text.len() && !self.text.ends_with('\n') && ls > 0 {
            // Last line without a line break: remove the break before it instead.
            let prev_end = line_end(self.text, ls - 1);
            return Ok(TextEdit::delete(prev_end..le));
        }
        Ok(TextEdit::delete(ls..le))
    }

    fn rename(&self, map: NodeId, index: usize, new_key: &str) -> Result<TextEdit> {
        let m = self.tree.node(map);
        let NodeKind::Map(entries) = &m.kind else {
            return unsupported("not a map");
        };
        let e = entries
            .get(index)
            .ok_or_else(|| EditError::Unsupported("no such entry".into()))?;
        if e.key_span.is_empty() {
            return unsupported("this key is empty in the text and cannot be renamed in place");
        }
        let flow = m.style == Style::Flow;
        Ok(TextEdit::new(
            e.key_span.range(),
            self.string(new_key, flow, true, Some(e.key_style)),
        ))
    }

    fn move_item(&self, seq: NodeId, from: usize, to: usize) -> Result<TextEdit> {
        let s = self.tree.node(seq);
        let NodeKind::Seq(items) = &s.kind else {
            return unsupported("not a list");
        };
        if from >= items.len() || to >= items.len() {
            return unsupported("no such item");
        }
        if from == to {
            return Ok(TextEdit::insert(s.span.start(), ""));
        }
        let (starts, mut ends) = self.bounds(seq)?;
        if s.style == Style::Block {
            ends = ends.iter().map(|&e| line_end(self.text, e)).collect();
        }
        let items: Vec<_> = starts.iter().zip(&ends).map(|(&s, &e)| s..e).collect();
        Ok(TextEdit::reorder(self.text, &items, from, to))
    }
}

fn is_block_coll(v: &Value) -> bool {
    match v {
        Value::Object(m) => !m.is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => false,
    }
}

fn special_char(c: char) -> bool {
    // Outside YAML's printable set, or a line break or byte-order mark a reader would eat.
    c.is_control()
        || matches!(
            c,
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// Whether `s` can be written as a plain scalar and read back as the same string (for keys:
/// as the same key text).
pub(crate) fn plain_ok(s: &str, flow: bool, key: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.starts_with([' ', '\t']) || s.ends_with([' ', '\t', ':']) || s.chars().any(special_char) {
        return false;
    }
    let second = s[first.len_utf8()..].chars().next();
    match first {
        ',' | '[' | ']' | '{' | '}' | '#' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%'
        | '@' | '`' => return false,
        '-' | '?' | ':' if second.is_none_or(|c| c == ' ') || s.starts_with("---") => return false,
        '.' if s.starts_with("...") => return false,
        _ => {}
    }
    if s.contains(": ") || s.contains(" #") {
        return false;
    }
    if flow && s.contains([',', '[', ']', '{', '}', ':']) {
        return false;
    }
    key || resolve_plain_str(s).is_none()
}

fn single_ok(s: &str) -> bool {
    !s.chars().any(special_char)
}

/// Whether a multi-line string can be a literal block scalar that reads back exactly.
fn literal_ok(s: &str) -> bool {
    s.contains('\n')
        && !s.ends_with("\n\n")
        && s != "\n"
        && !s.chars().any(|c| c != '\n' && c != '\t' && special_char(c))
        && !s.lines().any(|l| l.ends_with([' ', '\t']))
        && s.lines().any(|l| !l.trim().is_empty())
        && !s.split('\n').any(|l| !l.is_empty() && l.trim().is_empty())
        && !s.split('\n').next().is_some_and(|l| l.is_empty())
}

fn single(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

pub(crate) fn double(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if special_char(c) => {
                let v = c as u32;
                if v <= 0xff {
                    out.push_str(&format!("\\x{v:02x}"));
                } else {
                    out.push_str(&format!("\\u{v:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Renders a value as a whole block-style YAML document (used by tests and new documents).
#[allow(dead_code)]
pub(crate) fn render_document(v: &Value) -> String {
    let tree = Tree::default();
    let c = Ctx {
        text: "",
        tree: &tree,
        l: Layout::default(),
    };
    let mut out = if is_block_coll(v) {
        c.block(v, 0)
    } else {
        c.inline(v, false, None, Some(2))
    };
    out.push('\n');
    out
}
