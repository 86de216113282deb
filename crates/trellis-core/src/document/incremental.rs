//! The incremental path of [`Document`]: an edit re-parses only the part of the text it
//! touches, and the result is exactly what a full parse of the new text would give.
//!
//! Two patches, tried in order; anything they are not certain about goes back to the full
//! re-parse (`Document::splice_and_parse`):
//!
//! - **Scalar**: a splice inside one scalar's text (setting a value; its undo and redo; typing
//!   inside a value). The scalar's new text is parsed alone by the format's own scanner under
//!   conditions that make the full parse certain to differ only in that node
//!   (`yaml::reparse_scalar`, `json::reparse_scalar`, `toml::reparse_scalar`). The node is
//!   replaced and every later position moves by the length difference.
//! - **Subtree** (YAML and JSON): a splice inside one collection's own text (adding, removing,
//!   renaming or moving an entry; replacing a value with a collection). The collection's old
//!   and new texts are parsed alone, as documents of their own: a JSON object or array from
//!   bracket to bracket, a YAML flow collection likewise, a YAML block collection that starts
//!   its line as whole lines (with the comment and blank lines after it). The old text's parse
//!   must reproduce the collection's nodes in the tree exactly (same ids, spans, parents):
//!   that proves the standalone parse sees what the full parse saw, and where the subtree lies
//!   in the node arena. The new text's parse must be one collection that starts where the old
//!   one did and ends the region the same way. Its nodes then take the old ones' place; later
//!   node ids and positions move. Not used with YAML aliases (anchors are document-wide) or
//!   TOML (tables are spread over the document).
//!
//! An edit's promised value is checked on the re-parsed part alone: everything else of the
//! tree is unchanged, so comparing there is the same as comparing the whole document. Debug
//! builds also compare every incremental step with a full parse.

use super::{Change, Document, Splice};
use crate::edit::{EditOp, Plan, TextEdit};
use crate::pointer::Pointer;
use crate::span::{LineIndex, Span};
use crate::tree::{Node, NodeId, NodeKind, Style, Tree};
use crate::value::{number_to_json, to_json};
use crate::{json, model, toml, yaml, Format, MAX_DOCUMENT_BYTES, MAX_NESTING};
use serde_json::Value;
use std::ops::Range;

/// A subtree parsed with at most this share of the text (numerator over 8) is worth it;
/// larger ones are re-parsed with the whole text.
const MAX_REGION_EIGHTHS: usize = 4;

enum Patch {
    /// Scalar `node` gets a new kind and style; its text is `edit`'s result.
    Scalar {
        node: NodeId,
        kind: NodeKind,
        style: Style,
    },
    Subtree(Subtree),
}

/// A collection re-parsed alone, ready to take the old one's place.
struct Subtree {
    /// The old collection.
    root: NodeId,
    /// Its subtree's ids in the arena: `lo..lo + old_count`.
    lo: usize,
    old_count: usize,
    /// The old text that was parsed alone.
    region: Range<usize>,
    /// The new subtree: spans in the new text, ids as they will be in the arena (`lo..`);
    /// the root's parent is still the old id.
    nodes: Vec<Node>,
    /// Index of the new root in `nodes`.
    new_root: usize,
}

impl Document {
    /// `apply`'s incremental path, after planning. Returns false, changing nothing, when the
    /// edit needs the full re-parse (which also reports errors and refusals).
    pub(super) fn apply_in_place(&mut self, op: &EditOp, plan: &Plan<'_>, edit: &TextEdit) -> bool {
        let mut patch = None;
        if let Plan::Replace { node, value } = *plan {
            if let Some((node, kind, style)) = self.scalar_patch(edit, Some(node)) {
                // Only this node changes, so the promised value is checked on it alone (with
                // aliases, as on the full path, there is no model value to check against).
                if !self.tree.has_aliases() && scalar_json(&kind) != *value {
                    return false;
                }
                patch = Some(Patch::Scalar { node, kind, style });
            }
        }
        if patch.is_none() && self.subtrees_allowed() {
            patch = self
                .subtree_patch(edit, Some(plan_target(plan)), Some(op))
                .map(Patch::Subtree);
        }
        let Some(patch) = patch else {
            return false;
        };
        #[cfg(debug_assertions)]
        let expected = self.expected_after(op);
        let splice = self.install_patch(patch, edit);
        self.undo.push(Change {
            splices: vec![splice],
        });
        self.redo.clear();
        #[cfg(debug_assertions)]
        {
            self.assert_invariant();
            if let Some(expected) = expected {
                assert_eq!(self.value(), expected, "incremental value for {op:?}");
            }
        }
        true
    }

    /// The incremental path for undo, redo and `replace_text`: one splice that fits a scalar
    /// or a subtree patch, applied in place. `None` (nothing changed) means: re-parse.
    pub(super) fn splice_in_place(&mut self, edits: &[TextEdit]) -> Option<Splice> {
        let [edit] = edits else {
            return None;
        };
        let patch = match self.scalar_patch(edit, None) {
            Some((node, kind, style)) => Patch::Scalar { node, kind, style },
            None if self.subtrees_allowed() => {
                Patch::Subtree(self.subtree_patch(edit, None, None)?)
            }
            None => return None,
        };
        let splice = self.install_patch(patch, edit);
        #[cfg(debug_assertions)]
        self.assert_invariant();
        Some(splice)
    }

    fn subtrees_allowed(&self) -> bool {
        self.format != Format::Toml && !self.tree.has_aliases()
    }

    // ----- scalars ---------------------------------------------------------------------------

    /// Whether `edit` can be applied by re-parsing one scalar alone: it lies within the span
    /// of a scalar node (`hint`, or any that contains it) and the format's scanner confirms
    /// the node's new text is one scalar of the same context, so that the full parse of the
    /// new text would differ only in that node. Returns the node, its new kind and style.
    fn scalar_patch(
        &self,
        edit: &TextEdit,
        hint: Option<NodeId>,
    ) -> Option<(NodeId, NodeKind, Style)> {
        let (a, b) = (edit.range.start, edit.range.end);
        let breaks = |t: &str| t.bytes().any(|c| c == b'\n' || c == b'\r');
        if !self.fits_size(edit) || breaks(&edit.insert) || breaks(self.text.get(a..b)?) {
            return None;
        }
        let fits = |id: NodeId| {
            let n = self.tree.node(id);
            n.parent.is_some()
                && !n.span.is_empty()
                && n.span.start() <= a
                && b <= n.span.end()
                && is_scalar(&n.kind)
        };
        let node = match hint {
            Some(id) => Some(id).filter(|&id| fits(id))?,
            None => (0..self.tree.nodes.len())
                .map(|i| NodeId(i as u32))
                .find(|&id| fits(id))?,
        };
        let span = self.tree.node(node).span;
        let mut token = String::with_capacity(span.len() + edit.insert.len());
        token.push_str(self.text.get(span.start()..a)?);
        token.push_str(&edit.insert);
        token.push_str(self.text.get(b..span.end())?);
        let (kind, style) = match self.format {
            Format::Yaml => yaml::reparse_scalar(&self.text, &self.tree, node, &token)?,
            Format::Json => json::reparse_scalar(&token)?,
            Format::Toml => toml::reparse_scalar(&token)?,
        };
        Some((node, kind, style))
    }

    fn fits_size(&self, edit: &TextEdit) -> bool {
        edit.range.end <= self.text.len()
            && self.text.is_char_boundary(edit.range.start)
            && self.text.is_char_boundary(edit.range.end)
            && self.text.len() - edit.range.len() + edit.insert.len() <= MAX_DOCUMENT_BYTES
    }

    // ----- subtrees --------------------------------------------------------------------------

    /// Finds a collection whose own text contains `edit` and re-parses it alone (see the
    /// module comment). Starts from `target` (the plan's node) or the innermost collection
    /// around the edit, and tries a few enclosing ones. With `op`, the new subtree must have
    /// the value the operation promises.
    fn subtree_patch(
        &self,
        edit: &TextEdit,
        target: Option<NodeId>,
        op: Option<&EditOp>,
    ) -> Option<Subtree> {
        if !self.fits_size(edit) {
            return None;
        }
        let (a, b) = (edit.range.start, edit.range.end);
        let mut id = match target {
            Some(t) => t,
            None => self.nearest_node(a)?,
        };
        let mut tries = 0;
        loop {
            let n = self.tree.node(id);
            if matches!(n.kind, NodeKind::Map(_) | NodeKind::Seq(_)) && n.parent.is_some() {
                if let Some(region) = self.region(id) {
                    if region.start <= a && b <= region.end {
                        if region.len() * 8 > self.text.len() * MAX_REGION_EIGHTHS {
                            return None;
                        }
                        if let Some(sub) = self.reparse_region(id, region, edit, op) {
                            return Some(sub);
                        }
                        tries += 1;
                        if tries == 3 {
                            return None;
                        }
                    }
                }
            }
            id = n.parent?;
        }
    }

    /// Where to start looking for a collection around an edit at `a`: the node starting
    /// last at or before `a` (the innermost one on ties). The collections around the edit
    /// are among its ancestors, including a YAML block collection whose region (past its
    /// span, up to the next content) holds an insertion after its last entry.
    fn nearest_node(&self, a: usize) -> Option<NodeId> {
        let mut best: Option<(u32, usize, NodeId)> = None;
        for (i, n) in self.tree.nodes.iter().enumerate() {
            let better = best.is_none_or(|(start, len, _)| {
                n.span.start > start || (n.span.start == start && n.span.len() < len)
            });
            if n.span.start() <= a && better {
                best = Some((n.span.start, n.span.len(), NodeId(i as u32)));
            }
        }
        best.map(|(_, _, id)| id)
    }

    /// The text a collection can be parsed from alone: its span for bracketed collections;
    /// for a YAML block collection that starts its line, its whole lines up to the next line
    /// with content (comment and blank lines after it included).
    fn region(&self, id: NodeId) -> Option<Range<usize>> {
        let n = self.tree.node(id);
        match (self.format, n.style) {
            (Format::Json, _) | (Format::Yaml, Style::Flow) => Some(n.span.range()),
            (Format::Yaml, Style::Block) => {
                let t = &self.text;
                let start = crate::text::line_start(t, n.span.start());
                if start == 0 || !t[start..n.span.start()].bytes().all(|c| c == b' ') {
                    return None;
                }
                let rest = &t[n.span.end()..crate::text::line_end(t, n.span.end())];
                let rest = rest.trim_start_matches([' ', '\t']);
                if !(rest.is_empty() || rest.starts_with('#')) {
                    return None;
                }
                let mut end = crate::text::next_line_start(t, n.span.end());
                while end < t.len() {
                    let line = &t[end..crate::text::line_end(t, end)];
                    let line = line.trim_start_matches([' ', '\t', '\r']);
                    if !(line.is_empty() || line.starts_with('#')) {
                        break;
                    }
                    end = crate::text::next_line_start(t, end);
                }
                Some(start..end)
            }
            _ => None,
        }
    }

    /// Re-parses collection `id` from `region` of the old text, and the same region with
    /// `edit` applied; see the module comment for what is checked.
    fn reparse_region(
        &self,
        id: NodeId,
        region: Range<usize>,
        edit: &TextEdit,
        op: Option<&EditOp>,
    ) -> Option<Subtree> {
        let r = self.tree.node(id);
        let column = r.span.start() - region.start;
        let old = self.parse_alone(&self.text[region.clone()], r.style, column)?;
        // The old parse must be exactly the collection's subtree in the arena.
        let rel = old.docs[0].index();
        let lo = id.index().checked_sub(rel)?;
        let old_count = old.nodes.len();
        if lo + old_count > self.tree.nodes.len() {
            return None;
        }
        for (i, n) in old.nodes.iter().enumerate() {
            let placed = place(n, region.start, lo, (i == rel).then_some(r.parent));
            if !same_node(&placed, &self.tree.nodes[lo + i]) {
                return None;
            }
        }
        let (a, b) = (edit.range.start, edit.range.end);
        let mut text = String::with_capacity(region.len() + edit.insert.len());
        text.push_str(&self.text[region.start..a]);
        text.push_str(&edit.insert);
        text.push_str(&self.text[b..region.end]);
        // A JSON collection's style says whether its text holds a line break, so one appearing
        // or disappearing here could change the style of collections around it.
        let breaks = |t: &str| t.contains('\n');
        if self.format == Format::Json && breaks(&text) != breaks(&self.text[region.clone()]) {
            return None;
        }
        let new = self.parse_alone(&text, r.style, column)?;
        let new_rel = new.docs[0].index();
        if self.ancestors(id) + height(&new, new.docs[0]) + 1 >= MAX_NESTING {
            return None;
        }
        if let Some(op) = op {
            // The promised value, on the subtree: the rest of the document is unchanged.
            let prefix = self.pointer_of(id)?;
            let path = op_path(op);
            if !path.starts_with(&prefix) {
                return None;
            }
            let rel_path = Pointer::from_tokens(path.tokens()[prefix.tokens().len()..].iter());
            let mut expected = to_json(&self.tree, id);
            model::apply(&mut expected, &with_path(op, rel_path)).ok()?;
            if to_json(&new, new.docs[0]) != expected {
                return None;
            }
        }
        let nodes = new
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| place(n, region.start, lo, (i == new_rel).then_some(r.parent)))
            .collect();
        Some(Subtree {
            root: id,
            lo,
            old_count,
            region,
            nodes,
            new_root: new_rel,
        })
    }

    /// Parses a collection's text alone. `None` unless it is one collection of the given
    /// style, at `column` of the first line, that ends the text (only comments and blank
    /// lines after a YAML block collection), without aliases or block scalars.
    fn parse_alone(&self, text: &str, style: Style, column: usize) -> Option<Tree> {
        if text.starts_with('\u{feff}') {
            return None;
        }
        let tree = match self.format {
            Format::Json => json::parse(text).ok()?,
            Format::Yaml => yaml::parse(text).ok()?,
            Format::Toml => return None,
        };
        let [root] = tree.docs[..] else {
            return None;
        };
        let n = tree.node(root);
        if !matches!(n.kind, NodeKind::Map(_) | NodeKind::Seq(_)) || n.span.start() != column {
            return None;
        }
        if self.format == Format::Yaml {
            if n.style != style
                || tree.nodes.iter().any(|n| {
                    matches!(n.kind, NodeKind::Alias { .. })
                        || matches!(n.style, Style::Literal | Style::Folded)
                })
            {
                return None;
            }
            if style == Style::Block {
                let only_comments = text[n.span.end()..].split('\n').all(|line| {
                    let line = line.trim_start_matches([' ', '\t', '\r']);
                    line.is_empty() || line.starts_with('#')
                });
                return only_comments.then_some(tree);
            }
        }
        (n.span.end() == text.len()).then_some(tree)
    }

    /// Number of collections above `id`.
    fn ancestors(&self, mut id: NodeId) -> usize {
        let mut count = 0;
        while let Some(p) = self.tree.node(id).parent {
            count += 1;
            id = p;
        }
        count
    }

    /// The pointer of node `id`, found by walking up to its document.
    fn pointer_of(&self, id: NodeId) -> Option<Pointer> {
        let mut tokens = Vec::new();
        let mut current = id;
        while let Some(parent) = self.tree.node(current).parent {
            match &self.tree.node(parent).kind {
                NodeKind::Map(entries) => {
                    tokens.push(entries.iter().find(|e| e.value == current)?.key.clone())
                }
                NodeKind::Seq(items) => {
                    tokens.push(items.iter().position(|&c| c == current)?.to_string())
                }
                _ => return None,
            }
            current = parent;
        }
        match self.tree.docs.as_slice() {
            [one] if *one == current => {}
            docs => tokens.push(docs.iter().position(|&d| d == current)?.to_string()),
        }
        tokens.reverse();
        Some(Pointer::from_tokens(tokens))
    }

    // ----- installing ------------------------------------------------------------------------

    /// Applies a checked patch: splices the text, puts the new nodes in place and moves every
    /// later position, line start and node id. Returns the splice for the undo history.
    fn install_patch(&mut self, patch: Patch, edit: &TextEdit) -> Splice {
        let splice = Splice {
            start: edit.range.start,
            removed: self.text[edit.range.clone()].to_string(),
            inserted: edit.insert.clone(),
        };
        let delta = edit.insert.len() as i64 - edit.range.len() as i64;
        edit.apply(&mut self.text);
        self.lines.splice(edit.range.clone(), &edit.insert);
        match patch {
            Patch::Scalar { node, kind, style } => {
                // Positions up to the scalar's start stay; only the scalar itself has
                // positions inside its span; everything from its end on moves.
                let old = self.tree.node(node).span;
                if delta != 0 {
                    let end = old.end;
                    for n in &mut self.tree.nodes {
                        n.for_each_position(|p| {
                            if *p >= end {
                                *p = (*p as i64 + delta) as u32;
                            }
                        });
                    }
                }
                let n = self.tree.node_mut(node);
                n.span = Span {
                    start: old.start,
                    end: (old.end as i64 + delta) as u32,
                };
                n.kind = kind;
                n.style = style;
            }
            Patch::Subtree(sub) => self.install_subtree(sub, delta),
        }
        splice
    }

    fn install_subtree(&mut self, sub: Subtree, delta: i64) {
        let Subtree {
            root,
            lo,
            old_count,
            region,
            mut nodes,
            new_root,
        } = sub;
        let hi = lo + old_count;
        let ids = nodes.len() as i64 - old_count as i64;
        let new_root_id = NodeId((lo + new_root) as u32);
        let remap = |id: NodeId| {
            if id == root {
                new_root_id
            } else if id.index() >= hi {
                NodeId((id.0 as i64 + ids) as u32)
            } else {
                id
            }
        };
        // Outside the subtree, positions are before the region, or at its end and after
        // (moved), or the old collection's end (ancestors that end with it).
        let old_end = self.tree.node(root).span.end;
        let new_end = nodes[new_root].span.end;
        let region_end = region.end as u32;
        for (i, n) in self.tree.nodes.iter_mut().enumerate() {
            if (lo..hi).contains(&i) {
                continue;
            }
            n.for_each_position(|p| {
                if *p >= region_end {
                    *p = (*p as i64 + delta) as u32;
                } else if *p == old_end {
                    *p = new_end;
                }
            });
            n.parent = n.parent.map(remap);
            n.for_each_child(|c| *c = remap(*c));
        }
        nodes[new_root].parent = nodes[new_root].parent.map(remap);
        self.tree.nodes.splice(lo..hi, nodes);
        for d in &mut self.tree.docs {
            *d = remap(*d);
        }
    }

    // ----- checking --------------------------------------------------------------------------

    /// Checks the invariant: the tree and line index are exactly what a full parse of the
    /// text gives (spans included). For tests; debug builds run it after every incremental
    /// step.
    #[doc(hidden)]
    pub fn check_invariant(&self) -> Result<(), String> {
        let tree = super::parse_tree(&self.text, self.format)
            .map_err(|e| format!("the text does not parse: {}", e.message))?;
        if !same_tree(&tree, &self.tree) {
            let at = (0..tree.nodes.len().max(self.tree.nodes.len())).find(|&i| {
                format!("{:?}", tree.nodes.get(i)) != format!("{:?}", self.tree.nodes.get(i))
            });
            return Err(match at {
                Some(i) => format!(
                    "node {i} differs: parsed {:?}, kept {:?}",
                    tree.nodes.get(i),
                    self.tree.nodes.get(i)
                ),
                None => format!(
                    "roots differ: parsed {:?}, kept {:?}",
                    tree.docs, self.tree.docs
                ),
            });
        }
        if LineIndex::new(&self.text) != self.lines {
            return Err("the line index differs from the text's".into());
        }
        Ok(())
    }

    #[cfg(debug_assertions)]
    pub(super) fn assert_invariant(&self) {
        if let Err(e) = self.check_invariant() {
            panic!(
                "incremental parse diverged from a full parse: {e}\n--- text\n{}",
                self.text
            );
        }
    }
}

impl Node {
    /// Calls `f` on every byte position the node holds: its span and its entries' key spans.
    fn for_each_position(&mut self, mut f: impl FnMut(&mut u32)) {
        f(&mut self.span.start);
        f(&mut self.span.end);
        if let NodeKind::Map(entries) = &mut self.kind {
            for e in entries {
                f(&mut e.key_span.start);
                f(&mut e.key_span.end);
            }
        }
    }

    /// Calls `f` on every node id the node's kind refers to.
    fn for_each_child(&mut self, mut f: impl FnMut(&mut NodeId)) {
        match &mut self.kind {
            NodeKind::Seq(items) => items.iter_mut().for_each(f),
            NodeKind::Map(entries) => entries.iter_mut().for_each(|e| f(&mut e.value)),
            NodeKind::Alias { target, .. } => f(target),
            _ => {}
        }
    }
}

/// A node of a tree parsed from text at `base`, as it sits in an arena where that tree's
/// nodes start at id `lo`. `root_parent` is the parent to give the tree's root.
fn place(n: &Node, base: usize, lo: usize, root_parent: Option<Option<NodeId>>) -> Node {
    let mut n = n.clone();
    n.for_each_position(|p| *p += base as u32);
    n.for_each_child(|c| c.0 += lo as u32);
    n.parent = match root_parent {
        Some(parent) => parent,
        None => n.parent.map(|p| NodeId(p.0 + lo as u32)),
    };
    n
}

/// Levels of collections from `id` down, `id` included.
fn height(tree: &Tree, id: NodeId) -> usize {
    let children: Vec<NodeId> = match &tree.node(id).kind {
        NodeKind::Seq(items) => items.clone(),
        NodeKind::Map(entries) => entries.iter().map(|e| e.value).collect(),
        _ => return 0,
    };
    1 + children
        .into_iter()
        .map(|c| height(tree, c))
        .max()
        .unwrap_or(0)
}

fn plan_target(plan: &Plan<'_>) -> NodeId {
    match *plan {
        Plan::Replace { node, .. } => node,
        Plan::InsertEntry { map, .. }
        | Plan::RemoveEntry { map, .. }
        | Plan::RenameKey { map, .. } => map,
        Plan::InsertItem { seq, .. }
        | Plan::RemoveItem { seq, .. }
        | Plan::MoveItem { seq, .. } => seq,
    }
}

fn op_path(op: &EditOp) -> &Pointer {
    super::op_path(op)
}

/// `op` addressed at `path` instead.
fn with_path(op: &EditOp, path: Pointer) -> EditOp {
    match op {
        EditOp::Set { value, .. } => EditOp::Set {
            path,
            value: value.clone(),
        },
        EditOp::Add { value, .. } => EditOp::Add {
            path,
            value: value.clone(),
        },
        EditOp::Remove { .. } => EditOp::Remove { path },
        EditOp::Rename { new_key, .. } => EditOp::Rename {
            path,
            new_key: new_key.clone(),
        },
        EditOp::Move { to, .. } => EditOp::Move { path, to: *to },
    }
}

fn is_scalar(kind: &NodeKind) -> bool {
    matches!(
        kind,
        NodeKind::Null | NodeKind::Bool(_) | NodeKind::Number(_) | NodeKind::String(_)
    )
}

/// A scalar's value in the JSON model.
fn scalar_json(kind: &NodeKind) -> Value {
    match kind {
        NodeKind::Bool(b) => Value::Bool(*b),
        NodeKind::Number(n) => number_to_json(*n),
        NodeKind::String(s) => Value::String(s.clone()),
        _ => Value::Null,
    }
}

/// Node equality where a NaN equals itself (the derived `PartialEq` says it does not).
fn same_node(a: &Node, b: &Node) -> bool {
    a == b || format!("{a:?}") == format!("{b:?}")
}

/// Tree equality where a NaN equals itself.
fn same_tree(a: &Tree, b: &Tree) -> bool {
    a == b || format!("{a:?}") == format!("{b:?}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Which path `apply` takes for `op`: "scalar", "subtree" or "full".
    fn path_for(format: Format, text: &str, op: &EditOp) -> &'static str {
        let doc = Document::parse(text.to_string(), format).unwrap();
        let plan = doc.resolve(op).unwrap();
        let edit = super::super::plan_text(format, &doc.text, &doc.tree, &plan).unwrap();
        let target = plan_target(&plan);
        let path = if matches!(plan, Plan::Replace { .. })
            && doc.scalar_patch(&edit, Some(target)).is_some()
        {
            "scalar"
        } else if doc.subtrees_allowed()
            && doc.subtree_patch(&edit, Some(target), Some(op)).is_some()
        {
            "subtree"
        } else {
            "full"
        };
        // Whatever the path, the result is the full parse's (or a refusal changing nothing).
        let mut applied = doc.clone();
        if applied.apply(op).is_err() {
            assert_eq!(path, "full", "{op:?} refused");
            assert_eq!(applied.text, doc.text);
        }
        applied.check_invariant().unwrap();
        path
    }

    fn set(path: &str, value: Value) -> EditOp {
        EditOp::Set {
            path: Pointer::parse(path).unwrap(),
            value,
        }
    }

    fn add(path: &str, value: Value) -> EditOp {
        EditOp::Add {
            path: Pointer::parse(path).unwrap(),
            value,
        }
    }

    fn remove(path: &str) -> EditOp {
        EditOp::Remove {
            path: Pointer::parse(path).unwrap(),
        }
    }

    #[test]
    fn yaml_paths() {
        let text = "# top\na: 1  # one\nb: 'x'\nc: [1, two]\nd:\n  e: 1\n  f: {g: h}\n  # end of d\nlast: z\n";
        let y = |op| path_for(Format::Yaml, text, &op);
        assert_eq!(y(set("/a", json!(2.5))), "scalar");
        assert_eq!(y(set("/a", json!("two words"))), "scalar");
        assert_eq!(y(set("/a", json!("a: b"))), "scalar");
        assert_eq!(y(set("/b", json!("it's"))), "scalar");
        assert_eq!(y(set("/c/1", json!(null))), "scalar");
        assert_eq!(y(set("/d/f/g", json!(false))), "scalar");
        assert_eq!(y(add("/d/new", json!("v"))), "subtree");
        assert_eq!(y(remove("/d/e")), "subtree");
        assert_eq!(y(add("/d/f/k", json!(1))), "subtree");
        assert_eq!(y(add("/c/-", json!(3))), "subtree"); // a flow list, bracket to bracket
        assert_eq!(y(set("/d/e", json!({"x": [1, 2]}))), "subtree");
        // A line break in a block scalar's context, or the root: the whole text.
        assert_eq!(y(set("/a", json!("multi\nline"))), "full");
        assert_eq!(y(set("/last", json!({"x": 1}))), "full");
    }

    #[test]
    fn yaml_refuses_what_it_cannot_be_sure_of() {
        // Anchors and aliases, tags, values on the next line, document roots.
        let aliased = "a: &x 1\nb: *x\nc:\n  d: 2\n";
        assert_eq!(
            path_for(Format::Yaml, aliased, &set("/a", json!(3))),
            "full"
        );
        assert_eq!(
            path_for(Format::Yaml, aliased, &add("/c/e", json!(3))),
            "full"
        );
        let tagged = "a: !!str 1\nb:\n  2\n";
        assert_eq!(
            path_for(Format::Yaml, tagged, &set("/a", json!("3"))),
            "full"
        );
        assert_eq!(path_for(Format::Yaml, tagged, &set("/b", json!(3))), "full");
        assert_eq!(
            path_for(Format::Yaml, "plain\n", &set("", json!("other"))),
            "full"
        );
    }

    #[test]
    fn json_and_toml_paths() {
        let text = "{\n  \"a\": 1,\n  \"b\": {\"c\": \"x\"},\n  \"d\": {\n    \"e\": [1, 2]\n  },\n  \"z\": 0\n}\n";
        let j = |op| path_for(Format::Json, text, &op);
        assert_eq!(j(set("/a", json!("s"))), "scalar");
        assert_eq!(j(set("/b/c", json!(1.5))), "scalar");
        assert_eq!(j(add("/b/k", json!([1]))), "subtree");
        assert_eq!(j(remove("/d/e/0")), "subtree");
        assert_eq!(j(add("/d/f", json!(1))), "subtree");
        let text = "a = 1\n[t]\nb = 'x'\nc = [1, 2]\nd = { e = 1 }\n";
        let t = |op| path_for(Format::Toml, text, &op);
        assert_eq!(t(set("/a", json!(2))), "scalar");
        assert_eq!(t(set("/t/b", json!("y"))), "scalar");
        assert_eq!(t(set("/t/c/1", json!(true))), "scalar");
        assert_eq!(t(set("/t/d/e", json!("1979-05-27"))), "scalar");
        assert_eq!(t(add("/t/k", json!(1))), "full");
    }
}
