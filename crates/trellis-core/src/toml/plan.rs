//! TOML edit planning. The planner re-reads the text with `toml_edit` to know what each node
//! is (a `[table]`, a dotted-key table, a table with no header of its own, an inline table,
//! an array, an array of tables) and where its header and key-values are, then writes one
//! splice. New values are written inline (`{ a = 1 }`, `[1, 2]`); new keys are bare when
//! they can be, quoted otherwise. What it cannot write correctly is refused with
//! [`EditError::Unsupported`].

use crate::edit::{Plan, TextEdit};
use crate::error::EditError;
use crate::text::{
    indentation_at, line_end, line_ending, line_start, next_line_start, only_whitespace_before,
};
use crate::tree::{NodeId, NodeKind, Style, Tree};
use serde_json::Value as J;
use std::ops::Range;
use toml_edit::{Array, ArrayOfTables, InlineTable, Item, Table, Value};

pub(crate) fn plan(text: &str, tree: &Tree, plan: &Plan<'_>) -> Result<TextEdit, EditError> {
    if let Plan::Replace { node, value } = *plan {
        // A scalar value is replaced in place, as `Cx::replace` does for `At::Scalar` (which
        // every scalar of the tree is: the tree is the parse of the text), without
        // re-reading the whole document.
        let n = tree.node(node);
        let scalar = matches!(
            n.kind,
            NodeKind::Null | NodeKind::Bool(_) | NodeKind::Number(_) | NodeKind::String(_)
        );
        if scalar && n.parent.is_some() {
            return replace_scalar(text, n, value);
        }
    }
    let doc = toml_edit::Document::parse(text).map_err(|e| {
        EditError::Unsupported(format!("the document does not parse: {}", e.message()))
    })?;
    let cx = Cx {
        text,
        tree,
        root: doc.as_table(),
        eol: line_ending(text),
    };
    match *plan {
        Plan::Replace { node, value } => cx.replace(node, value),
        Plan::InsertEntry { map, key, value } => cx.insert_entry(map, key, value),
        Plan::InsertItem { seq, index, value } => cx.insert_item(seq, index, value),
        Plan::RemoveEntry { map, index } => cx.remove_entry(map, index),
        Plan::RemoveItem { seq, index } => cx.remove_item(seq, index),
        Plan::RenameKey {
            map,
            index,
            new_key,
        } => cx.rename(map, index, new_key),
        Plan::MoveItem { seq, from, to } => cx.move_item(seq, from, to),
    }
}

/// Replaces a value written inline (a scalar, an array, an inline table) with `value`,
/// keeping a literal string literal when it can be.
fn replace_scalar(text: &str, n: &crate::tree::Node, value: &J) -> Result<TextEdit, EditError> {
    let new = match (value, n.style) {
        (J::String(s), Style::SingleQuoted) if literal_ok(s) => format!("'{s}'"),
        _ => value_text(value)?,
    };
    Ok(TextEdit::within(text, n.span.range(), &new))
}

fn unsupported(message: impl Into<String>) -> EditError {
    EditError::Unsupported(message.into())
}

/// What a node is in `toml_edit` terms.
#[derive(Clone, Copy)]
enum At<'d> {
    Table(&'d Table),
    Inline(&'d InlineTable),
    Array(&'d Array),
    Tables(&'d ArrayOfTables),
    Scalar,
}

fn at_item(item: &Item) -> Option<At<'_>> {
    match item {
        Item::None => None,
        Item::Value(v) => Some(at_value(v)),
        Item::Table(t) => Some(At::Table(t)),
        Item::ArrayOfTables(a) => Some(At::Tables(a)),
    }
}

fn at_value(v: &Value) -> At<'_> {
    match v {
        Value::Array(a) => At::Array(a),
        Value::InlineTable(t) => At::Inline(t),
        _ => At::Scalar,
    }
}

enum Seg {
    Key(String),
    Index(usize),
}

struct Cx<'a, 'd> {
    text: &'a str,
    tree: &'a Tree,
    root: &'d Table,
    eol: &'static str,
}

impl<'a, 'd> Cx<'a, 'd> {
    // ------------------------------------------------------------ finding things

    fn path(&self, node: NodeId) -> Vec<Seg> {
        let mut segs = Vec::new();
        let mut id = node;
        while let Some(parent) = self.tree.node(id).parent {
            match &self.tree.node(parent).kind {
                NodeKind::Map(entries) => {
                    if let Some(e) = entries.iter().find(|e| e.value == id) {
                        segs.push(Seg::Key(e.key.clone()));
                    }
                }
                NodeKind::Seq(items) => {
                    if let Some(i) = items.iter().position(|&c| c == id) {
                        segs.push(Seg::Index(i));
                    }
                }
                _ => {}
            }
            id = parent;
        }
        segs.reverse();
        segs
    }

    fn locate(&self, node: NodeId) -> Result<At<'d>, EditError> {
        let lost = || EditError::Verification("the tree and the document disagree".into());
        let mut at = At::Table(self.root);
        for seg in self.path(node) {
            at = match (at, seg) {
                (At::Table(t), Seg::Key(k)) => t.get(&k).and_then(at_item).ok_or_else(lost)?,
                (At::Inline(t), Seg::Key(k)) => at_value(t.get(&k).ok_or_else(lost)?),
                (At::Array(a), Seg::Index(i)) => at_value(a.get(i).ok_or_else(lost)?),
                (At::Tables(a), Seg::Index(i)) => At::Table(a.get(i).ok_or_else(lost)?),
                _ => return Err(lost()),
            };
        }
        Ok(at)
    }

    /// The keys from the root to `node`, as a header writes them (`a.b."c d"`).
    fn header_path(&self, node: NodeId) -> String {
        let keys: Vec<String> = self
            .path(node)
            .into_iter()
            .filter_map(|s| match s {
                Seg::Key(k) => Some(key_text(&k)),
                Seg::Index(_) => None,
            })
            .collect();
        keys.join(".")
    }

    /// Whether text that does not belong to `target`'s subtree starts inside `range`.
    fn foreign_in(&self, range: &Range<usize>, target: NodeId) -> bool {
        for (i, n) in self.tree.nodes.iter().enumerate() {
            let id = NodeId(i as u32);
            let own_text = match &n.kind {
                NodeKind::Map(_) | NodeKind::Seq(_) => n.style == Style::Flow,
                _ => true,
            };
            if own_text && range.contains(&n.span.start()) && !self.tree.is_within(id, target) {
                return true;
            }
            if let NodeKind::Map(entries) = &n.kind {
                for e in entries {
                    let related = self.tree.is_within(e.value, target)
                        || self.tree.is_within(target, e.value);
                    if range.contains(&e.key_span.start()) && !related {
                        return true;
                    }
                }
            }
        }
        false
    }

    fn entry(&self, map: NodeId, index: usize) -> Result<&'a crate::tree::Entry, EditError> {
        match &self.tree.node(map).kind {
            NodeKind::Map(entries) => entries
                .get(index)
                .ok_or_else(|| unsupported(format!("no entry {index}"))),
            _ => Err(unsupported("not a table")),
        }
    }

    fn entry_of(&self, map: NodeId, child: NodeId) -> Option<&'a crate::tree::Entry> {
        match &self.tree.node(map).kind {
            NodeKind::Map(entries) => entries.iter().find(|e| e.value == child),
            _ => None,
        }
    }

    fn items(&self, seq: NodeId) -> Vec<NodeId> {
        match &self.tree.node(seq).kind {
            NodeKind::Seq(items) => items.clone(),
            _ => Vec::new(),
        }
    }

    /// The text `key = ` uses between key and value in this table (`" = "` by default).
    fn eq_sep(&self, map: NodeId) -> String {
        if let NodeKind::Map(entries) = &self.tree.node(map).kind {
            for e in entries {
                let v = self.tree.node(e.value).span.start();
                if v > e.key_span.end() {
                    let gap = &self.text[e.key_span.end()..v];
                    if gap.trim() == "=" && !gap.contains('\n') {
                        return gap.to_string();
                    }
                }
            }
        }
        " = ".into()
    }

    // ------------------------------------------------------------ replace

    fn replace(&self, node: NodeId, value: &J) -> Result<TextEdit, EditError> {
        let n = self.tree.node(node);
        match self.locate(node)? {
            At::Scalar | At::Array(_) | At::Inline(_) => replace_scalar(self.text, n, value),
            At::Table(_) if n.parent.is_none() => {
                let J::Object(map) = value else {
                    return Err(unsupported("a TOML document is a table: it can only be replaced by an object"));
                };
                let mut out = String::new();
                for (k, v) in map {
                    out.push_str(&format!("{} = {}{}", key_text(k), value_text(v)?, self.eol));
                }
                // Everything is rewritten (only a leading byte-order mark stays).
                let bom = crate::text::bom_len(self.text);
                Ok(TextEdit::within(self.text, bom..self.text.len(), &out))
            }
            At::Table(t) if !t.is_dotted() && !t.is_implicit() => {
                let J::Object(map) = value else {
                    return Err(unsupported(format!(
                        "cannot replace the table [{}] with a non-table value; remove it and set the key instead",
                        self.header_path(node)
                    )));
                };
                let in_array = n.parent.is_some_and(|p| self.tree.node(p).style == Style::TableArray);
                let region = self.section_region(node, &Item::Table(t.clone()))?;
                let header = self.header_text(node, in_array);
                Ok(TextEdit::within(self.text, region, &self.section(&header, map)?))
            }
            At::Tables(a) => {
                let J::Array(items) = value else {
                    return Err(unsupported("an array of tables can only be replaced by a list of objects"));
                };
                if items.is_empty() || !items.iter().all(J::is_object) {
                    return Err(unsupported("an array of tables can only be replaced by a non-empty list of objects"));
                }
                let region = self.section_region(node, &Item::ArrayOfTables(a.clone()))?;
                let header = self.header_text(node, true);
                let mut out = Vec::new();
                for item in items {
                    if let J::Object(map) = item {
                        out.push(self.section(&header, map)?);
                    }
                }
                Ok(TextEdit::within(self.text, region, &out.join(&format!("{}{}", self.eol, self.eol))))
            }
            At::Table(_) => Err(unsupported(format!(
                "replacing `{}` as a whole is not supported: it is written as dotted keys or sub-table headers in several places; edit its entries instead",
                self.header_path(node)
            ))),
        }
    }

    fn header_text(&self, node: NodeId, in_array: bool) -> String {
        let path = self.header_path(node);
        if in_array {
            format!("[[{path}]]")
        } else {
            format!("[{path}]")
        }
    }

    /// A section: its header and one `key = value` line per member.
    fn section(&self, header: &str, map: &serde_json::Map<String, J>) -> Result<String, EditError> {
        let mut out = header.to_string();
        for (k, v) in map {
            out.push_str(self.eol);
            out.push_str(&format!("{} = {}", key_text(k), value_text(v)?));
        }
        Ok(out)
    }

    /// From the first header of a table's (or array of tables') subtree to the end of its
    /// last line, refused when other text lies in between.
    fn section_region(&self, node: NodeId, item: &Item) -> Result<Range<usize>, EditError> {
        let start = headers(item)
            .into_iter()
            .min()
            .ok_or_else(|| unsupported("the table has no header"))?;
        let range = line_start(self.text, start)..line_end(self.text, subtree_end(item).max(start));
        if self.foreign_in(&range, node) {
            return Err(unsupported(format!(
                "`{}` is written in several places with other tables in between; edit its entries instead",
                self.header_path(node)
            )));
        }
        Ok(range)
    }

    /// The lines of a whole section to delete, with the blank lines that separated it.
    fn delete_lines(&self, range: Range<usize>) -> TextEdit {
        let text = self.text;
        let start = range.start;
        let mut end = next_line_start(text, range.end);
        while end < text.len() && text[end..line_end(text, end)].trim().is_empty() {
            end = next_line_start(text, end);
        }
        if end < text.len() {
            return TextEdit::delete(start..end);
        }
        let mut s = start;
        while s > 0 {
            let ps = line_start(text, s - 1);
            if text[ps..s].trim().is_empty() {
                s = ps;
            } else {
                break;
            }
        }
        TextEdit::delete(s..text.len())
    }

    // ------------------------------------------------------------ insert

    fn insert_entry(&self, map: NodeId, key: &str, value: &J) -> Result<TextEdit, EditError> {
        let text = self.text;
        let eol = self.eol;
        let n = self.tree.node(map);
        let sep = self.eq_sep(map);
        let kv = format!("{}{sep}{}", key_text(key), value_text(value)?);
        match self.locate(map)? {
            At::Inline(_) if n.style == Style::Dotted => Err(unsupported(
                "adding to a dotted key inside an inline table is not supported",
            )),
            At::Inline(_) => {
                let NodeKind::Map(entries) = &n.kind else {
                    return Err(unsupported("not a table"));
                };
                match entries
                    .iter()
                    .map(|e| self.tree.node(e.value).span.end())
                    .max()
                {
                    None => Ok(TextEdit::within(
                        text,
                        n.span.start() + 1..n.span.end() - 1,
                        &format!(" {kv} "),
                    )),
                    Some(end) => Ok(TextEdit::insert(end, format!(", {kv}"))),
                }
            }
            At::Table(_) if n.style == Style::Dotted => {
                // A new line `a.b.key = value`: the path is copied from where the dotted
                // table's own key is first written.
                let parent = n
                    .parent
                    .ok_or_else(|| unsupported("dotted table without parent"))?;
                let ks = self
                    .entry_of(parent, map)
                    .ok_or_else(|| unsupported("dotted table without key"))?
                    .key_span;
                let indent = indentation_at(text, ks.start());
                let prefix = &text[line_start(text, ks.start()) + indent.len()..ks.end()];
                let end = n.span.end();
                Ok(TextEdit::insert(
                    line_end(text, end),
                    format!("{eol}{indent}{prefix}.{kv}"),
                ))
            }
            At::Table(t) if n.parent.is_none() || !t.is_implicit() => {
                if let Some((key_start, end)) = self.last_own_line(map, t) {
                    let indent = indentation_at(text, key_start);
                    return Ok(TextEdit::insert(
                        line_end(text, end),
                        format!("{eol}{indent}{kv}"),
                    ));
                }
                if n.parent.is_some() {
                    let h = t
                        .span()
                        .ok_or_else(|| unsupported("the table has no header"))?;
                    let indent = indentation_at(text, h.start);
                    return Ok(TextEdit::insert(
                        line_end(text, h.end),
                        format!("{eol}{indent}{kv}"),
                    ));
                }
                // A root table with no keys: before the first header and the comments above it.
                match t.iter().flat_map(|(_, c)| headers(c)).min() {
                    Some(h) => {
                        let mut at = line_start(text, h);
                        while at > 0 {
                            let ps = line_start(text, at - 1);
                            if text[ps..at].trim_start().starts_with('#') {
                                at = ps;
                            } else {
                                break;
                            }
                        }
                        Ok(TextEdit::insert(at, format!("{kv}{eol}{eol}")))
                    }
                    None => {
                        let lead = if text.is_empty() || text.ends_with('\n') {
                            ""
                        } else {
                            eol
                        };
                        Ok(TextEdit::insert(text.len(), format!("{lead}{kv}{eol}")))
                    }
                }
            }
            At::Table(t) => {
                // No header of its own (`a` in `[a.b]`): give it one, before its first sub-table.
                let first = headers(&Item::Table(t.clone()))
                    .into_iter()
                    .min()
                    .ok_or_else(|| unsupported("the table has no header"))?;
                let header = self.header_text(map, false);
                Ok(TextEdit::insert(
                    line_start(text, first),
                    format!("{header}{eol}{kv}{eol}{eol}"),
                ))
            }
            _ => Err(unsupported("not a table")),
        }
    }

    /// The key start and value end of the last key-value line a table owns directly.
    fn last_own_line(&self, map: NodeId, t: &Table) -> Option<(usize, usize)> {
        let NodeKind::Map(entries) = &self.tree.node(map).kind else {
            return None;
        };
        let mut best: Option<(usize, usize)> = None;
        for e in entries {
            let end = match t.get(&e.key)? {
                Item::Value(v) => v.span()?.end,
                Item::Table(sub) if sub.is_dotted() => subtree_end(&Item::Table(sub.clone())),
                _ => continue,
            };
            if best.is_none_or(|(_, b)| end > b) {
                best = Some((e.key_span.start(), end));
            }
        }
        best
    }

    fn insert_item(&self, seq: NodeId, index: usize, value: &J) -> Result<TextEdit, EditError> {
        let text = self.text;
        let eol = self.eol;
        match self.locate(seq)? {
            At::Array(_) => {
                let n = self.tree.node(seq);
                let items: Vec<Range<usize>> = self
                    .items(seq)
                    .iter()
                    .map(|&i| self.tree.node(i).span.range())
                    .collect();
                let v = value_text(value)?;
                let count = items.len();
                let index = index.min(count);
                if count == 0 {
                    return Ok(TextEdit::within(
                        text,
                        n.span.start() + 1..n.span.end() - 1,
                        &v,
                    ));
                }
                let comma = if count >= 2 {
                    let gap = &text[items[0].end..items[1].start];
                    match gap.find(',') {
                        Some(i) if gap[i + 1..].bytes().all(|b| b == b' ' || b == b'\t') => {
                            gap[i..].to_string()
                        }
                        _ => ", ".into(),
                    }
                } else {
                    ", ".into()
                };
                let multi = text[n.span.range()].contains('\n');
                let sibling = items[index.min(count - 1)].start;
                if !multi || !only_whitespace_before(text, sibling) {
                    return Ok(if index < count {
                        TextEdit::insert(items[index].start, format!("{v}{comma}"))
                    } else {
                        TextEdit::insert(items[count - 1].end, format!("{comma}{v}"))
                    });
                }
                let indent = indentation_at(text, sibling);
                if index < count {
                    return Ok(TextEdit::insert(
                        items[index].start,
                        format!("{v},{eol}{indent}"),
                    ));
                }
                let p = items[count - 1].end;
                let le = line_end(text, p);
                Ok(match toml_tail(text, p) {
                    Some((true, _)) => TextEdit::insert(le, format!("{eol}{indent}{v},")),
                    Some((false, true)) => {
                        TextEdit::within(text, p..le, &format!(",{}{eol}{indent}{v}", &text[p..le]))
                    }
                    _ => TextEdit::insert(p, format!(",{eol}{indent}{v}")),
                })
            }
            At::Tables(a) => {
                let J::Object(map) = value else {
                    return Err(unsupported(
                        "an array of tables ([[...]]) can only hold tables",
                    ));
                };
                let section = self.section(&self.header_text(seq, true), map)?;
                let regions = element_regions(text, a);
                let gap = if regions.len() >= 2
                    && text[regions[0].end..regions[1].start].trim().is_empty()
                {
                    text[regions[0].end..regions[1].start].to_string()
                } else {
                    format!("{eol}{eol}")
                };
                if index < regions.len() {
                    Ok(TextEdit::insert(
                        regions[index].start,
                        format!("{section}{gap}"),
                    ))
                } else {
                    let last = regions
                        .last()
                        .ok_or_else(|| unsupported("empty array of tables"))?;
                    Ok(TextEdit::insert(last.end, format!("{gap}{section}")))
                }
            }
            _ => Err(unsupported("not an array")),
        }
    }

    // ------------------------------------------------------------ remove

    fn remove_entry(&self, map: NodeId, index: usize) -> Result<TextEdit, EditError> {
        let text = self.text;
        let entry = self.entry(map, index)?;
        let n = self.tree.node(map);
        let NodeKind::Map(entries) = &n.kind else {
            return Err(unsupported("not a table"));
        };
        match self.locate(map)? {
            At::Inline(_) => {
                if n.style == Style::Dotted && entries.len() == 1 {
                    return Err(unsupported("removing the last key of a dotted key inside an inline table is not supported"));
                }
                let members: Vec<Range<usize>> = entries
                    .iter()
                    .map(|e| e.key_span.start()..self.tree.node(e.value).span.end())
                    .collect();
                Ok(remove_flow_member(text, &members, index))
            }
            At::Table(t) => {
                if t.is_implicit() && !t.is_dotted() && entries.len() == 1 && n.parent.is_some() {
                    return Err(unsupported(format!(
                        "removing the last entry of `{}` would remove the table itself (it has no header of its own); remove `{}` instead",
                        self.header_path(map),
                        self.header_path(map)
                    )));
                }
                let item = t
                    .get(&entry.key)
                    .ok_or_else(|| unsupported("no such key"))?;
                match item {
                    Item::Value(v) => {
                        let end = v.span().map_or(0, |s| s.end);
                        let ls = line_start(text, entry.key_span.start());
                        if t.is_dotted() && entries.len() == 1 {
                            // The dotted table would vanish: keep it as an empty inline table.
                            let indent = indentation_at(text, entry.key_span.start());
                            let prefix = text[ls + indent.len()..entry.key_span.start()].trim_end();
                            let prefix = prefix.strip_suffix('.').unwrap_or(prefix).trim_end();
                            return Ok(TextEdit::within(
                                text,
                                ls..line_end(text, end),
                                &format!("{indent}{prefix} = {{}}"),
                            ));
                        }
                        Ok(TextEdit::delete(ls..next_line_start(text, end)))
                    }
                    Item::Table(sub) if sub.is_dotted() => {
                        if t.is_dotted() && entries.len() == 1 {
                            return Err(unsupported(
                                "removing the only key of a dotted table is not supported",
                            ));
                        }
                        let start = line_start(text, entry.key_span.start());
                        let range = start..line_end(text, subtree_end(item));
                        if self.foreign_in(&range, entry.value) {
                            return Err(unsupported(format!(
                                "`{}` is written on lines with other keys in between; remove its keys one by one",
                                entry.key
                            )));
                        }
                        Ok(TextEdit::delete(
                            range.start..next_line_start(text, range.end),
                        ))
                    }
                    Item::Table(_) | Item::ArrayOfTables(_) => {
                        if t.is_dotted() {
                            return Err(unsupported("unexpected table under a dotted key"));
                        }
                        let region = self.section_region(entry.value, item)?;
                        Ok(self.delete_lines(region))
                    }
                    Item::None => Err(unsupported("no such key")),
                }
            }
            _ => Err(unsupported("not a table")),
        }
    }

    fn remove_item(&self, seq: NodeId, index: usize) -> Result<TextEdit, EditError> {
        let text = self.text;
        match self.locate(seq)? {
            At::Array(_) => {
                let members: Vec<Range<usize>> = self
                    .items(seq)
                    .iter()
                    .map(|&i| self.tree.node(i).span.range())
                    .collect();
                let multi = text[self.tree.node(seq).span.range()].contains('\n');
                if multi {
                    if let Some(e) = remove_line_member(text, &members, index) {
                        return Ok(e);
                    }
                }
                Ok(remove_flow_member(text, &members, index))
            }
            At::Tables(a) => {
                if a.len() == 1 {
                    return Err(unsupported(format!(
                        "cannot remove the only [[{}]] table: TOML cannot write an empty array of tables; remove `{}` itself instead",
                        self.header_path(seq),
                        self.header_path(seq)
                    )));
                }
                let ids = self.items(seq);
                let t = a.get(index).ok_or_else(|| unsupported("no such item"))?;
                let region = self.section_region(ids[index], &Item::Table(t.clone()))?;
                Ok(self.delete_lines(region))
            }
            _ => Err(unsupported("not an array")),
        }
    }

    // ------------------------------------------------------------ rename, move

    fn rename(&self, map: NodeId, index: usize, new_key: &str) -> Result<TextEdit, EditError> {
        let entry = self.entry(map, index)?;
        let places = match self.locate(map)? {
            At::Table(t) => match t.get(&entry.key) {
                Some(Item::Value(_)) => 1,
                Some(item @ Item::Table(sub)) if sub.is_dotted() => leaves(item),
                Some(item) => headers(item).len().max(1),
                None => 0,
            },
            At::Inline(t) => match t.get(&entry.key) {
                Some(Value::InlineTable(sub)) if sub.is_dotted() => {
                    leaves(&Item::Value(Value::InlineTable(sub.clone())))
                }
                Some(_) => 1,
                None => 0,
            },
            _ => 0,
        };
        if places != 1 {
            return Err(unsupported(format!(
                "the key `{}` is written in {places} places (sub-table headers or dotted keys); renaming it is not supported",
                entry.key
            )));
        }
        Ok(TextEdit::within(
            self.text,
            entry.key_span.range(),
            &key_text(new_key),
        ))
    }

    fn move_item(&self, seq: NodeId, from: usize, to: usize) -> Result<TextEdit, EditError> {
        let text = self.text;
        let ids = self.items(seq);
        let regions: Vec<Range<usize>> = match self.locate(seq)? {
            At::Array(_) => ids
                .iter()
                .map(|&i| self.tree.node(i).span.range())
                .collect(),
            At::Tables(a) => {
                let regions = element_regions(text, a);
                let (lo, hi) = (from.min(to), from.max(to));
                if lo < regions.len() && hi < regions.len() {
                    let span = regions[lo].start..regions[hi].end;
                    if self.foreign_in(&span, seq)
                        || regions.windows(2).any(|w| w[0].end > w[1].start)
                    {
                        return Err(unsupported(format!(
                            "the [[{}]] tables are not written one after another; moving them is not supported",
                            self.header_path(seq)
                        )));
                    }
                }
                regions
            }
            _ => return Err(unsupported("not an array")),
        };
        let n = regions.len();
        if from >= n || to >= n {
            return Err(unsupported(format!(
                "cannot move item {from} to {to} in a list of {n}"
            )));
        }
        Ok(TextEdit::reorder(text, &regions, from, to))
    }
}

// ---------------------------------------------------------------- item geometry

/// The lines of each element of an array of tables: from its `[[header]]` through its last
/// line, sub-tables included.
fn element_regions(text: &str, array: &ArrayOfTables) -> Vec<Range<usize>> {
    array
        .iter()
        .map(|t| {
            let item = Item::Table(t.clone());
            let s = headers(&item).into_iter().min().unwrap_or(0);
            line_start(text, s)..line_end(text, subtree_end(&item).max(s))
        })
        .collect()
}

/// Header starts of a table item and all tables below it.
fn headers(item: &Item) -> Vec<usize> {
    let mut out = Vec::new();
    fn walk(item: &Item, out: &mut Vec<usize>) {
        match item {
            Item::Table(t) => {
                if !t.is_dotted() && !t.is_implicit() {
                    if let Some(s) = t.span() {
                        out.push(s.start);
                    }
                }
                for (_, child) in t.iter() {
                    walk(child, out);
                }
            }
            Item::ArrayOfTables(a) => {
                for t in a.iter() {
                    walk(&Item::Table(t.clone()), out);
                }
            }
            _ => {}
        }
    }
    walk(item, &mut out);
    out
}

/// The furthest byte any part of an item reaches.
fn subtree_end(item: &Item) -> usize {
    match item {
        Item::None => 0,
        Item::Value(v) => v.span().map_or(0, |s| s.end),
        Item::Table(t) => {
            let own = t.span().filter(|_| !t.is_dotted()).map_or(0, |s| s.end);
            t.iter().map(|(_, c)| subtree_end(c)).fold(own, usize::max)
        }
        Item::ArrayOfTables(a) => a
            .iter()
            .map(|t| subtree_end(&Item::Table(t.clone())))
            .max()
            .unwrap_or(0),
    }
}

/// Number of key-value lines a dotted table is written on.
fn leaves(item: &Item) -> usize {
    match item {
        Item::Table(t) if t.is_dotted() => t.iter().map(|(_, c)| leaves(c)).sum(),
        Item::Value(Value::InlineTable(t)) if t.is_dotted() => {
            t.iter().map(|(_, v)| leaves(&Item::Value(v.clone()))).sum()
        }
        _ => 1,
    }
}

// ---------------------------------------------------------------- list members

/// What follows an array item on its line: `(comma, comment)` when it is only an optional
/// comma and an optional `#` comment.
fn toml_tail(text: &str, pos: usize) -> Option<(bool, bool)> {
    let rest = &text[pos..line_end(text, pos)];
    let rest = rest.trim_start();
    let (comma, rest) = match rest.strip_prefix(',') {
        Some(r) => (true, r.trim_start()),
        None => (false, rest),
    };
    if rest.is_empty() {
        Some((comma, false))
    } else if rest.starts_with('#') {
        Some((comma, true))
    } else {
        None
    }
}

/// Skips whitespace, line breaks and `#` comments.
fn skip_trivia(text: &str, mut pos: usize) -> usize {
    let b = text.as_bytes();
    while pos < b.len() {
        match b[pos] {
            b' ' | b'\t' | b'\r' | b'\n' => pos += 1,
            b'#' => pos = line_end(text, pos),
            _ => break,
        }
    }
    pos
}

/// Removes member `i` of a one-line list, keeping commas valid.
fn remove_flow_member(text: &str, members: &[Range<usize>], i: usize) -> TextEdit {
    let m = &members[i];
    if members.len() == 1 {
        let c = skip_trivia(text, m.end);
        let end = if text.as_bytes().get(c) == Some(&b',') {
            c + 1
        } else {
            m.end
        };
        return TextEdit::delete(m.start..end);
    }
    if i + 1 < members.len() {
        return TextEdit::delete(m.start..members[i + 1].start);
    }
    TextEdit::delete(members[i - 1].end..m.end)
}

/// Removes member `i` of a multi-line array with its line, when it has a line of its own.
fn remove_line_member(text: &str, members: &[Range<usize>], i: usize) -> Option<TextEdit> {
    let m = &members[i];
    if !only_whitespace_before(text, m.start) {
        return None;
    }
    if i + 1 < members.len() || members.len() == 1 {
        let c = skip_trivia(text, m.end);
        let after = if text.as_bytes().get(c) == Some(&b',') {
            c + 1
        } else {
            m.end
        };
        toml_tail(text, after)?;
        if i + 1 < members.len() && text.as_bytes().get(c) != Some(&b',') {
            return None;
        }
        return Some(TextEdit::delete(
            line_start(text, m.start)..next_line_start(text, after),
        ));
    }
    // The last item. With a trailing comma the previous item keeps its comma as the new
    // trailing one; otherwise drop the comma after the previous item, keeping what follows it.
    let (comma, _) = toml_tail(text, m.end)?;
    if comma {
        return Some(TextEdit::delete(
            line_start(text, m.start)..next_line_start(text, m.end),
        ));
    }
    let c = skip_trivia(text, members[i - 1].end);
    if text.as_bytes().get(c) != Some(&b',') {
        return None;
    }
    let between = &text[c + 1..line_start(text, m.start)];
    let keep = between.strip_suffix('\n').unwrap_or(between);
    let keep = keep.strip_suffix('\r').unwrap_or(keep);
    Some(TextEdit::within(text, c..line_end(text, m.end), keep))
}

// ---------------------------------------------------------------- writing values

/// A key as TOML writes it: bare when it can be, else a basic string.
pub(crate) fn key_text(key: &str) -> String {
    if !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        key.to_string()
    } else {
        basic_string(key)
    }
}

/// Whether a string can be written as a literal `'...'` string.
fn literal_ok(s: &str) -> bool {
    !s.chars()
        .any(|c| c == '\'' || (c.is_control() && c != '\t'))
}

pub(crate) fn basic_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON-model value as an inline TOML value.
pub(crate) fn value_text(v: &J) -> Result<String, EditError> {
    Ok(match v {
        J::Null => {
            return Err(unsupported(
                "TOML has no null value; remove the key instead",
            ))
        }
        J::Bool(b) => b.to_string(),
        J::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.to_string()
            } else if n.is_u64() {
                return Err(unsupported(format!(
                    "{n} is out of TOML's integer range (64-bit signed)"
                )));
            } else {
                let f = n.as_f64().unwrap_or(0.0);
                let mut v = Value::from(f);
                v.decor_mut().clear();
                v.to_string()
            }
        }
        J::String(s) => basic_string(s),
        J::Array(items) => {
            let parts: Result<Vec<String>, EditError> = items.iter().map(value_text).collect();
            format!("[{}]", parts?.join(", "))
        }
        J::Object(map) => {
            if map.is_empty() {
                "{}".to_string()
            } else {
                let parts: Result<Vec<String>, EditError> = map
                    .iter()
                    .map(|(k, v)| Ok(format!("{} = {}", key_text(k), value_text(v)?)))
                    .collect();
                format!("{{ {} }}", parts?.join(", "))
            }
        }
    })
}
