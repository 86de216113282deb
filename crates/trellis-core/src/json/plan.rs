//! JSON edit planning: each resolved [`Plan`] becomes one text splice that writes new text in
//! the style around it (indentation unit, line ending, one-line vs multi-line collections,
//! the spacing after `,` and `:`), keeps comments where it can and keeps commas valid.

use crate::edit::{Plan, TextEdit};
use crate::error::EditError;
use crate::text::{
    indentation_at, line_end, line_ending, line_start, next_line_start, only_whitespace_before,
};
use crate::tree::{NodeId, NodeKind, Style, Tree};
use serde_json::Value;
use std::ops::Range;

pub(crate) fn plan(text: &str, tree: &Tree, plan: &Plan<'_>) -> Result<TextEdit, EditError> {
    let cx = Cx {
        text,
        tree,
        eol: line_ending(text),
    };
    match *plan {
        Plan::Replace { node, value } => Ok(cx.replace(node, value)),
        Plan::InsertEntry { map, key, value } => {
            let n = cx.members(map).len();
            Ok(cx.insert(map, n, Some(key), value))
        }
        Plan::InsertItem { seq, index, value } => Ok(cx.insert(seq, index, None, value)),
        Plan::RemoveEntry { map, index } => cx.remove(map, index),
        Plan::RemoveItem { seq, index } => cx.remove(seq, index),
        Plan::RenameKey {
            map,
            index,
            new_key,
        } => {
            let NodeKind::Map(entries) = &tree.node(map).kind else {
                return Err(EditError::Unsupported(
                    "only object keys can be renamed".into(),
                ));
            };
            let entry = entries.get(index).ok_or_else(|| {
                EditError::Unsupported(format!("the object has no member {index}"))
            })?;
            Ok(TextEdit::within(
                text,
                entry.key_span.range(),
                &scalar(&Value::String(new_key.to_string())),
            ))
        }
        Plan::MoveItem { seq, from, to } => cx.move_item(seq, from, to),
    }
}

/// How new text is laid out at a place.
enum Layout {
    /// Multi-line, each nested line starting with `indent` plus units.
    Pretty { indent: String },
    /// One line, with these separators after `,` and `:`.
    Flow { comma: String, colon: String },
}

struct Cx<'a> {
    text: &'a str,
    tree: &'a Tree,
    eol: &'static str,
}

impl<'a> Cx<'a> {
    /// Byte ranges of the members of a collection: `"key": value` for objects, the value for
    /// arrays.
    fn members(&self, coll: NodeId) -> Vec<Range<usize>> {
        match &self.tree.node(coll).kind {
            NodeKind::Map(entries) => entries
                .iter()
                .map(|e| e.key_span.start()..self.tree.node(e.value).span.end())
                .collect(),
            NodeKind::Seq(items) => items
                .iter()
                .map(|&i| self.tree.node(i).span.range())
                .collect(),
            _ => Vec::new(),
        }
    }

    fn is_block(&self, id: NodeId) -> bool {
        self.tree.node(id).style == Style::Block
    }

    /// The document's indentation unit, from the first multi-line collection whose first
    /// member starts a line: a tab or some spaces. Two spaces when nothing shows it.
    fn unit(&self) -> String {
        for node in &self.tree.nodes {
            if node.style != Style::Block {
                continue;
            }
            let first = match &node.kind {
                NodeKind::Map(e) if !e.is_empty() => e[0].key_span.start(),
                NodeKind::Seq(i) if !i.is_empty() => self.tree.node(i[0]).span.start(),
                _ => continue,
            };
            if !only_whitespace_before(self.text, first) {
                continue;
            }
            let child = indentation_at(self.text, first);
            let parent = indentation_at(self.text, node.span.start());
            if child.len() > parent.len() && child.starts_with(parent) {
                return child[parent.len()..].to_string();
            }
        }
        "  ".to_string()
    }

    /// The separators a one-line collection uses (`", "` or `","`, `": "` or `":"`), taken
    /// from it or else from the nearest enclosing collection that shows them.
    fn flow_seps(&self, coll: NodeId) -> (String, String) {
        let mut comma = None;
        let mut colon = None;
        let mut at = Some(coll);
        while let Some(id) = at {
            if comma.is_none() {
                let members = self.members(id);
                if members.len() >= 2 {
                    let gap = &self.text[members[0].end..members[1].start];
                    if let Some(i) = gap.find(',') {
                        let after = &gap[i + 1..];
                        if after.bytes().all(|b| b == b' ' || b == b'\t') {
                            comma = Some(format!(",{after}"));
                        }
                    }
                }
            }
            if colon.is_none() {
                colon = self.colon(id);
            }
            if comma.is_some() && colon.is_some() {
                break;
            }
            at = self.tree.node(id).parent;
        }
        let comma = comma.unwrap_or_else(|| match &colon {
            Some(c) if c == ":" => ",".into(),
            _ => ", ".into(),
        });
        (comma, colon.unwrap_or_else(|| ": ".into()))
    }

    /// The text between the first key of an object and its value, when it is plain
    /// (a colon and spaces).
    fn colon(&self, map: NodeId) -> Option<String> {
        let NodeKind::Map(entries) = &self.tree.node(map).kind else {
            return None;
        };
        let e = entries.first()?;
        let gap = &self.text[e.key_span.end()..self.tree.node(e.value).span.start()];
        (gap.trim() == ":" && !gap.contains('\n')).then(|| gap.to_string())
    }

    /// Layout for a new value written inside the collection `coll` (or in place of `node`).
    fn layout_in(&self, coll: Option<NodeId>, indent_at: usize) -> Layout {
        match coll {
            Some(c) if !self.is_block(c) => {
                let (comma, colon) = self.flow_seps(c);
                Layout::Flow { comma, colon }
            }
            _ => Layout::Pretty {
                indent: indentation_at(self.text, indent_at).to_string(),
            },
        }
    }

    fn render(&self, value: &Value, layout: &Layout, unit: &str) -> String {
        let mut out = String::new();
        match layout {
            Layout::Pretty { indent } => pretty(value, indent, unit, self.eol, &mut out),
            Layout::Flow { comma, colon } => flow(value, comma, colon, &mut out),
        }
        out
    }

    fn replace(&self, node: NodeId, value: &Value) -> TextEdit {
        let n = self.tree.node(node);
        let nonempty = match &n.kind {
            NodeKind::Map(e) => !e.is_empty(),
            NodeKind::Seq(i) => !i.is_empty(),
            _ => false,
        };
        // A non-empty collection keeps its own layout; anything else takes its parent's.
        let place = if nonempty { Some(node) } else { n.parent };
        let layout = match place {
            Some(p) => self.layout_in(Some(p), n.span.start()),
            None => Layout::Flow {
                comma: ", ".into(),
                colon: ": ".into(),
            },
        };
        let unit = self.unit();
        TextEdit::within(
            self.text,
            n.span.range(),
            &self.render(value, &layout, &unit),
        )
    }

    fn member_text(
        &self,
        key: Option<&str>,
        value: &Value,
        layout: &Layout,
        colon: &str,
        unit: &str,
    ) -> String {
        let mut out = String::new();
        if let Some(k) = key {
            out.push_str(&scalar(&Value::String(k.to_string())));
            out.push_str(colon);
        }
        out.push_str(&self.render(value, layout, unit));
        out
    }

    fn insert(&self, coll: NodeId, index: usize, key: Option<&str>, value: &Value) -> TextEdit {
        let text = self.text;
        let node = self.tree.node(coll);
        let members = self.members(coll);
        let n = members.len();
        let index = index.min(n);
        let open = node.span.start();
        let close = node.span.end() - 1;
        let unit = self.unit();
        let eol = self.eol;

        if n == 0 {
            let expand = node.style == Style::Block || node.parent.is_none_or(|p| self.is_block(p));
            if expand {
                let base = indentation_at(text, open);
                let indent = format!("{base}{unit}");
                let layout = Layout::Pretty {
                    indent: indent.clone(),
                };
                let member = self.member_text(key, value, &layout, ": ", &unit);
                if node.style == Style::Block {
                    return TextEdit::insert(open + 1, format!("{eol}{indent}{member}"));
                }
                return TextEdit::within(
                    text,
                    open + 1..close,
                    &format!("{eol}{indent}{member}{eol}{base}"),
                );
            }
            let (_, colon) = node
                .parent
                .map_or((", ".into(), ": ".into()), |p| self.flow_seps(p));
            let layout = Layout::Flow {
                comma: ", ".into(),
                colon: colon.clone(),
            };
            let member = self.member_text(key, value, &layout, &colon, &unit);
            return TextEdit::within(text, open + 1..close, &member);
        }

        if node.style == Style::Block {
            let sibling = members[index.min(n - 1)].start;
            let indent = if only_whitespace_before(text, sibling) {
                indentation_at(text, sibling).to_string()
            } else {
                format!("{}{unit}", indentation_at(text, open))
            };
            let colon = self.colon(coll).unwrap_or_else(|| ": ".into());
            let layout = Layout::Pretty {
                indent: indent.clone(),
            };
            let member = self.member_text(key, value, &layout, &colon, &unit);
            if index < n {
                let at = members[index].start;
                return if only_whitespace_before(text, at) {
                    TextEdit::insert(at, format!("{member},{eol}{indent}"))
                } else {
                    TextEdit::insert(at, format!("{member}, "))
                };
            }
            let p = members[n - 1].end;
            let le = line_end(text, p);
            return match line_tail(text, p) {
                Some(tail) if tail.comma => TextEdit::insert(le, format!("{eol}{indent}{member},")),
                Some(tail) if tail.comment => TextEdit::within(
                    text,
                    p..le,
                    &format!(",{}{eol}{indent}{member}", &text[p..le]),
                ),
                _ => TextEdit::insert(p, format!(",{eol}{indent}{member}")),
            };
        }

        let (comma, colon) = self.flow_seps(coll);
        let layout = Layout::Flow {
            comma: comma.clone(),
            colon: colon.clone(),
        };
        let member = self.member_text(key, value, &layout, &colon, &unit);
        if index < n {
            TextEdit::insert(members[index].start, format!("{member}{comma}"))
        } else {
            TextEdit::insert(members[n - 1].end, format!("{comma}{member}"))
        }
    }

    fn remove(&self, coll: NodeId, i: usize) -> Result<TextEdit, EditError> {
        let text = self.text;
        let members = self.members(coll);
        let n = members.len();
        let Some(m) = members.get(i).cloned() else {
            return Err(EditError::Unsupported(format!(
                "the collection has no member {i}"
            )));
        };
        let block = self.is_block(coll);
        let own_lines = |start: usize, after: usize| {
            block && only_whitespace_before(text, start) && line_tail(text, after).is_some()
        };
        if n == 1 {
            let mut end = m.end;
            let c = skip_trivia(text, end);
            if text.as_bytes().get(c) == Some(&b',') {
                end = c + 1;
            }
            if own_lines(m.start, end) {
                return Ok(TextEdit::delete(
                    line_start(text, m.start)..next_line_start(text, end),
                ));
            }
            return Ok(TextEdit::delete(m.start..end));
        }
        if i + 1 < n {
            let c = skip_trivia(text, m.end);
            if own_lines(m.start, c + 1) {
                return Ok(TextEdit::delete(
                    line_start(text, m.start)..next_line_start(text, c + 1),
                ));
            }
            return Ok(TextEdit::delete(m.start..members[i + 1].start));
        }
        // The last member: the comma before it goes too.
        let prev = &members[i - 1];
        let c = skip_trivia(text, prev.end);
        if own_lines(m.start, m.end) {
            if line_tail(text, m.end).is_some_and(|t| t.comma) {
                // Trailing-comma style: the previous member's comma becomes the trailing one.
                return Ok(TextEdit::delete(
                    line_start(text, m.start)..next_line_start(text, m.end),
                ));
            }
            let between = &text[c + 1..line_start(text, m.start)];
            let keep = between.strip_suffix('\n').unwrap_or(between);
            let keep = keep.strip_suffix('\r').unwrap_or(keep);
            return Ok(TextEdit::within(text, c..line_end(text, m.end), keep));
        }
        Ok(TextEdit::delete(prev.end..m.end))
    }

    fn move_item(&self, seq: NodeId, from: usize, to: usize) -> Result<TextEdit, EditError> {
        let members = self.members(seq);
        let n = members.len();
        if from >= n || to >= n {
            return Err(EditError::Unsupported(format!(
                "cannot move item {from} to {to} in a list of {n}"
            )));
        }
        Ok(TextEdit::reorder(self.text, &members, from, to))
    }
}

/// What follows a member on its line, when it is only an optional comma and an optional
/// comment (a `/* */` comment must close on that line).
struct Tail {
    comma: bool,
    comment: bool,
}

fn line_tail(text: &str, pos: usize) -> Option<Tail> {
    let b = text.as_bytes();
    let end = line_end(text, pos);
    let mut i = pos;
    let ws = |i: &mut usize| {
        while *i < end && (b[*i] == b' ' || b[*i] == b'\t') {
            *i += 1;
        }
    };
    ws(&mut i);
    let comma = i < end && b[i] == b',';
    if comma {
        i += 1;
        ws(&mut i);
    }
    let mut comment = false;
    if text[i..end].starts_with("//") {
        return Some(Tail {
            comma,
            comment: true,
        });
    }
    if text[i..end].starts_with("/*") {
        let close = text[i + 2..end].find("*/")?;
        i = i + 2 + close + 2;
        comment = true;
        ws(&mut i);
    }
    (i == end).then_some(Tail { comma, comment })
}

/// Skips whitespace and comments from `pos` (the text is known to be valid JSON).
fn skip_trivia(text: &str, mut pos: usize) -> usize {
    let b = text.as_bytes();
    while pos < b.len() {
        match b[pos] {
            b' ' | b'\t' | b'\r' | b'\n' => pos += 1,
            b'/' if b.get(pos + 1) == Some(&b'/') => {
                pos = text[pos..].find('\n').map_or(b.len(), |i| pos + i);
            }
            b'/' if b.get(pos + 1) == Some(&b'*') => {
                pos = text[pos + 2..]
                    .find("*/")
                    .map_or(b.len(), |i| pos + 2 + i + 2);
            }
            _ => break,
        }
    }
    pos
}

/// A scalar in JSON syntax.
pub(crate) fn scalar(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
}

/// One-line JSON with the given separators.
fn flow(value: &Value, comma: &str, colon: &str, out: &mut String) {
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(comma);
                }
                flow(v, comma, colon, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push_str(comma);
                }
                out.push_str(&scalar(&Value::String(k.clone())));
                out.push_str(colon);
                flow(v, comma, colon, out);
            }
            out.push('}');
        }
        _ => out.push_str(&scalar(value)),
    }
}

/// Multi-line JSON whose first line continues the current one and whose later lines start
/// with `indent` plus one `unit` per level.
fn pretty(value: &Value, indent: &str, unit: &str, eol: &str, out: &mut String) {
    match value {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            let inner = format!("{indent}{unit}");
            for (i, v) in items.iter().enumerate() {
                out.push_str(if i > 0 { "," } else { "" });
                out.push_str(eol);
                out.push_str(&inner);
                pretty(v, &inner, unit, eol, out);
            }
            out.push_str(eol);
            out.push_str(indent);
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            out.push('{');
            let inner = format!("{indent}{unit}");
            for (i, (k, v)) in map.iter().enumerate() {
                out.push_str(if i > 0 { "," } else { "" });
                out.push_str(eol);
                out.push_str(&inner);
                out.push_str(&scalar(&Value::String(k.clone())));
                out.push_str(": ");
                pretty(v, &inner, unit, eol, out);
            }
            out.push_str(eol);
            out.push_str(indent);
            out.push('}');
        }
        _ => out.push_str(&scalar(value)),
    }
}
