//! One undo history per open document for everything the user does to it: edits of the
//! document (text, forms, fixes, templates, designer operations) and moves of nodes on the
//! canvas, undone and redone in the order they were made.
//!
//! A step is a document edit, a layout change (canvas positions before and after, in the
//! layout sidecar), or both at once (a component added where it was dropped, a rename whose
//! position follows the new name). Document edits keep their own undo in the `Document`
//! (minimal splices); this history only records that a step was one and delegates to it.
//!
//! Every edit of a document goes through [`crate::Session`]'s one accessor for a parsed
//! document (`parsed_mut`), which calls [`History::begin`]: the fingerprint of the text at
//! that moment is kept, and the next time the history is looked at (the next edit, undo,
//! redo, move or snapshot) a changed text is recorded as a document step. Each caller makes
//! at most one `Document` step per call, so nothing is missed or counted twice; an edit
//! that left the text as it was (a `Document` may record an empty step) is no step here,
//! and undoing or redoing a document step passes over such empty steps.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use trellis_core::Document;

use crate::design::Position;

/// What identifies a text cheaply: its length and a hash of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Fingerprint(usize, u64);

impl Fingerprint {
    pub(crate) fn of(text: &str) -> Fingerprint {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        text.hash(&mut h);
        Fingerprint(text.len(), h.finish())
    }
}

/// Canvas positions of some components (pointer → top-left corner; `None`: not placed,
/// the automatic layout places it) before and after a change.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct LayoutChange {
    pub before: BTreeMap<String, Option<Position>>,
    pub after: BTreeMap<String, Option<Position>>,
}

impl LayoutChange {
    pub(crate) fn is_empty(&self) -> bool {
        self.before == self.after
    }

    /// This change followed by `later`: the earliest `before` and the latest `after` of each
    /// component.
    fn then(&mut self, later: LayoutChange) {
        for (id, at) in later.before {
            self.before.entry(id).or_insert(at);
        }
        self.after.extend(later.after);
    }
}

/// The text of a document before and after one of its own undo steps.
#[derive(Clone, Copy, Debug)]
struct DocumentStep {
    before: Fingerprint,
    after: Fingerprint,
}

#[derive(Clone, Debug)]
struct Step {
    document: Option<DocumentStep>,
    layout: Option<LayoutChange>,
}

/// A step taken off one side of the history, to undo or redo: what it does to the layout
/// and whether it reverts or re-applies a document step. Hand it back with
/// [`History::finish`] once done, or [`History::abandon`] when it could not be done.
pub(crate) struct Taken {
    step: Step,
    undo: bool,
}

impl Taken {
    /// The positions to write to the sidecar.
    pub(crate) fn positions(&self) -> Option<&BTreeMap<String, Option<Position>>> {
        self.step
            .layout
            .as_ref()
            .map(|l| if self.undo { &l.before } else { &l.after })
    }
}

#[derive(Debug, Default)]
pub(crate) struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// The text's fingerprint when the document was last handed out for an edit.
    pending: Option<Fingerprint>,
}

impl History {
    /// The document is about to be edited: record what happened since it was last handed
    /// out, then remember its text now.
    pub(crate) fn begin(&mut self, text: &str) {
        self.settle(text);
        self.pending = Some(Fingerprint::of(text));
    }

    /// Records a document step when the text changed since [`History::begin`]. Returns
    /// whether it did.
    pub(crate) fn settle(&mut self, text: &str) -> bool {
        let Some(before) = self.pending.take() else {
            return false;
        };
        let after = Fingerprint::of(text);
        if after == before {
            return false;
        }
        self.push(Step {
            document: Some(DocumentStep { before, after }),
            layout: None,
        });
        true
    }

    /// Whether there is something to undo and to redo, with an edit not yet settled
    /// counted (for a snapshot, which must not change the history).
    pub(crate) fn state(&self, text: &str) -> (bool, bool) {
        let unsettled = self.pending.is_some_and(|p| p != Fingerprint::of(text));
        (
            unsettled || !self.undo.is_empty(),
            !unsettled && !self.redo.is_empty(),
        )
    }

    /// Records a layout change as a step of its own.
    pub(crate) fn record_layout(&mut self, change: LayoutChange) {
        if change.is_empty() {
            return;
        }
        self.push(Step {
            document: None,
            layout: Some(change),
        });
    }

    /// Adds a layout change to the step just recorded (a document edit whose components
    /// are placed or follow a new name), or records it alone when there is none.
    pub(crate) fn attach_layout(&mut self, change: LayoutChange) {
        if change.is_empty() {
            return;
        }
        match self.undo.last_mut() {
            Some(step) => match &mut step.layout {
                Some(layout) => layout.then(change),
                None => step.layout = Some(change),
            },
            None => self.record_layout(change),
        }
    }

    fn push(&mut self, step: Step) {
        self.undo.push(step);
        self.redo.clear();
    }

    /// Takes the step to undo, if any.
    pub(crate) fn take_undo(&mut self) -> Option<Taken> {
        self.undo.pop().map(|step| Taken { step, undo: true })
    }

    /// Takes the step to redo, if any.
    pub(crate) fn take_redo(&mut self) -> Option<Taken> {
        self.redo.pop().map(|step| Taken { step, undo: false })
    }

    /// Reverts or re-applies the document part of a taken step. Empty steps the document
    /// recorded on its own are passed over. Returns false when the document had nothing to
    /// undo or redo (the histories no longer agree).
    pub(crate) fn apply_document(taken: &Taken, doc: &mut Document) -> bool {
        let Some(d) = taken.step.document else {
            return true;
        };
        let (from, step): (Fingerprint, fn(&mut Document) -> bool) = if taken.undo {
            (d.after, Document::undo)
        } else {
            (d.before, Document::redo)
        };
        if !step(doc) {
            return false;
        }
        // An empty step on top of the real one: go on until the text changes.
        while Fingerprint::of(doc.text()) == from {
            if !step(doc) {
                break;
            }
        }
        true
    }

    /// Puts a done step on the other side.
    pub(crate) fn finish(&mut self, taken: Taken) {
        if taken.undo {
            self.redo.push(taken.step);
        } else {
            self.undo.push(taken.step);
        }
    }

    /// Puts a step that could not be done back where it was.
    pub(crate) fn abandon(&mut self, taken: Taken) {
        if taken.undo {
            self.undo.push(taken.step);
        } else {
            self.redo.push(taken.step);
        }
    }

    /// Forgets everything (the document was read again from disk).
    pub(crate) fn clear(&mut self) {
        *self = History::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(x: f64) -> Option<Position> {
        Some(Position { x, y: 0.0 })
    }

    fn change(id: &str, before: Option<Position>, after: Option<Position>) -> LayoutChange {
        LayoutChange {
            before: BTreeMap::from([(id.to_string(), before)]),
            after: BTreeMap::from([(id.to_string(), after)]),
        }
    }

    #[test]
    fn document_steps_are_recorded_once_and_only_when_the_text_changed() {
        let mut h = History::default();
        h.begin("a");
        assert_eq!(h.state("a"), (false, false));
        assert_eq!(h.state("b"), (true, false));
        h.begin("b"); // settles a → b
        h.begin("b"); // nothing changed
        assert!(!h.settle("b"));
        assert_eq!(h.undo.len(), 1);
        h.record_layout(change("/x", None, at(1.0)));
        h.record_layout(change("/x", at(1.0), at(1.0))); // no change, no step
        assert_eq!(h.undo.len(), 2);
        let taken = h.take_undo().unwrap();
        assert_eq!(taken.positions().unwrap()["/x"], None);
        h.finish(taken);
        assert_eq!(h.state("b"), (true, true));
        // A new edit clears the redo side.
        h.begin("b");
        assert!(h.settle("c"));
        assert_eq!(h.state("c"), (true, false));
    }

    #[test]
    fn a_layout_change_attached_to_an_edit_is_one_step() {
        let mut h = History::default();
        h.begin("a");
        h.settle("b");
        h.attach_layout(change("/x", None, at(1.0)));
        h.attach_layout(change("/x", at(1.0), at(2.0)));
        assert_eq!(h.undo.len(), 1);
        let taken = h.take_undo().unwrap();
        assert_eq!(taken.positions().unwrap()["/x"], None);
        h.finish(taken);
        let taken = h.take_redo().unwrap();
        assert_eq!(taken.positions().unwrap()["/x"], at(2.0));
    }

    #[test]
    fn undo_passes_over_empty_document_steps() {
        let mut doc = Document::parse("a: 1\n".into(), trellis_core::Format::Yaml).unwrap();
        let mut h = History::default();
        h.begin(doc.text());
        doc.replace_text("a: 2\n").unwrap();
        h.begin(doc.text());
        doc.replace_text("a: 2\n").unwrap(); // the same text: an empty step, maybe
        h.settle(doc.text());
        let taken = h.take_undo().unwrap();
        assert!(History::apply_document(&taken, &mut doc));
        h.finish(taken);
        assert_eq!(doc.text(), "a: 1\n");
        let taken = h.take_redo().unwrap();
        assert!(History::apply_document(&taken, &mut doc));
        h.finish(taken);
        assert_eq!(doc.text(), "a: 2\n");
    }
}
