//! Designer operations on one document's value: what the canvas and the assistant call to
//! add, rename, delete, wire, duplicate, copy and paste components. Each operation returns the [`EditOp`]s that
//! make it — pointer-addressed, so `trellis-core` turns each into the smallest text splice —
//! to be applied together as one undoable step (`Document::apply_all`), or a
//! [`DesignError`] saying why it is refused, with no edits at all.
//!
//! Every plan is checked before it is returned: the edits are applied to a copy of the
//! value with the JSON-model meaning of each operation, the component model is read again,
//! and the result must be what the operation promised (the component renamed and every
//! reference following it, the references gone, the new reference resolving). A plan that
//! does not check out is an error, never a half-done change.
//!
//! Pointers in and out are the document's own: for one document of a multi-document
//! stream ([`Design::in_stream`]) they start with its index.

use crate::components::{Component, Model, Reference};
use crate::palette::{Palette, PaletteKind, PaletteVariant};
use crate::schema::Schema;
use crate::shapes::{
    allowed_types, child_of, ref_spec, template, words, Candidates, Gap, Generator, Shapes,
};
use jsonschema::error::ValidationErrorKind;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet, VecDeque};
use trellis_core::{EditOp, Pointer};

/// Rounds of "validate the new entry, fill what is reported" before giving up.
const FILL_ROUNDS: usize = 16;
/// Alternatives tried at one place of a new entry (enum values, examples, branches).
const FILL_ATTEMPTS: usize = 6;

/// Why a designer operation is refused. Nothing was changed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DesignError {
    #[error("{pointer}: the pointer is not in this document (its pointers start with {prefix})")]
    OutsideDocument { pointer: Pointer, prefix: Pointer },
    #[error("{pointer}: there is no component here")]
    NotAComponent { pointer: Pointer },
    #[error("no component kind `{kind}` in this schema; its kinds are: {available}")]
    UnknownKind { kind: String, available: String },
    #[error("{kind} has no variant `{variant}`; its variants are: {available}")]
    UnknownVariant {
        kind: String,
        variant: String,
        available: String,
    },
    #[error("{pointer}: the name `{name}` is taken")]
    NameTaken { pointer: Pointer, name: String },
    #[error("{pointer}: `{name}` is not a valid name here: {reason}")]
    InvalidName {
        pointer: Pointer,
        name: String,
        reason: String,
    },
    #[error("{pointer}: not a field that refers to components")]
    NotAReference { pointer: Pointer },
    #[error("{field}: {kind} `{name}` cannot be connected here: the field refers to {expected}")]
    IncompatibleKind {
        field: Pointer,
        kind: String,
        name: String,
        expected: String,
    },
    #[error("{field}: already refers to `{name}`")]
    AlreadyConnected { field: Pointer, name: String },
    #[error("{field}: referring to `{name}` would form a cycle ({cycle}), which this field does not allow")]
    Cycle {
        field: Pointer,
        name: String,
        cycle: String,
    },
    #[error("{pointer}: {count} reference(s) name this component: {list}", count = referrers.len(), list = list_referrers(referrers))]
    Referenced {
        pointer: Pointer,
        referrers: Vec<Referrer>,
    },
    #[error("{pointer}: {reason}")]
    Unsupported { pointer: Pointer, reason: String },
    #[error("{pointer}: the planned edits do not check out: {message}")]
    Inconsistent { pointer: Pointer, message: String },
    #[error("no component is selected")]
    NothingSelected,
    #[error("the clipboard holds no components")]
    EmptyClipboard,
    #[error("the clipboard holds components of {from}, and this document is {here}: paste them into a document of the same kind")]
    OtherSchema { from: String, here: String },
    #[error("the clipboard's {kind} `{name}` has no place here: this document's schema has no kind `{kind}` (its kinds are: {available})")]
    NotInSchema {
        kind: String,
        name: String,
        available: String,
    },
}

fn list_referrers(referrers: &[Referrer]) -> String {
    let mut shown: Vec<String> = referrers
        .iter()
        .take(8)
        .map(|r| r.pointer.to_string())
        .collect();
    if referrers.len() > 8 {
        shown.push(format!("and {} more", referrers.len() - 8));
    }
    shown.join(", ")
}

pub(crate) fn pointer_string<S: Serializer>(p: &Pointer, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.to_string())
}

/// A component, named.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ComponentRef {
    pub kind: String,
    pub name: String,
    #[serde(serialize_with = "pointer_string")]
    pub pointer: Pointer,
}

/// One place that names a component.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Referrer {
    /// The component the reference is written in (`None`: outside any component, such as
    /// a collector's `service.extensions`).
    pub from: Option<ComponentRef>,
    /// The annotated field (`/agents/writer/tools`).
    #[serde(serialize_with = "pointer_string")]
    pub field: Pointer,
    /// Where the name is written (`/agents/writer/tools/1`).
    #[serde(serialize_with = "pointer_string")]
    pub pointer: Pointer,
    /// The name is a map key (Compose's `depends_on: {db: ...}`).
    pub is_key: bool,
}

/// A place a new component could not fill so that it validates.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Missing {
    #[serde(serialize_with = "pointer_string")]
    pub pointer: Pointer,
    pub message: String,
    /// The kinds a reference there needs, when it is one.
    pub kinds: Vec<String>,
}

/// A new component, ready to add.
#[derive(Clone, Debug, PartialEq)]
pub struct NewComponent {
    pub kind: String,
    pub variant: Option<String>,
    pub name: String,
    /// Where it will be.
    pub pointer: Pointer,
    pub value: Value,
    /// The edits that add it (one step).
    pub edits: Vec<EditOp>,
    /// What is still needed for it to validate; empty when it does.
    pub missing: Vec<Missing>,
}

impl NewComponent {
    /// Whether the new entry validates as it is.
    pub fn validates(&self) -> bool {
        self.missing.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Renamed {
    pub edits: Vec<EditOp>,
    /// The component's pointer after the rename.
    pub pointer: Pointer,
    /// The references rewritten, at their pointers before the rename.
    pub updated: Vec<Pointer>,
    /// Things worth saying (a dangling reference that now resolves, a key pattern that
    /// selects another schema).
    pub notes: Vec<String>,
}

/// What to do with references to a component being deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeleteMode {
    /// Refuse ([`DesignError::Referenced`], with the referrers) when others refer to it.
    IfUnreferenced,
    /// Delete it and leave the references (they dangle; validation reports them).
    KeepReferences,
    /// Delete it and remove every reference to it.
    RemoveReferences,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Deleted {
    pub edits: Vec<EditOp>,
    /// Who referred to it (outside the component itself).
    pub referrers: Vec<Referrer>,
    /// What the edits remove besides the component: list items, map entries and fields
    /// of references (a list or map left empty goes with its last item unless it is
    /// required), environment overlay entries for the component, and its collection when
    /// it was the last entry and the collection is not required.
    pub removed: Vec<Pointer>,
    /// Required fields the removal leaves missing or empty (validation will say so).
    pub left_missing: Vec<Pointer>,
}

/// A component a reference field may name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Target {
    pub kind: String,
    pub name: String,
    #[serde(serialize_with = "pointer_string")]
    pub pointer: Pointer,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RefusedTarget {
    pub target: Target,
    pub reason: String,
}

/// The components a reference field may name now: what the canvas highlights while a
/// wire is dragged from the field's port.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Targets {
    #[serde(serialize_with = "pointer_string")]
    pub field: Pointer,
    pub kinds: Vec<String>,
    /// The field holds several names (a list or a map).
    pub multiple: bool,
    /// Names written there now.
    pub current: Vec<String>,
    /// Components of the right kinds that may be connected.
    pub valid: Vec<Target>,
    /// Components of the right kinds that may not, and why (already named, a cycle).
    pub refused: Vec<RefusedTarget>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Connected {
    pub edits: Vec<EditOp>,
    /// Where the name will be written.
    pub reference: Pointer,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Disconnected {
    pub edits: Vec<EditOp>,
    /// What the edits remove: the list item, map entry or field.
    pub removed: Vec<Pointer>,
    /// Required fields the removal leaves missing.
    pub left_missing: Vec<Pointer>,
}

/// One component on the clipboard: what it is, where it was, and its value as it was
/// (secrets included: a copy is the user's own data, as in any editor).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClipboardComponent {
    pub kind: String,
    /// The map that held it, relative to its document (`/agents`).
    pub collection: String,
    pub name: String,
    pub value: Value,
    /// Where it was in its document (`/agents/writer`, `/1/services/web` in a stream).
    pub source: String,
}

/// Components copied from a document, to paste into it or another document of the same
/// schema (in any format: values are JSON values).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Clipboard {
    /// The schema pack the components come from, when one.
    pub pack: Option<String>,
    /// The schema's `$id`, when it has one.
    pub schema: Option<String>,
    pub components: Vec<ClipboardComponent>,
}

/// A component a paste or a duplicate creates.
#[derive(Clone, Debug, PartialEq)]
pub struct Created {
    pub kind: String,
    /// The name it was copied under.
    pub from_name: String,
    /// Where the original was (its document's pointer, from the clipboard).
    pub source: Option<Pointer>,
    pub name: String,
    /// Where it will be.
    pub pointer: Pointer,
    pub value: Value,
}

/// What a paste does: the edits (one step) and the components they create.
#[derive(Clone, Debug, PartialEq)]
pub struct Pasted {
    pub edits: Vec<EditOp>,
    /// In clipboard order.
    pub created: Vec<Created>,
    /// References inside the new components rewritten to name another new component (a
    /// reference between copied components follows the copies), at their new pointers.
    pub remapped: Vec<Pointer>,
    /// Things worth saying (a reference that names nothing in this document).
    pub notes: Vec<String>,
}

impl Pasted {
    /// The new name of the copy of `kind` `name`, if it was copied.
    pub fn new_name(&self, kind: &str, name: &str) -> Option<&str> {
        self.created
            .iter()
            .find(|c| c.kind == kind && c.from_name == name)
            .map(|c| c.name.as_str())
    }

    /// Old name → new name, per kind: `(kind, old, new)` in clipboard order.
    pub fn names(&self) -> Vec<(String, String, String)> {
        self.created
            .iter()
            .map(|c| (c.kind.clone(), c.from_name.clone(), c.name.clone()))
            .collect()
    }
}

/// A duplicate is a paste of a copy into the same document.
pub type Duplicated = Pasted;

/// What a reference field's annotation and schema say.
pub(crate) struct RefField<'v> {
    pub kinds: Vec<String>,
    pub pattern: Option<String>,
    pub acyclic: bool,
    pub types: Vec<String>,
    pub current: Option<&'v Value>,
}

impl RefField<'_> {
    /// Whether the field holds several names.
    pub(crate) fn multiple(&self) -> bool {
        match self.current {
            Some(Value::Array(_) | Value::Object(_)) => true,
            Some(Value::String(_)) => self.types.iter().any(|t| t == "array"),
            _ => self.types.iter().any(|t| t == "array" || t == "object"),
        }
    }
}

/// See [`Design::field_state`].
struct FieldState {
    named: HashSet<usize>,
    owner: Option<usize>,
    reaching: HashSet<usize>,
}

/// The designer's view of one document: its value, schema, component model and palette.
pub struct Design<'a> {
    schema: &'a Schema,
    value: &'a Value,
    prefix: Pointer,
    model: Model,
    palette: Palette,
    shapes: Shapes<'a>,
    /// The first component of each kind and name (references resolve to it).
    by_name: HashMap<(String, String), usize>,
    /// The pack's environment overlays: partial documents merged over this one.
    overlays: Vec<Overlay>,
}

/// One environment overlay (`environments.<env>.overrides`): where it is and its model,
/// read as a partial document of the same schema (pointers relative to it).
struct Overlay {
    at: Pointer,
    model: Model,
}

/// A reference to a component, with its pointers in the document's value (references in
/// overlays included), who holds it and the pattern its name is written with.
struct Found {
    reference: Reference,
    from: Option<ComponentRef>,
    pattern: Option<String>,
}

fn join_all(at: &Pointer, p: &Pointer) -> Pointer {
    Pointer::from_tokens(at.tokens().iter().chain(p.tokens()).cloned())
}

/// The environment overlays of a document's value under the schema's pack.
fn overlays_of(schema: &Schema, value: &Value) -> Vec<Overlay> {
    let Some(key) = schema.pack.as_ref().and_then(|p| p.overlays.as_deref()) else {
        return Vec::new();
    };
    let Some(Value::Object(envs)) = value.get(key) else {
        return Vec::new();
    };
    envs.iter()
        .filter_map(|(env, v)| {
            let overrides = v.get("overrides").filter(|o| o.is_object())?;
            Some(Overlay {
                at: Pointer::from_tokens([key.to_string(), env.clone(), "overrides".into()]),
                model: Model::read(schema.walk(), overrides),
            })
        })
        .collect()
}

impl<'a> Design<'a> {
    /// The design of a document's value (one document).
    pub fn new(schema: &'a Schema, value: &'a Value) -> Design<'a> {
        Design::with_prefix(schema, value, Pointer::root())
    }

    /// The design of document `index` of a multi-document stream: pointers in and out
    /// start with `/index`.
    pub fn in_stream(schema: &'a Schema, value: &'a Value, index: usize) -> Design<'a> {
        Design::with_prefix(schema, value, Pointer::from_tokens([index.to_string()]))
    }

    fn with_prefix(schema: &'a Schema, value: &'a Value, prefix: Pointer) -> Design<'a> {
        let model = Model::read(schema.walk(), value);
        let mut by_name = HashMap::new();
        for (i, c) in model.components.iter().enumerate() {
            by_name.entry((c.kind.clone(), c.name.clone())).or_insert(i);
        }
        Design {
            schema,
            value,
            prefix,
            model,
            palette: Palette::of(schema),
            shapes: Shapes::new(schema.walk()),
            by_name,
            overlays: overlays_of(schema, value),
        }
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    pub fn palette(&self) -> &Palette {
        &self.palette
    }

    pub fn schema(&self) -> &'a Schema {
        self.schema
    }

    pub(crate) fn value(&self) -> &'a Value {
        self.value
    }

    pub(crate) fn shapes(&self) -> &Shapes<'a> {
        &self.shapes
    }

    /// A document pointer made relative to this document's value.
    pub(crate) fn local(&self, pointer: &Pointer) -> Result<Pointer, DesignError> {
        match pointer.tokens().strip_prefix(self.prefix.tokens()) {
            Some(rest) => Ok(Pointer::from_tokens(rest.iter().cloned())),
            None => Err(DesignError::OutsideDocument {
                pointer: pointer.clone(),
                prefix: self.prefix.clone(),
            }),
        }
    }

    /// A pointer of this document's value as a document pointer.
    pub(crate) fn global(&self, pointer: &Pointer) -> Pointer {
        Pointer::from_tokens(self.prefix.tokens().iter().chain(pointer.tokens()).cloned())
    }

    fn global_op(&self, op: EditOp) -> EditOp {
        match op {
            EditOp::Set { path, value } => EditOp::Set {
                path: self.global(&path),
                value,
            },
            EditOp::Add { path, value } => EditOp::Add {
                path: self.global(&path),
                value,
            },
            EditOp::Remove { path } => EditOp::Remove {
                path: self.global(&path),
            },
            EditOp::Rename { path, new_key } => EditOp::Rename {
                path: self.global(&path),
                new_key,
            },
            EditOp::Move { path, to } => EditOp::Move {
                path: self.global(&path),
                to,
            },
        }
    }

    /// The component at a document pointer.
    pub fn component_at(&self, pointer: &Pointer) -> Option<&Component> {
        let local = self.local(pointer).ok()?;
        self.model.components.iter().find(|c| c.pointer == local)
    }

    fn component_index(&self, local: &Pointer) -> Result<usize, DesignError> {
        self.model
            .components
            .iter()
            .position(|c| c.pointer == *local)
            .ok_or_else(|| DesignError::NotAComponent {
                pointer: self.global(local),
            })
    }

    pub(crate) fn component_ref(&self, i: usize) -> ComponentRef {
        let c = &self.model.components[i];
        ComponentRef {
            kind: c.kind.clone(),
            name: c.name.clone(),
            pointer: self.global(&c.pointer),
        }
    }

    /// The component a reference names (the first of its kinds with the name).
    pub(crate) fn resolve(&self, r: &Reference) -> Option<usize> {
        r.to.iter()
            .filter_map(|k| self.by_name.get(&(k.clone(), r.name.clone())).copied())
            .min()
    }

    /// The innermost component a local pointer is inside (not the component itself).
    pub(crate) fn owner(&self, local: &Pointer) -> Option<usize> {
        self.model
            .components
            .iter()
            .enumerate()
            .filter(|(_, c)| local.starts_with(&c.pointer) && *local != c.pointer)
            .max_by_key(|(_, c)| c.pointer.tokens().len())
            .map(|(i, _)| i)
    }

    fn referrer(&self, f: &Found) -> Referrer {
        Referrer {
            from: f.from.clone(),
            field: self.global(&f.reference.field),
            pointer: self.global(&f.reference.pointer),
            is_key: f.reference.is_key,
        }
    }

    /// The pattern of the reference annotation of a field of `doc`, if it has one.
    fn ref_pattern(&self, doc: &Value, field: &Pointer) -> Option<String> {
        let schemas = self.shapes.walk().at(doc, field.tokens());
        crate::walk::first(&schemas, "x-trellis-ref").and_then(|spec| ref_spec(spec).1)
    }

    /// The references that name the component: those that resolve to it in the document
    /// and those in environment overlays that name its kind and name; with `inside`, also
    /// those written inside the component itself (and inside its overlay entries). A
    /// built-in name (Compose's `default` network) names the built-in, not a definition
    /// of it, so those references are not counted.
    fn refs_naming(&self, ci: usize, inside: bool) -> Vec<Found> {
        let c = &self.model.components[ci];
        let mut out: Vec<Found> = self
            .model
            .references
            .iter()
            .filter(|r| {
                self.resolve(r) == Some(ci)
                    && !r.builtin.contains(&r.name)
                    && (inside || !r.pointer.starts_with(&c.pointer))
            })
            .map(|r| Found {
                reference: r.clone(),
                from: r.from.map(|i| self.component_ref(i)),
                pattern: self.ref_pattern(self.value, &r.field),
            })
            .collect();
        for ov in &self.overlays {
            let Some(doc) = lookup(self.value, ov.at.tokens()) else {
                continue;
            };
            for r in &ov.model.references {
                if r.name != c.name
                    || !r.to.contains(&c.kind)
                    || r.builtin.contains(&r.name)
                    || (!inside && r.pointer.starts_with(&c.pointer))
                {
                    continue;
                }
                let mut reference = r.clone();
                reference.pointer = join_all(&ov.at, &r.pointer);
                reference.field = join_all(&ov.at, &r.field);
                reference.from = None;
                out.push(Found {
                    from: r.from.map(|i| {
                        let oc = &ov.model.components[i];
                        ComponentRef {
                            kind: oc.kind.clone(),
                            name: oc.name.clone(),
                            pointer: self.global(&join_all(&ov.at, &oc.pointer)),
                        }
                    }),
                    pattern: self.ref_pattern(doc, &r.field),
                    reference,
                });
            }
        }
        out
    }

    /// The entries of environment overlays that override the component (document pointers
    /// local to the value).
    fn overlay_entries(&self, ci: usize) -> Vec<Pointer> {
        let c = &self.model.components[ci];
        self.overlays
            .iter()
            .flat_map(|ov| {
                ov.model
                    .components
                    .iter()
                    .filter(|oc| oc.kind == c.kind && oc.name == c.name && oc.pointer == c.pointer)
                    .map(|oc| join_all(&ov.at, &oc.pointer))
            })
            .collect()
    }

    /// Who refers to the component at `component` (outside it), in document order, then
    /// the environment overlays'.
    pub fn referrers(&self, component: &Pointer) -> Result<Vec<Referrer>, DesignError> {
        let ci = self.component_index(&self.local(component)?)?;
        Ok(self
            .refs_naming(ci, false)
            .iter()
            .map(|f| self.referrer(f))
            .collect())
    }

    /// Applies local edits to a copy of the value, as the document will.
    fn apply_copy(&self, edits: &[EditOp]) -> Result<Value, DesignError> {
        let mut copy = self.value.clone();
        for op in edits {
            trellis_core::model::apply(&mut copy, op).map_err(|message| {
                let path = match op {
                    EditOp::Set { path, .. }
                    | EditOp::Add { path, .. }
                    | EditOp::Remove { path }
                    | EditOp::Rename { path, .. }
                    | EditOp::Move { path, .. } => path,
                };
                DesignError::Inconsistent {
                    pointer: self.global(path),
                    message,
                }
            })?;
        }
        Ok(copy)
    }

    // ---------------------------------------------------------------- new components

    /// A new component of `kind` (and `variant`, from the palette): a unique name (the
    /// one asked for, else the variant's or the kind's, numbered `-2`, `-3`, … or with the
    /// key's separator, `otlp/2`, when taken) and a value with every required field filled
    /// from defaults, `const`, the first `enum` value, examples or the smallest typed value
    /// (required references name the first component of their kind). The entry is
    /// validated with the schema and what is reported is filled in turn; what cannot be
    /// filled (a required reference with nothing to name) is listed in
    /// [`NewComponent::missing`], and the entry is added all the same.
    pub fn new_component(
        &self,
        kind: &str,
        variant: Option<&str>,
        name: Option<&str>,
    ) -> Result<NewComponent, DesignError> {
        let pk = self
            .palette
            .kind(kind)
            .ok_or_else(|| DesignError::UnknownKind {
                kind: kind.to_string(),
                available: self
                    .palette
                    .kinds
                    .iter()
                    .map(|k| k.kind.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        let variant = match variant {
            None => None,
            Some(v) => Some(pk.variants.iter().find(|x| x.name == v).ok_or_else(|| {
                DesignError::UnknownVariant {
                    kind: kind.to_string(),
                    variant: v.to_string(),
                    available: if pk.variants.is_empty() {
                        "none".into()
                    } else {
                        pk.variants
                            .iter()
                            .map(|x| x.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                }
            })?),
        };
        let coll = pk.collection.clone();
        let holder = lookup(self.value, coll.tokens());
        if let Some(other) = holder.filter(|h| !h.is_object() && !h.is_null()) {
            return Err(DesignError::Unsupported {
                pointer: self.global(&coll),
                reason: format!("holds {}, not a map of components", kind_word(other)),
            });
        }
        let coll_schemas = self.shapes.at(self.value, coll.tokens());
        let name = self.unique_name(pk, variant, name, &coll_schemas, holder)?;
        let entry_direct = self.shapes.walk().property(&coll_schemas, &name);
        let fixed: Vec<(String, Value)> = match (variant, &pk.variant_field) {
            (Some(PaletteVariant { value: Some(v), .. }), Some(field)) => {
                vec![(field.clone(), v.clone())]
            }
            _ => Vec::new(),
        };
        let prefer = variant.map(|v| words(&v.name)).unwrap_or_default();
        let avoid: Vec<String> = pk
            .variants
            .iter()
            .flat_map(|v| words(&v.name))
            .filter(|w| !prefer.contains(w))
            .collect();
        let generator = Generator {
            shapes: &self.shapes,
            candidates: self,
            prefer,
            avoid,
        };
        let mut gaps = Vec::new();
        let mut entry = generator
            .generate(&entry_direct, &fixed, 0, &mut Vec::new(), &mut gaps)
            .unwrap_or_else(|| Value::Object(Map::new()));
        let problems = self.complete(
            &generator,
            &coll,
            &name,
            &entry_direct,
            &fixed,
            &mut entry,
            &mut gaps,
        );
        let pointer = coll.join(name.clone());
        let op = set_creating(self.value, &pointer, entry.clone()).map_err(|(at, reason)| {
            DesignError::Unsupported {
                pointer: self.global(&at),
                reason,
            }
        })?;
        let after = self.apply_copy(std::slice::from_ref(&op))?;
        if lookup(&after, pointer.tokens()) != Some(&entry) {
            return Err(DesignError::Inconsistent {
                pointer: self.global(&pointer),
                message: "the new entry did not land where planned".into(),
            });
        }
        let mut missing: Vec<Missing> = gaps
            .into_iter()
            .map(|g| {
                let at = Pointer::from_tokens(pointer.tokens().iter().chain(&g.path).cloned());
                Missing {
                    message: match g.path.last() {
                        Some(field) => format!("`{field}` {}", g.message),
                        None => g.message,
                    },
                    pointer: self.global(&at),
                    kinds: g.kinds,
                }
            })
            .collect();
        missing.extend(problems);
        Ok(NewComponent {
            kind: pk.kind.clone(),
            variant: variant.map(|v| v.name.clone()),
            name,
            pointer: self.global(&pointer),
            value: entry,
            edits: vec![self.global_op(op)],
            missing,
        })
    }

    /// Whether a name is taken for a new component of `pk`'s kind: an entry of the
    /// collection `holder`, a component of a kind it could be confused with, a name the
    /// collection declares implicitly, or a name `claimed` (kind, name) earlier in the same
    /// plan.
    fn name_taken<'s>(
        &'s self,
        pk: &PaletteKind,
        holder: Option<&'s Value>,
        claimed: &'s [(String, String)],
    ) -> impl Fn(&str) -> bool + 's {
        let confusable = self.palette.confusable(&pk.kind);
        let implicit: Vec<&'s String> = self
            .model
            .collections
            .iter()
            .filter(|c| c.kind == pk.kind)
            .flat_map(|c| &c.implicit)
            .collect();
        move |n: &str| -> bool {
            holder
                .and_then(Value::as_object)
                .is_some_and(|m| m.contains_key(n))
                || self
                    .model
                    .components
                    .iter()
                    .any(|c| c.name == n && confusable.contains(&c.kind))
                || implicit.iter().any(|i| *i == n)
                || claimed
                    .iter()
                    .any(|(k, c)| c == n && confusable.contains(k))
        }
    }

    fn unique_name(
        &self,
        pk: &PaletteKind,
        variant: Option<&PaletteVariant>,
        requested: Option<&str>,
        coll_schemas: &[&'a Value],
        holder: Option<&Value>,
    ) -> Result<String, DesignError> {
        let taken = self.name_taken(pk, holder, &[]);
        let problem = |n: &str| -> Option<String> {
            if let Some(p) = self.shapes.name_problem(coll_schemas, n) {
                return Some(p);
            }
            if let Some(v) = variant {
                if let Some(pattern) = &v.key_pattern {
                    if self.shapes.matches(pattern, n) != Some(true) {
                        return Some(format!(
                            "a {} {} is named by the pattern `{pattern}`",
                            v.name, pk.kind
                        ));
                    }
                }
            }
            None
        };
        let separator = variant.and_then(|v| v.separator);
        let at = |n: &str| self.global(&pk.collection.join(n.to_string()));
        let base = match requested.map(str::trim) {
            Some(r) => match problem(r) {
                None => r.to_string(),
                Some(reason) => {
                    let prefixed = match (variant, separator) {
                        (Some(v), Some(s)) if v.key_pattern.is_some() => {
                            Some(format!("{}{s}{r}", v.name)).filter(|c| problem(c).is_none())
                        }
                        _ => None,
                    };
                    prefixed.ok_or_else(|| DesignError::InvalidName {
                        pointer: at(r),
                        name: r.to_string(),
                        reason,
                    })?
                }
            },
            None => variant.map_or_else(|| pk.kind.clone(), |v| v.name.clone()),
        };
        if let Some(reason) = problem(&base) {
            let mut reason = reason;
            if variant.is_none() && pk.variants.iter().any(|v| v.key_pattern.is_some()) {
                reason.push_str(&format!(
                    "; choose a variant: {}",
                    pk.variants
                        .iter()
                        .map(|v| v.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            return Err(DesignError::InvalidName {
                pointer: at(&base),
                name: base,
                reason,
            });
        }
        if !taken(&base) {
            return Ok(base);
        }
        // The first separator the collection takes, then numbers with it.
        let separators: Vec<String> = match separator {
            Some(s) => vec![s.to_string()],
            None => vec!["-".into(), "_".into(), String::new()],
        };
        if let Some(s) = separators
            .iter()
            .find(|s| problem(&format!("{base}{s}2")).is_none())
        {
            for n in 2..10_000 {
                let candidate = format!("{base}{s}{n}");
                if !taken(&candidate) && problem(&candidate).is_none() {
                    return Ok(candidate);
                }
            }
        }
        Err(DesignError::NameTaken {
            pointer: at(&base),
            name: base,
        })
    }

    /// Validates the new entry (in a copy of the document's path to it) and fills what the
    /// schema reports missing or refuses, until it validates or nothing more can be done.
    /// Returns what is still wrong, besides the `gaps` (references with nothing to name).
    #[allow(clippy::too_many_arguments)]
    fn complete(
        &self,
        generator: &Generator<'_, 'a>,
        coll: &Pointer,
        name: &str,
        entry_direct: &[&'a Value],
        fixed: &[(String, Value)],
        entry: &mut Value,
        gaps: &mut Vec<Gap>,
    ) -> Vec<Missing> {
        let entry_tokens: Vec<String> = coll
            .tokens()
            .iter()
            .cloned()
            .chain([name.to_string()])
            .collect();
        let mut attempts: HashMap<Vec<String>, usize> = HashMap::new();
        let mut left: Vec<(Vec<String>, String)> = Vec::new();
        for _ in 0..FILL_ROUNDS {
            left.clear();
            let skeleton = skeleton(self.value, coll.tokens(), name, entry);
            let errors: Vec<(Vec<String>, Option<String>, String)> = self
                .schema
                .validator()
                .iter_errors(&skeleton)
                .filter_map(|e| {
                    let at = Pointer::parse(e.instance_path().as_str()).ok()?;
                    let rel = at.tokens().strip_prefix(entry_tokens.as_slice())?.to_vec();
                    let required = match e.kind() {
                        ValidationErrorKind::Required { property } => {
                            property.as_str().map(str::to_string)
                        }
                        _ => None,
                    };
                    Some((rel, required, e.to_string()))
                })
                .collect();
            if errors.is_empty() {
                return Vec::new();
            }
            let mut acted = false;
            for (rel, required, message) in errors {
                let holder_tokens: Vec<String> = entry_tokens.iter().chain(&rel).cloned().collect();
                if let Some(property) = required {
                    let mut path = rel.clone();
                    path.push(property.clone());
                    if gaps.iter().any(|g| g.path == path) {
                        continue;
                    }
                    let holder_schemas = self.shapes.at(&skeleton, &holder_tokens);
                    let direct = self.shapes.walk().property(&holder_schemas, &property);
                    let before = gaps.len();
                    match generator.generate(&direct, &[], 0, &mut path.clone(), gaps) {
                        Some(v) => {
                            if let Some(Value::Object(obj)) = lookup_mut(entry, &rel) {
                                obj.insert(property, v);
                                acted = true;
                            }
                        }
                        None if gaps.len() > before => {}
                        None => left.push((rel, message)),
                    }
                    continue;
                }
                let n = attempts.entry(rel.clone()).or_insert(0);
                *n += 1;
                if *n > FILL_ATTEMPTS {
                    left.push((rel, message));
                    continue;
                }
                let attempt = *n;
                let fresh = match rel.split_last() {
                    None => generator.generate(entry_direct, fixed, attempt, &mut Vec::new(), gaps),
                    Some((last, parent)) => {
                        let parent_tokens: Vec<String> =
                            entry_tokens.iter().chain(parent).cloned().collect();
                        let parent_schemas = self.shapes.at(&skeleton, &parent_tokens);
                        let parent_value = lookup(&skeleton, &parent_tokens);
                        let direct = self
                            .shapes
                            .child_direct(&parent_schemas, parent_value, last);
                        generator.generate(&direct, &[], attempt, &mut rel.clone(), gaps)
                    }
                };
                match (fresh, lookup_mut(entry, &rel)) {
                    (Some(v), Some(slot)) if *slot != v => {
                        *slot = v;
                        acted = true;
                    }
                    _ => left.push((rel, message)),
                }
            }
            if !acted {
                break;
            }
        }
        let mut out: Vec<Missing> = Vec::new();
        for (rel, message) in left {
            let at = Pointer::from_tokens(entry_tokens.iter().chain(&rel).cloned());
            let m = Missing {
                pointer: self.global(&at),
                message,
                kinds: Vec::new(),
            };
            if !out.contains(&m) {
                out.push(m);
            }
        }
        out
    }

    // ---------------------------------------------------------------- rename

    /// Renames the component at `component` to `new_name` and rewrites every reference
    /// that resolves to it (map-key references are renamed, names inside longer values such
    /// as `service:db` keep the rest), as one batch. Refused when the name is taken (in
    /// the collection, or by a component a reference could confuse it with) or is not
    /// valid for the collection (`propertyNames`, key patterns, a reference pattern that
    /// could not take it).
    pub fn rename(&self, component: &Pointer, new_name: &str) -> Result<Renamed, DesignError> {
        let local = self.local(component)?;
        let ci = self.component_index(&local)?;
        let c = &self.model.components[ci];
        let coll = &self.model.collections[c.collection];
        let new_pointer = coll.pointer.join(new_name.to_string());
        if new_name == c.name {
            return Ok(Renamed {
                edits: Vec::new(),
                pointer: component.clone(),
                updated: Vec::new(),
                notes: Vec::new(),
            });
        }
        let holder = lookup(self.value, coll.pointer.tokens());
        if holder
            .and_then(Value::as_object)
            .is_some_and(|m| m.contains_key(new_name))
        {
            return Err(DesignError::NameTaken {
                pointer: self.global(&new_pointer),
                name: new_name.to_string(),
            });
        }
        let confusable = self.palette.confusable(&c.kind);
        if let Some(other) = self
            .model
            .components
            .iter()
            .find(|o| o.name == new_name && confusable.contains(&o.kind) && o.kind != c.kind)
        {
            return Err(DesignError::NameTaken {
                pointer: self.global(&other.pointer),
                name: new_name.to_string(),
            });
        }
        let coll_schemas = self.shapes.at(self.value, coll.pointer.tokens());
        if let Some(reason) = self.shapes.name_problem(&coll_schemas, new_name) {
            return Err(DesignError::InvalidName {
                pointer: self.global(&new_pointer),
                name: new_name.to_string(),
                reason,
            });
        }
        let mut edits = Vec::new();
        let mut updated = Vec::new();
        // Where each rewritten reference will be, and its new text.
        let mut expected: Vec<Pointer> = Vec::new();
        for f in self.refs_naming(ci, true) {
            let r = &f.reference;
            let text = if r.is_key {
                r.pointer.tokens().last().cloned()
            } else {
                lookup(self.value, r.pointer.tokens())
                    .and_then(Value::as_str)
                    .map(str::to_string)
            };
            let rewritten = text.and_then(|t| rewrite(&self.shapes, &f, &t, new_name));
            let Some(rewritten) = rewritten else {
                return Err(DesignError::InvalidName {
                    pointer: self.global(&new_pointer),
                    name: new_name.to_string(),
                    reason: format!(
                        "the reference at {} could not be rewritten with it",
                        self.global(&r.pointer)
                    ),
                });
            };
            let mut at = r.pointer.clone();
            if r.is_key {
                edits.push(EditOp::Rename {
                    path: r.pointer.clone(),
                    new_key: rewritten.clone(),
                });
                if let Some((parent, _)) = at.split_last() {
                    at = parent.join(rewritten);
                }
            } else {
                edits.push(EditOp::Set {
                    path: r.pointer.clone(),
                    value: Value::String(rewritten),
                });
            }
            updated.push(self.global(&r.pointer));
            if !self.overlays.iter().any(|ov| r.pointer.starts_with(&ov.at)) {
                expected.push(moved(&at, &c.pointer, new_name));
            }
        }
        for entry in self.overlay_entries(ci) {
            if let Some((holder, _)) = entry.split_last() {
                let taken = lookup(self.value, holder.tokens())
                    .and_then(Value::as_object)
                    .is_some_and(|m| m.contains_key(new_name));
                if taken {
                    return Err(DesignError::NameTaken {
                        pointer: self.global(&holder.join(new_name.to_string())),
                        name: new_name.to_string(),
                    });
                }
            }
            edits.push(EditOp::Rename {
                path: entry,
                new_key: new_name.to_string(),
            });
        }
        edits.push(EditOp::Rename {
            path: c.pointer.clone(),
            new_key: new_name.to_string(),
        });
        let after = self.apply_copy(&edits)?;
        let model = Model::read(self.schema.walk(), &after);
        let Some(new_ci) = model
            .components
            .iter()
            .position(|x| x.pointer == new_pointer && x.kind == c.kind)
        else {
            return Err(DesignError::Inconsistent {
                pointer: self.global(&new_pointer),
                message: "the renamed component is not read back there".into(),
            });
        };
        let after_design = Design {
            schema: self.schema,
            value: &after,
            prefix: self.prefix.clone(),
            by_name: model
                .components
                .iter()
                .enumerate()
                .rev()
                .map(|(i, x)| ((x.kind.clone(), x.name.clone()), i))
                .collect(),
            model,
            palette: Palette::default(),
            shapes: Shapes::new(self.schema.walk()),
            overlays: Vec::new(),
        };
        for at in &expected {
            let ok = after_design
                .model
                .references
                .iter()
                .any(|r| r.pointer == *at && after_design.resolve(r) == Some(new_ci));
            if !ok {
                return Err(DesignError::InvalidName {
                    pointer: self.global(&new_pointer),
                    name: new_name.to_string(),
                    reason: format!(
                        "the reference at {} would no longer name it (its field does not take such a name)",
                        self.global(at)
                    ),
                });
            }
        }
        if let Some(at) = overlay_leftover(self.schema, &after, &c.kind, &c.name) {
            return Err(DesignError::Inconsistent {
                pointer: self.global(&at),
                message: format!("an environment overlay would still name `{}`", c.name),
            });
        }
        let mut notes = Vec::new();
        for r in &self.model.references {
            if r.name == new_name && r.to.contains(&c.kind) && self.resolve(r).is_none() {
                notes.push(format!(
                    "{} named `{new_name}`, which did not exist; it now refers to the renamed {}",
                    self.global(&r.pointer),
                    c.kind
                ));
            }
        }
        let old_pattern = self.shapes.pattern_of(&coll_schemas, &c.name);
        let new_pattern = self.shapes.pattern_of(&coll_schemas, new_name);
        if old_pattern != new_pattern {
            notes.push(format!(
                "the new name is checked against the schema of key pattern {} instead of {}",
                new_pattern.map_or_else(|| "none".into(), |p| format!("`{p}`")),
                old_pattern.map_or_else(|| "none".into(), |p| format!("`{p}`"))
            ));
        }
        Ok(Renamed {
            edits: edits.into_iter().map(|op| self.global_op(op)).collect(),
            pointer: self.global(&new_pointer),
            updated,
            notes,
        })
    }

    // ---------------------------------------------------------------- delete

    /// Deletes the component at `component`; with [`DeleteMode::RemoveReferences`], every
    /// reference to it goes too: list items and map entries are removed (the list or map
    /// itself when it would be left empty and is not required), a scalar field is removed
    /// (the whole list item when the field is a required part of one, like a mount's
    /// `source`).
    pub fn delete(&self, component: &Pointer, mode: DeleteMode) -> Result<Deleted, DesignError> {
        let local = self.local(component)?;
        let ci = self.component_index(&local)?;
        let c = &self.model.components[ci];
        let found = self.refs_naming(ci, false);
        let referrers: Vec<Referrer> = found.iter().map(|f| self.referrer(f)).collect();
        if mode == DeleteMode::IfUnreferenced && !referrers.is_empty() {
            return Err(DesignError::Referenced {
                pointer: component.clone(),
                referrers,
            });
        }
        let (mut targets, mut left_missing) = if mode == DeleteMode::RemoveReferences {
            let refs: Vec<&Reference> = found.iter().map(|f| &f.reference).collect();
            self.removal_targets(&refs)
        } else {
            (Vec::new(), Vec::new())
        };
        // Overlay entries that override it would bring a part of it back. A map the
        // removal empties goes with it (TOML cannot keep a table that has no header of its
        // own), up to the overlay's `overrides`; so does the collection, unless required.
        let entries: Vec<Pointer> = self
            .overlay_entries(ci)
            .into_iter()
            .map(|e| {
                let stop = self
                    .overlays
                    .iter()
                    .find(|ov| e.starts_with(&ov.at))
                    .and_then(|ov| ov.at.split_last().map(|(env, _)| env));
                self.emptied(&e, stop.as_ref(), false)
            })
            .collect();
        let component_removal = self.emptied(&c.pointer, None, true);
        if let Some((coll, _)) = c.pointer.split_last() {
            let last = lookup(self.value, coll.tokens())
                .and_then(Value::as_object)
                .is_some_and(|m| m.len() == 1);
            if last && component_removal == c.pointer {
                // The collection is required: it stays, empty.
                left_missing.push(coll);
            }
        }
        targets.retain(|t| !entries.iter().any(|e| t.starts_with(e)));
        let mut edits: Vec<EditOp> = targets
            .iter()
            .map(|p| EditOp::Remove { path: p.clone() })
            .collect();
        edits.extend(entries.iter().map(|p| EditOp::Remove { path: p.clone() }));
        edits.push(EditOp::Remove {
            path: component_removal.clone(),
        });
        targets.extend(entries);
        if component_removal != c.pointer {
            targets.push(component_removal);
        }
        let after = self.apply_copy(&edits)?;
        let model = Model::read(self.schema.walk(), &after);
        if model.components.iter().any(|x| x.pointer == c.pointer) {
            return Err(DesignError::Inconsistent {
                pointer: component.clone(),
                message: "the component is still read there".into(),
            });
        }
        if mode == DeleteMode::RemoveReferences {
            let still = model.references.iter().find(|r| {
                r.name == c.name
                    && r.to.contains(&c.kind)
                    && !r.builtin.contains(&r.name)
                    && !r.pointer.starts_with(&c.pointer)
                    && !model
                        .components
                        .iter()
                        .any(|x| x.name == r.name && r.to.contains(&x.kind))
            });
            if let Some(r) = still {
                return Err(DesignError::Inconsistent {
                    pointer: self.global(&r.pointer),
                    message: format!("a reference to `{}` would remain", c.name),
                });
            }
            if let Some(at) = overlay_leftover(self.schema, &after, &c.kind, &c.name) {
                return Err(DesignError::Inconsistent {
                    pointer: self.global(&at),
                    message: format!("an environment overlay would still name `{}`", c.name),
                });
            }
        }
        Ok(Deleted {
            edits: edits.into_iter().map(|op| self.global_op(op)).collect(),
            referrers,
            removed: targets.iter().map(|p| self.global(p)).collect(),
            left_missing: left_missing.iter().map(|p| self.global(p)).collect(),
        })
    }

    /// What to remove to remove the map entry at `entry`: the entry, or, when it is the
    /// only entry of its map, the map (climbing while that empties the next map too, but
    /// never to `stop` or above, never to the root, and with `once` one level at most);
    /// a map that is required stays.
    fn emptied(&self, entry: &Pointer, stop: Option<&Pointer>, once: bool) -> Pointer {
        let mut at = entry.clone();
        while let Some((holder, _)) = at.split_last() {
            let only = lookup(self.value, holder.tokens())
                .and_then(Value::as_object)
                .is_some_and(|m| m.len() == 1);
            let Some((grand, key)) = holder.split_last() else {
                break;
            };
            let stopped = stop.is_some_and(|s| {
                holder.starts_with(s) && holder.tokens().len() <= s.tokens().len()
            });
            if !only || stopped || self.required_in(&grand, key) {
                break;
            }
            at = holder;
            if once {
                break;
            }
        }
        at
    }

    /// Whether `key` is required in the object at `holder`.
    fn required_in(&self, holder: &Pointer, key: &str) -> bool {
        let schemas = self.shapes.at(self.value, holder.tokens());
        Shapes::required(&schemas).iter().any(|k| k == key)
    }

    /// What to remove so that the references go: pointers in an order that keeps each
    /// valid while the earlier ones are removed, and the required fields left missing.
    fn removal_targets(&self, refs: &[&Reference]) -> (Vec<Pointer>, Vec<Pointer>) {
        let mut targets: Vec<Pointer> = Vec::new();
        let mut left_missing = Vec::new();
        let mut fields: Vec<Pointer> = Vec::new();
        for r in refs {
            if r.pointer != r.field {
                targets.push(r.pointer.clone());
                if !fields.contains(&r.field) {
                    fields.push(r.field.clone());
                }
                continue;
            }
            let Some((holder, key)) = r.field.split_last() else {
                continue;
            };
            let required = self.required_in(&holder, key);
            let holder_is_item = holder.split_last().is_some_and(|(list, _)| {
                matches!(lookup(self.value, list.tokens()), Some(Value::Array(_)))
            });
            if required && holder_is_item {
                if let Some((list, _)) = holder.split_last() {
                    if !fields.contains(&list) {
                        fields.push(list);
                    }
                }
                targets.push(holder);
            } else {
                if required {
                    left_missing.push(r.field.clone());
                }
                targets.push(r.field.clone());
            }
        }
        // A reference list or map losing every item goes as a whole, unless required.
        for field in fields {
            let count = match lookup(self.value, field.tokens()) {
                Some(Value::Array(a)) => a.len(),
                Some(Value::Object(m)) => m.len(),
                _ => continue,
            };
            let children: HashSet<&str> = targets
                .iter()
                .filter_map(|t| match t.split_last() {
                    Some((parent, last)) if parent == field => Some(last),
                    _ => None,
                })
                .collect();
            if count == 0 || children.len() < count {
                continue;
            }
            let Some((holder, key)) = field.split_last() else {
                continue;
            };
            if self.required_in(&holder, key) {
                left_missing.push(field);
                continue;
            }
            targets.retain(|t| !t.starts_with(&field));
            targets.push(field);
        }
        targets.sort_by(|a, b| pointer_order(b, a));
        targets.dedup();
        let all = targets.clone();
        targets.retain(|t| !all.iter().any(|a| a != t && t.starts_with(a)));
        (targets, left_missing)
    }

    // ---------------------------------------------------------------- connect

    /// What the reference field at a local pointer says (the field need not exist yet).
    pub(crate) fn ref_field(&self, local: &Pointer) -> Result<RefField<'a>, DesignError> {
        let schemas = self.shapes.walk().at(self.value, local.tokens());
        let spec = crate::walk::first(&schemas, "x-trellis-ref").ok_or_else(|| {
            DesignError::NotAReference {
                pointer: self.global(local),
            }
        })?;
        let (kinds, pattern) = ref_spec(spec);
        if kinds.is_empty() {
            return Err(DesignError::NotAReference {
                pointer: self.global(local),
            });
        }
        Ok(RefField {
            kinds,
            pattern,
            acyclic: spec.get("acyclic") == Some(&Value::Bool(true)),
            types: allowed_types(&schemas),
            current: lookup(self.value, local.tokens()),
        })
    }

    /// The names written in a reference field now.
    fn current_names(&self, local: &Pointer) -> Vec<&Reference> {
        self.model
            .references
            .iter()
            .filter(|r| r.field == *local)
            .collect()
    }

    /// A path `from → … → to` through references of acyclic fields, if there is one.
    fn path_between(&self, from: usize, to: usize) -> Option<Vec<usize>> {
        let mut next: HashMap<usize, Vec<usize>> = HashMap::new();
        for r in &self.model.references {
            if let (true, Some(a), Some(b)) = (r.acyclic, r.from, self.resolve(r)) {
                next.entry(a).or_default().push(b);
            }
        }
        let mut parent: HashMap<usize, usize> = HashMap::new();
        let mut queue = VecDeque::from([from]);
        let mut seen = HashSet::from([from]);
        while let Some(n) = queue.pop_front() {
            if n == to {
                let mut path = vec![to];
                let mut at = to;
                while let Some(&p) = parent.get(&at) {
                    path.push(p);
                    at = p;
                }
                path.reverse();
                return Some(path);
            }
            for &m in next.get(&n).into_iter().flatten() {
                if seen.insert(m) {
                    parent.insert(m, n);
                    queue.push_back(m);
                }
            }
        }
        None
    }

    /// What the refusals of one field depend on, worked out once for all targets: the
    /// components it names now, its owner, and (for a field that must not form cycles)
    /// the components from which the owner can be reached through such fields.
    fn field_state(&self, local: &Pointer, field: &RefField<'_>) -> FieldState {
        let named: HashSet<usize> = self
            .current_names(local)
            .iter()
            .filter_map(|r| self.resolve(r))
            .collect();
        let owner = self.owner(local);
        let mut reaching = HashSet::new();
        if let (true, Some(owner)) = (field.acyclic, owner) {
            let mut back: HashMap<usize, Vec<usize>> = HashMap::new();
            for r in &self.model.references {
                if let (true, Some(a), Some(b)) = (r.acyclic, r.from, self.resolve(r)) {
                    back.entry(b).or_default().push(a);
                }
            }
            let mut queue = VecDeque::from([owner]);
            reaching.insert(owner);
            while let Some(n) = queue.pop_front() {
                for &m in back.get(&n).into_iter().flatten() {
                    if reaching.insert(m) {
                        queue.push_back(m);
                    }
                }
            }
        }
        FieldState {
            named,
            owner,
            reaching,
        }
    }

    /// Why the component `target` may not be connected to the field now, if it may not.
    fn refusal(&self, state: &FieldState, field: &RefField<'_>, target: usize) -> Option<String> {
        let t = &self.model.components[target];
        if state.named.contains(&target) {
            return Some(format!("already refers to `{}`", t.name));
        }
        if field
            .pattern
            .as_ref()
            .is_some_and(|p| template(&self.shapes, p, &t.name).is_none())
        {
            return Some(format!(
                "the field names a {} inside a longer value; write it in the form",
                t.kind
            ));
        }
        if let (true, Some(owner)) = (field.acyclic, state.owner) {
            if owner == target {
                return Some(format!("`{}` would refer to itself", t.name));
            }
            if state.reaching.contains(&target) {
                let path = self.path_between(target, owner).unwrap_or_default();
                let names: Vec<&str> = std::iter::once(owner)
                    .chain(path)
                    .map(|i| self.model.components[i].name.as_str())
                    .collect();
                return Some(format!("it would form a cycle: {}", names.join(" → ")));
            }
        }
        None
    }

    /// The components the reference field at `field` may name now.
    pub fn targets(&self, field: &Pointer) -> Result<Targets, DesignError> {
        let local = self.local(field)?;
        let rf = self.ref_field(&local)?;
        let state = self.field_state(&local, &rf);
        let mut valid = Vec::new();
        let mut refused = Vec::new();
        for (i, c) in self.model.components.iter().enumerate() {
            if !rf.kinds.contains(&c.kind) {
                continue;
            }
            let target = Target {
                kind: c.kind.clone(),
                name: c.name.clone(),
                pointer: self.global(&c.pointer),
            };
            match self.refusal(&state, &rf, i) {
                None => valid.push(target),
                Some(reason) => refused.push(RefusedTarget { target, reason }),
            }
        }
        Ok(Targets {
            field: field.clone(),
            kinds: rf.kinds.clone(),
            multiple: rf.multiple(),
            current: self
                .current_names(&local)
                .iter()
                .map(|r| r.name.clone())
                .collect(),
            valid,
            refused,
        })
    }

    /// Makes the reference field at `field` name the component at `target`: a scalar
    /// field is set (replacing what it named), a list gets the name appended, a map gets
    /// an entry; a field that may be a string or a list and holds a string becomes a list
    /// of both. Refused when the target's kind is not one the field refers to, when the
    /// field names it already, or when the field must not form cycles and this would.
    pub fn connect(&self, field: &Pointer, target: &Pointer) -> Result<Connected, DesignError> {
        let local = self.local(field)?;
        let rf = self.ref_field(&local)?;
        let ti = self.component_index(&self.local(target)?)?;
        let t = &self.model.components[ti];
        if !rf.kinds.contains(&t.kind) {
            return Err(DesignError::IncompatibleKind {
                field: field.clone(),
                kind: t.kind.clone(),
                name: t.name.clone(),
                expected: rf.kinds.join(" or "),
            });
        }
        let state = self.field_state(&local, &rf);
        if let Some(reason) = self.refusal(&state, &rf, ti) {
            return Err(if reason.starts_with("already") {
                DesignError::AlreadyConnected {
                    field: field.clone(),
                    name: t.name.clone(),
                }
            } else if rf.acyclic && (reason.contains("cycle") || reason.contains("itself")) {
                DesignError::Cycle {
                    field: field.clone(),
                    name: t.name.clone(),
                    cycle: reason,
                }
            } else {
                DesignError::Unsupported {
                    pointer: field.clone(),
                    reason,
                }
            });
        }
        let text = match &rf.pattern {
            Some(p) => {
                template(&self.shapes, p, &t.name).ok_or_else(|| DesignError::Unsupported {
                    pointer: field.clone(),
                    reason: "the name cannot be written into this field's pattern".into(),
                })?
            }
            None => t.name.clone(),
        };
        let allows = |ty: &str| rf.types.iter().any(|x| x == ty);
        let (op, reference) = match rf.current {
            Some(Value::Array(items)) => (
                EditOp::Add {
                    path: local.join("-"),
                    value: Value::String(text),
                },
                local.join(items.len().to_string()),
            ),
            Some(Value::Object(_)) => {
                let schemas = self.shapes.at(self.value, local.tokens());
                let direct = self.shapes.walk().property(&schemas, &text);
                let generator = Generator {
                    shapes: &self.shapes,
                    candidates: self,
                    prefer: Vec::new(),
                    avoid: Vec::new(),
                };
                let entry = generator
                    .generate(&direct, &[], 0, &mut Vec::new(), &mut Vec::new())
                    .unwrap_or(Value::Null);
                (
                    EditOp::Add {
                        path: local.join(text.clone()),
                        value: entry,
                    },
                    local.join(text),
                )
            }
            Some(Value::String(existing)) if allows("array") => (
                EditOp::Set {
                    path: local.clone(),
                    value: Value::Array(vec![Value::String(existing.clone()), Value::String(text)]),
                },
                local.join("1"),
            ),
            Some(Value::String(_)) => (
                EditOp::Set {
                    path: local.clone(),
                    value: Value::String(text),
                },
                local.clone(),
            ),
            Some(Value::Null) | None => {
                let (value, reference) = if allows("array") {
                    (Value::Array(vec![Value::String(text)]), local.join("0"))
                } else if allows("object") && !allows("string") {
                    let mut m = Map::new();
                    m.insert(text.clone(), Value::Null);
                    (Value::Object(m), local.join(text))
                } else {
                    (Value::String(text), local.clone())
                };
                let op = set_creating(self.value, &local, value).map_err(|(at, reason)| {
                    DesignError::Unsupported {
                        pointer: self.global(&at),
                        reason,
                    }
                })?;
                (op, reference)
            }
            Some(other) => {
                return Err(DesignError::Unsupported {
                    pointer: field.clone(),
                    reason: format!("holds {}, not a reference", kind_word(other)),
                })
            }
        };
        let after = self.apply_copy(std::slice::from_ref(&op))?;
        let model = Model::read(self.schema.walk(), &after);
        let resolves = model.references.iter().any(|r| {
            r.pointer == reference
                && r.name == t.name
                && r.to.contains(&t.kind)
                && model
                    .components
                    .iter()
                    .position(|x| r.to.contains(&x.kind) && x.name == r.name)
                    .is_some_and(|i| model.components[i].pointer == t.pointer)
        });
        if !resolves {
            return Err(DesignError::Inconsistent {
                pointer: self.global(&reference),
                message: format!("the new reference would not resolve to `{}`", t.name),
            });
        }
        Ok(Connected {
            edits: vec![self.global_op(op)],
            reference: self.global(&reference),
        })
    }

    /// Removes exactly the reference written at `reference` (a pointer from
    /// [`Referrer::pointer`] or a graph edge's field): its list item, map entry or field
    /// (a list or map left empty goes too unless it is required).
    pub fn disconnect(&self, reference: &Pointer) -> Result<Disconnected, DesignError> {
        let local = self.local(reference)?;
        let r = self
            .model
            .references
            .iter()
            .find(|r| r.pointer == local)
            .ok_or_else(|| DesignError::NotAReference {
                pointer: reference.clone(),
            })?;
        let (targets, left_missing) = self.removal_targets(&[r]);
        let edits: Vec<EditOp> = targets
            .iter()
            .map(|p| EditOp::Remove { path: p.clone() })
            .collect();
        let after = self.apply_copy(&edits)?;
        let model = Model::read(self.schema.walk(), &after);
        let count = |m: &Model| {
            m.references
                .iter()
                .filter(|x| x.field == r.field && x.name == r.name)
                .count()
        };
        if count(&model) + 1 != count(&self.model) {
            return Err(DesignError::Inconsistent {
                pointer: reference.clone(),
                message: "the reference would not be removed exactly".into(),
            });
        }
        Ok(Disconnected {
            edits: edits.into_iter().map(|op| self.global_op(op)).collect(),
            removed: targets.iter().map(|p| self.global(p)).collect(),
            left_missing: left_missing.iter().map(|p| self.global(p)).collect(),
        })
    }
}

// ---------------------------------------------------------------- copy, paste, duplicate

impl Design<'_> {
    /// The pack of this document's schema, when one.
    fn pack_id(&self) -> Option<String> {
        self.schema.pack.as_ref().map(|p| p.id.clone())
    }

    /// Copies the components at the given pointers (each once, in the order given) with
    /// their values as they are.
    pub fn copy(&self, components: &[Pointer]) -> Result<Clipboard, DesignError> {
        if components.is_empty() {
            return Err(DesignError::NothingSelected);
        }
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for pointer in components {
            let ci = self.component_index(&self.local(pointer)?)?;
            if !seen.insert(ci) {
                continue;
            }
            let c = &self.model.components[ci];
            out.push(ClipboardComponent {
                kind: c.kind.clone(),
                collection: self.model.collections[c.collection].pointer.to_string(),
                name: c.name.clone(),
                value: lookup(self.value, c.pointer.tokens())
                    .cloned()
                    .unwrap_or(Value::Null),
                source: self.global(&c.pointer).to_string(),
            });
        }
        Ok(Clipboard {
            pack: self.pack_id(),
            schema: self
                .schema
                .json()
                .get("$id")
                .and_then(Value::as_str)
                .map(str::to_string),
            components: out,
        })
    }

    /// Copies of the components at the given pointers, beside them in their collections:
    /// each gets a fresh name (`writer` → `writer-2`, `otlp` → `otlp/2`, `writer-2` →
    /// `writer-3`), references between the duplicated components name the copies, and
    /// references to other components stay as they are.
    pub fn duplicate(&self, components: &[Pointer]) -> Result<Duplicated, DesignError> {
        let clipboard = self.copy(components)?;
        self.paste(&clipboard)
    }

    /// Adds the clipboard's components to this document: each in its kind's collection
    /// (created when missing), under its own name when that is free here, else a fresh
    /// one as [`Design::duplicate`] makes; references between the pasted components are
    /// rewritten to follow their new names. Refused when the clipboard comes from another
    /// pack or holds a kind this schema does not have.
    pub fn paste(&self, clipboard: &Clipboard) -> Result<Pasted, DesignError> {
        if clipboard.components.is_empty() {
            return Err(DesignError::EmptyClipboard);
        }
        if let (Some(from), Some(here)) = (&clipboard.pack, self.pack_id()) {
            if *from != here {
                let title = |id: &str| {
                    crate::Packs::builtin()
                        .get(id)
                        .map_or_else(|| id.to_string(), |p| p.title.clone())
                };
                return Err(DesignError::OtherSchema {
                    from: title(from),
                    here: title(&here),
                });
            }
        }
        // Where each goes and under which name.
        let mut claimed: Vec<(String, String)> = Vec::new();
        let mut places: Vec<Pointer> = Vec::new();
        for item in &clipboard.components {
            let pk = self
                .palette
                .kind(&item.kind)
                .ok_or_else(|| DesignError::NotInSchema {
                    kind: item.kind.clone(),
                    name: item.name.clone(),
                    available: self
                        .palette
                        .kinds
                        .iter()
                        .map(|k| k.kind.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
            // Beside the original when this document has its collection; else the
            // palette's place for the kind.
            let coll = Pointer::parse(&item.collection)
                .ok()
                .filter(|p| {
                    self.model
                        .collections
                        .iter()
                        .any(|c| c.kind == item.kind && c.pointer == *p)
                })
                .unwrap_or_else(|| pk.collection.clone());
            if let Some(other) =
                lookup(self.value, coll.tokens()).filter(|h| !h.is_object() && !h.is_null())
            {
                return Err(DesignError::Unsupported {
                    pointer: self.global(&coll),
                    reason: format!("holds {}, not a map of components", kind_word(other)),
                });
            }
            let name = self.copy_name(pk, &coll, &item.name, &claimed)?;
            claimed.push((item.kind.clone(), name.clone()));
            places.push(coll.join(name));
        }
        // The copies as they are, to read their references.
        let mut verbatim = self.value.clone();
        for (item, at) in clipboard.components.iter().zip(&places) {
            self.place(&mut verbatim, at, item.value.clone())?;
        }
        let model = Model::read(self.schema.walk(), &verbatim);
        let mut values: Vec<Value> = clipboard
            .components
            .iter()
            .map(|c| c.value.clone())
            .collect();
        // (item, path inside it after the rewrite, the copy it names)
        let mut remapped: Vec<(usize, Vec<String>, usize)> = Vec::new();
        // Deepest and last first, so a renamed key does not move what is still to do.
        for r in model.references.iter().rev() {
            let Some(j) = places.iter().position(|at| r.pointer.starts_with(at)) else {
                continue;
            };
            if r.builtin.contains(&r.name) {
                continue;
            }
            let Some(k) = clipboard
                .components
                .iter()
                .position(|c| c.name == r.name && r.to.contains(&c.kind))
            else {
                continue;
            };
            let new_name = &claimed[k].1;
            let rel: Vec<String> = r.pointer.tokens()[places[j].tokens().len()..].to_vec();
            if *new_name == r.name {
                remapped.push((j, rel, k));
                continue;
            }
            let found = Found {
                reference: r.clone(),
                from: None,
                pattern: self.ref_pattern(&verbatim, &r.field),
            };
            let cannot = |why: &str| DesignError::Unsupported {
                pointer: self.global(&r.pointer),
                reason: format!(
                    "the reference to `{}` cannot be made to name its copy `{new_name}`: {why}",
                    r.name
                ),
            };
            if r.is_key {
                let Some((key, parent)) = rel.split_last() else {
                    return Err(cannot("it is the component itself"));
                };
                let rewritten = rewrite(&self.shapes, &found, key, new_name)
                    .ok_or_else(|| cannot("its field does not take the name"))?;
                match lookup_mut(&mut values[j], parent) {
                    Some(Value::Object(map)) if !map.contains_key(&rewritten) => {
                        rename_key(map, key, &rewritten);
                    }
                    Some(Value::Object(_)) => {
                        return Err(cannot(&format!("`{rewritten}` is there already")))
                    }
                    _ => return Err(cannot("it is not in a map")),
                }
                let mut at = parent.to_vec();
                at.push(rewritten);
                remapped.push((j, at, k));
            } else {
                let slot = lookup_mut(&mut values[j], &rel)
                    .ok_or_else(|| cannot("it is not in the copied value"))?;
                let text = slot
                    .as_str()
                    .ok_or_else(|| cannot("it is not a string"))?
                    .to_string();
                let rewritten = rewrite(&self.shapes, &found, &text, new_name)
                    .ok_or_else(|| cannot("its field does not take the name"))?;
                *slot = Value::String(rewritten);
                remapped.push((j, rel, k));
            }
        }
        // The edits, each planned on the value the ones before it make.
        let mut working = self.value.clone();
        let mut edits = Vec::new();
        for (value, at) in values.iter().zip(&places) {
            edits.push(self.place(&mut working, at, value.clone())?);
        }
        // Check: applied as the document will, every copy is read back where planned
        // with its value, and each rewritten reference resolves to its copy.
        let after = self.apply_copy(&edits)?;
        let model = Model::read(self.schema.walk(), &after);
        let mut by_name: HashMap<(&str, &str), usize> = HashMap::new();
        for (i, c) in model.components.iter().enumerate() {
            by_name
                .entry((c.kind.as_str(), c.name.as_str()))
                .or_insert(i);
        }
        let resolve = |r: &Reference| {
            r.to.iter()
                .filter_map(|k| by_name.get(&(k.as_str(), r.name.as_str())).copied())
                .min()
        };
        let mut created = Vec::new();
        for ((item, at), value) in clipboard.components.iter().zip(&places).zip(&values) {
            let read_back = model
                .components
                .iter()
                .any(|c| c.pointer == *at && c.kind == item.kind);
            if !read_back || lookup(&after, at.tokens()) != Some(value) {
                return Err(DesignError::Inconsistent {
                    pointer: self.global(at),
                    message: format!("the copy of `{}` is not read back there", item.name),
                });
            }
            created.push(Created {
                kind: item.kind.clone(),
                from_name: item.name.clone(),
                source: Pointer::parse(&item.source).ok(),
                name: at.tokens().last().cloned().unwrap_or_default(),
                pointer: self.global(at),
                value: value.clone(),
            });
        }
        if model.components.len() != self.model.components.len() + places.len() {
            return Err(DesignError::Inconsistent {
                pointer: self.prefix.clone(),
                message: "the paste would change other components".into(),
            });
        }
        let mut remapped_pointers = Vec::new();
        for (j, rel, k) in &remapped {
            let at = Pointer::from_tokens(places[*j].tokens().iter().chain(rel).cloned());
            let ok = model.references.iter().any(|r| {
                r.pointer == at
                    && resolve(r).is_some_and(|i| model.components[i].pointer == places[*k])
            });
            if !ok {
                return Err(DesignError::Inconsistent {
                    pointer: self.global(&at),
                    message: format!("the reference would not name the copy `{}`", claimed[*k].1),
                });
            }
            remapped_pointers.push(self.global(&at));
        }
        remapped_pointers.sort_by(pointer_order);
        let mut notes = Vec::new();
        for r in &model.references {
            if !places.iter().any(|at| r.pointer.starts_with(at))
                || r.builtin.contains(&r.name)
                || resolve(r).is_some()
                || model
                    .collections
                    .iter()
                    .any(|c| r.to.contains(&c.kind) && c.implicit.contains(&r.name))
            {
                continue;
            }
            notes.push(format!(
                "{} names `{}`, which is not a {} in this document",
                self.global(&r.pointer),
                r.name,
                r.to.join(" or ")
            ));
        }
        Ok(Pasted {
            edits: edits.into_iter().map(|op| self.global_op(op)).collect(),
            created,
            remapped: remapped_pointers,
            notes,
        })
    }

    /// The edit that writes a new entry at the local pointer `at` of `working` (its
    /// collection created when missing), applied to `working`.
    fn place(
        &self,
        working: &mut Value,
        at: &Pointer,
        value: Value,
    ) -> Result<EditOp, DesignError> {
        let op = set_creating(working, at, value).map_err(|(where_, reason)| {
            DesignError::Unsupported {
                pointer: self.global(&where_),
                reason,
            }
        })?;
        trellis_core::model::apply(working, &op).map_err(|message| DesignError::Inconsistent {
            pointer: self.global(at),
            message,
        })?;
        Ok(op)
    }

    /// A name for a copy of `original` in the collection at `coll`: the original when it
    /// is free here, else numbered as [`Design::new_component`] numbers (a copy number it
    /// already has is counted on: `writer-2` → `writer-3`). A name told by a key pattern
    /// keeps matching it, so the copy keeps its variant.
    fn copy_name(
        &self,
        pk: &PaletteKind,
        coll: &Pointer,
        original: &str,
        claimed: &[(String, String)],
    ) -> Result<String, DesignError> {
        let holder = lookup(self.value, coll.tokens());
        let coll_schemas = self.shapes.at(self.value, coll.tokens());
        let taken = self.name_taken(pk, holder, claimed);
        let variant = pk.variants.iter().find(|v| {
            v.key_pattern
                .as_ref()
                .is_some_and(|p| self.shapes.matches(p, original) == Some(true))
        });
        let problem = |n: &str| -> Option<String> {
            if let Some(p) = self.shapes.name_problem(&coll_schemas, n) {
                return Some(p);
            }
            match variant.and_then(|v| v.key_pattern.as_ref()) {
                Some(pattern) if self.shapes.matches(pattern, n) != Some(true) => {
                    Some(format!("it would not be named by the pattern `{pattern}`"))
                }
                _ => None,
            }
        };
        if !taken(original) && problem(original).is_none() {
            return Ok(original.to_string());
        }
        // `writer-2` counts on from `writer` when that is a component of the kind too.
        let exists = |n: &str| {
            self.model
                .components
                .iter()
                .any(|c| c.kind == pk.kind && c.name == n)
                || claimed.iter().any(|(k, c)| *k == pk.kind && c == n)
        };
        let base = original
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .strip_suffix(['-', '_', '/'])
            .filter(|b| original.len() > b.len() + 1 && !b.is_empty() && exists(b))
            .unwrap_or(original);
        let mut separators: Vec<String> = Vec::new();
        if let Some(s) = variant.and_then(|v| v.separator) {
            separators.push(s.to_string());
        }
        for s in ["-", "_", ""] {
            if !separators.iter().any(|x| x == s) {
                separators.push(s.to_string());
            }
        }
        if let Some(s) = separators
            .iter()
            .find(|s| problem(&format!("{base}{s}2")).is_none())
        {
            for n in 2..10_000 {
                let candidate = format!("{base}{s}{n}");
                if !taken(&candidate) && problem(&candidate).is_none() {
                    return Ok(candidate);
                }
            }
        }
        let at = self.global(&coll.join(original.to_string()));
        match problem(original) {
            Some(reason) if !taken(original) => Err(DesignError::InvalidName {
                pointer: at,
                name: original.to_string(),
                reason,
            }),
            _ => Err(DesignError::NameTaken {
                pointer: at,
                name: original.to_string(),
            }),
        }
    }
}

/// Renames a key of a map where it is, keeping the order of the others.
fn rename_key(map: &mut Map<String, Value>, old: &str, new: &str) {
    let entries = std::mem::take(map);
    for (k, v) in entries {
        if k == old {
            map.insert(new.to_string(), v);
        } else {
            map.insert(k, v);
        }
    }
}

impl Candidates for Design<'_> {
    fn candidate(&self, kinds: &[String], skip: usize) -> Option<String> {
        self.model
            .components
            .iter()
            .filter(|c| kinds.contains(&c.kind))
            .nth(skip)
            .map(|c| c.name.clone())
    }
}

/// The text of a reference with its name replaced by `new_name` (for a name written
/// inside a longer value, only the captured part).
fn rewrite(shapes: &Shapes<'_>, f: &Found, text: &str, new_name: &str) -> Option<String> {
    let r = &f.reference;
    if text == r.name {
        return Some(new_name.to_string());
    }
    let range = shapes.capture(f.pattern.as_deref()?, text)?;
    if text[range.clone()] != r.name {
        return None;
    }
    Some(format!(
        "{}{new_name}{}",
        &text[..range.start],
        &text[range.end..]
    ))
}

/// Where an environment overlay of `value` still has a component or a reference of
/// `kind` named `name`, if anywhere.
fn overlay_leftover(schema: &Schema, value: &Value, kind: &str, name: &str) -> Option<Pointer> {
    for ov in overlays_of(schema, value) {
        if let Some(c) = ov
            .model
            .components
            .iter()
            .find(|c| c.kind == kind && c.name == name)
        {
            return Some(join_all(&ov.at, &c.pointer));
        }
        if let Some(r) = ov
            .model
            .references
            .iter()
            .find(|r| r.name == name && r.to.iter().any(|k| k == kind))
        {
            return Some(join_all(&ov.at, &r.pointer));
        }
    }
    None
}

/// A pointer with the component's key (at `component`) replaced by `new_name`, when it is
/// inside the component.
fn moved(p: &Pointer, component: &Pointer, new_name: &str) -> Pointer {
    if !p.starts_with(component) {
        return p.clone();
    }
    let n = component.tokens().len();
    let mut tokens = p.tokens().to_vec();
    tokens[n - 1] = new_name.to_string();
    Pointer::from_tokens(tokens)
}

/// Pointers by token, list indices by number.
fn pointer_order(a: &Pointer, b: &Pointer) -> Ordering {
    for (x, y) in a.tokens().iter().zip(b.tokens()) {
        let o = match (x.parse::<usize>(), y.parse::<usize>()) {
            (Ok(i), Ok(j)) => i.cmp(&j),
            _ => x.cmp(y),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    a.tokens().len().cmp(&b.tokens().len())
}

pub(crate) fn lookup<'v, S: AsRef<str>>(value: &'v Value, tokens: &[S]) -> Option<&'v Value> {
    tokens
        .iter()
        .try_fold(value, |v, t| child_of(v, t.as_ref()))
}

fn lookup_mut<'v>(value: &'v mut Value, tokens: &[String]) -> Option<&'v mut Value> {
    tokens.iter().try_fold(value, |v, t| match v {
        Value::Object(m) => m.get_mut(t),
        Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
        _ => None,
    })
}

pub(crate) fn kind_word(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

/// The edit that writes `new` at `target`, creating the maps on the way that do not exist
/// yet (a `null` on the way, as YAML's `key:` is, becomes the map). Errors name the place
/// that is neither.
fn set_creating(doc: &Value, target: &Pointer, new: Value) -> Result<EditOp, (Pointer, String)> {
    let tokens = target.tokens();
    if lookup(doc, tokens).is_some() {
        return Ok(EditOp::Set {
            path: target.clone(),
            value: new,
        });
    }
    // The deepest ancestor that exists.
    let mut depth = tokens.len();
    while depth > 0 && lookup(doc, &tokens[..depth]).is_none() {
        depth -= 1;
    }
    let existing = lookup(doc, &tokens[..depth]).unwrap_or(doc);
    let mut nested = new;
    for t in tokens[depth + 1..].iter().rev() {
        let mut m = Map::new();
        m.insert(t.clone(), nested);
        nested = Value::Object(m);
    }
    let at = Pointer::from_tokens(tokens[..depth].iter().cloned());
    match existing {
        Value::Object(_) => Ok(EditOp::Add {
            path: Pointer::from_tokens(tokens[..=depth].iter().cloned()),
            value: nested,
        }),
        Value::Null => {
            let mut m = Map::new();
            m.insert(tokens[depth].clone(), nested);
            Ok(EditOp::Set {
                path: at,
                value: Value::Object(m),
            })
        }
        other => Err((at, format!("holds {}, not a map", kind_word(other)))),
    }
}

/// The document reduced to the path to a new entry: each map on the way keeps its scalar
/// entries (what conditions usually look at), the collection holds only the new entry.
/// What the schema says of the entry does not depend on its sibling components, and
/// validating this is much cheaper than validating a large document.
fn skeleton(doc: &Value, coll: &[String], name: &str, entry: &Value) -> Value {
    fn build(node: Option<&Value>, rest: &[String], name: &str, entry: &Value) -> Value {
        let mut m = Map::new();
        match rest.split_first() {
            None => {
                m.insert(name.to_string(), entry.clone());
            }
            Some((head, tail)) => {
                if let Some(Value::Object(obj)) = node {
                    for (k, v) in obj {
                        if k != head && !v.is_object() && !v.is_array() {
                            m.insert(k.clone(), v.clone());
                        }
                    }
                }
                let child = node.and_then(|n| n.get(head.as_str()));
                m.insert(head.clone(), build(child, tail, name, entry));
            }
        }
        Value::Object(m)
    }
    build(Some(doc), coll, name, entry)
}
