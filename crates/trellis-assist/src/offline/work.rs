//! A change being planned: designer edits applied one after another to a copy of the
//! document, then turned into an RFC 6902 patch, checked (the patch reproduces the planned
//! value, the result has no error the document does not have) and written up.

use super::scene::{apply_all, diagnostics, error_keys, lookup, Scene};
use super::text::{code, count};
use super::{Reply, ReplyKind};
use serde_json::{json, Value};
use trellis_core::{EditOp, Pointer};
use trellis_diff::{apply_patch, PatchOp};
use trellis_schema::{Design, Severity};

pub(crate) struct Work<'s> {
    pub scene: &'s Scene,
    /// The document as planned so far.
    pub value: Value,
    pub edits: Vec<EditOp>,
    /// What was done, one line each (Markdown).
    pub done: Vec<String>,
    /// Things worth saying about it.
    pub notes: Vec<String>,
}

impl<'s> Work<'s> {
    pub(crate) fn new(scene: &'s Scene) -> Work<'s> {
        Work {
            scene,
            value: scene.value.clone(),
            edits: Vec::new(),
            done: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The designer's view of the document as planned so far.
    pub(crate) fn design(&self) -> Design<'_> {
        Design::new(&self.scene.schema, &self.value)
    }

    /// Applies edits to the planned document and keeps them.
    pub(crate) fn apply(&mut self, edits: Vec<EditOp>) -> Result<(), String> {
        let mut copy = self.value.clone();
        apply_all(&mut copy, &edits)?;
        self.value = copy;
        self.edits.extend(edits);
        Ok(())
    }

    /// A scene of the document as planned so far.
    pub(crate) fn scene_now(&self) -> Scene {
        Scene::new(
            self.scene.schema.clone(),
            &self.scene.pack,
            self.value.clone(),
        )
    }

    /// The proposal: the patch, checked, with the reply text. A plan that does not apply
    /// exactly or adds errors becomes a plain refusal without a patch.
    pub(crate) fn finish(mut self, headline: &str) -> Reply {
        if self.edits.is_empty() {
            let mut text = self.notes.join("\n");
            if text.is_empty() {
                text = match what(headline) {
                    Some(w) => format!("There is nothing to do for {w}."),
                    None => headline.to_string(),
                };
            }
            text.push_str("\n\nNothing needs to change.");
            return Reply::answer(ReplyKind::Answer, text);
        }
        self.start_document();
        let edits = squash(&self.scene.value, &self.edits, &self.value);
        self.finish_checked(headline, edits)
    }

    /// A document started from nothing gets the top-level values the schema requires
    /// and fixes (`version: 1`), as a new document of the pack would have them; first,
    /// so the document reads in the usual order.
    fn start_document(&mut self) {
        if !self.scene.is_empty() || !self.value.is_object() {
            return;
        }
        let fields = self.scene.fields_at(&self.value, &Pointer::root());
        let mut edits: Vec<EditOp> = fields
            .iter()
            .filter(|f| f.required && self.value.get(&f.key).is_none())
            .filter_map(|f| match &f.input {
                trellis_schema::Input::Const { value } => Some(EditOp::Set {
                    path: Pointer::root().join(f.key.clone()),
                    value: value.clone(),
                }),
                _ => None,
            })
            .collect();
        if edits.is_empty() {
            return;
        }
        edits.extend(self.edits.iter().cloned());
        let mut check = self.scene.value.clone();
        if apply_all(&mut check, &edits).is_ok() {
            self.edits = edits;
            self.value = check;
        }
    }

    fn finish_checked(self, headline: &str, edits: Vec<EditOp>) -> Reply {
        let patch = match to_patch(&self.scene.value, &edits) {
            Ok(p) => p,
            Err(e) => return could_not(headline, &format!("the planned edits do not apply ({e})")),
        };
        let ops: Vec<PatchOp> = patch
            .iter()
            .filter_map(|p| serde_json::from_value(p.clone()).ok())
            .collect();
        match apply_patch(&self.scene.value, &ops) {
            Ok(v) if v == self.value && ops.len() == patch.len() => {}
            _ => {
                return could_not(
                    headline,
                    "the patch does not reproduce the planned change exactly",
                )
            }
        }
        let schema = &self.scene.schema;
        let before = diagnostics(schema, &self.scene.value).unwrap_or_default();
        let Some(after) = diagnostics(schema, &self.value) else {
            return could_not(headline, "the result could not be validated");
        };
        let mut old = error_keys(&before);
        let mut added = Vec::new();
        for key in error_keys(&after) {
            if let Some(i) = old.iter().position(|o| *o == key) {
                old.swap_remove(i);
            } else {
                added.push(key);
            }
        }
        if !added.is_empty() {
            let mut text = format!(
                "I could not go ahead with {} without adding {}:",
                what(headline).unwrap_or("this change"),
                count(added.len(), "error", "errors")
            );
            for (code_, pointer, message) in added.iter().take(8) {
                let at = if pointer.is_empty() { "/" } else { pointer };
                text.push_str(&format!("\n- {} {message} ({code_})", code(at)));
            }
            text.push_str("\n\nNo change is proposed.");
            return Reply::answer(ReplyKind::Refused, text);
        }
        let errors_before = before
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let errors_after = after
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let mut text = String::from(headline);
        if !self.done.is_empty() {
            text.push_str("\n\n");
            const SHOWN: usize = 25;
            for line in self.done.iter().take(SHOWN) {
                text.push_str(&format!("- {line}\n"));
            }
            if self.done.len() > SHOWN {
                text.push_str(&format!(
                    "- … and {} more changes like these\n",
                    self.done.len() - SHOWN
                ));
            }
            text.pop();
        }
        if !self.notes.is_empty() {
            text.push_str("\n\n");
            text.push_str(&self.notes.join("\n"));
        }
        text.push_str("\n\n");
        if errors_after == 0 {
            text.push_str("The result validates with no errors.");
        } else if errors_after < errors_before {
            text.push_str(&format!(
                "Errors: {errors_before} → {errors_after} (the rest are explained by \"why is this invalid?\")."
            ));
        } else {
            text.push_str(&format!(
                "It adds no error; the document keeps its {} from before.",
                count(errors_after, "error", "errors")
            ));
        }
        Reply {
            text,
            patch,
            edits,
            kind: ReplyKind::Proposal,
            document: None,
        }
    }
}

/// Says plainly that a change could not be made, with no patch.
pub(crate) fn could_not(headline: &str, why: &str) -> Reply {
    let why = why.trim_end_matches('.');
    let text = match what(headline) {
        Some(what) => format!("I could not go ahead with {what}: {why}. No change is proposed."),
        None if headline.is_empty() => {
            format!("I could not make this change: {why}. No change is proposed.")
        }
        None => {
            format!("{headline}\n\nI could not make this change: {why}. No change is proposed.")
        }
    };
    Reply::answer(ReplyKind::Refused, text)
}

/// "I propose adding an agent:" → "adding an agent".
fn what(headline: &str) -> Option<&str> {
    headline
        .strip_prefix("I propose ")
        .map(|w| w.trim_end_matches(':'))
}

fn pointer_text(p: &Pointer) -> String {
    p.to_string()
}

/// The RFC 6902 operations for designer edits, in order: each edit is read against the
/// document as the earlier ones left it (a `Set` of a missing key is an `add`).
pub(crate) fn to_patch(before: &Value, edits: &[EditOp]) -> Result<Vec<Value>, String> {
    let mut value = before.clone();
    let mut out = Vec::new();
    for op in edits {
        let patch = match op {
            EditOp::Set { path, value: v } => {
                if lookup(&value, path).is_some() {
                    json!({"op": "replace", "path": pointer_text(path), "value": v})
                } else {
                    json!({"op": "add", "path": pointer_text(path), "value": v})
                }
            }
            EditOp::Add { path, value: v } => {
                json!({"op": "add", "path": pointer_text(path), "value": v})
            }
            EditOp::Remove { path } => json!({"op": "remove", "path": pointer_text(path)}),
            EditOp::Rename { path, new_key } => {
                let (parent, key) = path.split_last().ok_or("cannot rename the root")?;
                if key == new_key {
                    trellis_core::model::apply(&mut value, op)?;
                    continue;
                }
                json!({
                    "op": "move",
                    "from": pointer_text(path),
                    "path": pointer_text(&parent.join(new_key.clone())),
                })
            }
            EditOp::Move { path, to } => {
                let (parent, _) = path.split_last().ok_or("cannot move the root")?;
                json!({
                    "op": "move",
                    "from": pointer_text(path),
                    "path": pointer_text(&parent.join(to.to_string())),
                })
            }
        };
        trellis_core::model::apply(&mut value, op)?;
        out.push(patch);
    }
    Ok(out)
}

/// Designer edits for a patch (for changes planned as values, such as a template merged
/// into the document): `add`/`replace` as `Set`/`Add`, `remove`, `move` within one map as
/// `Rename` (the key keeps its place), within one list as `Move`.
pub(crate) fn from_patch(before: &Value, patch: &[PatchOp]) -> Option<Vec<EditOp>> {
    let mut value = before.clone();
    let mut out = Vec::new();
    for op in patch {
        let edit = match op {
            PatchOp::Add { path, value: v } => {
                let p = Pointer::parse(path).ok()?;
                let parent_is_list = p
                    .split_last()
                    .and_then(|(parent, _)| lookup(&value, &parent).map(Value::is_array))
                    .unwrap_or(false);
                if parent_is_list {
                    EditOp::Add {
                        path: p,
                        value: v.clone(),
                    }
                } else {
                    EditOp::Set {
                        path: p,
                        value: v.clone(),
                    }
                }
            }
            PatchOp::Replace { path, value: v } => EditOp::Set {
                path: Pointer::parse(path).ok()?,
                value: v.clone(),
            },
            PatchOp::Remove { path } => EditOp::Remove {
                path: Pointer::parse(path).ok()?,
            },
            PatchOp::Move { from, path } => {
                let f = Pointer::parse(from).ok()?;
                let t = Pointer::parse(path).ok()?;
                let (fp, _) = f.split_last()?;
                let (tp, last) = t.split_last()?;
                if fp != tp {
                    return None;
                }
                match lookup(&value, &fp)? {
                    Value::Object(_) => EditOp::Rename {
                        path: f,
                        new_key: last.to_string(),
                    },
                    Value::Array(_) => EditOp::Move {
                        path: f,
                        to: last.parse().ok()?,
                    },
                    _ => return None,
                }
            }
            PatchOp::Copy { .. } | PatchOp::Test { .. } => return None,
        };
        if let EditOp::Set { path, .. } = &edit {
            if path.is_root() {
                return None;
            }
        }
        trellis_core::model::apply(&mut value, &edit).ok()?;
        out.push(edit);
    }
    Some(out)
}

/// Folds edits inside something an earlier edit created into that edit's value (a new
/// agent and then its model, tools and memory become one `add`), when the folded list
/// gives the same document; otherwise the edits as they are.
pub(crate) fn squash(before: &Value, edits: &[EditOp], after: &Value) -> Vec<EditOp> {
    let mut value = before.clone();
    // Which edits create their path (it did not exist before them).
    let mut created = Vec::with_capacity(edits.len());
    for op in edits {
        let creates = match op {
            EditOp::Set { path, .. } | EditOp::Add { path, .. } => {
                lookup(&value, path).is_none()
                    && !path
                        .tokens()
                        .last()
                        .is_some_and(|t| t == "-" || t.parse::<usize>().is_ok())
            }
            _ => false,
        };
        created.push(creates);
        if trellis_core::model::apply(&mut value, op).is_err() {
            return edits.to_vec();
        }
    }
    let mut ops: Vec<Option<EditOp>> = edits.iter().cloned().map(Some).collect();
    for i in 0..ops.len() {
        if !created[i] {
            continue;
        }
        let Some(
            EditOp::Set {
                path: base,
                value: v,
            }
            | EditOp::Add {
                path: base,
                value: v,
            },
        ) = ops[i].clone()
        else {
            continue;
        };
        let mut inner = v;
        let mut changed = false;
        for op in ops.iter_mut().skip(i + 1) {
            let Some(later) = op.as_ref() else { continue };
            let path = match later {
                EditOp::Set { path, .. }
                | EditOp::Add { path, .. }
                | EditOp::Remove { path }
                | EditOp::Rename { path, .. }
                | EditOp::Move { path, .. } => path,
            };
            if base.starts_with(path) {
                // Something changes the created value itself or what holds it: stop here.
                break;
            }
            if !path.starts_with(&base) {
                continue;
            }
            let rel = Pointer::from_tokens(path.tokens()[base.tokens().len()..].iter().cloned());
            let relative = match later {
                EditOp::Set { value, .. } => EditOp::Set {
                    path: rel,
                    value: value.clone(),
                },
                EditOp::Add { value, .. } => EditOp::Add {
                    path: rel,
                    value: value.clone(),
                },
                EditOp::Remove { .. } => EditOp::Remove { path: rel },
                EditOp::Rename { new_key, .. } => EditOp::Rename {
                    path: rel,
                    new_key: new_key.clone(),
                },
                EditOp::Move { to, .. } => EditOp::Move { path: rel, to: *to },
            };
            if trellis_core::model::apply(&mut inner, &relative).is_err() {
                return edits.to_vec();
            }
            *op = None;
            changed = true;
        }
        if changed {
            ops[i] = Some(match &ops[i] {
                Some(EditOp::Add { .. }) => EditOp::Add {
                    path: base,
                    value: inner,
                },
                _ => EditOp::Set {
                    path: base,
                    value: inner,
                },
            });
        }
    }
    let squashed: Vec<EditOp> = ops.into_iter().flatten().collect();
    let mut check = before.clone();
    if apply_all(&mut check, &squashed).is_ok() && check == *after {
        squashed
    } else {
        edits.to_vec()
    }
}
