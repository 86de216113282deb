//! [`Document`]: a text, its format and its parsed tree, kept in step through edits, with
//! undo and redo.
//!
//! Invariant: `tree` is always the parse of `text`. Every change is a text splice that is
//! re-parsed before the state changes (`Document::splice_and_parse`, or the incremental path
//! below); a change that does not parse, or does not produce the value the operation
//! promised, leaves the document exactly as it was.
//!
//! The incremental path (`incremental`): most edits re-parse only what they touch (one
//! scalar, or one collection's own text) under conditions that make the result certain to
//! equal the full parse; everything else re-parses the whole text as above. Debug builds
//! check every incremental step against a full parse ([`Document::check_invariant`]).

use crate::edit::{EditOp, Plan, TextEdit};
use crate::error::{EditError, LoadError, ParseError, SyntaxError};
use crate::pointer::{parse_index, Pointer};
use crate::span::{LineCol, LineIndex, Span};
use crate::tree::{NodeId, NodeKind, Tree};
use crate::value::{stream_to_json, to_json};
use crate::{json, toml, yaml, Format, MAX_DOCUMENT_BYTES};

mod incremental;
use serde_json::Value;

/// One undoable step: the splices it applied, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Change {
    splices: Vec<Splice>,
}

/// A splice recorded with the text it removed, so it can be reversed exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Splice {
    start: usize,
    removed: String,
    inserted: String,
}

/// A spliced and re-parsed text, not yet the document's state.
struct Candidate {
    text: String,
    tree: Tree,
    lines: LineIndex,
    splices: Vec<Splice>,
}

#[derive(Clone, Debug)]
pub struct Document {
    format: Format,
    text: String,
    tree: Tree,
    lines: LineIndex,
    undo: Vec<Change>,
    redo: Vec<Change>,
}

/// What a pointer resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Located {
    pub node: NodeId,
    /// The path went through a YAML alias: the node belongs to the anchor, not to this place.
    pub through_alias: bool,
}

impl Document {
    /// Reads bytes as UTF-8 text and parses them.
    pub fn from_bytes(bytes: &[u8], format: Format) -> Result<Document, LoadError> {
        if bytes.len() > MAX_DOCUMENT_BYTES {
            return Err(LoadError::TooLarge {
                size: bytes.len(),
                limit: MAX_DOCUMENT_BYTES,
            });
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Document::parse(text.to_string(), format),
            Err(e) => {
                let offset = e.valid_up_to();
                // Everything before `offset` is valid UTF-8, so positions up to it are exact.
                let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
                let position = LineIndex::new(valid).line_col(valid, offset);
                Err(LoadError::InvalidUtf8 {
                    offset,
                    position,
                    byte: bytes[offset],
                })
            }
        }
    }

    pub fn parse(text: String, format: Format) -> Result<Document, LoadError> {
        if text.len() > MAX_DOCUMENT_BYTES {
            return Err(LoadError::TooLarge {
                size: text.len(),
                limit: MAX_DOCUMENT_BYTES,
            });
        }
        let lines = LineIndex::new(&text);
        let tree = parse_tree(&text, format).map_err(|e| place(&text, &lines, e))?;
        Ok(Document {
            format,
            text,
            tree,
            lines,
            undo: Vec::new(),
            redo: Vec::new(),
        })
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// The exact text: what saving writes.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        self.lines.line_col(&self.text, offset)
    }

    pub fn span_start(&self, span: Span) -> LineCol {
        self.line_col(span.start())
    }

    /// The whole document in the JSON data model.
    pub fn value(&self) -> Value {
        stream_to_json(&self.tree)
    }

    /// The document's data, when the document itself is no longer needed: cheaper than
    /// [`Document::value`] for a large document (its strings are moved, not copied).
    pub fn into_value(self) -> Value {
        crate::value::stream_into_json(self.tree)
    }

    /// The root node, or `None` for an empty stream. A multi-document stream has no single
    /// root node: pointers start with the document index there.
    fn root(&self) -> Option<NodeId> {
        match self.tree.docs.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// Finds the node at `pointer`.
    pub fn locate(&self, pointer: &Pointer) -> Option<Located> {
        let mut tokens = pointer.tokens().iter();
        let mut current = match self.tree.docs.len() {
            0 => return None,
            1 => self.tree.docs[0],
            _ => {
                let first = tokens.next()?;
                *self.tree.docs.get(parse_index(first)?)?
            }
        };
        let mut through_alias = false;
        for token in tokens {
            let resolved = self.tree.resolve_alias(current);
            through_alias |= resolved != current;
            current = match &self.tree.node(resolved).kind {
                NodeKind::Map(entries) => entries.iter().rev().find(|e| &e.key == token)?.value,
                NodeKind::Seq(items) => *items.get(parse_index(token)?)?,
                _ => return None,
            };
        }
        Some(Located {
            node: current,
            through_alias,
        })
    }

    /// The JSON value at `pointer`.
    pub fn get(&self, pointer: &Pointer) -> Option<Value> {
        if pointer.is_root() && self.root().is_none() {
            return Some(self.value());
        }
        self.locate(pointer).map(|l| to_json(&self.tree, l.node))
    }

    /// Applies one edit as the smallest text change the format allows. Returns the splice.
    pub fn apply(&mut self, op: &EditOp) -> Result<TextEdit, EditError> {
        let plan = self.resolve(op)?;
        self.check_anchors_kept(op, &plan)?;
        let edit = plan_text(self.format, &self.text, &self.tree, &plan)?;
        if self.apply_in_place(op, &plan, &edit) {
            return Ok(edit);
        }
        let expected = self.expected_after(op);
        let candidate = self
            .splice_and_parse(std::slice::from_ref(&edit))
            .map_err(|e| EditError::Verification(format!("the edited text does not parse: {e}")))?;
        if expected.is_some_and(|value| stream_to_json(&candidate.tree) != value) {
            return Err(EditError::Verification(format!(
                "{op:?} re-parsed to a different value"
            )));
        }
        self.record(candidate);
        Ok(edit)
    }

    /// Applies several edits in order as one undoable change (a quick fix, a rename that
    /// updates every reference). Either all of them apply, or the document stays as it was.
    pub fn apply_all(&mut self, ops: &[EditOp]) -> Result<Vec<TextEdit>, EditError> {
        let mut scratch = Document {
            undo: Vec::new(),
            redo: Vec::new(),
            ..self.clone()
        };
        let mut edits = Vec::with_capacity(ops.len());
        for op in ops {
            edits.push(scratch.apply(op)?);
        }
        let splices: Vec<Splice> = scratch.undo.into_iter().flat_map(|c| c.splices).collect();
        if splices.is_empty() {
            return Ok(edits);
        }
        (self.text, self.tree, self.lines) = (scratch.text, scratch.tree, scratch.lines);
        self.undo.push(Change { splices });
        self.redo.clear();
        Ok(edits)
    }

    /// Replaces the whole text (e.g. typed in a source view) as one undoable change. The new
    /// text must parse.
    pub fn replace_text(&mut self, new_text: &str) -> Result<TextEdit, LoadError> {
        let edit = TextEdit::between(&self.text, new_text);
        if let Some(splice) = self.splice_in_place(std::slice::from_ref(&edit)) {
            self.undo.push(Change {
                splices: vec![splice],
            });
            self.redo.clear();
            return Ok(edit);
        }
        let candidate = self.splice_and_parse(std::slice::from_ref(&edit))?;
        self.record(candidate);
        Ok(edit)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Reverts the last change. Returns false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let Some(change) = self.undo.pop() else {
            return false;
        };
        let inverse: Vec<TextEdit> = change
            .splices
            .iter()
            .rev()
            .map(|s| TextEdit::new(s.start..s.start + s.inserted.len(), s.removed.clone()))
            .collect();
        if self.splice_in_place(&inverse).is_some() {
            self.redo.push(change);
            return true;
        }
        match self.splice_and_parse(&inverse) {
            Ok(candidate) => {
                self.install(candidate);
                self.redo.push(change);
                true
            }
            Err(_) => {
                // Cannot happen: the text before a change always parsed. Keep the state.
                self.undo.push(change);
                false
            }
        }
    }

    /// Re-applies the last undone change. Returns false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        let Some(change) = self.redo.pop() else {
            return false;
        };
        let edits: Vec<TextEdit> = change
            .splices
            .iter()
            .map(|s| TextEdit::new(s.start..s.start + s.removed.len(), s.inserted.clone()))
            .collect();
        if self.splice_in_place(&edits).is_some() {
            self.undo.push(change);
            return true;
        }
        match self.splice_and_parse(&edits) {
            Ok(candidate) => {
                self.install(candidate);
                self.undo.push(change);
                true
            }
            Err(_) => {
                self.redo.push(change);
                false
            }
        }
    }

    /// Makes a checked candidate the document's state and records it as one undoable change.
    fn record(&mut self, candidate: Candidate) {
        let splices = self.install(candidate);
        self.undo.push(Change { splices });
        self.redo.clear();
    }

    /// Swaps a candidate's text and tree in; returns the splices that produced it.
    fn install(&mut self, candidate: Candidate) -> Vec<Splice> {
        (self.text, self.tree, self.lines) = (candidate.text, candidate.tree, candidate.lines);
        candidate.splices
    }

    /// The one path by which text changes: splice a copy of the text and re-parse it. Nothing
    /// of the document changes until the candidate is installed.
    fn splice_and_parse(&self, edits: &[TextEdit]) -> Result<Candidate, ParseError> {
        let mut text = self.text.clone();
        let mut splices = Vec::with_capacity(edits.len());
        for e in edits {
            splices.push(Splice {
                start: e.range.start,
                removed: text[e.range.clone()].to_string(),
                inserted: e.insert.clone(),
            });
            e.apply(&mut text);
        }
        let lines = LineIndex::new(&text);
        let tree = parse_tree(&text, self.format).map_err(|e| place(&text, &lines, e))?;
        Ok(Candidate {
            text,
            tree,
            lines,
            splices,
        })
    }

    /// Turns a pointer-addressed operation into a plan on concrete nodes.
    fn resolve<'a>(&self, op: &'a EditOp) -> Result<Plan<'a>, EditError> {
        let no_alias = |p: &Pointer, l: Located| {
            if l.through_alias {
                Err(EditError::Unsupported(format!(
                    "{p} is inside a YAML alias; edit the anchored node it refers to instead"
                )))
            } else {
                Ok(l.node)
            }
        };
        let container = |p: &Pointer| -> Result<NodeId, EditError> {
            let l = self
                .locate(p)
                .ok_or_else(|| EditError::NotFound(p.clone()))?;
            no_alias(p, l)
        };
        match op {
            EditOp::Set { path, value } => {
                if let Some(l) = self.locate(path) {
                    return Ok(Plan::Replace {
                        node: no_alias(path, l)?,
                        value,
                    });
                }
                let (parent, key) = path
                    .split_last()
                    .ok_or_else(|| EditError::NotFound(path.clone()))?;
                let map = container(&parent)?;
                match self.tree.node(map).kind {
                    NodeKind::Map(_) => Ok(Plan::InsertEntry { map, key, value }),
                    _ => Err(EditError::NotFound(path.clone())),
                }
            }
            EditOp::Add { path, value } => {
                let (parent, key) = path
                    .split_last()
                    .ok_or_else(|| EditError::invalid(path, "cannot add the document root"))?;
                let node = container(&parent)?;
                match &self.tree.node(node).kind {
                    NodeKind::Map(entries) => match entries.iter().rposition(|e| e.key == key) {
                        Some(i) => Ok(Plan::Replace {
                            node: entries[i].value,
                            value,
                        }),
                        None => Ok(Plan::InsertEntry {
                            map: node,
                            key,
                            value,
                        }),
                    },
                    NodeKind::Seq(items) => {
                        let index = if key == "-" {
                            items.len()
                        } else {
                            parse_index(key)
                                .filter(|&i| i <= items.len())
                                .ok_or_else(|| {
                                    EditError::invalid(
                                        path,
                                        format!(
                                            "index out of range: the list has {} items",
                                            items.len()
                                        ),
                                    )
                                })?
                        };
                        Ok(Plan::InsertItem {
                            seq: node,
                            index,
                            value,
                        })
                    }
                    _ => Err(EditError::invalid(&parent, "not a map or a list")),
                }
            }
            EditOp::Remove { path } => {
                let (parent, key) = path
                    .split_last()
                    .ok_or_else(|| EditError::invalid(path, "cannot remove the document root"))?;
                let node = container(&parent)?;
                match &self.tree.node(node).kind {
                    NodeKind::Map(entries) => {
                        let index = entries
                            .iter()
                            .rposition(|e| e.key == key)
                            .ok_or_else(|| EditError::NotFound(path.clone()))?;
                        Ok(Plan::RemoveEntry { map: node, index })
                    }
                    NodeKind::Seq(items) => {
                        let index = parse_index(key)
                            .filter(|&i| i < items.len())
                            .ok_or_else(|| EditError::NotFound(path.clone()))?;
                        Ok(Plan::RemoveItem { seq: node, index })
                    }
                    _ => Err(EditError::NotFound(path.clone())),
                }
            }
            EditOp::Rename { path, new_key } => {
                let (parent, key) = path
                    .split_last()
                    .ok_or_else(|| EditError::invalid(path, "the document root has no key"))?;
                let map = container(&parent)?;
                let NodeKind::Map(entries) = &self.tree.node(map).kind else {
                    return Err(EditError::invalid(
                        &parent,
                        "not a map: only map keys can be renamed",
                    ));
                };
                let index = entries
                    .iter()
                    .rposition(|e| e.key == key)
                    .ok_or_else(|| EditError::NotFound(path.clone()))?;
                if key != new_key && entries.iter().any(|e| &e.key == new_key) {
                    return Err(EditError::invalid(
                        &parent,
                        format!("key {new_key:?} already exists"),
                    ));
                }
                Ok(Plan::RenameKey {
                    map,
                    index,
                    new_key,
                })
            }
            EditOp::Move { path, to } => {
                let (parent, key) = path.split_last().ok_or_else(|| {
                    EditError::invalid(path, "the document root is not a list item")
                })?;
                let seq = container(&parent)?;
                let NodeKind::Seq(items) = &self.tree.node(seq).kind else {
                    return Err(EditError::invalid(
                        &parent,
                        "not a list: only list items can be moved",
                    ));
                };
                let from = parse_index(key)
                    .filter(|&i| i < items.len())
                    .ok_or_else(|| EditError::NotFound(path.clone()))?;
                if *to >= items.len() {
                    return Err(EditError::invalid(
                        path,
                        format!(
                            "cannot move to position {to}: the list has {} items",
                            items.len()
                        ),
                    ));
                }
                Ok(Plan::MoveItem { seq, from, to: *to })
            }
        }
    }

    /// Refuses to replace or remove text that defines an anchor still used by an alias
    /// elsewhere: the edited text would not parse ("undefined alias"), so say why up front.
    fn check_anchors_kept(&self, op: &EditOp, plan: &Plan<'_>) -> Result<(), EditError> {
        if !self.tree.has_aliases() {
            return Ok(());
        }
        let (gone, anchor_stays) = match *plan {
            // A replaced node keeps its own anchor; only anchors inside it go.
            Plan::Replace { node, .. } => (node, true),
            Plan::RemoveEntry { map, index } => match &self.tree.node(map).kind {
                NodeKind::Map(entries) => (entries[index].value, false),
                _ => return Ok(()),
            },
            Plan::RemoveItem { seq, index } => match &self.tree.node(seq).kind {
                NodeKind::Seq(items) => (items[index], false),
                _ => return Ok(()),
            },
            _ => return Ok(()),
        };
        for (i, node) in self.tree.nodes.iter().enumerate() {
            let NodeKind::Alias { name, target } = &node.kind else {
                continue;
            };
            let refers_into =
                self.tree.is_within(*target, gone) && !(anchor_stays && *target == gone);
            if refers_into && !self.tree.is_within(NodeId(i as u32), gone) {
                let at = self.line_col(node.span.start());
                return Err(EditError::Invalid {
                    pointer: op_path(op).clone(),
                    message: format!(
                        "this would remove the anchor &{name} that the alias *{name} at line {} uses; change that alias first",
                        at.line
                    ),
                });
            }
        }
        Ok(())
    }

    /// The value the whole document must have after `op`, when it can be computed on the
    /// JSON model alone (not when aliases share nodes).
    fn expected_after(&self, op: &EditOp) -> Option<Value> {
        if self.tree.has_aliases() {
            return None;
        }
        let mut value = self.value();
        crate::model::apply(&mut value, op).ok()?;
        Some(value)
    }
}

fn op_path(op: &EditOp) -> &Pointer {
    match op {
        EditOp::Set { path, .. }
        | EditOp::Add { path, .. }
        | EditOp::Remove { path }
        | EditOp::Rename { path, .. }
        | EditOp::Move { path, .. } => path,
    }
}

fn parse_tree(text: &str, format: Format) -> Result<Tree, SyntaxError> {
    let tree = match format {
        Format::Yaml => yaml::parse(text)?,
        Format::Json => json::parse(text)?,
        Format::Toml => toml::parse(text)?,
    };
    Ok(tree)
}

fn plan_text(
    format: Format,
    text: &str,
    tree: &Tree,
    plan: &Plan<'_>,
) -> Result<TextEdit, EditError> {
    match format {
        Format::Yaml => yaml::plan(text, tree, plan),
        Format::Json => json::plan(text, tree, plan),
        Format::Toml => toml::plan(text, tree, plan),
    }
}

fn place(text: &str, lines: &LineIndex, e: SyntaxError) -> ParseError {
    let offset = e.offset.min(text.len());
    ParseError {
        offset,
        position: lines.line_col(text, offset),
        message: e.message,
    }
}
